/* pb-table.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkColumnViewColumn *pb_table_append_column  (GtkColumnView            *view,
                                              const char               *title,
                                              int                       column,
                                              gboolean                  expand,
                                              gboolean                  resizable,
                                              GCallback                 setup_cb,
                                              GCallback                 bind_cb);
int                  pb_table_factory_column (GtkSignalListItemFactory *factory);

G_END_DECLS
