/* pb-store-outbox.c
 *
 * The outbox as the sync engine works it: the pending entries in order,
 * then for each the server's answer. An entry is deleted only once the
 * server acknowledged it; a temporary failure leaves it pending; a 412 or
 * another refusal keeps it, with a conflict row, until the user chooses
 * (pb-store-conflicts.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-timestamp.h"

#include "pb-store-private.h"

typedef struct
{
  PbOutboxOp  op;
  char       *entity_id;
  char       *organization_id;
  gint64      if_version;
} Entry;

static void
entry_clear (Entry *entry)
{
  g_clear_pointer (&entry->entity_id, g_free);
  g_clear_pointer (&entry->organization_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Entry, entry_clear)

#define ENTRY_COLUMNS \
  "mid, key, op, state, organization_id, entity_id, if_version, payload, format, label, created_at," \
  " attempts, last_error"

static PbOutboxEntry *
entry_from_row (sqlite3_stmt *statement)
{
  PbOutboxEntry *entry = g_new0 (PbOutboxEntry, 1);

  entry->mid = sqlite3_column_int64 (statement, 0);
  entry->key = pb_store_db_dup_text (statement, 1);
  entry->op = pb_outbox_op_from_string ((const char *) sqlite3_column_text (statement, 2));
  entry->state = pb_outbox_state_from_string ((const char *) sqlite3_column_text (statement, 3));
  entry->organization_id = pb_store_db_dup_text (statement, 4);
  entry->entity_id = pb_store_db_dup_text (statement, 5);
  entry->if_version = sqlite3_column_int64 (statement, 6);
  if (sqlite3_column_type (statement, 7) != SQLITE_NULL)
    entry->payload = g_bytes_new (sqlite3_column_blob (statement, 7), sqlite3_column_bytes (statement, 7));
  entry->format = pb_store_db_dup_text (statement, 8);
  entry->label = pb_store_db_dup_text (statement, 9);
  entry->created_at = pb_store_db_dup_text (statement, 10);
  entry->attempts = sqlite3_column_int (statement, 11);
  entry->last_error = pb_store_db_dup_text (statement, 12);
  return entry;
}

GPtrArray *
pb_store_query_outbox (PbStoreDb  *db,
                       GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "SELECT " ENTRY_COLUMNS " FROM outbox WHERE state = 'PENDING' ORDER BY mid", error);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_outbox_entry_free);
  int rc;

  if (statement == NULL)
    return NULL;
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (statement));
  sqlite3_reset (statement);
  return rc < 0 ? NULL : g_steal_pointer (&entries);
}

static gboolean
load_entry (PbStoreTx  *tx,
            gint64      mid,
            Entry      *entry,
            GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "SELECT op, entity_id, organization_id, if_version FROM outbox WHERE mid = ?1", error);
  int rc;

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, mid);
  rc = pb_store_db_step (tx->db, statement, error);
  if (rc == SQLITE_ROW)
    {
      entry->op = pb_outbox_op_from_string ((const char *) sqlite3_column_text (statement, 0));
      entry->entity_id = pb_store_db_dup_text (statement, 1);
      entry->organization_id = pb_store_db_dup_text (statement, 2);
      entry->if_version = sqlite3_column_int64 (statement, 3);
    }
  sqlite3_reset (statement);
  if (rc == SQLITE_DONE)
    g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND, "No outbox entry %" G_GINT64_FORMAT, mid);
  tx->changed |= PB_STORE_TABLE_OUTBOX;
  return rc == SQLITE_ROW;
}

/* Reads @object as a campaign the server sent for @entry, with its
 * version. */
static gboolean
read_server_campaign (JsonObject       *object,
                      Entry            *entry,
                      JsonNode        **node,
                      PbStoreResource  *resource,
                      gint64           *version,
                      GError          **error)
{
  *node = json_node_init_object (json_node_alloc (), object);
  if (!pb_store_resource_init (resource, *node, error))
    return FALSE;
  if (g_strcmp0 (resource->id, entry->entity_id) != 0 || !g_str_equal (resource->type, "campaigns"))
    {
      g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID,
                   "The server answered with %s %s for campaign %s", resource->type, resource->id,
                   entry->entity_id);
      return FALSE;
    }
  if (!pb_store_resource_version (resource, version))
    {
      g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, "campaign %s: no meta.version", resource->id);
      return FALSE;
    }
  return TRUE;
}

/* The answer is the server's copy now: the row takes it (the server's
 * values win), the shadow too when it is the newest, and the entries made
 * offline after this one against the same version now point at the
 * answer's, so they do not meet a 412 of our own making. */
static gboolean
acknowledge_campaign (PbStoreTx   *tx,
                      gint64       mid,
                      Entry       *entry,
                      JsonObject  *answer,
                      GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *data = NULL;
  PbStoreResource resource;
  gint64 version;

  if (!read_server_campaign (answer, entry, &node, &resource, &version, error)
      || !pb_store_campaign_put (tx->db, entry->organization_id, &resource, TRUE, error))
    return FALSE;
  data = pb_store_resource_to_string (&resource);
  return pb_store_shadow_offer (tx->db, "campaigns", entry->entity_id, entry->organization_id,
                                version, data, error)
      && pb_store_rebase_versions (tx->db, entry->entity_id, mid, entry->if_version, version, error);
}

gboolean
pb_store_tx_acknowledge (PbStoreTx   *tx,
                         gint64       mid,
                         JsonObject  *answer,
                         GError     **error)
{
  g_auto(Entry) entry = { 0 };

  if (!load_entry (tx, mid, &entry, error))
    return FALSE;
  if (entry.entity_id != NULL && answer != NULL && !acknowledge_campaign (tx, mid, &entry, answer, error))
    return FALSE;
  if (!pb_store_db_run_int64 (tx->db, "DELETE FROM outbox WHERE mid = ?1", mid, error))
    return FALSE;
  if (entry.entity_id == NULL)
    return TRUE;
  return pb_store_campaign_settle (tx, entry.entity_id, FALSE, error);
}

gboolean
pb_store_tx_note_failure (PbStoreTx   *tx,
                          gint64       mid,
                          const char  *message,
                          GError     **error)
{
  g_auto(Entry) entry = { 0 };
  sqlite3_stmt *statement;

  if (!load_entry (tx, mid, &entry, error))
    return FALSE;
  statement = pb_store_db_prepare (tx->db, "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE mid = ?1",
                             error);
  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, mid);
  pb_store_db_bind_text (statement, 2, message);
  return pb_store_db_step_done (tx->db, statement, error);
}

static void
add_field (JsonBuilder *builder,
           const char  *name,
           const char  *mine,
           const char  *theirs)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "mine");
  if (mine != NULL)
    json_builder_add_string_value (builder, mine);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "theirs");
  if (theirs != NULL)
    json_builder_add_string_value (builder, theirs);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static const char *
archived_text (gboolean archived)
{
  return archived ? C_("campaign state", "Archived") : C_("campaign state", "Active");
}

/* The colliding fields as the Conflits list shows them, as a JSON array of
 * {name, mine, theirs}: the name a rename wanted against the server's, or
 * the state an (un)archiving wanted against the server's. */
static char *
conflict_fields (PbStoreTx        *tx,
                 Entry            *entry,
                 PbStoreResource  *current,
                 GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *mine = NULL;
  gboolean archived;

  json_builder_begin_array (builder);
  if (entry->op == PB_OUTBOX_RENAME_CAMPAIGN)
    {
      sqlite3_stmt *statement = pb_store_db_prepare (tx->db, "SELECT name FROM campaigns WHERE id = ?1", error);

      if (statement == NULL)
        return NULL;
      pb_store_db_bind_text (statement, 1, entry->entity_id);
      if (pb_store_db_step (tx->db, statement, error) == SQLITE_ROW)
        mine = pb_store_db_dup_text (statement, 0);
      sqlite3_reset (statement);
      add_field (builder, "name", mine, pb_store_resource_string (current, "name"));
    }
  else if (entry->op == PB_OUTBOX_ARCHIVE_CAMPAIGN || entry->op == PB_OUTBOX_UNARCHIVE_CAMPAIGN)
    {
      archived = pb_store_resource_bool (current, "is-archived", pb_store_resource_string (current, "archived-at") != NULL);
      add_field (builder, "is-archived", archived_text (entry->op == PB_OUTBOX_ARCHIVE_CAMPAIGN),
                 archived_text (archived));
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
insert_conflict (PbStoreTx      *tx,
                 gint64          mid,
                 PbOutboxState   state,
                 const char     *fields,
                 gint64          server_version,
                 const char     *server_data,
                 guint           status,
                 const char     *code,
                 const char     *reason,
                 GError        **error)
{
  g_autofree char *now = pb_timestamp_now ();
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "INSERT OR REPLACE INTO conflicts (mid, fields, server_version, server_data, status, code, reason,"
    "  created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  sqlite3_stmt *update;

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, mid);
  pb_store_db_bind_text (statement, 2, fields);
  if (server_data != NULL)
    sqlite3_bind_int64 (statement, 3, server_version);
  pb_store_db_bind_text (statement, 4, server_data);
  if (status != 0)
    sqlite3_bind_int (statement, 5, status);
  pb_store_db_bind_text (statement, 6, code);
  pb_store_db_bind_text (statement, 7, reason);
  pb_store_db_bind_text (statement, 8, now);
  if (!pb_store_db_step_done (tx->db, statement, error))
    return FALSE;
  update = pb_store_db_prepare (tx->db, "UPDATE outbox SET state = ?2 WHERE mid = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, mid);
  pb_store_db_bind_text (update, 2, pb_outbox_state_to_string (state));
  return pb_store_db_step_done (tx->db, update, error);
}

gboolean
pb_store_tx_conflict (PbStoreTx   *tx,
                      gint64       mid,
                      JsonObject  *current,
                      GError     **error)
{
  g_auto(Entry) entry = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *data = NULL;
  PbStoreResource resource;
  gint64 version;

  if (!load_entry (tx, mid, &entry, error))
    return FALSE;
  if (current == NULL || entry.entity_id == NULL)
    {
      g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID,
                   "A conflict needs the server's record of a campaign (entry %" G_GINT64_FORMAT ")", mid);
      return FALSE;
    }
  if (!read_server_campaign (current, &entry, &node, &resource, &version, error))
    return FALSE;
  fields = conflict_fields (tx, &entry, &resource, error);
  data = pb_store_resource_to_string (&resource);
  if (fields == NULL
      || !pb_store_resource_check (&resource, error)
      || !insert_conflict (tx, mid, PB_OUTBOX_CONFLICT, fields, version, data, 0, NULL, NULL, error))
    return FALSE;
  /* The newest server copy known, for when the edits are settled. */
  return pb_store_shadow_offer (tx->db, "campaigns", entry.entity_id, entry.organization_id, version, data, error);
}

gboolean
pb_store_tx_reject (PbStoreTx   *tx,
                    gint64       mid,
                    guint        status,
                    const char  *code,
                    const char  *reason,
                    GError     **error)
{
  g_auto(Entry) entry = { 0 };

  return load_entry (tx, mid, &entry, error)
      && insert_conflict (tx, mid, PB_OUTBOX_REJECTED, NULL, 0, NULL, status, code, reason, error);
}
