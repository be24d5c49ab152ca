/* pb-demo-host.c
 *
 * Serves a copy of the demo school (built with the app: BUILD/data/demo or
 * PKGDATADIR/demo-school) with the server's own code, on 127.0.0.1 and a
 * port the system picks. The copy lives in a temporary directory, so the
 * demo starts from the same school every time and whatever a visitor does
 * to it is gone at the end; the app keeps the demo account's cache there
 * too (DIR/app), away from the user's real account.
 *
 * The server runs in a thread of its own, on its own GMainContext: the GTK
 * main loop stays free, and the server's main-loop work (answers, the
 * workers' completions) never waits behind a redraw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pb-demo-host.h"
#include "pb-demo.h"
#include "pb-server-log.h"
#include "pb-server.h"
#include "pb-storage.h"

/* The server finishes the requests in flight when it stops; past this it
 * is abandoned rather than holding the application's exit. */
#define STOP_TIMEOUT_MS 5000

struct _PbDemoHost
{
  GObject       parent_instance;

  char         *dir;             /* the temporary directory */
  char         *school_dir;      /* DIR/school: the server's data directory */
  char         *url;
  char         *referent_email;
  char         *referent_password;
  char         *school_name;

  GThread      *thread;
  GMainContext *context;
  gint          quit;            /* atomic: the server thread must stop */

  /* Guards what the starting worker, the server thread and stop share. */
  GMutex        lock;
  GCond         cond;
  gboolean      ready;           /* the server thread listens, or failed to */
  GError       *serve_error;
  gboolean      starting;
  gboolean      working;         /* the start's worker still runs */
  gboolean      stopped;
};

G_DEFINE_FINAL_TYPE (PbDemoHost, pb_demo_host, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-demo-host-error-quark, pb_demo_host_error)

static const char *
source_dir (void)
{
  const char *dir = g_getenv ("PB_DEMO_SCHOOL_DIR");

  return dir != NULL && *dir != '\0' ? dir : DEMO_SCHOOL_DIR;
}

static gboolean
copy_tree (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if ((dir = g_dir_open (from, 0, error)) == NULL)
    return FALSE;

  if (g_mkdir_with_parents (to, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", to, g_strerror (saved_errno));
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        {
          if (!copy_tree (source, target, error))
            return FALSE;
        }
      else
        {
          g_autoptr(GFile) source_file = g_file_new_for_path (source);
          g_autoptr(GFile) target_file = g_file_new_for_path (target);

          if (!g_file_copy (source_file, target_file, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
            return FALSE;
        }
    }

  return TRUE;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  if (g_remove (path) != 0 && errno != ENOENT)
    g_warning ("Could not remove %s: %s", path, g_strerror (errno));
}

/* The accounts file the demo build writes beside the database: who the
 * referent is, and the demo passwords (nothing real). */
static gboolean
read_accounts (PbDemoHost  *self,
               GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = g_build_filename (self->school_dir, PB_DEMO_ACCOUNTS_FILE, NULL);
  g_autofree char *email = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error) ||
      (email = g_key_file_get_string (file, "school", "referent", error)) == NULL ||
      (self->referent_password = g_key_file_get_string (file, email, "password", error)) == NULL)
    return FALSE;

  self->referent_email = g_steal_pointer (&email);
  self->school_name = g_key_file_get_string (file, "school", "name", NULL);
  return TRUE;
}

static gboolean
stop_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
signal_ready (PbDemoHost *self,
              GError     *error)
{
  g_mutex_lock (&self->lock);
  self->serve_error = error;
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gpointer
server_thread (gpointer data)
{
  PbDemoHost *self = data;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(PbServer) server = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  PbServerSettings settings;
  gboolean timed_out = FALSE;
  GSource *timeout;

  g_main_context_push_thread_default (self->context);

  pb_server_settings_init_default (&settings);
  if ((storage = pb_storage_open (self->school_dir, NULL, &error)) == NULL ||
      !pb_storage_migrate (storage, NULL, &error) ||
      (server = pb_server_new (storage, &settings, NULL, &error)) == NULL ||
      (uri = pb_server_listen (server, loopback, 0, &error)) == NULL)
    {
      signal_ready (self, g_steal_pointer (&error));
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }

  self->url = g_uri_to_string (uri);
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  signal_ready (self, NULL);

  /* Not a GMainLoop: a quit asked before its run began would be lost. */
  while (!g_atomic_int_get (&self->quit))
    g_main_context_iteration (self->context, TRUE);

  pb_server_shutdown (server);
  timeout = g_timeout_source_new (STOP_TIMEOUT_MS);
  g_source_set_callback (timeout, stop_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, self->context);
  while (!pb_server_is_stopped (server) && !timed_out)
    g_main_context_iteration (self->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  if (timed_out)
    g_warning ("The demo server did not stop within %d ms", STOP_TIMEOUT_MS);

  g_clear_object (&server);
  g_clear_object (&storage);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static void
start_work (GTask      *task,
            PbDemoHost *self,
            const char *from,
            const char *accounts)
{
  g_autoptr(GError) error = NULL;
  gboolean stopped;

  if (!g_file_test (accounts, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_new_error (task, PB_DEMO_HOST_ERROR, PB_DEMO_HOST_ERROR_NO_SCHOOL,
                               _("The demo school was not found in %s. Reinstall Pix Bureau, or set PB_DEMO_SCHOOL_DIR to the folder of a demo school."),
                               from);
      return;
    }

  if (!copy_tree (from, self->school_dir, &error) || !read_accounts (self, &error))
    {
      g_task_return_new_error (task, PB_DEMO_HOST_ERROR, PB_DEMO_HOST_ERROR_FAILED,
                               _("The demo school could not be prepared: %s"), error->message);
      return;
    }

  g_mutex_lock (&self->lock);
  stopped = self->stopped;
  if (!stopped)
    self->thread = g_thread_new ("pb-demo-server", server_thread, self);
  while (!self->stopped && !self->ready)
    g_cond_wait (&self->cond, &self->lock);
  stopped = self->stopped;
  g_mutex_unlock (&self->lock);

  if (stopped)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The demo was stopped while it started");
      return;
    }

  if (self->serve_error != NULL)
    {
      g_task_return_new_error (task, PB_DEMO_HOST_ERROR, PB_DEMO_HOST_ERROR_FAILED,
                               _("The demo server could not start: %s"), self->serve_error->message);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* In a worker: the copy and the wait for the server's port would freeze
 * the window for a moment. */
static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PbDemoHost *self = source_object;
  const char *from = source_dir ();
  g_autofree char *accounts = g_build_filename (from, PB_DEMO_ACCOUNTS_FILE, NULL);

  start_work (task, self, from, accounts);

  /* A stop waits for this: it then owns the directory. */
  g_mutex_lock (&self->lock);
  self->working = FALSE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static void
pb_demo_host_finalize (GObject *object)
{
  PbDemoHost *self = (PbDemoHost *)object;

  pb_demo_host_stop (self);

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->school_dir, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->referent_email, g_free);
  g_clear_pointer (&self->referent_password, g_free);
  g_clear_pointer (&self->school_name, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->serve_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (pb_demo_host_parent_class)->finalize (object);
}

static void
pb_demo_host_class_init (PbDemoHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_demo_host_finalize;
}

static void
pb_demo_host_init (PbDemoHost *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
}

PbDemoHost *
pb_demo_host_new (void)
{
  return g_object_new (PB_TYPE_DEMO_HOST, NULL);
}

/**
 * pb_demo_host_start_async:
 *
 * Copies the demo school into a new temporary directory and starts serving
 * it. A host starts once.
 */
void
pb_demo_host_start_async (PbDemoHost          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PB_IS_DEMO_HOST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_demo_host_start_async);

  if (self->starting || self->stopped)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "A demo host starts only once");
      return;
    }
  self->starting = TRUE;

  /* The request lines of a busy demo would flood the terminal. */
  pb_server_log_set_info_enabled (FALSE);

  if ((self->dir = g_dir_make_tmp ("pix-bureau-demo-XXXXXX", &error)) == NULL)
    {
      g_task_return_new_error (task, PB_DEMO_HOST_ERROR, PB_DEMO_HOST_ERROR_FAILED,
                               _("The demo school could not be prepared: %s"), error->message);
      return;
    }
  self->school_dir = g_build_filename (self->dir, "school", NULL);

  self->working = TRUE;
  g_task_run_in_thread (task, start_thread);
}

gboolean
pb_demo_host_start_finish (PbDemoHost    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether the server listens (started and not stopped). */
gboolean
pb_demo_host_is_running (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), FALSE);

  return self->url != NULL && !self->stopped;
}

/* The server's address, such as http://127.0.0.1:41234; NULL before the
 * start finished. */
const char *
pb_demo_host_get_url (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), NULL);

  return self->url;
}

const char *
pb_demo_host_get_referent_email (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), NULL);

  return self->referent_email;
}

const char *
pb_demo_host_get_referent_password (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), NULL);

  return self->referent_password;
}

/* The school's name, such as "Lycée Marie Curie (démo)", or NULL. */
const char *
pb_demo_host_get_school_name (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), NULL);

  return self->school_name;
}

/* The temporary directory, removed by pb_demo_host_stop(). */
const char *
pb_demo_host_get_dir (PbDemoHost *self)
{
  g_return_val_if_fail (PB_IS_DEMO_HOST (self), NULL);

  return self->dir;
}

/**
 * pb_demo_host_stop:
 *
 * Stops the server (it finishes the requests in flight), waits for its
 * thread and deletes the temporary directory with everything in it.
 * Blocks; safe to call more than once, and while the start still runs.
 */
void
pb_demo_host_stop (PbDemoHost *self)
{
  GThread *thread;

  g_return_if_fail (PB_IS_DEMO_HOST (self));

  g_mutex_lock (&self->lock);
  if (self->stopped)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->stopped = TRUE;
  g_cond_broadcast (&self->cond);
  /* A start in progress sees the stop and gives up: wait for it, so the
   * directory is not removed under a copy. */
  while (self->working)
    g_cond_wait (&self->cond, &self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);

  if (thread != NULL)
    {
      g_atomic_int_set (&self->quit, TRUE);
      g_main_context_wakeup (self->context);
      g_thread_join (thread);
    }

  if (self->dir != NULL)
    remove_tree (self->dir);
}
