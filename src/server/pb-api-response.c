/* pb-api-response.c
 *
 * Responses in Pix's JSON:API conventions. Errors are
 * {"errors": [{"status": "404", "code": "NOT_FOUND", "title": …,
 * "detail": …, "source": {"pointer": …}}]} with a stable code clients can
 * branch on and a detail a person can read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-api-response.h"

static const char *
pb_api_status_phrase (guint status)
{
  switch (status)
    {
    case PB_STATUS_PRECONDITION_REQUIRED:
      return "Precondition Required";
    case PB_STATUS_TOO_MANY_REQUESTS:
      return "Too Many Requests";
    default:
      return soup_status_get_phrase (status);
    }
}

/**
 * pb_api_serialize:
 *
 * Returns: (transfer full): @document as compact UTF-8 JSON
 */
GBytes *
pb_api_serialize (JsonNode *document)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *body;

  json_generator_set_root (generator, document);
  body = json_generator_to_data (generator, &length);
  return g_bytes_new_take (body, length);
}

/**
 * pb_api_respond_bytes:
 * @content_type: (nullable): %NULL for JSON:API's media type
 * @body: (nullable): the body, already serialized
 */
void
pb_api_respond_bytes (SoupServerMessage *msg,
                      guint              status,
                      const char        *content_type,
                      GBytes            *body)
{
  soup_server_message_set_status (msg, status, pb_api_status_phrase (status));
  /* API answers hold personal data: no cache may keep them. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  if (body != NULL)
    {
      gsize length;
      gconstpointer data = g_bytes_get_data (body, &length);

      soup_server_message_set_response (msg, content_type != NULL ? content_type : PB_JSON_API_CONTENT_TYPE,
                                        SOUP_MEMORY_COPY, data, length);
    }
}

/**
 * pb_api_respond_json:
 * @content_type: (nullable): %NULL for JSON:API's media type
 */
static void
pb_api_respond_json (SoupServerMessage *msg,
                     guint              status,
                     const char        *content_type,
                     JsonNode          *document)
{
  g_autoptr(GBytes) body = pb_api_serialize (document);

  pb_api_respond_bytes (msg, status, content_type, body);
}

/**
 * pb_api_begin_error:
 * @builder: a builder inside the "errors" array
 * @code: a stable, upper-case code ("NOT_FOUND", "METHOD_NOT_ALLOWED"…)
 * @detail: what went wrong, for a person
 * @pointer: (nullable): the JSON pointer of the faulty member, for 422s
 *
 * Adds one error object; the caller may add members (such as "meta")
 * before closing it with json_builder_end_object().
 */
void
pb_api_begin_error (JsonBuilder *builder,
                    guint        status,
                    const char  *code,
                    const char  *detail,
                    const char  *pointer)
{
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  /* A detail may quote what the client sent (a parser's message): the
   * answer must stay valid UTF-8 JSON whatever it was. */
  g_autofree char *valid_detail = g_utf8_make_valid (detail, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status_text);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, pb_api_status_phrase (status));
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, valid_detail);
  if (pointer != NULL)
    {
      json_builder_set_member_name (builder, "source");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pointer");
      json_builder_add_string_value (builder, pointer);
      json_builder_end_object (builder);
    }
}

/**
 * pb_api_error_document:
 *
 * Returns: (transfer full): {"errors": [one error]}
 */
JsonNode *
pb_api_error_document (guint       status,
                       const char *code,
                       const char *detail,
                       const char *pointer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  pb_api_begin_error (builder, status, code, detail, pointer);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
pb_api_respond_error (SoupServerMessage *msg,
                      guint              status,
                      const char        *code,
                      const char        *detail,
                      const char        *pointer)
{
  g_autoptr(JsonNode) document = pb_api_error_document (status, code, detail, pointer);

  pb_api_respond_json (msg, status, NULL, document);
}
