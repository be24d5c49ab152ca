/* pb-test-gtk.h
 *
 * Helpers for tests that drive real widgets in-process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-application.h"
#include "pb-window.h"

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

gboolean       pb_test_in_french         (void);
const char    *pb_test_tr                (const char    *english,
                                          const char    *in_french);
GtkWidget     *pb_test_find_named        (GtkWidget     *root,
                                          GType          type,
                                          const char    *name);
void           pb_test_click_button      (GtkWidget     *root,
                                          const char    *label);
void           pb_test_remove_tree       (const char    *path);
PbApplication *pb_test_app_new           (const char    *data_dir);
PbWindow      *pb_test_app_open_window   (PbApplication *app);

G_END_DECLS
