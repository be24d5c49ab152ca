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

#include <string.h>

#include "pb-api-response.h"
#include "pb-request.h"
#include "pb-server.h"

struct _PbRequest
{
  PbServer           *server;
  SoupServerMessage  *msg;              /* main thread only */

  /* Inputs, copied so that workers may read them. */
  char               *method;
  char               *path;
  char               *query;            /* raw, without "?"; may be NULL */
  GHashTable         *params;
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *remote_host;
  char               *user_id;
  char               *fingerprint;      /* computed once: a body may be 20 MB */

  gpointer            data;
  GDestroyNotify      data_destroy;
  gboolean            deferred;

  /* The response, serialized at once so that it can be stored for
   * idempotent replays, and sent by pb_request_send_response() on the
   * main loop. status 0: none yet.
   */
  guint               status;
  char               *content_type;
  GBytes             *response_body;
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

  GUri *uri = soup_server_message_get_uri (msg);

  self->server = g_object_ref (server);
  self->msg = g_object_ref (msg);
  self->method = g_strdup (soup_server_message_get_method (msg));
  self->path = g_strdup (g_uri_get_path (uri));
  self->query = g_strdup (g_uri_get_query (uri));
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
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_clear_pointer (&self->extra_headers, g_ptr_array_unref);
  g_free (self->method);
  g_free (self->path);
  g_free (self->query);
  g_free (self->remote_host);
  g_free (self->user_id);
  g_free (self->fingerprint);
  g_free (self->content_type);
  g_free (self);
}

PbServer *
pb_request_get_server (PbRequest *self)
{
  return self->server;
}

const char *
pb_request_get_method (PbRequest *self)
{
  return self->method;
}

const char *
pb_request_get_path (PbRequest *self)
{
  return self->path;
}

const char *
pb_request_get_raw_query (PbRequest *self)
{
  return self->query;
}

GBytes *
pb_request_get_body (PbRequest *self)
{
  return self->body;
}

/**
 * pb_request_query_is_valid:
 *
 * Returns: whether every query parameter decodes to text; the server
 *   answers 400 to a request whose query does not, rather than let a
 *   filter it cannot read be silently dropped
 */
gboolean
pb_request_query_is_valid (PbRequest *self)
{
  GUriParamsIter iter;
  g_autoptr(GError) error = NULL;
  char *key, *value;

  if (self->query == NULL)
    return TRUE;

  g_uri_params_iter_init (&iter, self->query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, &error))
    {
      gboolean valid = g_utf8_validate (key, -1, NULL) && g_utf8_validate (value, -1, NULL);

      g_free (key);
      g_free (value);
      if (!valid)
        return FALSE;
    }
  return error == NULL;
}

/**
 * pb_request_get_query_all:
 * @name: a query parameter, such as "filter[divisions][]"
 *
 * Query parameters may repeat ("filter[divisions][]=3A&filter[divisions][]=3B"):
 * this returns every value, in order.
 *
 * Returns: (transfer full): the values, possibly none
 */
GStrv
pb_request_get_query_all (PbRequest  *self,
                          const char *name)
{
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  GUriParamsIter iter;
  char *key, *value;

  if (self->query == NULL)
    return g_strv_builder_end (values);

  g_uri_params_iter_init (&iter, self->query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, NULL))
    {
      if (g_str_equal (key, name))
        g_strv_builder_add (values, value);
      g_free (key);
      g_free (value);
    }

  return g_strv_builder_end (values);
}

/**
 * pb_request_dup_query:
 *
 * Returns: (transfer full) (nullable): the first value of query parameter
 *   @name, or %NULL
 */
char *
pb_request_dup_query (PbRequest  *self,
                      const char *name)
{
  g_auto(GStrv) values = pb_request_get_query_all (self, name);

  return values[0] != NULL ? g_strdup (values[0]) : NULL;
}

/**
 * pb_request_get_fingerprint:
 *
 * What makes two writes "the same request" for an Idempotency-Key: the
 * SHA-256 of method, path, query, If-Match and body. A retry with a
 * corrected If-Match is another request, not a replay.
 *
 * Returns: (transfer none): the fingerprint, in hex
 */
const char *
pb_request_get_fingerprint (PbRequest *self)
{
  g_autoptr(GChecksum) checksum = NULL;
  const char *if_match;
  gsize size;
  const guchar *data;

  if (self->fingerprint != NULL)
    return self->fingerprint;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  if_match = pb_request_get_header (self, "If-Match");
  data = g_bytes_get_data (self->body, &size);

  /* Newlines separate the fields; the body, last, may hold anything. */
  g_checksum_update (checksum, (const guchar *)self->method, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  g_checksum_update (checksum, (const guchar *)self->path, -1);
  g_checksum_update (checksum, (const guchar *)"?", 1);
  if (self->query != NULL)
    g_checksum_update (checksum, (const guchar *)self->query, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  if (if_match != NULL)
    g_checksum_update (checksum, (const guchar *)if_match, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
  if (size > 0)
    g_checksum_update (checksum, data, (gssize)size);

  self->fingerprint = g_strdup (g_checksum_get_string (checksum));
  return self->fingerprint;
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
 * application/x-www-form-urlencoded body, or %NULL if it is not one (or
 * not text)
 */
GHashTable *
pb_request_get_form (PbRequest *self)
{
  const char *type = soup_message_headers_get_content_type (self->headers, NULL);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  GHashTable *form;
  gsize size;
  const char *data;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    return NULL;

  data = g_bytes_get_data (self->body, &size);
  text = g_strndup (data, size);
  form = soup_form_decode (text);

  /* Fields are text: bytes that are not UTF-8 make the form unreadable,
   * rather than reach the database. */
  g_hash_table_iter_init (&iter, form);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
      {
        g_hash_table_unref (form);
        return NULL;
      }
  return form;
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
 * pb_request_respond_bytes:
 * @content_type: (nullable): %NULL for JSON:API's media type
 * @body: (nullable): the body, or %NULL for none
 */
void
pb_request_respond_bytes (PbRequest  *self,
                          guint       status,
                          const char *content_type,
                          GBytes     *body)
{
  self->status = status;
  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  self->response_body = body != NULL ? g_bytes_ref (body) : NULL;
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
  g_autoptr(GBytes) body = pb_api_serialize (document);

  pb_request_respond_bytes (self, status, content_type, body);
}

void
pb_request_respond_error (PbRequest  *self,
                          guint       status,
                          const char *code,
                          const char *detail,
                          const char *pointer)
{
  g_autoptr(JsonNode) document = pb_api_error_document (status, code, detail, pointer);

  pb_request_respond_json (self, status, NULL, document);
}

void
pb_request_respond_empty (PbRequest *self,
                          guint      status)
{
  pb_request_respond_bytes (self, status, NULL, NULL);
}

/* 500, with the cause in the log only: it may name tables or values. */
void
pb_request_respond_internal_error (PbRequest *self,
                                   GError    *error)
{
  g_warning ("Internal error on %s %s: %s", self->method, self->path,
             error != NULL ? error->message : "unknown");
  pb_request_respond_error (self, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                            "The server could not complete this request.", NULL);
}

guint
pb_request_get_status (PbRequest *self)
{
  return self->status;
}

const char *
pb_request_get_content_type (PbRequest *self)
{
  return self->content_type;
}

GBytes *
pb_request_get_response_body (PbRequest *self)
{
  return self->response_body;
}

/* The extra response headers, "Name: value" one a line, to store with a
 * replayable response. */
char *
pb_request_dup_response_headers (PbRequest *self)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i + 1 < self->extra_headers->len; i += 2)
    g_string_append_printf (text, "%s: %s\n", (char *)g_ptr_array_index (self->extra_headers, i),
                            (char *)g_ptr_array_index (self->extra_headers, i + 1));
  return g_string_free (text, FALSE);
}

void
pb_request_restore_response_headers (PbRequest  *self,
                                     const char *headers)
{
  g_auto(GStrv) lines = g_strsplit (headers, "\n", -1);

  g_ptr_array_set_size (self->extra_headers, 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strstr (lines[i], ": ");

      if (colon == NULL)
        continue;
      *colon = '\0';
      pb_request_set_response_header (self, lines[i], colon + 2);
    }
}

void
pb_request_set_response_header (PbRequest  *self,
                                const char *name,
                                const char *value)
{
  g_ptr_array_add (self->extra_headers, g_strdup (name));
  g_ptr_array_add (self->extra_headers, g_strdup (value));
}

/* ETag of a versioned record: its version, as a strong validator. */
void
pb_request_set_etag (PbRequest *self,
                     gint64     version)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  pb_request_set_response_header (self, "ETag", etag);
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

  if (self->status == 0)
    {
      g_critical ("Request for %s finished without a response", self->path);
      pb_request_respond_internal_error (self, NULL);
    }

  pb_api_respond_bytes (self->msg, self->status, self->content_type, self->response_body);
  for (guint i = 0; i + 1 < self->extra_headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (self->extra_headers, i),
                                  g_ptr_array_index (self->extra_headers, i + 1));
}
