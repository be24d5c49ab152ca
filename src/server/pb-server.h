/* pb-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pb-request.h"
#include "pb-server-settings.h"
#include "pb-storage.h"
#include "pb-tokens.h"

G_BEGIN_DECLS

#define PB_TYPE_SERVER (pb_server_get_type ())

G_DECLARE_FINAL_TYPE (PbServer, pb_server, PB, SERVER, GObject)

/* A route's handler: answers at once, or defers to a worker. */
typedef void (*PbHandler) (PbRequest *request);

PbServer               *pb_server_new          (PbStorage               *storage,
                                                const PbServerSettings  *settings,
                                                GTlsCertificate         *certificate,
                                                GError                 **error);
GUri                   *pb_server_listen       (PbServer                *self,
                                                GInetAddress            *address,
                                                guint                    port,
                                                GError                 **error);
void                    pb_server_shutdown     (PbServer                *self);
gboolean                pb_server_is_stopped   (PbServer                *self);
const PbServerSettings *pb_server_get_settings (PbServer                *self);
PbTokens               *pb_server_get_tokens   (PbServer                *self);
gboolean                pb_server_login_allowed_from (PbServer          *self,
                                                const char              *address);
void                    pb_server_note_failed_login (PbServer           *self,
                                                const char              *address);
void                    pb_server_queue_work   (PbServer                *self,
                                                PbRequest               *request,
                                                PbWorkFunc               work);

G_END_DECLS
