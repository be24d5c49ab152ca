/* test-sign-in.c
 *
 * Signing in and out through the welcome page, against the real
 * pix-bureau-server binary serving a copy of the demo school
 * (pb-test-school.c): a wrong password, a sign-in that lands on the synced
 * main view, and a sign-out that asks first when changes are still unsent,
 * then deletes the cache. Runs in English and in French.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-test-gtk.h"
#include "pb-test-school.h"
#include "pb-welcome-page.h"
#include "pb-window.h"

#define SIGN_IN_TIMEOUT_MS 60000
#define SYNC_TIMEOUT_MS 120000
#define SHORT_TIMEOUT_MS 20000

static PbApplication *app;
static PbWindow *window;
static PbTestSchool *school;
static gboolean french;
static char *data_dir;
static char *cache_path;

static GtkWidget *
named (GType       type,
       const char *name)
{
  return pb_test_find_named (GTK_WIDGET (window), type, name);
}

static void
fill_and_sign_in (const char *email,
                  const char *password)
{
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_ENTRY_ROW, "server-row")), pb_test_school_get_url (school));
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_ENTRY_ROW, "email-row")), email);
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row")), password);
  g_assert_true (gtk_widget_is_sensitive (named (GTK_TYPE_BUTTON, "sign-in-button")));
  g_signal_emit_by_name (named (GTK_TYPE_BUTTON, "sign-in-button"), "clicked");
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
signed_in (gpointer unused)
{
  return pb_window_get_account (window) != NULL && pb_window_get_organization_id (window) != NULL;
}

static gboolean
signed_out (gpointer unused)
{
  return pb_window_get_account (window) == NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_WELCOME_PAGE, NULL)));
}

static PbSyncEngine *
engine (void)
{
  return pb_account_get_sync_engine (pb_window_get_account (window));
}

static gboolean
synced (gpointer unused)
{
  return pb_sync_engine_get_state (engine ()) == PB_SYNC_STATE_IDLE &&
         pb_sync_engine_get_last_sync (engine ()) > 0;
}

/* A wrong password: the French error under the form, the password to type
 * again, no account. */
static void
test_wrong_password (void)
{
  GtkWidget *error_label = named (GTK_TYPE_LABEL, "sign-in-error");
  GtkWidget *password = named (ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row");

  fill_and_sign_in (pb_test_school_get_referent_email (school), "not-the-password");
  g_assert_true (pb_test_school_wait_for (widget_visible, error_label, SIGN_IN_TIMEOUT_MS));

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (error_label)), ==,
                   pb_test_tr ("The e-mail address or the password is wrong.",
                       "L’adresse e-mail ou le mot de passe est incorrect."));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password)), ==, "");
  g_assert_null (pb_window_get_account (window));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "sign-in-wrong-password"));
}

/* The right password: the main view, the school's name, one organization
 * (no switcher), and the first sync done. */
static void
test_sign_in (void)
{
  GtkWidget *sign_in = named (GTK_TYPE_BUTTON, "sign-in-button");
  GtkWidget *error_label = named (GTK_TYPE_LABEL, "sign-in-error");
  GtkWidget *sidebar_title = named (ADW_TYPE_WINDOW_TITLE, "sidebar-title");
  GtkWidget *dropdown = named (GTK_TYPE_DROP_DOWN, "organization-dropdown");
  g_autofree char *organization_id = NULL;
  g_autoptr(GError) error = NULL;

  fill_and_sign_in (pb_test_school_get_referent_email (school),
                    pb_test_school_get_referent_password (school));
  /* Working: the form waits, the earlier error is gone. */
  g_assert_false (gtk_widget_is_sensitive (sign_in));
  g_assert_false (gtk_widget_get_visible (error_label));

  g_assert_true (pb_test_school_wait_for (signed_in, NULL, SIGN_IN_TIMEOUT_MS));
  g_assert_true (pb_application_get_account (app) == pb_window_get_account (window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_WELCOME_PAGE, NULL))));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (sidebar_title)), ==,
                   pb_test_school_get_name (school));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), pb_test_school_get_name (school)));
  g_assert_false (gtk_widget_get_visible (dropdown));

  organization_id = pb_test_school_get_organization_id (pb_window_get_account (window), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_window_get_organization_id (window), ==, organization_id);

  /* The cache lives where the application was told. */
  cache_path = g_strdup (pb_store_get_path (pb_account_get_store (pb_window_get_account (window))));
  g_assert_true (g_str_has_prefix (cache_path, data_dir));
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (pb_test_school_wait_for (synced, NULL, SYNC_TIMEOUT_MS));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "signed-in"));

  /* The password does not stay in the form. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row"))), ==, "");
}

typedef struct
{
  PbStore *store;
  char    *organization_id;
  gboolean done;
  GError  *error;
} Rename;

static gpointer
rename_thread (gpointer data)
{
  Rename *rename = data;
  PbStoreCampaignQuery query = { rename->organization_id, NULL, FALSE, NULL };
  g_autoptr(GPtrArray) campaigns = NULL;
  PbStoreCampaign *campaign;

  campaigns = pb_store_list_campaigns (rename->store, &query, &rename->error);
  if (campaigns != NULL && campaigns->len == 0)
    g_set_error_literal (&rename->error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no campaign");
  if (rename->error == NULL)
    {
      g_autofree char *name = NULL;

      campaign = g_ptr_array_index (campaigns, 0);
      name = g_strconcat (campaign->name, " (hors ligne)", NULL);
      pb_store_rename_campaign (rename->store, campaign->id, name, &rename->error);
    }
  if (campaigns != NULL)
    {
      g_ptr_array_set_free_func (campaigns, (GDestroyNotify) pb_store_campaign_free);
      g_clear_pointer (&campaigns, g_ptr_array_unref);
    }

  g_atomic_int_set (&rename->done, TRUE);
  return NULL;
}

static gboolean
rename_done (gpointer data)
{
  Rename *rename = data;

  return g_atomic_int_get (&rename->done);
}

static gboolean
has_pending (gpointer unused)
{
  return pb_sync_engine_get_pending_count (engine ()) > 0;
}

static gboolean
dialog_shown (gpointer unused)
{
  return pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
cache_gone (gpointer unused)
{
  return !g_file_test (cache_path, G_FILE_TEST_EXISTS);
}

/* Offline, a campaign renamed: signing out would lose it, so the window
 * asks, with the count; confirmed, the cache goes and the welcome page
 * comes back. */
static void
test_sign_out_pending (void)
{
  Rename rename = { 0 };
  g_autoptr(GError) error = NULL;
  GThread *thread;
  GtkWindow *dialog;
  const char *heading;

  g_assert_true (pb_test_school_stop_server (school, &error));
  g_assert_no_error (error);

  rename.store = pb_account_get_store (pb_window_get_account (window));
  rename.organization_id = g_strdup (pb_window_get_organization_id (window));
  thread = g_thread_new ("rename", rename_thread, &rename);
  g_assert_true (pb_test_school_wait_for (rename_done, &rename, SHORT_TIMEOUT_MS));
  g_thread_join (thread);
  g_assert_no_error (rename.error);
  g_free (rename.organization_id);

  g_assert_true (pb_test_school_wait_for (has_pending, NULL, SHORT_TIMEOUT_MS));
  g_assert_cmpuint (pb_sync_engine_get_pending_count (engine ()), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  g_assert_true (pb_test_school_wait_for (dialog_shown, NULL, SHORT_TIMEOUT_MS));
  dialog = pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog));
  g_assert_cmpstr (heading, ==, pb_test_tr ("Sign Out and Lose 1 Unsent Change?",
                                    "Se déconnecter et perdre 1 modification non envoyée ?"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-out"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_free (pb_test_save_screenshot (GTK_WIDGET (dialog), "sign-out-confirm"));

  /* Cancelled: nothing happens. */
  pb_test_click_button (GTK_WIDGET (dialog), pb_test_tr ("_Cancel", "_Annuler"));
  pb_test_spin (100);
  g_assert_null (pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (pb_window_get_account (window));
  g_assert_true (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR));

  /* Confirmed: signed out, the cache deleted. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  g_assert_true (pb_test_school_wait_for (dialog_shown, NULL, SHORT_TIMEOUT_MS));
  dialog = pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  pb_test_click_button (GTK_WIDGET (dialog), pb_test_tr ("_Sign Out", "_Se déconnecter"));

  g_assert_true (pb_test_school_wait_for (signed_out, NULL, SHORT_TIMEOUT_MS));
  g_assert_null (pb_application_get_account (app));
  g_assert_true (pb_test_school_wait_for (cache_gone, NULL, SHORT_TIMEOUT_MS));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "signed-out"));

  g_assert_true (pb_test_school_restart_server (school, &error));
  g_assert_no_error (error);
}

/* Nothing unsent: signing out needs no confirmation. */
static void
test_sign_out_clean (void)
{
  g_clear_pointer (&cache_path, g_free);
  fill_and_sign_in (pb_test_school_get_referent_email (school),
                    pb_test_school_get_referent_password (school));
  g_assert_true (pb_test_school_wait_for (signed_in, NULL, SIGN_IN_TIMEOUT_MS));
  cache_path = g_strdup (pb_store_get_path (pb_account_get_store (pb_window_get_account (window))));
  g_assert_true (pb_test_school_wait_for (synced, NULL, SYNC_TIMEOUT_MS));
  g_assert_cmpuint (pb_sync_engine_get_pending_count (engine ()), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
  pb_test_spin (50);
  g_assert_null (pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (pb_test_school_wait_for (signed_out, NULL, SHORT_TIMEOUT_MS));
  g_assert_true (pb_test_school_wait_for (cache_gone, NULL, SHORT_TIMEOUT_MS));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  pb_application_setup_i18n ();
  g_test_init (&argc, &argv, NULL);

  french = pb_test_in_french ();
  data_dir = g_dir_make_tmp ("pb-test-sign-in-XXXXXX", NULL);
  g_assert_nonnull (data_dir);

  school = pb_test_school_new (&error);
  g_assert_no_error (error);

  app = pb_test_app_new (data_dir);
  window = pb_test_app_open_window (app);

  /* In order: each step starts where the previous one left the window. */
  g_test_add_func ("/gui/sign-in/wrong-password", test_wrong_password);
  g_test_add_func ("/gui/sign-in/sign-in", test_sign_in);
  g_test_add_func ("/gui/sign-in/sign-out-pending", test_sign_out_pending);
  g_test_add_func ("/gui/sign-in/sign-out-clean", test_sign_out_clean);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  pb_test_school_free (school);
  g_free (cache_path);
  pb_test_remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}
