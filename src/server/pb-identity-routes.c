/* pb-identity-routes.c
 *
 * Signing in and out: POST /api/token (grant_type=password|refresh_token),
 * POST /api/revoke, GET /api/me.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-api-response.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-password.h"
#include "pb-server.h"
#include "pb-timestamp.h"

typedef struct
{
  char *grant_type;
  char *username;
  char *password;
  char *refresh_token;
} TokenRequest;

static void
token_request_free (TokenRequest *data)
{
  g_free (data->grant_type);
  g_free (data->username);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->refresh_token);
  g_free (data);
}

static char *
timestamp_in (gint64 seconds_from_now)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double)seconds_from_now);

  return pb_timestamp_format (then);
}

static void
respond_too_many (PbRequest *request,
                  gint64     retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (retry_after, 1));

  pb_request_set_response_header (request, "Retry-After", seconds);
  pb_request_respond_error (request, PB_STATUS_TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS",
                            "Too many failed sign-ins; wait before trying again.", NULL);
}

static void
respond_bad_credentials (PbRequest *request)
{
  pb_request_set_response_header (request, "WWW-Authenticate", "Bearer");
  pb_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "INVALID_CREDENTIALS",
                            "The e-mail address (or username) or the password is wrong.", NULL);
}

/* Stores a new refresh token for @user_id and answers with both tokens. */
static gboolean
issue_tokens (PbRequest   *request,
              PbDb        *db,
              const char  *user_id,
              GError     **error)
{
  PbServer *server = pb_request_get_server (request);
  const PbServerSettings *settings = pb_server_get_settings (server);
  g_autoptr(PbDbStatement) insert = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *refresh = pb_tokens_new_refresh ();
  g_autofree char *refresh_hash = pb_tokens_hash_refresh (refresh);
  g_autofree char *refresh_expiry = timestamp_in (settings->refresh_token_lifetime);
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *access = NULL;

  insert = pb_db_prepare (db,
                          "INSERT INTO refresh_tokens (token_hash, user_id, expires_at, created_at) "
                          "VALUES ($1, $2, $3, $4)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, refresh_hash);
  pb_db_statement_bind_text (insert, 2, user_id);
  pb_db_statement_bind_text (insert, 3, refresh_expiry);
  pb_db_statement_bind_text (insert, 4, now);
  if (!pb_db_statement_run (insert, error))
    return FALSE;

  access = pb_tokens_issue_access (pb_server_get_tokens (server), user_id,
                                   g_get_real_time () / G_USEC_PER_SEC + settings->access_token_lifetime);

  /* OAuth's shape, as Pix answers it; not JSON:API. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "bearer");
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access);
  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, user_id);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, settings->access_token_lifetime);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, "application/json", document);
  return TRUE;
}

typedef struct
{
  char   *id;
  char   *password_hash;
  char   *blocked_until;
  gint64  block_count;
} Account;

static void
account_clear (Account *account)
{
  g_clear_pointer (&account->id, g_free);
  g_clear_pointer (&account->password_hash, g_free);
  g_clear_pointer (&account->blocked_until, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Account, account_clear)

/* An e-mail address signs in whatever its case; a username as typed. */
static gboolean
find_account (PbDb        *db,
              const char  *username,
              Account     *account,
              GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = strchr (username, '@') != NULL ? g_utf8_strdown (username, -1) : g_strdup (username);

  select = pb_db_prepare (db,
                          "SELECT id, password_hash, blocked_until, block_count FROM users "
                          "WHERE email = $1 OR username = $1",
                          error);
  if (select == NULL)
    return FALSE;

  pb_db_statement_bind_text (select, 1, key);
  if (pb_db_statement_step (select, &local_error))
    {
      account->id = g_strdup (pb_db_statement_get_text (select, 0));
      account->password_hash = g_strdup (pb_db_statement_get_text (select, 1));
      account->blocked_until = g_strdup (pb_db_statement_get_text (select, 2));
      account->block_count = pb_db_statement_get_int64 (select, 3);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gint64
seconds_until (const char *timestamp)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 (timestamp, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan left;

  if (then == NULL)
    return 0;

  /* Whole seconds, rounded up: a client told to wait 0 would retry at once. */
  left = g_date_time_difference (then, now);
  return left > 0 ? (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC : 0;
}

/* Counts a wrong password. The max-failed-logins-th consecutive one makes
 * the account wait login-block-seconds, doubled at each new block, so a
 * guesser gets a handful of tries an hour while the owner, told to wait two
 * minutes, is barely slowed down.
 *
 * Returns: the seconds to wait, 0 if the account may try again at once
 */
static gint64
count_failure (PbDb                    *db,
               const char              *user_id,
               const PbServerSettings  *settings,
               GError                 **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autoptr(PbDbStatement) block = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *until = NULL;
  gint64 failures = 0, block_count = 0, wait;

  update = pb_db_prepare (db,
                          "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1 "
                          "RETURNING failed_logins, block_count",
                          error);
  if (update == NULL)
    return -1;
  pb_db_statement_bind_text (update, 1, user_id);
  if (pb_db_statement_step (update, &local_error))
    {
      failures = pb_db_statement_get_int64 (update, 0);
      block_count = pb_db_statement_get_int64 (update, 1);
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return -1;
    }

  if (failures < settings->max_failed_logins)
    return 0;

  wait = (gint64)settings->login_block_seconds << MIN (block_count, 16);
  until = timestamp_in (wait);
  block = pb_db_prepare (db,
                         "UPDATE users SET failed_logins = 0, block_count = block_count + 1, "
                         "blocked_until = $2 WHERE id = $1",
                         error);
  if (block == NULL)
    return -1;
  pb_db_statement_bind_text (block, 1, user_id);
  pb_db_statement_bind_text (block, 2, until);
  if (!pb_db_statement_run (block, error))
    return -1;

  g_info ("Account sign-in blocked seconds=%" G_GINT64_FORMAT, wait);
  return wait;
}

static gboolean
clear_failures (PbDb        *db,
                const char  *user_id,
                GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;

  update = pb_db_prepare (db,
                          "UPDATE users SET failed_logins = 0, block_count = 0, blocked_until = NULL "
                          "WHERE id = $1",
                          error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, user_id);
  return pb_db_statement_run (update, error);
}

/* A made-up hash, verified when the account does not exist, so that the
 * answer takes as long as for a real one and does not tell which addresses
 * have accounts.
 */
static const char *
decoy_hash (void)
{
  static gsize hash = 0;

  if (g_once_init_enter (&hash))
    g_once_init_leave (&hash, (gsize)pb_password_hash ("decoy password 1A", FALSE, NULL));

  return (const char *)hash;
}

static gboolean
password_grant (PbRequest     *request,
                PbStorage     *storage,
                TokenRequest  *data,
                GError       **error)
{
  PbServer *server = pb_request_get_server (request);
  const PbServerSettings *settings = pb_server_get_settings (server);
  const char *address = pb_request_get_remote_host (request);
  g_auto(Account) account = { NULL };
  gboolean ok;
  gint64 wait;
  PbDb *db;

  if (!pb_server_login_allowed_from (server, address))
    {
      respond_too_many (request, settings->address_window_seconds);
      return TRUE;
    }

  db = pb_storage_lock_writer (storage);
  ok = find_account (db, data->username, &account, error);
  pb_storage_unlock_writer (storage, db);
  if (!ok)
    return FALSE;

  if (account.blocked_until != NULL && (wait = seconds_until (account.blocked_until)) > 0)
    {
      respond_too_many (request, wait);
      return TRUE;
    }

  /* The slow part, with no lock held. */
  if (account.id == NULL)
    {
      pb_password_verify (decoy_hash (), data->password);
      pb_server_note_failed_login (server, address);
      respond_bad_credentials (request);
      return TRUE;
    }

  if (!pb_password_verify (account.password_hash, data->password))
    {
      pb_server_note_failed_login (server, address);
      db = pb_storage_lock_writer (storage);
      wait = count_failure (db, account.id, settings, error);
      pb_storage_unlock_writer (storage, db);
      if (wait < 0)
        return FALSE;
      if (wait > 0)
        respond_too_many (request, wait);
      else
        respond_bad_credentials (request);
      return TRUE;
    }

  db = pb_storage_lock_writer (storage);
  ok = pb_db_begin (db, error) &&
       clear_failures (db, account.id, error) &&
       issue_tokens (request, db, account.id, error) &&
       pb_db_commit (db, error);
  if (!ok)
    pb_db_rollback (db);
  pb_storage_unlock_writer (storage, db);

  return ok;
}

/* Takes the refresh token out of the database: it is good for one use. */
static char *
consume_refresh_token (PbDb        *db,
                       const char  *token,
                       GError     **error)
{
  g_autoptr(PbDbStatement) remove = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = pb_tokens_hash_refresh (token);
  g_autofree char *now = pb_timestamp_now ();
  char *user_id = NULL;

  remove = pb_db_prepare (db,
                          "DELETE FROM refresh_tokens WHERE token_hash = $1 RETURNING user_id, expires_at",
                          error);
  if (remove == NULL)
    return NULL;
  pb_db_statement_bind_text (remove, 1, hash);
  if (pb_db_statement_step (remove, &local_error) &&
      g_strcmp0 (pb_db_statement_get_text (remove, 1), now) > 0)
    user_id = g_strdup (pb_db_statement_get_text (remove, 0));

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return user_id;
}

static gboolean
refresh_grant (PbRequest     *request,
               PbStorage     *storage,
               TokenRequest  *data,
               GError       **error)
{
  g_autofree char *user_id = NULL;
  g_autoptr(GError) local_error = NULL;
  PbDb *db = pb_storage_lock_writer (storage);
  gboolean ok = pb_db_begin (db, error);

  if (ok)
    {
      user_id = consume_refresh_token (db, data->refresh_token, &local_error);
      if (local_error != NULL)
        ok = FALSE;
      else if (user_id == NULL)
        {
          pb_request_set_response_header (request, "WWW-Authenticate", "Bearer");
          pb_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "INVALID_REFRESH_TOKEN",
                                    "This refresh token is unknown, used or expired; sign in again.", NULL);
        }
      else
        ok = issue_tokens (request, db, user_id, &local_error);
      ok = ok && pb_db_commit (db, &local_error);
      if (!ok)
        pb_db_rollback (db);
    }
  pb_storage_unlock_writer (storage, db);

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

static void
token_work (PbRequest *request,
            PbStorage *storage)
{
  TokenRequest *data = pb_request_get_data (request);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (data->grant_type, "password"))
    ok = password_grant (request, storage, data, &error);
  else
    ok = refresh_grant (request, storage, data, &error);

  if (!ok)
    pb_request_respond_internal_error (request, error);
}

static gboolean
require_field (PbRequest  *request,
               GHashTable *form,
               const char *name)
{
  const char *value = g_hash_table_lookup (form, name);
  g_autofree char *detail = NULL;

  if (value != NULL && value[0] != '\0')
    return TRUE;

  detail = g_strdup_printf ("The “%s” field is required.", name);
  pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", detail, NULL);
  return FALSE;
}

static void
token_handler (PbRequest *request)
{
  g_autoptr(GHashTable) form = pb_request_get_form (request);
  TokenRequest *data;
  const char *grant;

  if (form == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                "Send the form as application/x-www-form-urlencoded.", NULL);
      return;
    }

  grant = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant, "password") == 0)
    {
      if (!require_field (request, form, "username") || !require_field (request, form, "password"))
        return;
    }
  else if (g_strcmp0 (grant, "refresh_token") == 0)
    {
      if (!require_field (request, form, "refresh_token"))
        return;
    }
  else
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "UNSUPPORTED_GRANT_TYPE",
                                "grant_type must be “password” or “refresh_token”.", NULL);
      return;
    }

  data = g_new0 (TokenRequest, 1);
  data->grant_type = g_strdup (grant);
  data->username = g_strdup (g_hash_table_lookup (form, "username"));
  data->password = g_strdup (g_hash_table_lookup (form, "password"));
  data->refresh_token = g_strdup (g_hash_table_lookup (form, "refresh_token"));
  pb_request_set_data (request, data, (GDestroyNotify)token_request_free);
  pb_request_defer (request, token_work);
}

static void
revoke_work (PbRequest *request,
             PbStorage *storage)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  PbDb *db = pb_storage_lock_writer (storage);

  user_id = consume_refresh_token (db, pb_request_get_data (request), &error);
  pb_storage_unlock_writer (storage, db);

  if (error != NULL)
    pb_request_respond_internal_error (request, error);
  else
    pb_request_respond_empty (request, SOUP_STATUS_NO_CONTENT);
}

/* Revoking tells nothing about the token: unknown, expired or revoked, the
 * answer is the same 204 (RFC 7009). Access tokens cannot be revoked; they
 * expire within access-token-lifetime.
 */
static void
revoke_handler (PbRequest *request)
{
  g_autoptr(GHashTable) form = pb_request_get_form (request);

  if (form == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                "Send the form as application/x-www-form-urlencoded.", NULL);
      return;
    }

  if (!require_field (request, form, "token"))
    return;

  pb_request_set_data (request, g_strdup (g_hash_table_lookup (form, "token")), g_free);
  pb_request_defer (request, revoke_work);
}

/**
 * pb_identity_authenticate:
 *
 * Checks the request's bearer token and records its user; otherwise
 * answers 401 and returns %FALSE. Every authenticated route starts here.
 */
gboolean
pb_identity_authenticate (PbRequest *request)
{
  const char *authorization = pb_request_get_header (request, "Authorization");
  g_autofree char *user_id = NULL;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    user_id = pb_tokens_verify_access (pb_server_get_tokens (pb_request_get_server (request)),
                                       authorization + 7, g_get_real_time () / G_USEC_PER_SEC);

  if (user_id == NULL)
    {
      pb_request_set_response_header (request, "WWW-Authenticate", "Bearer");
      pb_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                                "Sign in first: this resource needs a valid access token.", NULL);
      return FALSE;
    }

  pb_request_set_user_id (request, user_id);
  return TRUE;
}

/* Memberships with their organizations and those organizations' centres,
 * as JSON:API `included` resources.
 */
static gboolean
add_included (JsonBuilder  *builder,
              PbDb         *db,
              const char   *user_id,
              GPtrArray    *membership_ids,
              GError      **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;

  select = pb_db_prepare (db,
                          "SELECT m.id, m.role, o.id, o.name, o.type, o.uai, c.id, c.name, c.type "
                          "FROM memberships m JOIN organizations o ON o.id = m.organization_id "
                          "LEFT JOIN certification_centers c ON c.organization_id = o.id "
                          "WHERE m.user_id = $1 ORDER BY o.name, m.id",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, user_id);

  while (pb_db_statement_step (select, &local_error))
    {
      const char *center_id = pb_db_statement_get_text (select, 6);

      g_ptr_array_add (membership_ids, g_strdup (pb_db_statement_get_text (select, 0)));

      pb_jsonapi_begin_resource (builder, "memberships", pb_db_statement_get_text (select, 0));
      json_builder_set_member_name (builder, "attributes");
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "organization-role", pb_db_statement_get_text (select, 1));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "relationships");
      json_builder_begin_object (builder);
      pb_jsonapi_add_relationship (builder, "organization", "organizations", pb_db_statement_get_text (select, 2));
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      pb_jsonapi_begin_resource (builder, "organizations", pb_db_statement_get_text (select, 2));
      json_builder_set_member_name (builder, "attributes");
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "name", pb_db_statement_get_text (select, 3));
      pb_jsonapi_add_string (builder, "type", pb_db_statement_get_text (select, 4));
      pb_jsonapi_add_string (builder, "external-id", pb_db_statement_get_text (select, 5));
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "relationships");
      json_builder_begin_object (builder);
      pb_jsonapi_add_relationship (builder, "certification-center", "certification-centers", center_id);
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      if (center_id != NULL)
        {
          pb_jsonapi_begin_resource (builder, "certification-centers", center_id);
          json_builder_set_member_name (builder, "attributes");
          json_builder_begin_object (builder);
          pb_jsonapi_add_string (builder, "name", pb_db_statement_get_text (select, 7));
          pb_jsonapi_add_string (builder, "type", pb_db_statement_get_text (select, 8));
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
build_me (JsonBuilder  *builder,
          PbDb         *db,
          const char   *user_id,
          gboolean     *found,
          GError      **error)
{
  g_autoptr(PbDbStatement) user = NULL;
  g_autoptr(GPtrArray) membership_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;

  user = pb_db_prepare (db, "SELECT first_name, last_name, email, username FROM users WHERE id = $1", error);
  if (user == NULL)
    return FALSE;
  pb_db_statement_bind_text (user, 1, user_id);
  *found = pb_db_statement_step (user, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!*found)
    return TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "included");
  json_builder_begin_array (builder);
  if (!add_included (builder, db, user_id, membership_ids, error))
    return FALSE;
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "users", user_id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "first-name", pb_db_statement_get_text (user, 0));
  pb_jsonapi_add_string (builder, "last-name", pb_db_statement_get_text (user, 1));
  pb_jsonapi_add_string (builder, "email", pb_db_statement_get_text (user, 2));
  pb_jsonapi_add_string (builder, "username", pb_db_statement_get_text (user, 3));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "memberships");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < membership_ids->len; i++)
    {
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "type", "memberships");
      pb_jsonapi_add_string (builder, "id", g_ptr_array_index (membership_ids, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return TRUE;
}

static void
me_work (PbRequest *request,
         PbStorage *storage)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;
  gboolean ok;
  PbDb *db = pb_storage_acquire_reader (storage);

  /* Several SELECTs: one snapshot. */
  ok = pb_db_begin (db, &error) &&
       build_me (builder, db, pb_request_get_user_id (request), &found, &error) &&
       pb_db_commit (db, &error);
  if (!ok)
    pb_db_rollback (db);
  pb_storage_release_reader (storage, db);

  if (!ok)
    pb_request_respond_internal_error (request, error);
  else if (!found)
    pb_request_respond_error (request, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED",
                              "This account no longer exists.", NULL);
  else
    {
      document = json_builder_get_root (builder);
      pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
    }
}

static void
me_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, me_work);
}

/* The handler of a route whose only main-loop work is checking the token. */
void
pb_identity_defer_authenticated (PbRequest  *request,
                                 PbWorkFunc  work)
{
  if (pb_identity_authenticate (request))
    pb_request_defer (request, work);
}

void
pb_identity_routes_add (PbRouter *router)
{
  pb_router_add (router, "POST", "/api/token", token_handler);
  pb_router_add (router, "POST", "/api/revoke", revoke_handler);
  pb_router_add (router, "GET", "/api/me", me_handler);
}
