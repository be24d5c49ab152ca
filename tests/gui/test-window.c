/* test-window.c
 *
 * The real application and main window, driven in-process under Xvfb. Runs
 * in English and in French (LANGUAGE=fr); the expected labels follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-preferences-window.h"
#include "pb-test-gtk.h"
#include "pb-window.h"

static PbApplication *app;
static gboolean french;

typedef struct
{
  const char *name;
  const char *english;
  const char *french;
  guint       keyval;
} View;

static const View views[] = {
  { "classes", "Classes", "Classes", GDK_KEY_1 },
  { "campaigns", "Campaigns", "Campagnes", GDK_KEY_2 },
  { "profiles", "Profiles", "Profils", GDK_KEY_3 },
  { "sessions", "Sessions", "Sessions", GDK_KEY_4 },
};

static const char *
expected_title (const View *view)
{
  return french ? view->french : view->english;
}

static PbWindow *
open_window (void)
{
  PbWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = PB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  return window;
}

static void
close_all_windows (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
}

static const char *
content_title (PbWindow *window)
{
  GtkWidget *title = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "content-title");

  g_assert_nonnull (title);
  return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
}

static GtkWidget *
sidebar_row (PbWindow   *window,
             const char *view)
{
  GtkWidget *row = pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, view);

  g_assert_nonnull (row);
  return row;
}

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_sidebar_labels (void)
{
  PbWindow *window = open_window ();

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *row = sidebar_row (window, views[i].name);
      GtkWidget *label = pb_test_find_descendant (row, GTK_TYPE_LABEL, NULL);

      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, expected_title (&views[i]));
      g_assert_true (gtk_widget_is_visible (row));
    }

  close_all_windows ();
}

/* Every view through its action, with a screenshot of each. */
static void
test_switch_views (void)
{
  PbWindow *window = open_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *shot_name = g_strconcat ("view-", views[i].name, NULL);
      g_autofree char *path = NULL;
      GtkWidget *row;
      GStatBuf st;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", views[i].name);

      g_assert_cmpstr (pb_window_get_view (window), ==, views[i].name);
      g_assert_cmpstr (content_title (window), ==, expected_title (&views[i]));
      row = sidebar_row (window, views[i].name);
      g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));

      path = pb_test_save_screenshot (GTK_WIDGET (window), shot_name);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
    }

  close_all_windows ();
}

static GtkShortcut *
find_shortcut (GtkWidget  *widget,
               const char *accelerator)
{
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return shortcut;
        }
    }

  return NULL;
}

/* Ctrl+1 … Ctrl+4: the window's own key bindings, found by their trigger and
 * activated as GTK would on the key press.
 */
static void
test_view_shortcuts (void)
{
  PbWindow *window = open_window ();

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      guint j = G_N_ELEMENTS (views) - 1 - i;
      g_autofree char *accelerator = g_strdup_printf ("<Control>%s", gdk_keyval_name (views[j].keyval));
      GtkShortcut *shortcut = find_shortcut (GTK_WIDGET (window), accelerator);

      g_assert_nonnull (shortcut);
      g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                   GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                   GTK_WIDGET (window),
                                                   gtk_shortcut_get_arguments (shortcut)));
      g_assert_cmpstr (pb_window_get_view (window), ==, views[j].name);
      g_assert_cmpstr (content_title (window), ==, expected_title (&views[j]));
    }

  g_assert_null (find_shortcut (GTK_WIDGET (window), "<Control>5"));
  close_all_windows ();
}

static void
test_sidebar_activation (void)
{
  PbWindow *window = open_window ();
  GtkWidget *row = sidebar_row (window, "profiles");

  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (pb_window_get_view (window), ==, "profiles");

  row = sidebar_row (window, "sessions");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (pb_window_get_view (window), ==, "sessions");

  /* Arrow keys only select rows: the view follows the selection. */
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)),
                           GTK_LIST_BOX_ROW (sidebar_row (window, "campaigns")));
  g_assert_cmpstr (pb_window_get_view (window), ==, "campaigns");
  g_assert_cmpstr (content_title (window), ==, expected_title (&views[1]));
  row = sidebar_row (window, "sessions");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);

  /* An unknown view is ignored rather than leaving an empty page. */
  pb_window_set_view (window, "nowhere");
  g_assert_cmpstr (pb_window_get_view (window), ==, "sessions");

  close_all_windows ();
}

static void
test_state_restored (void)
{
  GSettings *settings = pb_application_get_settings (app);
  PbWindow *window = open_window ();

  pb_window_set_view (window, "campaigns");
  assert_setting (settings, "last-view", "campaigns");

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = open_window ();
  g_assert_cmpstr (pb_window_get_view (window), ==, "campaigns");
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }

  /* Wider than the schema allows (several screens): saved clamped. */
  gtk_window_set_default_size (GTK_WINDOW (window), 12000, 640);
  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 10000);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  close_all_windows ();
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_true (g_strv_contains ((const char * const *)accels, accel));
}

static void
test_app_shortcuts (void)
{
  PbWindow *window = open_window ();
  GtkShortcutsWindow *overlay;
  gboolean found_campaigns = FALSE;
  g_autoptr(GPtrArray) shortcuts = NULL;

  assert_accel ("app.quit", "<Control>q");
  assert_accel ("app.preferences", "<Control>comma");
  assert_accel ("win.show-help-overlay", "<Control>question");

  /* The shortcuts window lists the view shortcuts under their own names. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  shortcuts = pb_test_find_all (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "title", &title, "accelerator", &accelerator, NULL);
      if (g_strcmp0 (accelerator, "<Control>2") == 0)
        {
          g_assert_cmpstr (title, ==, expected_title (&views[1]));
          found_campaigns = TRUE;
        }
    }
  g_assert_true (found_campaigns);

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  pb_test_wait_for_draw (GTK_WIDGET (overlay));
  g_free (pb_test_save_screenshot (GTK_WIDGET (overlay), "shortcuts"));
  gtk_window_close (GTK_WINDOW (overlay));

  close_all_windows ();
}

static void
test_preferences_server (void)
{
  GSettings *settings = pb_application_get_settings (app);
  PbWindow *window = open_window ();
  GtkWindow *preferences;
  GtkWidget *row;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = pb_test_find_toplevel (PB_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_application (preferences) == GTK_APPLICATION (app));
  pb_test_wait_for_draw (GTK_WIDGET (preferences));

  row = pb_test_find_descendant (GTK_WIDGET (preferences), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   french ? "Adresse du serveur" : "Server Address");

  gtk_editable_set_text (GTK_EDITABLE (row), " pix.lycee-curie.fr/ ");
  g_signal_emit_by_name (row, "apply");
  assert_setting (settings, "server-url", "https://pix.lycee-curie.fr");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://pix.lycee-curie.fr");
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* A refused address is marked and leaves the saved one alone. */
  gtk_editable_set_text (GTK_EDITABLE (row), "ftp://pix.lycee-curie.fr");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  assert_setting (settings, "server-url", "https://pix.lycee-curie.fr");

  g_free (pb_test_save_screenshot (GTK_WIDGET (preferences), "preferences"));

  /* Editing clears the refusal. */
  gtk_editable_set_text (GTK_EDITABLE (row), "pix.lycee-curie.f");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID));

  /* The next preferences window starts from the saved address. */
  gtk_window_destroy (preferences);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = pb_test_find_toplevel (PB_TYPE_PREFERENCES_WINDOW);
  row = pb_test_find_descendant (GTK_WIDGET (preferences), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://pix.lycee-curie.fr");
  gtk_window_destroy (preferences);

  g_settings_reset (settings, "server-url");
  close_all_windows ();
}

static GtkWidget *
entry_row_apply_button (GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = pb_test_find_all (row, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_button_get_icon_name (button), "adw-entry-apply-symbolic") == 0)
        return GTK_WIDGET (button);
    }

  return NULL;
}

/* Once an address is saved, the row must not look unsaved: rewriting it in
 * its normalized form must not bring the apply button back, while the next
 * real edit still does.
 */
static void
test_preferences_apply_button (void)
{
  GSettings *settings = pb_application_get_settings (app);
  g_autofree char *saved = NULL;
  GtkWindow *preferences;
  GtkWidget *row, *apply;

  open_window ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = pb_test_find_toplevel (PB_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  pb_test_wait_for_draw (GTK_WIDGET (preferences));

  row = pb_test_find_descendant (GTK_WIDGET (preferences), ADW_TYPE_ENTRY_ROW, NULL);
  apply = entry_row_apply_button (row);
  g_assert_nonnull (apply);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "pix.lycee-curie.fr/");
  g_assert_true (gtk_widget_get_visible (apply));

  g_signal_emit_by_name (apply, "clicked");
  saved = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (saved, ==, "https://pix.lycee-curie.fr");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://pix.lycee-curie.fr");
  g_assert_false (gtk_widget_get_visible (apply));

  gtk_editable_set_text (GTK_EDITABLE (row), "https://pix.lycee-curie.fr/bureau");
  g_assert_true (gtk_widget_get_visible (apply));

  gtk_window_destroy (preferences);
  g_settings_reset (settings, "server-url");
  close_all_windows ();
}

/* Closing a window saves its state without leaving the application's
 * settings in delay-apply mode: what is set afterwards (the server address,
 * for one) must reach the backend at once, not wait for an apply that never
 * comes.
 */
static void
test_settings_write_through (void)
{
  GSettings *settings = pb_application_get_settings (app);
  g_autoptr(GSettings) other = g_settings_new (APP_ID);
  g_autofree char *seen = NULL;
  PbWindow *window = open_window ();

  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_settings_set_string (settings, "server-url", "https://pix.lycee-curie.fr");
  g_assert_false (g_settings_get_has_unapplied (settings));
  seen = g_settings_get_string (other, "server-url");
  g_assert_cmpstr (seen, ==, "https://pix.lycee-curie.fr");

  g_settings_reset (settings, "server-url");
}

/* Ctrl+Q (app.quit) saves the window state as closing the window does. Runs
 * last: it asks the application to quit.
 */
static void
test_quit_saves_state (void)
{
  GSettings *settings = pb_application_get_settings (app);
  PbWindow *window = open_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 880, 610);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  pb_test_spin (50);

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 880);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_about (void)
{
  PbWindow *window = open_window ();
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = pb_test_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Pix Bureau");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (ADW_ABOUT_WINDOW (about)), ==,
                   french ? "L’équipe Pix Bureau" : "The Pix Bureau team");
  pb_test_wait_for_draw (GTK_WIDGET (about));
  gtk_window_destroy (about);

  close_all_windows ();
}

/* Everything a person can act on must have a name a screen reader can say:
 * a text label of its own, an accessible label, or a labelling widget.
 */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return TRUE;

  return FALSE;
}

static void
assert_named (GtkWidget *root,
              GType      type)
{
  g_autoptr(GPtrArray) widgets = pb_test_find_all (root, type);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      GtkWidget *parent = gtk_widget_get_parent (widget);

      /* A menu button's inner toggle is named through the menu button. */
      if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
        continue;
      /* The window controls (minimize, close…) belong to GTK. */
      if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;

      if (!has_accessible_name (widget))
        g_error ("%s “%s” has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_name (widget));
    }
}

static void
test_accessible_names (void)
{
  PbWindow *window = open_window ();

  assert_named (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  assert_named (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  assert_named (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW);
  assert_named (GTK_WIDGET (window), GTK_TYPE_LIST_BOX);

  close_all_windows ();
}

/* Narrow, the sidebar folds away and a back button leads to it. */
static void
test_folded (void)
{
  PbWindow *window = open_window ();
  GtkWidget *leaflet = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL);
  GtkWidget *back = NULL;
  g_autoptr(GPtrArray) buttons = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  while (!adw_leaflet_get_folded (ADW_LEAFLET (leaflet)))
    g_main_context_iteration (NULL, TRUE);

  buttons = pb_test_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)), "go-previous-symbolic") == 0)
        back = g_ptr_array_index (buttons, i);
    }
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_visible (back));

  /* Folding keeps the view in sight; back leads to the sidebar, and a row
   * leads back to the view.
   */
  g_assert_false (gtk_widget_is_ancestor (sidebar_row (window, "classes"),
                                          adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (gtk_widget_is_ancestor (sidebar_row (window, "classes"),
                                         adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "sessions");
  g_assert_false (gtk_widget_is_ancestor (sidebar_row (window, "classes"),
                                          adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "folded"));

  close_all_windows ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pb_application_setup_i18n ();
  /* No G_TEST_OPTION_ISOLATE_DIRS: it would hide the shared MIME database
   * from XDG_DATA_DIRS, and gdk-pixbuf could no longer recognize SVG icons.
   * Settings live in memory (GSETTINGS_BACKEND=memory) in any case.
   */
  g_test_init (&argc, &argv, NULL);

  french = g_str_has_prefix (g_getenv ("LANGUAGE") ?: "", "fr");

  app = pb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  /* Screenshots show widgets at rest, not halfway through a transition. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/gui/window/sidebar-labels", test_sidebar_labels);
  g_test_add_func ("/gui/window/switch-views", test_switch_views);
  g_test_add_func ("/gui/window/view-shortcuts", test_view_shortcuts);
  g_test_add_func ("/gui/window/sidebar-activation", test_sidebar_activation);
  g_test_add_func ("/gui/window/state-restored", test_state_restored);
  g_test_add_func ("/gui/window/folded", test_folded);
  g_test_add_func ("/gui/window/accessible-names", test_accessible_names);
  g_test_add_func ("/gui/app/shortcuts", test_app_shortcuts);
  g_test_add_func ("/gui/app/preferences-server", test_preferences_server);
  g_test_add_func ("/gui/app/about", test_about);
  g_test_add_func ("/gui/app/preferences-apply-button", test_preferences_apply_button);
  g_test_add_func ("/gui/window/settings-write-through", test_settings_write_through);
  /* Last: it quits the application */
  g_test_add_func ("/gui/app/quit-saves-state", test_quit_saves_state);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_clear_object (&app);

  return ret;
}
