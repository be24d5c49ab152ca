/* pb-tokens.c
 *
 * Access tokens are short-lived and checked on every request without the
 * database: "USER_ID.EXPIRES.MAC", where MAC is HMAC-SHA256 over
 * "USER_ID.EXPIRES" with a key only the server knows (kept in the database,
 * made on first start). Refresh tokens are 256 random bits, given to the
 * client once and stored only as their SHA-256, so a copy of the database
 * cannot be used to sign in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "pb-random.h"
#include "pb-timestamp.h"
#include "pb-tokens.h"
#include "pb-uuid.h"

#define KEY_NAME "access-token-key"
#define KEY_BYTES 32
#define REFRESH_BYTES 32

struct _PbTokens
{
  guint8 key[KEY_BYTES];
};

static char *
to_hex (const guint8 *bytes,
        gsize         size)
{
  GString *hex = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", bytes[i]);

  return g_string_free (hex, FALSE);
}

static gboolean
from_hex (const char *hex,
          guint8     *bytes,
          gsize       size)
{
  if (hex == NULL || strlen (hex) != size * 2)
    return FALSE;

  for (gsize i = 0; i < size; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      bytes[i] = (guint8)(high << 4 | low);
    }

  return TRUE;
}

static char *
read_key (PbDb    *db,
          GError **error)
{
  g_autoptr(PbDbStatement) select = pb_db_prepare (db, "SELECT value FROM server_secrets WHERE name = $1", error);
  g_autoptr(GError) local_error = NULL;
  char *value = NULL;

  if (select == NULL)
    return NULL;

  pb_db_statement_bind_text (select, 1, KEY_NAME);
  if (pb_db_statement_step (select, &local_error))
    value = g_strdup (pb_db_statement_get_text (select, 0));
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (value == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No access-token key");
  return value;
}

/* Two servers starting on one database at once must end with one key:
 * insert if missing, then read whichever won.
 */
static gboolean
create_key (PbDb    *db,
            GError **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *now = pb_timestamp_now ();
  guint8 key[KEY_BYTES];

  pb_random_fill (key, sizeof key);
  hex = to_hex (key, sizeof key);

  insert = pb_db_prepare (db,
                          "INSERT INTO server_secrets (name, value, created_at) VALUES ($1, $2, $3) "
                          "ON CONFLICT (name) DO NOTHING",
                          error);
  if (insert == NULL)
    return FALSE;

  pb_db_statement_bind_text (insert, 1, KEY_NAME);
  pb_db_statement_bind_text (insert, 2, hex);
  pb_db_statement_bind_text (insert, 3, now);
  return pb_db_statement_run (insert, error);
}

PbTokens *
pb_tokens_new_from_storage (PbStorage  *storage,
                            GError    **error)
{
  g_autoptr(PbTokens) self = g_new0 (PbTokens, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hex = NULL;
  PbDb *db = pb_storage_lock_writer (storage);

  hex = read_key (db, &local_error);
  if (hex == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      if (create_key (db, &local_error))
        hex = read_key (db, &local_error);
    }
  pb_storage_unlock_writer (storage, db);

  if (hex == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!from_hex (hex, self->key, sizeof self->key))
    {
      g_set_error_literal (error, PB_DB_ERROR, PB_DB_ERROR_SCHEMA, "The stored access-token key is damaged");
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
pb_tokens_free (PbTokens *self)
{
  if (self == NULL)
    return;

  memset (self->key, 0, sizeof self->key);
  g_free (self);
}

static char *
mac (PbTokens   *self,
     const char *payload)
{
  return g_compute_hmac_for_data (G_CHECKSUM_SHA256, self->key, sizeof self->key,
                                  (const guchar *)payload, strlen (payload));
}

/* Compares without stopping at the first difference, so the time taken
 * tells an attacker nothing about how much of a forged MAC was right.
 */
static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize len = strlen (a);
  guint8 diff = 0;

  if (len != strlen (b))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    diff |= (guint8)(a[i] ^ b[i]);

  return diff == 0;
}

/**
 * pb_tokens_issue_access:
 * @expires_at: Unix time, in seconds
 */
char *
pb_tokens_issue_access (PbTokens   *self,
                        const char *user_id,
                        gint64      expires_at)
{
  g_autofree char *payload = g_strdup_printf ("%s.%" G_GINT64_FORMAT, user_id, expires_at);
  g_autofree char *signature = mac (self, payload);

  return g_strconcat (payload, ".", signature, NULL);
}

/**
 * pb_tokens_verify_access:
 * @now: Unix time, in seconds
 *
 * Returns: (transfer full) (nullable): the user id of a genuine token that
 * has not expired
 */
char *
pb_tokens_verify_access (PbTokens   *self,
                         const char *token,
                         gint64      now)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *expected = NULL;
  gint64 expires_at;
  char *end;

  if (token == NULL)
    return NULL;

  parts = g_strsplit (token, ".", 4);
  if (g_strv_length (parts) != 3 || !pb_uuid_is_valid (parts[0]))
    return NULL;

  expires_at = g_ascii_strtoll (parts[1], &end, 10);
  if (parts[1][0] == '\0' || *end != '\0' || expires_at <= now)
    return NULL;

  payload = g_strdup_printf ("%s.%s", parts[0], parts[1]);
  expected = mac (self, payload);
  if (!equal_in_constant_time (expected, parts[2]))
    return NULL;

  return g_strdup (parts[0]);
}

/* 256 random bits, URL-safe base64 without padding. */
char *
pb_tokens_new_refresh (void)
{
  guint8 bytes[REFRESH_BYTES];
  g_autofree char *base64 = NULL;

  pb_random_fill (bytes, sizeof bytes);
  base64 = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (base64, "+", '-');
  g_strdelimit (base64, "/", '_');
  g_strdelimit (base64, "=", '\0');

  return g_strdup (base64);
}

char *
pb_tokens_hash_refresh (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
