/* pb-server-log.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pb_server_log_install          (void);
void pb_server_log_set_info_enabled (gboolean enabled);

G_END_DECLS
