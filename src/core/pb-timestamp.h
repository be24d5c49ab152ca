/* pb-timestamp.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pb_timestamp_now      (void);
char *pb_timestamp_format   (GDateTime *datetime);

G_END_DECLS
