/* pb-campaign-list.c
 *
 * A GListModel of PbCampaignItem over the rows one store query returned.
 * A refresh replaces every row with ONE items-changed, and items are made
 * only for the rows a view asks for, so even a long list costs a GPtrArray
 * of rows, not a GObject per row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-campaign-list.h"

struct _PbCampaignList
{
  GObject    parent_instance;

  /* Parallel arrays: a row moves into its item the first time the item is
   * asked for (rows[i] is then NULL and items[i] owns it). */
  GPtrArray *rows;
  GPtrArray *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbCampaignList, pb_campaign_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
pb_campaign_list_get_item_type (GListModel *model)
{
  return PB_TYPE_CAMPAIGN_ITEM;
}

static guint
pb_campaign_list_get_n_items (GListModel *model)
{
  return PB_CAMPAIGN_LIST (model)->rows->len;
}

static gpointer
pb_campaign_list_get_item (GListModel *model,
                           guint       position)
{
  PbCampaignList *self = PB_CAMPAIGN_LIST (model);
  PbCampaignItem *item;

  if (position >= self->rows->len)
    return NULL;

  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      item = pb_campaign_item_new (g_ptr_array_index (self->rows, position));
      g_ptr_array_index (self->rows, position) = NULL;
      g_ptr_array_index (self->items, position) = item;
    }

  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_campaign_list_get_item_type;
  iface->get_n_items = pb_campaign_list_get_n_items;
  iface->get_item = pb_campaign_list_get_item;
}

static void
free_row (gpointer row)
{
  if (row != NULL)
    pb_store_campaign_free (row);
}

static void
free_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
pb_campaign_list_finalize (GObject *object)
{
  PbCampaignList *self = (PbCampaignList *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_campaign_list_parent_class)->finalize (object);
}

static void
pb_campaign_list_class_init (PbCampaignListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_campaign_list_finalize;
}

static void
pb_campaign_list_init (PbCampaignList *self)
{
  self->rows = g_ptr_array_new_with_free_func (free_row);
  self->items = g_ptr_array_new_with_free_func (free_item);
}

PbCampaignList *
pb_campaign_list_new (void)
{
  return g_object_new (PB_TYPE_CAMPAIGN_LIST, NULL);
}

/**
 * pb_campaign_list_replace:
 * @rows: (transfer container): PbStoreCampaign rows, as pb_store_list_campaigns()
 *   returns them; the list takes them over
 */
void
pb_campaign_list_replace (PbCampaignList *self,
                          GPtrArray      *rows)
{
  guint removed, added;

  g_return_if_fail (PB_IS_CAMPAIGN_LIST (self));
  g_return_if_fail (rows != NULL);

  removed = self->rows->len;
  added = rows->len;

  /* Take the rows out of @rows whatever its free function is. */
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (self->rows, g_ptr_array_index (rows, i));
      g_ptr_array_add (self->items, NULL);
    }
  g_ptr_array_set_free_func (rows, NULL);
  g_ptr_array_unref (rows);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
}

/* The position of @campaign_id, or G_MAXUINT. */
guint
pb_campaign_list_find (PbCampaignList *self,
                       const char     *campaign_id)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_LIST (self), G_MAXUINT);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const PbStoreCampaign *row = g_ptr_array_index (self->rows, i);

      if (row == NULL)
        row = pb_campaign_item_get_row (g_ptr_array_index (self->items, i));
      if (g_strcmp0 (row->id, campaign_id) == 0)
        return i;
    }

  return G_MAXUINT;
}
