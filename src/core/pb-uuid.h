/* pb-uuid.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *pb_uuid_new_v7      (void);
char     *pb_uuid_new_v7_at   (gint64      unix_ms);
gboolean  pb_uuid_is_valid    (const char *text);

G_END_DECLS
