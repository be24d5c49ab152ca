/* pb-learner-csv.h
 *
 * Reading the SCO and SUP learner CSV files (pix-domain §7.2, §7.3).
 * Internal to the learner import: use pb_learner_set_parse().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-learner-import.h"

G_BEGIN_DECLS

gboolean pb_learner_csv_parse (PbLearnerFormat   format,
                               GBytes           *data,
                               PbLearnerSet     *set,
                               GError          **error);

G_END_DECLS
