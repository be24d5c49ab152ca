/* pb-simulator.c
 *
 * N learners over C worker threads. Each thread has its own SoupSession
 * (a session is not to be shared between threads) and takes the next
 * learner to play until none is left; each learner writes its own result
 * slot, and the thread that started the run counts learners as they finish
 * and emits ::learner-finished. The summary adds the results up in learner
 * order, so that it is the same whichever thread played whom.
 *
 * Nothing here is global and nothing exits: the `simulate` subcommand and
 * the `demo` (which runs its own server on the main loop, hence
 * pb_simulator_run_async()) use the same object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "pb-random.h"
#include "pb-sim-learner.h"
#include "pb-simulator.h"

/* Long enough for a server hashing passwords under load */
#define REQUEST_TIMEOUT_SECONDS 60

#define RUN_ID_LENGTH 6
#define MAX_RUN_ID_LENGTH 12

struct _PbSimulator
{
  GObject  parent_instance;

  char    *server_url;      /* without a final "/" */
  char    *campaign_code;
  guint    n_learners;
  guint64  seed;
  guint    concurrency;
  GBytes  *roster;
  GStrv    divisions;         /* NULL: every class */
  guint    stop_percent;
  guint    unshared_percent;
  char    *run_id;            /* NULL: a new one each run */
};

G_DEFINE_FINAL_TYPE (PbSimulator, pb_simulator, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-simulator-error-quark, pb_simulator_error)

enum
{
  LEARNER_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One run, shared by its worker threads. */
typedef struct
{
  PbSimulator        *self;
  GCancellable       *cancellable;
  GMainContext       *progress_context;  /* async runs: where ::learner-finished is emitted */

  PbFramework        *framework;
  PbChallengeBank    *bank;
  PbLearnerSet       *roster;
  GPtrArray          *pupils;            /* PbLearnerRecord of the roster, one per learner; or NULL */
  guint               n_usable_pupils;
  char               *run_id;
  PbSimCampaign       campaign;
  PbSimContext        context;

  guint               n_learners;
  gint                next_learner;      /* atomic */
  PbSimLearnerResult *results;           /* one per learner, written by the thread playing it */
  GAsyncQueue        *finished;          /* index + 1 of each learner done */
} Run;

typedef struct
{
  PbSimulator *self;
  guint        index;
  gboolean     completed;
  guint        n_finished;
  guint        n_learners;
} Progress;

static Run *
run_new (PbSimulator  *self,
         GCancellable *cancellable,
         GMainContext *progress_context)
{
  Run *run = g_new0 (Run, 1);

  run->self = g_object_ref (self);
  run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  run->progress_context = progress_context != NULL ? g_main_context_ref (progress_context) : NULL;
  run->finished = g_async_queue_new ();
  return run;
}

static void
run_free (Run *run)
{
  for (guint i = 0; run->results != NULL && i < run->n_learners; i++)
    pb_sim_learner_result_clear (&run->results[i]);
  g_free (run->results);
  g_async_queue_unref (run->finished);
  pb_sim_campaign_clear (&run->campaign);
  g_free (run->run_id);
  g_clear_pointer (&run->pupils, g_ptr_array_unref);
  g_clear_pointer (&run->roster, pb_learner_set_free);
  g_clear_object (&run->bank);
  g_clear_object (&run->framework);
  g_clear_pointer (&run->progress_context, g_main_context_unref);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->self);
  g_free (run);
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                        "user-agent", "pix-bureau-simulate/" PACKAGE_VERSION,
                                        NULL);
}

/* Letters only, drawn from the kernel and not from the seed: they make
 * logins new on a server that saw earlier runs, and change nothing else. */
static char *
make_run_id (void)
{
  guint8 bytes[RUN_ID_LENGTH];
  char *run_id = g_new0 (char, RUN_ID_LENGTH + 1);

  pb_random_fill (bytes, sizeof bytes);
  for (guint i = 0; i < RUN_ID_LENGTH; i++)
    run_id[i] = 'a' + bytes[i] % 26;
  return run_id;
}

/* It goes into e-mail addresses and usernames as it is. */
static gboolean
is_valid_run_id (const char *run_id)
{
  gsize length = strlen (run_id);

  if (length == 0 || length > MAX_RUN_ID_LENGTH)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_islower (run_id[i]) && !g_ascii_isdigit (run_id[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_options (PbSimulator  *self,
               GError      **error)
{
  g_autoptr(GUri) uri = NULL;

  if (self->server_url == NULL || self->server_url[0] == '\0')
    {
      g_set_error_literal (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                           "No server URL given.");
      return FALSE;
    }

  uri = g_uri_parse (self->server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                   "“%s” is not an http:// or https:// URL.", self->server_url);
      return FALSE;
    }

  if (self->campaign_code == NULL || self->campaign_code[0] == '\0')
    {
      g_set_error_literal (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                           "No campaign code given.");
      return FALSE;
    }

  if (self->n_learners == 0)
    {
      g_set_error_literal (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                           "At least one learner is needed.");
      return FALSE;
    }

  if (self->stop_percent > 100 || self->unshared_percent > 100)
    {
      g_set_error_literal (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                           "The shares of learners who leave or do not share are percentages, 0 to 100.");
      return FALSE;
    }

  if (self->run_id != NULL && !is_valid_run_id (self->run_id))
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_INVALID_OPTIONS,
                   "The run id “%s” is not 1 to 12 of a-z and 0-9.", self->run_id);
      return FALSE;
    }

  return TRUE;
}

/* A pupil the learner API can reconcile: INE and class (an active pupil),
 * names and birth date (what reconciliation compares); in one of the
 * classes asked for, if any. */
static gboolean
is_usable_pupil (PbSimulator           *self,
                 const PbLearnerRecord *record)
{
  return record->national_student_id != NULL && record->division != NULL &&
         record->first_name != NULL && record->last_name != NULL && record->birthdate != NULL &&
         (self->divisions == NULL || g_strv_contains ((const char * const *) self->divisions, record->division));
}

static gboolean
load_roster (Run     *run,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *learners;

  run->roster = pb_learner_set_parse (PB_LEARNER_FORMAT_SIECLE_XML, run->self->roster, NULL, &local_error);
  if (run->roster == NULL)
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_ROSTER,
                   "The roster cannot be read: %s", local_error->message);
      return FALSE;
    }

  learners = run->roster->learners;
  run->pupils = g_ptr_array_new ();
  for (guint i = 0; i < learners->len; i++)
    {
      PbLearnerRecord *record = g_ptr_array_index (learners, i);

      if (!is_usable_pupil (run->self, record))
        continue;
      run->n_usable_pupils++;
      if (run->pupils->len < run->self->n_learners)
        g_ptr_array_add (run->pupils, record);
    }

  if (run->pupils->len == 0)
    {
      g_set_error_literal (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_ROSTER,
                           run->self->divisions != NULL
                           ? "The roster has no pupil of these classes with an INE, names and a birth date."
                           : "The roster has no pupil with an INE, a class, names and a birth date.");
      return FALSE;
    }

  return TRUE;
}

/* Everything the learners need, checked before the first account is made:
 * a mistyped code fails once, not N times. */
static gboolean
prepare (Run     *run,
         GError **error)
{
  PbSimulator *self = run->self;
  g_autoptr(SoupSession) session = NULL;

  if (!check_options (self, error))
    return FALSE;

  run->framework = pb_framework_new_default (error);
  if (run->framework == NULL)
    return FALSE;
  run->bank = pb_challenge_bank_new_default (run->framework, error);
  if (run->bank == NULL)
    return FALSE;

  run->n_learners = self->n_learners;
  if (self->roster != NULL)
    {
      if (!load_roster (run, error))
        return FALSE;
      run->n_learners = run->pupils->len;
    }

  session = new_session ();
  if (!pb_sim_campaign_lookup (session, self->server_url, self->campaign_code, &run->campaign,
                               run->cancellable, error))
    return FALSE;

  run->run_id = self->run_id != NULL ? g_strdup (self->run_id) : make_run_id ();
  run->context.base_url = self->server_url;
  run->context.run_id = run->run_id;
  run->context.reuse_accounts = self->run_id != NULL;
  run->context.bank = run->bank;
  run->context.campaign = &run->campaign;
  run->context.stop_percent = self->stop_percent;
  run->context.unshared_percent = self->unshared_percent;
  run->results = g_new0 (PbSimLearnerResult, run->n_learners);
  return TRUE;
}

static void
play_learner (Run         *run,
              SoupSession *session,
              guint        index)
{
  const PbLearnerRecord *pupil = run->pupils != NULL ? g_ptr_array_index (run->pupils, index) : NULL;
  g_autoptr(PbSimLearner) learner = NULL;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (run->cancellable))
    return;

  learner = pb_sim_learner_new (run->framework, run->self->seed, index, pupil);
  run->results[index].mean_ability = pb_sim_learner_get_mean_ability (learner);
  if (!pb_sim_learner_play (learner, session, &run->context, &run->results[index], run->cancellable, &error))
    g_debug ("Learner %u: %s", index + 1, error->message);
}

static gpointer
worker_thread (gpointer data)
{
  Run *run = data;
  g_autoptr(SoupSession) session = new_session ();

  for (;;)
    {
      guint index = (guint) g_atomic_int_add (&run->next_learner, 1);

      if (index >= run->n_learners)
        break;

      play_learner (run, session, index);
      g_async_queue_push (run->finished, GUINT_TO_POINTER (index + 1));
    }

  return NULL;
}

static void
emit_progress (Progress *progress)
{
  g_signal_emit (progress->self, signals[LEARNER_FINISHED], 0, progress->index,
                 progress->completed, progress->n_finished, progress->n_learners);
}

static gboolean
emit_progress_cb (gpointer data)
{
  emit_progress (data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress);
}

static void
report_progress (Run   *run,
                 guint  index,
                 guint  n_finished)
{
  Progress progress = {
    run->self, index, run->results[index].shared, n_finished, run->n_learners,
  };
  Progress *copy;

  if (run->progress_context == NULL)
    {
      emit_progress (&progress);
      return;
    }

  copy = g_memdup2 (&progress, sizeof progress);
  g_object_ref (copy->self);
  g_main_context_invoke_full (run->progress_context, G_PRIORITY_DEFAULT, emit_progress_cb, copy, progress_free);
}

static PbSimulatorSummary *
summarize (Run    *run,
           double  elapsed_seconds)
{
  PbSimulatorSummary *summary = g_new0 (PbSimulatorSummary, 1);
  double pix_total = 0.0;

  summary->seed = run->self->seed;
  summary->n_requested = run->self->n_learners;
  summary->n_roster = run->n_usable_pupils;
  summary->n_learners = run->n_learners;
  summary->elapsed_seconds = elapsed_seconds;
  summary->first_error_learner = -1;
  summary->learners = g_array_sized_new (FALSE, TRUE, sizeof (PbSimulatorLearner), run->n_learners);

  /* In learner order: the same sums, to the last bit, in every run. */
  for (guint i = 0; i < run->n_learners; i++)
    {
      const PbSimLearnerResult *result = &run->results[i];
      PbSimulatorLearner learner = { result->mean_ability, result->has_pix_score, result->pix_score };

      g_array_append_val (summary->learners, learner);

      if (result->error_request != NULL)
        summary->n_failed++;
      else if (result->shared)
        summary->n_completed++;
      else if (result->stopped)
        summary->n_stopped++;
      else if (result->unshared)
        summary->n_unshared++;
      else
        summary->n_failed++;   /* cancelled */
      if (result->has_pix_score)
        {
          summary->n_scores++;
          pix_total += result->pix_score;
        }
      summary->n_tests += result->n_tests;
      summary->n_answers += result->n_answers;
      summary->n_unexpected_results += result->n_unexpected_results;
      summary->n_requests += result->n_requests;
      summary->n_retries += result->n_retries;
      summary->n_errors += result->n_errors;

      if (result->error_request != NULL && summary->first_error_learner < 0)
        {
          summary->first_error_learner = (int) i;
          summary->first_error_request = g_strdup (result->error_request);
          summary->first_error_status = result->error_status;
          summary->first_error_code = g_strdup (result->error_code);
          summary->first_error_detail = g_strdup (result->error_detail);
        }
    }

  summary->mean_pix_score = summary->n_scores > 0 ? pix_total / summary->n_scores : 0.0;
  summary->mean_challenges = summary->n_tests > 0 ? (double) summary->n_answers / summary->n_tests : 0.0;
  return summary;
}

static PbSimulatorSummary *
play_all (Run *run)
{
  guint n_threads = MIN (run->self->concurrency, run->n_learners);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < n_threads; i++)
    g_ptr_array_add (threads, g_thread_new ("pb-sim-learners", worker_thread, run));

  for (guint n_finished = 1; n_finished <= run->n_learners; n_finished++)
    {
      guint index = GPOINTER_TO_UINT (g_async_queue_pop (run->finished)) - 1;

      report_progress (run, index, n_finished);
    }

  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  return summarize (run, (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
}

static PbSimulatorSummary *
run_all (Run     *run,
         GError **error)
{
  PbSimulatorSummary *summary;

  if (!prepare (run, error))
    return NULL;

  summary = play_all (run);
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    {
      pb_simulator_summary_free (summary);
      return NULL;
    }

  return summary;
}

static gpointer
run_thread (gpointer data)
{
  GTask *task = data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  PbSimulatorSummary *summary = run_all (run, &error);

  if (summary != NULL)
    g_task_return_pointer (task, summary, (GDestroyNotify) pb_simulator_summary_free);
  else
    g_task_return_error (task, error);

  g_object_unref (task);
  return NULL;
}

/* "%.1f" whatever the locale: the summary is read by scripts too. */
static const char *
format_decimal (char   *buffer,
                gsize   size,
                double  value)
{
  return g_ascii_formatd (buffer, (int) size, "%.1f", value);
}

static const char *
plural (guint       n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

static void
pb_simulator_finalize (GObject *object)
{
  PbSimulator *self = PB_SIMULATOR (object);

  g_free (self->server_url);
  g_free (self->campaign_code);
  g_clear_pointer (&self->roster, g_bytes_unref);
  g_strfreev (self->divisions);
  g_free (self->run_id);

  G_OBJECT_CLASS (pb_simulator_parent_class)->finalize (object);
}

static void
pb_simulator_class_init (PbSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_simulator_finalize;

  /**
   * PbSimulator::learner-finished:
   * @self: the simulator
   * @index: the learner's index in the run, from 0
   * @completed: whether the learner shared their participation
   * @n_finished: how many learners have finished so far
   * @n_learners: how many learners the run simulates
   *
   * Emitted as each learner finishes: in the thread that called
   * pb_simulator_run(), or on the thread-default main context of the
   * caller of pb_simulator_run_async().
   */
  signals[LEARNER_FINISHED] =
    g_signal_new ("learner-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_UINT, G_TYPE_BOOLEAN, G_TYPE_UINT, G_TYPE_UINT);
}

static void
pb_simulator_init (PbSimulator *self)
{
}

/**
 * pb_simulator_new:
 * @options: what to simulate, copied
 *
 * Nothing is checked yet: pb_simulator_run() reports bad options.
 *
 * Returns: (transfer full): a simulator
 */
PbSimulator *
pb_simulator_new (const PbSimulatorOptions *options)
{
  PbSimulator *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (PB_TYPE_SIMULATOR, NULL);
  self->server_url = g_strdup (options->server_url);
  /* Paths are joined to it: "http://host:8080/" + "/api/…" would double the slash. */
  while (self->server_url != NULL && g_str_has_suffix (self->server_url, "/"))
    self->server_url[strlen (self->server_url) - 1] = '\0';
  self->campaign_code = g_strdup (options->campaign_code);
  self->n_learners = options->n_learners;
  self->seed = options->seed;
  self->concurrency = options->concurrency > 0 ? options->concurrency : PB_SIMULATOR_DEFAULT_CONCURRENCY;
  self->roster = options->roster != NULL ? g_bytes_ref (options->roster) : NULL;
  self->divisions = g_strdupv ((char **) options->divisions);
  self->stop_percent = options->stop_percent;
  self->unshared_percent = options->unshared_percent;
  self->run_id = g_strdup (options->run_id);
  return self;
}

/**
 * pb_simulator_run:
 * @self: a #PbSimulator
 * @cancellable: (nullable): stops the run: learners playing finish their
 *   current request, the others do not start
 * @error: return location for a #GError
 *
 * Checks the options, loads the roster, looks the campaign up, then plays
 * every learner and waits for them all. Learners are the first
 * n_learners pupils of the roster (of its divisions, if given), or all of
 * them if there are fewer; without a roster, learners with drawn names. Blocks: do not call it from a
 * thread whose main loop serves the server being simulated against (use
 * pb_simulator_run_async() there).
 *
 * Returns: (transfer full): the summary, which counts the learners who
 *   failed; %NULL with @error set when the run could not start or was
 *   cancelled
 */
PbSimulatorSummary *
pb_simulator_run (PbSimulator   *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Run *run;
  PbSimulatorSummary *summary;

  g_return_val_if_fail (PB_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  run = run_new (self, cancellable, NULL);
  summary = run_all (run, error);
  run_free (run);
  return summary;
}

/**
 * pb_simulator_run_async:
 *
 * Runs pb_simulator_run() in a thread of its own (not one of GTask's pool,
 * which a run lasting minutes would hold), emitting ::learner-finished and
 * calling @callback on the caller's thread-default main context.
 */
void
pb_simulator_run_async (PbSimulator         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GMainContext) context = NULL;
  GTask *task;

  g_return_if_fail (PB_IS_SIMULATOR (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_simulator_run_async);
  g_task_set_task_data (task, run_new (self, cancellable, context), (GDestroyNotify) run_free);

  /* The thread owns the task's reference and drops it when done. */
  g_thread_unref (g_thread_new ("pb-simulator", run_thread, task));
}

PbSimulatorSummary *
pb_simulator_run_finish (PbSimulator   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (PB_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pb_simulator_summary_get_requests_per_second:
 *
 * Returns: requests answered per second of the run, 0 for an instant run
 */
double
pb_simulator_summary_get_requests_per_second (const PbSimulatorSummary *summary)
{
  g_return_val_if_fail (summary != NULL, 0.0);

  return summary->elapsed_seconds > 0.0 ? summary->n_requests / summary->elapsed_seconds : 0.0;
}

/**
 * pb_simulator_summary_format:
 *
 * Returns: (transfer full): the summary for people, one fact per line
 */
char *
pb_simulator_summary_format (const PbSimulatorSummary *summary)
{
  GString *text;
  char pix[G_ASCII_DTOSTR_BUF_SIZE];
  char challenges[G_ASCII_DTOSTR_BUF_SIZE];
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (summary != NULL, NULL);

  text = g_string_new (NULL);
  if (summary->n_roster > 0 && summary->n_learners < summary->n_requested)
    g_string_append_printf (text, "The roster has %u usable %s: simulated %s, not %u.\n",
                            summary->n_roster, plural (summary->n_roster, "pupil", "pupils"),
                            summary->n_roster == 1 ? "that one" : "all of them", summary->n_requested);

  g_string_append_printf (text, "Learners completed: %u of %u (seed %" G_GUINT64_FORMAT ")\n",
                          summary->n_completed, summary->n_learners, summary->seed);
  g_string_append_printf (text, "Mean pix score: %s (%u shared %s)\n",
                          format_decimal (pix, sizeof pix, summary->mean_pix_score),
                          summary->n_scores, plural (summary->n_scores, "participation", "participations"));
  g_string_append_printf (text, "Mean challenges per test: %s (%u %s, %u %s)\n",
                          format_decimal (challenges, sizeof challenges, summary->mean_challenges),
                          summary->n_tests, plural (summary->n_tests, "test", "tests"),
                          summary->n_answers, plural (summary->n_answers, "answer", "answers"));
  g_string_append_printf (text, "Requests: %u in %s s, %s per second (%u retried)\n",
                          summary->n_requests,
                          format_decimal (seconds, sizeof seconds, summary->elapsed_seconds),
                          format_decimal (rate, sizeof rate, pb_simulator_summary_get_requests_per_second (summary)),
                          summary->n_retries);
  if (summary->n_stopped > 0)
    g_string_append_printf (text, "Left midway: %u\n", summary->n_stopped);
  if (summary->n_unshared > 0)
    g_string_append_printf (text, "Finished without sharing: %u\n", summary->n_unshared);
  if (summary->n_unexpected_results > 0)
    g_string_append_printf (text, "Answers the server corrected otherwise than the simulator: %u\n",
                            summary->n_unexpected_results);
  g_string_append_printf (text, "Errors: %u\n", summary->n_errors);

  if (summary->first_error_learner >= 0 && summary->first_error_status == 0)
    g_string_append_printf (text, "First error (learner %d, %s): no answer: %s\n",
                            summary->first_error_learner + 1, summary->first_error_request,
                            summary->first_error_detail);
  else if (summary->first_error_learner >= 0)
    g_string_append_printf (text, "First error (learner %d, %s): %u %s: %s\n",
                            summary->first_error_learner + 1, summary->first_error_request,
                            summary->first_error_status,
                            summary->first_error_code != NULL ? summary->first_error_code
                                                              : soup_status_get_phrase (summary->first_error_status),
                            summary->first_error_detail != NULL ? summary->first_error_detail : "");

  return g_string_free (text, FALSE);
}

void
pb_simulator_summary_free (PbSimulatorSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->first_error_request);
  g_free (summary->first_error_code);
  g_free (summary->first_error_detail);
  g_clear_pointer (&summary->learners, g_array_unref);
  g_free (summary);
}
