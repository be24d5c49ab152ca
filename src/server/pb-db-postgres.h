/* pb-db-postgres.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_DB_POSTGRES (pb_db_postgres_get_type ())

G_DECLARE_FINAL_TYPE (PbDbPostgres, pb_db_postgres, PB, DB_POSTGRES, GObject)

PbDbPostgres *pb_db_postgres_open        (const char  *url,
                                          GError     **error);
PbDbPostgres *pb_db_postgres_open_reader (const char  *url,
                                          GError     **error);

G_END_DECLS
