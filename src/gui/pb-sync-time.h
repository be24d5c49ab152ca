/* pb-sync-time.h
 *
 * The sync indicator's "Last synced …" line, from the time of the last
 * sync and the present moment given by the caller, so that "yesterday"
 * and older days can be checked without waiting for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pb_sync_time_format_last_sync (gint64     last_sync,
                                     GDateTime *now);

G_END_DECLS
