/* pb-test-gtk.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "pb-test-gtk.h"

#define DRAW_TIMEOUT_MS 5000

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins until the widget's frame clock has painted a frame: before that a
 * snapshot of it renders nothing.
 */
void
pb_test_wait_for_draw (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gboolean timed_out = FALSE;
  gulong handler;
  guint timeout;

  while (!gtk_widget_get_mapped (widget) || gtk_widget_get_frame_clock (widget) == NULL)
    g_main_context_iteration (NULL, TRUE);

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  timeout = g_timeout_add (DRAW_TIMEOUT_MS, timeout_cb, &timed_out);
  gtk_widget_queue_draw (widget);

  while (!painted && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout);
  g_assert_true (painted);
}

void
pb_test_spin (guint milliseconds)
{
  gboolean timed_out = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static void
collect (GtkWidget  *widget,
         GType       type,
         const char *name,
         GPtrArray  *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (widget), name) == 0))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, name, found);
}

/* The first widget of @type (and @name, if given) under @root, depth first. */
GtkWidget *
pb_test_find_descendant (GtkWidget  *root,
                         GType       type,
                         const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (root, type, name, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

GPtrArray *
pb_test_find_all (GtkWidget *root,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  collect (root, type, NULL, found);
  return found;
}

GtkWindow *
pb_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

/* Renders the widget as it is on screen into $PB_SCREENSHOT_DIR/NAME.png
 * and returns the path.
 */
char *
pb_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file_name = NULL;
  GtkSnapshot *snapshot;
  const char *dir;
  char *path;
  int width, height;

  pb_test_wait_for_draw (widget);

  dir = g_getenv ("PB_SCREENSHOT_DIR");
  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  file_name = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

/* The run's language: the tests check the strings the user sees. */
gboolean
pb_test_in_french (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ?: "", "fr");
}

/* The strings the user sees, in the language of the run. */
const char *
pb_test_tr (const char *english,
            const char *in_french)
{
  return pb_test_in_french () ? in_french : english;
}

/* pb_test_find_descendant(), but a test cannot go on without it. */
GtkWidget *
pb_test_find_named (GtkWidget  *root,
                    GType       type,
                    const char *name)
{
  GtkWidget *widget = pb_test_find_descendant (root, type, name);

  if (widget == NULL)
    g_error ("No %s named “%s”", g_type_name (type), name);
  return widget;
}

/* Clicks the button of @root labelled @label, as a pointer would. */
void
pb_test_click_button (GtkWidget  *root,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = pb_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      {
        g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
        return;
      }
  g_error ("No button labelled “%s”", label);
}

/* Removes @path and all below it; does not follow links. */
void
pb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        pb_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* The application as `pix-bureau` runs it, its accounts in @data_dir, and
 * registered, but not activated: no window yet. */
PbApplication *
pb_test_app_new (const char *data_dir)
{
  PbApplication *app = pb_application_new ();

  pb_application_set_data_dir (app, data_dir);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* Screenshots show widgets at rest, not halfway through a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  return app;
}

/* Activates @app and returns its window, at its usual size and drawn. */
PbWindow *
pb_test_app_open_window (PbApplication *app)
{
  PbWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = PB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  pb_test_wait_for_draw (GTK_WIDGET (window));

  return window;
}
