/* pb-offline-banner.h
 *
 * The bar at the top of the content while the server cannot be reached
 * (with Retry) or the session has expired (with Sign In…, which emits
 * ::sign-in-requested for the window to act on).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_OFFLINE_BANNER (pb_offline_banner_get_type ())

G_DECLARE_FINAL_TYPE (PbOfflineBanner, pb_offline_banner, PB, OFFLINE_BANNER, AdwBin)

/* NULL for none (signed out): the banner hides. */
void     pb_offline_banner_set_engine   (PbOfflineBanner *self,
                                         PbSyncEngine    *engine);
/* Whether the bar is shown (or being shown). */
gboolean pb_offline_banner_get_revealed (PbOfflineBanner *self);

G_END_DECLS
