/* pb-store-apply.c
 *
 * The pull: one page of GET /api/organizations/{id}/changes applied with
 * its cursor in one transaction (the caller's job), so a crash between
 * pages resumes at the last page saved and never skips one.
 *
 * Each resource has meta.op "put" (the record as it is now) or "del" (type
 * and id only). A put whose version is not newer than the row's is ignored:
 * the page applied again after a crash changes nothing. Types this version
 * does not know are skipped, so a newer server can add some; a resource we
 * know but cannot read fails the whole page.
 *
 * A campaign with outbox entries not acknowledged yet is never overwritten:
 * the server's copy waits in server_shadow (see pb-store-rebase.c) until
 * the entries are settled, so a pull never undoes an edit made offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-timestamp.h"

#include "pb-store-private.h"

typedef gboolean (*PutFunc) (PbStoreTx   *tx,
                             const char  *organization_id,
                             PbStoreResource  *resource,
                             gint64       version,
                             GError     **error);
typedef gboolean (*DelFunc) (PbStoreTx   *tx,
                             const char  *organization_id,
                             PbStoreResource  *resource,
                             GError     **error);

typedef struct
{
  const char    *type;
  PbStoreTables  tables;
  PutFunc        put;
  DelFunc        del;
  const char    *delete_sql;
} ResourceKind;

/* Tables whose rows belong to one organization, for a re-snapshot;
 * campaigns are handled apart (some are kept). */
static const char * const organization_tables[] = {
  "memberships", "divisions", "learners", "participations", "scorecards", "cursors", "server_shadow",
};

static gboolean
missing (PbStoreResource  *resource,
         const char       *what,
         GError          **error)
{
  g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, "%s %s: no %s", resource->type, resource->id, what);
  return FALSE;
}

static void
bind_optional_int (sqlite3_stmt    *statement,
                   int              index,
                   PbStoreResource *resource,
                   const char      *attribute)
{
  if (pb_store_resource_has_int (resource, attribute))
    sqlite3_bind_int64 (statement, index, pb_store_resource_int (resource, attribute, 0));
  else
    sqlite3_bind_null (statement, index);
}

static gboolean
put_membership (PbStoreTx        *tx,
                const char       *organization_id,
                PbStoreResource  *resource,
                gint64            version,
                GError          **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "INSERT INTO memberships (id, organization_id, user_id, role, first_name, last_name, email, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id, user_id = excluded.user_id,"
    "  role = excluded.role, first_name = excluded.first_name, last_name = excluded.last_name,"
    "  email = excluded.email, version = excluded.version"
    " WHERE excluded.version > memberships.version", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, pb_store_resource_related_id (resource, "user"));
  pb_store_db_bind_text (statement, 4, pb_store_resource_string (resource, "organization-role"));
  pb_store_db_bind_text (statement, 5, pb_store_resource_string (resource, "first-name"));
  pb_store_db_bind_text (statement, 6, pb_store_resource_string (resource, "last-name"));
  pb_store_db_bind_text (statement, 7, pb_store_resource_string (resource, "email"));
  sqlite3_bind_int64 (statement, 8, version);
  return pb_store_resource_check (resource, error) && pb_store_db_step_done (tx->db, statement, error);
}

static gboolean
put_division (PbStoreTx        *tx,
              const char       *organization_id,
              PbStoreResource  *resource,
              gint64            version,
              GError          **error)
{
  const char *name = pb_store_resource_string (resource, "name");
  sqlite3_stmt *statement;

  if (!pb_store_resource_check (resource, error))
    return FALSE;
  if (name == NULL)
    return missing (resource, "name", error);
  statement = pb_store_db_prepare (tx->db,
    "INSERT INTO divisions (id, organization_id, name, version) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id, name = excluded.name,"
    "  version = excluded.version"
    " WHERE excluded.version > divisions.version", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, name);
  sqlite3_bind_int64 (statement, 4, version);
  return pb_store_db_step_done (tx->db, statement, error);
}

/* Disabled learners (is-disabled: left the school) are kept, for their
 * past participations, but the lists and counts leave them out. */
static gboolean
put_learner (PbStoreTx        *tx,
             const char       *organization_id,
             PbStoreResource  *resource,
             gint64            version,
             GError          **error)
{
  const char *last_name = pb_store_resource_string (resource, "last-name");
  const char *first_name = pb_store_resource_string (resource, "first-name");
  sqlite3_stmt *statement;

  if (last_name == NULL)
    return missing (resource, "last-name", error);
  if (first_name == NULL)
    return missing (resource, "first-name", error);
  statement = pb_store_db_prepare (tx->db,
    "INSERT INTO learners (id, organization_id, last_name, first_name, birthdate, division,"
    "  national_student_id, user_id, is_certifiable, is_disabled, pix_score,"
    "  last_key, first_key, search_key, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    "  pb_fold (?3), pb_fold (?4), pb_fold (?3 || ' ' || ?4 || ' ' || coalesce (?7, '')), ?12)"
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,"
    "  last_name = excluded.last_name, first_name = excluded.first_name, birthdate = excluded.birthdate,"
    "  division = excluded.division, national_student_id = excluded.national_student_id,"
    "  user_id = excluded.user_id, is_certifiable = excluded.is_certifiable,"
    "  is_disabled = excluded.is_disabled, pix_score = excluded.pix_score, last_key = excluded.last_key,"
    "  first_key = excluded.first_key, search_key = excluded.search_key, version = excluded.version"
    " WHERE excluded.version > learners.version", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, last_name);
  pb_store_db_bind_text (statement, 4, first_name);
  pb_store_db_bind_text (statement, 5, pb_store_resource_string (resource, "birthdate"));
  pb_store_db_bind_text (statement, 6, pb_store_resource_string (resource, "division"));
  pb_store_db_bind_text (statement, 7, pb_store_resource_string (resource, "national-student-id"));
  pb_store_db_bind_text (statement, 8, pb_store_resource_string (resource, "user-id"));
  sqlite3_bind_int (statement, 9, pb_store_resource_bool (resource, "is-certifiable", FALSE));
  sqlite3_bind_int (statement, 10, pb_store_resource_bool (resource, "is-disabled", FALSE));
  bind_optional_int (statement, 11, resource, "pix-score");
  sqlite3_bind_int64 (statement, 12, version);
  return pb_store_resource_check (resource, error) && pb_store_db_step_done (tx->db, statement, error);
}

static gboolean
put_participation (PbStoreTx        *tx,
                   const char       *organization_id,
                   PbStoreResource  *resource,
                   gint64            version,
                   GError          **error)
{
  const char *campaign_id = pb_store_resource_related_id (resource, "campaign");
  const char *status = pb_store_resource_string (resource, "status");
  JsonNode *results = pb_store_resource_attribute (resource, "results");
  sqlite3_stmt *statement;

  if (campaign_id == NULL)
    return missing (resource, "campaign", error);
  if (status == NULL)
    return missing (resource, "status", error);
  statement = pb_store_db_prepare (tx->db,
    "INSERT INTO participations (id, organization_id, campaign_id, learner_id, user_id, status,"
    "  created_at, shared_at, mastery_rate, pix_score, validated_skills_count, is_improved, results, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,"
    "  campaign_id = excluded.campaign_id, learner_id = excluded.learner_id, user_id = excluded.user_id,"
    "  status = excluded.status, created_at = excluded.created_at, shared_at = excluded.shared_at,"
    "  mastery_rate = excluded.mastery_rate, pix_score = excluded.pix_score,"
    "  validated_skills_count = excluded.validated_skills_count, is_improved = excluded.is_improved,"
    "  results = excluded.results, version = excluded.version"
    " WHERE excluded.version > participations.version", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, campaign_id);
  pb_store_db_bind_text (statement, 4, pb_store_resource_related_id (resource, "organization-learner"));
  pb_store_db_bind_text (statement, 5, pb_store_resource_related_id (resource, "user"));
  pb_store_db_bind_text (statement, 6, status);
  pb_store_db_bind_text (statement, 7, pb_store_resource_string (resource, "created-at"));
  pb_store_db_bind_text (statement, 8, pb_store_resource_string (resource, "shared-at"));
  if (pb_store_resource_attribute (resource, "mastery-rate") != NULL)
    sqlite3_bind_double (statement, 9, pb_store_resource_double (resource, "mastery-rate", 0));
  bind_optional_int (statement, 10, resource, "pix-score");
  bind_optional_int (statement, 11, resource, "validated-skills-count");
  sqlite3_bind_int (statement, 12, pb_store_resource_bool (resource, "is-improved", FALSE));
  /* Kept as the server wrote it: the views parse what they show. */
  if (results != NULL)
    sqlite3_bind_text (statement, 13, json_to_string (results, FALSE), -1, g_free);
  sqlite3_bind_int64 (statement, 14, version);
  return pb_store_resource_check (resource, error) && pb_store_db_step_done (tx->db, statement, error);
}

static gboolean
put_scorecard (PbStoreTx        *tx,
               const char       *organization_id,
               PbStoreResource  *resource,
               gint64            version,
               GError          **error)
{
  const char *learner_id = pb_store_resource_related_id (resource, "organization-learner");
  const char *competence_index = pb_store_resource_string (resource, "competence-index");
  sqlite3_stmt *statement;

  if (learner_id == NULL)
    return missing (resource, "organization-learner", error);
  if (competence_index == NULL)
    return missing (resource, "competence-index", error);
  statement = pb_store_db_prepare (tx->db,
    "INSERT INTO scorecards (id, organization_id, learner_id, competence_index, earned_pix, level,"
    "  shared_at, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id,"
    "  learner_id = excluded.learner_id, competence_index = excluded.competence_index,"
    "  earned_pix = excluded.earned_pix, level = excluded.level, shared_at = excluded.shared_at,"
    "  version = excluded.version"
    " WHERE excluded.version > scorecards.version", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, learner_id);
  pb_store_db_bind_text (statement, 4, competence_index);
  sqlite3_bind_int64 (statement, 5, pb_store_resource_int (resource, "earned-pix", 0));
  sqlite3_bind_int64 (statement, 6, pb_store_resource_int (resource, "level", 0));
  pb_store_db_bind_text (statement, 7, pb_store_resource_string (resource, "shared-at"));
  sqlite3_bind_int64 (statement, 8, version);
  return pb_store_resource_check (resource, error) && pb_store_db_step_done (tx->db, statement, error);
}

#define CAMPAIGN_UPSERT \
  "INSERT INTO campaigns (id, organization_id, name, code, type, title, target_profile_id, owner_id," \
  "  created_at, archived_at, search_key, version, server_data)" \
  " VALUES (?1, coalesce (?2, (SELECT c.organization_id FROM campaigns c WHERE c.id = ?1))," \
  "  ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, pb_fold (?3 || ' ' || coalesce (?4, '')), ?11, ?12)" \
  " ON CONFLICT (id) DO UPDATE SET organization_id = excluded.organization_id, name = excluded.name," \
  "  code = excluded.code, type = excluded.type, title = excluded.title," \
  "  target_profile_id = excluded.target_profile_id, owner_id = excluded.owner_id," \
  "  created_at = excluded.created_at, archived_at = excluded.archived_at," \
  "  search_key = excluded.search_key, version = excluded.version, server_data = excluded.server_data"

static const char *
campaign_archived_at (PbStoreResource *resource)
{
  const char *archived_at = pb_store_resource_string (resource, "archived-at");

  /* An answer may say is-archived without the time: archived all the same. */
  if (archived_at == NULL && pb_store_resource_bool (resource, "is-archived", FALSE))
    return pb_store_resource_string (resource, "created-at");
  return archived_at;
}

/**
 * pb_store_campaign_put:
 * @resource: a campaign as the server sent it, with meta.version
 * @organization_id: (nullable): the organization when the resource has no
 *   organization relationship; %NULL: the row's
 * @force: write it whatever the row's version (an acknowledgement, a
 *   shadow, a conflict settled); else only over an older row
 *
 * Writes the server's copy of a campaign into its row, and keeps it as the
 * row's server_data.
 */
gboolean
pb_store_campaign_put (PbStoreDb        *db,
                       const char       *organization_id,
                       PbStoreResource  *resource,
                       gboolean          force,
                       GError          **error)
{
  const char *name = pb_store_resource_string (resource, "name");
  const char *type = pb_store_resource_string (resource, "type");
  const char *created_at = pb_store_resource_string (resource, "created-at");
  const char *owner_id = pb_store_resource_string (resource, "owner-id");
  const char *related_organization = pb_store_resource_related_id (resource, "organization");
  g_autofree char *now = NULL;
  sqlite3_stmt *statement;
  gint64 version;

  if (!pb_store_resource_version (resource, &version))
    return missing (resource, "version", error);
  if (name == NULL)
    return missing (resource, "name", error);
  if (type == NULL)
    return missing (resource, "type", error);
  if (created_at == NULL)
    created_at = now = pb_timestamp_now ();
  statement = pb_store_db_prepare (db, force ? CAMPAIGN_UPSERT
                                       : CAMPAIGN_UPSERT " WHERE excluded.version > campaigns.version", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, resource->id);
  pb_store_db_bind_text (statement, 2, related_organization != NULL ? related_organization : organization_id);
  pb_store_db_bind_text (statement, 3, name);
  pb_store_db_bind_text (statement, 4, pb_store_resource_string (resource, "code"));
  pb_store_db_bind_text (statement, 5, type);
  pb_store_db_bind_text (statement, 6, pb_store_resource_string (resource, "title"));
  pb_store_db_bind_text (statement, 7, pb_store_resource_related_id (resource, "target-profile"));
  pb_store_db_bind_text (statement, 8, owner_id != NULL ? owner_id : pb_store_resource_related_id (resource, "owner"));
  pb_store_db_bind_text (statement, 9, created_at);
  pb_store_db_bind_text (statement, 10, campaign_archived_at (resource));
  sqlite3_bind_int64 (statement, 11, version);
  sqlite3_bind_text (statement, 12, pb_store_resource_to_string (resource), -1, g_free);
  return pb_store_resource_check (resource, error) && pb_store_db_step_done (db, statement, error);
}

static int
campaign_has_entries (PbStoreDb   *db,
                      const char  *campaign_id,
                      GError     **error)
{
  gint64 found = 0;

  return pb_store_db_query_int64 (db, "SELECT 1 FROM outbox WHERE entity_id = ?1 LIMIT 1", campaign_id, &found, error);
}

static gboolean
put_campaign (PbStoreTx        *tx,
              const char       *organization_id,
              PbStoreResource  *resource,
              gint64            version,
              GError          **error)
{
  g_autofree char *data = NULL;
  gint64 local_version = -1;
  int dirty = campaign_has_entries (tx->db, resource->id, error);

  if (dirty < 0)
    return FALSE;
  if (!dirty)
    return pb_store_campaign_put (tx->db, organization_id, resource, FALSE, error);
  if (pb_store_db_query_int64 (tx->db, "SELECT version FROM campaigns WHERE id = ?1", resource->id,
                         &local_version, error) < 0)
    return FALSE;
  if (version <= local_version)
    return TRUE;
  data = pb_store_resource_to_string (resource);
  return pb_store_shadow_offer (tx->db, "campaigns", resource->id, organization_id, version, data, error);
}

static gboolean
del_campaign (PbStoreTx        *tx,
              const char       *organization_id,
              PbStoreResource  *resource,
              GError          **error)
{
  int dirty = campaign_has_entries (tx->db, resource->id, error);

  if (dirty < 0)
    return FALSE;
  if (dirty)
    return pb_store_shadow_offer (tx->db, "campaigns", resource->id, organization_id,
                                  PB_SHADOW_DELETED, NULL, error);
  return pb_store_db_run_text (tx->db, "DELETE FROM campaigns WHERE id = ?1", resource->id, error);
}

/* A learner's scorecards go with it: nothing else would ever delete them. */
static gboolean
del_learner (PbStoreTx        *tx,
             const char       *organization_id,
             PbStoreResource  *resource,
             GError          **error)
{
  return pb_store_db_run_text (tx->db, "DELETE FROM learners WHERE id = ?1", resource->id, error)
      && pb_store_db_run_text (tx->db, "DELETE FROM scorecards WHERE learner_id = ?1", resource->id, error);
}

static const ResourceKind kinds[] = {
  { "memberships", PB_STORE_TABLE_ACCOUNT, put_membership, NULL, "DELETE FROM memberships WHERE id = ?1" },
  { "divisions", PB_STORE_TABLE_LEARNERS, put_division, NULL, "DELETE FROM divisions WHERE id = ?1" },
  { "organization-learners", PB_STORE_TABLE_LEARNERS, put_learner, del_learner, NULL },
  { "campaigns", PB_STORE_TABLE_CAMPAIGNS, put_campaign, del_campaign, NULL },
  { "campaign-participations", PB_STORE_TABLE_PARTICIPATIONS, put_participation, NULL,
    "DELETE FROM participations WHERE id = ?1" },
  { "scorecards", PB_STORE_TABLE_PARTICIPATIONS, put_scorecard, NULL, "DELETE FROM scorecards WHERE id = ?1" },
};

static const ResourceKind *
find_kind (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].type, type))
      return &kinds[i];
  return NULL;
}

static gboolean
apply_one (PbStoreTx   *tx,
           const char  *organization_id,
           JsonNode    *node,
           GError     **error)
{
  PbStoreResource resource;
  const ResourceKind *kind;
  const char *op;
  gint64 version;

  if (!pb_store_resource_init (&resource, node, error))
    return FALSE;
  kind = find_kind (resource.type);
  if (kind == NULL)
    return TRUE;
  op = pb_store_resource_meta_string (&resource, "op");
  tx->changed |= kind->tables;
  if (g_strcmp0 (op, "del") == 0)
    return kind->del != NULL ? kind->del (tx, organization_id, &resource, error)
                             : pb_store_db_run_text (tx->db, kind->delete_sql, resource.id, error);
  if (g_strcmp0 (op, "put") != 0)
    return missing (&resource, "meta.op", error);
  if (!pb_store_resource_version (&resource, &version))
    return missing (&resource, "meta.version", error);
  if (resource.attributes == NULL)
    return missing (&resource, "attributes", error);
  return kind->put (tx, organization_id, &resource, version, error);
}

static gboolean
save_cursor (PbStoreTx   *tx,
             const char  *organization_id,
             const char  *cursor,
             GError     **error)
{
  g_autofree char *now = pb_timestamp_now ();
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "INSERT OR REPLACE INTO cursors (organization_id, cursor, saved_at) VALUES (?1, ?2, ?3)", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, organization_id);
  pb_store_db_bind_text (statement, 2, cursor);
  pb_store_db_bind_text (statement, 3, now);
  tx->changed |= PB_STORE_TABLE_SYNC;
  return pb_store_db_step_done (tx->db, statement, error);
}

gboolean
pb_store_tx_apply_changes (PbStoreTx   *tx,
                           const char  *organization_id,
                           JsonArray   *resources,
                           const char  *next_cursor,
                           GError     **error)
{
  guint n = resources != NULL ? json_array_get_length (resources) : 0;

  for (guint i = 0; i < n; i++)
    if (!apply_one (tx, organization_id, json_array_get_element (resources, i), error))
      {
        g_prefix_error (error, "Change %u of the page: ", i + 1);
        return FALSE;
      }
  if (next_cursor != NULL)
    return save_cursor (tx, organization_id, next_cursor, error);
  return TRUE;
}

/* @sql may be built at run time: not kept prepared. */
static gboolean
delete_where_organization (PbStoreDb   *db,
                           const char  *sql,
                           const char  *organization_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) statement = pb_store_db_prepare_once (db, sql, error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, organization_id);
  return pb_store_db_step_done (db, statement, error);
}

/**
 * pb_store_tx_forget_organization:
 * @keep_local_edits: a re-snapshot (410) keeps the outbox and the campaigns
 *   it touches (created offline, or edited and not acknowledged); the
 *   account leaving the organization drops them too
 */
gboolean
pb_store_tx_forget_organization (PbStoreTx   *tx,
                                 const char  *organization_id,
                                 gboolean     keep_local_edits,
                                 GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (organization_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE organization_id = ?1",
                                              organization_tables[i]);

      if (!delete_where_organization (tx->db, sql, organization_id, error))
        return FALSE;
    }
  tx->changed |= PB_STORE_TABLE_ACCOUNT | PB_STORE_TABLE_LEARNERS | PB_STORE_TABLE_CAMPAIGNS
                 | PB_STORE_TABLE_PARTICIPATIONS | PB_STORE_TABLE_SYNC;
  if (keep_local_edits)
    return delete_where_organization (tx->db,
                                      "DELETE FROM campaigns WHERE organization_id = ?1 AND NOT EXISTS"
                                      " (SELECT 1 FROM outbox o WHERE o.entity_id = campaigns.id)",
                                      organization_id, error);
  tx->changed |= PB_STORE_TABLE_OUTBOX;
  return delete_where_organization (tx->db, "DELETE FROM campaigns WHERE organization_id = ?1",
                                    organization_id, error)
      && delete_where_organization (tx->db, "DELETE FROM outbox WHERE organization_id = ?1",
                                    organization_id, error)
      && delete_where_organization (tx->db, "DELETE FROM organizations WHERE id = ?1",
                                    organization_id, error);
}
