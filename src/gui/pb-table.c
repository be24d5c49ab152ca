/* pb-table.c
 *
 * The column views of the Campaigns view and of a campaign's detail page:
 * one factory per column, which tells its ::setup and ::bind handlers which
 * column they fill.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-table.h"

/**
 * pb_table_append_column:
 * @view: the column view
 * @title: the column's header
 * @column: the caller's column number, for pb_table_factory_column()
 * @expand: whether the column takes a share of extra width
 * @resizable: whether the user may resize it
 * @setup_cb: the factory's ::setup handler
 * @bind_cb: the factory's ::bind handler
 *
 * Returns: (transfer none): the new column, owned by @view
 */
GtkColumnViewColumn *
pb_table_append_column (GtkColumnView *view,
                        const char    *title,
                        int            column,
                        gboolean       expand,
                        gboolean       resizable,
                        GCallback      setup_cb,
                        GCallback      bind_cb)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "pb-column", GINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", setup_cb, NULL);
  g_signal_connect (factory, "bind", bind_cb, NULL);

  view_column = gtk_column_view_column_new (title, g_steal_pointer (&factory));
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, resizable);
  gtk_column_view_append_column (view, view_column);
  return view_column;
}

/**
 * pb_table_factory_column:
 * @factory: a factory made by pb_table_append_column()
 *
 * Returns: the column number it was made for
 */
int
pb_table_factory_column (GtkSignalListItemFactory *factory)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "pb-column"));
}
