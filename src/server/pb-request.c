/* pb-request.c
 *
 * One API request on its way through the server. A handler reads what it
 * needs on the main loop; work that touches the database or hashes a
 * password is deferred to a worker thread (pb_request_defer()), which must
 * not touch the SoupServerMessage: everything it needs was copied here, and
 * the response it builds is stored here and sent from the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-api-response.h"
#include "pb-request.h"
#include "pb-server.h"

typedef enum
{
  RESPONSE_NONE,
  RESPONSE_JSON,
  RESPONSE_ERROR,
  RESPONSE_EMPTY,
} ResponseKind;

struct _PbRequest
{
  PbServer           *server;
  SoupServerMessage  *msg;              /* main thread only */

  /* Inputs, copied so that workers may read them. */
  GHashTable         *params;
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *remote_host;
  char               *user_id;

  gpointer            data;
  GDestroyNotify      data_destroy;
  gboolean            deferred;

  /* The response, sent by pb_request_finish() on the main loop. */
  ResponseKind        kind;
  guint               status;
  char               *content_type;
  JsonNode           *document;
  char               *error_code;
  char               *error_detail;
  char               *error_pointer;
  GPtrArray          *extra_headers;    /* name, value, name, value… */
};

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

PbRequest *
pb_request_new (PbServer          *server,
                SoupServerMessage *msg,
                GHashTable        *params)
{
  PbRequest *self = g_new0 (PbRequest, 1);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) flattened = soup_message_body_flatten (body);

  self->server = g_object_ref (server);
  self->msg = g_object_ref (msg);
  self->params = g_hash_table_ref (params);
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header, self->headers);
  self->body = g_bytes_ref (flattened);
  self->remote_host = g_strdup (soup_server_message_get_remote_host (msg));
  self->extra_headers = g_ptr_array_new_with_free_func (g_free);

  return self;
}

void
pb_request_free (PbRequest *self)
{
  if (self == NULL)
    return;

  if (self->data_destroy != NULL)
    self->data_destroy (self->data);
  g_clear_object (&self->server);
  g_clear_object (&self->msg);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->document, json_node_unref);
  g_clear_pointer (&self->extra_headers, g_ptr_array_unref);
  g_free (self->remote_host);
  g_free (self->user_id);
  g_free (self->content_type);
  g_free (self->error_code);
  g_free (self->error_detail);
  g_free (self->error_pointer);
  g_free (self);
}

PbServer *
pb_request_get_server (PbRequest *self)
{
  return self->server;
}

/* A path placeholder's value: "id" of "/api/campaigns/{id}". */
const char *
pb_request_get_param (PbRequest  *self,
                      const char *name)
{
  return g_hash_table_lookup (self->params, name);
}

const char *
pb_request_get_header (PbRequest  *self,
                       const char *name)
{
  return soup_message_headers_get_one (self->headers, name);
}

/**
 * pb_request_get_form:
 *
 * Returns: (transfer full) (nullable): the fields of an
 * application/x-www-form-urlencoded body, or %NULL if it is not one
 */
GHashTable *
pb_request_get_form (PbRequest *self)
{
  const char *type = soup_message_headers_get_content_type (self->headers, NULL);
  g_autofree char *text = NULL;
  gsize size;
  const char *data;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    return NULL;

  data = g_bytes_get_data (self->body, &size);
  text = g_strndup (data, size);
  return soup_form_decode (text);
}

const char *
pb_request_get_remote_host (PbRequest *self)
{
  return self->remote_host;
}

const char *
pb_request_get_user_id (PbRequest *self)
{
  return self->user_id;
}

void
pb_request_set_user_id (PbRequest  *self,
                        const char *user_id)
{
  g_free (self->user_id);
  self->user_id = g_strdup (user_id);
}

/* State a handler hands over to its worker. */
void
pb_request_set_data (PbRequest      *self,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  if (self->data_destroy != NULL)
    self->data_destroy (self->data);
  self->data = data;
  self->data_destroy = destroy;
}

gpointer
pb_request_get_data (PbRequest *self)
{
  return self->data;
}

/**
 * pb_request_respond_json:
 * @content_type: (nullable): %NULL for JSON:API's media type
 * @document: (transfer none): the body
 */
void
pb_request_respond_json (PbRequest  *self,
                         guint       status,
                         const char *content_type,
                         JsonNode   *document)
{
  self->kind = RESPONSE_JSON;
  self->status = status;
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->document, json_node_unref);
  self->document = json_node_ref (document);
}

void
pb_request_respond_error (PbRequest  *self,
                          guint       status,
                          const char *code,
                          const char *detail,
                          const char *pointer)
{
  self->kind = RESPONSE_ERROR;
  self->status = status;
  g_free (self->error_code);
  g_free (self->error_detail);
  g_free (self->error_pointer);
  self->error_code = g_strdup (code);
  self->error_detail = g_strdup (detail);
  self->error_pointer = g_strdup (pointer);
}

void
pb_request_respond_empty (PbRequest *self,
                          guint      status)
{
  self->kind = RESPONSE_EMPTY;
  self->status = status;
}

void
pb_request_set_response_header (PbRequest  *self,
                                const char *name,
                                const char *value)
{
  g_ptr_array_add (self->extra_headers, g_strdup (name));
  g_ptr_array_add (self->extra_headers, g_strdup (value));
}

void
pb_request_defer (PbRequest  *self,
                  PbWorkFunc  work)
{
  self->deferred = TRUE;
  pb_server_queue_work (self->server, self, work);
}

gboolean
pb_request_is_deferred (PbRequest *self)
{
  return self->deferred;
}

SoupServerMessage *
pb_request_get_message (PbRequest *self)
{
  return self->msg;
}

/**
 * pb_request_send_response:
 *
 * Puts the response on the message, on the main loop.
 */
void
pb_request_send_response (PbRequest *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (self->msg);

  switch (self->kind)
    {
    case RESPONSE_JSON:
      pb_api_respond_json (self->msg, self->status, self->content_type, self->document);
      break;

    case RESPONSE_ERROR:
      pb_api_respond_error (self->msg, self->status, self->error_code, self->error_detail, self->error_pointer);
      break;

    case RESPONSE_EMPTY:
      soup_server_message_set_status (self->msg, self->status, NULL);
      break;

    case RESPONSE_NONE:
    default:
      g_critical ("Request for %s finished without a response",
                  g_uri_get_path (soup_server_message_get_uri (self->msg)));
      pb_api_respond_error (self->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                            "The server could not answer this request.", NULL);
      break;
    }

  for (guint i = 0; i + 1 < self->extra_headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (self->extra_headers, i),
                                  g_ptr_array_index (self->extra_headers, i + 1));
}
