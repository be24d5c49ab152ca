/* pb-campaign-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CAMPAIGN_ITEM (pb_campaign_item_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignItem, pb_campaign_item, PB, CAMPAIGN_ITEM, GObject)

PbCampaignItem        *pb_campaign_item_new      (PbStoreCampaign *row);
const PbStoreCampaign *pb_campaign_item_get_row  (PbCampaignItem  *self);
const char            *pb_campaign_item_get_id   (PbCampaignItem  *self);

G_END_DECLS
