/* pb-cmd-demo.c
 *
 * `pix-bureau-server demo`: builds the demo school in a new data
 * directory, then prints its staff accounts, one per line, as
 * "compte : EMAIL / mot de passe : PASSWORD (ROLE)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "pb-demo.h"
#include "pb-server-cli.h"
#include "pb-server-log.h"

#define DEFAULT_LEARNERS 1300
#define MAX_LEARNERS 100000

int
pb_cmd_demo (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PbDemo) demo = NULL;
  g_autoptr(GError) error = NULL;
  const PbDemoReport *report;
  PbDemoOptions options = { NULL };
  gint learners = DEFAULT_LEARNERS;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "A new or empty data directory (required)", "DIR" },
    { "learners", 0, 0, G_OPTION_ARG_INT, &learners, "Pupils of the school (default 1300)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "The same seed builds the same school (default 1)", "S" },
    { NULL }
  };

  context = g_option_context_new ("— build the demo school, Lycée Marie Curie (démo)");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;
  if (data_dir == NULL)
    {
      fprintf (stderr, "pix-bureau-server demo: --data-dir is required\n");
      return 2;
    }
  if (learners < 1 || learners > MAX_LEARNERS)
    {
      fprintf (stderr, "pix-bureau-server demo: --learners is 1 to %d\n", MAX_LEARNERS);
      return 2;
    }

  /* Tens of thousands of request lines would bury the accounts. */
  pb_server_log_set_info_enabled (FALSE);
  options.data_dir = data_dir;
  options.n_learners = (guint)learners;
  options.seed = (guint64)seed;
  demo = pb_demo_new (&options);
  if (!pb_demo_build (demo, &error))
    return pb_server_cli_fail ("demo", error);

  report = pb_demo_get_report (demo);
  printf ("Lycée Marie Curie (démo) : %u élèves, %u classes, %u campagnes, %u participations dont %u envoyées, "
          "%u réponses, en %.1f s\n",
          report->n_pupils, report->n_divisions, report->n_campaigns, report->n_participations, report->n_shared,
          report->n_answers, report->seconds);
  for (guint i = 0; i < pb_demo_get_n_accounts (demo); i++)
    {
      const char *email, *password, *role;

      pb_demo_get_account (demo, i, &email, &password, &role);
      printf ("compte : %s / mot de passe : %s (%s)\n", email, password, role);
    }
  printf ("Lancez : pix-bureau-server serve --data-dir %s\n", data_dir);
  return 0;
}
