/* test-sync.c
 *
 * The sync engine against the real server binary over loopback and a real
 * SQLite cache: first sync, exactly-once writes across a lost answer,
 * conflicts, rejections, 410, 401, a sync killed halfway, the background
 * loop, and accounts.
 *
 * The changes feed is read in pages of PB_SYNC_PAGE_SIZE records (100
 * here) so that the small demo school needs several.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-credentials.h"
#include "pb-test-proxy.h"
#include "pb-test-sync.h"

#define N_LEARNERS 40
#define PAGE_SIZE "100"

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static gint64
server_learner_count (School *school)
{
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                           school->api.org_a);

  return school_row_count (school, path);
}

static gint64
server_campaign_count (School     *school,
                       const char *filter)
{
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/campaigns?page[size]=1%s",
                                           school->api.org_a, filter);

  return school_row_count (school, path);
}

static guint
cached_campaign_count (School     *school,
                       gboolean    archived,
                       const char *search)
{
  PbStoreCampaignQuery query = { school->api.org_a, NULL, archived, search };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = pb_store_list_campaigns (school->store, &query, &error);

  g_assert_no_error (error);
  return campaigns->len;
}

static JsonObject *
server_campaign (School      *school,
                 ApiResponse *response,
                 const char  *id)
{
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);

  api_send (&school->api, response, "GET", path, school->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  return api_attributes (response);
}

/* PATCH as "someone else": the test's own session. */
static void
server_rename (School     *school,
               const char *id,
               gint64      version,
               const char *name)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"id\": \"%s\", "
                                           "\"attributes\": {\"name\": \"%s\"}}}", id, name);
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  api_send_json (&school->api, &response, "PATCH", path, school->api.admin_a, json, "If-Match", if_match, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

static char *
create_local_campaign (School     *school,
                       const char *name)
{
  PbStoreNewCampaign campaign = { .name = name, .type = "PROFILES_COLLECTION" };
  g_autoptr(GError) error = NULL;
  char *id = pb_store_create_campaign (school->store, school->api.org_a, &campaign, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
rename_local_campaign (School     *school,
                       const char *id,
                       const char *name)
{
  g_autoptr(GError) error = NULL;

  pb_store_rename_campaign (school->store, id, name, &error);
  g_assert_no_error (error);
}

static char *
cached_campaign_name (School     *school,
                      const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStoreCampaign) campaign = pb_store_get_campaign (school->store, id, &error);

  g_assert_no_error (error);
  return g_strdup (campaign->name);
}

static GPtrArray *
list_conflicts (School *school)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = pb_store_list_conflicts (school->store, &error);

  g_assert_no_error (error);
  return conflicts;
}

static const PbConflictField *
find_field (PbConflict *conflict,
            const char *name)
{
  for (guint i = 0; conflict->fields != NULL && i < conflict->fields->len; i++)
    {
      const PbConflictField *field = g_ptr_array_index (conflict->fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

static void
on_tables_changed (PbStore *store,
                   guint    tables,
                   gpointer data)
{
  *(guint *)data |= tables;
}

static void
on_progress (PbSyncEngine *engine,
             GParamSpec   *pspec,
             gpointer      data)
{
  GArray *values = data;
  double value = pb_sync_engine_get_progress (engine);

  g_array_append_val (values, value);
}

static gint64
count_in_log (School     *school,
              const char *needle)
{
  g_autofree char *log = server_read_log (&school->api.server);
  gint64 count = 0;

  for (const char *at = strstr (log, needle); at != NULL; at = strstr (at + 1, needle))
    count++;
  return count;
}

/* ------------------------------------------------------------------ */
/* 1. First sync                                                        */

/* @pending_id: a campaign that has a change waiting (a conflict), or NULL */
static void
assert_cache_matches_server (School     *school,
                             const char *pending_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) feed = school_feed_counts (school);
  g_autoptr(GPtrArray) divisions = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *divisions_path = g_strdup_printf ("/api/organizations/%s/divisions", school->api.org_a);
  PbStoreCampaignQuery query = { school->api.org_a, NULL, FALSE, NULL };
  guint in_divisions = 0;
  gint64 learners = server_learner_count (school);

  g_assert_cmpint (learners, ==, N_LEARNERS);
  g_assert_cmpuint (pb_store_count_learners (school->store, school->api.org_a, &error), ==, learners);
  g_assert_no_error (error);
  /* Every learner of the feed is an active one in this school. */
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (feed, "organization-learners")), ==, learners);

  divisions = pb_store_list_divisions (school->store, school->api.org_a, &error);
  g_assert_no_error (error);
  api_send (&school->api, &response, "GET", divisions_path, school->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (divisions->len, ==, json_array_get_length (api_data_array (&response)));
  for (guint i = 0; i < divisions->len; i++)
    in_divisions += ((PbStoreDivision *)g_ptr_array_index (divisions, i))->n_learners;
  g_assert_cmpuint (in_divisions, ==, learners);

  g_assert_cmpuint (cached_campaign_count (school, FALSE, NULL) + cached_campaign_count (school, TRUE, NULL), ==,
                    server_campaign_count (school, ""));
  g_assert_cmpuint (cached_campaign_count (school, TRUE, NULL), ==,
                    server_campaign_count (school, "&filter[status]=archived"));
  g_assert_cmpuint (server_campaign_count (school, ""), ==,
                    GPOINTER_TO_UINT (g_hash_table_lookup (feed, "campaigns")));

  /* Each campaign's participants, and its code as the server made it. */
  campaigns = pb_store_list_campaigns (school->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, >, 0);
  for (guint i = 0; i < campaigns->len; i++)
    {
      PbStoreCampaign *campaign = g_ptr_array_index (campaigns, i);
      g_autofree char *path = g_strdup_printf ("/api/campaigns/%s/participants-activity?page[size]=1", campaign->id);
      g_autoptr(GPtrArray) participants = pb_store_list_participants (school->store, campaign->id, &error);
      g_auto(ApiResponse) detail = { 0 };

      g_assert_no_error (error);
      g_assert_cmpuint (participants->len, ==, school_row_count (school, path));
      g_assert_cmpstr (campaign->code, ==,
                       json_object_get_string_member (server_campaign (school, &detail, campaign->id), "code"));
      g_assert_cmpint (campaign->has_pending_changes, ==, g_strcmp0 (campaign->id, pending_id) == 0);
    }
}

static void
test_first_sync (School        *school,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) progress = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_again = NULL;
  g_autoptr(GPtrArray) organizations = NULL;
  g_autofree char *feed_log = g_strdup_printf ("path=/api/organizations/%s/changes status=200", school->api.org_a);
  gint64 feed_requests;
  guint tables = 0;
  gulong handler;

  school_open_cache (school);
  g_assert_cmpint (pb_sync_engine_get_last_sync (school->engine), ==, 0);
  g_signal_connect (school->engine, "notify::progress", G_CALLBACK (on_progress), progress);
  school_sync (school);

  organizations = pb_store_list_organizations (school->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (organizations->len, ==, 1);
  g_assert_cmpstr (((PbStoreOrganization *)g_ptr_array_index (organizations, 0))->role, ==, "ADMIN");
  assert_cache_matches_server (school, NULL);

  cursor = pb_store_get_cursor (school->store, school->api.org_a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_IDLE);
  g_assert_cmpint (pb_sync_engine_get_last_sync (school->engine), >, 0);
  g_assert_null (pb_sync_engine_get_message (school->engine));

  /* Progress: from 0, never back, through values in between (the school
   * takes several pages), to 1, then -1 once done. */
  g_assert_cmpuint (progress->len, >=, 4);
  g_assert_cmpfloat (g_array_index (progress, double, 0), ==, 0.0);
  for (guint i = 1; i + 1 < progress->len; i++)
    g_assert_cmpfloat (g_array_index (progress, double, i), >, g_array_index (progress, double, i - 1));
  g_assert_cmpfloat (g_array_index (progress, double, 1), <, 1.0);
  g_assert_cmpfloat (g_array_index (progress, double, progress->len - 2), ==, 1.0);
  g_assert_cmpfloat (g_array_index (progress, double, progress->len - 1), ==, -1.0);
  g_assert_cmpfloat (pb_sync_engine_get_progress (school->engine), ==, -1.0);

  /* Nothing new: the same cursor, no data table touched, no progress (it
   * is not a first sync any more). */
  g_array_set_size (progress, 0);
  handler = g_signal_connect (school->store, "changed", G_CALLBACK (on_tables_changed), &tables);
  feed_requests = count_in_log (school, feed_log);
  g_assert_cmpint (feed_requests, >=, 4);
  school_sync (school);
  g_assert_cmpint (count_in_log (school, feed_log), ==, feed_requests + 1);
  g_signal_handler_disconnect (school->store, handler);
  cursor_again = pb_store_get_cursor (school->store, school->api.org_a, &error);
  g_assert_cmpstr (cursor_again, ==, cursor);
  g_assert_cmpuint (tables & (PB_STORE_TABLE_LEARNERS | PB_STORE_TABLE_CAMPAIGNS | PB_STORE_TABLE_PARTICIPATIONS),
                    ==, 0);
  g_assert_cmpuint (progress->len, ==, 0);
  assert_cache_matches_server (school, NULL);

  /* last-sync survives the engine. */
  {
    gint64 last_sync = pb_sync_engine_get_last_sync (school->engine);
    g_autoptr(PbSyncEngine) again = pb_sync_engine_new (school->store, school->client);

    g_assert_cmpint (pb_sync_engine_get_last_sync (again), ==, last_sync);
  }
}

/* ------------------------------------------------------------------ */
/* 2. Exactly once across a lost answer                                 */

static void
test_exactly_once (School        *school,
                   gconstpointer  data)
{
  g_autoptr(TestProxy) proxy = test_proxy_new (school->url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *id = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(PbStoreCampaign) cached = NULL;
  g_autofree char *url = NULL;
  PbOutboxEntry *entry;
  JsonObject *attributes;

  /* The client talks to the server through the proxy. */
  url = g_steal_pointer (&school->url);
  school->url = g_strdup (test_proxy_get_url (proxy));
  school_open_cache (school);
  g_free (school->url);
  school->url = g_steal_pointer (&url);
  school_sync (school);

  id = create_local_campaign (school, "Créée hors ligne, envoyée une fois");
  test_proxy_lose_answer (proxy, "POST", "/api/campaigns");

  /* The server commits; its answer never arrives. */
  g_assert_false (pb_sync_engine_run_once (school->engine, NULL, &error));
  g_assert_true (error->domain == G_IO_ERROR);
  g_clear_error (&error);
  school_drain ();
  g_assert_cmpuint (test_proxy_get_lost (proxy), ==, 1);
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_OFFLINE);
  g_assert_nonnull (pb_sync_engine_get_message (school->engine));
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 1);
  server_campaign (school, &response, id);

  outbox = pb_store_list_outbox (school->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  entry = g_ptr_array_index (outbox, 0);
  g_assert_cmpint (entry->state, ==, PB_OUTBOX_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 1);
  g_assert_nonnull (entry->last_error);

  /* Sent again with the same key: the server replays its answer. */
  school_sync (school);
  g_assert_cmpuint (test_proxy_count_requests (proxy, "POST", "/api/campaigns"), ==, 2);
  g_assert_cmpuint (test_proxy_get_replayed (proxy), ==, 1);
  g_assert_cmpint (server_campaign_count (school, "&filter[name]=envoy%C3%A9e%20une%20fois"), ==, 1);

  attributes = server_campaign (school, &response, id);
  cached = pb_store_get_campaign (school->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached->code);
  g_assert_cmpstr (cached->code, ==, json_object_get_string_member (attributes, "code"));
  g_assert_cmpint (cached->version, >=, 1);
  g_assert_false (cached->has_pending_changes);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_IDLE);

  school_close_cache (school);
}

/* The create went through in an earlier life and its answer was lost
 * with its key: 409 ID_TAKEN, and the campaign as the server has it is the
 * answer. Here "someone" sends the outbox's own document first. */
static void
test_id_taken (School        *school,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStoreCampaign) cached = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *id = NULL;
  PbOutboxEntry *entry;

  school_open_cache (school);
  school_sync (school);
  id = create_local_campaign (school, "Déjà créée ailleurs");
  outbox = pb_store_list_outbox (school->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  entry = g_ptr_array_index (outbox, 0);
  api_send (&school->api, &response, "POST", "/api/campaigns", school->api.admin_a, "application/vnd.api+json",
            entry->payload, NULL);
  g_assert_cmpuint (response.status, ==, 201);

  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 0);
  cached = pb_store_get_campaign (school->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->code, ==, json_object_get_string_member (server_campaign (school, &response, id), "code"));
  g_assert_cmpint (server_campaign_count (school, "&filter[name]=ailleurs"), ==, 1);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
}

/* ------------------------------------------------------------------ */
/* 3. Conflicts                                                         */

static void
test_conflict (School        *school,
               gconstpointer  data)
{
  g_autofree char *id = school_create_campaign (school, "Campagne à renommer");
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  const PbConflictField *field;
  PbConflict *conflict;

  school_open_cache (school);
  school_sync (school);

  /* Mine offline, theirs on the server, from the same version. */
  rename_local_campaign (school, id, "Nom choisi hors ligne");
  server_rename (school, id, 1, "Nom choisi au serveur");
  school_sync (school);

  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->state, ==, PB_OUTBOX_CONFLICT);
  g_assert_cmpint (conflict->op, ==, PB_OUTBOX_RENAME_CAMPAIGN);
  g_assert_cmpstr (conflict->entity_id, ==, id);
  g_assert_cmpint (conflict->server_version, ==, 2);
  field = find_field (conflict, "name");
  g_assert_nonnull (field);
  g_assert_cmpstr (field->mine, ==, "Nom choisi hors ligne");
  g_assert_cmpstr (field->theirs, ==, "Nom choisi au serveur");
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (school->engine), ==, 1);
  /* The server's copy is untouched. */
  g_assert_cmpstr (json_object_get_string_member (server_campaign (school, &response, id), "name"), ==,
                   "Nom choisi au serveur");

  /* Keep mine: the next sync puts it on the server. */
  pb_store_resolve_conflict (school->store, conflict->id, TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  school_sync (school);
  g_assert_cmpstr (json_object_get_string_member (server_campaign (school, &response, id), "name"), ==,
                   "Nom choisi hors ligne");
  name = cached_campaign_name (school, id);
  g_assert_cmpstr (name, ==, "Nom choisi hors ligne");
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (school->engine), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);

  /* Again, keeping the server's this time. */
  rename_local_campaign (school, id, "Deuxième nom hors ligne");
  server_rename (school, id, 3, "Deuxième nom au serveur");
  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  pb_store_resolve_conflict (school->store, conflict->id, FALSE, &error);
  g_assert_no_error (error);
  school_sync (school);
  g_assert_cmpstr (json_object_get_string_member (server_campaign (school, &response, id), "name"), ==,
                   "Deuxième nom au serveur");
  g_free (name);
  name = cached_campaign_name (school, id);
  g_assert_cmpstr (name, ==, "Deuxième nom au serveur");
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (school->engine), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
}

static void
archive_local_campaign (School     *school,
                        const char *id)
{
  g_autoptr(GError) error = NULL;

  pb_store_set_campaign_archived (school->store, id, TRUE, &error);
  g_assert_no_error (error);
}

/* Several offline edits of one campaign go in one sync: each is sent over
 * the version the one before it made (the outbox is read again after an
 * acknowledged edit), and the edits after a conflict wait for the
 * person's choice. */
static void
test_same_campaign_edits (School        *school,
                          gconstpointer  data)
{
  g_autofree char *existing = school_create_campaign (school, "Campagne modifiée deux fois");
  g_autofree char *created = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ApiResponse) created_response = { 0 };
  g_auto(ApiResponse) held = { 0 };
  g_auto(ApiResponse) settled = { 0 };
  JsonObject *attributes;
  PbConflict *conflict;

  school_open_cache (school);
  school_sync (school);

  /* Created, renamed and archived offline: one sync, no conflict. */
  created = create_local_campaign (school, "Créée hors ligne");
  rename_local_campaign (school, created, "Créée puis renommée hors ligne");
  archive_local_campaign (school, created);
  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
  attributes = server_campaign (school, &created_response, created);
  g_assert_cmpstr (json_object_get_string_member (attributes, "name"), ==, "Créée puis renommée hors ligne");
  g_assert_true (json_object_get_boolean_member (attributes, "is-archived"));

  /* Renamed and archived offline while someone renamed it on the server:
   * the rename is a conflict, and the archive waits behind it. */
  rename_local_campaign (school, existing, "Mon nom hors ligne");
  archive_local_campaign (school, existing);
  server_rename (school, existing, 1, "Leur nom au serveur");
  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->op, ==, PB_OUTBOX_RENAME_CAMPAIGN);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 1);
  attributes = server_campaign (school, &held, existing);
  g_assert_cmpstr (json_object_get_string_member (attributes, "name"), ==, "Leur nom au serveur");
  g_assert_false (json_object_get_boolean_member (attributes, "is-archived"));

  /* Mine kept: both go, in order. */
  pb_store_resolve_conflict (school->store, conflict->id, TRUE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
  attributes = server_campaign (school, &settled, existing);
  g_assert_cmpstr (json_object_get_string_member (attributes, "name"), ==, "Mon nom hors ligne");
  g_assert_true (json_object_get_boolean_member (attributes, "is-archived"));
}

/* ------------------------------------------------------------------ */
/* 4. Rejections                                                        */

#define CSV_HEADER "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;" \
                   "Nom d'usage;Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;" \
                   "Libellé commune naissance**;Code département naissance*;Code pays naissance*;Statut*;" \
                   "Code MEF*;Division*\n"

static void
test_rejected (School        *school,
               gconstpointer  data)
{
  const char *csv = CSV_HEADER
    "2407000901A;Zoé;;;Lefèvre;;F;14/03/2013;75111;Paris;075;100;ZZ;10010012110;6A\n"
    ";Noël;;;Bénard;;M;02/05/2013;75111;Paris;075;100;ST;10010012110;6A\n"
    "2407000903C;Léa;;;Crépin;;F;31/06/2013;75111;Paris;075;100;ST;10010012110;6A\n";
  g_autoptr(GBytes) file = g_bytes_new_static (csv, strlen (csv));
  PbStoreNewCampaign unknown_profile = {
    .name = "Profil cible inconnu", .type = "ASSESSMENT", .target_profile_id = "tp-qui-n-existe-pas",
  };
  g_autofree char *refused = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(PbStoreCampaign) cached = NULL;
  g_auto(GStrv) lines = NULL;
  PbConflict *import = NULL, *create = NULL;

  school_open_cache (school);
  school_sync (school);

  /* Two changes the server refuses, then one it takes. */
  pb_store_queue_learner_import (school->store, school->api.org_a, "csv", "eleves-rentree.csv", file, &error);
  g_assert_no_error (error);
  refused = pb_store_create_campaign (school->store, school->api.org_a, &unknown_profile, &error);
  g_assert_no_error (error);
  after = create_local_campaign (school, "Créée après les refus");
  school_sync (school);

  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 2);
  for (guint i = 0; i < conflicts->len; i++)
    {
      PbConflict *conflict = g_ptr_array_index (conflicts, i);

      g_assert_cmpint (conflict->state, ==, PB_OUTBOX_REJECTED);
      if (conflict->op == PB_OUTBOX_IMPORT_LEARNERS)
        import = conflict;
      else if (conflict->op == PB_OUTBOX_CREATE_CAMPAIGN)
        create = conflict;
    }
  g_assert_nonnull (import);
  g_assert_nonnull (create);

  /* Every error of the file, each with its line and what is wrong there
   * (the C locale: the English source strings). */
  g_assert_cmpuint (import->status, ==, 422);
  g_assert_nonnull (import->code);
  lines = g_strsplit (import->reason, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "Line 2: "));
  g_assert_nonnull (strstr (lines[0], "Statut"));
  g_assert_true (g_str_has_prefix (lines[1], "Line 3: "));
  g_assert_nonnull (strstr (lines[1], "INE"));
  g_assert_true (g_str_has_prefix (lines[2], "Line 4: "));
  g_assert_nonnull (strstr (lines[2], "birth date"));
  g_assert_cmpstr (import->label, ==, "eleves-rentree.csv");

  g_assert_cmpuint (create->status, ==, 422);
  g_assert_cmpstr (create->code, ==, "TARGET_PROFILE_NOT_AVAILABLE");
  g_assert_nonnull (create->reason);
  g_assert_cmpstr (create->entity_id, ==, refused);

  /* The later change went through; the refused ones stay, not pending,
   * and changed nothing on the server. */
  cached = pb_store_get_campaign (school->store, after, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cached->code);
  server_campaign (school, &response, after);
  g_assert_cmpint (server_learner_count (school), ==, N_LEARNERS);
  g_assert_cmpint (server_campaign_count (school, "&filter[name]=inconnu"), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (school->engine), ==, 2);
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_IDLE);
}

/* ------------------------------------------------------------------ */
/* 5. 410                                                               */

/* A learner the server never had, to see the fresh snapshot drop it. */
static JsonArray *
stale_learner (School *school)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                           school->api.org_a);
  JsonObject *learner;
  JsonObject *meta;
  JsonArray *page = json_array_new ();

  api_send (&school->api, &response, "GET", path, school->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  learner = json_object_ref (json_array_get_object_element (api_data_array (&response), 0));
  json_object_set_string_member (learner, "id", "01a20000-0000-7000-8000-00000000beef");
  json_object_set_string_member (json_object_get_object_member (learner, "attributes"), "national-student-id",
                                 "0000000000Z");
  meta = json_object_get_object_member (learner, "meta");
  json_object_set_int_member (meta, "seq", 1);
  json_object_set_string_member (meta, "op", "put");
  json_array_add_object_element (page, learner);
  return page;
}

static void
test_gone (School        *school,
           gconstpointer  data)
{
  g_autofree char *id = school_create_campaign (school, "Campagne en conflit");
  g_autoptr(JsonArray) stale = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;

  school_open_cache (school);
  school_sync (school);

  /* An outbox entry that stays: a conflict. */
  rename_local_campaign (school, id, "Nom local");
  server_rename (school, id, 1, "Nom du serveur");
  school_sync (school);
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_clear_pointer (&conflicts, g_ptr_array_unref);

  /* A forged cursor, saved with a record the server does not have. */
  stale = stale_learner (school);
  pb_store_apply_changes (school->store, school->api.org_a, stale, "999999.forged", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_store_count_learners (school->store, school->api.org_a, NULL), ==, N_LEARNERS + 1);

  school_sync (school);
  cursor = pb_store_get_cursor (school->store, school->api.org_a, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cursor);
  g_assert_cmpstr (cursor, !=, "999999.forged");
  assert_cache_matches_server (school, id);

  /* The outbox outlived the snapshot. */
  conflicts = list_conflicts (school);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (((PbConflict *)g_ptr_array_index (conflicts, 0))->entity_id, ==, id);
}

/* ------------------------------------------------------------------ */
/* 6. 401                                                               */

static void
count_signal (gpointer data)
{
  (*(guint *)data)++;
}

/* Restarting with a new key: every access token handed out is refused. */
static void
rotate_server_key (School *school)
{
  school_stop_server (school);
  fixture_exec (&school->api.fixture, "DELETE FROM server_secrets WHERE name = 'access-token-key'");
  school_start_server (school);
}

static void
test_unauthorized (School        *school,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(PbApiResponse) answer = NULL;
  guint refreshed = 0;

  school_open_cache (school);
  school_sync (school);
  g_signal_connect_swapped (school->client, "refresh-token-changed", G_CALLBACK (count_signal), &refreshed);

  rotate_server_key (school);
  id = create_local_campaign (school, "Envoyée après un 401");
  school_sync (school);
  g_assert_cmpuint (refreshed, ==, 1);
  /* One 401 (GET /api/me, the first call), then everything with the new token. */
  g_assert_cmpint (count_in_log (school, "status=401"), ==, 1);
  g_assert_cmpint (count_in_log (school, "path=/api/token status=200"), ==, 1);
  school_renew_token (school);
  server_campaign (school, &response, id);

  /* A refresh token the server refuses: the session is over. */
  rotate_server_key (school);
  pb_api_client_set_refresh_token (school->client, "not-a-refresh-token");
  answer = pb_api_client_send (school->client, "GET", "/api/me", NULL, 0, NULL, NULL, NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED);
  g_clear_error (&error);
  token = pb_api_client_dup_refresh_token (school->client);
  g_assert_null (token);

  g_assert_false (pb_sync_engine_run_once (school->engine, NULL, &error));
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED);
  school_drain ();
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_nonnull (pb_sync_engine_get_message (school->engine));
}

/* ------------------------------------------------------------------ */
/* 7. Killed halfway through a first sync                               */

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Tool;

static void
tool_start (Tool       *tool,
            School     *school,
            const char *url,
            const char *cache)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("PB_SYNC_TOOL");

  g_assert_nonnull (binary);
  g_subprocess_launcher_setenv (launcher, "PB_SYNC_PAGE_SIZE", "50", TRUE);
  tool->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--server", url,
                                               "--email", school->email, "--password", school->password,
                                               "--cache", cache, NULL);
  g_assert_no_error (error);
  tool->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tool->process));
}

static char *
tool_read_line (Tool *tool)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line_utf8 (tool->out, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
tool_finish (Tool *tool,
             int   expected_status)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (tool->process, NULL, &error);
  g_assert_no_error (error);
  if (expected_status >= 0)
    g_assert_cmpint (g_subprocess_get_exit_status (tool->process), ==, expected_status);
  g_clear_object (&tool->out);
  g_clear_object (&tool->process);
}

/* Reads up to "done" and returns the pages printed. */
static guint
tool_read_to_end (Tool *tool)
{
  guint pages = 0;

  for (;;)
    {
      g_autofree char *line = tool_read_line (tool);

      g_assert_nonnull (line);
      if (g_str_equal (line, "done"))
        return pages;
      g_assert_true (g_str_has_prefix (line, "page "));
      pages++;
    }
}

typedef struct
{
  guint learners;
  guint campaigns;
  guint participants;
  guint divisions;
} Counts;

static void
read_counts (School     *school,
             const char *cache,
             Counts     *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStore) store = pb_store_open (cache, &error);
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) divisions = NULL;
  PbStoreCampaignQuery query = { school->api.org_a, NULL, FALSE, NULL };

  g_assert_no_error (error);
  counts->learners = pb_store_count_learners (store, school->api.org_a, &error);
  g_assert_no_error (error);
  campaigns = pb_store_list_campaigns (store, &query, &error);
  g_assert_no_error (error);
  counts->campaigns = campaigns->len;
  counts->participants = 0;
  for (guint i = 0; i < campaigns->len; i++)
    {
      g_autoptr(GPtrArray) participants =
        pb_store_list_participants (store, ((PbStoreCampaign *)g_ptr_array_index (campaigns, i))->id, &error);

      g_assert_no_error (error);
      counts->participants += participants->len;
    }
  divisions = pb_store_list_divisions (store, school->api.org_a, &error);
  g_assert_no_error (error);
  counts->divisions = divisions->len;
  pb_store_close (store);
}

static void
test_killed (School        *school,
             gconstpointer  data)
{
  g_autoptr(TestProxy) proxy = test_proxy_new (school->url);
  g_autofree char *feed = g_strdup_printf ("/api/organizations/%s/changes", school->api.org_a);
  g_autofree char *killed_cache = g_build_filename (school->cache_dir, "killed.sqlite", NULL);
  g_autofree char *clean_cache = g_build_filename (school->cache_dir, "clean.sqlite", NULL);
  g_autofree char *line = NULL;
  Tool tool = { 0 };
  Counts killed = { 0 }, clean = { 0 };
  guint clean_requests, before_restart, resumed_requests, resumed_pages;
  gint64 learners = server_learner_count (school);

  /* Each page of the feed takes a while to arrive: the tool is killed
   * while it waits for the third, not after it finished. */
  test_proxy_delay_answers (proxy, "GET", feed, 150);

  tool_start (&tool, school, test_proxy_get_url (proxy), killed_cache);
  line = tool_read_line (&tool);
  g_assert_cmpstr (line, ==, "resume-from -");
  g_free (line);
  line = tool_read_line (&tool);
  g_assert_cmpstr (line, ==, "page 1");
  g_free (line);
  line = tool_read_line (&tool);
  g_assert_cmpstr (line, ==, "page 2");
  g_subprocess_send_signal (tool.process, SIGKILL);
  tool_finish (&tool, -1);

  /* Started again, it goes on from the cursor it kept. */
  before_restart = test_proxy_count_requests (proxy, "GET", feed);
  tool_start (&tool, school, test_proxy_get_url (proxy), killed_cache);
  g_free (line);
  line = tool_read_line (&tool);
  g_assert_true (g_str_has_prefix (line, "resume-from "));
  g_assert_cmpstr (line, !=, "resume-from -");
  resumed_pages = tool_read_to_end (&tool);
  tool_finish (&tool, 0);
  resumed_requests = test_proxy_count_requests (proxy, "GET", feed) - before_restart;

  /* A clean full sync, for comparison. */
  before_restart = test_proxy_count_requests (proxy, "GET", feed);
  test_proxy_delay_answers (proxy, "GET", feed, 0);
  tool_start (&tool, school, test_proxy_get_url (proxy), clean_cache);
  g_free (line);
  line = tool_read_line (&tool);
  g_assert_cmpstr (line, ==, "resume-from -");
  tool_read_to_end (&tool);
  tool_finish (&tool, 0);
  clean_requests = test_proxy_count_requests (proxy, "GET", feed) - before_restart;

  g_test_message ("clean sync: %u requests; killed after 2 pages, then %u requests (%u pages)",
                  clean_requests, resumed_requests, resumed_pages);
  /* ~680 records in pages of 50: the resumed run skipped the pages kept. */
  g_assert_cmpuint (clean_requests, >=, 10);
  g_assert_cmpuint (resumed_requests, <=, clean_requests - 2);
  g_assert_cmpuint (resumed_pages, >, 0);

  read_counts (school, killed_cache, &killed);
  read_counts (school, clean_cache, &clean);
  g_assert_cmpuint (killed.learners, ==, learners);
  g_assert_cmpuint (killed.learners, ==, clean.learners);
  g_assert_cmpuint (killed.campaigns, ==, clean.campaigns);
  g_assert_cmpuint (killed.campaigns, ==, server_campaign_count (school, "&filter[status]=active"));
  g_assert_cmpuint (killed.participants, ==, clean.participants);
  g_assert_cmpuint (killed.participants, >, 0);
  g_assert_cmpuint (killed.divisions, ==, clean.divisions);
}

/* ------------------------------------------------------------------ */
/* 8. The background loop                                               */

typedef struct
{
  School  *school;
  guint    offline;       /* times it went OFFLINE */
  gboolean syncing_seen;
} Watch;

static void
on_state (PbSyncEngine *engine,
          GParamSpec   *pspec,
          Watch        *watch)
{
  PbSyncState state = pb_sync_engine_get_state (engine);

  if (state == PB_SYNC_STATE_OFFLINE)
    watch->offline++;
}

static gboolean
retried_offline (gpointer data)
{
  Watch *watch = data;

  return watch->offline >= 3;
}

static gboolean
idle_and_sent (gpointer data)
{
  Watch *watch = data;
  PbSyncEngine *engine = watch->school->engine;

  return pb_sync_engine_get_state (engine) == PB_SYNC_STATE_IDLE &&
         pb_sync_engine_get_pending_count (engine) == 0 &&
         pb_sync_engine_get_last_sync (engine) > 0;
}

typedef struct
{
  School     *school;
  const char *id;
  const char *name;
} Expected;

static gboolean
server_has_name (gpointer data)
{
  Expected *expected = data;
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strconcat ("/api/campaigns/", expected->id, NULL);

  api_send (&expected->school->api, &response, "GET", path, expected->school->api.admin_a, NULL, NULL, NULL);
  return response.status == 200 &&
         g_strcmp0 (json_object_get_string_member (api_attributes (&response), "name"), expected->name) == 0;
}

static void
test_background (School        *school,
                 gconstpointer  data)
{
  g_autofree char *id = NULL;
  Watch watch = { school };
  Expected renamed = { school, NULL, "Renommée pendant que le moteur tourne" };
  g_auto(ApiResponse) response = { 0 };

  school_open_cache (school);
  id = create_local_campaign (school, "En attente du serveur");
  renamed.id = id;
  school_stop_server (school);

  g_signal_connect (school->engine, "notify::state", G_CALLBACK (on_state), &watch);
  pb_sync_engine_set_backoff (school->engine, 50, 200);
  pb_sync_engine_start (school->engine);

  /* Offline, it keeps trying. */
  school_wait (retried_offline, &watch, 20);
  g_assert_nonnull (pb_sync_engine_get_message (school->engine));
  g_assert_nonnull (strstr (pb_sync_engine_get_message (school->engine), "retrying"));
  g_assert_cmpuint (pb_sync_engine_get_pending_count (school->engine), ==, 1);

  /* Back online: it syncs by itself. */
  school_start_server (school);
  school_wait (idle_and_sent, &watch, 20);
  g_assert_null (pb_sync_engine_get_message (school->engine));
  server_campaign (school, &response, id);

  /* A local edit goes out on its own, a second or so later. */
  rename_local_campaign (school, id, renamed.name);
  school_wait (server_has_name, &renamed, 20);
  school_wait (idle_and_sent, &watch, 20);

  pb_sync_engine_stop (school->engine);
  g_assert_cmpint (pb_sync_engine_get_state (school->engine), ==, PB_SYNC_STATE_IDLE);
}

/* ------------------------------------------------------------------ */
/* Accounts                                                             */

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  school_wait (has_result, result, 30);
  return *result;
}

static PbAccount *
sign_in (School      *school,
         const char  *data_dir,
         const char  *password,
         GError     **error)
{
  GAsyncResult *result = NULL;
  PbAccount *account;

  pb_account_sign_in_async (school->url, school->email, password, data_dir, NULL, on_ready, &result);
  account = pb_account_sign_in_finish (wait_result (&result), error);
  g_object_unref (result);
  return account;
}

static PbAccount *
restore (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  PbAccount *account;

  pb_account_restore_async (data_dir, NULL, on_ready, &result);
  account = pb_account_restore_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return account;
}

static void
sign_out (PbAccount *account)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  pb_account_sign_out_async (account, NULL, on_ready, &result);
  g_assert_true (pb_account_sign_out_finish (account, wait_result (&result), &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static gboolean
sign_in_again (PbAccount   *account,
               const char  *password,
               GError     **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  pb_account_sign_in_again_async (account, password, NULL, on_ready, &result);
  ok = pb_account_sign_in_again_finish (account, wait_result (&result), error);
  g_object_unref (result);
  return ok;
}

/* Another member of the demo school: the first MEMBER of demo-accounts.ini. */
static void
read_teacher (School  *school,
              char   **email,
              char   **password)
{
  g_autoptr(GKeyFile) accounts = g_key_file_new ();
  g_autofree char *path = g_build_filename (school->api.fixture.data_dir, "demo-accounts.ini", NULL);
  g_auto(GStrv) groups = NULL;

  g_assert_true (g_key_file_load_from_file (accounts, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (accounts, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *role = g_key_file_get_string (accounts, groups[i], "role", NULL);

      if (g_strcmp0 (role, "MEMBER") == 0)
        {
          *email = g_strdup (groups[i]);
          *password = g_key_file_get_string (accounts, groups[i], "password", NULL);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The token refused, the person types the password again: the same cache
 * syncs again, with a kept token. Another user's password (accounts.ini
 * edited to name someone else) is refused: that cache is not theirs. */
static void
check_sign_in_again (School     *school,
                     const char *data_dir,
                     PbAccount  *account)
{
  PbSyncEngine *engine = pb_account_get_sync_engine (account);
  g_autofree char *ini_path = g_build_filename (data_dir, "accounts.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(PbAccount) someone_else = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *teacher = NULL;
  g_autofree char *teacher_password = NULL;
  g_autofree char *kept = NULL;

  g_assert_false (sign_in_again (account, "not-the-password", &error));
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);
  g_assert_null (pb_credentials_lookup (school->url, pb_account_get_user_id (account), NULL, NULL));

  g_assert_true (sign_in_again (account, school->password, &error));
  g_assert_no_error (error);
  kept = pb_credentials_lookup (school->url, pb_account_get_user_id (account), NULL, NULL);
  g_assert_nonnull (kept);
  g_assert_true (pb_sync_engine_run_once (engine, NULL, &error));
  g_assert_no_error (error);
  school_drain ();
  g_assert_cmpint (pb_sync_engine_get_state (engine), ==, PB_SYNC_STATE_IDLE);
  g_assert_cmpuint (pb_store_count_learners (pb_account_get_store (account), school->api.org_a, NULL), ==,
                    N_LEARNERS);

  read_teacher (school, &teacher, &teacher_password);
  g_assert_true (g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, NULL));
  g_key_file_set_string (ini, "last", "email", teacher);
  g_assert_true (g_key_file_save_to_file (ini, ini_path, NULL));
  g_clear_object (&account);
  school_drain ();
  someone_else = restore (data_dir);
  g_assert_nonnull (someone_else);
  g_assert_false (sign_in_again (someone_else, teacher_password, &error));
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_REFUSED);
  g_clear_object (&someone_else);
  school_drain ();
}

static void
test_accounts (School        *school,
               gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (school->cache_dir, "data", NULL);
  g_autofree char *ini_path = g_build_filename (data_dir, "accounts.ini", NULL);
  g_autoptr(PbAccount) account = NULL;
  g_autoptr(PbApiClient) old_client = NULL;
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *ini_text = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *user_id = NULL;
  GStatBuf st;

  /* A wrong password is said so. */
  account = sign_in (school, data_dir, "not-the-password", &error);
  g_assert_null (account);
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS);
  g_clear_error (&error);

  account = sign_in (school, data_dir, school->password, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_account_get_server_url (account), ==, school->url);
  g_assert_cmpstr (pb_account_get_email (account), ==, school->email);
  user_id = g_strdup (pb_account_get_user_id (account));
  g_assert_nonnull (user_id);
  g_assert_cmpint (pb_sync_engine_get_state (pb_account_get_sync_engine (account)), ==, PB_SYNC_STATE_IDLE);

  /* The last account, without any secret; the cache in a private folder. */
  g_assert_true (g_key_file_load_from_file (ini, ini_path, G_KEY_FILE_NONE, NULL));
  g_assert_cmpstr (g_key_file_get_string (ini, "last", "server", NULL), ==, school->url);
  g_assert_cmpstr (g_key_file_get_string (ini, "last", "user-id", NULL), ==, user_id);
  g_assert_cmpstr (g_key_file_get_string (ini, "last", "email", NULL), ==, school->email);
  g_assert_true (g_file_get_contents (ini_path, &ini_text, NULL, NULL));
  token = pb_api_client_dup_refresh_token (pb_account_get_client (account));
  g_assert_null (strstr (ini_text, token));
  cache_dir = g_path_get_dirname (pb_store_get_path (pb_account_get_store (account)));
  g_assert_cmpint (g_stat (cache_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  pb_sync_engine_run_once (pb_account_get_sync_engine (account), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&account);
  school_drain ();

  /* Restored without the network, it syncs with the kept refresh token. */
  account = restore (data_dir);
  g_assert_nonnull (account);
  g_assert_cmpstr (pb_account_get_user_id (account), ==, user_id);
  g_assert_cmpstr (pb_account_get_email (account), ==, school->email);
  g_assert_cmpuint (pb_store_count_learners (pb_account_get_store (account), school->api.org_a, NULL), ==,
                    N_LEARNERS);
  g_assert_cmpint (pb_sync_engine_get_last_sync (pb_account_get_sync_engine (account)), >, 0);
  pb_sync_engine_run_once (pb_account_get_sync_engine (account), NULL, &error);
  g_assert_no_error (error);

  /* Signed out: the token is revoked and forgotten, the cache purged. */
  g_free (token);
  token = pb_api_client_dup_refresh_token (pb_account_get_client (account));
  g_assert_nonnull (token);
  sign_out (account);
  g_clear_object (&account);
  school_drain ();
  g_assert_null (pb_credentials_lookup (school->url, user_id, NULL, NULL));
  old_client = pb_api_client_new (school->url);
  pb_api_client_set_refresh_token (old_client, token);
  g_assert_false (pb_api_client_refresh (old_client, NULL, &error));
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED);
  g_clear_error (&error);
  g_assert_null (restore (data_dir));

  /* Restored with no token (as after a restart without a Secret
   * Service): it opens, and asks for a sign-in when it needs the server. */
  account = sign_in (school, data_dir, school->password, &error);
  g_assert_no_error (error);
  g_clear_object (&account);
  school_drain ();
  g_assert_true (pb_credentials_clear (school->url, user_id, NULL, &error));
  account = restore (data_dir);
  g_assert_nonnull (account);
  g_assert_false (pb_sync_engine_run_once (pb_account_get_sync_engine (account), NULL, &error));
  g_assert_error (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED);
  school_drain ();
  g_assert_cmpint (pb_sync_engine_get_state (pb_account_get_sync_engine (account)), ==,
                   PB_SYNC_STATE_NEEDS_SIGN_IN);
  check_sign_in_again (school, data_dir, g_steal_pointer (&account));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("PB_SYNC_PAGE_SIZE", PAGE_SIZE, TRUE);
  school_build_template (N_LEARNERS);

#define ADD(path, func) g_test_add (path, School, NULL, school_set_up, func, school_tear_down)
  ADD ("/sync/first-sync", test_first_sync);
  ADD ("/sync/exactly-once", test_exactly_once);
  ADD ("/sync/id-taken", test_id_taken);
  ADD ("/sync/conflict", test_conflict);
  ADD ("/sync/same-campaign-edits", test_same_campaign_edits);
  ADD ("/sync/rejected", test_rejected);
  ADD ("/sync/gone", test_gone);
  ADD ("/sync/unauthorized", test_unauthorized);
  ADD ("/sync/killed", test_killed);
  ADD ("/sync/background", test_background);
  ADD ("/sync/accounts", test_accounts);
#undef ADD

  return g_test_run ();
}
