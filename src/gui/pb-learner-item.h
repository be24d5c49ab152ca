/* pb-learner-item.h
 *
 * One row of the learners table: a small object around a PbStoreLearner
 * that the PbLearnerList owns. Only the rows the table shows get one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_LEARNER_ITEM (pb_learner_item_get_type ())

G_DECLARE_FINAL_TYPE (PbLearnerItem, pb_learner_item, PB, LEARNER_ITEM, GObject)

/* Keeps @rows (element-type PbStoreLearner) alive while the item lives. */
PbLearnerItem        *pb_learner_item_new         (GPtrArray     *rows,
                                                   guint          position);
const PbStoreLearner *pb_learner_item_get_learner (PbLearnerItem *self);

G_END_DECLS
