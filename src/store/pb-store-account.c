/* pb-store-account.c
 *
 * The account the cache belongs to: the user and organizations of GET
 * /api/me, and the meta table (user id and name, e-mail, server URL, last
 * sync…).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-store-private.h"

/* Every table, for a purge; conflicts go with their outbox entries. */
static const char * const all_tables[] = {
  "conflicts", "outbox", "server_shadow", "cursors", "scorecards", "participations",
  "campaigns", "learners", "divisions", "memberships", "organizations", "meta",
};

gboolean
pb_store_tx_set_meta (PbStoreTx   *tx,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  sqlite3_stmt *statement;

  if (value == NULL)
    statement = pb_store_db_prepare (tx->db, "DELETE FROM meta WHERE key = ?1", error);
  else
    statement = pb_store_db_prepare (tx->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, key);
  if (value != NULL)
    pb_store_db_bind_text (statement, 2, value);
  tx->changed |= PB_STORE_TABLE_ACCOUNT;
  return pb_store_db_step_done (tx->db, statement, error);
}

/**
 * pb_store_query_meta:
 * @value: (out): the value, %NULL when the key is not set
 */
gboolean
pb_store_query_meta (PbStoreDb   *db,
                     const char  *key,
                     char       **value,
                     GError     **error)
{
  return pb_store_db_query_text (db, "SELECT value FROM meta WHERE key = ?1", key, value, error) >= 0;
}

static gboolean
set_user (PbStoreTx        *tx,
          PbStoreResource  *user,
          GError          **error)
{
  const char *first_name = pb_store_resource_string (user, "first-name");
  const char *last_name = pb_store_resource_string (user, "last-name");
  g_autofree char *name = NULL;

  if (!pb_store_resource_check (user, error))
    return FALSE;
  name = g_strstrip (g_strdup_printf ("%s %s", first_name != NULL ? first_name : "",
                                      last_name != NULL ? last_name : ""));
  return pb_store_tx_set_meta (tx, "user-id", user->id, error)
      && pb_store_tx_set_meta (tx, "user-name", name, error)
      && pb_store_tx_set_meta (tx, "email", pb_store_resource_string (user, "email"), error);
}

static gboolean
upsert_organization (PbStoreTx        *tx,
                     PbStoreResource  *organization,
                     const char       *role,
                     GError          **error)
{
  sqlite3_stmt *statement;
  const char *name = pb_store_resource_string (organization, "name");

  if (!pb_store_resource_check (organization, error))
    return FALSE;
  statement = pb_store_db_prepare (tx->db,
                             "INSERT INTO organizations (id, name, type, external_id, role)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
                             "  external_id = excluded.external_id, role = excluded.role",
                             error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, organization->id);
  pb_store_db_bind_text (statement, 2, name != NULL ? name : "");
  pb_store_db_bind_text (statement, 3, pb_store_resource_string (organization, "type"));
  pb_store_db_bind_text (statement, 4, pb_store_resource_string (organization, "external-id"));
  pb_store_db_bind_text (statement, 5, role);
  return pb_store_db_step_done (tx->db, statement, error);
}

/* organization id → the account's role there, from the included
 * memberships. */
static GHashTable *
collect_roles (JsonArray  *included,
               GError    **error)
{
  g_autoptr(GHashTable) roles = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = included != NULL ? json_array_get_length (included) : 0;

  for (guint i = 0; i < n; i++)
    {
      PbStoreResource membership;
      const char *organization_id;

      if (!pb_store_resource_init (&membership, json_array_get_element (included, i), error))
        return NULL;
      if (g_strcmp0 (membership.type, "memberships") != 0)
        continue;
      organization_id = pb_store_resource_related_id (&membership, "organization");
      if (organization_id != NULL)
        g_hash_table_insert (roles, (gpointer) organization_id,
                             (gpointer) pb_store_resource_string (&membership, "organization-role"));
    }
  return g_steal_pointer (&roles);
}

/* Organizations the account no longer belongs to go with all their rows,
 * pending edits included: the server would refuse them, and the data of
 * a school one has left has no business on this laptop. */
static gboolean
remove_other_organizations (PbStoreTx   *tx,
                            GHashTable  *kept,
                            GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db, "SELECT id FROM organizations", error);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (statement == NULL)
    return FALSE;
  while ((rc = pb_store_db_step (tx->db, statement, error)) == SQLITE_ROW)
    if (!g_hash_table_contains (kept, sqlite3_column_text (statement, 0)))
      g_ptr_array_add (gone, pb_store_db_dup_text (statement, 0));
  sqlite3_reset (statement);
  if (rc < 0)
    return FALSE;
  for (guint i = 0; i < gone->len; i++)
    if (!pb_store_tx_forget_organization (tx, g_ptr_array_index (gone, i), FALSE, error))
      return FALSE;
  return TRUE;
}

static JsonArray *
document_array (JsonObject *document,
                const char *member)
{
  JsonNode *node = json_object_get_member (document, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
pb_store_tx_set_account (PbStoreTx  *tx,
                         JsonNode   *me_document,
                         GError    **error)
{
  JsonObject *document;
  JsonArray *included;
  PbStoreResource user;
  g_autoptr(GHashTable) roles = NULL;
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);

  if (me_document == NULL || !JSON_NODE_HOLDS_OBJECT (me_document))
    {
      g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, "GET /api/me: not a document");
      return FALSE;
    }
  document = json_node_get_object (me_document);
  included = document_array (document, "included");
  if (!pb_store_resource_init (&user, json_object_get_member (document, "data"), error) || !set_user (tx, &user, error))
    return FALSE;
  roles = collect_roles (included, error);
  if (roles == NULL)
    return FALSE;
  for (guint i = 0; included != NULL && i < json_array_get_length (included); i++)
    {
      PbStoreResource organization;

      if (!pb_store_resource_init (&organization, json_array_get_element (included, i), error))
        return FALSE;
      if (g_strcmp0 (organization.type, "organizations") != 0)
        continue;
      if (!upsert_organization (tx, &organization, g_hash_table_lookup (roles, organization.id), error))
        return FALSE;
      g_hash_table_add (kept, (gpointer) organization.id);
    }
  tx->changed |= PB_STORE_TABLE_ACCOUNT;
  return remove_other_organizations (tx, kept, error);
}

static PbStoreOrganization *
organization_from_row (sqlite3_stmt *statement)
{
  PbStoreOrganization *row = g_new0 (PbStoreOrganization, 1);

  row->id = pb_store_db_dup_text (statement, 0);
  row->name = pb_store_db_dup_text (statement, 1);
  row->type = pb_store_db_dup_text (statement, 2);
  row->external_id = pb_store_db_dup_text (statement, 3);
  row->role = pb_store_db_dup_text (statement, 4);
  return row;
}

GPtrArray *
pb_store_query_organizations (PbStoreDb  *db,
                              GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
                                           "SELECT id, name, type, external_id, role FROM organizations"
                                           " ORDER BY name COLLATE NOCASE, id",
                                           error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_store_organization_free);
  int rc;

  if (statement == NULL)
    return NULL;
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, organization_from_row (statement));
  sqlite3_reset (statement);
  return rc < 0 ? NULL : g_steal_pointer (&rows);
}

/* One organization by its id; NULL without error when there is none. */
PbStoreOrganization *
pb_store_query_organization (PbStoreDb   *db,
                             const char  *organization_id,
                             GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
                                           "SELECT id, name, type, external_id, role FROM organizations"
                                           " WHERE id = ?1",
                                           error);
  PbStoreOrganization *row = NULL;

  if (statement == NULL)
    return NULL;
  pb_store_db_bind_text (statement, 1, organization_id);
  if (pb_store_db_step (db, statement, error) == SQLITE_ROW)
    row = organization_from_row (statement);
  sqlite3_reset (statement);
  return row;
}

/* Deletes every row; secure_delete overwrites them in the file before
 * pb_store_purge() unlinks it. */
gboolean
pb_store_tx_purge (PbStoreTx  *tx,
                   GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", all_tables[i]);

      if (!pb_store_db_exec (tx->db, sql, error))
        return FALSE;
    }
  tx->changed |= PB_STORE_TABLE_ACCOUNT | PB_STORE_TABLE_LEARNERS | PB_STORE_TABLE_CAMPAIGNS
                 | PB_STORE_TABLE_PARTICIPATIONS | PB_STORE_TABLE_OUTBOX | PB_STORE_TABLE_SYNC;
  return TRUE;
}
