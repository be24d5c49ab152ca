/* test-sync-ui.c
 *
 * The sync indicator, the offline banner and the Conflits list, on a real
 * account synced with the real server serving a copy of the demo school.
 * The widgets sit in a window laid out as PbWindow lays them out (the
 * indicator at the end of the header bar, the banner above the content).
 * The other client of the conflict is this test, talking plain HTTP to the
 * server with libsoup. Runs in English and in French (LANGUAGE=fr).
 *
 * The cases run in order and share the account: first sync, offline with an
 * edit, the conflict that edit meets, then a rejected import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pb-application.h"
#include "pb-conflict-row.h"
#include "pb-conflicts-view.h"
#include "pb-gui-resources.h"
#include "pb-offline-banner.h"
#include "pb-sync-indicator.h"
#include "pb-test-gtk.h"
#include "pb-test-school.h"

#define SIGN_IN_TIMEOUT_MS  60000
#define SYNC_TIMEOUT_MS    120000
#define UI_TIMEOUT_MS       15000

static gboolean french;

static PbTestSchool *school;
static PbAccount *account;
static PbSyncEngine *engine;
static char *data_dir;
static char *organization_id;

static GtkWindow *window;
static PbSyncIndicator *indicator;
static PbOfflineBanner *banner;
static PbConflictsView *conflicts_view;
static char *shown_view;          /* the parameter of the last win.show-view */

/* The campaign renamed offline, and the two names that collide. */
static char *campaign_id;
static char *my_name;
static char *server_name;

static SoupSession *http;
static char *access_token;

#define T(english, french_text) (french ? (french_text) : (english))

/* ------------------------------------------------------------------ */
/* Waiting                                                             */

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((int *)data) != 0;
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

/* The store blocks: its calls run in a thread, as the app runs them, while
 * this thread goes on delivering ::changed and ::notify. */
static gpointer
run_in_thread (Work      work,
               gpointer  data,
               GError  **error)
{
  Job job = { work, data, NULL, NULL, 0 };
  GThread *thread = g_thread_new ("pb-test-store", job_thread, &job);

  /* No timeout on the join itself: the store call cannot be abandoned,
   * and the thread would outlive `job`. The store's own calls are quick. */
  g_assert_true (pb_test_school_wait_for (flag_set, &job.done, SYNC_TIMEOUT_MS));
  g_thread_join (thread);
  if (job.error != NULL)
    g_propagate_error (error, job.error);
  return job.result;
}

/* ------------------------------------------------------------------ */
/* The server, over plain HTTP (the "other client")                    */

static char *
url_for (const char *path)
{
  return g_strconcat (pb_test_school_get_url (school), path, NULL);
}

static JsonNode *
http_send (const char *method,
           const char *path,
           gint64      if_version,
           const char *content_type,
           const char *body,
           guint      *status,
           gint64     *version)
{
  g_autofree char *url = url_for (path);
  g_autoptr(SoupMessage) message = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *etag;

  if (access_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (g_strcmp0 (method, "GET") != 0)
    {
      g_autofree char *key = g_uuid_string_random ();

      soup_message_headers_replace (headers, "Idempotency-Key", key);
    }
  if (if_version > 0)
    {
      g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", if_version);

      soup_message_headers_replace (headers, "If-Match", if_match);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, content_type, bytes);
    }

  answer = soup_session_send_and_read (http, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);

  if (version != NULL)
    {
      etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
      *version = etag != NULL ? g_ascii_strtoll (etag + (etag[0] == '"'), NULL, 10) : 0;
    }

  if (g_bytes_get_size (answer) == 0 ||
      !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
http_sign_in (void)
{
  g_autofree char *email = g_uri_escape_string (pb_test_school_get_referent_email (school), NULL, FALSE);
  g_autofree char *password = g_uri_escape_string (pb_test_school_get_referent_password (school), NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("grant_type=password&username=%s&password=%s", email, password);
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = http_send ("POST", "/api/token", 0, "application/x-www-form-urlencoded", form, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (answer);
  g_free (access_token);
  access_token = g_strdup (json_object_get_string_member (json_node_get_object (answer), "access_token"));
  g_assert_nonnull (access_token);
}

/* The campaign's name on the server, and its version. */
static char *
http_get_campaign_name (const char *id,
                        gint64     *version)
{
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *attributes;
  guint status;

  answer = http_send ("GET", path, 0, NULL, NULL, &status, version);
  g_assert_cmpuint (status, ==, 200);
  attributes = json_object_get_object_member (json_object_get_object_member (json_node_get_object (answer), "data"),
                                              "attributes");
  return g_strdup (json_object_get_string_member (attributes, "name"));
}

static void
http_rename_campaign (const char *id,
                      const char *name)
{
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);
  g_autofree char *old_name = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  gint64 version = 0;
  guint status;

  old_name = http_get_campaign_name (id, &version);
  g_assert_cmpint (version, >, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "campaigns");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  answer = http_send ("PATCH", path, version, "application/vnd.api+json", body, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

/* ------------------------------------------------------------------ */
/* The store, in threads                                                */

static gpointer
first_active_campaign (gpointer  data,
                       GError  **error)
{
  PbStoreCampaignQuery query = { organization_id, NULL, FALSE, NULL };
  g_autoptr(GPtrArray) campaigns = pb_store_list_campaigns (pb_account_get_store (account), &query, error);
  PbStoreCampaign *campaign;

  if (campaigns == NULL || campaigns->len == 0)
    return NULL;
  campaign = g_ptr_array_index (campaigns, 0);
  return g_strdup (campaign->id);
}

static gpointer
rename_campaign (gpointer  data,
                 GError  **error)
{
  return GINT_TO_POINTER (pb_store_rename_campaign (pb_account_get_store (account), campaign_id, data, error));
}

static gpointer
list_conflicts (gpointer  data,
                GError  **error)
{
  return pb_store_list_conflicts (pb_account_get_store (account), error);
}

/* Pix's SCO template with two wrong rows (a status that is neither ST nor
 * AP, a 31 June): the server refuses the whole file, listing both. */
static const char broken_csv[] =
  "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;"
  "Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;Libellé commune naissance**;"
  "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;Division*\n"
  "123456789AB;Zoé;;;Lefèvre;;F;12/03/2009;75056;Paris;075;100;ZZ;20110019110;2NDE1\n"
  "123456789AC;Noël;;;Bénard;;M;31/06/2009;75056;Paris;075;100;ST;20110019110;2NDE1\n";

static gpointer
queue_broken_import (gpointer  data,
                     GError  **error)
{
  g_autoptr(GBytes) contents = g_bytes_new_static (broken_csv, sizeof broken_csv - 1);

  return GINT_TO_POINTER (pb_store_queue_learner_import (pb_account_get_store (account), organization_id,
                                                         "csv", "eleves-2nde.csv", contents, error));
}

/* ------------------------------------------------------------------ */
/* Widgets                                                             */

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (pb_test_find_named (root, GTK_TYPE_LABEL, name)));
}

/* A button's label as shown, without its mnemonic underscore. */
static char *
button_text (GtkWidget *button)
{
  g_autoptr(GString) text = g_string_new (gtk_button_get_label (GTK_BUTTON (button)));

  g_string_replace (text, "_", "", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
indicator_icon (void)
{
  return gtk_image_get_icon_name (GTK_IMAGE (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_IMAGE, "sync-indicator-icon")));
}

static void
show_view_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_free (shown_view);
  shown_view = g_variant_dup_string (parameter, NULL);
}

/* The layout of PbWindow's content pane, with a stand-in win.show-view. */
static void
build_window (void)
{
  static const GActionEntry entries[] = {
    { "show-view", show_view_activated, "s", NULL, NULL, { 0 } },
  };
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  GtkWidget *box, *header;

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 900, 640);
  gtk_window_set_title (window, "Pix Bureau");
  g_action_map_add_action_entries (G_ACTION_MAP (actions), entries, G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (actions));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  indicator = g_object_new (PB_TYPE_SYNC_INDICATOR, NULL);
  banner = g_object_new (PB_TYPE_OFFLINE_BANNER, NULL);
  conflicts_view = g_object_new (PB_TYPE_CONFLICTS_VIEW, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (conflicts_view), TRUE);

  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (indicator));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (banner));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (conflicts_view));
  gtk_window_set_child (window, box);
  gtk_window_present (window);
  pb_test_wait_for_draw (GTK_WIDGET (window));
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autofree char *path = pb_test_save_screenshot (widget, name);
}

/* ------------------------------------------------------------------ */
/* Engine conditions                                                    */

static gboolean
engine_settled (gpointer data)
{
  PbSyncState state = pb_sync_engine_get_state (engine);

  return pb_sync_engine_get_last_sync (engine) > *(gint64 *)data &&
         state != PB_SYNC_STATE_SYNCING;
}

static gboolean
engine_offline (gpointer data)
{
  return pb_sync_engine_get_state (engine) == PB_SYNC_STATE_OFFLINE;
}

static gboolean
engine_pending (gpointer data)
{
  return pb_sync_engine_get_pending_count (engine) == GPOINTER_TO_UINT (data);
}

static gboolean
engine_has_conflicts (gpointer data)
{
  return pb_sync_engine_get_conflict_count (engine) >= GPOINTER_TO_UINT (data) &&
         pb_sync_engine_get_state (engine) != PB_SYNC_STATE_SYNCING;
}

static gboolean
engine_clear (gpointer data)
{
  return pb_sync_engine_get_conflict_count (engine) == 0 &&
         pb_sync_engine_get_pending_count (engine) == 0 &&
         pb_sync_engine_get_state (engine) == PB_SYNC_STATE_IDLE;
}

static gboolean
banner_child_revealed (gpointer data)
{
  GtkWidget *revealer = pb_test_find_named (GTK_WIDGET (banner), GTK_TYPE_REVEALER, "offline-banner-revealer");

  return gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)) == GPOINTER_TO_INT (data);
}

static gboolean
view_shown (gpointer data)
{
  return shown_view != NULL;
}

static GPtrArray *
conflict_rows (void)
{
  return pb_test_find_all (GTK_WIDGET (conflicts_view), PB_TYPE_CONFLICT_ROW);
}

static gboolean
has_n_rows (gpointer data)
{
  g_autoptr(GPtrArray) rows = conflict_rows ();

  return rows->len == GPOINTER_TO_UINT (data);
}

static void
assert_wait (gboolean (*condition) (gpointer),
             gpointer    data,
             guint       timeout_ms,
             const char *what)
{
  if (!pb_test_school_wait_for (condition, data, timeout_ms))
    {
      g_test_message ("Timed out waiting for %s (engine state %d, pending %u, conflicts %u, message %s)",
                      what, pb_sync_engine_get_state (engine),
                      pb_sync_engine_get_pending_count (engine),
                      pb_sync_engine_get_conflict_count (engine),
                      pb_sync_engine_get_message (engine));
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------ */
/* The first sync                                                       */

typedef struct
{
  gboolean seen;          /* a progress in [0, 1] was notified */
  gboolean header_shown;  /* …and the header's bar showed it then */
  gboolean popover_shown; /* …and the popover's bar had its text */
  gboolean out_of_range;
  double   last;
  gboolean shot;
} Progress;

static void
progress_notify_cb (PbSyncEngine *sync_engine,
                    GParamSpec   *pspec,
                    Progress     *progress)
{
  double value = pb_sync_engine_get_progress (sync_engine);
  GtkWidget *header_bar, *popover_bar;

  if (value < 0)
    return;

  if (value > 1)
    progress->out_of_range = TRUE;
  progress->seen = TRUE;
  progress->last = value;

  /* The indicator connected first, so it has already updated. */
  header_bar = pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_PROGRESS_BAR, "sync-indicator-progress");
  popover_bar = pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_PROGRESS_BAR, "sync-progress");
  if (gtk_widget_get_visible (header_bar) &&
      G_APPROX_VALUE (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (header_bar)), value, 1e-6))
    progress->header_shown = TRUE;
  if (gtk_widget_get_visible (popover_bar) &&
      strstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (popover_bar)), "%") != NULL &&
      strstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (popover_bar)),
              T ("First sync", "Première synchronisation")) != NULL)
    progress->popover_shown = TRUE;
}

typedef struct
{
  GAsyncResult *result;
  Progress     *progress;
} FirstSync;

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  FirstSync *first = user_data;

  first->result = g_object_ref (result);
}

static gboolean
signed_in (gpointer data)
{
  return ((FirstSync *)data)->result != NULL;
}

/* While waiting, one picture of the header bar with the bar in it. */
static gboolean
first_sync_done (gpointer data)
{
  FirstSync *first = data;
  gint64 never = 0;

  if (first->progress->seen && !first->progress->shot && pb_sync_engine_get_progress (engine) >= 0)
    {
      first->progress->shot = TRUE;
      screenshot (GTK_WIDGET (window), "sync-first-sync-progress");
    }

  return engine_settled (&never) && pb_sync_engine_get_state (engine) == PB_SYNC_STATE_IDLE;
}

static void
test_first_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_time = NULL;
  g_autofree char *expected_last_sync = NULL;
  g_autoptr(GDateTime) when = NULL;
  GtkWidget *button, *popover, *sync_now;
  gint64 last_sync;
  Progress progress = { FALSE, FALSE, FALSE, FALSE, -1, FALSE };
  FirstSync first = { NULL, &progress };
  gulong handler;

  /* Signed out: nothing to show. */
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON,
                                                "sync-indicator-button")));
  g_assert_false (pb_offline_banner_get_revealed (banner));

  pb_account_sign_in_async (pb_test_school_get_url (school),
                            pb_test_school_get_referent_email (school),
                            pb_test_school_get_referent_password (school),
                            data_dir, NULL, sign_in_cb, &first);
  g_assert_true (pb_test_school_wait_for (signed_in, &first, SIGN_IN_TIMEOUT_MS));
  account = pb_account_sign_in_finish (first.result, &error);
  g_clear_object (&first.result);
  g_assert_no_error (error);
  engine = pb_account_get_sync_engine (account);

  /* A poll would pull the server's side of the conflict before we push
   * ours; retries after a failure wait for the Retry button. */
  pb_sync_engine_set_poll_interval (engine, 3600);
  pb_sync_engine_set_backoff (engine, 600000, 600000);

  pb_sync_indicator_set_engine (indicator, engine);
  pb_offline_banner_set_engine (banner, engine);
  pb_conflicts_view_set_account (conflicts_view, account);
  handler = g_signal_connect (engine, "notify::progress", G_CALLBACK (progress_notify_cb), &progress);

  pb_sync_engine_start (engine);
  assert_wait (first_sync_done, &first, SYNC_TIMEOUT_MS, "the first sync");
  g_signal_handler_disconnect (engine, handler);

  g_assert_true (progress.seen);
  g_assert_false (progress.out_of_range);
  g_assert_true (progress.header_shown);
  g_assert_true (progress.popover_shown);
  /* Over: the bars go away. */
  g_assert_cmpfloat (pb_sync_engine_get_progress (engine), <, 0);
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_PROGRESS_BAR,
                                                "sync-indicator-progress")));

  organization_id = pb_test_school_get_organization_id (account, &error);
  g_assert_no_error (error);

  /* Synced, in the icon, the words and the accessible name. */
  button = pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON, "sync-indicator-button");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (indicator_icon (), ==, "emblem-ok-symbolic");
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-status"), ==,
                   T ("Online — everything is synced", "En ligne — tout est synchronisé"));
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-pending"), ==,
                   T ("No changes waiting to be sent", "Aucune modification en attente"));
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_LABEL, "sync-indicator-count")));

  when = g_date_time_new_from_unix_local (pb_sync_engine_get_last_sync (engine) / G_USEC_PER_SEC);
  expected_time = g_date_time_format (when, "%H:%M");
  expected_last_sync = g_strdup_printf (T ("Last synced at %s", "Dernière synchronisation à %s"), expected_time);
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-last-sync"), ==, expected_last_sync);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), expected_time));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button),
                            T ("Online — everything is synced", "En ligne — tout est synchronisé")));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     T ("Online — everything is synced",
                                                        "En ligne — tout est synchronisé")));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_BUTTON, "sync-show-conflicts")));

  /* Nothing in conflict yet: the empty state. */
  g_assert_true (gtk_widget_get_mapped (pb_test_find_named (GTK_WIDGET (conflicts_view), ADW_TYPE_STATUS_PAGE, "conflicts-empty")));
  g_assert_false (pb_offline_banner_get_revealed (banner));

  popover = GTK_WIDGET (pb_sync_indicator_get_popover (indicator));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  pb_test_wait_for_draw (popover);
  screenshot (popover, "sync-indicator-synced");

  /* Sync Now syncs at once (the poll is an hour away). */
  last_sync = pb_sync_engine_get_last_sync (engine);
  g_usleep (G_USEC_PER_SEC / 100);
  sync_now = pb_test_find_named (popover, GTK_TYPE_BUTTON, "sync-now");
  g_assert_true (gtk_widget_get_sensitive (sync_now));
  gtk_widget_activate (sync_now);
  assert_wait (engine_settled, &last_sync, SYNC_TIMEOUT_MS, "the sync asked for by Sync Now");
  g_assert_cmpint (pb_sync_engine_get_state (engine), ==, PB_SYNC_STATE_IDLE);

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

/* ------------------------------------------------------------------ */
/* Offline                                                             */

static void
test_offline_banner (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pending = NULL;
  GtkWidget *retry;
  gint64 last_sync;

  g_assert_nonnull (engine);
  g_assert_false (pb_offline_banner_get_revealed (banner));

  campaign_id = run_in_thread (first_active_campaign, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (campaign_id);

  /* The server goes away; the next sync fails. */
  g_assert_true (pb_test_school_stop_server (school, &error));
  g_assert_no_error (error);
  pb_sync_engine_sync_now (engine);
  assert_wait (engine_offline, NULL, SYNC_TIMEOUT_MS, "the engine to go offline");

  g_assert_true (pb_offline_banner_get_revealed (banner));
  g_assert_cmpstr (label_text (GTK_WIDGET (banner), "offline-banner-label"), ==,
                   T ("Offline — your changes are kept and will be sent when the server is reachable again.",
                      "Hors ligne — vos modifications sont conservées et seront envoyées dès que le serveur "
                      "sera joignable."));
  retry = pb_test_find_named (GTK_WIDGET (banner), GTK_TYPE_BUTTON, "offline-banner-retry");
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (banner), GTK_TYPE_BUTTON, "offline-banner-sign-in")));
  g_assert_cmpstr (indicator_icon (), ==, "network-offline-symbolic");
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-status"), ==, T ("Offline", "Hors ligne"));

  /* An edit while offline: kept, and counted as waiting. */
  my_name = g_strdup_printf ("Mon nom hors ligne %s", T ("en", "fr"));
  g_assert_true (GPOINTER_TO_INT (run_in_thread (rename_campaign, my_name, &error)));
  g_assert_no_error (error);
  assert_wait (engine_pending, GUINT_TO_POINTER (1), UI_TIMEOUT_MS, "one pending change");
  assert_wait (engine_offline, NULL, SYNC_TIMEOUT_MS, "the engine to stay offline");

  pending = g_strdup (T ("1 change waiting to be sent", "1 modification en attente"));
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-pending"), ==, pending);
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-indicator-count"), ==, "1");
  g_assert_true (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_LABEL, "sync-indicator-count")));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON,
                                                               "sync-indicator-button")),
                            pending));
  g_assert_true (pb_offline_banner_get_revealed (banner));

  assert_wait (banner_child_revealed, GINT_TO_POINTER (TRUE), UI_TIMEOUT_MS, "the banner to slide in");
  screenshot (GTK_WIDGET (window), "sync-offline-banner");

  /* Back online; meanwhile someone else renamed the same campaign. */
  g_assert_true (pb_test_school_restart_server (school, &error));
  g_assert_no_error (error);
  http_sign_in ();
  server_name = g_strdup_printf ("Nom donné sur le serveur %s", T ("en", "fr"));
  http_rename_campaign (campaign_id, server_name);

  /* Retry is what brings it back (the backoff is ten minutes long). */
  last_sync = pb_sync_engine_get_last_sync (engine);
  gtk_widget_activate (retry);
  assert_wait (engine_settled, &last_sync, SYNC_TIMEOUT_MS, "the sync after Retry");

  g_assert_cmpint (pb_sync_engine_get_state (engine), ==, PB_SYNC_STATE_IDLE);
  g_assert_false (pb_offline_banner_get_revealed (banner));
  assert_wait (banner_child_revealed, GINT_TO_POINTER (FALSE), UI_TIMEOUT_MS, "the banner to slide out");
  g_assert_cmpstr (indicator_icon (), !=, "network-offline-symbolic");
}

/* ------------------------------------------------------------------ */
/* The conflict                                                        */

static void
test_conflict (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autofree char *keep_mine = NULL;
  g_autofree char *keep_theirs = NULL;
  g_autofree char *title = NULL;
  g_autofree char *on_server = NULL;
  GtkWidget *row, *grid, *button, *menu_button, *popover;
  int n_headers = 0;

  g_assert_nonnull (server_name);

  /* The push met the other rename: 412, kept as a conflict. */
  assert_wait (engine_has_conflicts, GUINT_TO_POINTER (1), SYNC_TIMEOUT_MS, "the conflict");
  assert_wait (has_n_rows, GUINT_TO_POINTER (1), UI_TIMEOUT_MS, "the conflict in the list");

  g_assert_cmpstr (indicator_icon (), ==, "dialog-warning-symbolic");
  g_assert_cmpstr (label_text (GTK_WIDGET (indicator), "sync-conflicts"), ==,
                   T ("1 change needs your decision", "1 modification attend votre décision"));
  menu_button = pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON, "sync-indicator-button");
  popover = GTK_WIDGET (pb_sync_indicator_get_popover (indicator));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  pb_test_wait_for_draw (popover);
  screenshot (popover, "sync-indicator-conflict");
  button = pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_BUTTON, "sync-show-conflicts");
  g_assert_true (gtk_widget_get_visible (button));
  gtk_widget_activate (button);
  assert_wait (view_shown, NULL, UI_TIMEOUT_MS, "win.show-view");
  g_assert_cmpstr (shown_view, ==, "conflicts");
  g_assert_false (gtk_widget_get_visible (popover));

  rows = conflict_rows ();
  row = g_ptr_array_index (rows, 0);
  title = g_strdup (label_text (row, "conflict-title"));
  g_test_message ("conflict title: %s", title);
  g_assert_true (g_str_has_prefix (title, T ("Renaming of “", "Renommage de « ")));

  /* Field by field: the name, mine beside the server's. */
  grid = pb_test_find_named (row, GTK_TYPE_GRID, "conflict-fields");
  g_assert_true (gtk_widget_get_visible (grid));
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), T ("Name", "Nom")) == 0)
      n_headers++;
  g_assert_cmpint (n_headers, ==, 1);
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) &&
        (g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), T ("Your version", "Votre version")) == 0 ||
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), T ("Server version", "Version du serveur")) == 0))
      n_headers++;
  g_assert_cmpint (n_headers, ==, 3);

  mine = g_ptr_array_new ();
  theirs = g_ptr_array_new ();
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (gtk_widget_get_name (child), "conflict-mine") == 0)
        g_ptr_array_add (mine, (gpointer) gtk_label_get_text (GTK_LABEL (child)));
      if (g_strcmp0 (gtk_widget_get_name (child), "conflict-theirs") == 0)
        g_ptr_array_add (theirs, (gpointer) gtk_label_get_text (GTK_LABEL (child)));
    }
  g_assert_true (g_ptr_array_find_with_equal_func (mine, my_name, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (theirs, server_name, g_str_equal, NULL));

  keep_mine = button_text (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-mine"));
  keep_theirs = button_text (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-theirs"));
  g_assert_cmpstr (keep_mine, ==, T ("Keep My Version", "Garder ma version"));
  g_assert_cmpstr (keep_theirs, ==, T ("Keep the Server’s Version", "Garder la version du serveur"));

  screenshot (GTK_WIDGET (window), "sync-conflict");

  /* Keep mine: sent again over the server's, and the list empties. */
  gtk_widget_activate (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-mine"));
  assert_wait (engine_clear, NULL, SYNC_TIMEOUT_MS, "the conflict to be resolved and sent");
  assert_wait (has_n_rows, GUINT_TO_POINTER (0), UI_TIMEOUT_MS, "the list to empty");
  g_assert_true (gtk_widget_get_mapped (pb_test_find_named (GTK_WIDGET (conflicts_view), ADW_TYPE_STATUS_PAGE, "conflicts-empty")));
  g_assert_cmpstr (indicator_icon (), ==, "emblem-ok-symbolic");

  on_server = http_get_campaign_name (campaign_id, NULL);
  g_assert_cmpstr (on_server, ==, my_name);
}

/* ------------------------------------------------------------------ */
/* A rejected change                                                   */

static void
test_rejected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) reason_lines = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected_title = NULL;
  g_autofree char *try_again = NULL;
  g_autofree char *discard = NULL;
  PbConflict *conflict = NULL;
  GtkWidget *row;
  const char *status;
  guint n_lines = 0;

  g_assert_nonnull (engine);

  g_assert_true (GPOINTER_TO_INT (run_in_thread (queue_broken_import, NULL, &error)));
  g_assert_no_error (error);
  assert_wait (engine_has_conflicts, GUINT_TO_POINTER (1), SYNC_TIMEOUT_MS, "the import to be refused");
  assert_wait (has_n_rows, GUINT_TO_POINTER (1), UI_TIMEOUT_MS, "the refusal in the list");

  stored = run_in_thread (list_conflicts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  conflict = g_ptr_array_index (stored, 0);
  g_assert_cmpint (conflict->state, ==, PB_OUTBOX_REJECTED);
  g_assert_cmpuint (conflict->status, ==, 422);
  g_assert_nonnull (conflict->reason);

  rows = conflict_rows ();
  row = g_ptr_array_index (rows, 0);
  expected_title = g_strdup_printf (T ("Import of “%s”", "Import de « %s »"), "eleves-2nde.csv");
  g_assert_cmpstr (label_text (row, "conflict-title"), ==, expected_title);
  g_assert_false (gtk_widget_get_visible (pb_test_find_named (row, GTK_TYPE_GRID, "conflict-fields")));

  /* The server's reason, one label per line, each selectable. */
  lines = g_strsplit (conflict->reason, "\n", -1);
  reason_lines = g_ptr_array_new ();
  labels = pb_test_find_all (pb_test_find_named (row, GTK_TYPE_BOX, "conflict-reason"), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_assert_true (gtk_label_get_selectable (label));
      g_ptr_array_add (reason_lines, (gpointer) gtk_label_get_text (label));
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      n_lines++;
      g_assert_true (g_ptr_array_find_with_equal_func (reason_lines, lines[i], g_str_equal, NULL));
    }
  g_assert_cmpuint (reason_lines->len, ==, n_lines);
  /* Both wrong rows, at once. */
  g_assert_cmpuint (n_lines, >=, 2);

  status = label_text (row, "conflict-status");
  g_assert_nonnull (strstr (status, "422"));
  if (conflict->code != NULL)
    g_assert_nonnull (strstr (status, conflict->code));

  try_again = button_text (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-mine"));
  discard = button_text (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-theirs"));
  g_assert_cmpstr (try_again, ==, T ("Try Again", "Réessayer"));
  g_assert_cmpstr (discard, ==, T ("Discard My Change", "Abandonner ma modification"));

  screenshot (GTK_WIDGET (window), "sync-rejected");

  /* Dropped by the user's choice only. */
  gtk_widget_activate (pb_test_find_named (row, GTK_TYPE_BUTTON, "conflict-keep-theirs"));
  assert_wait (has_n_rows, GUINT_TO_POINTER (0), SYNC_TIMEOUT_MS, "the refusal to be discarded");
  assert_wait (engine_clear, NULL, SYNC_TIMEOUT_MS, "the engine to settle");
}

/* ------------------------------------------------------------------ */
/* Signed out                                                          */

static void
test_signed_out (void)
{
  pb_sync_indicator_set_engine (indicator, NULL);
  pb_offline_banner_set_engine (banner, NULL);
  pb_conflicts_view_set_account (conflicts_view, NULL);

  g_assert_false (gtk_widget_get_visible (pb_test_find_named (GTK_WIDGET (indicator), GTK_TYPE_MENU_BUTTON,
                                                "sync-indicator-button")));
  g_assert_false (pb_offline_banner_get_revealed (banner));
  assert_wait (has_n_rows, GUINT_TO_POINTER (0), UI_TIMEOUT_MS, "an empty list");
  pb_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (pb_test_find_named (GTK_WIDGET (conflicts_view), ADW_TYPE_STATUS_PAGE, "conflicts-empty")));

  /* The engine goes on without the widgets listening. */
  pb_sync_engine_sync_now (engine);
}

/* ------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  int ret;

  pb_application_setup_i18n ();
  /* No G_TEST_OPTION_ISOLATE_DIRS: see test-window.c (SVG icons). */
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  french = pb_test_in_french ();

  /* The app loads style.css by itself; a bare window needs it loaded. */
  g_assert_nonnull (pb_gui_get_resource ());
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  school = pb_test_school_new (&error);
  g_assert_no_error (error);
  data_dir = g_dir_make_tmp ("pb-test-sync-ui-XXXXXX", &error);
  g_assert_no_error (error);
  http = soup_session_new ();

  build_window ();

  g_test_add_func ("/gui/sync/first-sync", test_first_sync);
  g_test_add_func ("/gui/sync/offline-banner", test_offline_banner);
  g_test_add_func ("/gui/sync/conflict", test_conflict);
  g_test_add_func ("/gui/sync/rejected", test_rejected);
  g_test_add_func ("/gui/sync/signed-out", test_signed_out);

  ret = g_test_run ();

  if (engine != NULL)
    pb_sync_engine_stop (engine);
  gtk_window_destroy (window);
  g_clear_object (&account);
  g_clear_object (&http);
  g_clear_pointer (&school, pb_test_school_free);
  pb_test_remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}
