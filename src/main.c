/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PbApplication) app = NULL;

  pb_application_setup_i18n ();
  app = pb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
