/* pb-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "pb-credentials.h"

/* Once the Secret Service failed to answer, this process keeps tokens in
 * memory: asking again at each refresh would only repeat the failure (or,
 * worse, wait for a D-Bus timeout each time). Keyed "server\nuser". */
static GMutex memory_lock;
static gboolean use_memory;
static GHashTable *memory_tokens;

static const SecretSchema *
refresh_token_schema (void)
{
  static const SecretSchema schema = {
    "fr.pixbureau.PixBureau.RefreshToken", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static gboolean
memory_in_use (void)
{
  gboolean in_use;

  g_mutex_lock (&memory_lock);
  in_use = use_memory;
  g_mutex_unlock (&memory_lock);
  return in_use;
}

/* A message, not a warning: without a Secret Service (tests, a bare
 * session) the app still works, the person just signs in at each start. */
static void
fall_back_to_memory (const GError *error)
{
  g_mutex_lock (&memory_lock);
  if (!use_memory)
    {
      use_memory = TRUE;
      g_message ("No Secret Service (%s): sign-in tokens are kept in memory only", error->message);
    }
  g_mutex_unlock (&memory_lock);
}

static char *
memory_key (const char *server_url,
            const char *user_id)
{
  return g_strconcat (server_url, "\n", user_id, NULL);
}

static void
memory_set (const char *server_url,
            const char *user_id,
            const char *refresh_token)
{
  g_mutex_lock (&memory_lock);
  if (memory_tokens == NULL)
    memory_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (refresh_token != NULL)
    g_hash_table_replace (memory_tokens, memory_key (server_url, user_id),
                          g_strdup (refresh_token));
  else
    {
      g_autofree char *key = memory_key (server_url, user_id);
      g_hash_table_remove (memory_tokens, key);
    }
  g_mutex_unlock (&memory_lock);
}

static char *
memory_get (const char *server_url,
            const char *user_id)
{
  g_autofree char *key = memory_key (server_url, user_id);
  char *token = NULL;

  g_mutex_lock (&memory_lock);
  if (memory_tokens != NULL)
    token = g_strdup (g_hash_table_lookup (memory_tokens, key));
  g_mutex_unlock (&memory_lock);
  return token;
}

/* Cancellation is the caller's; every other failure means no usable
 * Secret Service. */
static gboolean
handle_failure (GError  *local_error,
                GError **error)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  fall_back_to_memory (local_error);
  g_error_free (local_error);
  return TRUE;
}

/**
 * pb_credentials_store:
 * @refresh_token: (nullable): %NULL clears it
 */
gboolean
pb_credentials_store (const char    *server_url,
                      const char    *user_id,
                      const char    *refresh_token,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autofree char *label = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server_url != NULL && user_id != NULL, FALSE);

  if (refresh_token == NULL)
    return pb_credentials_clear (server_url, user_id, cancellable, error);

  if (!memory_in_use ())
    {
      /* The label is what Passwords and Keys (Seahorse) shows. */
      label = g_strdup_printf (_("Pix Bureau sign-in on %s"), server_url);
      if (secret_password_store_sync (refresh_token_schema (), SECRET_COLLECTION_DEFAULT, label,
                                      refresh_token, cancellable, &local_error,
                                      "server", server_url, "user", user_id, NULL))
        return TRUE;
      if (!handle_failure (local_error, error))
        return FALSE;
    }

  memory_set (server_url, user_id, refresh_token);
  return TRUE;
}

/**
 * pb_credentials_lookup:
 *
 * Returns: (transfer full) (nullable): the refresh token, %NULL with no
 * error when there is none
 */
char *
pb_credentials_lookup (const char    *server_url,
                       const char    *user_id,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GError *local_error = NULL;
  char *secret;

  g_return_val_if_fail (server_url != NULL && user_id != NULL, NULL);

  if (!memory_in_use ())
    {
      secret = secret_password_lookup_sync (refresh_token_schema (), cancellable, &local_error,
                                            "server", server_url, "user", user_id, NULL);
      if (local_error == NULL)
        {
          /* Our copy in ordinary memory; the Secret Service's is wiped. */
          char *token = g_strdup (secret);

          secret_password_free (secret);
          return token;
        }
      if (!handle_failure (local_error, error))
        return NULL;
    }

  return memory_get (server_url, user_id);
}

gboolean
pb_credentials_clear (const char    *server_url,
                      const char    *user_id,
                      GCancellable  *cancellable,
                      GError       **error)
{
  GError *local_error = NULL;

  g_return_val_if_fail (server_url != NULL && user_id != NULL, FALSE);

  memory_set (server_url, user_id, NULL);
  if (memory_in_use ())
    return TRUE;

  /* FALSE without an error: there was nothing to clear. */
  if (secret_password_clear_sync (refresh_token_schema (), cancellable, &local_error,
                                  "server", server_url, "user", user_id, NULL) ||
      local_error == NULL)
    return TRUE;

  return handle_failure (local_error, error);
}
