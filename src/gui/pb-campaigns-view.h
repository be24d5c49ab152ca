/* pb-campaigns-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_CAMPAIGNS_VIEW (pb_campaigns_view_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignsView, pb_campaigns_view, PB, CAMPAIGNS_VIEW, AdwBin)

/* Shows @organization_id of @account's cache; NULL for nothing (signed out). */
void        pb_campaigns_view_set_account (PbCampaignsView   *self,
                                           PbAccount         *account,
                                           const char        *organization_id);

/* For tests and the window: the campaigns listed (PbCampaignItem), and
 * whether a read of the cache is still under way. */
GListModel *pb_campaigns_view_get_model   (PbCampaignsView   *self);
gboolean    pb_campaigns_view_is_loading  (PbCampaignsView   *self);

G_END_DECLS
