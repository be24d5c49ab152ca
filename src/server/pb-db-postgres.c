/* pb-db-postgres.c
 *
 * The PostgreSQL driver, over libpq: one connection per object, used by one
 * thread at a time (PbStorage hands them out). Parameters travel as text and
 * results come back as text, so callers write the same SQL and read the same
 * strings as with SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "pb-db-postgres.h"

/* int8 in the server's catalog (catalog/pg_type.h), which the client
 * headers do not ship; it has never changed.
 */
#define INT8_OID 20

/* Without a limit, a host that drops packets would hold a worker for the
 * kernel's TCP timeout, minutes.
 */
#define CONNECT_TIMEOUT_SECONDS "10"

/* READ COMMITTED, PostgreSQL's default, takes a new snapshot for every
 * statement; a reader's BEGIN…COMMIT must see one snapshot across its
 * SELECTs, as an SQLite read transaction does, hence REPEATABLE READ (which
 * never fails with a serialization error when it only reads). Read only, so
 * that a write sent to a reader by mistake fails as it does on SQLite.
 */
#define READER_SETUP                                        \
  "SET default_transaction_read_only = on;"                 \
  "SET default_transaction_isolation = 'repeatable read';"

struct _PbDbPostgres
{
  GObject     parent_instance;

  PGconn     *conn;
  /* Session settings, run again after a reconnection: they die with the
   * session. NULL for none.
   */
  const char *session_setup;
};

typedef struct
{
  PbDbStatement   parent;
  PbDbPostgres   *db;
  char           *sql;
  int             n_params;
  char          **values;    /* n_params text values; NULL is SQL NULL */
  Oid            *types;     /* n_params types; 0 lets the server infer it */
  PGresult       *result;    /* the rows of the current run, NULL between runs */
  int             row;
} PbPgStatement;

typedef struct
{
  gsize start;
  gsize end;
} Span;

static void pb_db_iface_init (PbDbInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbDbPostgres, pb_db_postgres, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PB_TYPE_DB, pb_db_iface_init))

static PbDbError
error_code_for (const char *sqlstate)
{
  if (sqlstate == NULL)
    return PB_DB_ERROR_FAILED;

  /* Class 23, integrity constraint violation: unique, foreign key, check,
   * not null; SQLite reports all of them as SQLITE_CONSTRAINT.
   */
  if (g_str_has_prefix (sqlstate, "23"))
    return PB_DB_ERROR_CONSTRAINT;

  /* Serialization failure, deadlock, lock not available: trying again
   * later may work, as with SQLite's SQLITE_BUSY.
   */
  if (strcmp (sqlstate, "40001") == 0 || strcmp (sqlstate, "40P01") == 0 ||
      strcmp (sqlstate, "55P03") == 0)
    return PB_DB_ERROR_BUSY;

  return PB_DB_ERROR_FAILED;
}

/* Only the primary message: the detail of a unique violation quotes the
 * values ("Key (email)=(…) already exists"), personal data that has no
 * place in the server's logs.
 */
static void
set_error (GError         **error,
           PGconn          *conn,
           const PGresult  *result)
{
  const char *sqlstate = NULL;
  const char *primary = NULL;
  g_autofree char *message = NULL;

  if (result != NULL)
    {
      sqlstate = PQresultErrorField (result, PG_DIAG_SQLSTATE);
      primary = PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
    }

  /* No result, or one without fields: libpq's own failure (out of memory,
   * connection lost), described on the connection.
   */
  message = g_strdup (primary != NULL ? primary : PQerrorMessage (conn));
  g_set_error (error, PB_DB_ERROR, error_code_for (sqlstate), "PostgreSQL: %s", g_strchomp (message));
}

/* Notices (“relation already exists, skipping”, “there is no transaction in
 * progress”) would go to stderr unasked: keep them for debugging.
 */
static void
log_notice (void           *user_data,
            const PGresult *result)
{
  g_debug ("PostgreSQL %s: %s",
           PQresultErrorField (result, PG_DIAG_SEVERITY),
           PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
}

static gboolean
exec_setup (PbDbPostgres  *self,
            GError       **error)
{
  return self->session_setup == NULL || pb_db_exec_script (PB_DB (self), self->session_setup, error);
}

/* A server restart, an idle timeout or a network cut closes the connection;
 * reopen it after the failure it caused, so one outage does not leave every
 * pooled connection dead. The failed statement is not run again: it may
 * have belonged to a transaction the server has already thrown away.
 */
static void
reconnect_if_lost (PbDbPostgres *self)
{
  g_autoptr(GError) error = NULL;

  if (PQstatus (self->conn) != CONNECTION_BAD)
    return;

  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    g_debug ("PostgreSQL: reconnection failed: %s", PQerrorMessage (self->conn));
  else if (!exec_setup (self, &error))
    g_debug ("PostgreSQL: session setup failed after reconnection: %s", error->message);
}

/* The highest $N in @sql outside quoted literals, quoted identifiers and
 * comments: PostgreSQL wants exactly that many parameters, and binding one
 * the SQL does not have is a bug worth reporting, as the SQLite driver does.
 * A doubled quote inside a literal reads as two literals side by side,
 * which skips the same text.
 */
static int
count_parameters (const char *sql)
{
  const char *p = sql;
  int highest = 0;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        {
          char quote = *p++;

          while (*p != '\0' && *p != quote)
            p++;
          if (*p != '\0')
            p++;
        }
      else if (p[0] == '-' && p[1] == '-')
        {
          while (*p != '\0' && *p != '\n')
            p++;
        }
      else if (p[0] == '$' && g_ascii_isdigit (p[1]))
        {
          char *end;
          guint64 number = g_ascii_strtoull (p + 1, &end, 10);

          highest = MAX (highest, (int)MIN (number, G_MAXINT));
          p = end;
        }
      else
        p++;
    }

  return highest;
}

static gboolean
check_index (PbPgStatement *self,
             guint          index)
{
  if (index > (guint)self->n_params)
    {
      g_critical ("Statement has no parameter $%u: %s", index, self->sql);
      return FALSE;
    }

  return TRUE;
}

static void
set_parameter (PbPgStatement *self,
               guint          index,
               char          *value,
               Oid            type)
{
  if (!check_index (self, index))
    {
      g_free (value);
      return;
    }

  g_free (self->values[index - 1]);
  self->values[index - 1] = value;
  self->types[index - 1] = type;
}

/* Text is sent untyped: the server gives it the type of the column or
 * expression it meets, as SQLite, which has no types, would accept it.
 */
static void
statement_bind_text (PbDbStatement *statement,
                     guint          index,
                     const char    *value)
{
  set_parameter ((PbPgStatement *)statement, index, g_strdup (value), 0);
}

/* An integer says so, so that it keeps its type where the SQL gives the
 * server nothing to infer one from.
 */
static void
statement_bind_int64 (PbDbStatement *statement,
                      guint          index,
                      gint64         value)
{
  set_parameter ((PbPgStatement *)statement, index, g_strdup_printf ("%" G_GINT64_FORMAT, value), INT8_OID);
}

static void
statement_bind_null (PbDbStatement *statement,
                     guint          index)
{
  set_parameter ((PbPgStatement *)statement, index, NULL, 0);
}

static gboolean
execute (PbPgStatement  *self,
         GError        **error)
{
  PGresult *result;
  ExecStatusType status;

  result = PQexecParams (self->db->conn, self->sql, self->n_params, self->types,
                         (const char * const *)self->values, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_error (error, self->db->conn, result);
      PQclear (result);
      reconnect_if_lost (self->db);
      return FALSE;
    }

  self->result = result;
  self->row = -1;
  return TRUE;
}

/* The first step runs the statement and fetches every row at once; each
 * step then moves to the next row. Writes are thus applied at the first
 * step, as pb-db.h promises.
 */
static gboolean
statement_step (PbDbStatement  *statement,
                GError        **error)
{
  PbPgStatement *self = (PbPgStatement *)statement;

  if (self->result == NULL && !execute (self, error))
    return FALSE;

  self->row++;
  if (self->row < PQntuples (self->result))
    return TRUE;

  /* Like SQLite after its last row: the next step runs it again. */
  g_clear_pointer (&self->result, PQclear);
  return FALSE;
}

static const char *
statement_get_text (PbDbStatement *statement,
                    guint          column)
{
  PbPgStatement *self = (PbPgStatement *)statement;

  if (self->result == NULL || self->row < 0 || (int)column >= PQnfields (self->result) ||
      PQgetisnull (self->result, self->row, (int)column))
    return NULL;

  return PQgetvalue (self->result, self->row, (int)column);
}

/* Results are text; a NULL reads as 0, as sqlite3_column_int64() does. */
static gint64
statement_get_int64 (PbDbStatement *statement,
                     guint          column)
{
  const char *text = statement_get_text (statement, column);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
statement_free (PbDbStatement *statement)
{
  PbPgStatement *self = (PbPgStatement *)statement;

  for (int i = 0; i < self->n_params; i++)
    g_free (self->values[i]);
  g_free (self->values);
  g_free (self->types);
  g_clear_pointer (&self->result, PQclear);
  g_free (self->sql);
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

/* PQexec, unlike PQexecParams, takes several statements at once; it stops
 * at the first failure and reports it.
 */
static gboolean
pb_db_postgres_exec_script (PbDb        *db,
                            const char  *sql,
                            GError     **error)
{
  PbDbPostgres *self = PB_DB_POSTGRES (db);
  PGresult *result = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (result);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY;

  if (!ok)
    set_error (error, self->conn, result);
  PQclear (result);
  if (!ok)
    reconnect_if_lost (self);

  return ok;
}

/* Nothing goes to the server yet: PQexecParams parses, binds and runs in
 * one round trip at the first step, which reports any mistake in the SQL.
 */
static PbDbStatement *
pb_db_postgres_prepare (PbDb        *db,
                        const char  *sql,
                        GError     **error)
{
  PbPgStatement *statement = g_new0 (PbPgStatement, 1);

  statement->parent.klass = &statement_class;
  statement->db = g_object_ref (PB_DB_POSTGRES (db));
  statement->sql = g_strdup (sql);
  statement->n_params = count_parameters (sql);
  statement->values = g_new0 (char *, statement->n_params);
  statement->types = g_new0 (Oid, statement->n_params);
  statement->row = -1;

  return (PbDbStatement *)statement;
}

/* A failed statement leaves its transaction in error, still to be rolled
 * back: that counts.
 */
static gboolean
pb_db_postgres_in_transaction (PbDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (PB_DB_POSTGRES (db)->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

static void
pb_db_iface_init (PbDbInterface *iface)
{
  iface->exec_script = pb_db_postgres_exec_script;
  iface->prepare = pb_db_postgres_prepare;
  iface->in_transaction = pb_db_postgres_in_transaction;
}

/* Where a URL keeps passwords: in its user info (user:password@host) and in
 * password= query parameters. Byte offsets into @url, in order.
 */
static GArray *
find_passwords (const char *url)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  const char *authority = strstr (url, "://");
  const char *authority_end, *at, *colon, *parameter;
  Span span;

  if (authority == NULL)
    return spans;

  authority += strlen ("://");
  authority_end = authority + strcspn (authority, "/?#");
  at = g_strrstr_len (authority, authority_end - authority, "@");
  colon = at != NULL ? memchr (authority, ':', at - authority) : NULL;
  if (colon != NULL)
    {
      span.start = colon + 1 - url;
      span.end = at - url;
      g_array_append_val (spans, span);
    }

  for (parameter = strchr (authority_end, '?'); parameter != NULL; parameter = strchr (parameter, '&'))
    {
      parameter++;
      if (g_str_has_prefix (parameter, "password="))
        {
          span.start = parameter + strlen ("password=") - url;
          span.end = span.start + strcspn (url + span.start, "&#");
          g_array_append_val (spans, span);
        }
    }

  return spans;
}

static char *
redact_url (const char   *url,
            const GArray *spans)
{
  GString *redacted = g_string_new (NULL);
  gsize done = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);

      g_string_append_len (redacted, url + done, span->start - done);
      g_string_append (redacted, "***");
      done = span->end;
    }
  g_string_append (redacted, url + done);

  return g_string_free (redacted, FALSE);
}

static void
replace_all (char       **text,
             const char  *old,
             const char  *new)
{
  g_auto(GStrv) parts = NULL;

  if (old == NULL || *old == '\0')
    return;

  parts = g_strsplit (*text, old, -1);
  g_free (*text);
  *text = g_strjoinv (new, parts);
}

/* libpq quotes the faulty part of a URL it cannot parse, which may be the
 * password, as typed or percent-decoded: hide both.
 */
static char *
redact_message (const char   *message,
                const char   *url,
                const GArray *spans)
{
  char *text = g_strdup (message);

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *span = &g_array_index (spans, Span, i);
      g_autofree char *raw = g_strndup (url + span->start, span->end - span->start);
      g_autofree char *decoded = g_uri_unescape_string (raw, NULL);

      replace_all (&text, raw, "***");
      replace_all (&text, decoded, "***");
    }

  return text;
}

/* Names the database as the URL does, less its passwords: error messages
 * end up in logs and on terminals. On one line, as a log entry should be:
 * libpq puts its hints on a line of their own.
 */
static void
set_connect_error (GError     **error,
                   PGconn      *conn,
                   const char  *url)
{
  g_autoptr(GArray) spans = find_passwords (url);
  g_autofree char *shown = redact_url (url, spans);
  g_autofree char *message = g_strdup (conn != NULL ? PQerrorMessage (conn) : "out of memory");
  g_autofree char *safe = NULL;

  replace_all (&message, "\n\t", " ");
  replace_all (&message, "\n", " ");
  safe = redact_message (g_strstrip (message), url, spans);
  g_set_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED,
               "Cannot connect to PostgreSQL at %s: %s", shown, safe);
}

static PbDbPostgres *
open_connection (const char  *url,
                 const char  *session_setup,
                 GError     **error)
{
  /* libpq expands the URL given as dbname in place: settings before it are
   * defaults the URL may override, settings after it are forced. Every
   * string the server handles is UTF-8, whatever the database's encoding.
   */
  static const char * const keywords[] = {
    "connect_timeout", "fallback_application_name", "dbname", "client_encoding", NULL
  };
  const char * const values[] = {
    CONNECT_TIMEOUT_SECONDS, "pix-bureau-server", url, "UTF8", NULL
  };
  g_autoptr(PbDbPostgres) self = NULL;

  self = g_object_new (PB_TYPE_DB_POSTGRES, NULL);
  self->conn = PQconnectdbParams (keywords, values, TRUE);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      set_connect_error (error, self->conn, url);
      return NULL;
    }

  PQsetNoticeReceiver (self->conn, log_notice, NULL);
  self->session_setup = session_setup;
  if (!exec_setup (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
pb_db_postgres_finalize (GObject *object)
{
  PbDbPostgres *self = (PbDbPostgres *)object;

  g_clear_pointer (&self->conn, PQfinish);

  G_OBJECT_CLASS (pb_db_postgres_parent_class)->finalize (object);
}

static void
pb_db_postgres_class_init (PbDbPostgresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_db_postgres_finalize;
}

static void
pb_db_postgres_init (PbDbPostgres *self)
{
}

/**
 * pb_db_postgres_open:
 * @url: a postgresql:// or postgres:// URL, as libpq reads it
 *
 * Opens a connection for reading and writing.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set; the
 *   message names the URL without its password
 */
PbDbPostgres *
pb_db_postgres_open (const char  *url,
                     GError     **error)
{
  g_return_val_if_fail (url != NULL, NULL);

  return open_connection (url, NULL, error);
}

/**
 * pb_db_postgres_open_reader:
 * @url: a postgresql:// or postgres:// URL, as libpq reads it
 *
 * Opens a connection that refuses writes and whose transactions each see
 * one snapshot of the database, taken at their first statement.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
PbDbPostgres *
pb_db_postgres_open_reader (const char  *url,
                            GError     **error)
{
  g_return_val_if_fail (url != NULL, NULL);

  return open_connection (url, READER_SETUP, error);
}
