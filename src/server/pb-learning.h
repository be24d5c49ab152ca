/* pb-learning.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-challenge-bank.h"
#include "pb-db.h"
#include "pb-request.h"
#include "pb-scoring.h"

G_BEGIN_DECLS

/* An assessment with what its adaptive test needs. */
typedef struct
{
  char     *id;
  char     *user_id;
  char     *type;                /* CAMPAIGN or COMPETENCE_EVALUATION */
  char     *state;               /* started, completed, aborted */
  char     *participation_id;    /* CAMPAIGN only */
  char     *competence_index;    /* COMPETENCE_EVALUATION only */
  char     *last_challenge_id;   /* asked, not answered yet */
  char     *created_at;
  gboolean  is_improving;
  char     *target_profile_id;   /* of the participation's campaign */
  char     *organization_id;     /* of the participation's campaign */
  gint64    version;
} PbAssessmentInfo;

void        pb_assessment_info_clear             (PbAssessmentInfo       *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbAssessmentInfo, pb_assessment_info_clear)

void        pb_learning_respond_not_found        (PbRequest              *request);
void        pb_learning_add_challenge            (JsonBuilder            *builder,
                                                  const PbChallenge      *challenge);
gboolean    pb_learning_load_assessment          (PbDb                   *db,
                                                  const char             *id,
                                                  PbAssessmentInfo       *info,
                                                  gboolean               *found,
                                                  GError                **error);
GPtrArray  *pb_learning_targeted_skills          (const PbAssessmentInfo *info);
GPtrArray  *pb_learning_profile_skills           (const char             *target_profile_id);
GArray     *pb_learning_load_knowledge           (PbDb                   *db,
                                                  const PbAssessmentInfo *info,
                                                  const PbScoringRules   *rules,
                                                  GError                **error);
gboolean    pb_learning_create_assessment        (PbDb                   *db,
                                                  const char             *user_id,
                                                  const char             *participation_id,
                                                  const char             *competence_index,
                                                  gboolean                is_improving,
                                                  char                  **id,
                                                  GError                **error);
gboolean    pb_learning_finish_assessment        (PbDb                   *db,
                                                  const char             *id,
                                                  GError                **error);
gboolean    pb_learning_update_participation     (PbDb                   *db,
                                                  const char             *organization_id,
                                                  const char             *id,
                                                  const char             *set,
                                                  const char             *condition,
                                                  GError                **error);
GHashTable *pb_learning_load_evaluation_states   (PbDb                   *db,
                                                  const char             *user_id,
                                                  GError                **error);
gboolean    pb_learning_mark_evaluation_reset    (PbDb                   *db,
                                                  const char             *user_id,
                                                  const char             *competence_index,
                                                  GError                **error);

G_END_DECLS
