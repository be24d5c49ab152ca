/* pb-server-errors.h
 *
 * The server writes its error details in English (they are for logs and
 * developers); people read French. Its error codes are stable, so the
 * desktop says each one in French, with the line or pupil and the column
 * the server names in meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *pb_server_error_describe (JsonObject *error);

G_END_DECLS
