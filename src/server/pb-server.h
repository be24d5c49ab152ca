/* pb-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "pb-storage.h"

G_BEGIN_DECLS

#define PB_TYPE_SERVER (pb_server_get_type ())

G_DECLARE_FINAL_TYPE (PbServer, pb_server, PB, SERVER, GObject)

PbServer *pb_server_new           (PbStorage        *storage,
                                   GTlsCertificate  *certificate);
GUri     *pb_server_listen        (PbServer         *self,
                                   GInetAddress     *address,
                                   guint             port,
                                   GError          **error);
void      pb_server_shutdown      (PbServer         *self);
gboolean  pb_server_is_stopped    (PbServer         *self);

G_END_DECLS
