/* pb-credentials.h
 *
 * Refresh tokens in the Secret Service (libsecret), one per server and
 * user. Without a Secret Service (no session bus, as in tests) they are
 * kept in this process's memory only: an account restored after a restart
 * then has none and must sign in again.
 *
 * The calls block (D-Bus): use them from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  pb_credentials_store   (const char    *server_url,
                                  const char    *user_id,
                                  const char    *refresh_token,
                                  GCancellable  *cancellable,
                                  GError       **error);
char     *pb_credentials_lookup  (const char    *server_url,
                                  const char    *user_id,
                                  GCancellable  *cancellable,
                                  GError       **error);
gboolean  pb_credentials_clear   (const char    *server_url,
                                  const char    *user_id,
                                  GCancellable  *cancellable,
                                  GError       **error);

G_END_DECLS
