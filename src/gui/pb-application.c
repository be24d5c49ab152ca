/* pb-application.c
 *
 * The application owns the signed-in account (its cache, API client and
 * sync engine) and, with `--demo`, the in-process demo server: windows only
 * show them. It restores the last account at start, signs in and out for
 * the windows, and on quit (Ctrl+Q, closing the last window, SIGINT,
 * SIGTERM) stops the sync, then the demo server, and removes the demo's
 * temporary directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "pb-application.h"
#include "pb-gui-resources.h"
#include "pb-window.h"

/* On quit, the demo account signs out (its refresh token leaves the
 * Secret Service) unless the loopback server takes longer than this. */
#define DEMO_SIGN_OUT_TIMEOUT_MS 3000

struct _PbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  PbAccount      *account;
  PbDemoHost     *demo_host;
  char           *data_dir;       /* NULL: $XDG_DATA_HOME/pix-bureau */
  GCancellable   *cancellable;

  gboolean        demo_requested; /* --demo */
  gboolean        started;        /* the first window restored or started the demo */
  gboolean        restoring;      /* the last account is being read back */
  guint           sigint_source;
  guint           sigterm_source;
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const GOptionEntry option_entries[] = {
  { "demo", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Try Pix Bureau on a demo school served by this computer"), NULL },
  { NULL }
};

/**
 * pb_application_setup_i18n:
 *
 * Binds the translations. An uninstalled build (tests, `meson devenv`) finds
 * its compiled catalogues through `PB_LOCALEDIR`, since the build tree's
 * `po/` has the `<lang>/LC_MESSAGES/pix-bureau.mo` layout gettext expects.
 */
void
pb_application_setup_i18n (void)
{
  const char *localedir = g_getenv ("PB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
set_account (PbApplication *self,
             PbAccount     *account)
{
  if (self->account == account)
    return;

  g_set_object (&self->account, account);
  if (account != NULL)
    pb_sync_engine_start (pb_account_get_sync_engine (account));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (PB_IS_WINDOW (l->data))
        pb_window_set_account (l->data, account);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT]);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* AdwAboutWindow has no from-appdata constructor before libadwaita 1.5. */
  adw_show_about_window (parent,
                         "application-name", _("Pix Bureau"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Pix Bureau team"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Follow your learners' digital competences with Pix: classes, campaigns, profiles and certification sessions, online or offline."),
                         "website", "https://pixbureau.fr",
                         "copyright", _("© 2026 The Pix Bureau team"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows;

  /* Closing each window the way its close button does saves its state
   * (PbWindow does it in ::close-request); gtk_window_destroy() or quitting
   * directly would skip that. Closing a window removes it from the
   * application's list, so walk a referenced copy.
   */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (app)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  g_application_quit (app);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

/* SIGINT (Ctrl+C in the terminal) and SIGTERM quit like Ctrl+Q, so the demo
 * server stops and its temporary directory goes. */
static gboolean
quit_signal_cb (gpointer user_data)
{
  PbApplication *self = user_data;

  g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
restore_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PbApplication) self = user_data;
  g_autoptr(PbAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = pb_account_restore_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not restore the last account: %s", error->message);

  /* A sign-in that finished first wins. The account goes to the windows
   * before they stop waiting for it, so none shows the welcome page in
   * between. */
  if (account != NULL && self->account == NULL)
    set_account (self, account);
  self->restoring = FALSE;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PB_IS_WINDOW (l->data))
      pb_window_set_restoring (l->data, FALSE);
}

static gint
pb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  PbApplication *self = PB_APPLICATION (application);

  if (g_variant_dict_contains (options, "demo"))
    {
      self->demo_requested = TRUE;
      /* The demo runs in a process of its own, beside the user's own
       * Pix Bureau if it is open, rather than raising that one. */
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
pb_application_startup (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  self->sigint_source = g_unix_signal_add (SIGINT, quit_signal_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
}

static void
pb_application_activate (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (pb_window_new (ADW_APPLICATION (self), self->settings));
      pb_window_set_account (PB_WINDOW (window), self->account);
    }

  if (!self->started)
    {
      self->started = TRUE;
      if (self->demo_requested)
        pb_window_start_demo (PB_WINDOW (window));
      else
        {
          self->restoring = TRUE;
          pb_account_restore_async (self->data_dir, self->cancellable, restore_cb, g_object_ref (self));
        }
    }

  /* Before the first frame: a signed-in person never sees the sign-in
   * form while the account is read back. */
  pb_window_set_restoring (PB_WINDOW (window), self->restoring);
  gtk_window_present (window);
}

static void
demo_signed_out_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  gboolean *done = user_data;

  pb_account_sign_out_finish (PB_ACCOUNT (source), result, NULL);
  *done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* The demo account is thrown away with the demo: sign it out while its
 * server still runs, so its refresh token does not stay in the Secret
 * Service. The main loop has ended: iterate here, for a bounded time. */
static void
sign_out_demo_account (PbApplication *self)
{
  gboolean *done = g_new0 (gboolean, 1);
  gboolean timed_out = FALSE;
  guint timeout;

  pb_account_sign_out_async (self->account, NULL, demo_signed_out_cb, done);
  timeout = g_timeout_add (DEMO_SIGN_OUT_TIMEOUT_MS, timeout_cb, &timed_out);
  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    {
      /* Abandoned: its callback may still come, and writes there. */
      g_warning ("The demo account did not sign out within %d ms", DEMO_SIGN_OUT_TIMEOUT_MS);
      return;
    }

  g_source_remove (timeout);
  g_free (done);
}

static void
pb_application_shutdown (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  if (self->account != NULL)
    {
      pb_sync_engine_stop (pb_account_get_sync_engine (self->account));
      if (self->demo_host != NULL && pb_demo_host_is_running (self->demo_host))
        sign_out_demo_account (self);
    }

  g_clear_object (&self->account);
  if (self->demo_host != NULL)
    pb_demo_host_stop (self->demo_host);

  G_APPLICATION_CLASS (pb_application_parent_class)->shutdown (application);
}

static void
pb_application_dispose (GObject *object)
{
  PbApplication *self = (PbApplication *)object;

  if (self->account != NULL)
    pb_sync_engine_stop (pb_account_get_sync_engine (self->account));
  g_clear_object (&self->account);
  if (self->demo_host != NULL)
    pb_demo_host_stop (self->demo_host);
  g_clear_object (&self->demo_host);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pb_application_parent_class)->dispose (object);
}

static void
pb_application_finalize (GObject *object)
{
  PbApplication *self = (PbApplication *)object;

  g_free (self->data_dir);

  G_OBJECT_CLASS (pb_application_parent_class)->finalize (object);
}

static void
pb_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbApplication *self = PB_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_application_dispose;
  object_class->finalize = pb_application_finalize;
  object_class->get_property = pb_application_get_property;

  app_class->handle_local_options = pb_application_handle_local_options;
  app_class->startup = pb_application_startup;
  app_class->activate = pb_application_activate;
  app_class->shutdown = pb_application_shutdown;

  /**
   * PbApplication:account:
   *
   * The signed-in account, or %NULL: windows show the welcome page then.
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PB_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_application_init (PbApplication *self)
{
  /* Referencing the resource keeps the static library's object file, and
   * the constructor that registers it, in the final binary.
   */
  (void)pb_gui_get_resource ();
  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

PbApplication *
pb_application_new (void)
{
  /* The resource base path stays the same in the Devel profile, whose app
   * id differs.
   */
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * pb_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
pb_application_get_settings (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * pb_application_get_account:
 *
 * Returns: (transfer none) (nullable): the signed-in account
 */
PbAccount *
pb_application_get_account (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->account;
}

/**
 * pb_application_get_demo_host:
 *
 * Returns: (transfer none) (nullable): the demo server, once a demo started
 */
PbDemoHost *
pb_application_get_demo_host (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->demo_host;
}

/* Where real accounts keep their caches; NULL for $XDG_DATA_HOME/pix-bureau.
 * For tests: set it before the first window. */
void
pb_application_set_data_dir (PbApplication *self,
                             const char    *data_dir)
{
  g_return_if_fail (PB_IS_APPLICATION (self));

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbApplication *self = g_task_get_source_object (task);
  g_autoptr(PbAccount) account = NULL;
  GError *error = NULL;

  if ((account = pb_account_sign_in_finish (result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  set_account (self, account);
  g_task_return_boolean (task, TRUE);
}

/**
 * pb_application_sign_in_async:
 *
 * Signs in to @server_url (normalized) and, on success, makes the account
 * the application's: windows show it and its sync starts.
 */
void
pb_application_sign_in_async (PbApplication       *self,
                              const char          *server_url,
                              const char          *email,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_APPLICATION (self));
  g_return_if_fail (server_url != NULL && email != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_application_sign_in_async);
  pb_account_sign_in_async (server_url, email, password, self->data_dir,
                            cancellable, sign_in_cb, task);
}

gboolean
pb_application_sign_in_finish (PbApplication  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
demo_sign_in (GTask *task)
{
  PbApplication *self = g_task_get_source_object (task);
  g_autofree char *data_dir = NULL;

  /* The demo account's cache goes with the demo, never beside the user's
   * real one. */
  data_dir = g_build_filename (pb_demo_host_get_dir (self->demo_host), "app", NULL);
  pb_account_sign_in_async (pb_demo_host_get_url (self->demo_host),
                            pb_demo_host_get_referent_email (self->demo_host),
                            pb_demo_host_get_referent_password (self->demo_host),
                            data_dir, g_task_get_cancellable (task), sign_in_cb, task);
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!pb_demo_host_start_finish (PB_DEMO_HOST (source), result, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  demo_sign_in (task);
}

/**
 * pb_application_start_demo_async:
 *
 * Serves the demo school in-process (once per run) and signs in to it as
 * its referent; the sync then fills the cache.
 */
void
pb_application_start_demo_async (PbApplication       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_application_start_demo_async);

  /* Signed out of the demo and back in: the same school, still served. */
  if (self->demo_host != NULL && pb_demo_host_is_running (self->demo_host))
    {
      demo_sign_in (task);
      return;
    }

  g_clear_object (&self->demo_host);
  self->demo_host = pb_demo_host_new ();
  pb_demo_host_start_async (self->demo_host, cancellable, demo_started_cb, task);
}

gboolean
pb_application_start_demo_finish (PbApplication  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!pb_account_sign_out_finish (PB_ACCOUNT (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pb_application_sign_out_async:
 *
 * Windows leave the account at once (back to the welcome page); then the
 * account revokes its token and purges its cache, unsent changes included:
 * ask first.
 */
void
pb_application_sign_out_async (PbApplication       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(PbAccount) account = NULL;
  GTask *task;

  g_return_if_fail (PB_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_application_sign_out_async);

  if (self->account == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  account = g_object_ref (self->account);
  set_account (self, NULL);
  pb_account_sign_out_async (account, cancellable, signed_out_cb, task);
}

gboolean
pb_application_sign_out_finish (PbApplication  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
