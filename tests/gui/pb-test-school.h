/* pb-test-school.h
 *
 * The demo school for UI tests: the real pix-bureau-server binary
 * ($PB_SERVER_BINARY) serving a private copy of the demo school
 * ($PB_DEMO_SCHOOL_DIR), and a real account signed in to it with its cache
 * filled by a real sync. Every wait here has a timeout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-account.h"

G_BEGIN_DECLS

typedef struct _PbTestSchool PbTestSchool;

/* Copies the demo school into a temporary directory and serves it on a free
 * loopback port. */
PbTestSchool *pb_test_school_new                  (GError        **error);
void          pb_test_school_free                 (PbTestSchool   *self);

const char   *pb_test_school_get_url              (PbTestSchool   *self);
/* The server's copy of the demo school (pix-bureau.sqlite, demo-accounts.ini). */
const char   *pb_test_school_get_server_data_dir  (PbTestSchool   *self);
const char   *pb_test_school_get_referent_email   (PbTestSchool   *self);
const char   *pb_test_school_get_referent_password (PbTestSchool  *self);
/* Any account of demo-accounts.ini (the teachers too); NULL if unknown. */
const char   *pb_test_school_get_password         (PbTestSchool   *self,
                                                   const char     *email);
/* The school's name as the server shows it ("Lycée Marie Curie (démo)"). */
const char   *pb_test_school_get_name             (PbTestSchool   *self);

/* Signs the referent in with a cache under @data_dir (NULL: a temporary
 * directory removed by pb_test_school_free()) and runs one full sync. */
PbAccount    *pb_test_school_sign_in              (PbTestSchool   *self,
                                                   const char     *data_dir,
                                                   GError        **error);
/* The same for any account of the school. */
PbAccount    *pb_test_school_sign_in_as           (PbTestSchool   *self,
                                                   const char     *email,
                                                   const char     *data_dir,
                                                   GError        **error);

/* One pb_sync_engine_run_once() of @account's engine in a thread, while the
 * calling (main) thread iterates the default main context so that the
 * store's ::changed and the engine's ::notify arrive. */
gboolean      pb_test_school_sync                 (PbAccount      *account,
                                                   GError        **error);

/* The first organization of @account's cache (the demo school). */
char         *pb_test_school_get_organization_id  (PbAccount      *account,
                                                   GError        **error);

/* A second organization on the school's server: creates it with the
 * server's admin CLI (`admin create-organization`, which writes beside the
 * running server: SQLite WAL), makes the referent its ADMIN
 * (`admin add-member`), then syncs @account (the referent's; NULL: no
 * sync) so that its cache has it. @type is "SCO", "SUP" or "PRO"; it has
 * no learners and no campaigns. Name it to sort after the demo school if
 * pb_test_school_get_organization_id() is called afterwards.
 *
 * Returns: (transfer full): the new organization's id, or NULL */
char         *pb_test_school_add_organization     (PbTestSchool   *self,
                                                   PbAccount      *account,
                                                   const char     *name,
                                                   const char     *type,
                                                   GError        **error);

/* Spins the default main context until @condition (@user_data) returns
 * TRUE or @timeout_ms pass; returns the condition's last value. */
gboolean      pb_test_school_wait_for             (gboolean      (*condition) (gpointer user_data),
                                                   gpointer        user_data,
                                                   guint           timeout_ms);

/* Offline tests: stop the server (SIGTERM, waits for it), then start it
 * again on the same address and data. */
gboolean      pb_test_school_stop_server          (PbTestSchool   *self,
                                                   GError        **error);
gboolean      pb_test_school_restart_server       (PbTestSchool   *self,
                                                   GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbTestSchool, pb_test_school_free)

G_END_DECLS
