/* pb-db-sqlite.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_DB_SQLITE (pb_db_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (PbDbSqlite, pb_db_sqlite, PB, DB_SQLITE, GObject)

PbDbSqlite *pb_db_sqlite_open        (const char  *path,
                                      GError     **error);
PbDbSqlite *pb_db_sqlite_open_reader (const char  *path,
                                      GError     **error);

G_END_DECLS
