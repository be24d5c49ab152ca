/* test-store.c
 *
 * The desktop cache: schema, pull, reads, local edits, outbox, conflicts,
 * threads. feed-page.json is a page of the demo school's changes feed
 * (trimmed: 32 of its scorecards, results kept on 3 participations).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pb-store.h"

#define ORG "01a202a7-f225-7355-bfac-48899e841173"
#define USER "01a202a7-f11d-75c6-9691-936a5c8908c5"
#define LUCIE "01a202a7-f176-7a26-9fce-7a32584a044e"
#define DECOUVERTE "01a202a7-f372-7d8f-a03a-da5453f8ee12"
#define SNT "01a202a7-fcc2-77e2-b8b5-de9dd61816b9"
#define CURSOR "1660.c4a285d5"
#define OTHER_ORG "01a202a7-f225-7355-bfac-0000000000b2"
#define ARCHIVED "01a202a7-f372-7d8f-a03a-00000000a001"

static const char *me_document =
  "{\"included\":[{\"type\":\"memberships\",\"id\":\"01a202a7-f225-7159-ad3e-dea7d56bef96\","
  "\"attributes\":{\"organization-role\":\"ADMIN\"},\"relationships\":{\"organization\":{\"data\":"
  "{\"type\":\"organizations\",\"id\":\"" ORG "\"}}}},"
  "{\"type\":\"organizations\",\"id\":\"" ORG "\",\"attributes\":{\"name\":\"Lycée Marie Curie (démo)\","
  "\"type\":\"SCO\",\"external-id\":\"0690099Z\"}},"
  "{\"type\":\"certification-centers\",\"id\":\"01a202a7-f225-7632-a19f-046415d49596\","
  "\"attributes\":{\"name\":\"Lycée Marie Curie (démo)\",\"type\":\"SCO\"}}],"
  "\"data\":{\"type\":\"users\",\"id\":\"" USER "\",\"attributes\":{\"first-name\":\"Sophie\","
  "\"last-name\":\"Lambert\",\"email\":\"referente@lycee-marie-curie.fr\",\"username\":null}}}";

typedef struct
{
  char     *dir;
  char     *path;
  PbStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pb-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "cache.sqlite", NULL);
  fixture->store = pb_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->store != NULL)
    pb_store_close (fixture->store);
  g_clear_object (&fixture->store);
  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
load_feed_page (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "store", "feed-page.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return parse (text);
}

static JsonArray *
page_data (JsonNode *page)
{
  return json_object_get_array_member (json_node_get_object (page), "data");
}

static void
set_account (PbStore *store)
{
  g_autoptr(JsonNode) me = parse (me_document);
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_set_account (store, me, &error));
  g_assert_no_error (error);
}

static void
apply_feed (PbStore *store)
{
  g_autoptr(JsonNode) page = load_feed_page ();
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_apply_changes (store, ORG, page_data (page), CURSOR, &error));
  g_assert_no_error (error);
}

/* Applies resources given as JSON text: "[{…}, {…}]". */
static gboolean
apply_json (PbStore     *store,
            const char  *cursor,
            const char  *json,
            GError     **error)
{
  g_autoptr(JsonNode) node = parse (json);

  return pb_store_apply_changes (store, ORG, json_node_get_array (node), cursor, error);
}

static void
apply_ok (PbStore    *store,
          const char *json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (apply_json (store, NULL, json, &error));
  g_assert_no_error (error);
}

static char *
campaign_resource (const char *id,
                   gint64      version,
                   const char *name,
                   gboolean    archived)
{
  return g_strdup_printf ("{\"type\":\"campaigns\",\"id\":\"%s\",\"attributes\":{\"name\":\"%s\","
                          "\"code\":\"SRVCODE12\",\"type\":\"PROFILES_COLLECTION\",\"title\":null,"
                          "\"created-at\":\"2026-11-22T09:48:13.378Z\",\"archived-at\":%s,"
                          "\"is-archived\":%s,\"owner-id\":\"" USER "\"},"
                          "\"relationships\":{\"organization\":{\"data\":{\"type\":\"organizations\","
                          "\"id\":\"" ORG "\"}},\"target-profile\":{\"data\":null}},"
                          "\"meta\":{\"version\":%" G_GINT64_FORMAT ",\"seq\":9000,\"op\":\"put\"}}",
                          id, name, archived ? "\"2026-11-23T10:00:00.000Z\"" : "null",
                          archived ? "true" : "false", version);
}

static void
pull_campaign (PbStore    *store,
               const char *id,
               gint64      version,
               const char *name,
               gboolean    archived)
{
  g_autofree char *resource = campaign_resource (id, version, name, archived);
  g_autofree char *json = g_strdup_printf ("[%s]", resource);

  apply_ok (store, json);
}

static JsonObject *
server_campaign (const char *id,
                 gint64      version,
                 const char *name,
                 gboolean    archived)
{
  g_autofree char *resource = campaign_resource (id, version, name, archived);
  g_autoptr(JsonNode) node = parse (resource);

  return json_object_ref (json_node_get_object (node));
}

static PbStoreCampaign *
get_campaign (PbStore    *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  PbStoreCampaign *campaign = pb_store_get_campaign (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (campaign);
  return campaign;
}

static GPtrArray *
list_outbox (PbStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = pb_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return entries;
}

static PbOutboxEntry *
outbox_entry (GPtrArray *entries,
              guint      i)
{
  g_assert_cmpuint (i, <, entries->len);
  return g_ptr_array_index (entries, i);
}

static GPtrArray *
list_learners (PbStore            *store,
               const char         *search,
               const char         *division,
               PbStoreLearnerSort  sort,
               gboolean            descending)
{
  PbStoreLearnerQuery query = { ORG, search, division, sort, descending };
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = pb_store_list_learners (store, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const char *
learner_last_name (GPtrArray *rows,
                   guint      i)
{
  return ((PbStoreLearner *) g_ptr_array_index (rows, i))->last_name;
}

static guint
count_learners (PbStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_learners (store, ORG, &error);

  g_assert_no_error (error);
  return n;
}

static GPtrArray *
list_campaigns (PbStore    *store,
                gboolean    archived,
                const char *owner_id,
                const char *search)
{
  PbStoreCampaignQuery query = { ORG, owner_id, archived, search };
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = pb_store_list_campaigns (store, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static char *
create_collection (PbStore    *store,
                   const char *name)
{
  PbStoreNewCampaign campaign = { name, "PROFILES_COLLECTION", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  char *id = pb_store_create_campaign (store, ORG, &campaign, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
rename_ok (PbStore    *store,
           const char *id,
           const char *name)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_rename_campaign (store, id, name, &error));
  g_assert_no_error (error);
}

static void
acknowledge_ok (PbStore    *store,
                gint64      mid,
                JsonObject *answer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_outbox_acknowledge (store, mid, answer, &error));
  g_assert_no_error (error);
}

static void
conflict_ok (PbStore    *store,
             gint64      mid,
             JsonObject *current)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_outbox_conflict (store, mid, current, &error));
  g_assert_no_error (error);
}

static guint
count_pending (PbStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_pending (store, &error);

  g_assert_no_error (error);
  return n;
}

static guint
count_conflicts (PbStore *store)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_conflicts (store, &error);

  g_assert_no_error (error);
  return n;
}

static GPtrArray *
list_conflicts (PbStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *conflicts = pb_store_list_conflicts (store, &error);

  g_assert_no_error (error);
  return conflicts;
}

static void
resolve_ok (PbStore  *store,
            gint64    conflict_id,
            gboolean  keep_mine)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_store_resolve_conflict (store, conflict_id, keep_mine, &error));
  g_assert_no_error (error);
}

static char *
payload_text (PbOutboxEntry *entry)
{
  g_assert_nonnull (entry->payload);
  return g_strndup (g_bytes_get_data (entry->payload, NULL), g_bytes_get_size (entry->payload));
}

/* ------------------------------------------------------------------ */

static void
test_open_reopen (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);

  g_assert_cmpuint (pb_store_get_schema_version (fixture->store), >=, 1);
  g_assert_cmpstr (pb_store_get_path (fixture->store), ==, fixture->path);
  g_assert_true (pb_store_set_meta (fixture->store, "server-url", "https://pix.lycee-curie.fr", &error));
  g_assert_no_error (error);
  /* Write-ahead logging: readers beside the writer. */
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  pb_store_close (fixture->store);
  g_clear_object (&fixture->store);

  fixture->store = pb_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_store_get_schema_version (fixture->store), >=, 1);
  value = pb_store_get_meta (fixture->store, "server-url", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "https://pix.lycee-curie.fr");
  missing = pb_store_get_meta (fixture->store, "last-sync", &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  pb_store_close (fixture->store);
  pb_store_close (fixture->store);
  closed = pb_store_get_meta (fixture->store, "server-url", &error);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED);
  g_assert_null (closed);
  g_clear_error (&error);
  g_assert_false (pb_store_set_meta (fixture->store, "a", "b", &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStore) store = NULL;
  sqlite3 *db = NULL;

  pb_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = pb_store_open (fixture->path, &error);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
}

static void
test_not_sqlite (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStore) store = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "notes.sqlite", NULL);
  g_autofree char *text = g_strnfill (4096, 'x');

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  store = pb_store_open (path, &error);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CORRUPT);
  g_assert_null (store);
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) organizations = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *email = NULL;
  PbStoreOrganization *organization;

  set_account (fixture->store);
  user_id = pb_store_get_user_id (fixture->store, &error);
  user_name = pb_store_get_user_name (fixture->store, &error);
  email = pb_store_get_meta (fixture->store, "email", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, USER);
  g_assert_cmpstr (user_name, ==, "Sophie Lambert");
  g_assert_cmpstr (email, ==, "referente@lycee-marie-curie.fr");
  organizations = pb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (organizations->len, ==, 1);
  organization = g_ptr_array_index (organizations, 0);
  g_assert_cmpstr (organization->id, ==, ORG);
  g_assert_cmpstr (organization->name, ==, "Lycée Marie Curie (démo)");
  g_assert_cmpstr (organization->type, ==, "SCO");
  g_assert_cmpstr (organization->external_id, ==, "0690099Z");
  g_assert_cmpstr (organization->role, ==, "ADMIN");
}

static void
test_account_leaves_organization (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) me = parse ("{\"data\":{\"type\":\"users\",\"id\":\"" USER "\","
                                  "\"attributes\":{\"first-name\":\"Sophie\",\"last-name\":\"Lambert\"}},"
                                  "\"included\":[]}");
  g_autoptr(GPtrArray) organizations = NULL;
  g_autofree char *id = NULL;

  set_account (fixture->store);
  apply_feed (fixture->store);
  id = create_collection (fixture->store, "Hors ligne");
  g_assert_true (pb_store_set_account (fixture->store, me, &error));
  g_assert_no_error (error);
  organizations = pb_store_list_organizations (fixture->store, &error);
  g_assert_cmpuint (organizations->len, ==, 0);
  g_assert_cmpuint (count_learners (fixture->store), ==, 0);
  g_assert_cmpuint (count_pending (fixture->store), ==, 0);
}

static void
test_apply_feed (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) divisions = NULL;
  g_autofree char *cursor = NULL;
  const char *names[] = { "1re 1", "2nde 1", "2nde 2", "Tle 1" };
  const guint counts[] = { 0, 25, 35, 0 };

  set_account (fixture->store);
  cursor = pb_store_get_cursor (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);
  apply_feed (fixture->store);

  cursor = pb_store_get_cursor (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, CURSOR);
  g_assert_cmpuint (count_learners (fixture->store), ==, 60);
  divisions = pb_store_list_divisions (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (divisions->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      PbStoreDivision *division = g_ptr_array_index (divisions, i);

      g_assert_cmpstr (division->name, ==, names[i]);
      g_assert_cmpuint (division->n_learners, ==, counts[i]);
    }
}

static void
test_learner_lists (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_name_desc = NULL;
  g_autoptr(GPtrArray) by_pix = NULL;
  g_autoptr(GPtrArray) by_pix_asc = NULL;
  g_autoptr(GPtrArray) class = NULL;
  g_autoptr(GPtrArray) by_division = NULL;
  g_autoptr(GPtrArray) by_first_name = NULL;
  PbStoreLearner *learner;

  apply_feed (fixture->store);
  by_name = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (by_name->len, ==, 60);
  /* Accents do not push "Bénard" after "Bouvier". */
  g_assert_cmpstr (learner_last_name (by_name, 0), ==, "Aubry");
  g_assert_cmpstr (learner_last_name (by_name, 1), ==, "Belkacem");
  g_assert_cmpstr (learner_last_name (by_name, 2), ==, "Bénard");
  g_assert_cmpstr (learner_last_name (by_name, 3), ==, "Berger");
  learner = g_ptr_array_index (by_name, 6);
  g_assert_cmpstr (learner->last_name, ==, "Caron");
  g_assert_cmpstr (learner->first_name, ==, "Ayoub");
  by_name_desc = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_NAME, TRUE);
  g_assert_cmpstr (learner_last_name (by_name_desc, 0), ==, "Weber");
  g_assert_cmpstr (learner_last_name (by_name_desc, 59), ==, "Aubry");

  by_pix = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_PIX, TRUE);
  learner = g_ptr_array_index (by_pix, 0);
  g_assert_cmpstr (learner->last_name, ==, "Kerbrat");
  g_assert_cmpint (learner->pix_score, ==, 374);
  g_assert_cmpint (((PbStoreLearner *) g_ptr_array_index (by_pix, 59))->pix_score, ==, -1);
  /* Unknown pix last both ways. */
  by_pix_asc = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_PIX, FALSE);
  g_assert_cmpint (((PbStoreLearner *) g_ptr_array_index (by_pix_asc, 0))->pix_score, ==, 2);
  g_assert_cmpint (((PbStoreLearner *) g_ptr_array_index (by_pix_asc, 59))->pix_score, ==, -1);

  class = list_learners (fixture->store, NULL, "2nde 1", PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (class->len, ==, 25);
  for (guint i = 0; i < class->len; i++)
    g_assert_cmpstr (((PbStoreLearner *) g_ptr_array_index (class, i))->division, ==, "2nde 1");
  by_division = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_DIVISION, TRUE);
  g_assert_cmpstr (((PbStoreLearner *) g_ptr_array_index (by_division, 0))->division, ==, "2nde 2");
  g_assert_cmpstr (((PbStoreLearner *) g_ptr_array_index (by_division, 59))->division, ==, "2nde 1");
  by_first_name = list_learners (fixture->store, NULL, NULL, PB_STORE_LEARNER_SORT_FIRST_NAME, FALSE);
  g_assert_cmpuint (by_first_name->len, ==, 60);
  for (guint i = 1; i < by_first_name->len; i++)
    {
      const char *a = ((PbStoreLearner *) g_ptr_array_index (by_first_name, i - 1))->first_name;
      const char *b = ((PbStoreLearner *) g_ptr_array_index (by_first_name, i))->first_name;

      g_assert_cmpint (g_ascii_tolower (a[0]), <=, g_ascii_tolower (b[0]));
    }
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) caron = NULL;
  g_autoptr(GPtrArray) noam = NULL;
  g_autoptr(GPtrArray) ine = NULL;
  g_autoptr(GPtrArray) lefevre = NULL;
  g_autoptr(GPtrArray) upper = NULL;
  g_autoptr(GPtrArray) both = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  g_autoptr(GPtrArray) percent = NULL;
  g_autoptr(GPtrArray) divisions = NULL;
  g_autoptr(GError) error = NULL;

  apply_feed (fixture->store);
  apply_ok (fixture->store,
            "[{\"type\":\"organization-learners\",\"id\":\"0190a000-0000-7000-8000-000000000001\","
            "\"attributes\":{\"last-name\":\"Lefèvre\",\"first-name\":\"Zoé\",\"division\":\"2nde 1\","
            "\"birthdate\":\"2010-02-03\",\"national-student-id\":\"1234567890A\",\"is-disabled\":false},"
            "\"meta\":{\"version\":1,\"seq\":2000,\"op\":\"put\"}},"
            "{\"type\":\"organization-learners\",\"id\":\"0190a000-0000-7000-8000-000000000002\","
            "\"attributes\":{\"last-name\":\"Lefèvre\",\"first-name\":\"Hugo\",\"division\":\"2nde 1\","
            "\"is-disabled\":true},\"meta\":{\"version\":1,\"seq\":2001,\"op\":\"put\"}}]");

  caron = list_learners (fixture->store, "caron", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (caron->len, ==, 4);
  noam = list_learners (fixture->store, "  NOAM   Caron ", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (noam->len, ==, 1);
  g_assert_cmpstr (((PbStoreLearner *) g_ptr_array_index (noam, 0))->first_name, ==, "Noam");
  ine = list_learners (fixture->store, "6010000008a", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (ine->len, ==, 1);
  lefevre = list_learners (fixture->store, "lefevre", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (lefevre->len, ==, 1);
  g_assert_cmpstr (learner_last_name (lefevre, 0), ==, "Lefèvre");
  upper = list_learners (fixture->store, "LEFÈVRE zoe", "2nde 1", PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (upper->len, ==, 1);
  both = list_learners (fixture->store, "le", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (both->len, >, 1);
  nobody = list_learners (fixture->store, "lefevre", "2nde 2", PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (nobody->len, ==, 0);
  percent = list_learners (fixture->store, "%", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (percent->len, ==, 0);

  /* The disabled learner is kept but counted nowhere. */
  g_assert_cmpuint (count_learners (fixture->store), ==, 61);
  divisions = pb_store_list_divisions (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (((PbStoreDivision *) g_ptr_array_index (divisions, 1))->n_learners, ==, 26);
}

static void
test_campaign_lists (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) archived = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) search = NULL;
  g_autoptr(GPtrArray) by_code = NULL;
  g_autoptr(GPtrArray) participants = NULL;
  g_autoptr(PbStoreCampaign) missing = NULL;
  g_autoptr(GError) error = NULL;
  PbStoreCampaign *campaign;
  PbStoreParticipant *participant;

  set_account (fixture->store);
  apply_feed (fixture->store);
  active = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (active->len, ==, 2);
  campaign = g_ptr_array_index (active, 0);
  g_assert_cmpstr (campaign->id, ==, SNT);
  g_assert_cmpstr (campaign->code, ==, "KEYQXR477");
  g_assert_cmpstr (campaign->owner_name, ==, "Lucie Bernard");
  g_assert_cmpuint (campaign->n_participants, ==, 19);
  g_assert_cmpuint (campaign->n_shared, ==, 12);
  g_assert_false (campaign->has_pending_changes);
  campaign = g_ptr_array_index (active, 1);
  g_assert_cmpstr (campaign->id, ==, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Découverte de Pix – 2nde");
  g_assert_cmpstr (campaign->type, ==, "ASSESSMENT");
  g_assert_cmpstr (campaign->target_profile_id, ==, "tp-decouverte-lycee");
  g_assert_cmpstr (campaign->owner_name, ==, "Sophie Lambert");
  g_assert_cmpint (campaign->version, ==, 1);
  g_assert_cmpuint (campaign->n_participants, ==, 70);
  g_assert_cmpuint (campaign->n_shared, ==, 59);

  archived = list_campaigns (fixture->store, TRUE, NULL, NULL);
  g_assert_cmpuint (archived->len, ==, 0);
  mine = list_campaigns (fixture->store, FALSE, USER, NULL);
  g_assert_cmpuint (mine->len, ==, 1);
  search = list_campaigns (fixture->store, FALSE, NULL, "decouverte");
  g_assert_cmpuint (search->len, ==, 1);
  by_code = list_campaigns (fixture->store, FALSE, NULL, "keyqxr");
  g_assert_cmpuint (by_code->len, ==, 1);
  g_assert_cmpstr (((PbStoreCampaign *) g_ptr_array_index (by_code, 0))->id, ==, SNT);

  participants = pb_store_list_participants (fixture->store, SNT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (participants->len, ==, 19);
  for (guint i = 0; i < participants->len; i++)
    {
      participant = g_ptr_array_index (participants, i);
      g_assert_nonnull (participant->last_name);
      if (g_str_equal (participant->status, "SHARED"))
        {
          g_assert_cmpfloat (participant->mastery_rate, >=, 0);
          g_assert_cmpint (participant->pix_score, >=, 0);
        }
      else
        {
          g_assert_cmpfloat (participant->mastery_rate, <, 0);
          g_assert_cmpint (participant->pix_score, ==, -1);
        }
    }
  missing = pb_store_get_campaign (fixture->store, "no-such-campaign", &error);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND);
  g_assert_null (missing);
}

/* The demo school and a university where the user is a plain member. */
static const char *two_organizations_me_document =
  "{\"included\":[{\"type\":\"memberships\",\"id\":\"01a202a7-f225-7159-ad3e-dea7d56bef96\","
  "\"attributes\":{\"organization-role\":\"ADMIN\"},\"relationships\":{\"organization\":{\"data\":"
  "{\"type\":\"organizations\",\"id\":\"" ORG "\"}}}},"
  "{\"type\":\"memberships\",\"id\":\"01a202a7-f225-7159-ad3e-0000000000c3\","
  "\"attributes\":{\"organization-role\":\"MEMBER\"},\"relationships\":{\"organization\":{\"data\":"
  "{\"type\":\"organizations\",\"id\":\"" OTHER_ORG "\"}}}},"
  "{\"type\":\"organizations\",\"id\":\"" ORG "\",\"attributes\":{\"name\":\"Lycée Marie Curie (démo)\","
  "\"type\":\"SCO\",\"external-id\":\"0690099Z\"}},"
  "{\"type\":\"organizations\",\"id\":\"" OTHER_ORG "\",\"attributes\":{\"name\":\"Université de Lyon\","
  "\"type\":\"SUP\",\"external-id\":null}}],"
  "\"data\":{\"type\":\"users\",\"id\":\"" USER "\",\"attributes\":{\"first-name\":\"Sophie\","
  "\"last-name\":\"Lambert\",\"email\":\"referente@lycee-marie-curie.fr\",\"username\":null}}}";

static PbStoreOrganization *
get_organization (PbStore    *store,
                  const char *id)
{
  g_autoptr(GError) error = NULL;
  PbStoreOrganization *organization = pb_store_get_organization (store, id, &error);

  g_assert_no_error (error);
  return organization;
}

static void
test_get_organization (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) me = parse (two_organizations_me_document);
  g_autoptr(JsonNode) no_organization = parse ("{\"data\":{\"type\":\"users\",\"id\":\"" USER "\","
                                               "\"attributes\":{\"first-name\":\"Sophie\",\"last-name\":\"Lambert\"}},"
                                               "\"included\":[]}");
  g_autoptr(GPtrArray) organizations = NULL;
  g_autoptr(PbStoreOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;

  /* An empty cache: absent, which is no error. */
  g_assert_null (get_organization (fixture->store, ORG));

  g_assert_true (pb_store_set_account (fixture->store, me, &error));
  g_assert_no_error (error);

  organization = get_organization (fixture->store, ORG);
  g_assert_nonnull (organization);
  g_assert_cmpstr (organization->id, ==, ORG);
  g_assert_cmpstr (organization->name, ==, "Lycée Marie Curie (démo)");
  g_assert_cmpstr (organization->type, ==, "SCO");
  g_assert_cmpstr (organization->external_id, ==, "0690099Z");
  g_assert_cmpstr (organization->role, ==, "ADMIN");
  g_clear_pointer (&organization, pb_store_organization_free);

  organization = get_organization (fixture->store, OTHER_ORG);
  g_assert_nonnull (organization);
  g_assert_cmpstr (organization->id, ==, OTHER_ORG);
  g_assert_cmpstr (organization->name, ==, "Université de Lyon");
  g_assert_cmpstr (organization->type, ==, "SUP");
  g_assert_null (organization->external_id);
  g_assert_cmpstr (organization->role, ==, "MEMBER");
  g_clear_pointer (&organization, pb_store_organization_free);

  /* The same records as the list. */
  organizations = pb_store_list_organizations (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (organizations->len, ==, 2);
  for (guint i = 0; i < organizations->len; i++)
    {
      PbStoreOrganization *listed = g_ptr_array_index (organizations, i);

      organization = get_organization (fixture->store, listed->id);
      g_assert_nonnull (organization);
      g_assert_cmpstr (organization->name, ==, listed->name);
      g_assert_cmpstr (organization->type, ==, listed->type);
      g_assert_cmpstr (organization->external_id, ==, listed->external_id);
      g_assert_cmpstr (organization->role, ==, listed->role);
      g_clear_pointer (&organization, pb_store_organization_free);
    }

  /* Unknown ids, a prefix of a known one included. */
  g_assert_null (get_organization (fixture->store, "01a202a7-0000-7000-8000-000000000000"));
  g_assert_null (get_organization (fixture->store, "01a202a7"));
  g_assert_null (get_organization (fixture->store, ""));

  /* The account left both: gone. */
  g_assert_true (pb_store_set_account (fixture->store, no_organization, &error));
  g_assert_no_error (error);
  g_assert_null (get_organization (fixture->store, ORG));
  g_assert_null (get_organization (fixture->store, OTHER_ORG));

  /* A closed store says so. */
  pb_store_close (fixture->store);
  organization = pb_store_get_organization (fixture->store, ORG, &error);
  g_assert_null (organization);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED);
}

static guint
count_campaigns (PbStore    *store,
                 const char *organization_id)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_campaigns (store, organization_id, &error);

  g_assert_no_error (error);
  return n;
}

/* What the count replaces: every list of the organization, mine or not,
 * active or archived. */
static guint
listed_campaigns (PbStore *store)
{
  g_autoptr(GPtrArray) active = list_campaigns (store, FALSE, NULL, NULL);
  g_autoptr(GPtrArray) archived = list_campaigns (store, TRUE, NULL, NULL);

  return active->len + archived->len;
}

static void
test_count_campaigns (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) me = parse (two_organizations_me_document);
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *created = NULL;
  g_autofree char *elsewhere = NULL;
  g_autoptr(PbStoreCampaign) offline = NULL;
  PbStoreNewCampaign collection = { "À l’université", "PROFILES_COLLECTION", NULL, NULL, NULL };

  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 0);
  g_assert_true (pb_store_set_account (fixture->store, me, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 0);

  /* Two synced campaigns, one of them someone else's. */
  apply_feed (fixture->store);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 2);
  mine = list_campaigns (fixture->store, FALSE, USER, NULL);
  g_assert_cmpuint (mine->len, ==, 1);

  /* An archived one counts, though the active list does not show it. */
  pull_campaign (fixture->store, ARCHIVED, 1, "Ancienne campagne", TRUE);
  active = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (active->len, ==, 2);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 3);
  g_assert_cmpuint (listed_campaigns (fixture->store), ==, 3);

  /* One created offline, not on the server yet (version 0). */
  created = create_collection (fixture->store, "Créée hors ligne");
  offline = get_campaign (fixture->store, created);
  g_assert_cmpint (offline->version, ==, 0);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 4);
  g_assert_cmpuint (listed_campaigns (fixture->store), ==, 4);

  /* Archiving it offline moves it between the lists, not out of the count. */
  g_assert_true (pb_store_set_campaign_archived (fixture->store, created, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 4);

  /* Each organization its own: the university has none, then its own. */
  g_assert_cmpuint (count_campaigns (fixture->store, OTHER_ORG), ==, 0);
  elsewhere = pb_store_create_campaign (fixture->store, OTHER_ORG, &collection, &error);
  g_assert_no_error (error);
  g_assert_nonnull (elsewhere);
  g_assert_cmpuint (count_campaigns (fixture->store, OTHER_ORG), ==, 1);
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 4);
  g_assert_cmpuint (count_campaigns (fixture->store, "01a202a7-0000-7000-8000-000000000000"), ==, 0);

  /* Deleted on the server: one fewer. */
  apply_ok (fixture->store,
            "[{\"type\":\"campaigns\",\"id\":\"" SNT "\",\"meta\":{\"seq\":3002,\"version\":null,\"op\":\"del\"}}]");
  g_assert_cmpuint (count_campaigns (fixture->store, ORG), ==, 3);
  g_assert_cmpuint (listed_campaigns (fixture->store), ==, 3);

  pb_store_close (fixture->store);
  g_assert_cmpuint (pb_store_count_campaigns (fixture->store, ORG, &error), ==, 0);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED);
}

static void
test_reapply (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(PbStoreCampaign) decouverte = NULL;

  apply_feed (fixture->store);
  apply_feed (fixture->store);
  g_assert_cmpuint (count_learners (fixture->store), ==, 60);
  campaigns = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (campaigns->len, ==, 2);
  g_assert_cmpuint (((PbStoreCampaign *) g_ptr_array_index (campaigns, 0))->n_participants, ==, 19);

  /* An older version of a record (a page applied again) changes nothing. */
  pull_campaign (fixture->store, DECOUVERTE, 1, "Ancien nom", FALSE);
  decouverte = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (decouverte->name, ==, "Découverte de Pix – 2nde");
  g_clear_pointer (&decouverte, pb_store_campaign_free);
  pull_campaign (fixture->store, DECOUVERTE, 2, "Nouveau nom", TRUE);
  decouverte = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (decouverte->name, ==, "Nouveau nom");
  g_assert_nonnull (decouverte->archived_at);
  g_assert_cmpint (decouverte->version, ==, 2);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) divisions = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;

  apply_feed (fixture->store);
  apply_ok (fixture->store,
            "[{\"type\":\"organization-learners\",\"id\":\"01a202a7-f368-7361-a74d-2b9277d643c0\","
            "\"meta\":{\"seq\":3000,\"version\":null,\"op\":\"del\"}},"
            "{\"type\":\"divisions\",\"id\":\"01a202a7-f370-7731-bdbe-05e090dc5075\","
            "\"meta\":{\"seq\":3001,\"version\":null,\"op\":\"del\"}},"
            "{\"type\":\"campaigns\",\"id\":\"" SNT "\",\"meta\":{\"seq\":3002,\"version\":null,\"op\":\"del\"}}]");
  g_assert_cmpuint (count_learners (fixture->store), ==, 59);
  divisions = pb_store_list_divisions (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (divisions->len, ==, 3);
  campaigns = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (campaigns->len, ==, 1);
}

static void
test_malformed_page (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  const char *good_then_bad =
    "[{\"type\":\"organization-learners\",\"id\":\"0190a000-0000-7000-8000-000000000003\","
    "\"attributes\":{\"last-name\":\"Martin\",\"first-name\":\"Léo\"},"
    "\"meta\":{\"version\":1,\"seq\":5000,\"op\":\"put\"}},"
    "{\"type\":\"future-things\",\"id\":\"x\",\"attributes\":{},\"meta\":{\"version\":1,\"seq\":5001,\"op\":\"put\"}},"
    "{\"type\":\"organization-learners\",\"id\":\"0190a000-0000-7000-8000-000000000004\","
    "\"attributes\":{\"last-name\":42,\"first-name\":\"Léa\"},"
    "\"meta\":{\"version\":1,\"seq\":5002,\"op\":\"put\"}}]";

  apply_feed (fixture->store);
  g_assert_false (apply_json (fixture->store, "5002.ffff", good_then_bad, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_learners (fixture->store), ==, 60);
  cursor = pb_store_get_cursor (fixture->store, ORG, &error);
  g_assert_cmpstr (cursor, ==, CURSOR);
  g_clear_pointer (&cursor, g_free);

  g_assert_false (apply_json (fixture->store, "5002.ffff", "[{\"type\":\"divisions\",\"attributes\":{}}]", &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (apply_json (fixture->store, "5002.ffff",
                              "[{\"type\":\"divisions\",\"id\":\"d\",\"attributes\":{\"name\":\"6A\"},"
                              "\"meta\":{\"seq\":1,\"op\":\"put\"}}]", &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Unknown types alone are skipped: the page and its cursor go in. */
  g_assert_true (apply_json (fixture->store, "5001.ffff",
                             "[{\"type\":\"future-things\",\"id\":\"x\",\"meta\":{\"version\":1,\"op\":\"put\"}}]",
                             &error));
  g_assert_no_error (error);
  cursor = pb_store_get_cursor (fixture->store, ORG, &error);
  g_assert_cmpstr (cursor, ==, "5001.ffff");
}

static void
test_offline_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(GBytes) file = g_bytes_new_static ("<xml/>", 6);
  g_autofree char *id = NULL;
  g_autofree char *assessment_id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *expected = NULL;
  PbStoreNewCampaign assessment = { "Positionnement 6e", "ASSESSMENT", "tp-decouverte-college",
                                    "Tes compétences", LUCIE };
  PbStoreNewCampaign bad = { "  ", "PROFILES_COLLECTION", NULL, NULL, NULL };
  PbOutboxEntry *entry;

  set_account (fixture->store);
  apply_feed (fixture->store);
  id = create_collection (fixture->store, "  Collecte 5e  ");
  campaign = get_campaign (fixture->store, id);
  g_assert_cmpstr (campaign->name, ==, "Collecte 5e");
  g_assert_cmpint (campaign->version, ==, 0);
  g_assert_null (campaign->code);
  g_assert_cmpstr (campaign->owner_id, ==, USER);
  g_assert_cmpstr (campaign->owner_name, ==, "Sophie Lambert");
  g_assert_true (campaign->has_pending_changes);
  rename_ok (fixture->store, id, "Collecte des profils 5e");
  rename_ok (fixture->store, DECOUVERTE, "Découverte – 2nde");
  g_assert_true (pb_store_set_campaign_archived (fixture->store, SNT, TRUE, &error));
  g_assert_no_error (error);
  assessment_id = pb_store_create_campaign (fixture->store, ORG, &assessment, &error);
  g_assert_no_error (error);
  g_assert_true (pb_store_queue_learner_import (fixture->store, ORG, "xml", "siecle.xml", file, &error));
  g_assert_no_error (error);

  entries = list_outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, 6);
  for (guint i = 1; i < entries->len; i++)
    g_assert_cmpint (outbox_entry (entries, i - 1)->mid, <, outbox_entry (entries, i)->mid);

  entry = outbox_entry (entries, 0);
  g_assert_cmpint (entry->op, ==, PB_OUTBOX_CREATE_CAMPAIGN);
  g_assert_cmpint (entry->state, ==, PB_OUTBOX_PENDING);
  g_assert_cmpstr (entry->entity_id, ==, id);
  g_assert_cmpint (entry->if_version, ==, 0);
  g_assert_cmpstr (entry->label, ==, "Collecte 5e");
  g_assert_true (g_uuid_string_is_valid (entry->key));
  payload = payload_text (entry);
  expected = g_strdup_printf ("{\"data\":{\"type\":\"campaigns\",\"id\":\"%s\",\"attributes\":"
                              "{\"name\":\"Collecte 5e\",\"type\":\"PROFILES_COLLECTION\"},"
                              "\"relationships\":{\"organization\":{\"data\":{\"type\":\"organizations\","
                              "\"id\":\"" ORG "\"}}}}}", id);
  g_assert_cmpstr (payload, ==, expected);
  g_clear_pointer (&payload, g_free);
  g_clear_pointer (&expected, g_free);

  entry = outbox_entry (entries, 1);
  g_assert_cmpint (entry->op, ==, PB_OUTBOX_RENAME_CAMPAIGN);
  g_assert_cmpint (entry->if_version, ==, 0);
  payload = payload_text (entry);
  expected = g_strdup_printf ("{\"data\":{\"type\":\"campaigns\",\"id\":\"%s\",\"attributes\":"
                              "{\"name\":\"Collecte des profils 5e\"}}}", id);
  g_assert_cmpstr (payload, ==, expected);
  g_clear_pointer (&payload, g_free);
  g_clear_pointer (&expected, g_free);

  entry = outbox_entry (entries, 2);
  g_assert_cmpint (entry->op, ==, PB_OUTBOX_RENAME_CAMPAIGN);
  g_assert_cmpstr (entry->entity_id, ==, DECOUVERTE);
  g_assert_cmpint (entry->if_version, ==, 1);

  entry = outbox_entry (entries, 3);
  g_assert_cmpint (entry->op, ==, PB_OUTBOX_ARCHIVE_CAMPAIGN);
  g_assert_cmpstr (entry->entity_id, ==, SNT);
  g_assert_cmpint (entry->if_version, ==, 1);
  g_assert_null (entry->payload);

  entry = outbox_entry (entries, 4);
  payload = payload_text (entry);
  expected = g_strdup_printf ("{\"data\":{\"type\":\"campaigns\",\"id\":\"%s\",\"attributes\":"
                              "{\"name\":\"Positionnement 6e\",\"type\":\"ASSESSMENT\","
                              "\"title\":\"Tes compétences\",\"owner-id\":\"" LUCIE "\"},"
                              "\"relationships\":{\"organization\":{\"data\":{\"type\":\"organizations\","
                              "\"id\":\"" ORG "\"}},\"target-profile\":{\"data\":{\"type\":\"target-profiles\","
                              "\"id\":\"tp-decouverte-college\"}}}}}", assessment_id);
  g_assert_cmpstr (payload, ==, expected);

  entry = outbox_entry (entries, 5);
  g_assert_cmpint (entry->op, ==, PB_OUTBOX_IMPORT_LEARNERS);
  g_assert_null (entry->entity_id);
  g_assert_cmpstr (entry->format, ==, "xml");
  g_assert_cmpstr (entry->label, ==, "siecle.xml");
  g_assert_true (g_bytes_equal (entry->payload, file));

  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, SNT);
  g_assert_nonnull (campaign->archived_at);
  g_assert_true (campaign->has_pending_changes);
  g_assert_cmpuint (count_pending (fixture->store), ==, 6);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 0);

  /* Refused edits change nothing and say why. */
  g_assert_null (pb_store_create_campaign (fixture->store, ORG, &bad, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.name = "Collecte";
  bad.target_profile_id = "tp-decouverte-college";
  g_assert_null (pb_store_create_campaign (fixture->store, ORG, &bad, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.type = "ASSESSMENT";
  bad.target_profile_id = NULL;
  g_assert_null (pb_store_create_campaign (fixture->store, ORG, &bad, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  bad.type = "EXAM";
  g_assert_null (pb_store_create_campaign (fixture->store, ORG, &bad, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pb_store_rename_campaign (fixture->store, SNT, "Archivée mais renommée", &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pb_store_rename_campaign (fixture->store, "nope", "Nom", &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pb_store_queue_learner_import (fixture->store, ORG, "ods", "eleves.ods", file, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_pending (fixture->store), ==, 6);
}

static JsonObject *
created_answer (const char *id,
                gint64      version,
                const char *name)
{
  return server_campaign (id, version, name, FALSE);
}

static void
test_acknowledge_rebase (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  set_account (fixture->store);
  id = create_collection (fixture->store, "Collecte 5e");
  rename_ok (fixture->store, id, "Collecte 5e – bis");
  rename_ok (fixture->store, id, "Collecte 5e – ter");
  entries = list_outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, 3);

  created = created_answer (id, 1, "Collecte 5e");
  acknowledge_ok (fixture->store, outbox_entry (entries, 0)->mid, created);
  after = list_outbox (fixture->store);
  g_assert_cmpuint (after->len, ==, 2);
  g_assert_cmpint (outbox_entry (after, 0)->if_version, ==, 1);
  g_assert_cmpint (outbox_entry (after, 1)->if_version, ==, 1);
  /* The server's values (code, version), the pending renames over them. */
  campaign = get_campaign (fixture->store, id);
  g_assert_cmpstr (campaign->code, ==, "SRVCODE12");
  g_assert_cmpint (campaign->version, ==, 1);
  g_assert_cmpstr (campaign->name, ==, "Collecte 5e – ter");
  g_assert_true (campaign->has_pending_changes);

  renamed = created_answer (id, 2, "Collecte 5e – bis");
  acknowledge_ok (fixture->store, outbox_entry (after, 0)->mid, renamed);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = list_outbox (fixture->store);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (outbox_entry (after, 0)->if_version, ==, 2);
  g_clear_pointer (&renamed, json_object_unref);
  renamed = created_answer (id, 3, "Collecte 5e – ter");
  acknowledge_ok (fixture->store, outbox_entry (after, 0)->mid, renamed);
  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, id);
  g_assert_cmpstr (campaign->name, ==, "Collecte 5e – ter");
  g_assert_cmpint (campaign->version, ==, 3);
  g_assert_false (campaign->has_pending_changes);
  g_assert_cmpuint (count_pending (fixture->store), ==, 0);

  /* An answer for another record is refused. */
  g_assert_false (pb_store_outbox_acknowledge (fixture->store, 12345, NULL, &error));
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND);
}

static void
test_pull_keeps_pending (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(JsonObject) answer = NULL;

  apply_feed (fixture->store);
  rename_ok (fixture->store, DECOUVERTE, "Mon nom");
  pull_campaign (fixture->store, DECOUVERTE, 2, "Leur nom", FALSE);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Mon nom");
  g_assert_cmpint (campaign->version, ==, 1);
  g_assert_true (campaign->has_pending_changes);

  /* The same page again, and a newer one: still mine. */
  pull_campaign (fixture->store, DECOUVERTE, 2, "Leur nom", FALSE);
  pull_campaign (fixture->store, DECOUVERTE, 4, "Leur nom, archivée", TRUE);
  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Mon nom");
  g_assert_null (campaign->archived_at);

  /* Acknowledged at version 3: the shadow (version 4) is newer and wins. */
  entries = list_outbox (fixture->store);
  answer = server_campaign (DECOUVERTE, 3, "Mon nom", FALSE);
  acknowledge_ok (fixture->store, outbox_entry (entries, 0)->mid, answer);
  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Leur nom, archivée");
  g_assert_nonnull (campaign->archived_at);
  g_assert_cmpint (campaign->version, ==, 4);
  g_assert_false (campaign->has_pending_changes);

  /* No shadow left: the next pull applies directly. */
  pull_campaign (fixture->store, DECOUVERTE, 5, "Encore un nom", FALSE);
  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Encore un nom");
}

static void
test_pull_older_shadow (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(JsonObject) answer = NULL;

  apply_feed (fixture->store);
  rename_ok (fixture->store, DECOUVERTE, "Mon nom");
  pull_campaign (fixture->store, DECOUVERTE, 2, "Leur nom", FALSE);
  entries = list_outbox (fixture->store);
  answer = server_campaign (DECOUVERTE, 3, "Mon nom", FALSE);
  acknowledge_ok (fixture->store, outbox_entry (entries, 0)->mid, answer);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Mon nom");
  g_assert_cmpint (campaign->version, ==, 3);
  /* The shadow is gone: an old page does nothing. */
  pull_campaign (fixture->store, DECOUVERTE, 2, "Leur nom", FALSE);
  g_clear_pointer (&campaign, pb_store_campaign_free);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Mon nom");
}

static PbConflict *
only_conflict (GPtrArray *conflicts)
{
  g_assert_cmpuint (conflicts->len, ==, 1);
  return g_ptr_array_index (conflicts, 0);
}

static PbConflictField *
conflict_field (PbConflict *conflict,
                guint       i)
{
  g_assert_nonnull (conflict->fields);
  g_assert_cmpuint (i, <, conflict->fields->len);
  return g_ptr_array_index (conflict->fields, i);
}

static void
test_conflict_keep_mine (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autofree char *old_key = NULL;
  PbConflict *conflict;
  PbConflictField *field;

  apply_feed (fixture->store);
  rename_ok (fixture->store, DECOUVERTE, "Mon nom");
  entries = list_outbox (fixture->store);
  old_key = g_strdup (outbox_entry (entries, 0)->key);
  current = server_campaign (DECOUVERTE, 2, "Leur nom", FALSE);
  conflict_ok (fixture->store, outbox_entry (entries, 0)->mid, current);

  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = list_outbox (fixture->store);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (count_pending (fixture->store), ==, 1);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 1);
  conflicts = list_conflicts (fixture->store);
  conflict = only_conflict (conflicts);
  g_assert_cmpint (conflict->state, ==, PB_OUTBOX_CONFLICT);
  g_assert_cmpint (conflict->op, ==, PB_OUTBOX_RENAME_CAMPAIGN);
  g_assert_cmpstr (conflict->entity_id, ==, DECOUVERTE);
  g_assert_cmpstr (conflict->label, ==, "Mon nom");
  g_assert_cmpint (conflict->server_version, ==, 2);
  field = conflict_field (conflict, 0);
  g_assert_cmpstr (field->name, ==, "name");
  g_assert_cmpstr (field->mine, ==, "Mon nom");
  g_assert_cmpstr (field->theirs, ==, "Leur nom");

  resolve_ok (fixture->store, conflict->id, TRUE);
  again = list_outbox (fixture->store);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpint (outbox_entry (again, 0)->if_version, ==, 2);
  g_assert_cmpstr (outbox_entry (again, 0)->key, !=, old_key);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 0);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Mon nom");
  g_assert_cmpint (campaign->version, ==, 2);
}

static void
test_conflict_keep_theirs (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(JsonObject) current = NULL;
  g_autoptr(GError) error = NULL;
  PbConflict *conflict;
  PbConflictField *field;

  apply_feed (fixture->store);
  g_assert_true (pb_store_set_campaign_archived (fixture->store, SNT, TRUE, &error));
  entries = list_outbox (fixture->store);
  current = server_campaign (SNT, 2, "SNT – rentrée", FALSE);
  conflict_ok (fixture->store, outbox_entry (entries, 0)->mid, current);
  conflicts = list_conflicts (fixture->store);
  conflict = only_conflict (conflicts);
  field = conflict_field (conflict, 0);
  g_assert_cmpstr (field->name, ==, "is-archived");
  g_assert_cmpstr (field->mine, ==, "Archived");
  g_assert_cmpstr (field->theirs, ==, "Active");

  resolve_ok (fixture->store, conflict->id, FALSE);
  g_assert_cmpuint (count_pending (fixture->store), ==, 0);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 0);
  campaign = get_campaign (fixture->store, SNT);
  g_assert_cmpstr (campaign->name, ==, "SNT – rentrée");
  g_assert_null (campaign->archived_at);
  g_assert_cmpint (campaign->version, ==, 2);
  g_assert_false (campaign->has_pending_changes);
}

static void
test_reject (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(PbStoreCampaign) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_key = NULL;
  PbConflict *conflict;

  set_account (fixture->store);
  apply_feed (fixture->store);
  rename_ok (fixture->store, DECOUVERTE, "Mon nom");
  id = create_collection (fixture->store, "Collecte refusée");
  entries = list_outbox (fixture->store);
  old_key = g_strdup (outbox_entry (entries, 0)->key);
  g_assert_true (pb_store_outbox_reject (fixture->store, outbox_entry (entries, 0)->mid, 403,
                                         "NOT_CAMPAIGN_OWNER", "Vous n’êtes pas propriétaire.", &error));
  g_assert_true (pb_store_outbox_reject (fixture->store, outbox_entry (entries, 1)->mid, 422,
                                         "OWNER_NOT_A_MEMBER", "Ligne 1\nLigne 2", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 2);
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpuint (conflicts->len, ==, 2);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpint (conflict->state, ==, PB_OUTBOX_REJECTED);
  g_assert_cmpuint (conflict->status, ==, 403);
  g_assert_cmpstr (conflict->code, ==, "NOT_CAMPAIGN_OWNER");
  g_assert_cmpstr (conflict->reason, ==, "Vous n’êtes pas propriétaire.");
  g_assert_cmpstr (conflict->label, ==, "Mon nom");

  /* Retried as it is, with a new key. */
  resolve_ok (fixture->store, conflict->id, TRUE);
  again = list_outbox (fixture->store);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_cmpstr (outbox_entry (again, 0)->key, !=, old_key);
  g_assert_cmpint (outbox_entry (again, 0)->if_version, ==, 1);
  g_assert_true (pb_store_outbox_reject (fixture->store, outbox_entry (again, 0)->mid, 403,
                                         "NOT_CAMPAIGN_OWNER", "Toujours pas.", &error));
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = list_conflicts (fixture->store);

  /* Dropped: the server's name comes back; the refused creation goes. */
  for (guint i = 0; i < conflicts->len; i++)
    resolve_ok (fixture->store, ((PbConflict *) g_ptr_array_index (conflicts, i))->id, FALSE);
  g_assert_cmpuint (count_pending (fixture->store), ==, 0);
  campaign = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (campaign->name, ==, "Découverte de Pix – 2nde");
  g_assert_false (campaign->has_pending_changes);
  gone = pb_store_get_campaign (fixture->store, id, &error);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
}

static void
test_note_failure (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  PbOutboxEntry *entry;

  apply_feed (fixture->store);
  rename_ok (fixture->store, DECOUVERTE, "Mon nom");
  entries = list_outbox (fixture->store);
  g_assert_true (pb_store_outbox_note_failure (fixture->store, outbox_entry (entries, 0)->mid,
                                               "Connexion refusée", &error));
  g_assert_true (pb_store_outbox_note_failure (fixture->store, outbox_entry (entries, 0)->mid,
                                               "Délai dépassé", &error));
  g_assert_no_error (error);
  again = list_outbox (fixture->store);
  entry = outbox_entry (again, 0);
  g_assert_cmpint (entry->state, ==, PB_OUTBOX_PENDING);
  g_assert_cmpuint (entry->attempts, ==, 2);
  g_assert_cmpstr (entry->last_error, ==, "Délai dépassé");
  /* The same key for every retry. */
  g_assert_cmpstr (entry->key, ==, outbox_entry (entries, 0)->key);
  g_assert_cmpuint (count_conflicts (fixture->store), ==, 0);
}

/* A refused edit dropped after a pull: the row becomes the newest server
 * copy, not the one the edit was made over. */
static void
test_reject_after_pull (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  g_autoptr(GError) error = NULL;

  apply_feed (fixture->store);
  g_assert_true (pb_store_set_campaign_archived (fixture->store, SNT, TRUE, &error));
  pull_campaign (fixture->store, SNT, 3, "SNT – renommée ailleurs", FALSE);
  entries = list_outbox (fixture->store);
  g_assert_true (pb_store_outbox_reject (fixture->store, outbox_entry (entries, 0)->mid, 403,
                                         "NOT_CAMPAIGN_OWNER", "Non.", &error));
  g_assert_no_error (error);
  conflicts = list_conflicts (fixture->store);
  g_assert_cmpstr (only_conflict (conflicts)->label, ==, "SNT – positionnement de rentrée");
  resolve_ok (fixture->store, only_conflict (conflicts)->id, FALSE);
  campaign = get_campaign (fixture->store, SNT);
  g_assert_cmpstr (campaign->name, ==, "SNT – renommée ailleurs");
  g_assert_null (campaign->archived_at);
  g_assert_cmpint (campaign->version, ==, 3);
  g_assert_false (campaign->has_pending_changes);
}

static void
test_forget_organization (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) divisions = NULL;
  g_autoptr(GBytes) file = g_bytes_new_static ("nom;prénom\n", 12);
  g_autofree char *id = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(PbStoreCampaign) renamed = NULL;

  set_account (fixture->store);
  apply_feed (fixture->store);
  id = create_collection (fixture->store, "Créée hors ligne");
  rename_ok (fixture->store, DECOUVERTE, "Renommée hors ligne");
  g_assert_true (pb_store_queue_learner_import (fixture->store, ORG, "csv", "eleves.csv", file, &error));
  g_assert_true (pb_store_forget_organization_data (fixture->store, ORG, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_learners (fixture->store), ==, 0);
  divisions = pb_store_list_divisions (fixture->store, ORG, &error);
  g_assert_cmpuint (divisions->len, ==, 0);
  cursor = pb_store_get_cursor (fixture->store, ORG, &error);
  g_assert_no_error (error);
  g_assert_null (cursor);
  g_assert_cmpuint (count_pending (fixture->store), ==, 3);
  campaigns = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (campaigns->len, ==, 2);
  renamed = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (renamed->name, ==, "Renommée hors ligne");
  g_assert_cmpuint (renamed->n_participants, ==, 0);

  /* The re-snapshot brings the rest back, and leaves the pending name. */
  apply_feed (fixture->store);
  g_assert_cmpuint (count_learners (fixture->store), ==, 60);
  g_clear_pointer (&renamed, pb_store_campaign_free);
  renamed = get_campaign (fixture->store, DECOUVERTE);
  g_assert_cmpstr (renamed->name, ==, "Renommée hors ligne");
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  set_account (fixture->store);
  apply_feed (fixture->store);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_true (pb_store_purge (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (pb_store_count_learners (fixture->store, ORG, &error), ==, 0);
  g_assert_error (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  /* Again: nothing left to do. */
  g_assert_true (pb_store_purge (fixture->store, &error));
  g_assert_no_error (error);
}

static void
test_purge_closed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  apply_feed (fixture->store);
  pb_store_close (fixture->store);
  g_assert_true (pb_store_purge (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GThread *main_thread;
  guint    tables;
  guint    emissions;
  gboolean wrong_thread;
} Changes;

static void
on_changed (PbStore *store,
            guint    tables,
            Changes *changes)
{
  changes->tables |= tables;
  changes->emissions++;
  if (g_thread_self () != changes->main_thread)
    changes->wrong_thread = TRUE;
}

static gpointer
write_in_thread (gpointer data)
{
  PbStore *store = data;

  rename_ok (store, DECOUVERTE, "Depuis un autre fil");
  return NULL;
}

static void
wait_for_emission (Changes *changes)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (changes->emissions == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changes->emissions, >, 0);
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  Changes changes = { g_thread_self (), 0, 0, FALSE };
  GThread *thread;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (on_changed), &changes);
  apply_feed (fixture->store);
  /* Not before the main context runs. */
  g_assert_cmpuint (changes.emissions, ==, 0);
  wait_for_emission (&changes);
  g_assert_true (changes.tables & PB_STORE_TABLE_LEARNERS);
  g_assert_true (changes.tables & PB_STORE_TABLE_CAMPAIGNS);
  g_assert_true (changes.tables & PB_STORE_TABLE_SYNC);
  g_assert_false (changes.tables & PB_STORE_TABLE_OUTBOX);

  changes.tables = 0;
  changes.emissions = 0;
  thread = g_thread_new ("test-writer", write_in_thread, fixture->store);
  g_thread_join (thread);
  wait_for_emission (&changes);
  g_assert_cmpuint (changes.tables, ==, PB_STORE_TABLE_CAMPAIGNS | PB_STORE_TABLE_OUTBOX);
  g_assert_false (changes.wrong_thread);
}

#define N_THREADS 8
#define N_ROUNDS 25

static gpointer
hammer (gpointer data)
{
  PbStore *store = data;

  for (guint i = 0; i < N_ROUNDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) learners = NULL;
      g_autoptr(GPtrArray) campaigns = NULL;
      g_autofree char *name = g_strdup_printf ("Campagne %p-%u", (void *) g_thread_self (), i);
      g_autofree char *id = NULL;
      PbStoreLearnerQuery query = { ORG, "a", NULL, PB_STORE_LEARNER_SORT_PIX, TRUE };
      PbStoreCampaignQuery campaign_query = { ORG, NULL, FALSE, NULL };
      PbStoreNewCampaign campaign = { name, "PROFILES_COLLECTION", NULL, NULL, NULL };

      learners = pb_store_list_learners (store, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (learners->len, >, 0);
      id = pb_store_create_campaign (store, ORG, &campaign, &error);
      g_assert_no_error (error);
      campaigns = pb_store_list_campaigns (store, &campaign_query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (campaigns->len, >=, 3);
    }
  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  GThread *threads[N_THREADS];
  g_autoptr(GPtrArray) campaigns = NULL;

  apply_feed (fixture->store);
  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("test-hammer", hammer, fixture->store);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (count_pending (fixture->store), ==, N_THREADS * N_ROUNDS);
  campaigns = list_campaigns (fixture->store, FALSE, NULL, NULL);
  g_assert_cmpuint (campaigns->len, ==, 2 + N_THREADS * N_ROUNDS);
}

/* A first sync of a big school: 20 000 learners in pages of 1 000, all
 * there and searchable. */
static void
test_big_first_sync (Fixture       *fixture,
                       gconstpointer  data)
{
  const guint n_pages = 20, page_size = 1000;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GPtrArray) found = NULL;
  double elapsed = 0;
  double rate;

  for (guint p = 0; p < n_pages; p++)
    {
      g_autoptr(JsonArray) page = json_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *cursor = g_strdup_printf ("%u.speed", p);

      for (guint i = 0; i < page_size; i++)
        {
          guint n = p * page_size + i;
          g_autofree char *text = g_strdup_printf (
            "{\"type\":\"organization-learners\",\"id\":\"0190b000-0000-7000-8000-%012u\","
            "\"attributes\":{\"last-name\":\"Élève%u\",\"first-name\":\"Prénom%u\",\"division\":\"%u%c\","
            "\"birthdate\":\"2011-01-01\",\"national-student-id\":\"%010uX\",\"pix-score\":%u,"
            "\"is-disabled\":false},\"meta\":{\"version\":1,\"seq\":%u,\"op\":\"put\"}}",
            n, n, n % 97, 3 + n % 4, 'A' + n % 8, n, n % 500, n + 1);

          json_array_add_element (page, parse (text));
        }
      g_timer_start (timer);
      g_assert_true (pb_store_apply_changes (fixture->store, ORG, page, cursor, &error));
      g_assert_no_error (error);
      elapsed += g_timer_elapsed (timer, NULL);
    }
  rate = n_pages * page_size / elapsed;
  g_test_message ("applied %u learners at %.0f records/s", n_pages * page_size, rate);
  g_assert_cmpuint (count_learners (fixture->store), ==, n_pages * page_size);
  /* The rate is printed, not asserted: budgets are for the benchmark
   * (tests/bench/bench-first-sync.c), which compares with raw SQLite. */

  g_timer_start (timer);
  found = list_learners (fixture->store, "eleve1234", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_test_message ("searched in %.1f ms", g_timer_elapsed (timer, NULL) * 1000);
  g_assert_cmpuint (found->len, ==, 11);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/open-reopen", test_open_reopen);
  ADD ("/store/too-new", test_too_new);
  ADD ("/store/not-sqlite", test_not_sqlite);
  ADD ("/store/account", test_account);
  ADD ("/store/account/leaves-organization", test_account_leaves_organization);
  ADD ("/store/pull/feed", test_apply_feed);
  ADD ("/store/pull/reapply", test_reapply);
  ADD ("/store/pull/delete", test_delete);
  ADD ("/store/pull/malformed", test_malformed_page);
  ADD ("/store/pull/keeps-pending", test_pull_keeps_pending);
  ADD ("/store/pull/older-shadow", test_pull_older_shadow);
  ADD ("/store/pull/big-first-sync", test_big_first_sync);
  ADD ("/store/read/learners", test_learner_lists);
  ADD ("/store/read/search", test_search);
  ADD ("/store/read/campaigns", test_campaign_lists);
  ADD ("/store/read/organization", test_get_organization);
  ADD ("/store/read/count-campaigns", test_count_campaigns);
  ADD ("/store/edit/offline", test_offline_edits);
  ADD ("/store/outbox/acknowledge-rebase", test_acknowledge_rebase);
  ADD ("/store/outbox/conflict-keep-mine", test_conflict_keep_mine);
  ADD ("/store/outbox/conflict-keep-theirs", test_conflict_keep_theirs);
  ADD ("/store/outbox/reject", test_reject);
  ADD ("/store/outbox/reject-after-pull", test_reject_after_pull);
  ADD ("/store/outbox/note-failure", test_note_failure);
  ADD ("/store/forget-organization", test_forget_organization);
  ADD ("/store/purge", test_purge);
  ADD ("/store/purge-closed", test_purge_closed);
  ADD ("/store/changed-signal", test_changed_signal);
  ADD ("/store/threads", test_threads);

  return g_test_run ();
}
