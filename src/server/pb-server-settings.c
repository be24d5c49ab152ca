/* pb-server-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-server-settings.h"

#define SETTINGS_FILE_NAME "pix-bureau-server.conf"

typedef struct
{
  const char *key;
  gsize       offset;
} Key;

static const Key identity_keys[] = {
  { "access-token-lifetime", G_STRUCT_OFFSET (PbServerSettings, access_token_lifetime) },
  { "refresh-token-lifetime", G_STRUCT_OFFSET (PbServerSettings, refresh_token_lifetime) },
  { "max-failed-logins", G_STRUCT_OFFSET (PbServerSettings, max_failed_logins) },
  { "login-block-seconds", G_STRUCT_OFFSET (PbServerSettings, login_block_seconds) },
  { "max-failures-per-address", G_STRUCT_OFFSET (PbServerSettings, max_failures_per_address) },
  { "address-window-seconds", G_STRUCT_OFFSET (PbServerSettings, address_window_seconds) },
};

void
pb_server_settings_init_default (PbServerSettings *settings)
{
  settings->access_token_lifetime = 20 * 60;
  settings->refresh_token_lifetime = 7 * 24 * 3600;
  settings->max_failed_logins = 10;
  settings->login_block_seconds = 2 * 60;
  settings->max_failures_per_address = 50;
  settings->address_window_seconds = 10 * 60;
  settings->fast_password_hashing = FALSE;
  pb_scoring_rules_init_default (&settings->scoring);
}

static gboolean
load_identity (PbServerSettings  *settings,
               GKeyFile          *file,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (identity_keys); i++)
    {
      gint64 value;

      if (!g_key_file_has_key (file, "identity", identity_keys[i].key, NULL))
        continue;

      value = g_key_file_get_int64 (file, "identity", identity_keys[i].key, &local_error);
      if (local_error == NULL && (value <= 0 || value > G_MAXINT32))
        g_set_error (&local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "[identity] %s must be a positive whole number", identity_keys[i].key);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      G_STRUCT_MEMBER (guint, settings, identity_keys[i].offset) = (guint)value;
    }

  if (g_key_file_has_key (file, "identity", "fast-password-hashing", NULL))
    {
      settings->fast_password_hashing = g_key_file_get_boolean (file, "identity", "fast-password-hashing", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * pb_server_settings_load:
 *
 * Starts from the defaults and applies DATA_DIR/pix-bureau-server.conf if
 * there is one: [identity] values are positive whole numbers (and
 * fast-password-hashing a boolean); [scoring] takes the keys of
 * pb_scoring_rules_load_from_key_file().
 */
gboolean
pb_server_settings_load (PbServerSettings  *settings,
                         const char        *data_dir,
                         GError           **error)
{
  g_autofree char *path = g_build_filename (data_dir, SETTINGS_FILE_NAME, NULL);
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  pb_server_settings_init_default (settings);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }

  if (!load_identity (settings, file, &local_error) ||
      !pb_scoring_rules_load_from_key_file (&settings->scoring, file, "scoring", &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
      return FALSE;
    }
  return TRUE;
}
