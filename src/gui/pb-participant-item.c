/* pb-participant-item.c
 *
 * One participant of a campaign, as the store read it: an immutable snapshot
 * (a refresh replaces items, it never edits them), so cells bind to plain
 * fields rather than to properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-participant-item.h"

struct _PbParticipantItem
{
  GObject          parent_instance;

  PbStoreParticipant *row;
};

G_DEFINE_FINAL_TYPE (PbParticipantItem, pb_participant_item, G_TYPE_OBJECT)

static void
pb_participant_item_finalize (GObject *object)
{
  PbParticipantItem *self = (PbParticipantItem *)object;

  g_clear_pointer (&self->row, pb_store_participant_free);

  G_OBJECT_CLASS (pb_participant_item_parent_class)->finalize (object);
}

static void
pb_participant_item_class_init (PbParticipantItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_participant_item_finalize;
}

static void
pb_participant_item_init (PbParticipantItem *self)
{
}

/* Takes ownership of @row. */
PbParticipantItem *
pb_participant_item_new (PbStoreParticipant *row)
{
  PbParticipantItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (PB_TYPE_PARTICIPANT_ITEM, NULL);
  self->row = row;
  return self;
}

const PbStoreParticipant *
pb_participant_item_get_row (PbParticipantItem *self)
{
  g_return_val_if_fail (PB_IS_PARTICIPANT_ITEM (self), NULL);

  return self->row;
}

const char *
pb_participant_item_get_id (PbParticipantItem *self)
{
  g_return_val_if_fail (PB_IS_PARTICIPANT_ITEM (self), NULL);

  return self->row->id;
}
