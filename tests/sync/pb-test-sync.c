/* pb-test-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-test-sync.h"

static char *template_dir;

void
school_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        school_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
remove_template (void)
{
  if (template_dir != NULL)
    school_remove_tree (template_dir);
  g_clear_pointer (&template_dir, g_free);
}

void
school_build_template (guint n_learners)
{
  g_auto(Result) result = { 0 };
  g_autofree char *learners = g_strdup_printf ("%u", n_learners);

  template_dir = g_dir_make_tmp ("pb-sync-school-XXXXXX", NULL);
  g_assert_nonnull (template_dir);
  atexit (remove_template);

  run (&result, NULL, "demo", "--data-dir", template_dir, "--learners", learners, NULL);
  if (result.status != 0)
    g_printerr ("demo failed: %s\n", result.err);
  g_assert_cmpint (result.status, ==, 0);
}

static void
copy_template (const char *data_dir)
{
  g_autoptr(GDir) dir = g_dir_open (template_dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (template_dir, name, NULL);
      g_autofree char *to = g_build_filename (data_dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (to, contents, (gssize)length, NULL));
    }
}

static void
read_referent (School *school)
{
  g_autoptr(GKeyFile) accounts = g_key_file_new ();
  g_autofree char *path = g_build_filename (school->api.fixture.data_dir, "demo-accounts.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (accounts, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  school->email = g_key_file_get_string (accounts, "school", "referent", &error);
  g_assert_no_error (error);
  school->password = g_key_file_get_string (accounts, school->email, "password", &error);
  g_assert_no_error (error);
}

static char *
sign_in_token (School *school)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", school->email,
                                            "password", school->password, NULL);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

  api_send (&school->api, &response, "POST", "/api/token", NULL, "application/x-www-form-urlencoded", body, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (response.json), "access_token"));
}

static char *
first_organization (School *school)
{
  g_auto(ApiResponse) response = { 0 };
  JsonArray *included;

  api_send (&school->api, &response, "GET", "/api/me", school->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  included = json_object_get_array_member (json_node_get_object (response.json), "included");
  for (guint i = 0; i < json_array_get_length (included); i++)
    {
      JsonObject *resource = json_array_get_object_element (included, i);

      if (g_str_equal (json_object_get_string_member (resource, "type"), "organizations"))
        return g_strdup (json_object_get_string_member (resource, "id"));
    }
  g_assert_not_reached ();
}

void
school_renew_token (School *school)
{
  g_free (school->api.admin_a);
  school->api.admin_a = sign_in_token (school);
}

void
school_start_server (School *school)
{
  g_autofree char *listen = NULL;

  if (school->url == NULL)
    {
      server_start (&school->api.server, &school->api.fixture, "127.0.0.1:0", NULL);
      school->url = g_strdup (school->api.server.base_url);
      return;
    }

  /* Again on the same port: the client knows no other address. */
  listen = g_strdup (school->url + strlen ("http://"));
  server_start (&school->api.server, &school->api.fixture, listen, NULL);
  g_assert_cmpstr (school->api.server.base_url, ==, school->url);
}

void
school_stop_server (School *school)
{
  g_free (server_stop (&school->api.server, SIGTERM));
}

void
school_set_up (School        *school,
               gconstpointer  data)
{
  fixture_set_up (&school->api.fixture, NULL);
  copy_template (school->api.fixture.data_dir);
  read_referent (school);
  school_start_server (school);

  school->api.session = soup_session_new_with_options ("timeout", 60, NULL);
  school->api.admin_a = sign_in_token (school);
  school->api.org_a = first_organization (school);
  school->cache_dir = g_dir_make_tmp ("pb-sync-cache-XXXXXX", NULL);
  g_assert_nonnull (school->cache_dir);
}

void
school_open_cache (School *school)
{
  g_autofree char *path = g_build_filename (school->cache_dir, "cache.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (school->store);
  school->store = pb_store_open (path, &error);
  g_assert_no_error (error);
  school->client = pb_api_client_new (school->url);
  pb_api_client_sign_in (school->client, school->email, school->password, NULL, &error);
  g_assert_no_error (error);
  school->engine = pb_sync_engine_new (school->store, school->client);
}

void
school_close_cache (School *school)
{
  if (school->engine != NULL)
    pb_sync_engine_stop (school->engine);
  g_clear_object (&school->engine);
  g_clear_object (&school->client);
  if (school->store != NULL)
    pb_store_close (school->store);
  g_clear_object (&school->store);
  school_drain ();
}

void
school_tear_down (School        *school,
                  gconstpointer  data)
{
  school_close_cache (school);
  if (school->api.server.process != NULL)
    school_stop_server (school);
  g_clear_object (&school->api.session);
  g_free (school->api.org_a);
  g_free (school->api.admin_a);
  g_free (school->url);
  g_free (school->email);
  g_free (school->password);
  school_remove_tree (school->cache_dir);
  g_free (school->cache_dir);
  fixture_tear_down (&school->api.fixture, NULL);
}

void
school_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Checked at each event, and at least every 50 ms: some conditions are
 * the server's, which sends no event here. */
void
school_wait (gboolean (*done) (gpointer),
             gpointer   data,
             guint      timeout_s)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (timeout_s, on_timeout, &timed_out);
  guint tick = g_timeout_add (50, on_tick, NULL);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_source_remove (tick);
  g_assert_false (timed_out);
}

void
school_sync (School *school)
{
  g_autoptr(GError) error = NULL;

  pb_sync_engine_run_once (school->engine, NULL, &error);
  g_assert_no_error (error);
  school_drain ();
}

/* meta.rowCount of a paged list, read by the test's own client. */
gint64
school_row_count (School     *school,
                  const char *path)
{
  g_auto(ApiResponse) response = { 0 };

  api_send (&school->api, &response, "GET", path, school->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  return api_meta_int (&response, "rowCount");
}

GHashTable *
school_feed_counts (School *school)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gboolean more = TRUE;

  while (more)
    {
      g_auto(ApiResponse) response = { 0 };
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      g_autofree char *path = g_strdup_printf ("/api/organizations/%s/changes?limit=1000%s%s", school->api.org_a,
                                               escaped != NULL ? "&cursor=" : "", escaped != NULL ? escaped : "");
      JsonObject *meta;
      JsonArray *data;

      api_send (&school->api, &response, "GET", path, school->api.admin_a, NULL, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      data = api_data_array (&response);
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonObject *resource = json_array_get_object_element (data, i);
          const char *type = json_object_get_string_member (resource, "type");
          const char *op = json_object_get_string_member (json_object_get_object_member (resource, "meta"), "op");
          g_autofree char *key = g_strconcat (type, g_str_equal (op, "del") ? ":del" : "", NULL);

          g_hash_table_insert (counts, g_strdup (key),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1));
        }
      meta = json_object_get_object_member (json_node_get_object (response.json), "meta");
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (meta, "next-cursor"));
      more = json_object_get_boolean_member (meta, "has-more");
    }
  return counts;
}

char *
school_create_campaign (School     *school,
                        const char *name)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"%s\", "
                                           "\"type\": \"PROFILES_COLLECTION\"}, \"relationships\": {\"organization\": "
                                           "{\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}}}}",
                                           name, school->api.org_a);

  api_send_json (&school->api, &response, "POST", "/api/campaigns", school->api.admin_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  return g_strdup (json_object_get_string_member (api_data (&response), "id"));
}
