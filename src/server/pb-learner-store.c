/* pb-learner-store.c
 *
 * Writing an imported learner list into an organization, inside the
 * import's write transaction (pix-domain §7.1): learners are matched by INE
 * (SCO) or student number (SUP); new ones are created, changed ones
 * updated (their version goes up), unchanged ones left alone — so a
 * re-import of the same file adds nothing to the changes feed. Active
 * learners absent from a SIECLE file have left the school: they are
 * disabled, never deleted (their results stay). Divisions follow: a class
 * with no active learner left disappears.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-changes.h"
#include "pb-learner-store.h"
#include "pb-search.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"

typedef struct
{
  const char *column;
  gsize       offset;
} Field;

#define FIELD(column, member) { column, G_STRUCT_OFFSET (PbLearnerRecord, member) }

/* Columns an import sets, with where the record keeps them. */
static const Field fields[] = {
  FIELD ("national_student_id", national_student_id),
  FIELD ("student_number", student_number),
  FIELD ("last_name", last_name),
  FIELD ("preferred_last_name", preferred_last_name),
  FIELD ("first_name", first_name),
  FIELD ("middle_name", middle_name),
  FIELD ("third_name", third_name),
  FIELD ("sex", sex),
  FIELD ("birthdate", birthdate),
  FIELD ("birth_city", birth_city),
  FIELD ("birth_city_code", birth_city_code),
  FIELD ("birth_province_code", birth_province_code),
  FIELD ("birth_country_code", birth_country_code),
  FIELD ("mef_code", mef_code),
  FIELD ("status", status),
  FIELD ("division", division),
  FIELD ("email", email),
  FIELD ("department", department),
  FIELD ("educational_team", educational_team),
  FIELD ("group_name", group),
  FIELD ("diploma", diploma),
  FIELD ("study_scheme", study_scheme),
};

static const char *
field_value (const PbLearnerRecord *record,
             guint                  i)
{
  return G_STRUCT_MEMBER (const char *, record, fields[i].offset);
}

static char *
record_search_key (const PbLearnerRecord *record)
{
  g_autofree char *names = g_strjoin (" ", record->last_name != NULL ? record->last_name : "",
                                      record->preferred_last_name != NULL ? record->preferred_last_name : "",
                                      record->first_name != NULL ? record->first_name : "", NULL);

  return pb_search_key (names);
}

/* The organization's learners as stored: key (INE or student number) →
 * GStrv of the fields' values, then the id, then "0"/"1" for is_disabled.
 */
typedef struct
{
  GHashTable *by_key;
  GHashTable *seen;       /* keys present in the file */
} Existing;

#define EXISTING_ID(values) ((values)[G_N_ELEMENTS (fields)])
#define EXISTING_DISABLED(values) (g_str_equal ((values)[G_N_ELEMENTS (fields) + 1], "1"))

static const char *
record_key (const PbLearnerRecord *record)
{
  return record->national_student_id != NULL ? record->national_student_id : record->student_number;
}

static gboolean
load_existing (PbDb         *db,
               const char   *organization_id,
               Existing     *existing,
               GError      **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_string_append_printf (sql, "%s, ", fields[i].column);
  g_string_append (sql, "id, is_disabled FROM organization_learners WHERE organization_id = $1");

  select = pb_db_prepare (db, sql->str, error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, organization_id);

  while (pb_db_statement_step (select, &local_error))
    {
      GStrv values = g_new0 (char *, G_N_ELEMENTS (fields) + 3);
      const char *key;

      for (guint i = 0; i < G_N_ELEMENTS (fields) + 1; i++)
        values[i] = g_strdup (pb_db_statement_get_text (select, i));
      values[G_N_ELEMENTS (fields) + 1] = g_strdup (pb_db_statement_get_int64 (select, G_N_ELEMENTS (fields) + 1) ? "1" : "0");

      key = values[0] != NULL ? values[0] : values[1];
      if (key != NULL)
        g_hash_table_insert (existing->by_key, g_strdup (key), values);
      else
        g_strfreev (values);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
record_differs (const PbLearnerRecord *record,
                GStrv                  values)
{
  if (EXISTING_DISABLED (values))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (field_value (record, i), values[i]) != 0)
      return TRUE;
  return FALSE;
}

/* INSERT … VALUES ($1…) for a new learner, or UPDATE … WHERE id = $1 for a
 * known one: the field values are $2…, then search_key and the time. */
static char *
write_sql (gboolean insert)
{
  GString *sql = g_string_new (NULL);
  guint n = G_N_ELEMENTS (fields);

  if (insert)
    {
      g_string_append (sql, "INSERT INTO organization_learners (id, ");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s, ", fields[i].column);
      g_string_append (sql, "search_key, updated_at, organization_id, created_at) VALUES ($1");
      for (guint i = 0; i < n + 2; i++)
        g_string_append_printf (sql, ", $%u", i + 2);
      g_string_append_printf (sql, ", $%u, $%u)", n + 4, n + 3);
    }
  else
    {
      g_string_append (sql, "UPDATE organization_learners SET ");
      for (guint i = 0; i < n; i++)
        g_string_append_printf (sql, "%s = $%u, ", fields[i].column, i + 2);
      g_string_append_printf (sql, "search_key = $%u, updated_at = $%u, is_disabled = 0, "
                              "version = version + 1 WHERE id = $1", n + 2, n + 3);
    }

  return g_string_free (sql, FALSE);
}

static gboolean
write_learner (PbDb                   *db,
               const char             *organization_id,
               const char             *id,
               const PbLearnerRecord  *record,
               gboolean                insert,
               const char             *now,
               GError                **error)
{
  g_autofree char *sql = write_sql (insert);
  g_autofree char *search_key = record_search_key (record);
  g_autoptr(PbDbStatement) statement = pb_db_prepare (db, sql, error);
  guint n = G_N_ELEMENTS (fields);

  if (statement == NULL)
    return FALSE;

  pb_db_statement_bind_text (statement, 1, id);
  for (guint i = 0; i < n; i++)
    pb_db_statement_bind_text (statement, i + 2, field_value (record, i));
  pb_db_statement_bind_text (statement, n + 2, search_key);
  pb_db_statement_bind_text (statement, n + 3, now);
  if (insert)
    pb_db_statement_bind_text (statement, n + 4, organization_id);

  return pb_db_statement_run (statement, error) &&
         pb_changes_record (db, organization_id, "organization-learners", id, "put", error);
}

static gboolean
upsert_all (PbDb            *db,
            const char      *organization_id,
            PbLearnerSet    *set,
            Existing        *existing,
            const char      *now,
            PbImportCounts  *counts,
            GError         **error)
{
  for (guint i = 0; i < set->learners->len; i++)
    {
      const PbLearnerRecord *record = g_ptr_array_index (set->learners, i);
      GStrv values = g_hash_table_lookup (existing->by_key, record_key (record));
      g_autofree char *id = NULL;

      g_hash_table_add (existing->seen, (gpointer)record_key (record));
      if (values != NULL && !record_differs (record, values))
        continue;

      id = values != NULL ? g_strdup (EXISTING_ID (values)) : pb_uuid_new_v7 ();
      if (!write_learner (db, organization_id, id, record, values == NULL, now, error))
        return FALSE;
      if (values == NULL)
        counts->created++;
      else
        counts->updated++;
    }
  return TRUE;
}

static gboolean
disable_learner (PbDb        *db,
                 const char  *organization_id,
                 const char  *id,
                 const char  *now,
                 GError     **error)
{
  g_autoptr(PbDbStatement) update = pb_db_prepare (db,
                                                   "UPDATE organization_learners SET is_disabled = 1, "
                                                   "updated_at = $2, version = version + 1 WHERE id = $1",
                                                   error);

  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_text (update, 2, now);
  return pb_db_statement_run (update, error) &&
         pb_changes_record (db, organization_id, "organization-learners", id, "put", error);
}

static gboolean
disable_missing (PbDb            *db,
                 const char      *organization_id,
                 Existing        *existing,
                 const char      *now,
                 PbImportCounts  *counts,
                 GError         **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, existing->by_key);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GStrv values = value;

      if (EXISTING_DISABLED (values) || g_hash_table_contains (existing->seen, key))
        continue;
      if (!disable_learner (db, organization_id, EXISTING_ID (values), now, error))
        return FALSE;
      counts->disabled++;
    }
  return TRUE;
}

static GPtrArray *
select_strings (PbDb        *db,
                const char  *sql,
                const char  *organization_id,
                GError     **error)
{
  g_autoptr(PbDbStatement) select = pb_db_prepare (db, sql, error);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;

  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, organization_id);
  while (pb_db_statement_step (select, &local_error))
    {
      g_ptr_array_add (values, g_strdup (pb_db_statement_get_text (select, 0)));
      g_ptr_array_add (values, g_strdup (pb_db_statement_get_text (select, 1)));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&values);
}

static gboolean
add_division (PbDb        *db,
              const char  *organization_id,
              const char  *name,
              const char  *now,
              GError     **error)
{
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autoptr(PbDbStatement) insert = pb_db_prepare (db,
                                                   "INSERT INTO divisions (id, organization_id, name, created_at) "
                                                   "VALUES ($1, $2, $3, $4)",
                                                   error);

  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, organization_id);
  pb_db_statement_bind_text (insert, 3, name);
  pb_db_statement_bind_text (insert, 4, now);
  return pb_db_statement_run (insert, error) &&
         pb_changes_record (db, organization_id, "divisions", id, "put", error);
}

static gboolean
remove_division (PbDb        *db,
                 const char  *organization_id,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(PbDbStatement) remove = pb_db_prepare (db, "DELETE FROM divisions WHERE id = $1", error);

  if (remove == NULL)
    return FALSE;
  pb_db_statement_bind_text (remove, 1, id);
  return pb_db_statement_run (remove, error) &&
         pb_changes_record (db, organization_id, "divisions", id, "del", error);
}

/* Makes the divisions table hold exactly the classes of active learners. */
static gboolean
sync_divisions (PbDb        *db,
                const char  *organization_id,
                const char  *now,
                GError     **error)
{
  g_autoptr(GPtrArray) wanted = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GHashTable) wanted_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) stored_names = g_hash_table_new (g_str_hash, g_str_equal);

  wanted = select_strings (db,
                           "SELECT DISTINCT division, division FROM organization_learners "
                           "WHERE organization_id = $1 AND is_disabled = 0 AND division IS NOT NULL",
                           organization_id, error);
  if (wanted == NULL)
    return FALSE;
  stored = select_strings (db, "SELECT name, id FROM divisions WHERE organization_id = $1",
                           organization_id, error);
  if (stored == NULL)
    return FALSE;

  for (guint i = 0; i < wanted->len; i += 2)
    g_hash_table_add (wanted_names, g_ptr_array_index (wanted, i));
  for (guint i = 0; i < stored->len; i += 2)
    {
      const char *name = g_ptr_array_index (stored, i);

      g_hash_table_add (stored_names, (gpointer)name);
      if (!g_hash_table_contains (wanted_names, name) &&
          !remove_division (db, organization_id, g_ptr_array_index (stored, i + 1), error))
        return FALSE;
    }
  for (guint i = 0; i < wanted->len; i += 2)
    {
      const char *name = g_ptr_array_index (wanted, i);

      if (!g_hash_table_contains (stored_names, name) && !add_division (db, organization_id, name, now, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pb_learner_store_apply:
 * @set: a learner set without errors
 * @disable_missing_learners: disable active learners the file does not list (a
 *   SIECLE or SCO CSV import is the whole school; a SUP import adds)
 *
 * Call inside a write transaction.
 */
gboolean
pb_learner_store_apply (PbDb            *db,
                        const char      *organization_id,
                        PbLearnerSet    *set,
                        gboolean         disable_missing_learners,
                        PbImportCounts  *counts,
                        GError         **error)
{
  g_autofree char *now = pb_timestamp_now ();
  Existing existing;
  gboolean ok;

  g_return_val_if_fail (set->errors->len == 0, FALSE);

  memset (counts, 0, sizeof *counts);
  existing.by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
  existing.seen = g_hash_table_new (g_str_hash, g_str_equal);

  ok = load_existing (db, organization_id, &existing, error) &&
       upsert_all (db, organization_id, set, &existing, now, counts, error) &&
       (!disable_missing_learners || disable_missing (db, organization_id, &existing, now, counts, error)) &&
       sync_divisions (db, organization_id, now, error);

  g_hash_table_unref (existing.by_key);
  g_hash_table_unref (existing.seen);
  return ok;
}
