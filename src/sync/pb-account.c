/* pb-account.c
 *
 * Where things live, under DATA_DIR ($XDG_DATA_HOME/pix-bureau):
 *   accounts.ini                              [last] server, user-id, email
 *   accounts/<user-id>@<host:port>/cache.sqlite
 * and the refresh token in the Secret Service (pb-credentials.c), never in
 * a file. The access token only ever lives in the client's memory.
 *
 * The cache and the engine are made in a GTask thread; both report on the
 * global default main context (the GTK main loop's), which is what
 * GTask-thread code gets as its thread-default context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pb-account.h"
#include "pb-credentials.h"
#include "pb-server-address.h"

#define ACCOUNTS_FILE "accounts.ini"
#define LAST_GROUP "last"
#define CACHE_FILE "cache.sqlite"

struct _PbAccount
{
  GObject        parent_instance;

  char          *server_url;
  char          *user_id;
  char          *email;
  char          *data_dir;      /* where accounts.ini is */

  PbStore       *store;
  PbApiClient   *client;
  PbSyncEngine  *engine;
};

G_DEFINE_FINAL_TYPE (PbAccount, pb_account, G_TYPE_OBJECT)

typedef struct
{
  char *server_url;
  char *email;
  char *password;
  char *data_dir;
} SignIn;

/* Passwords do not linger in freed memory. */
static void
password_free (char *password)
{
  if (password == NULL)
    return;
  memset (password, 0, strlen (password));
  g_free (password);
}

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->server_url);
  g_free (sign_in->email);
  password_free (sign_in->password);
  g_free (sign_in->data_dir);
  g_free (sign_in);
}

static char *
resolve_data_dir (const char *data_dir)
{
  if (data_dir != NULL)
    return g_strdup (data_dir);
  return g_build_filename (g_get_user_data_dir (), "pix-bureau", NULL);
}

/* "host:port" of the server, with anything a file name should not hold
 * replaced: one cache per user and server. */
static char *
server_key (const char *server_url)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *key = NULL;
  int port;

  if (uri == NULL)
    return g_strdup ("server");

  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
  key = g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
  return g_strcanon (g_steal_pointer (&key),
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:", '_');
}

static char *
cache_path (const char *data_dir,
            const char *server_url,
            const char *user_id)
{
  g_autofree char *server = server_key (server_url);
  g_autofree char *user = g_strcanon (g_strdup (user_id),
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "abcdefghijklmnopqrstuvwxyz0123456789-",
                                      '_');
  g_autofree char *directory = g_strconcat (user, "@", server, NULL);

  return g_build_filename (data_dir, "accounts", directory, CACHE_FILE, NULL);
}

/* The cache holds pupils' personal data: its folders are the user's only. */
static PbStore *
open_cache (const char  *path,
            GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), directory, g_strerror (saved_errno));
      return NULL;
    }
  return pb_store_open (path, error);
}

static GKeyFile *
load_accounts (const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, ACCOUNTS_FILE, NULL);
  GKeyFile *file = g_key_file_new ();

  /* A missing or damaged file is no account: the person signs in. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return file;
}

static gboolean
save_accounts (const char  *data_dir,
               GKeyFile    *file,
               GError     **error)
{
  g_autofree char *path = g_build_filename (data_dir, ACCOUNTS_FILE, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), data_dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

static gboolean
remember_last (PbAccount   *self,
               const char  *data_dir,
               GError     **error)
{
  g_autoptr(GKeyFile) file = load_accounts (data_dir);

  g_key_file_set_string (file, LAST_GROUP, "server", self->server_url);
  g_key_file_set_string (file, LAST_GROUP, "user-id", self->user_id);
  g_key_file_set_string (file, LAST_GROUP, "email", self->email);
  return save_accounts (data_dir, file, error);
}

/* Only if the last account is still this one. */
static gboolean
forget_last (PbAccount   *self,
             const char  *data_dir,
             GError     **error)
{
  g_autoptr(GKeyFile) file = load_accounts (data_dir);
  g_autofree char *server = g_key_file_get_string (file, LAST_GROUP, "server", NULL);
  g_autofree char *user_id = g_key_file_get_string (file, LAST_GROUP, "user-id", NULL);

  if (g_strcmp0 (server, self->server_url) != 0 || g_strcmp0 (user_id, self->user_id) != 0)
    return TRUE;
  g_key_file_remove_group (file, LAST_GROUP, NULL);
  return save_accounts (data_dir, file, error);
}

/* In the thread that refreshed (the sync thread, a GTask's): each refresh
 * token works once, so the new one must replace the old at once. */
static void
on_refresh_token_changed (PbAccount   *self,
                          PbApiClient *client)
{
  g_autofree char *token = pb_api_client_dup_refresh_token (client);
  g_autoptr(GError) error = NULL;

  if (!pb_credentials_store (self->server_url, self->user_id, token, NULL, &error))
    g_message ("Cannot keep the sign-in token: %s", error->message);
}

static PbAccount *
account_new (const char  *data_dir,
             const char  *server_url,
             const char  *user_id,
             const char  *email,
             PbStore     *store,
             PbApiClient *client)
{
  PbAccount *self = g_object_new (PB_TYPE_ACCOUNT, NULL);

  self->data_dir = g_strdup (data_dir);
  self->server_url = g_strdup (server_url);
  self->user_id = g_strdup (user_id);
  self->email = g_strdup (email);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->engine = pb_sync_engine_new (store, client);
  g_signal_connect_object (client, "refresh-token-changed", G_CALLBACK (on_refresh_token_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}

static const char *
me_email (JsonNode   *me,
          const char *fallback)
{
  JsonObject *data = json_object_get_object_member (json_node_get_object (me), "data");
  JsonNode *attributes = data != NULL ? json_object_get_member (data, "attributes") : NULL;
  const char *email = NULL;

  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes))
    email = json_object_get_string_member_with_default (json_node_get_object (attributes),
                                                        "email", NULL);
  return email != NULL ? email : fallback;
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *sign_in = task_data;
  g_autoptr(PbApiClient) client = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(PbStore) store = NULL;
  g_autoptr(PbAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  const char *user_id;

  server_url = pb_server_address_normalize (sign_in->server_url, &error);
  if (server_url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  client = pb_api_client_new (server_url);
  if (!pb_api_client_sign_in (client, sign_in->email, sign_in->password, cancellable, &error) ||
      (me = pb_api_client_get_me (client, cancellable, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  user_id = pb_api_client_get_user_id (client);
  path = cache_path (sign_in->data_dir, server_url, user_id);
  store = open_cache (path, &error);
  if (store == NULL || !pb_store_set_account (store, me, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  account = account_new (sign_in->data_dir, server_url, user_id, me_email (me, sign_in->email),
                         store, client);
  token = pb_api_client_dup_refresh_token (client);
  if (!pb_credentials_store (server_url, user_id, token, cancellable, &error) ||
      !remember_last (account, sign_in->data_dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autoptr(GKeyFile) file = load_accounts (data_dir);
  g_autofree char *server_url = g_key_file_get_string (file, LAST_GROUP, "server", NULL);
  g_autofree char *user_id = g_key_file_get_string (file, LAST_GROUP, "user-id", NULL);
  g_autofree char *email = g_key_file_get_string (file, LAST_GROUP, "email", NULL);
  g_autofree char *path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(PbStore) store = NULL;
  g_autoptr(PbApiClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (server_url == NULL || user_id == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  path = cache_path (data_dir, server_url, user_id);
  store = open_cache (path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* No token (none kept, no Secret Service): the account still opens and
   * works offline; its engine asks for a sign-in when it needs the
   * server. */
  token = pb_credentials_lookup (server_url, user_id, cancellable, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  client = pb_api_client_new (server_url);
  if (token != NULL)
    pb_api_client_set_refresh_token (client, token);

  g_task_return_pointer (task,
                         account_new (data_dir, server_url, user_id, email != NULL ? email : "",
                                      store, client),
                         g_object_unref);
}

/* Only the password is asked again: the same user, on the same server,
 * keeps the same cache and its unsent changes. A fresh client signs in, so
 * that the account's own client never holds another user's tokens. */
static void
sign_in_again_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  PbAccount *self = source_object;
  const char *password = task_data;
  g_autoptr(PbApiClient) client = pb_api_client_new (self->server_url);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!pb_api_client_sign_in (client, self->email, password, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_strcmp0 (pb_api_client_get_user_id (client), self->user_id) != 0)
    {
      g_task_return_new_error (task, PB_API_ERROR, PB_API_ERROR_REFUSED,
                               _("This e-mail address now signs in to another account: "
                                 "sign out, then sign in again."));
      return;
    }

  token = pb_api_client_dup_refresh_token (client);
  if (!pb_credentials_store (self->server_url, self->user_id, token, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pb_api_client_set_refresh_token (self->client, token);
  g_task_return_boolean (task, TRUE);
}

static void
sign_out_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PbAccount *self = source_object;
  g_autoptr(GError) revoke_error = NULL;
  g_autoptr(GError) error = NULL;

  pb_sync_engine_stop (self->engine);

  /* Offline, the token just expires on the server; the person still
   * signs out. */
  if (!pb_api_client_revoke (self->client, cancellable, &revoke_error))
    g_debug ("Cannot revoke the sign-in token: %s", revoke_error->message);
  if (!pb_credentials_clear (self->server_url, self->user_id, NULL, &error) ||
      !forget_last (self, self->data_dir, &error) ||
      !pb_store_purge (self->store, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
pb_account_dispose (GObject *object)
{
  PbAccount *self = PB_ACCOUNT (object);

  if (self->engine != NULL)
    pb_sync_engine_stop (self->engine);
  g_clear_object (&self->engine);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_account_parent_class)->dispose (object);
}

static void
pb_account_finalize (GObject *object)
{
  PbAccount *self = PB_ACCOUNT (object);

  g_free (self->server_url);
  g_free (self->user_id);
  g_free (self->email);
  g_free (self->data_dir);

  G_OBJECT_CLASS (pb_account_parent_class)->finalize (object);
}

static void
pb_account_class_init (PbAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_account_dispose;
  object_class->finalize = pb_account_finalize;
}

static void
pb_account_init (PbAccount *self)
{
}

void
pb_account_sign_in_async (const char          *server_url,
                          const char          *email,
                          const char          *password,
                          const char          *data_dir,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *sign_in;

  g_return_if_fail (server_url != NULL && email != NULL && password != NULL);

  sign_in = g_new0 (SignIn, 1);
  sign_in->server_url = g_strdup (server_url);
  sign_in->email = g_strdup (email);
  sign_in->password = g_strdup (password);
  sign_in->data_dir = resolve_data_dir (data_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_account_sign_in_async);
  g_task_set_task_data (task, sign_in, (GDestroyNotify)sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

PbAccount *
pb_account_sign_in_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pb_account_restore_async (const char          *data_dir,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pb_account_restore_async);
  g_task_set_task_data (task, resolve_data_dir (data_dir), g_free);
  g_task_run_in_thread (task, restore_thread);
}

PbAccount *
pb_account_restore_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pb_account_sign_in_again_async:
 *
 * Signs the account's user in again with @password after the server
 * refused the refresh token (%PB_SYNC_STATE_NEEDS_SIGN_IN): the cache and
 * its outbox stay; the caller then asks the engine to sync.
 */
void
pb_account_sign_in_again_async (PbAccount           *self,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_account_sign_in_again_async);
  g_task_set_task_data (task, g_strdup (password), (GDestroyNotify)password_free);
  g_task_run_in_thread (task, sign_in_again_thread);
}

gboolean
pb_account_sign_in_again_finish (PbAccount     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
pb_account_sign_out_async (PbAccount           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_account_sign_out_async);
  g_task_run_in_thread (task, sign_out_thread);
}

gboolean
pb_account_sign_out_finish (PbAccount     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

PbStore *
pb_account_get_store (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->store;
}

PbApiClient *
pb_account_get_client (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->client;
}

PbSyncEngine *
pb_account_get_sync_engine (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->engine;
}

const char *
pb_account_get_server_url (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->server_url;
}

const char *
pb_account_get_user_id (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->user_id;
}

const char *
pb_account_get_email (PbAccount *self)
{
  g_return_val_if_fail (PB_IS_ACCOUNT (self), NULL);

  return self->email;
}
