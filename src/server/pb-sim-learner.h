/* pb-sim-learner.h
 *
 * One simulated learner: who they are, how able they are, and the script
 * they follow over HTTP (account, sign-in, reconciliation, tests, share).
 * Internal to PbSimulator; public for its tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pb-challenge-bank.h"
#include "pb-framework.h"
#include "pb-learner-import.h"

G_BEGIN_DECLS

/* The campaign as its public lookup shows it. */
typedef struct
{
  char     *code;
  gboolean  profiles_collection;  /* nothing to play in it: competence evaluations first */
  char     *external_id_label;    /* NULL when the campaign asks for no external id */
  gboolean  external_id_is_email;
} PbSimCampaign;

/* Where learners play; shared read-only by every worker thread. */
typedef struct
{
  const char          *base_url;          /* without a final "/" */
  const char          *run_id;            /* makes this run's e-mails and usernames new on the server */
  gboolean             reuse_accounts;    /* a login that exists is an earlier run's with this run id */
  PbChallengeBank     *bank;              /* the simulator's own copy of the content */
  const PbSimCampaign *campaign;
  guint                stop_percent;      /* learners who leave midway */
  guint                unshared_percent;  /* learners who finish but do not share */
} PbSimContext;

/* What one learner did; requests are counted even when the learner failed. */
typedef struct
{
  double    mean_ability;         /* the learner's drawn mean ability */
  gboolean  shared;
  gboolean  stopped;              /* left midway, as the context's stop_percent asked */
  gboolean  unshared;             /* finished without sharing, as unshared_percent asked */
  gboolean  has_pix_score;
  double    pix_score;
  guint     n_tests;              /* tests played to their end */
  guint     n_answers;            /* answers in those tests */
  guint     n_unexpected_results; /* answers the server corrected otherwise than meant */
  guint     n_requests;
  guint     n_retries;
  guint     n_errors;

  /* Set when the learner failed: the request that did and its answer */
  char     *error_request;        /* "POST /api/answers" */
  guint     error_status;         /* 0 when no answer came */
  char     *error_code;
  char     *error_detail;
} PbSimLearnerResult;

typedef struct _PbSimLearner PbSimLearner;

double              pb_sim_probability_right           (double                    ability,
                                                        guint                     level);
char               *pb_sim_answer_value                (const PbChallenge        *challenge,
                                                        gboolean                  right);

PbSimLearner       *pb_sim_learner_new                 (PbFramework              *framework,
                                                        guint64                   seed,
                                                        guint                     index,
                                                        const PbLearnerRecord    *pupil);
void                pb_sim_learner_free                (PbSimLearner             *self);
guint               pb_sim_learner_get_index           (PbSimLearner             *self);
const char         *pb_sim_learner_get_first_name      (PbSimLearner             *self);
const char         *pb_sim_learner_get_last_name       (PbSimLearner             *self);
double              pb_sim_learner_get_mean_ability    (PbSimLearner             *self);
double              pb_sim_learner_get_ability         (PbSimLearner             *self,
                                                        const char               *competence_index);
const char * const *pb_sim_learner_get_evaluated_competences (PbSimLearner       *self);
gboolean            pb_sim_learner_answers_right       (PbSimLearner             *self,
                                                        const PbSkill            *skill);
guint               pb_sim_learner_get_stop_point      (PbSimLearner             *self,
                                                        guint                     stop_percent);
gboolean            pb_sim_learner_shares              (PbSimLearner             *self,
                                                        guint                     unshared_percent);
char               *pb_sim_learner_make_login          (PbSimLearner             *self,
                                                        const char               *run_id);
gboolean            pb_sim_learner_play                (PbSimLearner             *self,
                                                        SoupSession              *session,
                                                        const PbSimContext       *context,
                                                        PbSimLearnerResult       *result,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);

gboolean            pb_sim_campaign_lookup             (SoupSession              *session,
                                                        const char               *base_url,
                                                        const char               *code,
                                                        PbSimCampaign            *campaign,
                                                        GCancellable             *cancellable,
                                                        GError                  **error);
void                pb_sim_campaign_clear              (PbSimCampaign            *campaign);
void                pb_sim_learner_result_clear        (PbSimLearnerResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSimLearner, pb_sim_learner_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbSimCampaign, pb_sim_campaign_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbSimLearnerResult, pb_sim_learner_result_clear)

G_END_DECLS
