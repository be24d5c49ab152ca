/* pb-learner-list.h
 *
 * The learners table's model: a GListModel over one query result, a
 * GPtrArray of PbStoreLearner. Items are made when the table asks for them
 * (the visible rows), so 100 000 learners cost one array, not 100 000
 * objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-store.h"

G_BEGIN_DECLS

#define PB_TYPE_LEARNER_LIST (pb_learner_list_get_type ())

G_DECLARE_FINAL_TYPE (PbLearnerList, pb_learner_list, PB, LEARNER_LIST, GObject)

PbLearnerList        *pb_learner_list_new         (void);
/* Replaces every row in one ::items-changed; @rows: (transfer full)
 * (nullable) (element-type PbStoreLearner). */
void                  pb_learner_list_set_rows    (PbLearnerList *self,
                                                   GPtrArray     *rows);
const PbStoreLearner *pb_learner_list_get_learner (PbLearnerList *self,
                                                   guint          position);

G_END_DECLS
