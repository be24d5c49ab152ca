/* pb-knowledge-element.h — what a learner is known to master, skill by skill
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-framework.h"

G_BEGIN_DECLS

/**
 * PbKeStatus:
 * @PB_KE_STATUS_VALIDATED: the skill is mastered
 * @PB_KE_STATUS_INVALIDATED: the skill is not mastered
 * @PB_KE_STATUS_RESET: what was known of the skill was wiped by a reset of
 *   its competence
 */
typedef enum
{
  PB_KE_STATUS_VALIDATED,
  PB_KE_STATUS_INVALIDATED,
  PB_KE_STATUS_RESET,
} PbKeStatus;

/**
 * PbKeSource:
 * @PB_KE_SOURCE_DIRECT: from an answer to a challenge of the skill itself
 * @PB_KE_SOURCE_INFERRED: deduced from an answer on another skill of the
 *   same tube
 */
typedef enum
{
  PB_KE_SOURCE_DIRECT,
  PB_KE_SOURCE_INFERRED,
} PbKeSource;

/**
 * PbKnowledgeElement:
 * @skill: the skill, owned by the framework
 * @status: what is known of it
 * @source: how it is known
 * @earned_pix: the skill's pix value when validated, else 0
 * @created_at: when it was created, in microseconds since the Unix epoch (UTC)
 *
 * One fact about a learner ("KE"). Knowledge elements are never changed:
 * new ones supersede old ones, so a learner's history is a list of them and
 * their current state the latest per skill. Arrays of them are #GArray of
 * #PbKnowledgeElement (values, not pointers).
 */
typedef struct
{
  const PbSkill *skill;
  PbKeStatus     status;
  PbKeSource     source;
  double         earned_pix;
  gint64         created_at;
} PbKnowledgeElement;

const char               *pb_ke_status_to_string                (PbKeStatus                status);
gboolean                  pb_ke_status_from_string              (const char               *string,
                                                                 PbKeStatus               *status);
const char               *pb_ke_source_to_string                (PbKeSource                source);
gboolean                  pb_ke_source_from_string              (const char               *string,
                                                                 PbKeSource               *source);

GArray                   *pb_knowledge_elements_new             (void);
const PbKnowledgeElement *pb_knowledge_elements_lookup          (const GArray             *knowledge_elements,
                                                                 const PbSkill            *skill);
GArray                   *pb_knowledge_elements_current         (const PbKnowledgeElement *history,
                                                                 guint                     n);
GArray                   *pb_knowledge_elements_for_answer      (const PbSkill            *skill,
                                                                 gboolean                  correct,
                                                                 GHashTable               *targeted,
                                                                 const GArray             *current,
                                                                 gint64                    now);
GArray                   *pb_knowledge_elements_for_improving   (const GArray             *current,
                                                                 gint64                    now,
                                                                 guint                     improve_delay_days);
GArray                   *pb_knowledge_elements_reset           (const GArray             *current,
                                                                 const PbCompetence       *competence,
                                                                 gint64                    now);

G_END_DECLS
