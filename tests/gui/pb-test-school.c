/* pb-test-school.c
 *
 * The demo school for UI tests. The server runs as its own process, as it
 * does for a school: the test talks to it over loopback HTTP through the
 * app's own PbAccount and PbSyncEngine, so a view under test shows a cache
 * filled exactly as the app fills it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>

#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "pb-test-gtk.h"
#include "pb-test-school.h"

#define SERVER_START_TIMEOUT_MS  30000
#define SERVER_STOP_TIMEOUT_MS   15000
#define SIGN_IN_TIMEOUT_MS       60000
#define SYNC_TIMEOUT_MS         180000
#define ADMIN_TIMEOUT_MS         30000

struct _PbTestSchool
{
  char        *server_data_dir;
  char        *cache_root;        /* temporary caches, removed at the end */
  GKeyFile    *accounts;
  char        *referent_email;
  char        *referent_password;
  char        *name;
  GSubprocess *process;
  char        *url;
  char        *listen;            /* host:port, to restart on the same address */
  char        *log_path;          /* the server's stderr */
};

/* ------------------------------------------------------------------ */
/* Waiting with a timeout                                              */

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
pb_test_school_wait_for (gboolean (*condition) (gpointer user_data),
                         gpointer   user_data,
                         guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint timeout;

  if (condition (user_data))
    return TRUE;

  timeout = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  while (!condition (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);

  return condition (user_data);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *)data != NULL;
}

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((int *)data) != 0;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

static gboolean
copy_flat_directory (const char  *from,
                     const char  *to,
                     GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source_path = g_build_filename (from, name, NULL);
      g_autofree char *target_path = g_build_filename (to, name, NULL);
      g_autoptr(GFile) source = g_file_new_for_path (source_path);
      g_autoptr(GFile) target = g_file_new_for_path (target_path);

      if (g_file_test (source_path, G_FILE_TEST_IS_DIR))
        continue;
      if (!g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The server process                                                  */

/* A test that aborts must not leave its server running. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

typedef struct
{
  char    *line;
  GError  *error;
  gboolean done;
} LineRead;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &read->error);
  read->done = TRUE;
}

static gboolean
line_read (gpointer data)
{
  return ((LineRead *)data)->done;
}

static char *
server_log (PbTestSchool *self)
{
  char *text = NULL;

  if (self->log_path == NULL || !g_file_get_contents (self->log_path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

static gboolean
start_server (PbTestSchool  *self,
              const char    *listen,
              GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *binary = g_getenv ("PB_SERVER_BINARY");
  LineRead read = { NULL, NULL, FALSE };
  int fd;

  if (binary == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "PB_SERVER_BINARY is not set");
      return FALSE;
    }

  if (self->log_path == NULL)
    {
      /* A file, not a pipe: the server logs a line per request, and an
       * unread pipe would fill up and block it. */
      fd = g_file_open_tmp ("pb-test-school-log-XXXXXX", &self->log_path, error);
      if (fd < 0)
        return FALSE;
      close (fd);
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, self->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, error, binary, "serve",
                                               "--data-dir", self->server_data_dir,
                                               "--listen", listen,
                                               NULL);
  if (self->process == NULL)
    return FALSE;

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancellable, read_line_cb, &read);
  if (!pb_test_school_wait_for (line_read, &read, SERVER_START_TIMEOUT_MS))
    {
      g_cancellable_cancel (cancellable);
      pb_test_school_wait_for (line_read, &read, SERVER_STOP_TIMEOUT_MS);
    }

  if (read.line == NULL || !g_str_has_prefix (read.line, "Listening on http"))
    {
      g_autofree char *log = server_log (self);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "The server did not start (%s): %s",
                   read.error != NULL ? read.error->message : (read.line != NULL ? read.line : "no output"),
                   log);
      g_clear_error (&read.error);
      g_free (read.line);
      g_subprocess_force_exit (self->process);
      g_clear_object (&self->process);
      return FALSE;
    }

  g_free (self->url);
  self->url = g_strdup (read.line + strlen ("Listening on "));
  g_free (read.line);
  return TRUE;
}

/* "http://127.0.0.1:PORT" → "127.0.0.1:PORT" */
static char *
listen_address (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return NULL;
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static gboolean
load_accounts (PbTestSchool  *self,
               GError       **error)
{
  g_autofree char *path = g_build_filename (self->server_data_dir, "demo-accounts.ini", NULL);

  self->accounts = g_key_file_new ();
  if (!g_key_file_load_from_file (self->accounts, path, G_KEY_FILE_NONE, error))
    return FALSE;

  self->referent_email = g_key_file_get_string (self->accounts, "school", "referent", error);
  if (self->referent_email == NULL)
    return FALSE;
  self->referent_password = g_key_file_get_string (self->accounts, self->referent_email, "password", error);
  if (self->referent_password == NULL)
    return FALSE;
  self->name = g_key_file_get_string (self->accounts, "school", "name", NULL);
  return TRUE;
}

PbTestSchool *
pb_test_school_new (GError **error)
{
  g_autoptr(PbTestSchool) self = g_new0 (PbTestSchool, 1);
  const char *demo_dir = g_getenv ("PB_DEMO_SCHOOL_DIR");

  if (demo_dir == NULL || !g_file_test (demo_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "PB_DEMO_SCHOOL_DIR (%s) is not the demo school's directory",
                   demo_dir != NULL ? demo_dir : "unset");
      return NULL;
    }

  self->server_data_dir = g_dir_make_tmp ("pb-test-school-XXXXXX", error);
  if (self->server_data_dir == NULL)
    return NULL;
  self->cache_root = g_dir_make_tmp ("pb-test-cache-XXXXXX", error);
  if (self->cache_root == NULL)
    return NULL;

  if (!copy_flat_directory (demo_dir, self->server_data_dir, error) ||
      !load_accounts (self, error) ||
      !start_server (self, "127.0.0.1:0", error))
    return NULL;

  self->listen = listen_address (self->url);
  return g_steal_pointer (&self);
}

void
pb_test_school_free (PbTestSchool *self)
{
  if (self == NULL)
    return;

  if (self->process != NULL)
    pb_test_school_stop_server (self, NULL);

  pb_test_remove_tree (self->server_data_dir);
  pb_test_remove_tree (self->cache_root);
  if (self->log_path != NULL)
    g_unlink (self->log_path);

  g_clear_pointer (&self->accounts, g_key_file_unref);
  g_free (self->server_data_dir);
  g_free (self->cache_root);
  g_free (self->referent_email);
  g_free (self->referent_password);
  g_free (self->name);
  g_free (self->url);
  g_free (self->listen);
  g_free (self->log_path);
  g_free (self);
}

const char *
pb_test_school_get_url (PbTestSchool *self)
{
  return self->url;
}

const char *
pb_test_school_get_server_data_dir (PbTestSchool *self)
{
  return self->server_data_dir;
}

const char *
pb_test_school_get_referent_email (PbTestSchool *self)
{
  return self->referent_email;
}

const char *
pb_test_school_get_referent_password (PbTestSchool *self)
{
  return self->referent_password;
}

const char *
pb_test_school_get_password (PbTestSchool *self,
                             const char   *email)
{
  g_autofree char *password = g_key_file_get_string (self->accounts, email, "password", NULL);

  if (password == NULL)
    return NULL;
  /* Interned: the caller gets a string that lives as long as the test. */
  return g_intern_string (password);
}

const char *
pb_test_school_get_name (PbTestSchool *self)
{
  return self->name;
}

/* ------------------------------------------------------------------ */
/* Signing in and syncing                                              */

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

PbAccount *
pb_test_school_sign_in_as (PbTestSchool  *self,
                           const char    *email,
                           const char    *data_dir,
                           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PbAccount) account = NULL;
  g_autofree char *own_dir = NULL;
  const char *password = pb_test_school_get_password (self, email);

  if (password == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No demo account %s", email);
      return NULL;
    }

  if (data_dir == NULL)
    {
      own_dir = g_build_filename (self->cache_root, "cache-XXXXXX", NULL);
      if (g_mkdtemp (own_dir) == NULL)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s", own_dir, g_strerror (errno));
          return NULL;
        }
      data_dir = own_dir;
    }

  pb_account_sign_in_async (self->url, email, password, data_dir, cancellable, sign_in_cb, &result);
  if (!pb_test_school_wait_for (pointer_set, &result, SIGN_IN_TIMEOUT_MS))
    {
      g_cancellable_cancel (cancellable);
      pb_test_school_wait_for (pointer_set, &result, SERVER_STOP_TIMEOUT_MS);
      if (result == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Signing in as %s timed out", email);
          return NULL;
        }
    }

  account = pb_account_sign_in_finish (result, error);
  if (account == NULL)
    return NULL;

  if (!pb_test_school_sync (account, error))
    return NULL;

  return g_steal_pointer (&account);
}

PbAccount *
pb_test_school_sign_in (PbTestSchool  *self,
                        const char    *data_dir,
                        GError       **error)
{
  return pb_test_school_sign_in_as (self, self->referent_email, data_dir, error);
}

typedef struct
{
  PbSyncEngine *engine;
  GCancellable *cancellable;
  GError       *error;
  gboolean      ok;
  int           done;
} SyncRun;

static gpointer
sync_thread (gpointer data)
{
  SyncRun *run = data;

  run->ok = pb_sync_engine_run_once (run->engine, run->cancellable, &run->error);
  g_atomic_int_set (&run->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

gboolean
pb_test_school_sync (PbAccount  *account,
                     GError    **error)
{
  SyncRun run = { NULL, NULL, NULL, FALSE, 0 };
  GThread *thread;

  run.engine = g_object_ref (pb_account_get_sync_engine (account));
  run.cancellable = g_cancellable_new ();
  thread = g_thread_new ("pb-test-sync", sync_thread, &run);

  if (!pb_test_school_wait_for (flag_set, &run.done, SYNC_TIMEOUT_MS))
    {
      /* The thread must end before run goes out of scope. */
      g_cancellable_cancel (run.cancellable);
      pb_test_school_wait_for (flag_set, &run.done, SYNC_TIMEOUT_MS);
    }
  g_thread_join (thread);

  /* Deliver what the sync's last writes queued (::changed, ::notify). */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_object_unref (run.engine);
  g_object_unref (run.cancellable);
  if (!run.ok)
    {
      if (run.error != NULL)
        g_propagate_error (error, run.error);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The sync failed without an error");
      return FALSE;
    }
  g_clear_error (&run.error);
  return TRUE;
}

char *
pb_test_school_get_organization_id (PbAccount  *account,
                                    GError    **error)
{
  g_autoptr(GPtrArray) organizations = NULL;
  PbStoreOrganization *organization;

  organizations = pb_store_list_organizations (pb_account_get_store (account), error);
  if (organizations == NULL)
    return NULL;
  if (organizations->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The account has no organization");
      return NULL;
    }

  organization = g_ptr_array_index (organizations, 0);
  return g_strdup (organization->id);
}

/* ------------------------------------------------------------------ */
/* More organizations                                                  */

typedef struct
{
  char    *out;
  char    *err;
  GError  *error;
  gboolean done;
} Communicated;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicated *communicated = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &communicated->out, &communicated->err,
                                        &communicated->error);
  communicated->done = TRUE;
}

static gboolean
communicated_done (gpointer data)
{
  return ((Communicated *)data)->done;
}

/* `pix-bureau-server admin COMMAND --data-dir DIR ARGS…` on the school's
 * data; returns its standard output, stripped. */
static char *
run_admin (PbTestSchool  *self,
           const char    *command,
           GError       **error,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Communicated communicated = { NULL, NULL, NULL, FALSE };
  const char *binary = g_getenv ("PB_SERVER_BINARY");
  const char *arg;
  va_list args;

  if (binary == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "PB_SERVER_BINARY is not set");
      return NULL;
    }

  g_ptr_array_add (argv, (gpointer)binary);
  g_ptr_array_add (argv, (gpointer)"admin");
  g_ptr_array_add (argv, (gpointer)command);
  g_ptr_array_add (argv, (gpointer)"--data-dir");
  g_ptr_array_add (argv, self->server_data_dir);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *)argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
  if (process == NULL)
    return NULL;

  g_subprocess_communicate_utf8_async (process, NULL, cancellable, communicate_cb, &communicated);
  if (!pb_test_school_wait_for (communicated_done, &communicated, ADMIN_TIMEOUT_MS))
    {
      g_subprocess_force_exit (process);
      g_cancellable_cancel (cancellable);
      pb_test_school_wait_for (communicated_done, &communicated, SERVER_STOP_TIMEOUT_MS);
      g_clear_error (&communicated.error);
      g_free (communicated.out);
      g_free (communicated.err);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "admin %s timed out", command);
      return NULL;
    }

  if (communicated.error != NULL)
    {
      g_propagate_error (error, communicated.error);
      g_free (communicated.out);
      g_free (communicated.err);
      return NULL;
    }
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "admin %s failed: %s", command,
                   communicated.err != NULL ? communicated.err : "");
      g_free (communicated.out);
      g_free (communicated.err);
      return NULL;
    }

  g_free (communicated.err);
  return g_strstrip (communicated.out != NULL ? communicated.out : g_strdup (""));
}

char *
pb_test_school_add_organization (PbTestSchool  *self,
                                 PbAccount     *account,
                                 const char    *name,
                                 const char    *type,
                                 GError       **error)
{
  g_autofree char *output = NULL;
  g_autofree char *added = NULL;
  g_autoptr(PbStoreOrganization) cached = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (name != NULL && type != NULL, NULL);

  /* Prints the organization's id (then its centre's, when asked for). */
  output = run_admin (self, "create-organization", error, "--name", name, "--type", type, NULL);
  if (output == NULL)
    return NULL;
  ids = g_strsplit (output, "\n", -1);
  if (ids[0] == NULL || *ids[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "admin create-organization printed no id");
      return NULL;
    }

  added = run_admin (self, "add-member", error, "--organization", ids[0], "--email", self->referent_email,
                     "--role", "ADMIN", NULL);
  if (added == NULL)
    return NULL;

  if (account == NULL)
    return g_strdup (ids[0]);

  if (!pb_test_school_sync (account, error))
    return NULL;
  cached = pb_store_get_organization (pb_account_get_store (account), ids[0], error);
  if (cached == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The sync did not bring organization %s", ids[0]);
      return NULL;
    }

  return g_strdup (ids[0]);
}

/* ------------------------------------------------------------------ */
/* Offline                                                             */

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  int *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_atomic_int_set (done, 1);
}

gboolean
pb_test_school_stop_server (PbTestSchool  *self,
                            GError       **error)
{
  int done = 0;

  if (self->process == NULL)
    return TRUE;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait_async (self->process, NULL, wait_cb, &done);
  if (!pb_test_school_wait_for (flag_set, &done, SERVER_STOP_TIMEOUT_MS))
    {
      g_subprocess_force_exit (self->process);
      pb_test_school_wait_for (flag_set, &done, SERVER_STOP_TIMEOUT_MS);
      g_clear_object (&self->process);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           "The server did not stop on SIGTERM; killed");
      return FALSE;
    }

  g_clear_object (&self->process);
  return TRUE;
}

gboolean
pb_test_school_restart_server (PbTestSchool  *self,
                               GError       **error)
{
  if (self->process != NULL && !pb_test_school_stop_server (self, error))
    return FALSE;
  return start_server (self, self->listen, error);
}
