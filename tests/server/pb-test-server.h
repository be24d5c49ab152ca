/* pb-test-server.h
 *
 * Running the real pix-bureau-server binary from tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* A data directory, and in PostgreSQL mode (PB_TEST_POSTGRES_URL set, see
 * tests/server/with-postgres) a fresh database of its own.
 */
typedef struct
{
  char *data_dir;
  char *database_name;  /* NULL for SQLite */
  char *database_url;   /* NULL for SQLite */
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

typedef struct
{
  GSubprocess *process;
  char        *base_url;
  char        *log_path;   /* the server's stderr: a file, never a pipe that could fill */
} Server;

void        fixture_set_up     (Fixture             *fixture,
                                gconstpointer        data);
void        fixture_tear_down  (Fixture             *fixture,
                                gconstpointer        data);
char       *fixture_query_text (Fixture             *fixture,
                                const char          *sql);
void        fixture_exec       (Fixture             *fixture,
                                const char          *sql);
void        result_clear       (Result              *result);
void        run_argv           (Result              *result,
                                const char          *input,
                                const char * const  *args);
void        run                (Result              *result,
                                const char          *input,
                                const char          *first,
                                ...) G_GNUC_NULL_TERMINATED;
void        server_start       (Server              *server,
                                Fixture             *fixture,
                                const char          *listen,
                                ...) G_GNUC_NULL_TERMINATED;
char       *run_admin         (Fixture       *fixture,
                               const char    *input,
                               const char    *first,
                               ...) G_GNUC_NULL_TERMINATED;
char       *server_read_log (Server        *server);
char       *server_stop        (Server              *server,
                                int                  signal_number);
JsonObject *first_error        (GBytes              *body);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

G_END_DECLS
