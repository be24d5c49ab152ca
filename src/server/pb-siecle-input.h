/* pb-siecle-input.h
 *
 * The bytes the SIECLE XML parser reads: the upload itself, or the first
 * XML file of an uploaded zip inflated on the fly; in UTF-8 whatever the
 * encoding the file declares. Internal to the learner import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most a zipped XML file may inflate to: a SIECLE export of the
 * largest school stays far below, a zip bomb goes far beyond. */
#define PB_SIECLE_INPUT_MAX_INFLATED (100 * 1024 * 1024)

typedef struct _PbSiecleInput PbSiecleInput;

PbSiecleInput *pb_siecle_input_new    (GBytes         *data,
                                       GError        **error);
int            pb_siecle_input_read   (void           *input,
                                       char           *buffer,
                                       int             len);
gboolean       pb_siecle_input_check  (PbSiecleInput  *self,
                                       GError        **error);
void           pb_siecle_input_free   (PbSiecleInput  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSiecleInput, pb_siecle_input_free)

G_END_DECLS
