/* pb-test-sync.h
 *
 * A school on the real pix-bureau-server binary for sync tests: a small
 * demo school built once per test program and copied for each test, its
 * server over loopback, a desktop cache in a directory of its own, and an
 * HTTP client of the test's own playing "someone else".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-account.h"
#include "pb-test-api.h"

G_BEGIN_DECLS

typedef struct
{
  /* api.fixture, api.server and api.session are the school's server and
   * the test's HTTP client; api.org_a is its organization and api.admin_a
   * the referent's access token (another session than the engine's). */
  Api           api;
  char         *url;            /* the server's base URL, the same after a restart */
  char         *email;          /* the referent (ADMIN) */
  char         *password;
  char         *cache_dir;      /* the desktop's, removed at the end */
  PbStore      *store;          /* cache_dir/cache.sqlite */
  PbApiClient  *client;         /* signed in as the referent */
  PbSyncEngine *engine;
} School;

/* Builds the demo school once, for every test of the program; removed at
 * exit. Call before g_test_run(). */
void          school_build_template   (guint          n_learners);

void          school_set_up           (School        *school,
                                       gconstpointer  data);
void          school_tear_down        (School        *school,
                                       gconstpointer  data);

/* Opens (again) the cache, signs a client in and makes an engine. */
void          school_open_cache       (School        *school);
void          school_close_cache      (School        *school);

/* A new access token for the test's own session (after a key change). */
void          school_renew_token      (School        *school);
void          school_stop_server      (School        *school);
void          school_start_server     (School        *school);

/* Spins the default main context until it has nothing to do: the store's
 * ::changed and the engine's ::notify arrive there. */
void          school_drain            (void);
/* Spins it until @done returns TRUE; fails the test after @timeout_s. */
void          school_wait             (gboolean     (*done) (gpointer),
                                       gpointer       data,
                                       guint          timeout_s);

void          school_sync             (School        *school);
gint64        school_row_count        (School        *school,
                                       const char    *path);
/* Every record of the feed of the organization, read with the test's own
 * client: type → count. */
GHashTable   *school_feed_counts      (School        *school);
char         *school_create_campaign  (School        *school,
                                       const char    *name);
void          school_remove_tree      (const char    *path);

G_END_DECLS
