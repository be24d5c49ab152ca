/* test-restore.c
 *
 * What a person finds when Pix Bureau starts again: the account signed in
 * last, its cached classes and campaigns, and the sync, whether the server
 * still accepts the session or not. Each "start" is a new PbApplication and
 * PbWindow on the same data directory and the same settings
 * (GSETTINGS_BACKEND=memory: one store per process), run by
 * g_application_run() as `pix-bureau` runs it and quit through app.quit
 * as Ctrl+Q quits, against the real pix-bureau-server binary serving a
 * copy of the demo school (pb-test-school.c). Without a Secret Service
 * (none here, on purpose) refresh tokens live in this process's memory
 * only: the test clears them to play a restart of the process.
 *
 * Also the sync indicator's "Last synced …" line for today, yesterday,
 * older days and a clock put back (pb-sync-time.c).
 *
 * Runs in English and in French (LANGUAGE=fr). The restore cases run in
 * order: each start begins where the previous one left the data directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pb-application.h"
#include "pb-campaign-item.h"
#include "pb-campaigns-view.h"
#include "pb-credentials.h"
#include "pb-offline-banner.h"
#include "pb-sync-indicator.h"
#include "pb-sync-time.h"
#include "pb-test-gtk.h"
#include "pb-test-school.h"
#include "pb-welcome-page.h"
#include "pb-window.h"

#define SIGN_IN_TIMEOUT_MS  60000
#define SYNC_TIMEOUT_MS    120000
#define UI_TIMEOUT_MS       30000
#define RELEASE_TIMEOUT_MS  30000

#define T(english, french_text) (french ? (french_text) : (english))

static gboolean french;
static PbTestSchool *school;
static char *data_dir;
static SoupSession *http;

/* The start under way. */
static PbApplication *app;
static PbWindow *window;
static gboolean welcome_mapped;     /* the welcome page was mapped with no account */
static gpointer weak_account;       /* the start's account and cache, until released */
static gpointer weak_store;

/* Checked during the starts, reported by their own case. */
static guint n_restored_starts;
static guint welcome_flashes;       /* restored starts that mapped the welcome page */

/* What the first start signed in to and showed, for the next ones. */
static char *server_url;
static char *user_id;
static char *email;
static char *cache_path;
static char *organization_id;
static char *organization_name;
static GPtrArray *divisions;        /* the cache's classes, "name (learners)", sorted */
static guint n_learners;            /* …and their learners */
static GPtrArray *campaigns;        /* the cache's active campaigns, names sorted */
static gint64 last_sync;            /* the last sync that reached the server */
static char *renamed_id;            /* the campaign renamed offline */
static char *renamed_from;
static char *renamed_to;

/* ------------------------------------------------------------------ */
/* Waiting                                                             */

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((int *)data) != 0;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *)data == NULL;
}

static void
assert_wait (gboolean  (*condition) (gpointer),
             gpointer    data,
             guint       timeout_ms,
             const char *what)
{
  if (!pb_test_school_wait_for (condition, data, timeout_ms))
    g_error ("Timed out after %u ms waiting for %s", timeout_ms, what);
}

typedef gpointer (*Work) (gpointer data, GError **error);

typedef struct
{
  Work      work;
  gpointer  data;
  gpointer  result;
  GError   *error;
  int       done;
} Job;

static gpointer
job_thread (gpointer data)
{
  Job *job = data;

  job->result = job->work (job->data, &job->error);
  g_atomic_int_set (&job->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* The store blocks: its calls run in a thread, as the app runs them. */
static gpointer
run_in_thread (Work      work,
               gpointer  data,
               GError  **error)
{
  Job job = { work, data, NULL, NULL, 0 };
  GThread *thread = g_thread_new ("pb-test-store", job_thread, &job);

  /* No timeout on the join: the thread must not outlive `job`. */
  g_assert_true (pb_test_school_wait_for (flag_set, &job.done, SYNC_TIMEOUT_MS));
  g_thread_join (thread);
  if (job.error != NULL)
    g_propagate_error (error, job.error);
  return job.result;
}

/* ------------------------------------------------------------------ */
/* The server, over plain HTTP (another client of the same user)       */

/* POSTs @form to @path; returns the status and the JSON answer, if any. */
/* One request to the school's server; its status, and its JSON answer in
 * @answer when there is one. */
static guint
http_send (const char  *method,
           const char  *path,
           const char  *form,
           const char  *access_token,
           JsonNode   **answer)
{
  g_autofree char *url = g_strconcat (pb_test_school_get_url (school), path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (form != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
    }
  if (access_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", access_token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", bearer);
    }
  reply = soup_session_send_and_read (http, message, NULL, &error);
  g_assert_no_error (error);

  if (answer != NULL)
    *answer = g_bytes_get_size (reply) > 0 &&
              json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL)
              ? json_parser_steal_root (parser) : NULL;
  return soup_message_get_status (message);
}

static guint
http_post_form (const char  *path,
                const char  *form,
                JsonNode   **answer)
{
  return http_send ("POST", path, form, NULL, answer);
}

/* The campaign renamed offline, as the server has it now: read by a
 * client of its own, signed in with the password. */
static void
assert_rename_on_server (void)
{
  g_autofree char *form = soup_form_encode ("grant_type", "password",
                                            "username", email,
                                            "password", pb_test_school_get_referent_password (school),
                                            NULL);
  g_autofree char *path = g_strconcat ("/api/campaigns/", renamed_id, NULL);
  g_autoptr(JsonNode) tokens = NULL;
  g_autoptr(JsonNode) campaign = NULL;
  JsonObject *data;

  g_assert_cmpuint (http_post_form ("/api/token", form, &tokens), ==, 200);
  g_assert_cmpuint (http_send ("GET", path, NULL,
                               json_object_get_string_member (json_node_get_object (tokens), "access_token"),
                               &campaign), ==, 200);
  data = json_object_get_object_member (json_node_get_object (campaign), "data");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (data, "attributes"), "name"), ==,
                   renamed_to);
}

/* ------------------------------------------------------------------ */
/* The store, in threads                                               */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

/* What the views should show: the cache's classes and active campaigns. */
static gpointer
read_cache (gpointer  data,
            GError  **error)
{
  PbStore *store = data;
  PbStoreCampaignQuery query = { organization_id, NULL, FALSE, NULL };
  g_autoptr(GPtrArray) found_divisions = NULL;
  g_autoptr(GPtrArray) found_campaigns = NULL;
  g_autoptr(GError) local_error = NULL;

  found_divisions = pb_store_list_divisions (store, organization_id, error);
  if (found_divisions == NULL)
    return GINT_TO_POINTER (FALSE);
  g_ptr_array_set_free_func (found_divisions, (GDestroyNotify) pb_store_division_free);
  found_campaigns = pb_store_list_campaigns (store, &query, error);
  if (found_campaigns == NULL)
    return GINT_TO_POINTER (FALSE);
  g_ptr_array_set_free_func (found_campaigns, (GDestroyNotify) pb_store_campaign_free);
  n_learners = pb_store_count_learners (store, organization_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return GINT_TO_POINTER (FALSE);
    }

  divisions = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < found_divisions->len; i++)
    {
      PbStoreDivision *division = g_ptr_array_index (found_divisions, i);

      g_ptr_array_add (divisions, g_strdup_printf ("%s (%u)", division->name, division->n_learners));
    }
  g_ptr_array_sort (divisions, compare_strings);

  campaigns = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < found_campaigns->len; i++)
    g_ptr_array_add (campaigns, g_strdup (((PbStoreCampaign *) g_ptr_array_index (found_campaigns, i))->name));
  g_ptr_array_sort (campaigns, compare_strings);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
rename_first_campaign (gpointer  data,
                       GError  **error)
{
  PbStore *store = data;
  PbStoreCampaignQuery query = { organization_id, NULL, FALSE, NULL };
  g_autoptr(GPtrArray) found = pb_store_list_campaigns (store, &query, error);
  PbStoreCampaign *campaign;

  if (found == NULL)
    return GINT_TO_POINTER (FALSE);
  g_ptr_array_set_free_func (found, (GDestroyNotify) pb_store_campaign_free);
  if (found->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No active campaign");
      return GINT_TO_POINTER (FALSE);
    }

  campaign = g_ptr_array_index (found, 0);
  renamed_id = g_strdup (campaign->id);
  renamed_from = g_strdup (campaign->name);
  renamed_to = g_strdup_printf ("%s (hors ligne)", campaign->name);
  return GINT_TO_POINTER (pb_store_rename_campaign (store, campaign->id, renamed_to, error));
}

/* ------------------------------------------------------------------ */
/* Starting and quitting the app                                       */

static void
welcome_page_map_cb (GtkWidget *page,
                     gpointer   user_data)
{
  PbWindow *shown_in = PB_WINDOW (gtk_widget_get_root (page));

  if (pb_window_get_account (shown_in) == NULL)
    welcome_mapped = TRUE;
}

/* Watches the window from its creation, before it is ever shown. */
static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *added)
{
  GtkWidget *page;

  if (!PB_IS_WINDOW (added))
    return;

  page = pb_test_find_descendant (GTK_WIDGET (added), PB_TYPE_WELCOME_PAGE, NULL);
  g_assert_nonnull (page);
  g_signal_connect (page, "map", G_CALLBACK (welcome_page_map_cb), NULL);
}

typedef void (*StartSteps) (void);

static gboolean
steps_cb (gpointer data)
{
  StartSteps steps = data;
  PbAccount *current;

  window = PB_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  pb_test_wait_for_draw (GTK_WIDGET (window));

  steps ();

  /* What the next start needs closed. */
  current = pb_application_get_account (app);
  weak_account = current;
  weak_store = current != NULL ? pb_account_get_store (current) : NULL;
  if (weak_account != NULL)
    g_object_add_weak_pointer (weak_account, &weak_account);
  if (weak_store != NULL)
    g_object_add_weak_pointer (weak_store, &weak_store);

  /* Ctrl+Q: the windows close, then g_application_run() ends with
   * ::shutdown, which stops the sync and lets the account go. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  window = NULL;
  return G_SOURCE_REMOVE;
}

/* One start, as `pix-bureau` starts and quits: a new application on the
 * same data directory and settings, run (activated, which restores the
 * last account) until @steps, run from its main loop, end with app.quit.
 * Then waits for the account and its cache to be let go: the next start
 * opens the same SQLite file. */
static void
run_start (gboolean   expect_account,
           StartSteps steps)
{
  char *argv[] = { (char *) "pix-bureau", NULL };

  g_assert_null (app);

  welcome_mapped = FALSE;
  app = pb_test_app_new (data_dir);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_idle_add (steps_cb, steps);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 1, argv), ==, 0);

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_null (pb_application_get_account (app));
  g_clear_object (&app);
  assert_wait (pointer_cleared, &weak_account, RELEASE_TIMEOUT_MS, "the account to be released");
  assert_wait (pointer_cleared, &weak_store, RELEASE_TIMEOUT_MS, "the cache to be closed");

  if (expect_account)
    {
      n_restored_starts++;
      if (welcome_mapped)
        welcome_flashes++;
    }
}

/* ------------------------------------------------------------------ */
/* The window                                                          */

static GtkWidget *
named (GType       type,
       const char *name)
{
  return pb_test_find_named (GTK_WIDGET (window), type, name);
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (pb_test_find_named (root, GTK_TYPE_LABEL, name)));
}

static GtkWidget *
welcome_page (void)
{
  return pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_WELCOME_PAGE, NULL);
}

static PbAccount *
account (void)
{
  return pb_window_get_account (window);
}

static PbSyncEngine *
engine (void)
{
  return pb_account_get_sync_engine (account ());
}

static GtkWidget *
indicator (void)
{
  return pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_SYNC_INDICATOR, NULL);
}

static GtkWidget *
banner (void)
{
  return pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_OFFLINE_BANNER, NULL);
}

static PbCampaignsView *
campaigns_view (void)
{
  return PB_CAMPAIGNS_VIEW (pb_test_find_descendant (GTK_WIDGET (window), PB_TYPE_CAMPAIGNS_VIEW, NULL));
}

static gboolean
signed_in (gpointer unused)
{
  return account () != NULL && pb_window_get_organization_id (window) != NULL;
}

static gboolean
synced_after (gpointer data)
{
  return pb_sync_engine_get_state (engine ()) == PB_SYNC_STATE_IDLE &&
         pb_sync_engine_get_last_sync (engine ()) > *(gint64 *)data;
}

static gboolean
needs_sign_in (gpointer unused)
{
  return pb_sync_engine_get_state (engine ()) == PB_SYNC_STATE_NEEDS_SIGN_IN;
}

static gboolean
banner_child_revealed (gpointer unused)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (pb_test_find_named (banner (), GTK_TYPE_REVEALER,
                                                                            "offline-banner-revealer")));
}

static gboolean
pending_is (gpointer data)
{
  return pb_sync_engine_get_pending_count (engine ()) == GPOINTER_TO_UINT (data);
}

/* The Classes list as shown: "name (learners)" for each class, sorted,
 * and the count of All Classes (0 when not shown). */
static GPtrArray *
shown_divisions (guint *n_all)
{
  GtkWidget *list = named (GTK_TYPE_LIST_BOX, "division-list");
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_free);

  *n_all = 0;
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (!GTK_IS_LIST_BOX_ROW (row))
        continue;
      if (g_strcmp0 (gtk_widget_get_name (row), "all-divisions") == 0)
        *n_all = (guint) g_ascii_strtoull (label_text (row, "division-count"), NULL, 10);
      else
        g_ptr_array_add (shown, g_strdup_printf ("%s (%s)", label_text (row, "division-name"),
                                                 label_text (row, "division-count")));
    }
  g_ptr_array_sort (shown, compare_strings);
  return shown;
}

/* The Campagnes list (every owner's), sorted by name. */
static GPtrArray *
listed_campaigns (void)
{
  GListModel *model = pb_campaigns_view_get_model (campaigns_view ());
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PbCampaignItem) item = g_list_model_get_item (model, i);

      g_ptr_array_add (names, g_strdup (pb_campaign_item_get_row (item)->name));
    }
  g_ptr_array_sort (names, compare_strings);
  return names;
}

static gboolean
same_strings (GPtrArray *a,
              GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
divisions_shown (gpointer unused)
{
  guint n_all;
  g_autoptr(GPtrArray) shown = shown_divisions (&n_all);

  return same_strings (shown, divisions) && n_all == n_learners;
}

static gboolean
campaigns_listed (gpointer expected)
{
  g_autoptr(GPtrArray) listed = NULL;

  if (pb_campaigns_view_is_loading (campaigns_view ()))
    return FALSE;
  listed = listed_campaigns ();
  return same_strings (listed, expected);
}

/* A name in a table cell on screen, not only in the model. */
static gboolean
campaign_on_screen (gpointer name)
{
  GtkWidget *table = pb_test_find_named (GTK_WIDGET (campaigns_view ()), GTK_TYPE_COLUMN_VIEW, "campaigns-view");
  g_autoptr(GPtrArray) cells = pb_test_find_all (table, GTK_TYPE_INSCRIPTION);

  for (guint i = 0; i < cells->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (cells, i)) &&
        g_strcmp0 (gtk_inscription_get_text (g_ptr_array_index (cells, i)), name) == 0)
      return TRUE;
  return FALSE;
}

static void
show_every_campaign (void)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (pb_test_find_named (GTK_WIDGET (campaigns_view ()),
                                                                       GTK_TYPE_TOGGLE_BUTTON, "all-button")),
                                TRUE);
}

static void
dump_strings (const char *what,
              GPtrArray  *strings)
{
  for (guint i = 0; i < strings->len; i++)
    g_test_message ("%s: %s", what, (const char *) g_ptr_array_index (strings, i));
}

/* The window shows what the first start synced, from the cache:
 * @expected_campaigns: the Campagnes list expected, NULL for the first
 * start's. */
static void
assert_cached_data_shown (GPtrArray *expected_campaigns)
{
  GPtrArray *expected = expected_campaigns != NULL ? expected_campaigns : campaigns;
  g_autoptr(PbCampaignItem) first = NULL;

  g_assert_cmpstr (pb_window_get_organization_id (window), ==, organization_id);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (named (ADW_TYPE_WINDOW_TITLE, "sidebar-title"))),
                   ==, organization_name);

  if (!pb_test_school_wait_for (divisions_shown, NULL, UI_TIMEOUT_MS))
    {
      guint n_all;
      g_autoptr(GPtrArray) shown = shown_divisions (&n_all);

      g_test_message ("All Classes shown: %u of %u learners", n_all, n_learners);
      dump_strings ("classes shown", shown);
      dump_strings ("classes cached", divisions);
      g_error ("The Classes list is not the cached one");
    }

  show_every_campaign ();
  if (!pb_test_school_wait_for (campaigns_listed, expected, UI_TIMEOUT_MS))
    {
      g_autoptr(GPtrArray) listed = listed_campaigns ();

      dump_strings ("campaigns listed", listed);
      dump_strings ("campaigns expected", expected);
      g_error ("The Campagnes list is not the cached one");
    }

  /* The view left open last time, with its rows on screen: the first one
   * at least. */
  g_assert_cmpstr (pb_window_get_view (window), ==, "campaigns");
  first = g_list_model_get_item (pb_campaigns_view_get_model (campaigns_view ()), 0);
  assert_wait (campaign_on_screen, (gpointer) pb_campaign_item_get_row (first)->name, UI_TIMEOUT_MS,
               "the first campaign in the table");
}

/* Straight to the main page with the account of the first start. */
static void
assert_restored (void)
{
  assert_wait (signed_in, NULL, UI_TIMEOUT_MS, "the restored account");
  pb_test_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (pb_application_get_account (app) == account ());
  g_assert_cmpstr (pb_account_get_server_url (account ()), ==, server_url);
  g_assert_cmpstr (pb_account_get_user_id (account ()), ==, user_id);
  g_assert_cmpstr (pb_account_get_email (account ()), ==, email);
  g_assert_cmpstr (pb_store_get_path (pb_account_get_store (account ())), ==, cache_path);

  g_assert_false (gtk_widget_get_mapped (welcome_page ()));
  g_assert_true (gtk_widget_get_mapped (indicator ()));
  g_assert_true (gtk_widget_get_visible (named (GTK_TYPE_MENU_BUTTON, "sync-indicator-button")));
}

/* What a session the server refuses looks like, data still on screen. */
static void
assert_session_expired_shown (void)
{
  GtkWidget *sign_in = pb_test_find_named (banner (), GTK_TYPE_BUTTON, "offline-banner-sign-in");
  g_autofree char *expected_last_sync = NULL;
  g_autoptr(GDateTime) now = NULL;

  assert_wait (needs_sign_in, NULL, SYNC_TIMEOUT_MS, "the engine to ask for a sign-in");

  /* The banner: what happened, and what to do. */
  g_assert_true (pb_offline_banner_get_revealed (PB_OFFLINE_BANNER (banner ())));
  assert_wait (banner_child_revealed, NULL, UI_TIMEOUT_MS, "the banner to slide in");
  g_assert_cmpstr (label_text (banner (), "offline-banner-label"), ==,
                   T ("Your session has expired: sign in again to sync.",
                      "Votre session a expiré : reconnectez-vous pour synchroniser."));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (pb_test_find_named (banner (), GTK_TYPE_LABEL, "offline-banner-label")),
                   ==, pb_sync_engine_get_message (engine ()));
  g_assert_cmpstr (pb_sync_engine_get_message (engine ()), ==,
                   T ("Your session has expired: sign in again to synchronize",
                      "Votre session a expiré : reconnectez-vous pour synchroniser"));
  g_assert_true (gtk_widget_get_visible (sign_in));
  g_assert_true (gtk_widget_is_sensitive (sign_in));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sign_in)), ==, T ("_Sign In…", "_Se connecter…"));
  /* Retrying cannot help without a password. */
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (banner (), GTK_TYPE_BUTTON, "offline-banner-retry")));

  /* The indicator says the same, and keeps the last sync that worked. */
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (named (GTK_TYPE_IMAGE, "sync-indicator-icon"))), ==,
                   "dialog-password-symbolic");
  g_assert_cmpstr (label_text (indicator (), "sync-status"), ==, T ("Sign-in needed", "Connexion nécessaire"));
  g_assert_false (gtk_widget_get_sensitive (named (GTK_TYPE_BUTTON, "sync-now")));
  g_assert_cmpint (pb_sync_engine_get_last_sync (engine ()), ==, last_sync);
  now = g_date_time_new_now_local ();
  expected_last_sync = pb_sync_time_format_last_sync (last_sync, now);
  g_assert_true (g_str_has_prefix (expected_last_sync, T ("Last synced", "Dernière synchronisation")));
  g_assert_cmpstr (label_text (indicator (), "sync-last-sync"), ==, expected_last_sync);
}

/* ------------------------------------------------------------------ */
/* "Last synced …"                                                     */

static GTimeZone *
paris (void)
{
  static GTimeZone *zone;

  /* tzdata is a test dependency (.ci/install-deps): without it these
   * cases would prove nothing, so they fail rather than skip. */
  if (zone == NULL)
    zone = g_time_zone_new_identifier ("Europe/Paris");
  g_assert_nonnull (zone);
  return zone;
}

static GDateTime *
paris_time (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  return g_date_time_new (paris (), year, month, day, hour, minute, 0);
}

static gint64
paris_usec (int year,
            int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GDateTime) when = paris_time (year, month, day, hour, minute);

  return g_date_time_to_unix (when) * G_USEC_PER_SEC;
}

/* The line for a last sync at @last, read at @now. */
static void
assert_last_sync_line (gint64      last,
                       GDateTime  *now,
                       const char *expected)
{
  g_autofree char *line = pb_sync_time_format_last_sync (last, now);

  g_assert_cmpstr (line, ==, expected);
}

static void
test_last_sync_never (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  assert_last_sync_line (0, now, T ("Never synced", "Jamais synchronisé"));
  assert_last_sync_line (-1, now, T ("Never synced", "Jamais synchronisé"));
}

static void
test_last_sync_today (void)
{
  g_autoptr(GDateTime) afternoon = NULL;
  g_autoptr(GDateTime) late = NULL;
  g_autoptr(GDateTime) fall_back_night = NULL;

  afternoon = paris_time (2026, 11, 20, 15, 30);
  late = paris_time (2026, 11, 20, 23, 59);
  fall_back_night = paris_time (2026, 10, 25, 23, 50);

  assert_last_sync_line (paris_usec (2026, 11, 20, 14, 5), afternoon,
                         T ("Last synced at 14:05", "Dernière synchronisation à 14:05"));
  /* The same minute. */
  assert_last_sync_line (paris_usec (2026, 11, 20, 15, 30), afternoon,
                         T ("Last synced at 15:30", "Dernière synchronisation à 15:30"));
  /* Just after midnight is still today. */
  assert_last_sync_line (paris_usec (2026, 11, 20, 0, 0), late,
                         T ("Last synced at 00:00", "Dernière synchronisation à 00:00"));
  /* More than 24 hours apart on the day the clocks go back (25 hours
   * long): still the same day. */
  assert_last_sync_line (paris_usec (2026, 10, 25, 0, 10), fall_back_night,
                         T ("Last synced at 00:10", "Dernière synchronisation à 00:10"));
}

static void
test_last_sync_yesterday (void)
{
  g_autoptr(GDateTime) after_midnight = NULL;
  g_autoptr(GDateTime) late = NULL;
  g_autoptr(GDateTime) new_year = NULL;
  g_autoptr(GDateTime) spring_forward_night = NULL;

  after_midnight = paris_time (2026, 11, 20, 0, 10);
  late = paris_time (2026, 11, 20, 23, 55);
  new_year = paris_time (2026, 1, 1, 8, 0);
  spring_forward_night = paris_time (2026, 3, 29, 23, 30);

  /* Twenty minutes ago, but before midnight. */
  assert_last_sync_line (paris_usec (2026, 11, 19, 23, 50), after_midnight,
                         T ("Last synced yesterday at 23:50", "Dernière synchronisation hier à 23:50"));
  /* Nearly 48 hours ago, but the calendar day before. */
  assert_last_sync_line (paris_usec (2026, 11, 19, 0, 5), late,
                         T ("Last synced yesterday at 00:05", "Dernière synchronisation hier à 00:05"));
  assert_last_sync_line (paris_usec (2025, 12, 31, 22, 0), new_year,
                         T ("Last synced yesterday at 22:00", "Dernière synchronisation hier à 22:00"));
  /* Across the 23-hour day the clocks go forward. */
  assert_last_sync_line (paris_usec (2026, 3, 28, 0, 30), spring_forward_night,
                         T ("Last synced yesterday at 00:30", "Dernière synchronisation hier à 00:30"));
}

static void
test_last_sync_older (void)
{
  g_autoptr(GDateTime) after_midnight = NULL;
  g_autoptr(GDateTime) new_year = NULL;

  after_midnight = paris_time (2026, 11, 20, 0, 1);
  new_year = paris_time (2026, 1, 2, 9, 0);

  /* Two minutes more than a day, but two calendar days. */
  assert_last_sync_line (paris_usec (2026, 11, 18, 23, 59), after_midnight,
                         T ("Last synced on 2026-11-18 at 23:59", "Dernière synchronisation le 18/11/2026 à 23:59"));
  assert_last_sync_line (paris_usec (2025, 12, 31, 10, 0), new_year,
                         T ("Last synced on 2025-12-31 at 10:00", "Dernière synchronisation le 31/12/2025 à 10:00"));
  assert_last_sync_line (paris_usec (2024, 6, 3, 8, 45), after_midnight,
                         T ("Last synced on 2024-06-03 at 08:45", "Dernière synchronisation le 03/06/2024 à 08:45"));
}

/* A last sync later than now: the computer's clock is behind the one that
 * wrote it, or was put back. */
static void
test_last_sync_future (void)
{
  g_autoptr(GDateTime) afternoon = NULL;
  g_autoptr(GDateTime) morning = NULL;
  g_autoptr(GDateTime) reset_clock = NULL;

  afternoon = paris_time (2026, 11, 20, 14, 0);
  morning = paris_time (2026, 11, 20, 10, 0);
  reset_clock = paris_time (2000, 1, 1, 12, 0);

  /* A few minutes of skew, the same day: the time alone. */
  assert_last_sync_line (paris_usec (2026, 11, 20, 14, 3), afternoon,
                         T ("Last synced at 14:03", "Dernière synchronisation à 14:03"));
  /* Another day: its date, never "yesterday" nor a bare time. */
  assert_last_sync_line (paris_usec (2026, 11, 21, 9, 0), morning,
                         T ("Last synced on 2026-11-21 at 09:00", "Dernière synchronisation le 21/11/2026 à 09:00"));
  assert_last_sync_line (paris_usec (2026, 11, 20, 14, 5), reset_clock,
                         T ("Last synced on 2026-11-20 at 14:05", "Dernière synchronisation le 20/11/2026 à 14:05"));
}

/* Written in @now's time zone: the same instant is another hour, and on
 * the other side of midnight another day, in Paris and in Nouméa. */
static void
test_last_sync_time_zone (void)
{
  g_autoptr(GTimeZone) noumea_zone = g_time_zone_new_identifier ("Pacific/Noumea");
  g_autoptr(GDateTime) paris_now = NULL;
  g_autoptr(GDateTime) noumea_now = NULL;
  gint64 last;

  g_assert_nonnull (noumea_zone);

  /* 20 November 2026, 14:05 in Paris (UTC+1) is 00:05 on the 21st in
   * Nouméa (UTC+11). */
  last = paris_usec (2026, 11, 20, 14, 5);
  paris_now = paris_time (2026, 11, 20, 15, 0);
  noumea_now = g_date_time_to_timezone (paris_now, noumea_zone);

  assert_last_sync_line (last, paris_now, T ("Last synced at 14:05", "Dernière synchronisation à 14:05"));
  assert_last_sync_line (last, noumea_now, T ("Last synced at 00:05", "Dernière synchronisation à 00:05"));
}

/* ------------------------------------------------------------------ */
/* First start: signing in through the welcome page                    */

static void
fill_and_sign_in (void)
{
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_ENTRY_ROW, "server-row")), pb_test_school_get_url (school));
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_ENTRY_ROW, "email-row")),
                         pb_test_school_get_referent_email (school));
  gtk_editable_set_text (GTK_EDITABLE (named (ADW_TYPE_PASSWORD_ENTRY_ROW, "password-row")),
                         pb_test_school_get_referent_password (school));
  g_assert_true (gtk_widget_is_sensitive (named (GTK_TYPE_BUTTON, "sign-in-button")));
  g_signal_emit_by_name (named (GTK_TYPE_BUTTON, "sign-in-button"), "clicked");
}

static void
first_start (void)
{
  g_autofree char *accounts_path = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *remembered_user = NULL;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  gint64 never = 0;

  /* A new data directory: the welcome page, nothing to restore (and the
   * watch on the welcome page sees it). */
  g_assert_true (welcome_mapped);
  g_assert_true (gtk_widget_get_mapped (welcome_page ()));
  g_assert_null (account ());

  fill_and_sign_in ();
  assert_wait (signed_in, NULL, SIGN_IN_TIMEOUT_MS, "the sign-in");
  /* No poll while the test runs: the last sync moves only when expected. */
  pb_sync_engine_set_poll_interval (engine (), 3600);
  assert_wait (synced_after, &never, SYNC_TIMEOUT_MS, "the first sync");

  server_url = g_strdup (pb_account_get_server_url (account ()));
  user_id = g_strdup (pb_account_get_user_id (account ()));
  email = g_strdup (pb_account_get_email (account ()));
  cache_path = g_strdup (pb_store_get_path (pb_account_get_store (account ())));
  organization_id = g_strdup (pb_window_get_organization_id (window));
  organization_name = g_strdup (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (named (ADW_TYPE_WINDOW_TITLE,
                                                                                       "sidebar-title"))));
  last_sync = pb_sync_engine_get_last_sync (engine ());
  g_assert_true (g_str_has_prefix (cache_path, data_dir));
  g_assert_cmpstr (organization_name, ==, pb_test_school_get_name (school));

  /* What the sync cached, shown now and by the next starts; Campagnes is
   * the view left open. */
  g_assert_true (GPOINTER_TO_INT (run_in_thread (read_cache, pb_account_get_store (account ()), &error)));
  g_assert_no_error (error);
  g_test_message ("%u classes, %u learners, %u active campaigns", divisions->len, n_learners, campaigns->len);
  g_assert_cmpuint (divisions->len, >, 1);
  g_assert_cmpuint (n_learners, >, 0);
  g_assert_cmpuint (campaigns->len, >, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "campaigns");
  assert_cached_data_shown (NULL);

  /* The account is remembered, without its secret. */
  accounts_path = g_build_filename (data_dir, "accounts.ini", NULL);
  g_assert_true (g_file_get_contents (accounts_path, &accounts, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_data (file, accounts, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  remembered_user = g_key_file_get_string (file, "last", "user-id", NULL);
  g_assert_cmpstr (remembered_user, ==, user_id);
  refresh_token = pb_api_client_dup_refresh_token (pb_account_get_client (account ()));
  g_assert_nonnull (refresh_token);
  g_assert_null (strstr (accounts, refresh_token));
  g_assert_null (strstr (accounts, pb_test_school_get_referent_password (school)));
}

static void
test_first_start (void)
{
  run_start (FALSE, first_start);
}

/* ------------------------------------------------------------------ */
/* Second start: the same account, its cache, and a sync                */

static void
second_start (void)
{
  assert_restored ();
  pb_sync_engine_set_poll_interval (engine (), 3600);
  assert_cached_data_shown (NULL);

  /* And it syncs again, with the session it kept. */
  assert_wait (synced_after, &last_sync, SYNC_TIMEOUT_MS, "a new sync");
  last_sync = pb_sync_engine_get_last_sync (engine ());
  g_assert_false (pb_offline_banner_get_revealed (PB_OFFLINE_BANNER (banner ())));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (named (GTK_TYPE_IMAGE, "sync-indicator-icon"))), ==,
                   "emblem-ok-symbolic");
  g_assert_cmpstr (label_text (indicator (), "sync-status"), ==,
                   T ("Online — everything is synced", "En ligne — tout est synchronisé"));
  g_assert_true (gtk_widget_get_sensitive (named (GTK_TYPE_BUTTON, "sync-now")));
  assert_cached_data_shown (NULL);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "restore-second-start"));
}

static void
test_second_start (void)
{
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (campaigns);

  /* As with a Secret Service: the refresh token is still there. */
  token = pb_credentials_lookup (server_url, user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  run_start (TRUE, second_start);
}

/* ------------------------------------------------------------------ */
/* Third start: the server no longer accepts the refresh token         */

/* The "Sign In Again" dialog over the window, if one is shown. */
static AdwMessageDialog *
sign_in_again_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (toplevel)), "sign-in-again") == 0 &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* @previous: (nullable): where a weak pointer to the dialog answered
 * before is; a new one counts only once that one is gone (a new dialog may
 * well get the old one's address). */
static gboolean
sign_in_again_shown (gpointer previous)
{
  return (previous == NULL || *(gpointer *)previous == NULL) && sign_in_again_dialog () != NULL;
}

/* The banner's Sign In… asks for the password of the account, and only
 * the password: the person stays on the main page with the cache. */
static AdwMessageDialog *
open_sign_in_again (void)
{
  GtkWidget *sign_in = pb_test_find_named (banner (), GTK_TYPE_BUTTON, "offline-banner-sign-in");
  AdwMessageDialog *dialog;

  gtk_widget_activate (sign_in);
  assert_wait (sign_in_again_shown, NULL, UI_TIMEOUT_MS, "the Sign In Again dialog");
  dialog = sign_in_again_dialog ();
  g_assert_false (gtk_widget_get_mapped (welcome_page ()));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, T ("Sign In Again", "Se reconnecter"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), email));
  /* Nothing to send before a password is typed. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "sign-in"));
  return dialog;
}

/* Types @password and presses Sign In. */
static void
submit_password (AdwMessageDialog *dialog,
                 const char       *password)
{
  GtkWidget *entry = pb_test_find_named (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY, "sign-in-again-password");

  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "sign-in"));
  pb_test_click_button (GTK_WIDGET (dialog), T ("_Sign In", "_Se connecter"));
}

static void
session_expired (void)
{
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  AdwMessageDialog *again;
  GtkWidget *reason;

  assert_restored ();
  assert_session_expired_shown ();

  /* Used and refused: the app forgets it rather than trying it again. */
  after = pb_credentials_lookup (server_url, user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (after);

  /* Nothing of the cache is lost: everything still on screen. */
  assert_cached_data_shown (NULL);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (engine ()), ==, 0);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "restore-session-expired"));

  /* A wrong password: the dialog comes back with the server's reason. */
  dialog = open_sign_in_again ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  submit_password (dialog, "Not-the-password-2026");
  assert_wait (sign_in_again_shown, &dialog, SIGN_IN_TIMEOUT_MS, "the dialog to come back");
  again = sign_in_again_dialog ();
  reason = pb_test_find_named (GTK_WIDGET (again), GTK_TYPE_LABEL, "sign-in-again-error");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (reason)), ==,
                   T ("Wrong e-mail address or password", "Adresse e-mail ou mot de passe incorrect"));
  g_free (pb_test_save_screenshot (GTK_WIDGET (again), "restore-sign-in-again-refused"));

  /* Cancelled: still signed in, still waiting for a password. */
  pb_test_click_button (GTK_WIDGET (again), T ("_Cancel", "_Annuler"));
  g_assert_null (sign_in_again_dialog ());
  g_assert_true (needs_sign_in (NULL));
  g_assert_true (pb_offline_banner_get_revealed (PB_OFFLINE_BANNER (banner ())));
  assert_cached_data_shown (NULL);
}

static void
test_session_expired (void)
{
  g_autofree char *token = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *revoke = NULL;
  g_autofree char *refresh = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *errors;

  g_assert_nonnull (campaigns);

  /* The token the second start's refresh left, revoked by another client
   * of the same user (RFC 7009). */
  token = pb_credentials_lookup (server_url, user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  escaped = g_uri_escape_string (token, NULL, FALSE);
  revoke = g_strconcat ("token=", escaped, NULL);
  g_assert_cmpuint (http_post_form ("/api/revoke", revoke, NULL), ==, 204);

  /* The server refuses it now, as the engine's refresh will see. */
  refresh = g_strconcat ("grant_type=refresh_token&refresh_token=", escaped, NULL);
  g_assert_cmpuint (http_post_form ("/api/token", refresh, &answer), ==, 401);
  g_assert_nonnull (answer);
  errors = json_object_get_array_member (json_node_get_object (answer), "errors");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0), "code"), ==,
                   "INVALID_REFRESH_TOKEN");

  run_start (TRUE, session_expired);
}

/* ------------------------------------------------------------------ */
/* Fourth start: a restart without a Secret Service                    */

static void
no_secret_service (void)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  guint position;

  assert_restored ();
  assert_session_expired_shown ();

  /* The cache, the offline rename included, and the change still counted
   * as waiting. */
  for (guint i = 0; i < campaigns->len; i++)
    g_ptr_array_add (expected, g_strdup (g_ptr_array_index (campaigns, i)));
  g_assert_true (g_ptr_array_find_with_equal_func (expected, renamed_from, g_str_equal, &position));
  g_free (g_ptr_array_index (expected, position));
  g_ptr_array_index (expected, position) = g_strdup (renamed_to);
  g_ptr_array_sort (expected, compare_strings);
  assert_cached_data_shown (expected);

  assert_wait (pending_is, GUINT_TO_POINTER (1), UI_TIMEOUT_MS, "the change waiting to be sent");
  g_assert_cmpstr (label_text (indicator (), "sync-pending"), ==,
                   T ("1 change waiting to be sent", "1 modification en attente"));
  g_assert_cmpstr (label_text (indicator (), "sync-indicator-count"), ==, "1");
  g_assert_true (gtk_widget_get_visible (named (GTK_TYPE_LABEL, "sync-indicator-count")));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "restore-no-secret-service"));

  /* The password again: the same cache syncs, and the offline rename
   * reaches the server. */
  submit_password (open_sign_in_again (), pb_test_school_get_referent_password (school));
  assert_wait (synced_after, &last_sync, SYNC_TIMEOUT_MS, "a sync after signing in again");
  assert_wait (pending_is, GUINT_TO_POINTER (0), UI_TIMEOUT_MS, "the rename to be sent");
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (engine ()), ==, 0);
  g_assert_null (sign_in_again_dialog ());
  g_assert_false (pb_offline_banner_get_revealed (PB_OFFLINE_BANNER (banner ())));
  g_assert_cmpstr (label_text (indicator (), "sync-status"), ==,
                   T ("Online — everything is synced", "En ligne — tout est synchronisé"));
  g_assert_cmpstr (pb_store_get_path (pb_account_get_store (account ())), ==, cache_path);
  assert_cached_data_shown (expected);
  assert_rename_on_server ();
}

static void
test_no_secret_service (void)
{
  g_autoptr(PbAccount) signed_in_again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_nonnull (campaigns);

  /* Signed in again (the fixture's way), then a campaign renamed without
   * syncing: a change waiting to be sent. */
  signed_in_again = pb_test_school_sign_in (school, data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_store_get_path (pb_account_get_store (signed_in_again)), ==, cache_path);
  last_sync = pb_sync_engine_get_last_sync (pb_account_get_sync_engine (signed_in_again));
  g_assert_true (GPOINTER_TO_INT (run_in_thread (rename_first_campaign, pb_account_get_store (signed_in_again),
                                                 &error)));
  g_assert_no_error (error);

  weak_account = signed_in_again;
  weak_store = pb_account_get_store (signed_in_again);
  g_object_add_weak_pointer (weak_account, &weak_account);
  g_object_add_weak_pointer (weak_store, &weak_store);
  g_clear_object (&signed_in_again);
  assert_wait (pointer_cleared, &weak_account, RELEASE_TIMEOUT_MS, "the account to be released");
  assert_wait (pointer_cleared, &weak_store, RELEASE_TIMEOUT_MS, "the cache to be closed");

  /* The process ends: a token kept in its memory goes with it. */
  g_assert_true (pb_credentials_clear (server_url, user_id, NULL, &error));
  g_assert_no_error (error);
  token = pb_credentials_lookup (server_url, user_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (token);

  run_start (TRUE, no_secret_service);
}

/* Checked once every restored start has run: the person signed in before
 * must not be shown the sign-in form, not even while the account is read
 * back. Mapped is enough to count: it is painted as soon as the restore
 * takes longer than a frame (a Secret Service lookup, a keyring to
 * unlock). */
static void
test_no_welcome_page (void)
{
  g_assert_cmpuint (n_restored_starts, ==, 3);

  g_assert_cmpuint (welcome_flashes, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* No Secret Service, for sure: tokens stay in this process, never in
   * the keyring of whoever runs the tests (as in tests/sync). */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/pb-test-no-session-bus", TRUE);

  pb_application_setup_i18n ();
  /* No G_TEST_OPTION_ISOLATE_DIRS: see test-window.c (SVG icons). */
  g_test_init (&argc, &argv, NULL);

  french = pb_test_in_french ();
  data_dir = g_dir_make_tmp ("pb-test-restore-XXXXXX", &error);
  g_assert_no_error (error);
  school = pb_test_school_new (&error);
  g_assert_no_error (error);
  http = soup_session_new ();

  g_test_add_func ("/gui/restore/last-synced/never", test_last_sync_never);
  g_test_add_func ("/gui/restore/last-synced/today", test_last_sync_today);
  g_test_add_func ("/gui/restore/last-synced/yesterday", test_last_sync_yesterday);
  g_test_add_func ("/gui/restore/last-synced/older", test_last_sync_older);
  g_test_add_func ("/gui/restore/last-synced/future", test_last_sync_future);
  g_test_add_func ("/gui/restore/last-synced/time-zone", test_last_sync_time_zone);
  /* In order: each start finds what the one before left. */
  g_test_add_func ("/gui/restore/first-start", test_first_start);
  g_test_add_func ("/gui/restore/second-start", test_second_start);
  g_test_add_func ("/gui/restore/session-expired", test_session_expired);
  g_test_add_func ("/gui/restore/no-secret-service", test_no_secret_service);
  g_test_add_func ("/gui/restore/no-welcome-page", test_no_welcome_page);

  ret = g_test_run ();

  g_clear_object (&http);
  g_clear_pointer (&school, pb_test_school_free);
  pb_test_remove_tree (data_dir);
  g_free (data_dir);
  g_free (server_url);
  g_free (user_id);
  g_free (email);
  g_free (cache_path);
  g_free (organization_id);
  g_free (organization_name);
  g_free (renamed_id);
  g_free (renamed_from);
  g_free (renamed_to);
  g_clear_pointer (&divisions, g_ptr_array_unref);
  g_clear_pointer (&campaigns, g_ptr_array_unref);

  return ret;
}
