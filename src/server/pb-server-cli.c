/* pb-server-cli.c
 *
 * The command line of pix-bureau-server: `pix-bureau-server SUBCOMMAND …`.
 * Subcommands (serve, migrate, admin, demo, simulate) register in the table
 * below as they are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pb-server-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} PbSubcommand;

static const PbSubcommand subcommands[] = {
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
           "  (none yet: this build only answers --help and --version)\n"
           "\n"
           "Options:\n"
           "  -h, --help     Show this help\n"
           "  --version      Show the version\n");
}

int
pb_server_cli_run (int    argc,
                   char **argv)
{
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
