/* bench-first-sync.c
 *
 * How fast a first sync fills the desktop cache with a school of 100 000
 * learners, against how fast SQLite itself inserts as many similar rows in
 * the same run (a prepared statement, one transaction, the cache's own
 * table, indexes and pragmas). Printed as learners/s, rows/s and their
 * ratio; nothing is asserted about time (DESIGN §7).
 *
 * The school is made fast: the admin CLI makes the organization and its
 * administrator, and one generated SCO CSV of 100 000 pupils goes through
 * the import route. Not part of the test suite; run it with
 *
 *   meson test -C build --benchmark bench-first-sync --verbose
 *
 * PB_BENCH_LEARNERS sets another size (e.g. 10000 for a quick look).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pb-sync-engine.h"
#include "pb-test-server.h"

#define DEFAULT_LEARNERS 100000
#define PASSWORD "Pix2026bench"
#define EMAIL "referente@bench.example.fr"
#define UAI "0750999X"

static const char * const first_names[] = {
  "Zoé", "Noël", "Léa", "Chloé", "Anaïs", "Maël", "Inès", "Jérôme", "François", "Hélène",
  "Océane", "Loïc", "Éloïse", "Gaëlle", "Benoît", "Joël", "Héloïse", "Cécile", "Raphaël", "Maëlys",
};

static const char * const last_names[] = {
  "Lefèvre", "Bénard", "Crépin", "Dubœuf", "Lemaître", "Ménard", "Sénéchal", "Châtelain", "Bréhault",
  "Thérault", "Lécuyer", "Hervé-Pérès", "Le Nôtre", "Desprès", "Moreau", "Éluard", "Fénelon", "Péron",
};

static const char * const levels[] = { "6", "5", "4", "3" };

static guint
n_learners (void)
{
  const char *value = g_getenv ("PB_BENCH_LEARNERS");
  guint64 n = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;

  return n > 0 ? (guint)n : DEFAULT_LEARNERS;
}

/* Pix's SCO CSV: classes of 30 ("6A", "5A"… "3H", then "6A2"…), valid
 * dates, unique INEs (ten digits and a letter). */
static GBytes *
generate_csv (guint n)
{
  GString *csv = g_string_sized_new ((gsize)n * 120);

  g_string_append (csv, "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;"
                        "Nom d'usage;Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;"
                        "Libellé commune naissance**;Code département naissance*;Code pays naissance*;Statut*;"
                        "Code MEF*;Division*\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "%010u%c;%s;;;%s;;%c;%02u/%02u/%u;75111;Paris;075;100;ST;10010012110;%s%c%u\n",
                            i, 'A' + i % 26,
                            first_names[i % G_N_ELEMENTS (first_names)],
                            last_names[(i / 7) % G_N_ELEMENTS (last_names)],
                            i % 2 ? 'M' : 'F',
                            1 + i % 28, 1 + i % 12, 2010 + i % 4,
                            levels[(i / 30) % 4], 'A' + (i / 120) % 8, 1 + i / 960);
  return g_string_free_to_bytes (csv);
}

static char *
make_school (Fixture *fixture)
{
  g_autofree char *conf = g_build_filename (fixture->data_dir, "pix-bureau-server.conf", NULL);
  g_autofree char *ids = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (conf, "[identity]\nfast-password-hashing=true\n", -1, NULL));
  g_free (run_admin (fixture, PASSWORD, "create-user", "--email", EMAIL, "--first-name", "Sophie",
                     "--last-name", "Lambert", NULL));
  ids = run_admin (fixture, NULL, "create-organization", "--name", "Cité scolaire du banc d'essai",
                   "--type", "SCO", "--uai", UAI, NULL);
  lines = g_strsplit (ids, "\n", -1);
  g_free (run_admin (fixture, NULL, "add-member", "--organization", lines[0], "--email", EMAIL,
                     "--role", "ADMIN", NULL));
  return g_strdup (lines[0]);
}

/* The import takes longer than the client's 30 s timeout: a session of
 * its own. */
static void
import_learners (const char *url,
                 const char *organization,
                 GBytes     *csv)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 3600, NULL);
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", EMAIL, "password", PASSWORD, NULL);
  g_autofree char *token_url = g_strconcat (url, "/api/token", NULL);
  g_autofree char *import_url = g_strdup_printf ("%s/api/organizations/%s/sco-organization-learners/"
                                                 "import-siecle?format=csv", url, organization);
  g_autofree char *authorization = NULL;
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", token_url);
  g_autoptr(GBytes) form_body = g_bytes_new (form, strlen (form));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form_body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), (gssize)g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  authorization = g_strconcat ("Bearer ", json_object_get_string_member (json_node_get_object (
                                 json_parser_get_root (parser)), "access_token"), NULL);

  g_clear_object (&msg);
  g_clear_pointer (&answer, g_bytes_unref);
  msg = soup_message_new ("POST", import_url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (msg, "text/csv", csv);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_printerr ("%.*s\n", (int)MIN (g_bytes_get_size (answer), 2000), (const char *)g_bytes_get_data (answer, NULL));
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static double
time_first_sync (const char *url,
                 const char *cache_path,
                 const char *organization,
                 guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStore) store = pb_store_open (cache_path, &error);
  g_autoptr(PbApiClient) client = pb_api_client_new (url);
  g_autoptr(PbSyncEngine) engine = NULL;
  g_autoptr(GTimer) timer = NULL;
  double seconds;

  g_assert_no_error (error);
  pb_api_client_sign_in (client, EMAIL, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  engine = pb_sync_engine_new (store, client);

  timer = g_timer_new ();
  pb_sync_engine_run_once (engine, NULL, &error);
  seconds = g_timer_elapsed (timer, NULL);
  g_assert_no_error (error);

  /* The whole school arrived. */
  g_assert_cmpuint (pb_store_count_learners (store, organization, &error), ==, n);
  g_assert_no_error (error);
  pb_store_close (store);
  return seconds;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The cache's learners table, indexes and pragmas (src/store), filled
 * with rows like the sync's: the floor under any first sync. */
static double
time_raw_inserts (const char *path,
                  guint       n)
{
  g_autoptr(GTimer) timer = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;
  double seconds;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
  exec_sql (db,
            "CREATE TABLE learners (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, last_name TEXT NOT NULL,"
            " first_name TEXT NOT NULL, birthdate TEXT, division TEXT, national_student_id TEXT, user_id TEXT,"
            " is_certifiable INTEGER NOT NULL DEFAULT 0, is_disabled INTEGER NOT NULL DEFAULT 0, pix_score INTEGER,"
            " last_key TEXT NOT NULL, first_key TEXT NOT NULL, search_key TEXT NOT NULL, version INTEGER NOT NULL);"
            "CREATE INDEX learners_by_division ON learners (organization_id, division, last_key, first_key);"
            "CREATE INDEX learners_by_name ON learners (organization_id, last_key, first_key);");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO learners (id, organization_id, last_name, first_name,"
                                           " birthdate, division, national_student_id, last_key, first_key,"
                                           " search_key, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                                       -1, &insert, NULL), ==, SQLITE_OK);

  timer = g_timer_new ();
  exec_sql (db, "BEGIN");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("01a20000-0000-7000-8000-%012x", i);
      g_autofree char *ine = g_strdup_printf ("%010u%c", i, 'A' + i % 26);
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / 7) % G_N_ELEMENTS (last_names)];
      g_autofree char *search = g_strdup_printf ("%s %s %s", last, first, ine);

      sqlite3_bind_text (insert, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 2, "01a20000-0000-7000-8000-00000000000a", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 5, "2012-03-14", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, "5C12", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 7, ine, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (insert, 8, last, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 9, first, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 10, search, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  exec_sql (db, "COMMIT");
  seconds = g_timer_elapsed (timer, NULL);

  sqlite3_finalize (insert);
  sqlite3_close (db);
  return seconds;
}

static void
remove_cache_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

int
main (int   argc,
      char *argv[])
{
  Fixture fixture = { 0 };
  Server server = { 0 };
  g_autofree char *organization = NULL;
  g_autofree char *cache_dir = g_dir_make_tmp ("pb-bench-sync-XXXXXX", NULL);
  g_autofree char *cache_path = g_build_filename (cache_dir, "cache.sqlite", NULL);
  g_autofree char *raw_path = g_build_filename (cache_dir, "raw.sqlite", NULL);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n = n_learners ();
  double sync_seconds, raw_seconds, sync_rate, raw_rate;

  g_test_init (&argc, &argv, NULL);
  fixture_set_up (&fixture, NULL);
  organization = make_school (&fixture);
  csv = generate_csv (n);
  server_start (&server, &fixture, "127.0.0.1:0", NULL);
  import_learners (server.base_url, organization, csv);
  g_print ("# school: %u learners imported in %.1f s (%.1f MB of CSV)\n", n, g_timer_elapsed (timer, NULL),
           g_bytes_get_size (csv) / 1e6);

  sync_seconds = time_first_sync (server.base_url, cache_path, organization, n);
  raw_seconds = time_raw_inserts (raw_path, n);
  sync_rate = n / sync_seconds;
  raw_rate = n / raw_seconds;
  g_print ("# first sync: %u learners in %.2f s: %.0f learners/s\n", n, sync_seconds, sync_rate);
  g_print ("# raw SQLite: %u rows in %.2f s: %.0f rows/s\n", n, raw_seconds, raw_rate);
  g_print ("# first sync / raw SQLite inserts: %.3f\n", sync_rate / raw_rate);

  g_free (server_stop (&server, SIGTERM));
  remove_cache_files (cache_path);
  remove_cache_files (raw_path);
  g_rmdir (cache_dir);
  fixture_tear_down (&fixture, NULL);
  return 0;
}
