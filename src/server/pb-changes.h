/* pb-changes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"

G_BEGIN_DECLS

gboolean pb_changes_record        (PbDb        *db,
                                   const char  *organization_id,
                                   const char  *resource_type,
                                   const char  *resource_id,
                                   const char  *op,
                                   GError     **error);
char    *pb_changes_cursor_format (const char  *organization_id,
                                   gint64       seq);
gboolean pb_changes_cursor_parse  (const char  *cursor,
                                   const char  *organization_id,
                                   gint64      *seq);

G_END_DECLS
