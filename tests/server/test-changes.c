/* test-changes.c
 *
 * The changes feed the desktop cache pulls (DESIGN §5), over real HTTP:
 * what it holds, its cursors, pages mixing kinds and a deletion, and
 * paging through 2 500 learners while a write lands between two pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-api.h"
#include "pb-test-siecle.h"

#define N_LEARNERS 2500

#define P(ine, last, first, division) \
  { NULL, ine, last, NULL, first, NULL, NULL, "14/03/2011", "2", "100", "075", "75115", "Paris", \
    "10010012110", "ST", division, NULL }

static const TestPupil pupils[] = {
  P ("123456789AB", "Dupont", "Zoé", "3A"),
  P ("123456789AC", "Martin", "Noël", "3B"),
  P ("123456789AE", "Bernard", "Lucas", "4A"),
};

static void
read_feed (Api         *api,
           ApiResponse *response,
           const char  *organization,
           const char  *token,
           const char  *cursor,
           guint        limit)
{
  g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/changes?limit=%u%s%s", organization, limit,
                                           escaped != NULL ? "&cursor=" : "", escaped != NULL ? escaped : "");

  api_send (api, response, "GET", path, token, NULL, NULL, NULL);
}

static const char *
next_cursor (ApiResponse *response)
{
  JsonObject *meta = json_object_get_object_member (json_node_get_object (response->json), "meta");

  return json_object_get_string_member (meta, "next-cursor");
}

static gboolean
has_more (ApiResponse *response)
{
  JsonObject *meta = json_object_get_object_member (json_node_get_object (response->json), "meta");

  return json_object_get_boolean_member (meta, "has-more");
}

static JsonObject *
meta_of (JsonObject *resource)
{
  return json_object_get_object_member (resource, "meta");
}

static char *
create_campaign (Api        *api,
                 const char *name)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"%s\", "
                                           "\"type\": \"PROFILES_COLLECTION\"}, \"relationships\": {\"organization\": "
                                           "{\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}}}}",
                                           name, api->org_a);

  api_send_json (api, &response, "POST", "/api/campaigns", api->admin_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  return g_strdup (json_object_get_string_member (api_data (&response), "id"));
}

static void
import_siecle (Api         *api,
               ApiResponse *response,
               GBytes      *file)
{
  g_autofree char *import = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml",
                                             api->org_a);

  api_send (api, response, "POST", import, api->admin_a, "application/xml", file, NULL);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
test_contents (Api           *api,
               gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *campaign = create_campaign (api, "Profils 3e");
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GBytes) file = pb_test_siecle_generate (API_UAI_A, 3, 7);
  JsonArray *changes;

  import_siecle (api, &response, file);

  read_feed (api, &response, api->org_a, api->member_a, NULL, 100);
  g_assert_cmpuint (response.status, ==, 200);
  changes = api_data_array (&response);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *resource = json_array_get_object_element (changes, i);

      g_hash_table_add (types, (gpointer)json_object_get_string_member (resource, "type"));
      g_assert_cmpstr (json_object_get_string_member (meta_of (resource), "op"), ==, "put");
      g_assert_cmpint (json_object_get_int_member (meta_of (resource), "version"), >=, 1);
      g_assert_cmpint (json_object_get_int_member (meta_of (resource), "seq"), ==, i + 1);
    }
  /* Two memberships, one campaign, three learners, their divisions. */
  g_assert_true (g_hash_table_contains (types, "memberships"));
  g_assert_true (g_hash_table_contains (types, "campaigns"));
  g_assert_true (g_hash_table_contains (types, "organization-learners"));
  g_assert_true (g_hash_table_contains (types, "divisions"));
  g_assert_false (has_more (&response));
  cursor = g_strdup (next_cursor (&response));

  /* Nothing new: an empty page, the same cursor. */
  read_feed (api, &response, api->org_a, api->member_a, cursor, 100);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 0);
  g_assert_cmpstr (next_cursor (&response), ==, cursor);

  /* Org B's feed has its own membership only. */
  read_feed (api, &response, api->org_b, api->admin_b, NULL, 100);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 1);
  read_feed (api, &response, api->org_b, api->admin_a, NULL, 100);
  g_assert_cmpuint (response.status, ==, 404);
  (void)campaign;
}

static void
test_cursors (Api           *api,
              gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *cursor_a = NULL;
  g_autofree char *cursor_b = NULL;
  g_autofree char *ahead = NULL;
  const char *dot;

  read_feed (api, &response, api->org_a, api->admin_a, NULL, 10);
  cursor_a = g_strdup (next_cursor (&response));
  read_feed (api, &response, api->org_b, api->admin_b, NULL, 10);
  cursor_b = g_strdup (next_cursor (&response));

  dot = strchr (cursor_a, '.');
  g_assert_nonnull (dot);
  ahead = g_strconcat ("999", dot, NULL);

  read_feed (api, &response, api->org_a, api->admin_a, "garbage", 10);
  g_assert_cmpuint (response.status, ==, 410);
  g_assert_cmpstr (api_error_code (&response), ==, "CURSOR_EXPIRED");
  read_feed (api, &response, api->org_a, api->admin_a, cursor_b, 10);
  g_assert_cmpuint (response.status, ==, 410);
  read_feed (api, &response, api->org_a, api->admin_a, ahead, 10);
  g_assert_cmpuint (response.status, ==, 410);
  read_feed (api, &response, api->org_a, api->admin_a, cursor_a, 10);
  g_assert_cmpuint (response.status, ==, 200);

  read_feed (api, &response, api->org_a, api->admin_a, NULL, 0);
  g_assert_cmpuint (response.status, ==, 400);
}

/* Org A's whole feed read @limit changes at a time, every change in the
 * order it came. */
static JsonArray *
read_whole_feed (Api   *api,
                 guint  limit,
                 guint *n_pages)
{
  JsonArray *all = json_array_new ();
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  for (*n_pages = 0; more; (*n_pages)++)
    {
      g_auto(ApiResponse) response = { 0 };
      JsonArray *changes;

      read_feed (api, &response, api->org_a, api->member_a, cursor, limit);
      g_assert_cmpuint (response.status, ==, 200);
      changes = api_data_array (&response);
      more = has_more (&response);
      /* Only the last page may be short. */
      if (more)
        g_assert_cmpuint (json_array_get_length (changes), ==, limit);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        json_array_add_element (all, json_array_dup_element (changes, i));
      g_free (cursor);
      cursor = g_strdup (next_cursor (&response));
    }
  return all;
}

static char *
member_json (JsonObject *object,
             const char *name)
{
  return json_to_string (json_object_get_member (object, name), FALSE);
}

/* The record the feed puts is the one the resource's own route gives,
 * plus meta.seq and meta.op. */
static void
assert_same_record (JsonObject *change,
                    JsonObject *record)
{
  g_autofree char *change_attributes = member_json (change, "attributes");
  g_autofree char *record_attributes = member_json (record, "attributes");
  g_autofree char *change_relationships = member_json (change, "relationships");
  g_autofree char *record_relationships = member_json (record, "relationships");

  g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, json_object_get_string_member (record, "id"));
  g_assert_cmpstr (change_attributes, ==, record_attributes);
  g_assert_cmpstr (change_relationships, ==, record_relationships);
  g_assert_cmpint (json_object_get_int_member (meta_of (change), "version"), ==,
                   json_object_get_int_member (meta_of (record), "version"));
}

/* Pages of three over memberships, a campaign, learners and divisions,
 * then a re-import that changes a learner and deletes a division: every
 * change once, in seq order, the same whatever the page size. */
static void
test_mixed_pages (Api           *api,
                  gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *campaign = create_campaign (api, "Profils 3e");
  g_autofree char *campaign_path = g_strconcat ("/api/campaigns/", campaign, NULL);
  g_autoptr(GBytes) school = pb_test_siecle_xml (API_UAI_A, "UTF-8", pupils, G_N_ELEMENTS (pupils));
  g_autoptr(GBytes) without_lucas = pb_test_siecle_xml (API_UAI_A, "UTF-8", pupils, G_N_ELEMENTS (pupils) - 1);
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonArray) whole = NULL;
  g_autoptr(JsonArray) paged = NULL;
  JsonObject *deletion = NULL;
  JsonObject *lucas = NULL;
  gint64 last_seq = 0;
  guint n_pages;

  import_siecle (api, &response, school);
  /* Lucas left: his learner is disabled, and 4A, empty now, deleted. */
  import_siecle (api, &response, without_lucas);

  whole = read_whole_feed (api, 100, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  for (guint i = 0; i < json_array_get_length (whole); i++)
    {
      JsonObject *change = json_array_get_object_element (whole, i);
      const char *type = json_object_get_string_member (change, "type");
      gint64 seq = json_object_get_int_member (meta_of (change), "seq");

      g_assert_cmpint (seq, >, last_seq);
      last_seq = seq;
      g_hash_table_add (types, (gpointer)type);
      if (g_str_equal (json_object_get_string_member (meta_of (change), "op"), "del"))
        {
          g_assert_null (deletion);
          deletion = change;
        }
      else if (g_str_equal (type, "campaigns"))
        {
          api_send (api, &response, "GET", campaign_path, api->member_a, NULL, NULL, NULL);
          assert_same_record (change, api_data (&response));
        }
      else if (g_str_equal (type, "organization-learners") &&
               g_str_equal (json_object_get_string_member (json_object_get_object_member (change, "attributes"),
                                                           "first-name"), "Lucas"))
        lucas = change;
    }
  g_assert_cmpuint (g_hash_table_size (types), ==, 4);
  g_assert_true (g_hash_table_contains (types, "memberships"));
  g_assert_true (g_hash_table_contains (types, "campaigns"));
  g_assert_true (g_hash_table_contains (types, "organization-learners"));
  g_assert_true (g_hash_table_contains (types, "divisions"));

  /* A deletion is type, id and meta only. */
  g_assert_nonnull (deletion);
  g_assert_cmpstr (json_object_get_string_member (deletion, "type"), ==, "divisions");
  g_assert_cmpuint (json_object_get_size (deletion), ==, 3);
  g_assert_true (json_object_get_null_member (meta_of (deletion), "version"));
  g_assert_nonnull (lucas);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (lucas, "attributes"), "is-disabled"));
  g_assert_cmpint (json_object_get_int_member (meta_of (lucas), "version"), ==, 2);

  /* Page boundaries change nothing: the same changes, byte for byte. */
  paged = read_whole_feed (api, 3, &n_pages);
  g_assert_cmpuint (n_pages, ==, (json_array_get_length (whole) + 2) / 3);
  g_assert_cmpuint (json_array_get_length (paged), ==, json_array_get_length (whole));
  for (guint i = 0; i < json_array_get_length (whole); i++)
    {
      g_autofree char *expected = json_to_string (json_array_get_element (whole, i), FALSE);
      g_autofree char *got = json_to_string (json_array_get_element (paged, i), FALSE);

      g_assert_cmpstr (got, ==, expected);
    }
}

/* Pages through the feed from @cursor; records every resource seen. */
static char *
drain (Api        *api,
       const char *cursor,
       GHashTable *seen,
       gint64     *last_seq,
       guint       max_pages)
{
  g_autofree char *next = g_strdup (cursor);

  for (guint page = 0; page < max_pages; page++)
    {
      g_auto(ApiResponse) response = { 0 };
      JsonArray *changes;

      read_feed (api, &response, api->org_a, api->member_a, next, 1000);
      g_assert_cmpuint (response.status, ==, 200);
      changes = api_data_array (&response);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *resource = json_array_get_object_element (changes, i);
          gint64 seq = json_object_get_int_member (meta_of (resource), "seq");
          g_autofree char *key = g_strconcat (json_object_get_string_member (resource, "type"), "/",
                                              json_object_get_string_member (resource, "id"), NULL);

          /* Change order: strictly increasing across pages. */
          g_assert_cmpint (seq, >, *last_seq);
          *last_seq = seq;
          g_hash_table_replace (seen, g_steal_pointer (&key),
                                GINT_TO_POINTER (json_object_get_int_member (meta_of (resource), "version")));
        }
      g_free (next);
      next = g_strdup (next_cursor (&response));
      if (!has_more (&response))
        break;
    }
  return g_steal_pointer (&next);
}

static guint
count_type (GHashTable *seen,
            const char *type)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, seen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, type))
      n++;
  return n;
}

static void
test_paging_with_a_write (Api           *api,
                          gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GBytes) file = pb_test_siecle_generate (API_UAI_A, N_LEARNERS, 42);
  g_autofree char *early = create_campaign (api, "Créée avant l'import");
  g_autofree char *early_path = g_strconcat ("/api/campaigns/", early, NULL);
  g_autofree char *early_key = g_strconcat ("campaigns/", early, NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *end = NULL;
  g_autofree char *late = NULL;
  g_autofree char *late_key = NULL;
  gint64 last_seq = 0;

  import_siecle (api, &response, file);
  g_assert_cmpint (json_object_get_int_member (api_attributes (&response), "created"), ==, N_LEARNERS);

  /* One page, then two writes: the campaign already delivered changes,
   * a new one appears. */
  cursor = drain (api, NULL, seen, &last_seq, 1);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 1000);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (seen, early_key)), ==, 1);

  api_send_json (api, &response, "PATCH", early_path, api->admin_a,
                 "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Renommée\"}}}",
                 "If-Match", "\"1\"", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  late = create_campaign (api, "Créée pendant la lecture");
  late_key = g_strconcat ("campaigns/", late, NULL);

  end = drain (api, cursor, seen, &last_seq, 10);

  g_assert_cmpuint (count_type (seen, "organization-learners/"), ==, N_LEARNERS);
  g_assert_cmpuint (count_type (seen, "campaigns/"), ==, 2);
  g_assert_cmpuint (count_type (seen, "memberships/"), ==, 2);
  g_assert_cmpuint (count_type (seen, "divisions/"), >, 0);
  /* The newest state of what changed between pages reached the client. */
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (seen, early_key)), ==, 2);
  g_assert_true (g_hash_table_contains (seen, late_key));

  read_feed (api, &response, api->org_a, api->member_a, end, 1000);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 0);
  g_assert_false (has_more (&response));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/changes/contents", test_contents);
  ADD ("/changes/cursors", test_cursors);
  ADD ("/changes/mixed-pages", test_mixed_pages);
  ADD ("/changes/paging-with-a-write", test_paging_with_a_write);
#undef ADD

  return g_test_run ();
}
