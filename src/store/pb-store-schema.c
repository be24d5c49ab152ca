/* pb-store-schema.c
 *
 * Migrations are the numbered SQL files of migrations/ ("0001-cache.sql"),
 * compiled in as a GResource and applied in order, each in one exclusive
 * transaction that also sets PRAGMA user_version to its number. A file a
 * newer Pix Bureau wrote (user_version beyond the last migration we know)
 * is refused rather than misread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "pb-store-resources.h"
#include "pb-store-private.h"

#define MIGRATIONS_PATH RESOURCE_BASE_PATH "/store/migrations"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migration files, sorted: their names start with their number. */
static GStrv
list_migrations (void)
{
  GStrv names = g_resource_enumerate_children (pb_store_get_resource (), MIGRATIONS_PATH,
                                               G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (names == NULL)
    return g_new0 (char *, 1);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

static guint
migration_number (const char *name)
{
  return (guint) g_ascii_strtoull (name, NULL, 10);
}

guint
pb_store_schema_latest (void)
{
  g_auto(GStrv) names = list_migrations ();
  guint n = g_strv_length (names);

  return n > 0 ? migration_number (names[n - 1]) : 0;
}

static gboolean
read_user_version (PbStoreDb  *db,
                   guint      *version,
                   GError    **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, "PRAGMA user_version", error);
  int rc;

  if (statement == NULL)
    return FALSE;
  rc = pb_store_db_step (db, statement, error);
  if (rc == SQLITE_ROW)
    *version = (guint) sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);
  return rc == SQLITE_ROW;
}

static gboolean
apply_migration (PbStoreDb   *db,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *bump = NULL;

  bytes = g_resource_lookup_data (pb_store_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  bump = g_strdup_printf ("PRAGMA user_version = %u", migration_number (name));
  if (!pb_store_db_exec (db, "BEGIN EXCLUSIVE", error))
    return FALSE;
  if (!pb_store_db_exec (db, sql, error) || !pb_store_db_exec (db, bump, error) || !pb_store_db_exec (db, "COMMIT", error))
    {
      g_prefix_error (error, "Migration %s: ", name);
      pb_store_db_exec (db, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * pb_store_schema_migrate:
 * @version: (out): the schema version once migrated
 */
gboolean
pb_store_schema_migrate (PbStoreDb  *db,
                         guint      *version,
                         GError    **error)
{
  g_auto(GStrv) names = list_migrations ();
  guint current = 0;
  guint latest = pb_store_schema_latest ();

  if (!read_user_version (db, &current, error))
    return FALSE;
  if (current > latest)
    {
      g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_TOO_NEW,
                   _("The local copy of the data was written by a newer Pix Bureau (schema %u; this one reads up to %u)."),
                   current, latest);
      return FALSE;
    }
  for (guint i = 0; names[i] != NULL; i++)
    {
      guint number = migration_number (names[i]);

      if (number <= current)
        continue;
      if (!apply_migration (db, names[i], error))
        return FALSE;
      current = number;
    }
  *version = current;
  return TRUE;
}
