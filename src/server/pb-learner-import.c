/* pb-learner-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-learner-import.h"

G_DEFINE_QUARK (pb-learner-import-error-quark, pb_learner_import_error)

PbLearnerSet *
pb_learner_set_parse (PbLearnerFormat   format,
                      GBytes           *data,
                      const char       *expected_uai,
                      GError          **error)
{
  g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                       "Not implemented yet");
  return NULL;
}

void
pb_learner_set_free (PbLearnerSet *self)
{
  g_free (self);
}
