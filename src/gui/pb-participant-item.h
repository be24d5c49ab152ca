/* pb-participant-item.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_PARTICIPANT_ITEM (pb_participant_item_get_type ())

G_DECLARE_FINAL_TYPE (PbParticipantItem, pb_participant_item, PB, PARTICIPANT_ITEM, GObject)

PbParticipantItem        *pb_participant_item_new      (PbStoreParticipant *row);
const PbStoreParticipant *pb_participant_item_get_row  (PbParticipantItem  *self);
const char            *pb_participant_item_get_id   (PbParticipantItem  *self);

G_END_DECLS
