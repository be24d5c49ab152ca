/* pb-cmd-simulate.c
 *
 * `pix-bureau-server simulate`: N simulated learners play a campaign on a
 * running server over HTTP, and the summary goes to stdout. Exits 1 when
 * any learner failed, naming the first failure, 2 on bad options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "pb-random.h"
#include "pb-server-cli.h"
#include "pb-simulator.h"

#define MAX_CONCURRENCY 256

static void
learner_finished_cb (PbSimulator *simulator,
                     guint        index,
                     gboolean     completed,
                     guint        n_finished,
                     guint        n_learners,
                     gpointer     user_data)
{
  fprintf (stderr, "\rLearners finished: %u of %u", n_finished, n_learners);
  if (n_finished == n_learners)
    fputc ('\n', stderr);
  fflush (stderr);
}

/* Without --seed, a seed from the kernel, which the summary prints so
 * that the run can be played again. */
static gboolean
parse_seed (const char  *text,
            guint64     *seed,
            GError     **error)
{
  guint32 random_seed;

  if (text != NULL)
    return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, seed, error);

  pb_random_fill ((guint8 *) &random_seed, sizeof random_seed);
  *seed = random_seed;
  return TRUE;
}

static GBytes *
read_roster (const char  *path,
             GError     **error)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return g_bytes_new_take (contents, length);
}

/* Also on stderr, for whoever reads only that: scripts, CI logs. */
static void
report_failure (const PbSimulatorSummary *summary)
{
  fprintf (stderr, "pix-bureau-server simulate: %u of %u learners failed", summary->n_failed, summary->n_learners);
  if (summary->first_error_learner >= 0 && summary->first_error_status == 0)
    fprintf (stderr, "; the first, learner %d, at %s: no answer: %s", summary->first_error_learner + 1,
             summary->first_error_request, summary->first_error_detail);
  else if (summary->first_error_learner >= 0)
    fprintf (stderr, "; the first, learner %d, at %s: %u %s: %s", summary->first_error_learner + 1,
             summary->first_error_request, summary->first_error_status,
             summary->first_error_code != NULL ? summary->first_error_code
                                               : soup_status_get_phrase (summary->first_error_status),
             summary->first_error_detail != NULL ? summary->first_error_detail : "");
  fputc ('\n', stderr);
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "pix-bureau-server simulate: %s (see --help)\n", message);
  return 2;
}

int
pb_cmd_simulate (int    argc,
                 char **argv)
{
  g_autofree char *server = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *roster_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GBytes) roster = NULL;
  g_autoptr(PbSimulator) simulator = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  PbSimulatorOptions options = { 0 };
  int n_learners = 0, concurrency = PB_SIMULATOR_DEFAULT_CONCURRENCY;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The server's URL, such as http://127.0.0.1:8080 (required)", "URL" },
    { "campaign", 0, 0, G_OPTION_ARG_STRING, &campaign, "The code of the campaign to play (required)", "CODE" },
    { "learners", 0, 0, G_OPTION_ARG_INT, &n_learners, "How many learners (required)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Draw abilities and answers from this seed (random by default): same seed, same results", "S" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency, "Learners playing at the same time (default 4)", "C" },
    { "roster", 0, 0, G_OPTION_ARG_FILENAME, &roster_path, "Play the pupils of this ElevesSansAdresse.xml (plain or zipped), who reconcile before joining", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("— play simulated learners through a campaign");
  g_option_context_set_description (context,
    "Each learner creates an account, signs in, joins the campaign, answers its\n"
    "adaptive test to the end and shares the results; before a profiles collection\n"
    "they evaluate 3 to 8 competences. A learner's ability on a competence is their\n"
    "mean ability, drawn from N(2.5, 1.2^2), plus a deviation drawn from N(0, 0.7^2);\n"
    "a challenge of level L is answered right with probability 1 / (1 + e^-(ability - L)).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (server == NULL)
    return usage_error ("--server is required");
  if (campaign == NULL)
    return usage_error ("--campaign is required");
  if (n_learners < 1)
    return usage_error ("--learners must be 1 or more");
  if (concurrency < 1 || concurrency > MAX_CONCURRENCY)
    return usage_error ("--concurrency must be from 1 to 256");
  if (!parse_seed (seed_text, &options.seed, &error))
    return usage_error ("--seed must be a whole number from 0 to 18446744073709551615");

  if (roster_path != NULL)
    {
      roster = read_roster (roster_path, &error);
      if (roster == NULL)
        return pb_server_cli_fail ("simulate", error);
    }

  options.server_url = server;
  options.campaign_code = campaign;
  options.n_learners = (guint) n_learners;
  options.concurrency = (guint) concurrency;
  options.roster = roster;
  simulator = pb_simulator_new (&options);
  /* Progress is for people watching; logs and pipes get the summary only. */
  if (isatty (STDERR_FILENO))
    g_signal_connect (simulator, "learner-finished", G_CALLBACK (learner_finished_cb), NULL);

  summary = pb_simulator_run (simulator, NULL, &error);
  if (summary == NULL)
    return pb_server_cli_fail ("simulate", error);

  text = pb_simulator_summary_format (summary);
  fputs (text, stdout);
  fflush (stdout);

  if (summary->n_failed > 0)
    {
      report_failure (summary);
      return 1;
    }

  return 0;
}
