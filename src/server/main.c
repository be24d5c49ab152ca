/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pb-server-cli.h"

int
main (int   argc,
      char *argv[])
{
  return pb_server_cli_run (argc, argv);
}
