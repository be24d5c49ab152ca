/* pb-store-db.h
 *
 * Private to src/store: one SQLite connection with its cache of prepared
 * statements, the helpers every module of the store uses on it, and the
 * search folding shared by the writes (keys) and the reads (words).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  sqlite3    *handle;
  GHashTable *statements;   /* SQL constant's address → sqlite3_stmt */
} PbStoreDb;

/* What a write job sees: the writer's connection, inside BEGIN IMMEDIATE,
 * and the tables it touched, which ::changed reports after the commit. */
typedef struct
{
  PbStoreDb  *db;
  guint  changed;           /* PbStoreTables */
} PbStoreTx;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

PbStoreDb    *pb_store_db_open         (const char    *path,
                                        gboolean       read_only,
                                        GError       **error);
void          pb_store_db_close        (PbStoreDb     *db);
gboolean      pb_store_db_exec         (PbStoreDb     *db,
                                        const char    *sql,
                                        GError       **error);
sqlite3_stmt *pb_store_db_prepare      (PbStoreDb     *db,
                                        const char    *sql,
                                        GError       **error);
sqlite3_stmt *pb_store_db_prepare_once (PbStoreDb     *db,
                                        const char    *sql,
                                        GError       **error);
void          pb_store_db_reset_all    (PbStoreDb     *db);
int           pb_store_db_step         (PbStoreDb     *db,
                                        sqlite3_stmt  *statement,
                                        GError       **error);
gboolean      pb_store_db_step_done    (PbStoreDb     *db,
                                        sqlite3_stmt  *statement,
                                        GError       **error);
gboolean      pb_store_db_run_text     (PbStoreDb     *db,
                                        const char    *sql,
                                        const char    *text,
                                        GError       **error);
gboolean      pb_store_db_run_int64    (PbStoreDb     *db,
                                        const char    *sql,
                                        gint64         value,
                                        GError       **error);
gboolean      pb_store_db_set_error    (PbStoreDb     *db,
                                        GError       **error);
int           pb_store_db_query_int64  (PbStoreDb     *db,
                                        const char    *sql,
                                        const char    *text,
                                        gint64        *value,
                                        GError       **error);
int           pb_store_db_query_text   (PbStoreDb     *db,
                                        const char    *sql,
                                        const char    *text,
                                        char         **value,
                                        GError       **error);

void          pb_store_db_bind_text    (sqlite3_stmt  *statement,
                                        int            index,
                                        const char    *text);
char         *pb_store_db_dup_text     (sqlite3_stmt  *statement,
                                        int            column);

char         *pb_store_fold            (const char    *text);
GStrv         pb_store_search_words    (const char    *search);
char         *pb_store_like_pattern    (const char    *word);

G_END_DECLS
