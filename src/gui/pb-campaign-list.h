/* pb-campaign-list.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-campaign-item.h"

G_BEGIN_DECLS

#define PB_TYPE_CAMPAIGN_LIST (pb_campaign_list_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignList, pb_campaign_list, PB, CAMPAIGN_LIST, GObject)

PbCampaignList *pb_campaign_list_new      (void);
void            pb_campaign_list_replace  (PbCampaignList *self,
                                           GPtrArray      *rows);
guint           pb_campaign_list_find     (PbCampaignList *self,
                                           const char     *campaign_id);

G_END_DECLS
