/* pb-store-rebase.c
 *
 * A campaign row with outbox entries not yet acknowledged shows the user's
 * edits over the server's copy. Three things keep it so:
 *
 * - the shadow: the newest server copy received while entries wait (from a
 *   pull, a 412's current record), applied to the row once they are gone;
 * - settling: whenever an entry goes (acknowledged, dropped), the row is
 *   rebuilt as a server copy (the shadow when newer, or when restoring the
 *   row's own last server copy) with the remaining entries replayed over
 *   it in their order;
 * - rebasing: entries made offline against version N all carry If-Match N;
 *   once the first is acknowledged at N+1, the others must say N+1 or the
 *   server answers 412 to our own edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-store-private.h"

typedef struct
{
  gboolean  found;
  gint64    version;
  char     *data;        /* NULL: deleted on the server */
} Copy;

static void
copy_clear (Copy *copy)
{
  g_clear_pointer (&copy->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Copy, copy_clear)

gboolean
pb_store_shadow_offer (PbStoreDb   *db,
                       const char  *type,
                       const char  *id,
                       const char  *organization_id,
                       gint64       version,
                       const char  *data,
                       GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "INSERT INTO server_shadow (type, id, organization_id, version, data) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (type, id) DO UPDATE SET organization_id = excluded.organization_id,"
    "  version = excluded.version, data = excluded.data"
    " WHERE excluded.version > server_shadow.version", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, type);
  pb_store_db_bind_text (statement, 2, id);
  pb_store_db_bind_text (statement, 3, organization_id);
  sqlite3_bind_int64 (statement, 4, version);
  pb_store_db_bind_text (statement, 5, data);
  return pb_store_db_step_done (db, statement, error);
}

gboolean
pb_store_rebase_versions (PbStoreDb   *db,
                          const char  *entity_id,
                          gint64       after_mid,
                          gint64       old_version,
                          gint64       new_version,
                          GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "UPDATE outbox SET if_version = ?4 WHERE entity_id = ?1 AND mid > ?2 AND if_version = ?3", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, entity_id);
  sqlite3_bind_int64 (statement, 2, after_mid);
  sqlite3_bind_int64 (statement, 3, old_version);
  sqlite3_bind_int64 (statement, 4, new_version);
  return pb_store_db_step_done (db, statement, error);
}

static gboolean
load_copy (PbStoreDb   *db,
           const char  *sql,
           const char  *id,
           Copy        *copy,
           GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, sql, error);
  int rc;

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, id);
  rc = pb_store_db_step (db, statement, error);
  if (rc == SQLITE_ROW)
    {
      copy->found = TRUE;
      copy->version = sqlite3_column_int64 (statement, 0);
      copy->data = pb_store_db_dup_text (statement, 1);
    }
  sqlite3_reset (statement);
  return rc >= 0;
}

static gboolean
apply_copy (PbStoreTx   *tx,
            const char  *data,
            GError     **error)
{
  g_autoptr(JsonNode) node = json_from_string (data, error);
  PbStoreResource resource;

  if (node == NULL || !pb_store_resource_init (&resource, node, error))
    return FALSE;
  return pb_store_campaign_put (tx->db, NULL, &resource, TRUE, error);
}

/* json_object_get_object_member() is critical about a missing member. */
static JsonObject *
child_object (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The name an entry sets: the payload's data.attributes.name. */
static char *
payload_name (sqlite3_stmt *statement,
              int           column)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *attributes;

  if (sqlite3_column_type (statement, column) == SQLITE_NULL)
    return NULL;
  node = json_from_string ((const char *) sqlite3_column_text (statement, column), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  attributes = child_object (child_object (json_node_get_object (node), "data"), "attributes");
  return attributes != NULL ? g_strdup (json_object_get_string_member_with_default (attributes, "name", NULL))
                            : NULL;
}

static gboolean
replay_entry (PbStoreTx   *tx,
              const char  *campaign_id,
              PbOutboxOp   op,
              const char  *name,
              const char  *created_at,
              GError     **error)
{
  sqlite3_stmt *statement;

  switch (op)
    {
    case PB_OUTBOX_CREATE_CAMPAIGN:
    case PB_OUTBOX_RENAME_CAMPAIGN:
      if (name == NULL)
        return TRUE;
      statement = pb_store_db_prepare (tx->db, "UPDATE campaigns SET name = ?2 WHERE id = ?1", error);
      break;
    case PB_OUTBOX_ARCHIVE_CAMPAIGN:
      statement = pb_store_db_prepare (tx->db,
                                 "UPDATE campaigns SET archived_at = coalesce (archived_at, ?2) WHERE id = ?1",
                                 error);
      name = created_at;
      break;
    case PB_OUTBOX_UNARCHIVE_CAMPAIGN:
      statement = pb_store_db_prepare (tx->db, "UPDATE campaigns SET archived_at = NULL WHERE id = ?1", error);
      break;
    case PB_OUTBOX_IMPORT_LEARNERS:
    default:
      return TRUE;
    }
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, campaign_id);
  if (op != PB_OUTBOX_UNARCHIVE_CAMPAIGN)
    pb_store_db_bind_text (statement, 2, name);
  return pb_store_db_step_done (tx->db, statement, error);
}

/* Collects first, then updates: the entries' cursor stays out of the way. */
static gboolean
replay_entries (PbStoreTx   *tx,
                const char  *campaign_id,
                guint       *n_entries,
                GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "SELECT op, payload, created_at FROM outbox WHERE entity_id = ?1 ORDER BY mid", error);
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (PbOutboxOp));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) times = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, campaign_id);
  while ((rc = pb_store_db_step (tx->db, statement, error)) == SQLITE_ROW)
    {
      PbOutboxOp op = pb_outbox_op_from_string ((const char *) sqlite3_column_text (statement, 0));

      g_array_append_val (ops, op);
      g_ptr_array_add (names, payload_name (statement, 1));
      g_ptr_array_add (times, pb_store_db_dup_text (statement, 2));
    }
  sqlite3_reset (statement);
  if (rc < 0)
    return FALSE;
  for (guint i = 0; i < ops->len; i++)
    if (!replay_entry (tx, campaign_id, g_array_index (ops, PbOutboxOp, i),
                       g_ptr_array_index (names, i), g_ptr_array_index (times, i), error))
      return FALSE;
  *n_entries = ops->len;
  return pb_store_db_run_text (tx->db, "UPDATE campaigns SET search_key = pb_fold (name || ' ' || coalesce (code, ''))"
                               " WHERE id = ?1", campaign_id, error);
}

/* A campaign created here that the server never accepted: once its
 * creation is dropped, the campaign and what was queued on it go. */
static gboolean
drop_unborn (PbStoreTx   *tx,
             const char  *campaign_id,
             GError     **error)
{
  gint64 found = 0;
  int rc = pb_store_db_query_int64 (tx->db, "SELECT 1 FROM outbox WHERE entity_id = ?1 AND op = 'CREATE_CAMPAIGN'",
                              campaign_id, &found, error);

  if (rc < 0)
    return FALSE;
  if (rc > 0)
    return TRUE;
  tx->changed |= PB_STORE_TABLE_OUTBOX;
  return pb_store_db_run_text (tx->db, "DELETE FROM outbox WHERE entity_id = ?1", campaign_id, error)
      && pb_store_db_run_text (tx->db, "DELETE FROM campaigns WHERE id = ?1", campaign_id, error);
}

/* Rebuilds the row from @base (a server copy; data NULL: deleted). */
static gboolean
apply_base (PbStoreTx   *tx,
            const char  *campaign_id,
            Copy        *base,
            gboolean     dirty,
            GError     **error)
{
  if (base->data != NULL)
    return apply_copy (tx, base->data, error);
  /* Deleted on the server: the row stays while edits of it wait (their
   * answers will say so), and goes with the last of them. */
  if (!dirty)
    return pb_store_db_run_text (tx->db, "DELETE FROM campaigns WHERE id = ?1", campaign_id, error);
  return TRUE;
}

static int
count_entries (PbStoreDb   *db,
               const char  *campaign_id,
               GError     **error)
{
  gint64 n = 0;

  if (pb_store_db_query_int64 (db, "SELECT count (*) FROM outbox WHERE entity_id = ?1", campaign_id, &n, error) < 0)
    return -1;
  return (int) n;
}

/**
 * pb_store_campaign_settle:
 * @restore: an entry was dropped: rebuild the row from the last server
 *   copy even when it is not newer than the row (undoing the dropped edit)
 *
 * After an outbox entry of the campaign went: the row becomes the newest
 * server copy known with the remaining entries replayed over it; with no
 * entry left, the shadow is applied (when newer) and forgotten.
 */
gboolean
pb_store_campaign_settle (PbStoreTx   *tx,
                          const char  *campaign_id,
                          gboolean     restore,
                          GError     **error)
{
  g_auto(Copy) row = { 0 };
  g_auto(Copy) shadow = { 0 };
  int n_entries = count_entries (tx->db, campaign_id, error);
  guint n_replayed = 0;

  if (n_entries < 0
      || !load_copy (tx->db, "SELECT version, server_data FROM campaigns WHERE id = ?1", campaign_id, &row, error)
      || !load_copy (tx->db, "SELECT version, data FROM server_shadow WHERE type = 'campaigns' AND id = ?1",
                     campaign_id, &shadow, error))
    return FALSE;
  tx->changed |= PB_STORE_TABLE_CAMPAIGNS;
  if (shadow.found && (restore || !row.found || shadow.version > row.version))
    {
      if (!apply_base (tx, campaign_id, &shadow, n_entries > 0, error))
        return FALSE;
    }
  else if (restore && row.found && row.data != NULL)
    {
      if (!apply_copy (tx, row.data, error))
        return FALSE;
    }
  else if (restore && row.found && row.version == 0)
    {
      if (!drop_unborn (tx, campaign_id, error)
          || !pb_store_db_run_text (tx->db, "UPDATE campaigns SET archived_at = NULL WHERE id = ?1", campaign_id, error))
        return FALSE;
    }
  if (!replay_entries (tx, campaign_id, &n_replayed, error))
    return FALSE;
  if (n_replayed == 0)
    return pb_store_db_run_text (tx->db, "DELETE FROM server_shadow WHERE type = 'campaigns' AND id = ?1", campaign_id, error);
  return TRUE;
}
