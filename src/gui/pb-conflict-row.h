/* pb-conflict-row.h
 *
 * One item of the Conflits list: a conflict (412) shown field by field,
 * mine beside the server's, or a rejected change with the server's reason;
 * its two buttons emit ::resolve (keep_mine).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CONFLICT_ROW (pb_conflict_row_get_type ())

G_DECLARE_FINAL_TYPE (PbConflictRow, pb_conflict_row, PB, CONFLICT_ROW, AdwBin)

GtkWidget *pb_conflict_row_new             (const PbConflict *conflict);
gint64     pb_conflict_row_get_conflict_id (PbConflictRow    *self);
/* While the choice is being saved: buttons insensitive. */
void       pb_conflict_row_set_busy        (PbConflictRow    *self,
                                            gboolean          busy);
/* NULL to hide. */
void       pb_conflict_row_set_error       (PbConflictRow    *self,
                                            const char       *message);

G_END_DECLS
