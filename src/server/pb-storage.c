/* pb-storage.c
 *
 * The server's database: where it lives, its schema version and migrations,
 * the one connection allowed to write and a pool of read connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-db-sqlite.h"
#ifdef PB_HAVE_POSTGRESQL
#include "pb-db-postgres.h"
#endif
#include "pb-server-resources.h"
#include "pb-storage.h"
#include "pb-timestamp.h"

#define MIGRATIONS_PATH "/fr/pixbureau/PixBureau/server/migrations/"
#define SQLITE_FILE_NAME "pix-bureau.sqlite"

/* One per server worker (MAX_WORKERS in pb-server.c): more would sit idle. */
#define READER_POOL_SIZE 4

struct _PbStorage
{
  GObject  parent_instance;

  /* SQLite allows one writer at a time; so do we, whatever the engine, so
   * that a per-organization change counter advances without gaps or races.
   */
  GMutex     writer_lock;
  PbDb      *writer;

  /* Where the database is, to open read connections on it: exactly one is
   * set.
   */
  char      *sqlite_path;
  char      *postgres_url;

  /* Read connections, opened on first need: a request that only reads need
   * not wait for writes (WAL lets SQLite readers run beside its writer).
   */
  GMutex     readers_lock;
  GCond      reader_returned;
  GPtrArray *idle_readers;
  guint      n_readers;      /* open, idle or handed out */
};

G_DEFINE_FINAL_TYPE (PbStorage, pb_storage, G_TYPE_OBJECT)

typedef struct
{
  guint  version;
  char  *name;
} Migration;

static void
migration_clear (Migration *migration)
{
  g_free (migration->name);
}

static int
compare_migrations (gconstpointer a,
                    gconstpointer b)
{
  return (int)((const Migration *)a)->version - (int)((const Migration *)b)->version;
}

/* Migrations are the files NNNN-<what>.sql bundled in the program, applied
 * in number order.
 */
static GArray *
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  GArray *migrations = g_array_new (FALSE, TRUE, sizeof (Migration));

  g_array_set_clear_func (migrations, (GDestroyNotify)migration_clear);
  (void)pb_server_get_resource ();
  names = g_resources_enumerate_children (MIGRATIONS_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      Migration migration;
      char *end;

      migration.version = (guint)g_ascii_strtoull (names[i], &end, 10);
      if (migration.version == 0 || *end != '-' || !g_str_has_suffix (names[i], ".sql"))
        g_error ("Misnamed migration %s", names[i]);
      migration.name = g_strdup (names[i]);
      g_array_append_val (migrations, migration);
    }

  g_array_sort (migrations, compare_migrations);
  return migrations;
}

static void
pb_storage_finalize (GObject *object)
{
  PbStorage *self = (PbStorage *)object;

  /* A reader still out would be used after its storage is gone. */
  g_warn_if_fail (self->idle_readers->len == self->n_readers);

  /* Readers first: the last SQLite connection to close folds the WAL back
   * into the database file, which a read-only one cannot do.
   */
  g_ptr_array_unref (self->idle_readers);
  g_clear_object (&self->writer);
  g_free (self->sqlite_path);
  g_free (self->postgres_url);
  g_mutex_clear (&self->writer_lock);
  g_mutex_clear (&self->readers_lock);
  g_cond_clear (&self->reader_returned);

  G_OBJECT_CLASS (pb_storage_parent_class)->finalize (object);
}

static void
pb_storage_class_init (PbStorageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_storage_finalize;
}

static void
pb_storage_init (PbStorage *self)
{
  g_mutex_init (&self->writer_lock);
  g_mutex_init (&self->readers_lock);
  g_cond_init (&self->reader_returned);
  self->idle_readers = g_ptr_array_new_with_free_func (g_object_unref);
}

static gboolean
is_postgres_url (const char *url)
{
  return g_str_has_prefix (url, "postgresql://") || g_str_has_prefix (url, "postgres://");
}

/* Names the scheme only: the rest of a URL may hold a password. */
static void
set_unsupported_url_error (GError     **error,
                           const char  *url)
{
  g_autofree char *scheme = NULL;

  if (g_uri_peek_scheme (url) != NULL)
    scheme = g_strndup (url, strcspn (url, ":"));

  if (scheme != NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "Unsupported --database scheme “%s”: expected a postgresql:// or postgres:// URL",
                 scheme);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "Unsupported --database value: expected a postgresql:// or postgres:// URL");
}

static PbDb *
open_postgres (PbStorage   *self,
               const char  *url,
               GError     **error)
{
#ifdef PB_HAVE_POSTGRESQL
  self->postgres_url = g_strdup (url);
  return (PbDb *)pb_db_postgres_open (url, error);
#else
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "PostgreSQL storage is not available in this build (built without libpq); "
                       "leave --database out to use SQLite in the data directory");
  return NULL;
#endif
}

static PbDb *
open_sqlite (PbStorage   *self,
             const char  *data_dir,
             GError     **error)
{
  /* The data directory holds personal data about pupils: owner only. */
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the data directory %s: %s", data_dir, g_strerror (saved_errno));
      return NULL;
    }

  self->sqlite_path = g_build_filename (data_dir, SQLITE_FILE_NAME, NULL);
  return (PbDb *)pb_db_sqlite_open (self->sqlite_path, error);
}

static PbDb *
open_reader (PbStorage  *self,
             GError    **error)
{
#ifdef PB_HAVE_POSTGRESQL
  if (self->postgres_url != NULL)
    return (PbDb *)pb_db_postgres_open_reader (self->postgres_url, error);
#endif

  return (PbDb *)pb_db_sqlite_open_reader (self->sqlite_path, error);
}

/**
 * pb_storage_open:
 * @data_dir: the server's data directory
 * @database_url: (nullable): a postgresql:// (or postgres://) URL, or %NULL
 *   for SQLite in @data_dir
 *
 * Opens the database; it does not migrate it (see pb_storage_migrate()).
 *
 * Returns: (transfer full): the storage, or %NULL with @error set
 */
PbStorage *
pb_storage_open (const char  *data_dir,
                 const char  *database_url,
                 GError     **error)
{
  g_autoptr(PbStorage) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (PB_TYPE_STORAGE, NULL);
  if (database_url == NULL)
    self->writer = open_sqlite (self, data_dir, error);
  else if (is_postgres_url (database_url))
    self->writer = open_postgres (self, database_url, error);
  else
    set_unsupported_url_error (error, database_url);
  if (self->writer == NULL)
    return NULL;

  if (!pb_db_exec (self->writer,
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   "  version INTEGER PRIMARY KEY,"
                   "  name TEXT NOT NULL,"
                   "  applied_at TEXT NOT NULL)",
                   error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
read_version (PbDb     *db,
              guint    *version,
              GError  **error)
{
  g_autoptr(PbDbStatement) statement = NULL;
  g_autoptr(GError) local_error = NULL;

  statement = pb_db_prepare (db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", error);
  if (statement == NULL)
    return FALSE;

  if (!pb_db_statement_step (statement, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *version = (guint)pb_db_statement_get_int64 (statement, 0);
  return TRUE;
}

/**
 * pb_storage_get_version:
 * @version: (out): the database's schema version, 0 when empty
 */
gboolean
pb_storage_get_version (PbStorage  *self,
                        guint      *version,
                        GError    **error)
{
  PbDb *db;
  gboolean ret;

  g_return_val_if_fail (PB_IS_STORAGE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  db = pb_storage_lock_writer (self);
  ret = read_version (db, version, error);
  pb_storage_unlock_writer (self, db);

  return ret;
}

static gboolean
apply_migration (PbDb             *db,
                 const Migration  *migration,
                 GError          **error)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, migration->name, NULL);
  g_autofree char *now = pb_timestamp_now ();
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(PbDbStatement) record = NULL;

  sql = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;

  /* The script and its record commit together, or neither does: a crash
   * mid-migration leaves the previous version intact.
   */
  if (!pb_db_begin (db, error))
    return FALSE;

  record = pb_db_prepare (db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", error);
  if (record == NULL ||
      !pb_db_exec_script (db, g_bytes_get_data (sql, NULL), error))
    goto failed;

  pb_db_statement_bind_int64 (record, 1, migration->version);
  pb_db_statement_bind_text (record, 2, migration->name);
  pb_db_statement_bind_text (record, 3, now);
  if (!pb_db_statement_run (record, error) || !pb_db_commit (db, error))
    goto failed;

  g_info ("Applied migration %s", migration->name);
  return TRUE;

failed:
  pb_db_rollback (db);
  g_prefix_error (error, "Migration %s failed: ", migration->name);
  return FALSE;
}

static gboolean
migrate_locked (PbDb     *db,
                guint    *n_applied,
                GError  **error)
{
  g_autoptr(GArray) migrations = list_migrations ();
  guint known = migrations->len > 0 ? g_array_index (migrations, Migration, migrations->len - 1).version : 0;
  guint current;

  if (!read_version (db, &current, error))
    return FALSE;

  /* A newer program wrote this database; running older code on it could
   * corrupt data it does not understand.
   */
  if (current > known)
    {
      g_set_error (error, PB_DB_ERROR, PB_DB_ERROR_SCHEMA,
                   "The database has schema version %u, newer than the %u this "
                   "pix-bureau-server knows: upgrade pix-bureau-server",
                   current, known);
      return FALSE;
    }

  for (guint i = 0; i < migrations->len; i++)
    {
      const Migration *migration = &g_array_index (migrations, Migration, i);

      if (migration->version <= current)
        continue;
      if (!apply_migration (db, migration, error))
        return FALSE;
      (*n_applied)++;
    }

  return TRUE;
}

/**
 * pb_storage_migrate:
 * @n_applied: (out) (optional): how many migrations were applied
 *
 * Brings the schema to the newest version this program knows. Refuses a
 * database whose schema is newer than that.
 */
gboolean
pb_storage_migrate (PbStorage  *self,
                    guint      *n_applied,
                    GError    **error)
{
  guint applied = 0;
  gboolean ret;
  PbDb *db;

  g_return_val_if_fail (PB_IS_STORAGE (self), FALSE);

  db = pb_storage_lock_writer (self);
  ret = migrate_locked (db, &applied, error);
  pb_storage_unlock_writer (self, db);

  if (n_applied != NULL)
    *n_applied = applied;

  return ret;
}

/**
 * pb_storage_lock_writer:
 *
 * Waits for, and takes, the one connection allowed to write. Call from a
 * worker thread, never the main loop, and give it back with
 * pb_storage_unlock_writer().
 *
 * Returns: (transfer none): the writer connection
 */
PbDb *
pb_storage_lock_writer (PbStorage *self)
{
  g_return_val_if_fail (PB_IS_STORAGE (self), NULL);

  g_mutex_lock (&self->writer_lock);
  return self->writer;
}

/**
 * pb_storage_relax_durability:
 *
 * For bulk generation only (the demo school): SQLite commits without
 * waiting for the disk (synchronous=NORMAL in WAL mode): a crash of the
 * program loses nothing, a power cut may lose the last commits. No effect
 * on PostgreSQL, whose durability is the cluster's setting.
 */
gboolean
pb_storage_relax_durability (PbStorage  *self,
                             GError    **error)
{
  PbDb *db = pb_storage_lock_writer (self);
  gboolean ok = !PB_IS_DB_SQLITE (db) || pb_db_exec (db, "PRAGMA synchronous = NORMAL", error);

  pb_storage_unlock_writer (self, db);
  return ok;
}

void
pb_storage_unlock_writer (PbStorage *self,
                          PbDb      *db)
{
  g_return_if_fail (PB_IS_STORAGE (self));
  g_return_if_fail (db == self->writer);

  g_mutex_unlock (&self->writer_lock);
}

/* Takes an idle reader, or opens one while the pool has room, or waits for
 * one to come back. Returns %NULL if none could be opened and none is open
 * to wait for.
 */
static PbDb *
take_reader (PbStorage *self)
{
  gboolean may_open = TRUE;
  PbDb *db = NULL;

  g_mutex_lock (&self->readers_lock);
  while (db == NULL)
    {
      if (self->idle_readers->len > 0)
        db = g_ptr_array_steal_index_fast (self->idle_readers, self->idle_readers->len - 1);
      else if (may_open && self->n_readers < READER_POOL_SIZE)
        {
          g_autoptr(GError) error = NULL;

          /* Opening takes a while (a network round trip for PostgreSQL):
           * not under the lock, holding a place in the pool meanwhile.
           */
          self->n_readers++;
          g_mutex_unlock (&self->readers_lock);
          db = open_reader (self, &error);
          g_mutex_lock (&self->readers_lock);

          if (db == NULL)
            {
              g_warning ("Cannot open a read connection: %s", error->message);
              self->n_readers--;
              /* Not again at once: wait for one already open, if any. The
               * others waiting may find none left to wait for: wake them.
               */
              may_open = FALSE;
              g_cond_broadcast (&self->reader_returned);
            }
        }
      else if (self->n_readers == 0)
        break;
      else
        g_cond_wait (&self->reader_returned, &self->readers_lock);
    }
  g_mutex_unlock (&self->readers_lock);

  return db;
}

/**
 * pb_storage_acquire_reader:
 *
 * Waits for, and takes, a connection for reading only: up to four (one per
 * server worker) are open at once, opened as needed. A reader sees every
 * committed write; between BEGIN and COMMIT its SELECTs all see the one
 * snapshot the first of them saw. Writing through it fails. Call from a
 * worker thread, never the main loop, and give it back with
 * pb_storage_release_reader().
 *
 * If no read connection can be opened (the PostgreSQL server refuses more
 * connections, say), the writer stands in, so the request is served, only
 * more slowly: do not hold the writer while acquiring a reader.
 *
 * Returns: (transfer none): a read connection
 */
PbDb *
pb_storage_acquire_reader (PbStorage *self)
{
  PbDb *db;

  g_return_val_if_fail (PB_IS_STORAGE (self), NULL);

  db = take_reader (self);
  if (db == NULL)
    db = pb_storage_lock_writer (self);

  return db;
}

void
pb_storage_release_reader (PbStorage *self,
                           PbDb      *db)
{
  g_return_if_fail (PB_IS_STORAGE (self));
  g_return_if_fail (PB_IS_DB (db));

  if (db == self->writer)
    {
      pb_storage_unlock_writer (self, db);
      return;
    }

  /* A transaction left open would hand the next user a stale snapshot and,
   * on SQLite, keep the WAL from ever being folded back: a bug to report,
   * and to contain.
   */
  if (pb_db_in_transaction (db))
    {
      g_critical ("A read connection was given back inside a transaction");
      pb_db_rollback (db);
    }

  g_mutex_lock (&self->readers_lock);
  g_ptr_array_add (self->idle_readers, db);
  g_cond_signal (&self->reader_returned);
  g_mutex_unlock (&self->readers_lock);
}
