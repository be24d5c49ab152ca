/* pb-account.h
 *
 * A signed-in account: one server, one user, their offline cache
 * (PbStore), their API client (access token in memory only) and their sync
 * engine. The refresh token is kept in the Secret Service (libsecret); the
 * list of known accounts in DATA_DIR/accounts.ini (no secret in it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-api-client.h"
#include "pb-store.h"
#include "pb-sync-engine.h"

G_BEGIN_DECLS

#define PB_TYPE_ACCOUNT (pb_account_get_type ())

G_DECLARE_FINAL_TYPE (PbAccount, pb_account, PB, ACCOUNT, GObject)

/* @data_dir: where caches live; NULL for $XDG_DATA_HOME/pix-bureau.
 * Signs in (POST /api/token, GET /api/me), opens or creates the cache,
 * saves the refresh token and remembers the account as the last one. */
void        pb_account_sign_in_async     (const char           *server_url,
                                          const char           *email,
                                          const char           *password,
                                          const char           *data_dir,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
PbAccount  *pb_account_sign_in_finish    (GAsyncResult         *result,
                                          GError              **error);

/* The account used last in @data_dir, from its cache and the Secret
 * Service, without the network; NULL with no error when there is none. */
void        pb_account_restore_async     (const char           *data_dir,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
PbAccount  *pb_account_restore_finish    (GAsyncResult         *result,
                                          GError              **error);

/* After the server refused the refresh token: the same user signs in
 * again with a password, keeping the cache and its unsent changes. */
void        pb_account_sign_in_again_async  (PbAccount            *self,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean    pb_account_sign_in_again_finish (PbAccount            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Revokes the refresh token (when online), forgets it, stops the sync and
 * purges the cache. */
void        pb_account_sign_out_async    (PbAccount            *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    pb_account_sign_out_finish   (PbAccount            *self,
                                          GAsyncResult         *result,
                                          GError              **error);

PbStore      *pb_account_get_store       (PbAccount            *self);
PbApiClient  *pb_account_get_client      (PbAccount            *self);
PbSyncEngine *pb_account_get_sync_engine (PbAccount            *self);
const char   *pb_account_get_server_url  (PbAccount            *self);
const char   *pb_account_get_user_id     (PbAccount            *self);
const char   *pb_account_get_email       (PbAccount            *self);

G_END_DECLS
