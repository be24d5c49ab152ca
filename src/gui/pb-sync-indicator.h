/* pb-sync-indicator.h
 *
 * The sync state in the header bar: an icon (with a count of changes not
 * sent yet and, during a first sync, a progress bar) opening a popover with
 * the details, Sync Now and Show Conflicts (win.show-view "conflicts").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_SYNC_INDICATOR (pb_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (PbSyncIndicator, pb_sync_indicator, PB, SYNC_INDICATOR, AdwBin)

/* NULL for none (signed out): the indicator hides. */
void        pb_sync_indicator_set_engine  (PbSyncIndicator *self,
                                           PbSyncEngine    *engine);
GtkPopover *pb_sync_indicator_get_popover (PbSyncIndicator *self);

G_END_DECLS
