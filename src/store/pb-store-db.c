/* pb-store-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-store.h"
#include "pb-store-db.h"

/* Geary waits a minute; our only writer is the store's own thread, so a
 * wait means a checkpoint or another process, both short. */
#define BUSY_TIMEOUT_MS 10000

/* About 32 MiB of pages for the writer: a first sync inserts 100 000
 * learners with scattered keys, and B-tree inserts are cache-bound. */
#define WRITER_CACHE_SIZE "-32768"

static const char *writer_pragmas =
  "PRAGMA journal_mode = WAL;"
  /* The outbox is the one thing here that must survive a power cut: a
   * commit in WAL mode with NORMAL may roll back after one. */
  "PRAGMA synchronous = FULL;"
  "PRAGMA foreign_keys = ON;"
  /* Deleted learners' data is overwritten, not left in free pages of a
   * laptop shared by a school. */
  "PRAGMA secure_delete = ON;"
  "PRAGMA cache_size = " WRITER_CACHE_SIZE ";";

static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  g_autofree char *folded = NULL;

  if (sqlite3_value_type (argv[0]) == SQLITE_NULL)
    {
      sqlite3_result_text (context, "", 0, SQLITE_STATIC);
      return;
    }
  folded = pb_store_fold ((const char *) sqlite3_value_text (argv[0]));
  sqlite3_result_text (context, g_steal_pointer (&folded), -1, g_free);
}

gboolean
pb_store_db_set_error (PbStoreDb  *db,
                       GError    **error)
{
  int code = sqlite3_extended_errcode (db->handle) & 0xff;
  PbStoreError store_code = PB_STORE_ERROR_FAILED;

  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    store_code = PB_STORE_ERROR_CORRUPT;
  g_set_error (error, PB_STORE_ERROR, store_code, "SQLite: %s", sqlite3_errmsg (db->handle));
  return FALSE;
}

static void
finalize_statement (gpointer statement)
{
  sqlite3_finalize (statement);
}

/**
 * pb_store_db_open:
 * @read_only: a reader's connection, or the writer's (WAL, FULL sync…)
 *
 * Returns: (transfer full): the connection, or %NULL
 */
PbStoreDb *
pb_store_db_open (const char  *path,
                  gboolean     read_only,
                  GError     **error)
{
  PbStoreDb *db = g_new0 (PbStoreDb, 1);
  int flags = SQLITE_OPEN_NOMUTEX;
  int rc;

  /* NOMUTEX: each connection is used by one thread at a time (the writer
   * thread, or the reader who took it from the pool), so SQLite's own
   * per-connection mutex would only cost time. */
  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  /* Keyed by the SQL's address: hashing a long statement's text for every
   * row of a pull page cost more than binding the row. */
  db->statements = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_statement);
  rc = sqlite3_open_v2 (path, &db->handle, flags, NULL);
  if (rc != SQLITE_OK)
    goto failed;
  sqlite3_extended_result_codes (db->handle, TRUE);
  sqlite3_busy_timeout (db->handle, BUSY_TIMEOUT_MS);
  if (!read_only && sqlite3_exec (db->handle, writer_pragmas, NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  /* A reader's first statement is where a file that is not a database
   * shows itself. */
  if (read_only && sqlite3_exec (db->handle, "PRAGMA schema_version", NULL, NULL, NULL) != SQLITE_OK)
    goto failed;
  if (sqlite3_create_function (db->handle, "pb_fold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, fold_function, NULL, NULL) != SQLITE_OK)
    goto failed;
  return db;

failed:
  if (db->handle == NULL)
    g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_FAILED, "SQLite: %s", sqlite3_errstr (rc));
  else
    pb_store_db_set_error (db, error);
  pb_store_db_close (db);
  return NULL;
}

void
pb_store_db_close (PbStoreDb *db)
{
  if (db == NULL)
    return;
  g_hash_table_destroy (db->statements);
  sqlite3_close_v2 (db->handle);
  g_free (db);
}

gboolean
pb_store_db_exec (PbStoreDb   *db,
                  const char  *sql,
                  GError     **error)
{
  if (sqlite3_exec (db->handle, sql, NULL, NULL, NULL) != SQLITE_OK)
    return pb_store_db_set_error (db, error);
  return TRUE;
}

/**
 * pb_store_db_prepare:
 *
 * A statement prepared on first use and kept with the connection, reset and
 * with its bindings cleared. Do not finalize it. @sql must be a string
 * constant: the cache knows statements by its address (SQL built at run
 * time goes through pb_store_db_prepare_once()).
 *
 * Returns: (transfer none): the statement, or %NULL
 */
sqlite3_stmt *
pb_store_db_prepare (PbStoreDb   *db,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *statement = g_hash_table_lookup (db->statements, sql);

  if (statement != NULL)
    {
      sqlite3_reset (statement);
      sqlite3_clear_bindings (statement);
      return statement;
    }
  if (sqlite3_prepare_v3 (db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL) != SQLITE_OK)
    {
      pb_store_db_set_error (db, error);
      return NULL;
    }
  g_hash_table_insert (db->statements, (gpointer) sql, statement);
  return statement;
}

/**
 * pb_store_db_prepare_once:
 *
 * For SQL built per call (a search with its words): not cached.
 *
 * Returns: (transfer full): the statement, or %NULL
 */
sqlite3_stmt *
pb_store_db_prepare_once (PbStoreDb   *db,
                          const char  *sql,
                          GError     **error)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db->handle, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      pb_store_db_set_error (db, error);
      return NULL;
    }
  return statement;
}

/* A cached SELECT left on a row keeps its read transaction, and with it an
 * old snapshot, open: reset them all once a job or a read is over. */
void
pb_store_db_reset_all (PbStoreDb *db)
{
  sqlite3_stmt *statement = NULL;

  while ((statement = sqlite3_next_stmt (db->handle, statement)) != NULL)
    if (sqlite3_stmt_busy (statement))
      sqlite3_reset (statement);
}

/**
 * pb_store_db_step:
 *
 * Returns: %SQLITE_ROW, %SQLITE_DONE, or -1 with @error set
 */
int
pb_store_db_step (PbStoreDb     *db,
                  sqlite3_stmt  *statement,
                  GError       **error)
{
  int rc = sqlite3_step (statement);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  pb_store_db_set_error (db, error);
  sqlite3_reset (statement);
  return -1;
}

gboolean
pb_store_db_step_done (PbStoreDb     *db,
                       sqlite3_stmt  *statement,
                       GError       **error)
{
  int rc = pb_store_db_step (db, statement, error);

  sqlite3_reset (statement);
  return rc >= 0;
}

/**
 * pb_store_db_run_text:
 * @sql: a statement with one text parameter (?1), kept prepared
 *
 * Runs @sql once with @text bound.
 */
gboolean
pb_store_db_run_text (PbStoreDb   *db,
                      const char  *sql,
                      const char  *text,
                      GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, sql, error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, text);
  return pb_store_db_step_done (db, statement, error);
}

/**
 * pb_store_db_run_int64:
 * @sql: a statement with one integer parameter (?1), kept prepared
 *
 * Runs @sql once with @value bound.
 */
gboolean
pb_store_db_run_int64 (PbStoreDb   *db,
                       const char  *sql,
                       gint64       value,
                       GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, sql, error);

  if (statement == NULL)
    return FALSE;
  sqlite3_bind_int64 (statement, 1, value);
  return pb_store_db_step_done (db, statement, error);
}

/**
 * pb_store_db_query_int64:
 * @sql: a SELECT of one integer, with one text parameter (?1)
 *
 * Returns: 1 with @value set, 0 when there is no row, -1 on error
 */
int
pb_store_db_query_int64 (PbStoreDb   *db,
                         const char  *sql,
                         const char  *text,
                         gint64      *value,
                         GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, sql, error);
  int rc;

  if (statement == NULL)
    return -1;
  pb_store_db_bind_text (statement, 1, text);
  rc = pb_store_db_step (db, statement, error);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (statement, 0);
  sqlite3_reset (statement);
  return rc < 0 ? -1 : rc == SQLITE_ROW;
}

/**
 * pb_store_db_query_text:
 * @sql: a SELECT of one text, with one text parameter (?1)
 * @value: (out): the text, %NULL when there is no row or on error
 *
 * Returns: 1 with @value set, 0 when there is no row, -1 on error
 */
int
pb_store_db_query_text (PbStoreDb   *db,
                        const char  *sql,
                        const char  *text,
                        char       **value,
                        GError     **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (db, sql, error);
  int rc;

  *value = NULL;
  if (statement == NULL)
    return -1;
  pb_store_db_bind_text (statement, 1, text);
  rc = pb_store_db_step (db, statement, error);
  if (rc == SQLITE_ROW)
    *value = pb_store_db_dup_text (statement, 0);
  sqlite3_reset (statement);
  return rc < 0 ? -1 : rc == SQLITE_ROW;
}

void
pb_store_db_bind_text (sqlite3_stmt *statement,
                       int           index,
                       const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (statement, index);
  else
    sqlite3_bind_text (statement, index, text, -1, SQLITE_TRANSIENT);
}

char *
pb_store_db_dup_text (sqlite3_stmt *statement,
                      int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
append_folded (GString  *out,
               gunichar  c)
{
  /* Ligatures have no decomposition, but people type them as two
   * letters: "Cœur" is found with "coeur". */
  switch (c)
    {
    case 0x0152: case 0x0153: g_string_append (out, "oe"); break;
    case 0x00C6: case 0x00E6: g_string_append (out, "ae"); break;
    case 0x00DF: g_string_append (out, "ss"); break;
    default: g_string_append_unichar (out, g_unichar_tolower (c)); break;
    }
}

/**
 * pb_store_fold:
 *
 * Returns: (transfer full): @text in lower case without accents (decomposed,
 *   combining marks dropped), for search keys, search words and sorting
 */
char *
pb_store_fold (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");
  for (p = text; *p != '\0' && (guchar) *p < 0x80; p++)
    ;
  if (*p == '\0')
    return g_ascii_strdown (text, -1);
  valid = g_utf8_make_valid (text, -1);
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));
  for (p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_mark (c))
        append_folded (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * pb_store_search_words:
 *
 * Returns: (transfer full): the folded words of a search, each of which a
 *   match must contain; none for a blank or %NULL search
 */
GStrv
pb_store_search_words (const char *search)
{
  g_autofree char *folded = pb_store_fold (search);
  /* The typographic apostrophe is three bytes: split on it as a string,
   * not in g_strsplit_set()'s set of single bytes. */
  g_auto(GStrv) quotes = g_strsplit (folded, "’", -1);
  g_autofree char *plain = g_strjoinv (" ", quotes);
  g_auto(GStrv) parts = g_strsplit_set (plain, " \t\n'-", -1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (words, parts[i]);
  return g_strv_builder_end (words);
}

/**
 * pb_store_like_pattern:
 *
 * Returns: (transfer full): a LIKE pattern (ESCAPE '\') matching @word
 *   anywhere; a "%" or "_" typed by someone matches only itself
 */
char *
pb_store_like_pattern (const char *word)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}
