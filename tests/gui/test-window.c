/* test-window.c
 *
 * The real application and main window with no account, driven in-process
 * under Xvfb: the welcome page, what the main page holds, the window's
 * state, the application's actions. (The signed-in window is tested on the
 * demo school in test-demo.c and test-sign-in.c.) Runs in English and in
 * French (LANGUAGE=fr); the expected labels follow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pb-api-client.h"
#include "pb-application.h"
#include "pb-campaigns-view.h"
#include "pb-classes-view.h"
#include "pb-conflicts-view.h"
#include "pb-offline-banner.h"
#include "pb-sync-indicator.h"
#include "pb-test-gtk.h"
#include "pb-welcome-page.h"
#include "pb-window.h"

#define WAIT_TIMEOUT_MS 20000

static PbApplication *app;
static gboolean french;
static char *data_dir;

typedef struct
{
  const char *name;
  const char *english;
  const char *french;
} View;

static const View views[] = {
  { "classes", "Classes", "Classes" },
  { "campaigns", "Campaigns", "Campagnes" },
  { "profiles", "Profiles", "Profils" },
  { "sessions", "Sessions", "Sessions" },
  { "conflicts", "Conflicts", "Conflits" },
};

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

static PbWelcomePage *
welcome_page (PbWindow *window)
{
  GtkWidget *page = pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_WELCOME_PAGE, NULL);

  g_assert_nonnull (page);
  return PB_WELCOME_PAGE (page);
}

static const char *
label_text (GtkWidget *label)
{
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
fill (GtkWidget  *page,
      const char *server,
      const char *email,
      const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (pb_test_find_named (page, ADW_TYPE_ENTRY_ROW, "server-row")), server);
  gtk_editable_set_text (GTK_EDITABLE (pb_test_find_named (page, ADW_TYPE_ENTRY_ROW, "email-row")), email);
  gtk_editable_set_text (GTK_EDITABLE (pb_test_find_named (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row")), password);
}

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  g_assert_cmpstr (value, ==, expected);
}

/* With no account, the window opens on the welcome page. */
static void
test_welcome_shown (void)
{
  PbWindow *window = open_window ();
  GtkWidget *page = GTK_WIDGET (welcome_page (window));
  GtkWidget *status = pb_test_find_descendant (page, ADW_TYPE_STATUS_PAGE, NULL);
  GtkWidget *group = pb_test_find_descendant (page, ADW_TYPE_PREFERENCES_GROUP, NULL);
  GtkWidget *demo = pb_test_find_named (page, GTK_TYPE_BUTTON, "demo-button");
  GtkWidget *sign_in = pb_test_find_named (page, GTK_TYPE_BUTTON, "sign-in-button");
  GtkWidget *sign_in_label = pb_test_find_descendant (sign_in, GTK_TYPE_LABEL, NULL);

  g_assert_null (pb_window_get_account (window));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_false (gtk_widget_get_mapped (pb_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_LEAFLET, NULL)));

  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   pb_test_tr ("Welcome to Pix Bureau", "Bienvenue dans Pix Bureau"));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)), ==,
                   pb_test_tr ("Connect to a Server", "Se connecter à un serveur"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pb_test_find_named (page, ADW_TYPE_ENTRY_ROW, "server-row"))), ==,
                   pb_test_tr ("Server Address", "Adresse du serveur"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pb_test_find_named (page, ADW_TYPE_ENTRY_ROW, "email-row"))), ==,
                   pb_test_tr ("E-mail Address", "Adresse e-mail"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pb_test_find_named (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row"))), ==,
                   pb_test_tr ("Password", "Mot de passe"));
  g_assert_cmpstr (label_text (sign_in_label), ==, pb_test_tr ("_Sign In", "_Se connecter"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (demo)), ==,
                   pb_test_tr ("_Try With a Demo School", "_Essayer avec une école de démonstration"));
  g_assert_true (gtk_widget_has_css_class (sign_in, "suggested-action"));
  g_assert_true (gtk_widget_is_sensitive (demo));

  /* Signed out, the sign-out and the sync have nothing to act on. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync-now", NULL);
  pb_test_spin (50);
  g_assert_null (pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_get_mapped (page));

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "welcome"));

  close_all_windows ();
}

/* Se connecter waits for the three fields. */
static void
test_sign_in_needs_form (void)
{
  PbWindow *window = open_window ();
  GtkWidget *page = GTK_WIDGET (welcome_page (window));
  GtkWidget *sign_in = pb_test_find_named (page, GTK_TYPE_BUTTON, "sign-in-button");

  g_assert_false (gtk_widget_is_sensitive (sign_in));
  fill (page, "pix.lycee-curie.fr", "referente@lycee-curie.fr", "");
  g_assert_false (gtk_widget_is_sensitive (sign_in));
  fill (page, "pix.lycee-curie.fr", "   ", "secret");
  g_assert_false (gtk_widget_is_sensitive (sign_in));
  fill (page, "pix.lycee-curie.fr", "referente@lycee-curie.fr", "secret");
  g_assert_true (gtk_widget_is_sensitive (sign_in));
  fill (page, "", "referente@lycee-curie.fr", "secret");
  g_assert_false (gtk_widget_is_sensitive (sign_in));

  close_all_windows ();
}

static void
sign_in_requested_cb (PbWelcomePage *page,
                      const char    *server_url,
                      const char    *email,
                      const char    *password,
                      guint         *count)
{
  (*count)++;
}

/* A refused address is said under the form, on the row, and never sent. */
static void
test_invalid_address (void)
{
  PbWindow *window = open_window ();
  GtkWidget *page = GTK_WIDGET (welcome_page (window));
  GtkWidget *error_label = pb_test_find_named (page, GTK_TYPE_LABEL, "sign-in-error");
  GtkWidget *server_row = pb_test_find_named (page, ADW_TYPE_ENTRY_ROW, "server-row");
  guint requests = 0;

  g_signal_connect (page, "sign-in-requested", G_CALLBACK (sign_in_requested_cb), &requests);

  g_assert_false (gtk_widget_get_visible (error_label));
  fill (page, "ftp://pix.lycee-curie.fr", "referente@lycee-curie.fr", "secret");
  g_signal_emit_by_name (pb_test_find_named (page, GTK_TYPE_BUTTON, "sign-in-button"), "clicked");

  g_assert_cmpuint (requests, ==, 0);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (label_text (error_label), ==,
                   pb_test_tr ("Only http:// and https:// addresses are supported",
                       "Seules les adresses http:// et https:// sont prises en charge"));
  g_assert_true (gtk_widget_has_css_class (server_row, "error"));
  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (server_row), GTK_ACCESSIBLE_STATE_INVALID));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "welcome-invalid-address"));

  /* Editing clears the mark. */
  gtk_editable_set_text (GTK_EDITABLE (server_row), "pix.lycee-curie.f");
  g_assert_false (gtk_widget_has_css_class (server_row, "error"));

  /* Enter in a row of a complete form signs in, with the address
   * normalized. */
  gtk_editable_set_text (GTK_EDITABLE (server_row), " 127.0.0.1:1/ ");
  g_signal_emit_by_name (pb_test_find_named (page, ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row"), "entry-activated");
  g_assert_cmpuint (requests, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, "http://127.0.0.1:1");

  close_all_windows ();
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins until @widget is visible, or WAIT_TIMEOUT_MS pass. */
static gboolean
wait_until_visible (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_TIMEOUT_MS, timeout_cb, &timed_out);

  while (!gtk_widget_get_visible (widget) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return gtk_widget_get_visible (widget);
}

/* No server there: the sign-in fails, and says so in words. */
static void
test_unreachable_server (void)
{
  PbWindow *window = open_window ();
  GtkWidget *page = GTK_WIDGET (welcome_page (window));
  GtkWidget *error_label = pb_test_find_named (page, GTK_TYPE_LABEL, "sign-in-error");
  GtkWidget *sign_in = pb_test_find_named (page, GTK_TYPE_BUTTON, "sign-in-button");

  /* Port 1 on loopback: refused at once. */
  fill (page, "http://127.0.0.1:1", "referente@lycee-curie.fr", "secret");
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_false (gtk_widget_is_sensitive (sign_in));

  g_assert_true (wait_until_visible (error_label));
  g_assert_cmpstr (label_text (error_label), ==,
                   pb_test_tr ("The server cannot be reached. Check its address and your network connection.",
                       "Le serveur est injoignable. Vérifiez son adresse et votre connexion réseau."));
  g_assert_null (pb_window_get_account (window));
  /* The form is back, as typed. */
  g_assert_true (gtk_widget_is_sensitive (sign_in));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "welcome-unreachable"));

  close_all_windows ();
}

/* The messages of the other failures, as the page words them. */
static void
test_error_messages (void)
{
  g_autoptr(GError) wrong = g_error_new_literal (PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS, "401");
  g_autoptr(GError) busy = g_error_new_literal (PB_API_ERROR, PB_API_ERROR_TOO_MANY_ATTEMPTS,
                                                 "Trop de tentatives : réessayez dans 42 s");
  g_autoptr(GError) broken = g_error_new_literal (PB_API_ERROR, PB_API_ERROR_SERVER, "HTTP 500");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  g_autofree char *wrong_text = pb_welcome_page_describe_error (wrong);
  g_autofree char *busy_text = pb_welcome_page_describe_error (busy);
  g_autofree char *broken_text = pb_welcome_page_describe_error (broken);

  g_assert_cmpstr (wrong_text, ==,
                   pb_test_tr ("The e-mail address or the password is wrong.",
                       "L’adresse e-mail ou le mot de passe est incorrect."));
  /* The API client says how long to wait, in French already. */
  g_assert_cmpstr (busy_text, ==, "Trop de tentatives : réessayez dans 42 s");
  g_assert_cmpstr (broken_text, ==,
                   pb_test_tr ("The server met an error. Try again later.",
                       "Le serveur a rencontré une erreur. Réessayez plus tard."));
  g_assert_null (pb_welcome_page_describe_error (cancelled));
}

/* The main page holds every view, ready for an account. */
static void
test_main_page_structure (void)
{
  PbWindow *window = open_window ();
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *stack = pb_test_find_descendant (root, ADW_TYPE_VIEW_STACK, NULL);
  GtkWidget *dropdown = pb_test_find_named (root, GTK_TYPE_DROP_DOWN, "organization-dropdown");
  GtkWidget *indicator = pb_test_find_descendant (root, PB_TYPE_SYNC_INDICATOR, NULL);
  GtkWidget *banner = pb_test_find_descendant (root, PB_TYPE_OFFLINE_BANNER, NULL);

  g_assert_nonnull (pb_test_find_descendant (root, PB_TYPE_CLASSES_VIEW, NULL));
  g_assert_nonnull (pb_test_find_descendant (root, PB_TYPE_CAMPAIGNS_VIEW, NULL));
  g_assert_nonnull (pb_test_find_descendant (root, PB_TYPE_CONFLICTS_VIEW, NULL));
  g_assert_nonnull (indicator);
  g_assert_nonnull (banner);

  /* The indicator at the end of the content's header bar, the banner
   * right above the views. */
  g_assert_nonnull (gtk_widget_get_ancestor (indicator, ADW_TYPE_HEADER_BAR));
  g_assert_true (gtk_widget_get_next_sibling (banner) == stack);

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), views[i].name);
      GtkWidget *row = pb_test_find_named (root, GTK_TYPE_LIST_BOX_ROW, views[i].name);
      GtkWidget *label = pb_test_find_descendant (row, GTK_TYPE_LABEL, NULL);

      g_assert_nonnull (child);
      g_assert_cmpstr (adw_view_stack_page_get_title (adw_view_stack_get_page (ADW_VIEW_STACK (stack), child)), ==,
                       pb_test_tr (views[i].english, views[i].french));
      g_assert_cmpstr (label_text (label), ==, pb_test_tr (views[i].english, views[i].french));
    }

  /* Conflits shows only when there are conflicts; the organization
   * switcher only for several organizations. */
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (root, GTK_TYPE_LIST_BOX_ROW, "conflicts")));
  g_assert_false (gtk_widget_get_visible (dropdown));

  /* Profils and Sessions keep their empty states. */
  g_assert_true (ADW_IS_STATUS_PAGE (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "profiles")));
  g_assert_true (ADW_IS_STATUS_PAGE (adw_view_stack_get_child_by_name (ADW_VIEW_STACK (stack), "sessions")));

  close_all_windows ();
}

static void
test_state_restored (void)
{
  GSettings *settings = pb_application_get_settings (app);
  PbWindow *window = open_window ();
  int width, height;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  window = open_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  /* Wider than the schema allows (several screens): saved clamped. */
  gtk_window_set_default_size (GTK_WINDOW (window), 12000, 640);
  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 10000);

  /* A Conflits view remembered from last time may be gone: the window
   * starts on Classes. */
  g_settings_set_string (settings, "last-view", "conflicts");
  window = open_window ();
  g_assert_cmpstr (pb_window_get_view (window), ==, "classes");

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
  gboolean found_sync = FALSE;
  g_autoptr(GPtrArray) shortcuts = NULL;

  assert_accel ("app.quit", "<Control>q");
  assert_accel ("win.show-help-overlay", "<Control>question");
  /* The server address moved to the sign-in: no preferences any more. */
  g_assert_false (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));

  /* The shortcuts window lists the view shortcuts under their own names. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  shortcuts = pb_test_find_all (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i), "title", &title, "accelerator", &accelerator,
                    "action-name", &action, NULL);
      g_assert_cmpstr (action, !=, "app.preferences");
      if (g_strcmp0 (accelerator, "<Control>2") == 0)
        {
          g_assert_cmpstr (title, ==, pb_test_tr (views[1].english, views[1].french));
          found_campaigns = TRUE;
        }
      if (g_strcmp0 (accelerator, "<Control>r") == 0)
        {
          g_assert_cmpstr (title, ==, pb_test_tr ("Sync Now", "Synchroniser maintenant"));
          found_sync = TRUE;
        }
    }
  g_assert_true (found_campaigns);
  g_assert_true (found_sync);

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  pb_test_wait_for_draw (GTK_WIDGET (overlay));
  g_free (pb_test_save_screenshot (GTK_WIDGET (overlay), "shortcuts"));
  gtk_window_close (GTK_WINDOW (overlay));

  close_all_windows ();
}

/* Closing a window saves its state without leaving the application's
 * settings in delay-apply mode: what is set afterwards (the organization
 * chosen, for one) must reach the backend at once.
 */
static void
test_settings_write_through (void)
{
  GSettings *settings = pb_application_get_settings (app);
  g_autoptr(GSettings) other = g_settings_new (APP_ID);
  PbWindow *window = open_window ();

  gtk_window_close (GTK_WINDOW (window));
  pb_test_spin (50);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  g_settings_set_string (settings, "organization-id", "0190a1b2-0000-7000-8000-000000000001");
  g_assert_false (g_settings_get_has_unapplied (settings));
  assert_setting (other, "organization-id", "0190a1b2-0000-7000-8000-000000000001");

  g_settings_reset (settings, "organization-id");
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
                   pb_test_tr ("The Pix Bureau team", "L’équipe Pix Bureau"));
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

  /* A preferences row is named by its title. */
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      *adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)) != '\0')
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
      /* The window controls (minimize, close…) belong to GTK, and so do
       * the entry rows' own inner buttons (apply, show password). */
      if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL ||
          (widget != root && gtk_widget_get_ancestor (parent, ADW_TYPE_ENTRY_ROW) != NULL))
        continue;

      if (!has_accessible_name (widget))
        g_error ("%s “%s” in %s has no accessible name", G_OBJECT_TYPE_NAME (widget),
                 gtk_widget_get_name (widget), G_OBJECT_TYPE_NAME (parent));
    }
}

static void
test_accessible_names (void)
{
  PbWindow *window = open_window ();
  GtkWidget *page = GTK_WIDGET (welcome_page (window));
  g_autoptr(GPtrArray) rows = pb_test_find_all (page, ADW_TYPE_ENTRY_ROW);

  g_assert_cmpuint (rows->len, ==, 3);
  assert_named (page, GTK_TYPE_BUTTON);
  assert_named (page, ADW_TYPE_ENTRY_ROW);
  assert_named (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  assert_named (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  assert_named (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW);
  assert_named (GTK_WIDGET (window), GTK_TYPE_LIST_BOX);
  assert_named (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN);

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
   * Settings live in memory (GSETTINGS_BACKEND=memory); accounts in a
   * directory of the test's own, so the welcome page shows whatever this
   * machine's user signed in to.
   */
  g_test_init (&argc, &argv, NULL);

  french = pb_test_in_french ();
  data_dir = g_dir_make_tmp ("pb-test-window-XXXXXX", NULL);
  g_assert_nonnull (data_dir);

  app = pb_test_app_new (data_dir);

  g_test_add_func ("/gui/welcome/shown", test_welcome_shown);
  g_test_add_func ("/gui/welcome/sign-in-needs-form", test_sign_in_needs_form);
  g_test_add_func ("/gui/welcome/invalid-address", test_invalid_address);
  g_test_add_func ("/gui/welcome/unreachable-server", test_unreachable_server);
  g_test_add_func ("/gui/welcome/error-messages", test_error_messages);
  g_test_add_func ("/gui/window/main-page-structure", test_main_page_structure);
  g_test_add_func ("/gui/window/state-restored", test_state_restored);
  g_test_add_func ("/gui/window/accessible-names", test_accessible_names);
  g_test_add_func ("/gui/app/shortcuts", test_app_shortcuts);
  g_test_add_func ("/gui/app/about", test_about);
  g_test_add_func ("/gui/window/settings-write-through", test_settings_write_through);
  /* Last: it quits the application */
  g_test_add_func ("/gui/app/quit-saves-state", test_quit_saves_state);

  ret = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_clear_object (&app);
  g_rmdir (data_dir);
  g_free (data_dir);

  return ret;
}
