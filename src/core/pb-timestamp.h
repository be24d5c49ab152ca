/* pb-timestamp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pb_timestamp_now      (void);
char *pb_timestamp_format   (GDateTime *datetime);
char *pb_timestamp_format_usec (gint64  time);
gint64 pb_timestamp_parse   (const char *timestamp);

G_END_DECLS
