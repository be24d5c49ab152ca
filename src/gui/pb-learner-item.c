/* pb-learner-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-learner-item.h"

struct _PbLearnerItem
{
  GObject    parent_instance;

  /* The whole query result, shared by every item: an item costs a pointer
   * and a reference, never a copy of its row. */
  GPtrArray *rows;
  guint      position;
};

G_DEFINE_FINAL_TYPE (PbLearnerItem, pb_learner_item, G_TYPE_OBJECT)

static void
pb_learner_item_finalize (GObject *object)
{
  PbLearnerItem *self = (PbLearnerItem *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_learner_item_parent_class)->finalize (object);
}

static void
pb_learner_item_class_init (PbLearnerItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_learner_item_finalize;
}

static void
pb_learner_item_init (PbLearnerItem *self)
{
}

PbLearnerItem *
pb_learner_item_new (GPtrArray *rows,
                     guint      position)
{
  PbLearnerItem *self;

  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (position < rows->len, NULL);

  self = g_object_new (PB_TYPE_LEARNER_ITEM, NULL);
  self->rows = g_ptr_array_ref (rows);
  self->position = position;
  return self;
}

const PbStoreLearner *
pb_learner_item_get_learner (PbLearnerItem *self)
{
  g_return_val_if_fail (PB_IS_LEARNER_ITEM (self), NULL);

  return g_ptr_array_index (self->rows, self->position);
}
