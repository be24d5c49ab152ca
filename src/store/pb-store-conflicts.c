/* pb-store-conflicts.c
 *
 * The Conflits list and the user's choice on each:
 *
 * - a 412 (CONFLICT): keeping mine sends the edit again against the
 *   server's version, with a new Idempotency-Key (the server refuses a key
 *   reused with another If-Match); keeping theirs drops the edit and takes
 *   the server's record;
 * - a refusal (REJECTED): keeping mine retries it as it is, with a new key;
 *   dropping it restores the row from the last server copy, and removes a
 *   campaign created here that the server never accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-uuid.h"

#include "pb-store-private.h"

typedef struct
{
  gint64          mid;
  PbOutboxState   state;
  char           *entity_id;
  gint64          if_version;
  gint64          server_version;
  char           *server_data;
} Choice;

static void
choice_clear (Choice *choice)
{
  g_clear_pointer (&choice->entity_id, g_free);
  g_clear_pointer (&choice->server_data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Choice, choice_clear)

static void
field_free (PbConflictField *field)
{
  g_free (field->name);
  g_free (field->mine);
  g_free (field->theirs);
  g_free (field);
}

static GPtrArray *
parse_fields (const char *text)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      PbConflictField *field;

      if (object == NULL)
        continue;
      field = g_new0 (PbConflictField, 1);
      field->name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
      field->mine = g_strdup (json_object_get_string_member_with_default (object, "mine", NULL));
      field->theirs = g_strdup (json_object_get_string_member_with_default (object, "theirs", NULL));
      g_ptr_array_add (fields, field);
    }
  return fields;
}

static PbConflict *
conflict_from_row (sqlite3_stmt *statement)
{
  PbConflict *conflict = g_new0 (PbConflict, 1);

  conflict->id = sqlite3_column_int64 (statement, 0);
  conflict->mid = sqlite3_column_int64 (statement, 1);
  conflict->op = pb_outbox_op_from_string ((const char *) sqlite3_column_text (statement, 2));
  conflict->state = pb_outbox_state_from_string ((const char *) sqlite3_column_text (statement, 3));
  conflict->entity_id = pb_store_db_dup_text (statement, 4);
  conflict->label = pb_store_db_dup_text (statement, 5);
  conflict->fields = parse_fields ((const char *) sqlite3_column_text (statement, 6));
  conflict->server_version = sqlite3_column_int64 (statement, 7);
  conflict->status = sqlite3_column_int (statement, 8);
  conflict->code = pb_store_db_dup_text (statement, 9);
  conflict->reason = pb_store_db_dup_text (statement, 10);
  conflict->created_at = pb_store_db_dup_text (statement, 11);
  return conflict;
}

GPtrArray *
pb_store_query_conflicts (PbStoreDb  *db,
                          GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "SELECT k.id, k.mid, o.op, o.state, o.entity_id, coalesce (c.name, o.label), k.fields,"
    "  k.server_version, k.status, k.code, k.reason, k.created_at"
    " FROM conflicts k JOIN outbox o ON o.mid = k.mid LEFT JOIN campaigns c ON c.id = o.entity_id"
    " ORDER BY k.mid", error);
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_conflict_free);
  int rc;

  if (statement == NULL)
    return NULL;
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (statement));
  sqlite3_reset (statement);
  return rc < 0 ? NULL : g_steal_pointer (&conflicts);
}

static gboolean
load_choice (PbStoreTx  *tx,
             gint64      conflict_id,
             Choice     *choice,
             GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "SELECT o.mid, o.state, o.entity_id, o.if_version, k.server_version, k.server_data"
    " FROM conflicts k JOIN outbox o ON o.mid = k.mid WHERE k.id = ?1", error);
  int rc;

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, conflict_id);
  rc = pb_store_db_step (tx->db, statement, error);
  if (rc == SQLITE_ROW)
    {
      choice->mid = sqlite3_column_int64 (statement, 0);
      choice->state = pb_outbox_state_from_string ((const char *) sqlite3_column_text (statement, 1));
      choice->entity_id = pb_store_db_dup_text (statement, 2);
      choice->if_version = sqlite3_column_int64 (statement, 3);
      choice->server_version = sqlite3_column_int64 (statement, 4);
      choice->server_data = pb_store_db_dup_text (statement, 5);
    }
  sqlite3_reset (statement);
  if (rc == SQLITE_DONE)
    g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND, "No conflict %" G_GINT64_FORMAT, conflict_id);
  return rc == SQLITE_ROW;
}

/* Back to PENDING with a new key, and for a 412 against the server's
 * version: the edit is sent again, over what the server has. */
static gboolean
send_again (PbStoreTx  *tx,
            Choice     *choice,
            GError    **error)
{
  g_autofree char *key = pb_uuid_new_v7 ();
  gboolean conflict = choice->state == PB_OUTBOX_CONFLICT;
  gint64 if_version = conflict ? choice->server_version : choice->if_version;
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "UPDATE outbox SET state = 'PENDING', key = ?2, if_version = ?3, attempts = 0, last_error = NULL"
    " WHERE mid = ?1", error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, choice->mid);
  pb_store_db_bind_text (statement, 2, key);
  sqlite3_bind_int64 (statement, 3, if_version);
  if (!pb_store_db_step_done (tx->db, statement, error)
      || !pb_store_db_run_int64 (tx->db, "DELETE FROM conflicts WHERE mid = ?1", choice->mid, error))
    return FALSE;
  if (!conflict || choice->entity_id == NULL)
    return TRUE;
  /* Later edits of the campaign made against the same old version would
   * meet the same 412: they follow this one. */
  return pb_store_rebase_versions (tx->db, choice->entity_id, choice->mid, choice->if_version,
                                   choice->server_version, error);
}

/* The server's record of the 412 becomes the row's base, the remaining
 * edits (mine, when kept) replayed over it. */
static gboolean
take_server_record (PbStoreTx  *tx,
                    Choice     *choice,
                    GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  PbStoreResource resource;

  if (choice->server_data == NULL || choice->entity_id == NULL)
    return TRUE;
  node = json_from_string (choice->server_data, error);
  if (node == NULL || !pb_store_resource_init (&resource, node, error))
    return FALSE;
  return pb_store_campaign_put (tx->db, NULL, &resource, TRUE, error);
}

gboolean
pb_store_tx_resolve_conflict (PbStoreTx  *tx,
                              gint64      conflict_id,
                              gboolean    keep_mine,
                              GError    **error)
{
  g_auto(Choice) choice = { 0 };
  gboolean conflict;

  if (!load_choice (tx, conflict_id, &choice, error))
    return FALSE;
  conflict = choice.state == PB_OUTBOX_CONFLICT;
  tx->changed |= PB_STORE_TABLE_OUTBOX;
  if (keep_mine && !send_again (tx, &choice, error))
    return FALSE;
  /* Deleting the entry deletes its conflict row (ON DELETE CASCADE). */
  if (!keep_mine && !pb_store_db_run_int64 (tx->db, "DELETE FROM outbox WHERE mid = ?1", choice.mid, error))
    return FALSE;
  if (conflict && !take_server_record (tx, &choice, error))
    return FALSE;
  if (choice.entity_id == NULL || (keep_mine && !conflict))
    return TRUE;
  return pb_store_campaign_settle (tx, choice.entity_id, !keep_mine && !conflict, error);
}
