/* pb-campaign-detail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CAMPAIGN_DETAIL (pb_campaign_detail_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignDetail, pb_campaign_detail, PB, CAMPAIGN_DETAIL, AdwBin)

void                   pb_campaign_detail_show            (PbCampaignDetail *self,
                                                           PbStore          *store,
                                                           const char       *campaign_id);
void                   pb_campaign_detail_reload          (PbCampaignDetail *self);
void                   pb_campaign_detail_clear           (PbCampaignDetail *self);
const char            *pb_campaign_detail_get_campaign_id (PbCampaignDetail *self);
const PbStoreCampaign *pb_campaign_detail_get_campaign    (PbCampaignDetail *self);
GListModel            *pb_campaign_detail_get_participants (PbCampaignDetail *self);
gboolean               pb_campaign_detail_is_loading      (PbCampaignDetail *self);

G_END_DECLS
