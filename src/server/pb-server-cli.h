/* pb-server-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-storage.h"

G_BEGIN_DECLS

int        pb_server_cli_run          (int           argc,
                                       char        **argv);
PbStorage *pb_server_cli_open_storage (const char   *data_dir,
                                       const char   *database_url,
                                       GError      **error);
gboolean   pb_server_cli_parse        (GOptionContext *context,
                                       int          *argc,
                                       char       ***argv);
int        pb_server_cli_fail         (const char   *command,
                                       const GError *error);

int        pb_cmd_serve               (int           argc,
                                       char        **argv);
int        pb_cmd_admin               (int           argc,
                                       char        **argv);
int        pb_cmd_demo                (int           argc,
                                       char        **argv);
int        pb_cmd_simulate            (int           argc,
                                       char        **argv);

G_END_DECLS
