/* pb-siecle-reader.h
 *
 * Reading SIECLE's ElevesSansAdresse.xml (pix-domain §7.1). Internal to the
 * learner import: use pb_learner_set_parse().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-learner-import.h"

G_BEGIN_DECLS

gboolean pb_siecle_reader_parse (GBytes        *data,
                                 const char    *expected_uai,
                                 PbLearnerSet  *set,
                                 GError       **error);

G_END_DECLS
