/* pb-server-cli.c
 *
 * The command line of pix-bureau-server: `pix-bureau-server SUBCOMMAND …`.
 * Output meant for scripts (ids, the listening URL) goes to stdout; logs
 * and errors go to stderr; failures exit non-zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pb-server-cli.h"
#include "pb-server-log.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} PbSubcommand;

static int cmd_migrate (int argc, char **argv);

static const PbSubcommand subcommands[] = {
  { "serve", "Run the server", pb_cmd_serve },
  { "migrate", "Bring the database to the newest schema", cmd_migrate },
  { "admin", "Create users and organizations, add members", pb_cmd_admin },
  { "demo", "Build the demo school in a new data directory", pb_cmd_demo },
  { "simulate", "Play simulated learners through a campaign", pb_cmd_simulate },
  { NULL, NULL, NULL },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: pix-bureau-server SUBCOMMAND [OPTION…]\n"
           "\n"
           "The server Pix Bureau desktops sync with.\n"
           "\n"
           "Subcommands:\n");

  for (guint i = 0; subcommands[i].name != NULL; i++)
    fprintf (stream, "  %-10s %s\n", subcommands[i].name, subcommands[i].summary);

  fprintf (stream,
           "\n"
           "Options:\n"
           "  -h, --help     Show this help\n"
           "  --version      Show the version\n"
           "\n"
           "Run “pix-bureau-server SUBCOMMAND --help” for a subcommand's options.\n");
}

int
pb_server_cli_fail (const char   *command,
                    const GError *error)
{
  fprintf (stderr, "pix-bureau-server %s: %s\n", command, error->message);
  return 1;
}

/**
 * pb_server_cli_parse:
 * Parses options, printing the error and the usage hint on failure.
 */
gboolean
pb_server_cli_parse (GOptionContext   *context,
                     int              *argc,
                     char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "pix-bureau-server: %s (see --help)\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * pb_server_cli_open_storage:
 *
 * Opens the database and brings it to the newest schema, so every
 * subcommand works on a fresh data directory.
 */
PbStorage *
pb_server_cli_open_storage (const char  *data_dir,
                            const char  *database_url,
                            GError     **error)
{
  g_autoptr(PbStorage) storage = NULL;

  if (data_dir == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--data-dir is required");
      return NULL;
    }

  storage = pb_storage_open (data_dir, database_url, error);
  if (storage == NULL || !pb_storage_migrate (storage, NULL, error))
    return NULL;

  return g_steal_pointer (&storage);
}

static int
cmd_migrate (int    argc,
             char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  guint applied = 0, version = 0;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The server's data directory", "DIR" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "A postgresql:// URL instead of SQLite", "URL" },
    { NULL }
  };

  context = g_option_context_new ("— bring the database to the newest schema");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (data_dir == NULL)
    {
      fprintf (stderr, "pix-bureau-server migrate: --data-dir is required\n");
      return 2;
    }

  storage = pb_storage_open (data_dir, database, &error);
  if (storage == NULL ||
      !pb_storage_migrate (storage, &applied, &error) ||
      !pb_storage_get_version (storage, &version, &error))
    return pb_server_cli_fail ("migrate", error);

  printf ("Schema version %u (%u migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
  return 0;
}

int
pb_server_cli_run (int    argc,
                   char **argv)
{
  pb_server_log_install ();

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (stdout);
      return 0;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("pix-bureau-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; subcommands[i].name != NULL; i++)
    {
      if (strcmp (argv[1], subcommands[i].name) == 0)
        return subcommands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, "pix-bureau-server: unknown subcommand “%s”; see --help\n", argv[1]);
  return 2;
}
