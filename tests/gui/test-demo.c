/* test-demo.c
 *
 * `pix-bureau --demo`, in-process: the application serves a copy of the
 * demo school with the server's own code (PbDemoHost), signs in as its
 * referent and syncs; the Classes and Campagnes views fill. Then the signed-in
 * window itself: views, shortcuts, folding, accessible names. Last, stopping
 * the host removes its temporary directory. Runs in English and in French.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-campaigns-view.h"
#include "pb-classes-view.h"
#include "pb-test-gtk.h"
#include "pb-welcome-page.h"
#include "pb-window.h"

/* A first sync of 1 300 pupils, under valgrind-slow machines too. */
#define START_TIMEOUT_MS 120000
#define VIEW_TIMEOUT_MS 30000

static PbApplication *app;
static PbWindow *window;
static gboolean french;
static char *data_dir;

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

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main context until @condition holds or @timeout_ms pass. */
static gboolean
wait_for (gboolean (*condition) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return condition (data);
}

static const char *
content_title (void)
{
  GtkWidget *title = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "content-title");

  g_assert_nonnull (title);
  return adw_window_title_get_title (ADW_WINDOW_TITLE (title));
}

static GtkWidget *
sidebar_row (const char *view)
{
  GtkWidget *row = pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, view);

  g_assert_nonnull (row);
  return row;
}

/* The rows the view's tables hold, whatever their number. */
static guint
n_table_rows (GtkWidget *view)
{
  g_autoptr(GPtrArray) tables = pb_test_find_all (view, GTK_TYPE_COLUMN_VIEW);
  guint n = 0;

  for (guint i = 0; i < tables->len; i++)
    {
      GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (g_ptr_array_index (tables, i)));

      if (model != NULL)
        n += g_list_model_get_n_items (model);
    }

  return n;
}

static gboolean
has_rows (gpointer view)
{
  return n_table_rows (view) > 0;
}

static gboolean
signed_in (gpointer unused)
{
  return pb_window_get_account (window) != NULL && pb_window_get_organization_id (window) != NULL;
}

static gboolean
first_sync_done (gpointer unused)
{
  PbAccount *account = pb_window_get_account (window);
  PbSyncEngine *engine = account != NULL ? pb_account_get_sync_engine (account) : NULL;

  return engine != NULL &&
         pb_sync_engine_get_state (engine) == PB_SYNC_STATE_IDLE &&
         pb_sync_engine_get_last_sync (engine) > 0;
}

/* The demo button's path: preparing, then signed in to the demo school,
 * synced. */
static void
test_demo_start (void)
{
  GtkWidget *preparing = pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LABEL, "preparing-label");
  GtkWidget *sidebar_title = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, "sidebar-title");
  PbDemoHost *host;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *app_dir = NULL;

  g_assert_nonnull (preparing);
  g_assert_null (pb_window_get_account (window));

  g_signal_emit_by_name (pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, "demo-button"), "clicked");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (preparing)), ==,
                   french ? "Préparation de l’école de démonstration…" : "Preparing the demo school…");
  pb_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (preparing));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "demo-preparing"));

  g_assert_true (wait_for (signed_in, NULL, START_TIMEOUT_MS));
  g_test_message ("signed in to the demo school after %.1f s",
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);

  host = pb_application_get_demo_host (app);
  g_assert_nonnull (host);
  g_assert_true (pb_demo_host_is_running (host));
  g_assert_true (g_str_has_prefix (pb_demo_host_get_url (host), "http://127.0.0.1:"));
  g_assert_cmpstr (pb_demo_host_get_school_name (host), ==, "Lycée Marie Curie (démo)");

  /* The demo's cache is the demo's, not beside the user's accounts. */
  app_dir = g_build_filename (pb_demo_host_get_dir (host), "app", NULL);
  g_assert_true (g_str_has_prefix (pb_store_get_path (pb_account_get_store (pb_window_get_account (window))), app_dir));
  g_assert_true (g_file_test (app_dir, G_FILE_TEST_IS_DIR));

  /* The school's name in the sidebar's title and the window's. */
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (sidebar_title)), ==, "Lycée Marie Curie (démo)");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "Lycée Marie Curie (démo)"));
  g_assert_false (gtk_widget_get_mapped (preparing));

  g_assert_true (wait_for (first_sync_done, NULL, START_TIMEOUT_MS));
  g_test_message ("first sync done after %.1f s",
                  (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC);
}

static void
test_classes_filled (void)
{
  GtkWidget *view = pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_CLASSES_VIEW, NULL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "classes");
  g_assert_true (wait_for (has_rows, view, VIEW_TIMEOUT_MS));
  g_test_message ("Classes shows %u learners", n_table_rows (view));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "demo-classes"));
}

static void
test_campaigns_filled (void)
{
  GtkWidget *view = pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_CAMPAIGNS_VIEW, NULL);
  GtkWidget *all;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "campaigns");
  /* The referent's own campaigns first; the school's five in "all". */
  all = pb_test_find_descendant (view, GTK_TYPE_TOGGLE_BUTTON, "all-button");
  if (!wait_for (has_rows, view, 2000) && all != NULL)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (all), TRUE);
  g_assert_true (wait_for (has_rows, view, VIEW_TIMEOUT_MS));
  g_test_message ("Campagnes shows %u campaigns", n_table_rows (view));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "demo-campaigns"));
}

/* One organization: no switcher. */
static void
test_one_organization (void)
{
  GtkWidget *dropdown = pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, "organization-dropdown");

  g_assert_nonnull (dropdown);
  g_assert_false (gtk_widget_get_visible (dropdown));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), ==, 1);
}

static void
test_sidebar_labels (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *row = sidebar_row (views[i].name);
      GtkWidget *label = pb_test_find_descendant (row, GTK_TYPE_LABEL, NULL);

      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, expected_title (&views[i]));
      g_assert_true (gtk_widget_is_visible (row));
    }
}

/* Every view through its action, with a screenshot of each. */
static void
test_switch_views (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_autofree char *shot_name = g_strconcat ("view-", views[i].name, NULL);
      g_autofree char *path = NULL;
      GStatBuf st;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", views[i].name);

      g_assert_cmpstr (pb_window_get_view (window), ==, views[i].name);
      g_assert_cmpstr (content_title (), ==, expected_title (&views[i]));
      g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (sidebar_row (views[i].name))));

      path = pb_test_save_screenshot (GTK_WIDGET (window), shot_name);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 1000);
    }
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

static void
activate_shortcut (const char *accelerator)
{
  GtkShortcut *shortcut = find_shortcut (GTK_WIDGET (window), accelerator);

  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (window),
                                               gtk_shortcut_get_arguments (shortcut)));
}

/* Ctrl+1 … Ctrl+4: the window's own key bindings, found by their trigger and
 * activated as GTK would on the key press; Ctrl+R syncs.
 */
static void
test_view_shortcuts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      guint j = G_N_ELEMENTS (views) - 1 - i;
      g_autofree char *accelerator = g_strdup_printf ("<Control>%s", gdk_keyval_name (views[j].keyval));

      activate_shortcut (accelerator);
      g_assert_cmpstr (pb_window_get_view (window), ==, views[j].name);
      g_assert_cmpstr (content_title (), ==, expected_title (&views[j]));
    }

  g_assert_null (find_shortcut (GTK_WIDGET (window), "<Control>5"));

  activate_shortcut ("<Control>r");
  g_assert_true (wait_for (first_sync_done, NULL, START_TIMEOUT_MS));
}

static void
test_sidebar_activation (void)
{
  GtkWidget *row = sidebar_row ("profiles");

  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (pb_window_get_view (window), ==, "profiles");

  row = sidebar_row ("sessions");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_cmpstr (pb_window_get_view (window), ==, "sessions");

  /* Arrow keys only select rows: the view follows the selection. */
  gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (row)),
                           GTK_LIST_BOX_ROW (sidebar_row ("campaigns")));
  g_assert_cmpstr (pb_window_get_view (window), ==, "campaigns");
  g_assert_cmpstr (content_title (), ==, expected_title (&views[1]));

  /* An unknown view is ignored rather than leaving an empty page. */
  pb_window_set_view (window, "nowhere");
  g_assert_cmpstr (pb_window_get_view (window), ==, "campaigns");

  /* No conflicts in a fresh demo: no Conflits row. */
  g_assert_false (gtk_widget_get_visible (sidebar_row ("conflicts")));
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  return GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL;
}

/* The shell's own controls: the header bars, the sidebar, the switcher.
 * (The views check theirs.) */
static void
test_accessible_names (void)
{
  GtkWidget *leaflet = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL);
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  GtkWidget *sidebar = gtk_widget_get_first_child (leaflet);
  g_autoptr(GPtrArray) buttons = pb_test_find_all (sidebar, GTK_TYPE_BUTTON);
  g_autoptr(GPtrArray) rows = pb_test_find_all (sidebar, GTK_TYPE_LIST_BOX_ROW);

  g_ptr_array_extend (widgets, buttons, NULL, NULL);
  g_ptr_array_extend (widgets, rows, NULL, NULL);
  g_ptr_array_add (widgets, pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, "organization-dropdown"));
  g_ptr_array_add (widgets, pb_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, NULL));

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      GtkWidget *parent = gtk_widget_get_parent (widget);

      if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
        continue;
      if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
        continue;
      if (!has_accessible_name (widget))
        g_error ("%s “%s” has no accessible name", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
    }
}

static gboolean
is_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

/* Narrow, the sidebar folds away and a back button leads to it. Runs last
 * of the window's tests: it leaves the window narrow. */
static void
test_folded (void)
{
  GtkWidget *leaflet = pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL);
  GtkWidget *back = NULL;
  g_autoptr(GPtrArray) buttons = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (wait_for (is_folded, leaflet, VIEW_TIMEOUT_MS));

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
  g_assert_false (gtk_widget_is_ancestor (sidebar_row ("classes"),
                                          adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (gtk_widget_is_ancestor (sidebar_row ("classes"),
                                         adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "sessions");
  g_assert_false (gtk_widget_is_ancestor (sidebar_row ("classes"),
                                          adw_leaflet_get_visible_child (ADW_LEAFLET (leaflet))));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "folded"));
}

/* Stopping the host stops the server and deletes the copy of the school
 * and the demo account's cache with it. */
static void
test_demo_stop (void)
{
  PbDemoHost *host = pb_application_get_demo_host (app);
  PbAccount *account = pb_window_get_account (window);
  g_autofree char *dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  g_assert_nonnull (host);
  dir = g_strdup (pb_demo_host_get_dir (host));
  url = g_strdup (pb_demo_host_get_url (host));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  pb_sync_engine_stop (pb_account_get_sync_engine (account));
  pb_demo_host_stop (host);

  g_assert_false (pb_demo_host_is_running (host));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  /* Nobody listens there any more. */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri), NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/* A host with no demo school says so, and leaves nothing behind. */
static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (pb_demo_host_start_finish (PB_DEMO_HOST (source), result, error));
}

static gboolean
error_set (gpointer data)
{
  GError **error = data;

  return *error != NULL;
}

static void
test_missing_school (void)
{
  g_autoptr(PbDemoHost) host = pb_demo_host_new ();
  g_autofree char *saved = g_strdup (g_getenv ("PB_DEMO_SCHOOL_DIR"));
  g_autofree char *dir = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PB_DEMO_SCHOOL_DIR", "/nonexistent/demo-school", TRUE);
  pb_demo_host_start_async (host, NULL, stopped_cb, &error);
  g_assert_true (wait_for (error_set, &error, VIEW_TIMEOUT_MS));
  g_setenv ("PB_DEMO_SCHOOL_DIR", saved, TRUE);

  g_assert_error (error, PB_DEMO_HOST_ERROR, PB_DEMO_HOST_ERROR_NO_SCHOOL);
  g_assert_nonnull (strstr (error->message, "/nonexistent/demo-school"));
  message = pb_welcome_page_describe_error (error);
  g_assert_cmpstr (message, ==, error->message);
  if (french)
    g_assert_nonnull (strstr (error->message, "L’école de démonstration est introuvable"));

  dir = g_strdup (pb_demo_host_get_dir (host));
  pb_demo_host_stop (host);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  pb_application_setup_i18n ();
  g_test_init (&argc, &argv, NULL);

  french = pb_test_in_french ();
  data_dir = g_dir_make_tmp ("pb-test-demo-XXXXXX", NULL);
  g_assert_nonnull (data_dir);

  app = pb_test_app_new (data_dir);
  window = pb_test_app_open_window (app);

  /* In order: each step starts where the previous one left the window. */
  g_test_add_func ("/gui/demo/start", test_demo_start);
  g_test_add_func ("/gui/demo/classes-filled", test_classes_filled);
  g_test_add_func ("/gui/demo/campaigns-filled", test_campaigns_filled);
  g_test_add_func ("/gui/demo/one-organization", test_one_organization);
  g_test_add_func ("/gui/demo/sidebar-labels", test_sidebar_labels);
  g_test_add_func ("/gui/demo/switch-views", test_switch_views);
  g_test_add_func ("/gui/demo/view-shortcuts", test_view_shortcuts);
  g_test_add_func ("/gui/demo/sidebar-activation", test_sidebar_activation);
  g_test_add_func ("/gui/demo/accessible-names", test_accessible_names);
  g_test_add_func ("/gui/demo/folded", test_folded);
  g_test_add_func ("/gui/demo/stop", test_demo_stop);
  g_test_add_func ("/gui/demo/missing-school", test_missing_school);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  g_rmdir (data_dir);
  g_free (data_dir);

  return ret;
}
