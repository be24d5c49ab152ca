/* pb-db-sqlite.c
 *
 * The SQLite driver: one connection per object, used by one thread at a
 * time (PbStorage hands them out).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "pb-db-sqlite.h"

#define BUSY_TIMEOUT_MS 5000

struct _PbDbSqlite
{
  GObject  parent_instance;

  sqlite3 *handle;
};

typedef struct
{
  PbDbStatement  parent;
  PbDbSqlite    *db;
  sqlite3_stmt  *stmt;
} PbSqliteStatement;

static void pb_db_iface_init (PbDbInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbDbSqlite, pb_db_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PB_TYPE_DB, pb_db_iface_init))

static void
set_error (GError  **error,
           sqlite3  *handle,
           int       code)
{
  int primary = code & 0xff;
  PbDbError pb_code = PB_DB_ERROR_FAILED;

  if (primary == SQLITE_CONSTRAINT)
    pb_code = PB_DB_ERROR_CONSTRAINT;
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    pb_code = PB_DB_ERROR_BUSY;

  g_set_error (error, PB_DB_ERROR, pb_code, "SQLite: %s",
               handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (code));
}

/* SQLite reads "$1" as a parameter *named* "$1" and numbers parameters in
 * order of first appearance, so "SET a = $2 WHERE id = $1" would swap them:
 * look each one up by its name.
 */
static int
parameter_index (PbSqliteStatement *self,
                 guint              index)
{
  char name[16];
  int position;

  g_snprintf (name, sizeof name, "$%u", index);
  position = sqlite3_bind_parameter_index (self->stmt, name);
  if (position == 0)
    g_critical ("Statement has no parameter %s: %s", name, sqlite3_sql (self->stmt));

  return position;
}

static void
statement_bind_text (PbDbStatement *statement,
                     guint          index,
                     const char    *value)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  sqlite3_bind_text (self->stmt, parameter_index (self, index), value, -1, SQLITE_TRANSIENT);
}

static void
statement_bind_int64 (PbDbStatement *statement,
                      guint          index,
                      gint64         value)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  sqlite3_bind_int64 (self->stmt, parameter_index (self, index), value);
}

static void
statement_bind_null (PbDbStatement *statement,
                     guint          index)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  sqlite3_bind_null (self->stmt, parameter_index (self, index));
}

static gboolean
statement_step (PbDbStatement  *statement,
                GError        **error)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;
  int rc = sqlite3_step (self->stmt);

  if (rc == SQLITE_ROW)
    return TRUE;

  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (self->stmt);
      return FALSE;
    }

  set_error (error, self->db->handle, rc);
  sqlite3_reset (self->stmt);
  return FALSE;
}

static const char *
statement_get_text (PbDbStatement *statement,
                    guint          column)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  return (const char *)sqlite3_column_text (self->stmt, column);
}

static gint64
statement_get_int64 (PbDbStatement *statement,
                     guint          column)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  return sqlite3_column_int64 (self->stmt, column);
}

static void
statement_free (PbDbStatement *statement)
{
  PbSqliteStatement *self = (PbSqliteStatement *)statement;

  sqlite3_finalize (self->stmt);
  g_object_unref (self->db);
  g_free (self);
}

static const PbDbStatementClass statement_class = {
  .bind_text = statement_bind_text,
  .bind_int64 = statement_bind_int64,
  .bind_null = statement_bind_null,
  .step = statement_step,
  .get_text = statement_get_text,
  .get_int64 = statement_get_int64,
  .free = statement_free,
};

static gboolean
pb_db_sqlite_exec_script (PbDb        *db,
                          const char  *sql,
                          GError     **error)
{
  PbDbSqlite *self = PB_DB_SQLITE (db);
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (error, self->handle, rc);
      return FALSE;
    }

  return TRUE;
}

static PbDbStatement *
pb_db_sqlite_prepare (PbDb        *db,
                      const char  *sql,
                      GError     **error)
{
  PbDbSqlite *self = PB_DB_SQLITE (db);
  PbSqliteStatement *statement;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->handle, rc);
      return NULL;
    }

  statement = g_new0 (PbSqliteStatement, 1);
  statement->parent.klass = &statement_class;
  statement->db = g_object_ref (self);
  statement->stmt = stmt;

  return (PbDbStatement *)statement;
}

static gboolean
pb_db_sqlite_in_transaction (PbDb *db)
{
  return !sqlite3_get_autocommit (PB_DB_SQLITE (db)->handle);
}

static void
pb_db_iface_init (PbDbInterface *iface)
{
  iface->exec_script = pb_db_sqlite_exec_script;
  iface->prepare = pb_db_sqlite_prepare;
  iface->in_transaction = pb_db_sqlite_in_transaction;
}

static PbDbSqlite *
open_connection (const char  *path,
                 int          flags,
                 GError     **error)
{
  g_autoptr(PbDbSqlite) self = NULL;
  int rc;

  self = g_object_new (PB_TYPE_DB_SQLITE, NULL);
  rc = sqlite3_open_v2 (path, &self->handle, flags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_error (error, self->handle, rc);
      return NULL;
    }

  sqlite3_busy_timeout (self->handle, BUSY_TIMEOUT_MS);
  return g_steal_pointer (&self);
}

static void
pb_db_sqlite_finalize (GObject *object)
{
  PbDbSqlite *self = (PbDbSqlite *)object;

  /* sqlite3_close_v2 waits for statements still alive; there are none, as
   * each holds a reference on the connection.
   */
  g_clear_pointer (&self->handle, sqlite3_close_v2);

  G_OBJECT_CLASS (pb_db_sqlite_parent_class)->finalize (object);
}

static void
pb_db_sqlite_class_init (PbDbSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_db_sqlite_finalize;
}

static void
pb_db_sqlite_init (PbDbSqlite *self)
{
}

/**
 * pb_db_sqlite_open:
 * @path: the database file, created if missing
 *
 * Opens a connection set up for the server's durability rules: WAL so readers
 * never wait for the writer, synchronous=FULL so a committed write survives a
 * power cut, foreign keys enforced, and a busy timeout instead of immediate
 * failures when another connection holds the write lock.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
PbDbSqlite *
pb_db_sqlite_open (const char  *path,
                   GError     **error)
{
  g_autoptr(PbDbSqlite) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (self == NULL ||
      !pb_db_exec_script (PB_DB (self),
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;",
                          error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pb_db_sqlite_open_reader:
 * @path: a database file pb_db_sqlite_open() has opened, and so put in WAL
 *   mode, which lets this connection read while another writes
 *
 * Opens a connection that refuses writes, at the engine level. Outside a
 * transaction each statement sees the last commit; between BEGIN and COMMIT
 * every statement sees the snapshot the first one saw. The busy timeout
 * covers the rare moments a reader waits (WAL recovery after a crash).
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
PbDbSqlite *
pb_db_sqlite_open_reader (const char  *path,
                          GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return open_connection (path, SQLITE_OPEN_READONLY, error);
}
