/* pb-campaign-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CAMPAIGN_DIALOG (pb_campaign_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignDialog, pb_campaign_dialog, PB, CAMPAIGN_DIALOG, AdwWindow)

PbCampaignDialog *pb_campaign_dialog_new (GtkWindow  *parent,
                                          PbStore    *store,
                                          const char *organization_id,
                                          const char *organization_type);

G_END_DECLS
