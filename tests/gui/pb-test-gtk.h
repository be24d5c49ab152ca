/* pb-test-gtk.h
 *
 * Helpers for tests that drive real widgets in-process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       pb_test_wait_for_draw      (GtkWidget  *widget);
void       pb_test_spin               (guint       milliseconds);
GtkWidget *pb_test_find_descendant    (GtkWidget  *root,
                                       GType       type,
                                       const char *name);
GPtrArray *pb_test_find_all           (GtkWidget  *root,
                                       GType       type);
GtkWindow *pb_test_find_toplevel      (GType       type);
char      *pb_test_save_screenshot    (GtkWidget  *widget,
                                       const char *name);

G_END_DECLS
