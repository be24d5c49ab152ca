/* test-server-cli.c
 *
 * The real pix-bureau-server binary: its subcommands on a temporary data
 * directory, and `serve` over loopback HTTP with SoupSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "pb-password.h"
#include "pb-test-server.h"
#include "pb-uuid.h"

static sqlite3 *
open_db (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "pix-bureau.sqlite", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = open_db (fixture);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Result) first = { 0 };
  g_auto(Result) second = { 0 };
  g_autofree char *mode = NULL;
  GStatBuf st;

  run (&first, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "Schema version 2 (2 migrations applied)\n");

  run (&second, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpstr (second.out, ==, "Schema version 2 (0 migrations applied)\n");

  /* Pupils' data: the data directory is the owner's alone. */
  g_assert_cmpint (g_stat (fixture->data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
}

static void
test_newer_schema_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Result) migrate = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) serve = { 0 };
  sqlite3 *db;

  run (&migrate, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (migrate.status, ==, 0);

  /* As if a newer pix-bureau-server had migrated this database. */
  db = open_db (fixture);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO schema_migrations VALUES (999, '0999-future.sql', 'x')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  run (&again, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (again.status, !=, 0);
  g_assert_nonnull (strstr (again.err, "schema version 999, newer"));

  run (&serve, NULL, "serve", "--data-dir", fixture->data_dir, "--listen", "127.0.0.1:0", NULL);
  g_assert_cmpint (serve.status, !=, 0);
  g_assert_null (strstr (serve.out, "Listening"));
  g_assert_nonnull (strstr (serve.err, "upgrade pix-bureau-server"));
}

static char *
create_user (Fixture    *fixture,
             const char *email,
             const char *password,
             int         expected_status)
{
  g_auto(Result) result = { 0 };

  run (&result, password, "admin", "create-user", "--data-dir", fixture->data_dir,
       "--email", email, "--first-name", "Élise", "--last-name", "Lefèvre", NULL);
  g_assert_cmpint (result.status, ==, expected_status);
  if (expected_status != 0)
    return NULL;

  g_strchomp (result.out);
  return g_steal_pointer (&result.out);
}

static void
test_create_user (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *id = create_user (fixture, "Elise.Lefevre@Lycee-Curie.fr", "Pix2026secret\n", 0);
  g_autofree char *email = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_assert_true (pb_uuid_is_valid (id));

  email = query_text (fixture, "SELECT email FROM users");
  g_assert_cmpstr (email, ==, "elise.lefevre@lycee-curie.fr");
  name = query_text (fixture, "SELECT first_name || ' ' || last_name FROM users");
  g_assert_cmpstr (name, ==, "Élise Lefèvre");

  /* Stored as argon2id, and the password (without the line end) verifies. */
  hash = query_text (fixture, "SELECT password_hash FROM users");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (pb_password_verify (hash, "Pix2026secret"));
  g_assert_false (pb_password_verify (hash, "Pix2026secret\n"));

  /* Same address, any case: refused, nothing changed. */
  g_assert_null (create_user (fixture, "ELISE.LEFEVRE@lycee-curie.fr", "Other2026pass", 1));
  g_free (name);
  name = query_text (fixture, "SELECT COUNT(*) FROM users");
  g_assert_cmpstr (name, ==, "1");
}

static void
test_create_user_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_auto(Result) missing = { 0 };

  g_assert_null (create_user (fixture, "a@lycee.fr", "short1A", 1));
  g_assert_null (create_user (fixture, "a@lycee.fr", "nouppercase1", 1));
  g_assert_null (create_user (fixture, "a@lycee.fr", "NoDigitsHere", 1));
  g_assert_null (create_user (fixture, "not-an-address", "Pix2026secret", 1));

  run (&missing, "Pix2026secret", "admin", "create-user", "--data-dir", fixture->data_dir,
       "--email", "a@lycee.fr", NULL);
  g_assert_cmpint (missing.status, !=, 0);
  g_assert_nonnull (strstr (missing.err, "--first-name is required"));
}

static void
test_organization_and_member (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *user = create_user (fixture, "referent@lycee-curie.fr", "Pix2026secret", 0);
  g_auto(Result) organization = { 0 };
  g_auto(Result) member = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) nobody = { 0 };
  g_auto(GStrv) ids = NULL;
  g_autofree char *row = NULL;
  g_autofree char *center = NULL;

  run (&organization, NULL, "admin", "create-organization", "--data-dir", fixture->data_dir,
       "--name", "Lycée Marie Curie", "--type", "SCO", "--uai", "0751234a",
       "--with-certification-center", NULL);
  g_assert_cmpint (organization.status, ==, 0);
  ids = g_strsplit (g_strchomp (organization.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_true (pb_uuid_is_valid (ids[0]));
  g_assert_true (pb_uuid_is_valid (ids[1]));

  row = query_text (fixture, "SELECT name || '|' || type || '|' || uai || '|' || is_managing_students FROM organizations");
  g_assert_cmpstr (row, ==, "Lycée Marie Curie|SCO|0751234A|1");
  center = query_text (fixture, "SELECT organization_id FROM certification_centers");
  g_assert_cmpstr (center, ==, ids[0]);

  run (&member, NULL, "admin", "add-member", "--data-dir", fixture->data_dir,
       "--organization", ids[0], "--email", "Referent@Lycee-Curie.fr", "--role", "ADMIN", NULL);
  g_assert_cmpint (member.status, ==, 0);
  g_free (row);
  row = query_text (fixture, "SELECT user_id || '|' || role FROM memberships");
  g_assert_true (g_str_has_prefix (row, user));
  g_assert_true (g_str_has_suffix (row, "|ADMIN"));

  run (&again, NULL, "admin", "add-member", "--data-dir", fixture->data_dir,
       "--organization", ids[0], "--email", "referent@lycee-curie.fr", "--role", "MEMBER", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already a member"));

  run (&nobody, NULL, "admin", "add-member", "--data-dir", fixture->data_dir,
       "--organization", ids[0], "--email", "nobody@lycee-curie.fr", "--role", "MEMBER", NULL);
  g_assert_cmpint (nobody.status, ==, 1);
  g_assert_nonnull (strstr (nobody.err, "No user has this e-mail address"));
}

static void
test_organization_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *bad[][2] = {
    { "--type", "ECOLE" },
    { "--uai", "751234A" },
    { "--uai", "07512345" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Result) result = { 0 };

      run (&result, NULL, "admin", "create-organization", "--data-dir", fixture->data_dir,
           "--name", "Collège Test", "--type", "SCO", bad[i][0], bad[i][1], NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.out, ==, "");
    }
}

static void
test_serve_unknown_route (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) error_object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log = NULL;
  Server server = { 0 };
  GUri *uri;

  server_start (&server, fixture, "127.0.0.1:0", NULL);
  uri = g_uri_parse (server.base_url, G_URI_FLAGS_NONE, NULL);
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_uri_unref (uri);

  url = g_strconcat (server.base_url, "/api/no-such-thing?filter[search]=Dupont", NULL);
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/vnd.api+json");

  error_object = first_error (body);
  g_assert_cmpstr (json_object_get_string_member (error_object, "status"), ==, "404");
  g_assert_cmpstr (json_object_get_string_member (error_object, "code"), ==, "NOT_FOUND");
  g_assert_true (json_object_has_member (error_object, "detail"));

  log = server_stop (&server, SIGTERM);
  /* Requests are logged by path, never with their query (pupils' names). */
  g_assert_nonnull (strstr (log, "path=/api/no-such-thing status=404"));
  g_assert_null (strstr (log, "Dupont"));
  g_assert_nonnull (strstr (log, "Stopped"));
}

static void
test_serve_sigint (Fixture       *fixture,
                   gconstpointer  data)
{
  Server server = { 0 };
  g_autofree char *log = NULL;

  server_start (&server, fixture, "localhost:0", NULL);
  g_assert_true (g_str_has_prefix (server.base_url, "http://127.0.0.1:"));
  log = server_stop (&server, SIGINT);
  g_assert_nonnull (strstr (log, "Stopped"));
}

static gboolean
accept_test_certificate (SoupMessage *msg,
                         GTlsCertificate *certificate,
                         GTlsCertificateFlags errors,
                         gpointer user_data)
{
  /* Self-signed for the test: trust exactly the certificate we made. */
  return g_tls_certificate_is_same (certificate, user_data);
}

static void
test_serve_https (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *cert = g_build_filename (fixture->data_dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->data_dir, "key.pem", NULL);
  g_autofree char *url = NULL;
  g_autoptr(GTlsCertificate) expected = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Server server = { 0 };
  int status = -1;
  const char *openssl[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1", NULL };

  g_spawn_sync (NULL, (char **)openssl, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  expected = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);

  server_start (&server, fixture, "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (server.base_url, "https://127.0.0.1:"));

  url = g_strconcat (server.base_url, "/api/nothing", NULL);
  msg = soup_message_new ("GET", url);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_test_certificate), expected);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
  g_assert_nonnull (soup_message_get_tls_peer_certificate (msg));

  g_free (server_stop (&server, SIGTERM));
}

static void
test_serve_tls_half_configured (Fixture       *fixture,
                                gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run (&result, NULL, "serve", "--data-dir", fixture->data_dir, "--listen", "127.0.0.1:0",
       "--tls-cert", "/nonexistent.pem", NULL);
  g_assert_cmpint (result.status, !=, 0);
  g_assert_nonnull (strstr (result.err, "--tls-cert and --tls-key go together"));
}

static void
test_serve_bad_listen (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *bad[] = { "nowhere", "127.0.0.1", "127.0.0.1:99999", "pix.example:80", ":80" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Result) result = { 0 };

      run (&result, NULL, "serve", "--data-dir", fixture->data_dir, "--listen", bad[i], NULL);
      g_assert_cmpint (result.status, !=, 0);
      g_assert_nonnull (strstr (result.err, "--listen expects HOST:PORT"));
    }
}

static void
test_password_rule (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_password_check_rule ("Pix2026secret", NULL));
  g_assert_true (pb_password_check_rule ("Éléphant9", NULL));
  g_assert_false (pb_password_check_rule ("Pix2026", &error));
  g_assert_error (error, PB_PASSWORD_ERROR, PB_PASSWORD_ERROR_WEAK);
  g_assert_false (pb_password_check_rule ("pix2026secret", NULL));
  g_assert_false (pb_password_check_rule ("PIX2026SECRET", NULL));
  g_assert_false (pb_password_check_rule ("PixSecretWord", NULL));
}

static void
test_password_hash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = pb_password_hash ("Pix2026secret", &error);
  g_autofree char *again = pb_password_hash ("Pix2026secret", NULL);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$"));
  /* Salted: the same password never hashes the same way twice. */
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (pb_password_verify (hash, "Pix2026secret"));
  g_assert_false (pb_password_verify (hash, "pix2026secret"));
  g_assert_false (pb_password_verify ("not a hash", "Pix2026secret"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/server/migrate/fresh-and-again", test_migrate);
  ADD ("/server/migrate/newer-schema-refused", test_newer_schema_refused);
  ADD ("/server/admin/create-user", test_create_user);
  ADD ("/server/admin/create-user-refused", test_create_user_refused);
  ADD ("/server/admin/organization-and-member", test_organization_and_member);
  ADD ("/server/admin/organization-refused", test_organization_refused);
  ADD ("/server/serve/unknown-route", test_serve_unknown_route);
  ADD ("/server/serve/sigint", test_serve_sigint);
  ADD ("/server/serve/bad-listen", test_serve_bad_listen);
  ADD ("/server/serve/https", test_serve_https);
  ADD ("/server/serve/tls-half-configured", test_serve_tls_half_configured);
  g_test_add_func ("/server/password/rule", test_password_rule);
  g_test_add_func ("/server/password/hash", test_password_hash);

#undef ADD

  return g_test_run ();
}
