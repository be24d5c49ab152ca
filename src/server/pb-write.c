/* pb-write.c
 *
 * Every API write runs as: pb_write_begin() → changes → pb_write_finish().
 * Between the two the worker holds the single writer connection inside a
 * transaction, so checks made there (authorization, versions) cannot race
 * with another write.
 *
 * Idempotency (DESIGN §5): a write may carry an Idempotency-Key header. Its
 * response is stored in the same transaction as the changes it made, so a
 * crash either keeps both or neither; a client whose connection died
 * mid-request sends the same request again with the same key and gets the
 * first response back, byte for byte, with nothing done twice. The same
 * key with another request (method, path, query or body) is a client bug:
 * 422. Keys are per user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-api-response.h"
#include "pb-timestamp.h"
#include "pb-write.h"

#define MAX_KEY_LENGTH 255

static gboolean
key_is_valid (const char *key)
{
  gsize length = strlen (key);

  if (length == 0 || length > MAX_KEY_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isgraph (key[i]))
      return FALSE;
  return TRUE;
}

static void
replay (PbRequest     *request,
        PbDbStatement *stored)
{
  const char *body = pb_db_statement_get_text (stored, 3);
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new (body, strlen (body)) : NULL;

  pb_request_respond_bytes (request, (guint)pb_db_statement_get_int64 (stored, 1),
                            pb_db_statement_get_text (stored, 2), bytes);
  pb_request_restore_response_headers (request, pb_db_statement_get_text (stored, 4));
  pb_request_set_response_header (request, "Idempotent-Replayed", "true");
}

/* Returns FALSE when the request is answered already (replayed or
 * refused), with @error set if the database failed. */
static gboolean
check_key (PbRequest   *request,
           PbDb        *db,
           const char  *key,
           GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *hash = pb_request_get_fingerprint (request);
  gboolean found;

  select = pb_db_prepare (db,
                          "SELECT request_hash, status, content_type, body, headers FROM idempotency_keys "
                          "WHERE user_id = $1 AND idempotency_key = $2",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, pb_request_get_user_id (request));
  pb_db_statement_bind_text (select, 2, key);
  found = pb_db_statement_step (select, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!found)
    return TRUE;

  if (!g_str_equal (pb_db_statement_get_text (select, 0), hash))
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "IDEMPOTENCY_KEY_REUSED",
                              "This Idempotency-Key was used for another request; "
                              "use a new key for each write.", NULL);
  else
    replay (request, select);
  return FALSE;
}

static gboolean
store_response (PbRequest   *request,
                PbDb        *db,
                const char  *key,
                GError     **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  const char *hash = pb_request_get_fingerprint (request);
  g_autofree char *headers = pb_request_dup_response_headers (request);
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *body = NULL;
  GBytes *bytes = pb_request_get_response_body (request);

  if (bytes != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);
      body = g_strndup (data, size);
    }

  insert = pb_db_prepare (db,
                          "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, status, "
                          "content_type, headers, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, pb_request_get_user_id (request));
  pb_db_statement_bind_text (insert, 2, key);
  pb_db_statement_bind_text (insert, 3, hash);
  pb_db_statement_bind_int64 (insert, 4, pb_request_get_status (request));
  pb_db_statement_bind_text (insert, 5, pb_request_get_content_type (request));
  pb_db_statement_bind_text (insert, 6, headers);
  pb_db_statement_bind_text (insert, 7, body);
  pb_db_statement_bind_text (insert, 8, now);
  return pb_db_statement_run (insert, error);
}

/**
 * pb_write_begin:
 *
 * Takes the writer connection and opens a transaction. When the request
 * carries an Idempotency-Key already used, answers it (replay or 422) and
 * returns %NULL; the caller then returns at once. The request must be
 * authenticated.
 *
 * Returns: (transfer none) (nullable): the connection to write with
 */
PbDb *
pb_write_begin (PbRequest *request,
                PbStorage *storage)
{
  const char *key = pb_request_get_header (request, "Idempotency-Key");
  g_autoptr(GError) error = NULL;
  PbDb *db;

  g_return_val_if_fail (pb_request_get_user_id (request) != NULL, NULL);

  if (key != NULL && !key_is_valid (key))
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_IDEMPOTENCY_KEY",
                                "An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID).", NULL);
      return NULL;
    }

  db = pb_storage_lock_writer (storage);
  if (!pb_db_begin (db, &error))
    {
      pb_storage_unlock_writer (storage, db);
      pb_request_respond_internal_error (request, error);
      return NULL;
    }

  if (key != NULL && !check_key (request, db, key, &error))
    {
      pb_db_rollback (db);
      pb_storage_unlock_writer (storage, db);
      if (error != NULL)
        pb_request_respond_internal_error (request, error);
      return NULL;
    }

  return db;
}

/**
 * pb_write_finish:
 * @ok: whether the work succeeded; %FALSE rolls back and answers 500
 * @error: (nullable): why it failed, for the log
 *
 * Commits (with the response stored for the request's Idempotency-Key) or
 * rolls back, and gives the writer connection back.
 */
void
pb_write_finish (PbRequest *request,
                 PbStorage *storage,
                 PbDb      *db,
                 gboolean   ok,
                 GError    *error)
{
  const char *key = pb_request_get_header (request, "Idempotency-Key");
  g_autoptr(GError) commit_error = NULL;

  if (ok && key != NULL && pb_request_get_status (request) < 500)
    ok = store_response (request, db, key, &commit_error);
  if (ok)
    ok = pb_db_commit (db, &commit_error);
  if (!ok)
    pb_db_rollback (db);
  pb_storage_unlock_writer (storage, db);

  if (!ok)
    pb_request_respond_internal_error (request, commit_error != NULL ? commit_error : error);
}

/**
 * pb_write_run:
 * @work: the route's work, in the write transaction
 *
 * The whole shape of a write route's worker: begin, @work, finish.
 */
void
pb_write_run (PbRequest   *request,
              PbStorage   *storage,
              PbWriteFunc  work)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  PbDb *db;

  if ((db = pb_write_begin (request, storage)) == NULL)
    return;
  ok = work (request, db, &error);
  pb_write_finish (request, storage, db, ok, error);
}

static gint64
parse_if_match (const char *value)
{
  g_autofree char *text = g_strstrip (g_strdup (value));
  char *start = text;
  gsize length;
  guint64 version;

  /* W/"3", "3" and 3 all name version 3; "*" any version (0). */
  if (g_str_equal (start, "*"))
    return 0;
  if (g_str_has_prefix (start, "W/"))
    start += 2;
  length = strlen (start);
  if (length >= 2 && start[0] == '"' && start[length - 1] == '"')
    {
      start[length - 1] = '\0';
      start++;
    }
  if (!g_ascii_string_to_unsigned (start, 10, 1, G_MAXINT64, &version, NULL))
    return -1;
  return (gint64)version;
}

/**
 * pb_write_check_version:
 * @current_document: the record as it is now, sent back on a mismatch
 *
 * Checks the request's If-Match against the record's version. An update
 * without If-Match could overwrite a change the client never saw: 428. A
 * stale one gets 412 with the current record, so the client can show the
 * conflict without another request. Call after pb_write_begin().
 *
 * Returns: %TRUE when the write may go on
 */
gboolean
pb_write_check_version (PbRequest *request,
                        gint64     current_version,
                        JsonNode  *current_document)
{
  const char *if_match = pb_request_get_header (request, "If-Match");
  gint64 version;

  if (if_match == NULL)
    {
      pb_request_respond_error (request, PB_STATUS_PRECONDITION_REQUIRED, "PRECONDITION_REQUIRED",
                                "Send If-Match with the version you are changing.", NULL);
      return FALSE;
    }

  version = parse_if_match (if_match);
  if (version < 0)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_IF_MATCH",
                                "If-Match is the ETag of the version you are changing, such as \"3\".", NULL);
      return FALSE;
    }
  if (version == 0 || version == current_version)
    return TRUE;

  pb_request_respond_json (request, SOUP_STATUS_PRECONDITION_FAILED, NULL, current_document);
  pb_request_set_etag (request, current_version);
  return FALSE;
}

/**
 * pb_write_prune_idempotency:
 *
 * Forgets stored responses older than @retention_days.
 */
gboolean
pb_write_prune_idempotency (PbStorage  *storage,
                            guint       retention_days,
                            GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) limit = g_date_time_add_days (now, -(gint)retention_days);
  g_autofree char *cutoff = pb_timestamp_format (limit);
  g_autoptr(PbDbStatement) remove = NULL;
  PbDb *db = pb_storage_lock_writer (storage);
  gboolean ok;

  remove = pb_db_prepare (db, "DELETE FROM idempotency_keys WHERE created_at < $1", error);
  ok = remove != NULL;
  if (ok)
    {
      pb_db_statement_bind_text (remove, 1, cutoff);
      ok = pb_db_statement_run (remove, error);
    }
  g_clear_pointer (&remove, pb_db_statement_free);
  pb_storage_unlock_writer (storage, db);

  return ok;
}
