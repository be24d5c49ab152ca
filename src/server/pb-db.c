/* pb-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-db.h"

G_DEFINE_INTERFACE (PbDb, pb_db, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-db-error-quark, pb_db_error)

static void
pb_db_default_init (PbDbInterface *iface)
{
}

/**
 * pb_db_exec_script:
 * @sql: one or more statements, without parameters
 *
 * Runs a script such as a migration.
 */
gboolean
pb_db_exec_script (PbDb        *self,
                   const char  *sql,
                   GError     **error)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  return PB_DB_GET_IFACE (self)->exec_script (self, sql, error);
}

/**
 * pb_db_prepare:
 * @sql: one statement, with $1, $2… parameters
 *
 * Returns: (transfer full): the statement, or %NULL with @error set
 */
PbDbStatement *
pb_db_prepare (PbDb        *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (PB_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  return PB_DB_GET_IFACE (self)->prepare (self, sql, error);
}

/* Runs one statement without parameters or result rows. */
gboolean
pb_db_exec (PbDb        *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PbDbStatement) statement = pb_db_prepare (self, sql, error);

  return statement != NULL && pb_db_statement_run (statement, error);
}

gboolean
pb_db_begin (PbDb    *self,
             GError **error)
{
  return pb_db_exec (self, "BEGIN", error);
}

gboolean
pb_db_commit (PbDb    *self,
              GError **error)
{
  return pb_db_exec (self, "COMMIT", error);
}

/* Rolling back after a failure must not hide that failure, so its own error
 * is only logged.
 */
void
pb_db_rollback (PbDb *self)
{
  g_autoptr(GError) error = NULL;

  if (!pb_db_exec (self, "ROLLBACK", &error))
    g_debug ("Rollback failed: %s", error->message);
}

/* Whether a BEGIN is still waiting for its COMMIT or ROLLBACK. */
gboolean
pb_db_in_transaction (PbDb *self)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  return PB_DB_GET_IFACE (self)->in_transaction (self);
}

void
pb_db_statement_bind_text (PbDbStatement *self,
                           guint          index,
                           const char    *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index > 0);

  /* SQL NULL for a missing value. */
  if (value == NULL)
    self->klass->bind_null (self, index);
  else
    self->klass->bind_text (self, index, value);
}

void
pb_db_statement_bind_int64 (PbDbStatement *self,
                            guint          index,
                            gint64         value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index > 0);

  self->klass->bind_int64 (self, index, value);
}

/**
 * pb_db_statement_step:
 *
 * Returns: %TRUE while a row is available; %FALSE at the end (@error unset)
 * or on failure (@error set)
 */
gboolean
pb_db_statement_step (PbDbStatement  *self,
                      GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->klass->step (self, error);
}

/* Runs a statement that returns no row it cares about. */
gboolean
pb_db_statement_run (PbDbStatement  *self,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  while (pb_db_statement_step (self, &local_error))
    ;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

const char *
pb_db_statement_get_text (PbDbStatement *self,
                          guint          column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->klass->get_text (self, column);
}

gint64
pb_db_statement_get_int64 (PbDbStatement *self,
                           guint          column)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->klass->get_int64 (self, column);
}

void
pb_db_statement_free (PbDbStatement *self)
{
  if (self != NULL)
    self->klass->free (self);
}

/**
 * pb_db_select_one:
 * @sql: a query with one text parameter, $1
 * @param: its value
 * @found: (out): whether a row came back
 *
 * Runs a one-row lookup. The statement is returned positioned on that row
 * (or at its end), for the caller to read columns from.
 *
 * Returns: (transfer full) (nullable): the statement, %NULL on failure
 */
PbDbStatement *
pb_db_select_one (PbDb        *self,
                  const char  *sql,
                  const char  *param,
                  gboolean    *found,
                  GError     **error)
{
  g_autoptr(PbDbStatement) select = pb_db_prepare (self, sql, error);
  g_autoptr(GError) local_error = NULL;

  *found = FALSE;
  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, param);
  *found = pb_db_statement_step (select, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&select);
}

/**
 * pb_db_select_text:
 * @value: (out) (transfer full): column 0 of the first row, %NULL when
 *   there is no row
 */
gboolean
pb_db_select_text (PbDb        *self,
                   const char  *sql,
                   const char  *param,
                   char       **value,
                   GError     **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (self, sql, param, &found, error);

  *value = found ? g_strdup (pb_db_statement_get_text (select, 0)) : NULL;
  return select != NULL;
}
