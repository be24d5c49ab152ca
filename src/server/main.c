/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/stat.h>

#include "pb-server-cli.h"

int
main (int   argc,
      char *argv[])
{
  /* Everything the server writes (database, logs) holds personal data about
   * pupils: readable by its owner only.
   */
  umask (0077);

  return pb_server_cli_run (argc, argv);
}
