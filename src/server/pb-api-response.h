/* pb-api-response.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define PB_JSON_API_CONTENT_TYPE "application/vnd.api+json"

/* RFC 6585 statuses libsoup 3.2 has no name (nor phrase) for. */
#define PB_STATUS_PRECONDITION_REQUIRED 428
#define PB_STATUS_TOO_MANY_REQUESTS     429


GBytes   *pb_api_serialize      (JsonNode          *document);
JsonNode *pb_api_error_document (guint              status,
                                 const char        *code,
                                 const char        *detail,
                                 const char        *pointer);
void      pb_api_begin_error    (JsonBuilder       *builder,
                                 guint              status,
                                 const char        *code,
                                 const char        *detail,
                                 const char        *pointer);
void pb_api_respond_bytes (SoupServerMessage *msg,
                           guint              status,
                           const char        *content_type,
                           GBytes            *body);
void pb_api_respond_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *detail,
                           const char        *pointer);

G_END_DECLS
