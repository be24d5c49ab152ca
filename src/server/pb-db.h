/* pb-db.h
 *
 * The small SQL interface every storage driver implements (SQLite and
 * PostgreSQL). Statements use one SQL subset on both engines:
 * positional parameters $1, $2…, ON CONFLICT, RETURNING, TEXT UUIDs and
 * ISO-8601 UTC times as TEXT. PostgreSQL types every parameter from where
 * it stands, so one the SQL gives no type to (`$1 IS NULL`) is written
 * CAST($1 AS TEXT).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_DB_ERROR (pb_db_error_quark ())

typedef enum
{
  PB_DB_ERROR_FAILED,
  PB_DB_ERROR_CONSTRAINT,   /* a UNIQUE, FOREIGN KEY or CHECK constraint refused the write */
  PB_DB_ERROR_BUSY,
  PB_DB_ERROR_SCHEMA,       /* the database's schema is not one this program can use */
} PbDbError;

typedef struct _PbDbStatement PbDbStatement;

#define PB_TYPE_DB (pb_db_get_type ())

G_DECLARE_INTERFACE (PbDb, pb_db, PB, DB, GObject)

struct _PbDbInterface
{
  GTypeInterface parent_iface;

  gboolean       (*exec_script)    (PbDb        *self,
                                    const char  *sql,
                                    GError     **error);
  PbDbStatement *(*prepare)        (PbDb        *self,
                                    const char  *sql,
                                    GError     **error);
  gboolean       (*in_transaction) (PbDb        *self);
};

/* A prepared statement. Parameters are numbered from 1 like $1, columns
 * from 0; a NULL column reads as a NULL string. step() returns TRUE while a
 * row is available. A statement may be freed as soon as the rows it matters
 * for are read: INSERT, UPDATE and DELETE … RETURNING apply all their
 * changes on the first step (SQLite) or at once (PostgreSQL).
 */
typedef struct
{
  void        (*bind_text)  (PbDbStatement *self, guint index, const char *value);
  void        (*bind_int64) (PbDbStatement *self, guint index, gint64 value);
  void        (*bind_null)  (PbDbStatement *self, guint index);
  gboolean    (*step)       (PbDbStatement *self, GError **error);
  const char *(*get_text)   (PbDbStatement *self, guint column);
  gint64      (*get_int64)  (PbDbStatement *self, guint column);
  void        (*free)       (PbDbStatement *self);
} PbDbStatementClass;

struct _PbDbStatement
{
  const PbDbStatementClass *klass;
};

GQuark         pb_db_error_quark             (void);
gboolean       pb_db_exec_script             (PbDb           *self,
                                              const char     *sql,
                                              GError        **error);
PbDbStatement *pb_db_prepare                 (PbDb           *self,
                                              const char     *sql,
                                              GError        **error);
gboolean       pb_db_exec                    (PbDb           *self,
                                              const char     *sql,
                                              GError        **error);
gboolean       pb_db_begin                   (PbDb           *self,
                                              GError        **error);
gboolean       pb_db_commit                  (PbDb           *self,
                                              GError        **error);
void           pb_db_rollback                (PbDb           *self);
PbDbStatement *pb_db_select_one              (PbDb           *self,
                                              const char     *sql,
                                              const char     *param,
                                              gboolean       *found,
                                              GError        **error);
gboolean       pb_db_select_text             (PbDb           *self,
                                              const char     *sql,
                                              const char     *param,
                                              char          **value,
                                              GError        **error);
gboolean       pb_db_in_transaction          (PbDb           *self);

void           pb_db_statement_bind_text     (PbDbStatement  *self,
                                              guint           index,
                                              const char     *value);
void           pb_db_statement_bind_int64    (PbDbStatement  *self,
                                              guint           index,
                                              gint64          value);
gboolean       pb_db_statement_step          (PbDbStatement  *self,
                                              GError        **error);
gboolean       pb_db_statement_run           (PbDbStatement  *self,
                                              GError        **error);
const char    *pb_db_statement_get_text      (PbDbStatement  *self,
                                              guint           column);
gint64         pb_db_statement_get_int64     (PbDbStatement  *self,
                                              guint           column);
void           pb_db_statement_free          (PbDbStatement  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbDbStatement, pb_db_statement_free)

G_END_DECLS
