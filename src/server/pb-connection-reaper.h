/* pb-connection-reaper.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PB_TYPE_CONNECTION_REAPER (pb_connection_reaper_get_type ())

G_DECLARE_FINAL_TYPE (PbConnectionReaper, pb_connection_reaper, PB, CONNECTION_REAPER, GObject)

PbConnectionReaper *pb_connection_reaper_new           (GMainContext       *context);
void                pb_connection_reaper_watch         (PbConnectionReaper *self,
                                                        SoupServerMessage  *msg);

G_END_DECLS
