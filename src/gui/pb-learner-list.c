/* pb-learner-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-learner-item.h"
#include "pb-learner-list.h"

struct _PbLearnerList
{
  GObject    parent_instance;

  GPtrArray *rows;    /* (element-type PbStoreLearner) */
  /* Items handed out so far, by position; NULL where none was asked for.
   * The same position gives the same object while the rows stay. */
  GPtrArray *items;   /* (element-type PbLearnerItem) (nullable) */
};

static void pb_learner_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbLearnerList, pb_learner_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pb_learner_list_model_init))

/* The items array has holes, and GPtrArray frees every slot. */
static void
item_unref (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static GType
pb_learner_list_get_item_type (GListModel *model)
{
  return PB_TYPE_LEARNER_ITEM;
}

static guint
pb_learner_list_get_n_items (GListModel *model)
{
  PbLearnerList *self = (PbLearnerList *)model;

  return self->rows->len;
}

static gpointer
pb_learner_list_get_item (GListModel *model,
                          guint       position)
{
  PbLearnerList *self = (PbLearnerList *)model;
  PbLearnerItem *item;

  if (position >= self->rows->len)
    return NULL;

  if (self->items == NULL)
    self->items = g_ptr_array_new_full (0, item_unref);
  if (self->items->len < self->rows->len)
    g_ptr_array_set_size (self->items, self->rows->len);

  item = g_ptr_array_index (self->items, position);
  if (item == NULL)
    {
      item = pb_learner_item_new (self->rows, position);
      g_ptr_array_index (self->items, position) = item;
    }

  return g_object_ref (item);
}

static void
pb_learner_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_learner_list_get_item_type;
  iface->get_n_items = pb_learner_list_get_n_items;
  iface->get_item = pb_learner_list_get_item;
}

static void
pb_learner_list_finalize (GObject *object)
{
  PbLearnerList *self = (PbLearnerList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_learner_list_parent_class)->finalize (object);
}

static void
pb_learner_list_class_init (PbLearnerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_learner_list_finalize;
}

static void
pb_learner_list_init (PbLearnerList *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_store_learner_free);
}

PbLearnerList *
pb_learner_list_new (void)
{
  return g_object_new (PB_TYPE_LEARNER_LIST, NULL);
}

void
pb_learner_list_set_rows (PbLearnerList *self,
                          GPtrArray     *rows)
{
  guint removed;

  g_return_if_fail (PB_IS_LEARNER_LIST (self));

  if (rows == NULL)
    rows = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_store_learner_free);

  removed = self->rows->len;
  /* Items already handed out keep their own reference to the old rows. */
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_ptr_array_unref (self->rows);
  self->rows = rows;

  if (removed > 0 || rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, rows->len);
}

const PbStoreLearner *
pb_learner_list_get_learner (PbLearnerList *self,
                             guint          position)
{
  g_return_val_if_fail (PB_IS_LEARNER_LIST (self), NULL);

  if (position >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, position);
}
