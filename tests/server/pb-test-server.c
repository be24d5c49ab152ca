/* pb-test-server.c
 *
 * Every test runs on SQLite in its data directory, or, when
 * PB_TEST_POSTGRES_URL names the maintenance database of a PostgreSQL
 * cluster (tests/server/with-postgres sets one up), on a database of its own
 * in that cluster: the same tests then check both engines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#ifdef PB_HAVE_POSTGRESQL
#include <libpq-fe.h>
#endif

#include "pb-test-server.h"

#define SQLITE_FILE_NAME "pix-bureau.sqlite"

/* The database of the test running now, which every subcommand run gets:
 * run_argv() takes no fixture, and GLib runs one test at a time.
 */
static const char *current_database_url;

void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static const char *
server_binary (void)
{
  const char *path = g_getenv ("PB_SERVER_BINARY");

  g_assert_nonnull (path);
  return path;
}

static const char *
maintenance_url (void)
{
  const char *url = g_getenv ("PB_TEST_POSTGRES_URL");

  return url != NULL && *url != '\0' ? url : NULL;
}

#ifdef PB_HAVE_POSTGRESQL

static void
ignore_notice (void       *user_data,
               const char *message)
{
}

/* Runs @sql on the database at @url and returns the first column of its
 * first row, if any. Any failure fails the test.
 */
static char *
postgres_query (const char *url,
                const char *sql)
{
  PGconn *conn = PQconnectdb (url);
  PGresult *result;
  ExecStatusType status;
  char *value = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Cannot connect to %s: %s", url, PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, ignore_notice, NULL);

  result = PQexec (conn, sql);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  if (PQntuples (result) > 0 && PQnfields (result) > 0 && !PQgetisnull (result, 0, 0))
    value = g_strdup (PQgetvalue (result, 0, 0));

  PQclear (result);
  PQfinish (conn);
  return value;
}

/* The maintenance URL with another database:
 * postgresql://user@host:port/postgres?options → …/NAME?options
 */
static char *
url_with_database (const char *url,
                   const char *name)
{
  const char *authority = strstr (url, "://");
  const char *path, *query;

  g_assert_nonnull (authority);
  authority += strlen ("://");
  path = authority + strcspn (authority, "/?");
  query = path + strcspn (path, "?");

  return g_strdup_printf ("%.*s/%s%s", (int)(path - url), url, name, query);
}

static void
create_database (Fixture    *fixture,
                 const char *maintenance)
{
  g_autofree char *sql = NULL;

  /* Random, so that test programs sharing one cluster never collide. */
  fixture->database_name = g_strdup_printf ("pb_test_%08x%08x", g_random_int (), g_random_int ());
  sql = g_strdup_printf ("CREATE DATABASE %s", fixture->database_name);
  g_free (postgres_query (maintenance, sql));
  fixture->database_url = url_with_database (maintenance, fixture->database_name);
}

/* FORCE: a backend of a server that just exited may not have ended yet. */
static void
drop_database (Fixture    *fixture,
               const char *maintenance)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", fixture->database_name);

  g_free (postgres_query (maintenance, sql));
}

#else

static void
create_database (Fixture    *fixture,
                 const char *maintenance)
{
  g_error ("PB_TEST_POSTGRES_URL is set, but this build has no PostgreSQL driver (-Dpostgresql)");
}

static void
drop_database (Fixture    *fixture,
               const char *maintenance)
{
}

#endif

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *maintenance = maintenance_url ();

  fixture->data_dir = g_dir_make_tmp ("pb-server-XXXXXX", NULL);
  g_assert_nonnull (fixture->data_dir);

  if (maintenance != NULL)
    create_database (fixture, maintenance);
  current_database_url = fixture->database_url;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->database_name != NULL)
    drop_database (fixture, maintenance_url ());
  current_database_url = NULL;

  remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free (fixture->database_name);
  g_free (fixture->database_url);
}

static char *
sqlite_query (Fixture    *fixture,
              const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, SQLITE_FILE_NAME, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  /* Without CREATE: a test looking for data where none was written fails. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/**
 * fixture_query_text:
 *
 * Runs @sql on the test's database, whichever engine it is on.
 *
 * Returns: (nullable): the first column of the first row, if any
 */
char *
fixture_query_text (Fixture    *fixture,
                    const char *sql)
{
#ifdef PB_HAVE_POSTGRESQL
  if (fixture->database_url != NULL)
    return postgres_query (fixture->database_url, sql);
#endif

  return sqlite_query (fixture, sql);
}

/* Runs @sql, which must succeed, on the test's database. */
void
fixture_exec (Fixture    *fixture,
              const char *sql)
{
  g_free (fixture_query_text (fixture, sql));
}

/* A test that gives its own --database (to check how one is refused) keeps
 * it; every other run goes to the test's database.
 */
static void
add_database_option (GPtrArray *argv)
{
  for (guint i = 0; i < argv->len; i++)
    {
      const char *arg = g_ptr_array_index (argv, i);

      if (strcmp (arg, "--database") == 0 || g_str_has_prefix (arg, "--database="))
        return;
    }

  if (current_database_url != NULL)
    {
      g_ptr_array_add (argv, (gpointer)"--database");
      g_ptr_array_add (argv, (gpointer)current_database_url);
    }
}

/* Runs the server binary with @args (NULL-terminated, without the binary)
 * and the test's --database, and @input on stdin. The input comes from a file, not a pipe: a command
 * that refuses its options exits before reading it, and writing into a
 * pipe nobody reads would kill the test with SIGPIPE.
 */
void
run_argv (Result             *result,
          const char         *input,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  int fd;

  fd = g_file_open_tmp ("pb-input-XXXXXX", &input_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (input_path, input != NULL ? input : "", -1, NULL));

  g_ptr_array_add (argv, (gpointer)server_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  add_database_option (argv);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  g_unlink (input_path);
}

void
run (Result      *result,
     const char  *input,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_argv (result, input, (const char * const *)args->pdata);
}

/* A test that aborts must not leave its server running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts `serve`; @extra: more arguments, NULL-terminated. */
void
server_start (Server     *server,
              Fixture    *fixture,
              const char *listen,
              ...)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;
  int fd;

  g_ptr_array_add (argv, (gpointer)server_binary ());
  g_ptr_array_add (argv, (gpointer)"serve");
  g_ptr_array_add (argv, (gpointer)"--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  g_ptr_array_add (argv, (gpointer)"--listen");
  g_ptr_array_add (argv, (gpointer)listen);
  va_start (args, listen);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  add_database_option (argv);
  g_ptr_array_add (argv, NULL);

  /* The server logs a line per request: into a file, which never fills up
   * and blocks it the way an unread pipe would. */
  fd = g_file_open_tmp ("pb-server-log-XXXXXX", &server->log_path, &error);
  g_assert_no_error (error);
  close (fd);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  /* server_stop() reads the rest of stdout: keep the pipe open. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http"));
  server->base_url = g_strdup (line + strlen ("Listening on "));
}

/* What the server wrote on stderr so far. */
char *
server_read_log (Server *server)
{
  char *text = NULL;

  if (!g_file_get_contents (server->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

char *
server_stop (Server *server,
             int     signal_number)
{
  g_autoptr(GError) error = NULL;
  char *log;

  g_subprocess_send_signal (server->process, signal_number);
  g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  log = server_read_log (server);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_unlink (server->log_path);
  g_clear_pointer (&server->log_path, g_free);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);
  return log;
}

JsonObject *
first_error (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_ref (json_array_get_object_element (json_object_get_array_member (root, "errors"), 0));
}

/**
 * run_admin:
 *
 * Runs "pix-bureau-server admin FIRST … --data-dir DIR" with @input on
 * stdin and asserts it succeeds.
 *
 * Returns: (transfer full): its standard output, without the last newline
 */
char *
run_admin (Fixture    *fixture,
           const char *input,
           const char *first,
           ...)
{
  g_auto(Result) result = { 0 };
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (gpointer)"admin");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, (gpointer)"--data-dir");
  g_ptr_array_add (args, fixture->data_dir);
  g_ptr_array_add (args, NULL);

  run_argv (&result, input, (const char * const *)args->pdata);
  if (result.status != 0)
    g_printerr ("admin %s failed: %s\n", first, result.err);
  g_assert_cmpint (result.status, ==, 0);
  return g_strdup (g_strchomp (result.out));
}
