/* pb-simulator.h
 *
 * Simulated learners who play a campaign over the learner API, as many at
 * once as asked: for demos, tests and load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_SIMULATOR_ERROR (pb_simulator_error_quark ())

typedef enum
{
  PB_SIMULATOR_ERROR_INVALID_OPTIONS,  /* no server, no code, no learners… */
  PB_SIMULATOR_ERROR_ROSTER,           /* the roster cannot be read or has no pupil */
  PB_SIMULATOR_ERROR_CAMPAIGN,         /* no such campaign, or archived */
  PB_SIMULATOR_ERROR_NETWORK,          /* no answer, even after retrying */
  PB_SIMULATOR_ERROR_HTTP,             /* an answer with another status than expected */
  PB_SIMULATOR_ERROR_PROTOCOL,         /* an answer the simulator cannot read */
  PB_SIMULATOR_ERROR_CONTENT,          /* a challenge the simulator's content lacks */
} PbSimulatorError;

#define PB_SIMULATOR_DEFAULT_CONCURRENCY 4

/* Every simulated account has this password (Pix's rule: 8 characters or
 * more, upper and lower case, a digit), so a person can sign in as one. */
#define PB_SIMULATOR_PASSWORD "Simulation2026"

/* What to simulate. The simulator copies what it needs: the caller keeps
 * ownership of everything here. */
typedef struct
{
  const char         *server_url;       /* "http://127.0.0.1:8080", with or without a final "/" */
  const char         *campaign_code;
  guint               n_learners;
  guint64             seed;
  guint               concurrency;      /* worker threads; 0 for PB_SIMULATOR_DEFAULT_CONCURRENCY */
  GBytes             *roster;           /* nullable: ElevesSansAdresse.xml, plain or zipped */
  const char * const *divisions;        /* nullable: only the roster's pupils of these classes */
  guint               stop_percent;     /* learners who leave midway, 0 to 100 */
  guint               unshared_percent; /* learners who finish but do not share, 0 to 100 */
  const char         *run_id;           /* nullable: a-z and 0-9, 1 to 12; see below */
} PbSimulatorOptions;

/* run_id: what makes logins new on the server. NULL draws a new one for
 * each run, so that runs never meet. Runs given the same one play the same
 * accounts: a learner whose login exists signs in to it with
 * PB_SIMULATOR_PASSWORD, which lets a pupil of a roster, reconciled once,
 * play several campaigns. */

/* One learner, for statistics over a run: its drawn mean ability and the
 * pix score its shared participation came back with. */
typedef struct
{
  double   mean_ability;
  gboolean has_pix_score;
  double   pix_score;
} PbSimulatorLearner;

/* What happened. Learners are counted by their index, never by the order
 * in which they finished, so that two runs with the same seed compare. */
typedef struct
{
  guint64  seed;
  guint    n_requested;          /* learners asked for */
  guint    n_roster;             /* pupils usable in the roster; 0 without one */
  guint    n_learners;           /* learners simulated: fewer than asked when the roster is shorter */
  guint    n_completed;          /* learners who shared their participation */
  guint    n_stopped;            /* learners who left midway, as stop_percent asked */
  guint    n_unshared;           /* learners who finished without sharing, as unshared_percent asked */
  guint    n_failed;             /* learners stopped by an error */
  guint    n_scores;             /* shared participations that came back with a pix score */
  double   mean_pix_score;       /* over those */
  guint    n_tests;              /* assessments played: campaign tests and competence evaluations */
  guint    n_answers;
  double   mean_challenges;      /* answers per test */
  guint    n_unexpected_results; /* answers the server corrected otherwise than the simulator meant */
  guint    n_requests;           /* HTTP exchanges that got an answer */
  guint    n_retries;            /* requests sent again after a network failure */
  guint    n_errors;             /* requests that failed for good (one per failed learner) */
  double   elapsed_seconds;

  /* The failure of the failed learner with the lowest index */
  int      first_error_learner;  /* -1 when none failed */
  char    *first_error_request;  /* "POST /api/answers" */
  guint    first_error_status;   /* 0 when no answer came */
  char    *first_error_code;     /* the JSON:API code, or NULL */
  char    *first_error_detail;

  GArray  *learners;             /* PbSimulatorLearner, by learner number */
} PbSimulatorSummary;

#define PB_TYPE_SIMULATOR (pb_simulator_get_type ())

G_DECLARE_FINAL_TYPE (PbSimulator, pb_simulator, PB, SIMULATOR, GObject)

GQuark              pb_simulator_error_quark                     (void);

PbSimulator        *pb_simulator_new                             (const PbSimulatorOptions  *options);
PbSimulatorSummary *pb_simulator_run                             (PbSimulator               *self,
                                                                  GCancellable              *cancellable,
                                                                  GError                   **error);
void                pb_simulator_run_async                       (PbSimulator               *self,
                                                                  GCancellable              *cancellable,
                                                                  GAsyncReadyCallback        callback,
                                                                  gpointer                   user_data);
PbSimulatorSummary *pb_simulator_run_finish                      (PbSimulator               *self,
                                                                  GAsyncResult              *result,
                                                                  GError                   **error);

double              pb_simulator_summary_get_requests_per_second (const PbSimulatorSummary  *summary);
char               *pb_simulator_summary_format                  (const PbSimulatorSummary  *summary);
void                pb_simulator_summary_free                    (PbSimulatorSummary        *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSimulatorSummary, pb_simulator_summary_free)

G_END_DECLS
