/* pb-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_WINDOW (pb_window_get_type ())

G_DECLARE_FINAL_TYPE (PbWindow, pb_window, PB, WINDOW, AdwApplicationWindow)

PbWindow     *pb_window_new                 (AdwApplication *application,
                                             GSettings      *settings);
const char   *pb_window_get_view            (PbWindow       *self);
void          pb_window_set_view            (PbWindow       *self,
                                             const char     *view);
PbAccount    *pb_window_get_account         (PbWindow       *self);
void          pb_window_set_account         (PbWindow       *self,
                                             PbAccount      *account);
const char   *pb_window_get_organization_id (PbWindow       *self);
void          pb_window_start_demo          (PbWindow       *self);
void          pb_window_add_toast           (PbWindow       *self,
                                             const char     *title);
void          pb_window_set_restoring       (PbWindow       *self,
                                             gboolean        restoring);
GCancellable *pb_window_get_cancellable     (PbWindow       *self);

G_END_DECLS
