/* pb-request.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pb-storage.h"

G_BEGIN_DECLS

typedef struct _PbRequest PbRequest;
typedef struct _PbServer  PbServer;

/* Runs in a worker thread, with the storage; builds the response. */
typedef void (*PbWorkFunc) (PbRequest *request,
                            PbStorage *storage);

PbRequest   *pb_request_new              (PbServer          *server,
                                          SoupServerMessage *msg,
                                          GHashTable        *params);
void         pb_request_free             (PbRequest         *self);
PbServer    *pb_request_get_server       (PbRequest         *self);
const char  *pb_request_get_method       (PbRequest         *self);
const char  *pb_request_get_path         (PbRequest         *self);
const char  *pb_request_get_raw_query    (PbRequest         *self);
GBytes      *pb_request_get_body         (PbRequest         *self);
const char  *pb_request_get_fingerprint  (PbRequest         *self);
gboolean     pb_request_query_is_valid   (PbRequest         *self);
GStrv        pb_request_get_query_all    (PbRequest         *self,
                                          const char        *name);
char        *pb_request_dup_query        (PbRequest         *self,
                                          const char        *name);
const char  *pb_request_get_param        (PbRequest         *self,
                                          const char        *name);
const char  *pb_request_get_header       (PbRequest         *self,
                                          const char        *name);
GHashTable  *pb_request_get_form         (PbRequest         *self);
const char  *pb_request_get_remote_host  (PbRequest         *self);
const char  *pb_request_get_user_id      (PbRequest         *self);
void         pb_request_set_user_id      (PbRequest         *self,
                                          const char        *user_id);
void         pb_request_set_data         (PbRequest         *self,
                                          gpointer           data,
                                          GDestroyNotify     destroy);
gpointer     pb_request_get_data         (PbRequest         *self);

void         pb_request_respond_bytes    (PbRequest         *self,
                                          guint              status,
                                          const char        *content_type,
                                          GBytes            *body);
void         pb_request_respond_internal_error (PbRequest   *self,
                                          GError            *error);
guint        pb_request_get_status       (PbRequest         *self);
const char  *pb_request_get_content_type (PbRequest         *self);
GBytes      *pb_request_get_response_body (PbRequest        *self);
char        *pb_request_dup_response_headers (PbRequest     *self);
void         pb_request_restore_response_headers (PbRequest *self,
                                          const char        *headers);
void         pb_request_respond_json     (PbRequest         *self,
                                          guint              status,
                                          const char        *content_type,
                                          JsonNode          *document);
void         pb_request_respond_error    (PbRequest         *self,
                                          guint              status,
                                          const char        *code,
                                          const char        *detail,
                                          const char        *pointer);
void         pb_request_respond_empty    (PbRequest         *self,
                                          guint              status);
void         pb_request_set_response_header (PbRequest      *self,
                                          const char        *name,
                                          const char        *value);
void         pb_request_set_etag         (PbRequest         *self,
                                          gint64             version);
void         pb_request_defer            (PbRequest         *self,
                                          PbWorkFunc         work);
gboolean     pb_request_is_deferred      (PbRequest         *self);
SoupServerMessage *pb_request_get_message (PbRequest        *self);
void         pb_request_send_response    (PbRequest         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRequest, pb_request_free)

G_END_DECLS
