/* pb-classes-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_CLASSES_VIEW (pb_classes_view_get_type ())

G_DECLARE_FINAL_TYPE (PbClassesView, pb_classes_view, PB, CLASSES_VIEW, AdwBin)

/* Shows @organization_id of @account's cache; NULL for nothing (signed out). */
void pb_classes_view_set_account (PbClassesView   *self,
                                  PbAccount   *account,
                                  const char  *organization_id);
/* TRUE while a learners query is on its way (property "loading"). */
gboolean pb_classes_view_get_loading (PbClassesView   *self);
/* What the Import… button does once a file is chosen: reads @file and
 * queues it for the server (SIECLE XML or ZIP, or CSV). */
void     pb_classes_view_import_file (PbClassesView   *self,
                                      GFile           *file);

G_END_DECLS
