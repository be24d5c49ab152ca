/* pb-sync-engine.h
 *
 * Keeps one account's cache in step with the server (DESIGN §5): pushes
 * the outbox in order, then pulls each organization's changes feed page by
 * page. It works in a thread of its own; its properties change, and their
 * ::notify signals are emitted, on the main context of the thread that
 * created it (the GTK main thread in the app).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-api-client.h"
#include "pb-store.h"

G_BEGIN_DECLS

typedef enum
{
  PB_SYNC_STATE_IDLE,          /* online, nothing running: everything sent and received */
  PB_SYNC_STATE_SYNCING,       /* a push and pull is running */
  PB_SYNC_STATE_OFFLINE,       /* the server cannot be reached: retries with backoff */
  PB_SYNC_STATE_NEEDS_SIGN_IN, /* the refresh token was refused: a password is needed */
  PB_SYNC_STATE_ERROR,         /* the server answered something unusable; retried later */
} PbSyncState;

#define PB_TYPE_SYNC_STATE (pb_sync_state_get_type ())
#define PB_TYPE_SYNC_ENGINE (pb_sync_engine_get_type ())

G_DECLARE_FINAL_TYPE (PbSyncEngine, pb_sync_engine, PB, SYNC_ENGINE, GObject)

GType         pb_sync_state_get_type            (void) G_GNUC_CONST;

PbSyncEngine *pb_sync_engine_new                (PbStore       *store,
                                                 PbApiClient   *client);

/* The background loop: sync at once, then after each local edit (a second
 * later, so a burst of edits goes in one sync), every poll interval, and
 * after a failure with exponential backoff. */
void          pb_sync_engine_start              (PbSyncEngine  *self);
void          pb_sync_engine_sync_now           (PbSyncEngine  *self);
void          pb_sync_engine_stop               (PbSyncEngine  *self);
void          pb_sync_engine_set_poll_interval  (PbSyncEngine  *self,
                                                 guint          seconds);
void          pb_sync_engine_set_backoff        (PbSyncEngine  *self,
                                                 guint          first_ms,
                                                 guint          max_ms);

/* One push and pull in the calling thread, not the main thread; for tests,
 * tools and benchmarks. Fails with G_IO_ERROR_* for network failures. */
gboolean      pb_sync_engine_run_once           (PbSyncEngine  *self,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

PbSyncState   pb_sync_engine_get_state          (PbSyncEngine  *self);
guint         pb_sync_engine_get_pending_count  (PbSyncEngine  *self);
guint         pb_sync_engine_get_conflict_count (PbSyncEngine  *self);
/* Unix time in microseconds of the last complete sync, 0 for never. */
gint64        pb_sync_engine_get_last_sync      (PbSyncEngine  *self);
/* During a first sync: 0..1; otherwise -1. */
double        pb_sync_engine_get_progress       (PbSyncEngine  *self);
/* What went wrong last, in French for people; NULL when all is well. */
const char   *pb_sync_engine_get_message        (PbSyncEngine  *self);

G_END_DECLS
