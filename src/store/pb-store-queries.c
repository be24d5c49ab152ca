/* pb-store-queries.c
 *
 * The reads the views make, filtered and sorted in SQL so a school of
 * 100 000 learners costs one indexed query per refresh. Searches match
 * every word typed, folded like the rows' search keys (case and accents
 * ignored), anywhere in the key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-store-private.h"

#define CAMPAIGN_COLUMNS \
  "SELECT c.id, c.organization_id, c.name, c.code, c.type, c.title, c.target_profile_id, c.owner_id," \
  " coalesce ((SELECT nullif (trim (coalesce (m.first_name, '') || ' ' || coalesce (m.last_name, '')), '')" \
  "            FROM memberships m WHERE m.organization_id = c.organization_id AND m.user_id = c.owner_id" \
  "            LIMIT 1)," \
  "           (SELECT n.value FROM meta n, meta u" \
  "            WHERE n.key = 'user-name' AND u.key = 'user-id' AND u.value = c.owner_id))," \
  " c.created_at, c.archived_at, c.version," \
  " (SELECT count (*) FROM participations p WHERE p.campaign_id = c.id)," \
  " (SELECT count (*) FROM participations p WHERE p.campaign_id = c.id AND p.status = 'SHARED')," \
  " EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = c.id)" \
  " FROM campaigns c"

gboolean
pb_store_query_cursor (PbStoreDb   *db,
                       const char  *organization_id,
                       char       **cursor,
                       GError     **error)
{
  return pb_store_db_query_text (db, "SELECT cursor FROM cursors WHERE organization_id = ?1", organization_id, cursor, error) >= 0;
}

/* The classes of the divisions table and those the learners name (a
 * page may bring learners before their class), with active learners. */
GPtrArray *
pb_store_query_divisions (PbStoreDb   *db,
                          const char  *organization_id,
                          GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "WITH names (name) AS ("
    "  SELECT name FROM divisions WHERE organization_id = ?1"
    "  UNION"
    "  SELECT division FROM learners WHERE organization_id = ?1 AND is_disabled = 0 AND division IS NOT NULL)"
    " SELECT n.name, (SELECT count (*) FROM learners l"
    "                 WHERE l.organization_id = ?1 AND l.division = n.name AND l.is_disabled = 0)"
    " FROM names n ORDER BY n.name COLLATE NOCASE, n.name", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_store_division_free);
  int rc;

  if (statement == NULL)
    return NULL;
  pb_store_db_bind_text (statement, 1, organization_id);
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    {
      PbStoreDivision *row = g_new0 (PbStoreDivision, 1);

      row->name = pb_store_db_dup_text (statement, 0);
      row->n_learners = sqlite3_column_int (statement, 1);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (statement);
  return rc < 0 ? NULL : g_steal_pointer (&rows);
}

/* Adds "AND <column> LIKE ?n" per search word to @sql, and the patterns
 * to @parameters. */
static void
add_search (GString    *sql,
            GPtrArray  *parameters,
            const char *column,
            const char *search)
{
  g_auto(GStrv) words = pb_store_search_words (search);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_ptr_array_add (parameters, pb_store_like_pattern (words[i]));
      g_string_append_printf (sql, " AND %s LIKE ?%u ESCAPE '\\'", column, parameters->len);
    }
}

/* Adds "AND <column> = ?n". */
static void
add_equal (GString    *sql,
           GPtrArray  *parameters,
           const char *column,
           const char *value)
{
  g_ptr_array_add (parameters, g_strdup (value));
  g_string_append_printf (sql, " AND %s = ?%u", column, parameters->len);
}

static const char *
learner_order (PbStoreLearnerSort sort,
               gboolean           descending)
{
  /* Unknown values (no birthdate, no pix yet) go last both ways. */
  switch (sort)
    {
    case PB_STORE_LEARNER_SORT_FIRST_NAME:
      return descending ? "first_key DESC, last_key DESC, id DESC" : "first_key, last_key, id";
    case PB_STORE_LEARNER_SORT_BIRTHDATE:
      return descending ? "birthdate IS NULL, birthdate DESC, last_key, first_key, id"
                        : "birthdate IS NULL, birthdate, last_key, first_key, id";
    case PB_STORE_LEARNER_SORT_DIVISION:
      return descending ? "division IS NULL, division COLLATE NOCASE DESC, last_key, first_key, id"
                        : "division IS NULL, division COLLATE NOCASE, last_key, first_key, id";
    case PB_STORE_LEARNER_SORT_PIX:
      return descending ? "pix_score IS NULL, pix_score DESC, last_key, first_key, id"
                        : "pix_score IS NULL, pix_score, last_key, first_key, id";
    case PB_STORE_LEARNER_SORT_NAME:
    default:
      return descending ? "last_key DESC, first_key DESC, id DESC" : "last_key, first_key, id";
    }
}

static sqlite3_stmt *
prepare_with (PbStoreDb  *db,
              GString    *sql,
              GPtrArray  *parameters,
              GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare_once (db, sql->str, error);

  if (statement == NULL)
    return NULL;
  for (guint i = 0; i < parameters->len; i++)
    pb_store_db_bind_text (statement, i + 1, g_ptr_array_index (parameters, i));
  return statement;
}

static PbStoreLearner *
learner_from_row (sqlite3_stmt *statement)
{
  PbStoreLearner *row = g_new0 (PbStoreLearner, 1);

  row->id = pb_store_db_dup_text (statement, 0);
  row->last_name = pb_store_db_dup_text (statement, 1);
  row->first_name = pb_store_db_dup_text (statement, 2);
  row->birthdate = pb_store_db_dup_text (statement, 3);
  row->division = pb_store_db_dup_text (statement, 4);
  row->national_student_id = pb_store_db_dup_text (statement, 5);
  row->user_id = pb_store_db_dup_text (statement, 6);
  row->is_certifiable = sqlite3_column_int (statement, 7) != 0;
  row->pix_score = sqlite3_column_type (statement, 8) == SQLITE_NULL ? -1 : sqlite3_column_int (statement, 8);
  return row;
}

GPtrArray *
pb_store_query_learners (PbStoreDb                  *db,
                         const PbStoreLearnerQuery  *query,
                         GError                    **error)
{
  g_autoptr(GString) sql = g_string_new (
    "SELECT id, last_name, first_name, birthdate, division, national_student_id, user_id, is_certifiable,"
    " pix_score FROM learners WHERE is_disabled = 0");
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_store_learner_free);
  g_autoptr(sqlite3_stmt) statement = NULL;
  int rc;

  add_equal (sql, parameters, "organization_id", query->organization_id);
  if (query->division != NULL)
    add_equal (sql, parameters, "division", query->division);
  add_search (sql, parameters, "search_key", query->search);
  g_string_append_printf (sql, " ORDER BY %s", learner_order (query->sort, query->descending));
  statement = prepare_with (db, sql, parameters, error);
  if (statement == NULL)
    return NULL;
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, learner_from_row (statement));
  return rc < 0 ? NULL : g_steal_pointer (&rows);
}

/**
 * pb_store_query_count:
 * @sql: a SELECT count (*) with one text parameter (?1) or none
 */
gboolean
pb_store_query_count (PbStoreDb   *db,
                      const char  *sql,
                      const char  *parameter,
                      guint       *count,
                      GError     **error)
{
  gint64 value = 0;

  if (pb_store_db_query_int64 (db, sql, parameter, &value, error) < 0)
    return FALSE;
  *count = (guint) value;
  return TRUE;
}

static PbStoreCampaign *
campaign_from_row (sqlite3_stmt *statement)
{
  PbStoreCampaign *row = g_new0 (PbStoreCampaign, 1);

  row->id = pb_store_db_dup_text (statement, 0);
  row->organization_id = pb_store_db_dup_text (statement, 1);
  row->name = pb_store_db_dup_text (statement, 2);
  row->code = pb_store_db_dup_text (statement, 3);
  row->type = pb_store_db_dup_text (statement, 4);
  row->title = pb_store_db_dup_text (statement, 5);
  row->target_profile_id = pb_store_db_dup_text (statement, 6);
  row->owner_id = pb_store_db_dup_text (statement, 7);
  row->owner_name = pb_store_db_dup_text (statement, 8);
  row->created_at = pb_store_db_dup_text (statement, 9);
  row->archived_at = pb_store_db_dup_text (statement, 10);
  row->version = sqlite3_column_int64 (statement, 11);
  row->n_participants = sqlite3_column_int (statement, 12);
  row->n_shared = sqlite3_column_int (statement, 13);
  row->has_pending_changes = sqlite3_column_int (statement, 14) != 0;
  return row;
}

GPtrArray *
pb_store_query_campaigns (PbStoreDb                   *db,
                          const PbStoreCampaignQuery  *query,
                          GError                     **error)
{
  g_autoptr(GString) sql = g_string_new (CAMPAIGN_COLUMNS " WHERE 1");
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_store_campaign_free);
  g_autoptr(sqlite3_stmt) statement = NULL;
  int rc;

  add_equal (sql, parameters, "c.organization_id", query->organization_id);
  g_string_append (sql, query->archived ? " AND c.archived_at IS NOT NULL" : " AND c.archived_at IS NULL");
  if (query->owner_id != NULL)
    add_equal (sql, parameters, "c.owner_id", query->owner_id);
  add_search (sql, parameters, "c.search_key", query->search);
  g_string_append (sql, " ORDER BY c.created_at DESC, c.id DESC");
  statement = prepare_with (db, sql, parameters, error);
  if (statement == NULL)
    return NULL;
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, campaign_from_row (statement));
  return rc < 0 ? NULL : g_steal_pointer (&rows);
}

PbStoreCampaign *
pb_store_query_campaign (PbStoreDb   *db,
                         const char  *campaign_id,
                         GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, CAMPAIGN_COLUMNS " WHERE c.id = ?1", error);
  PbStoreCampaign *row = NULL;
  int rc;

  if (statement == NULL)
    return NULL;
  pb_store_db_bind_text (statement, 1, campaign_id);
  rc = pb_store_db_step (db, statement, error);
  if (rc == SQLITE_ROW)
    row = campaign_from_row (statement);
  else if (rc == SQLITE_DONE)
    g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND, "No campaign %s", campaign_id);
  sqlite3_reset (statement);
  return row;
}

static PbStoreParticipant *
participant_from_row (sqlite3_stmt *statement)
{
  PbStoreParticipant *row = g_new0 (PbStoreParticipant, 1);

  row->id = pb_store_db_dup_text (statement, 0);
  row->learner_id = pb_store_db_dup_text (statement, 1);
  row->last_name = pb_store_db_dup_text (statement, 2);
  row->first_name = pb_store_db_dup_text (statement, 3);
  row->division = pb_store_db_dup_text (statement, 4);
  row->status = pb_store_db_dup_text (statement, 5);
  row->created_at = pb_store_db_dup_text (statement, 6);
  row->shared_at = pb_store_db_dup_text (statement, 7);
  row->mastery_rate = sqlite3_column_type (statement, 8) == SQLITE_NULL ? -1 : sqlite3_column_double (statement, 8);
  row->pix_score = sqlite3_column_type (statement, 9) == SQLITE_NULL ? -1 : sqlite3_column_int (statement, 9);
  return row;
}

GPtrArray *
pb_store_query_participants (PbStoreDb   *db,
                             const char  *campaign_id,
                             GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db,
    "SELECT p.id, p.learner_id, l.last_name, l.first_name, l.division, p.status, p.created_at, p.shared_at,"
    "  p.mastery_rate, p.pix_score"
    " FROM participations p LEFT JOIN learners l ON l.id = p.learner_id"
    " WHERE p.campaign_id = ?1"
    " ORDER BY l.last_key IS NULL, l.last_key, l.first_key, p.id", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_store_participant_free);
  int rc;

  if (statement == NULL)
    return NULL;
  pb_store_db_bind_text (statement, 1, campaign_id);
  while ((rc = pb_store_db_step (db, statement, error)) == SQLITE_ROW)
    g_ptr_array_add (rows, participant_from_row (statement));
  sqlite3_reset (statement);
  return rc < 0 ? NULL : g_steal_pointer (&rows);
}
