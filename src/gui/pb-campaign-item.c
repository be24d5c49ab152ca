/* pb-campaign-item.c
 *
 * One campaign of the list, as the store read it: an immutable snapshot
 * (a refresh replaces items, it never edits them), so cells bind to plain
 * fields rather than to properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-campaign-item.h"

struct _PbCampaignItem
{
  GObject          parent_instance;

  PbStoreCampaign *row;
};

G_DEFINE_FINAL_TYPE (PbCampaignItem, pb_campaign_item, G_TYPE_OBJECT)

static void
pb_campaign_item_finalize (GObject *object)
{
  PbCampaignItem *self = (PbCampaignItem *)object;

  g_clear_pointer (&self->row, pb_store_campaign_free);

  G_OBJECT_CLASS (pb_campaign_item_parent_class)->finalize (object);
}

static void
pb_campaign_item_class_init (PbCampaignItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_campaign_item_finalize;
}

static void
pb_campaign_item_init (PbCampaignItem *self)
{
}

/* Takes ownership of @row. */
PbCampaignItem *
pb_campaign_item_new (PbStoreCampaign *row)
{
  PbCampaignItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (PB_TYPE_CAMPAIGN_ITEM, NULL);
  self->row = row;
  return self;
}

const PbStoreCampaign *
pb_campaign_item_get_row (PbCampaignItem *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_ITEM (self), NULL);

  return self->row;
}

const char *
pb_campaign_item_get_id (PbCampaignItem *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_ITEM (self), NULL);

  return self->row->id;
}
