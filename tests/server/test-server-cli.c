/* test-server-cli.c
 *
 * The real pix-bureau-server binary: its subcommands on a temporary data
 * directory (and database, see pb-test-server.c), and `serve` over loopback
 * HTTP with SoupSession. Also the storage's pool of read connections,
 * in-process, on the same database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pb-password.h"
#include "pb-server-resources.h"
#include "pb-storage.h"
#include "pb-test-server.h"
#include "pb-uuid.h"

#define SQLITE_FILE_NAME "pix-bureau.sqlite"

/* The migrations built into the server, numbered 1 to N. */
static guint
count_migrations (void)
{
  g_auto(GStrv) names = NULL;

  (void)pb_server_get_resource ();
  names = g_resources_enumerate_children ("/fr/pixbureau/PixBureau/server/migrations/",
                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_nonnull (names);
  return g_strv_length (names);
}

static gboolean
sqlite_file_exists (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, SQLITE_FILE_NAME, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(Result) first = { 0 };
  g_auto(Result) second = { 0 };
  g_autofree char *expected_first = NULL;
  g_autofree char *expected_second = NULL;
  g_autofree char *version = NULL;
  guint n = count_migrations ();
  GStatBuf st;

  expected_first = g_strdup_printf ("Schema version %u (%u migrations applied)\n", n, n);
  expected_second = g_strdup_printf ("Schema version %u (0 migrations applied)\n", n);

  run (&first, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, expected_first);

  run (&second, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpstr (second.out, ==, expected_second);

  /* Where --database says, and only there. */
  version = fixture_query_text (fixture, "SELECT MAX(version) FROM schema_migrations");
  g_assert_cmpuint (g_ascii_strtoull (version, NULL, 10), ==, n);
  g_assert_true (sqlite_file_exists (fixture) == (fixture->database_url == NULL));

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

  run (&migrate, NULL, "migrate", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (migrate.status, ==, 0);

  /* As if a newer pix-bureau-server had migrated this database. */
  fixture_exec (fixture, "INSERT INTO schema_migrations VALUES (999, '0999-future.sql', 'x')");

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
  g_auto(Result) again = { 0 };
  g_autofree char *email = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_assert_true (pb_uuid_is_valid (id));

  email = fixture_query_text (fixture, "SELECT email FROM users");
  g_assert_cmpstr (email, ==, "elise.lefevre@lycee-curie.fr");
  name = fixture_query_text (fixture, "SELECT first_name || ' ' || last_name FROM users");
  g_assert_cmpstr (name, ==, "Élise Lefèvre");

  /* Stored as argon2id, and the password (without the line end) verifies. */
  hash = fixture_query_text (fixture, "SELECT password_hash FROM users");
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (pb_password_verify (hash, "Pix2026secret"));
  g_assert_false (pb_password_verify (hash, "Pix2026secret\n"));

  /* Same address, any case: refused (the database's unique constraint,
   * told apart from other failures), nothing changed.
   */
  run (&again, "Other2026pass", "admin", "create-user", "--data-dir", fixture->data_dir,
       "--email", "ELISE.LEFEVRE@lycee-curie.fr", "--first-name", "Élise", "--last-name", "Lefèvre", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "A user with this e-mail address already exists"));
  g_free (name);
  name = fixture_query_text (fixture, "SELECT COUNT(*) FROM users");
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

  row = fixture_query_text (fixture, "SELECT name || '|' || type || '|' || uai || '|' || is_managing_students FROM organizations");
  g_assert_cmpstr (row, ==, "Lycée Marie Curie|SCO|0751234A|1");
  center = fixture_query_text (fixture, "SELECT organization_id FROM certification_centers");
  g_assert_cmpstr (center, ==, ids[0]);

  run (&member, NULL, "admin", "add-member", "--data-dir", fixture->data_dir,
       "--organization", ids[0], "--email", "Referent@Lycee-Curie.fr", "--role", "ADMIN", NULL);
  g_assert_cmpint (member.status, ==, 0);
  g_free (row);
  row = fixture_query_text (fixture, "SELECT user_id || '|' || role FROM memberships");
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

static guint
count_open_files (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Clients that close their kept-alive connections between requests must
 * not leave the server one file descriptor short each time (libsoup 3.2
 * leaks them; the server reaps them within seconds). */
static void
test_serve_closed_connections (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *url = NULL;
  g_autofree char *log = NULL;
  Server server = { 0 };
  guint before, after = G_MAXUINT;

  server_start (&server, fixture, "127.0.0.1:0", NULL);
  url = g_strconcat (server.base_url, "/api/me", NULL);
  before = count_open_files (&server);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
    }

  /* The reaper looks every second and closes after two looks. */
  for (guint tries = 0; tries < 50 && (after = count_open_files (&server)) > before + 2; tries++)
    g_usleep (200 * 1000);
  g_assert_cmpuint (after, <=, before + 2);

  log = server_stop (&server, SIGTERM);
  g_assert_nonnull (strstr (log, "Stopped"));
}

/* A client that hangs up while its request is with a worker (argon2
 * takes a while) leaves the server as it was: no answer to unpause, no
 * critical, the next client served. */
static void
test_serve_client_gone (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char body[] = "{\"data\": {\"type\": \"users\", \"attributes\": {\"first-name\": \"A\", "
                             "\"last-name\": \"B\", \"username\": \"abc\", \"password\": \"Eleve2026\"}}}";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log = NULL;
  Server server = { 0 };
  GUri *uri;

  server_start (&server, fixture, "127.0.0.1:0", NULL);
  uri = g_uri_parse (server.base_url, G_URI_FLAGS_NONE, NULL);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_uri_unref (uri);
  g_assert_no_error (error);
  request = g_strdup_printf ("POST /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/vnd.api+json\r\nContent-Length: %zu\r\n\r\n%s",
                             strlen (body), body);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  /* Served after the worker is done: the account exists, the server lives. */
  url = g_strconcat (server.base_url, "/api/token", NULL);
  for (guint tries = 0; tries < 50; tries++)
    {
      g_clear_object (&msg);
      g_clear_pointer (&answer, g_bytes_unref);
      msg = soup_message_new_from_encoded_form ("POST", url, soup_form_encode ("grant_type", "password", "username",
                                                                             "abc", "password", "Eleve2026", NULL));
      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      if (soup_message_get_status (msg) == 200)
        break;
      g_usleep (100 * 1000);
    }
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  log = server_stop (&server, SIGTERM);
  g_assert_null (strstr (log, "CRITICAL"));
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

/* An engine we do not have is named in the refusal, and nothing is
 * created; the URL is not repeated, as it may hold a password.
 */
static void
test_database_unsupported (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run (&result, NULL, "migrate", "--data-dir", fixture->data_dir,
       "--database", "mysql://pix:s3cret@127.0.0.1/pix", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "Unsupported --database scheme “mysql”"));
  g_assert_nonnull (strstr (result.err, "postgresql://"));
  g_assert_null (strstr (result.err, "s3cret"));
  g_assert_false (sqlite_file_exists (fixture));
}

#ifdef PB_HAVE_POSTGRESQL

/* Nothing listens on port 1: the message names the server, not the
 * password, even when libpq quotes the part of the URL it cannot read.
 */
static void
test_database_unreachable (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *urls[] = {
    "postgresql://pix:s3cret@127.0.0.1:1/pix",
    "postgres://pix@127.0.0.1:1/pix?password=s3cret",
    "postgresql://pix:s3cret%zz@127.0.0.1:1/pix",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_auto(Result) result = { 0 };

      run (&result, NULL, "migrate", "--data-dir", fixture->data_dir, "--database", urls[i], NULL);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_nonnull (strstr (result.err, "Cannot connect to PostgreSQL at postgres"));
      g_assert_nonnull (strstr (result.err, "127.0.0.1:1/pix"));
      g_assert_null (strstr (result.err, "s3cret"));
    }
  g_assert_false (sqlite_file_exists (fixture));
}

#else

static void
test_database_unavailable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Result) result = { 0 };

  run (&result, NULL, "migrate", "--data-dir", fixture->data_dir,
       "--database", "postgresql://pix@127.0.0.1/pix", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "PostgreSQL storage is not available in this build"));
  g_assert_false (sqlite_file_exists (fixture));
}

#endif

static PbStorage *
open_storage (Fixture *fixture)
{
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;

  storage = pb_storage_open (fixture->data_dir, fixture->database_url, &error);
  g_assert_no_error (error);
  pb_storage_migrate (storage, NULL, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&storage);
}

static void
write_secret (PbDb       *db,
              const char *value)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autoptr(GError) error = NULL;

  insert = pb_db_prepare (db, "INSERT INTO server_secrets (name, value, created_at) VALUES ('test', $1, 'now')",
                          &error);
  g_assert_no_error (error);
  pb_db_statement_bind_text (insert, 1, value);
  pb_db_statement_run (insert, &error);
  g_assert_no_error (error);
}

static char *
read_secret (PbDb *db)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) error = NULL;
  char *value = NULL;

  select = pb_db_prepare (db, "SELECT value FROM server_secrets WHERE name = 'test'", &error);
  g_assert_no_error (error);
  if (pb_db_statement_step (select, &error))
    value = g_strdup (pb_db_statement_get_text (select, 0));
  g_assert_no_error (error);

  return value;
}

static void
commit (PbDb *db)
{
  g_autoptr(GError) error = NULL;

  pb_db_commit (db, &error);
  g_assert_no_error (error);
}

static void
begin (PbDb *db)
{
  g_autoptr(GError) error = NULL;

  pb_db_begin (db, &error);
  g_assert_no_error (error);
}

/* A reader reads beside a write in progress, without waiting for it and
 * without seeing it; once committed, the write is there.
 */
static void
test_reader_beside_writer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PbStorage) storage = open_storage (fixture);
  PbDb *writer = pb_storage_lock_writer (storage);
  PbDb *reader = pb_storage_acquire_reader (storage);
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  g_assert_true (reader != writer);
  begin (writer);
  write_secret (writer, "1");
  during = read_secret (reader);
  g_assert_null (during);
  commit (writer);
  pb_storage_unlock_writer (storage, writer);

  after = read_secret (reader);
  g_assert_cmpstr (after, ==, "1");
  pb_storage_release_reader (storage, reader);
}

/* Between BEGIN and COMMIT a reader sees one snapshot, however many
 * SELECTs it runs and whatever commits meanwhile (PostgreSQL's default,
 * READ COMMITTED, would not do).
 */
static void
test_reader_snapshot (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PbStorage) storage = open_storage (fixture);
  PbDb *reader = pb_storage_acquire_reader (storage);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *after = NULL;
  PbDb *writer;

  begin (reader);
  first = read_secret (reader);
  writer = pb_storage_lock_writer (storage);
  write_secret (writer, "1");
  pb_storage_unlock_writer (storage, writer);
  second = read_secret (reader);
  commit (reader);
  after = read_secret (reader);
  pb_storage_release_reader (storage, reader);

  g_assert_null (first);
  g_assert_null (second);
  g_assert_cmpstr (after, ==, "1");
}

static void
test_reader_read_only (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PbStorage) storage = open_storage (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  PbDb *reader = pb_storage_acquire_reader (storage);

  g_assert_false (pb_db_exec (reader, "INSERT INTO server_secrets VALUES ('test', '1', 'now')", &error));
  g_assert_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED);
  /* Still usable after the refusal. */
  value = read_secret (reader);
  g_assert_null (value);
  pb_storage_release_reader (storage, reader);

  g_assert_null (fixture_query_text (fixture, "SELECT value FROM server_secrets WHERE name = 'test'"));
}

/* A reader given back mid-transaction is a bug: reported, and rolled back
 * so that the next user does not read an old snapshot.
 */
static void
test_reader_released_in_transaction (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(PbStorage) storage = open_storage (fixture);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PbDb *reader = pb_storage_acquire_reader (storage);
  PbDb *writer;

  begin (reader);
  before = read_secret (reader);
  g_test_expect_message ("pb-server", G_LOG_LEVEL_CRITICAL, "*inside a transaction*");
  pb_storage_release_reader (storage, reader);
  g_test_assert_expected_messages ();

  writer = pb_storage_lock_writer (storage);
  write_secret (writer, "1");
  pb_storage_unlock_writer (storage, writer);

  reader = pb_storage_acquire_reader (storage);
  g_assert_false (pb_db_in_transaction (reader));
  after = read_secret (reader);
  pb_storage_release_reader (storage, reader);

  g_assert_null (before);
  g_assert_cmpstr (after, ==, "1");
}

static void
terminate_other_sessions (Fixture *fixture)
{
  fixture_exec (fixture,
                "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                "WHERE datname = current_database () AND pid <> pg_backend_pid ()");
}

/* PostgreSQL: a connection the server closed fails the statement that finds
 * it closed, then works again, settings included; one outage does not
 * leave the pool dead.
 */
static void
test_reconnects (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  PbDb *writer, *reader;

  if (fixture->database_url == NULL)
    {
      g_test_skip ("PostgreSQL only: an SQLite connection is a file");
      return;
    }

  storage = open_storage (fixture);
  writer = pb_storage_lock_writer (storage);
  reader = pb_storage_acquire_reader (storage);
  terminate_other_sessions (fixture);

  g_assert_false (pb_db_exec (writer, "SELECT 1", &error));
  g_assert_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED);
  g_clear_error (&error);
  write_secret (writer, "1");

  g_assert_false (pb_db_exec (reader, "SELECT 1", &error));
  g_clear_error (&error);
  value = read_secret (reader);
  g_assert_cmpstr (value, ==, "1");
  g_assert_false (pb_db_exec (reader, "DELETE FROM server_secrets", &error));
  g_assert_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED);

  pb_storage_release_reader (storage, reader);
  pb_storage_unlock_writer (storage, writer);
}

typedef struct
{
  PbStorage *storage;
  PbDb      *reader;
} Taker;

static gpointer
take_reader (gpointer data)
{
  Taker *taker = data;

  g_atomic_pointer_set (&taker->reader, pb_storage_acquire_reader (taker->storage));
  return NULL;
}

/* As many readers as workers, each its own connection; one more waits for
 * one to come back.
 */
static void
test_reader_pool_bounded (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PbStorage) storage = open_storage (fixture);
  PbDb *writer = pb_storage_lock_writer (storage);
  PbDb *readers[4];
  Taker taker = { storage, NULL };
  GThread *thread;

  pb_storage_unlock_writer (storage, writer);
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      readers[i] = pb_storage_acquire_reader (storage);
      g_assert_true (readers[i] != writer);
      for (guint j = 0; j < i; j++)
        g_assert_true (readers[i] != readers[j]);
    }

  thread = g_thread_new ("take-reader", take_reader, &taker);
  g_usleep (G_USEC_PER_SEC / 5);
  g_assert_null (g_atomic_pointer_get (&taker.reader));

  pb_storage_release_reader (storage, readers[2]);
  g_thread_join (thread);
  g_assert_true (taker.reader == readers[2]);

  readers[2] = taker.reader;
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    pb_storage_release_reader (storage, readers[i]);
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
  g_autofree char *hash = pb_password_hash ("Pix2026secret", FALSE, &error);
  g_autofree char *again = pb_password_hash ("Pix2026secret", FALSE, NULL);
  g_autofree char *fast = pb_password_hash ("Pix2026secret", TRUE, NULL);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$"));
  /* Salted: the same password never hashes the same way twice. */
  g_assert_cmpstr (hash, !=, again);
  g_assert_true (pb_password_verify (hash, "Pix2026secret"));
  g_assert_false (pb_password_verify (hash, "pix2026secret"));
  g_assert_false (pb_password_verify ("not a hash", "Pix2026secret"));
  /* The demos' cheap hashes are argon2id too, and verify the same way. */
  g_assert_true (g_str_has_prefix (fast, "$argon2id$v=19$m=8,t=1,"));
  g_assert_true (pb_password_verify (fast, "Pix2026secret"));
  g_assert_false (pb_password_verify (fast, "Pix2026secreT"));
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
  ADD ("/server/serve/closed-connections", test_serve_closed_connections);
  ADD ("/server/serve/client-gone", test_serve_client_gone);
  ADD ("/server/serve/bad-listen", test_serve_bad_listen);
  ADD ("/server/serve/https", test_serve_https);
  ADD ("/server/serve/tls-half-configured", test_serve_tls_half_configured);
  ADD ("/server/database/unsupported", test_database_unsupported);
#ifdef PB_HAVE_POSTGRESQL
  ADD ("/server/database/unreachable", test_database_unreachable);
#else
  ADD ("/server/database/unavailable", test_database_unavailable);
#endif
  ADD ("/server/storage/reader-beside-writer", test_reader_beside_writer);
  ADD ("/server/storage/reader-snapshot", test_reader_snapshot);
  ADD ("/server/storage/reader-read-only", test_reader_read_only);
  ADD ("/server/storage/reader-released-in-transaction", test_reader_released_in_transaction);
  ADD ("/server/storage/reader-pool-bounded", test_reader_pool_bounded);
  ADD ("/server/storage/reconnects", test_reconnects);
  g_test_add_func ("/server/password/rule", test_password_rule);
  g_test_add_func ("/server/password/hash", test_password_hash);

#undef ADD

  return g_test_run ();
}
