/* pb-jsonapi.c
 *
 * Pix's JSON:API conventions: plural dasherized types, dasherized
 * attributes, relationships as {"data": {"type", "id"}}, paging in
 * meta {page, pageSize, rowCount, pageCount}. Input errors are answered as
 * Pix does: 400 when the document cannot be read at all, 422 with a
 * source.pointer when one member is wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-jsonapi.h"

void
pb_jsonapi_add_string (JsonBuilder *builder,
                       const char  *name,
                       const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
pb_jsonapi_add_int (JsonBuilder *builder,
                    const char  *name,
                    gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
pb_jsonapi_add_bool (JsonBuilder *builder,
                     const char  *name,
                     gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* Opens a resource object; the caller adds attributes and closes it. */
void
pb_jsonapi_begin_resource (JsonBuilder *builder,
                           const char  *type,
                           const char  *id)
{
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "type", type);
  pb_jsonapi_add_string (builder, "id", id);
}

/* A to-one relationship; @id %NULL makes {"data": null}. */
void
pb_jsonapi_add_relationship (JsonBuilder *builder,
                             const char  *name,
                             const char  *type,
                             const char  *id)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  if (id != NULL)
    {
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "type", type);
      pb_jsonapi_add_string (builder, "id", id);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* "meta": {"page", "pageSize", "rowCount", "pageCount"}, Pix's names. */
void
pb_jsonapi_add_page_meta (JsonBuilder *builder,
                          gint64       page,
                          gint64       page_size,
                          gint64       row_count)
{
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  pb_jsonapi_add_int (builder, "page", page);
  pb_jsonapi_add_int (builder, "pageSize", page_size);
  pb_jsonapi_add_int (builder, "rowCount", row_count);
  pb_jsonapi_add_int (builder, "pageCount", (row_count + page_size - 1) / page_size);
  json_builder_end_object (builder);
}

/* Deeper documents are refused before parsing: json-glib parses
 * recursively, and 100 000 nested "[" would overflow the stack. No
 * JSON:API document we take comes near this. */
#define MAX_JSON_DEPTH 64

static gboolean
nesting_is_reasonable (const char *data,
                       gsize       size)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* A member's text, or NULL when it is absent or not a string. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
refuse (PbRequest  *request,
        guint       status,
        const char *code,
        const char *detail,
        const char *pointer)
{
  pb_request_respond_error (request, status, code, detail, pointer);
  return FALSE;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return json_object_new ();
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *ok = FALSE;
      return json_object_new ();
    }
  return json_object_ref (json_node_get_object (node));
}

/**
 * pb_jsonapi_input_parse:
 * @type: the resource type the route takes ("campaigns")
 *
 * Reads the request body as a JSON:API resource document. On failure the
 * request has its error response (400 or 422) and this returns %FALSE.
 */
gboolean
pb_jsonapi_input_parse (PbJsonApiInput *input,
                        PbRequest      *request,
                        const char     *type)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  GBytes *body = pb_request_get_body (request);
  JsonObject *root, *data;
  JsonNode *data_node, *id_node;
  gboolean ok = TRUE;
  gsize size;
  const char *bytes = g_bytes_get_data (body, &size);

  memset (input, 0, sizeof *input);
  if (!nesting_is_reasonable (bytes, size))
    return refuse (request, SOUP_STATUS_BAD_REQUEST, "INVALID_JSON",
                   "The document is nested too deeply.", NULL);
  /* json-glib reads a body of white space alone as a document without a
   * root: no document either. */
  if (size == 0 || !json_parser_load_from_data (parser, bytes, (gssize)size, &error) ||
      json_parser_get_root (parser) == NULL)
    return refuse (request, SOUP_STATUS_BAD_REQUEST, "INVALID_JSON",
                   error != NULL ? error->message : "The request has no JSON document.", NULL);

  input->root = json_node_ref (json_parser_get_root (parser));
  if (!JSON_NODE_HOLDS_OBJECT (input->root))
    return refuse (request, SOUP_STATUS_BAD_REQUEST, "INVALID_DOCUMENT",
                   "The body must be a JSON:API document: an object with “data”.", NULL);

  root = json_node_get_object (input->root);
  data_node = json_object_get_member (root, "data");
  if (data_node == NULL || !JSON_NODE_HOLDS_OBJECT (data_node))
    return refuse (request, SOUP_STATUS_BAD_REQUEST, "INVALID_DOCUMENT",
                   "The body must be a JSON:API document: an object with “data”.", "/data");

  data = json_node_get_object (data_node);
  if (g_strcmp0 (string_member (data, "type"), type) != 0)
    {
      g_autofree char *detail = g_strdup_printf ("This route takes resources of type “%s”.", type);
      return refuse (request, SOUP_STATUS_CONFLICT, "WRONG_TYPE", detail, "/data/type");
    }

  id_node = json_object_get_member (data, "id");
  if (id_node != NULL && !JSON_NODE_HOLDS_NULL (id_node))
    {
      if (json_node_get_value_type (id_node) != G_TYPE_STRING)
        return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_ID",
                       "The id must be a string.", "/data/id");
      input->id = json_node_get_string (id_node);
      if (!g_utf8_validate (input->id, -1, NULL))
        return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_ID",
                       "The id is not valid text.", "/data/id");
    }

  input->attributes = member_object (data, "attributes", &ok);
  input->relationships = member_object (data, "relationships", &ok);
  if (!ok)
    return refuse (request, SOUP_STATUS_BAD_REQUEST, "INVALID_DOCUMENT",
                   "“attributes” and “relationships” must be objects.", "/data");

  return TRUE;
}

void
pb_jsonapi_input_clear (PbJsonApiInput *input)
{
  g_clear_pointer (&input->attributes, json_object_unref);
  g_clear_pointer (&input->relationships, json_object_unref);
  g_clear_pointer (&input->root, json_node_unref);
  input->id = NULL;
}

static gboolean
refuse_attribute (PbRequest  *request,
                  const char *name,
                  const char *code,
                  const char *what)
{
  g_autofree char *pointer = g_strconcat ("/data/attributes/", name, NULL);
  g_autofree char *detail = g_strdup_printf ("“%s” %s.", name, what);

  return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, code, detail, pointer);
}

/**
 * pb_jsonapi_input_get_string:
 * @max_length: the most characters allowed
 * @present: (out): whether the client sent the attribute (null counts)
 * @value: (out) (transfer full): the trimmed text, %NULL when null or blank
 *
 * Returns: %FALSE, with a 422 answered, when the attribute is not a string
 *   or is too long
 */
gboolean
pb_jsonapi_input_get_string (PbJsonApiInput  *input,
                             PbRequest       *request,
                             const char      *name,
                             gsize            max_length,
                             gboolean        *present,
                             char           **value)
{
  JsonNode *node = json_object_get_member (input->attributes, name);
  g_autofree char *text = NULL;

  *present = node != NULL;
  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return refuse_attribute (request, name, "INVALID_ATTRIBUTE", "must be a string");

  /* json-glib lets "\ud800" through as bytes that are not UTF-8. */
  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return refuse_attribute (request, name, "INVALID_ATTRIBUTE", "must be valid text");
  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (g_utf8_strlen (text, -1) > (glong)max_length)
    {
      g_autofree char *what = g_strdup_printf ("must be at most %" G_GSIZE_FORMAT " characters long", max_length);
      return refuse_attribute (request, name, "ATTRIBUTE_TOO_LONG", what);
    }

  if (text[0] != '\0')
    *value = g_steal_pointer (&text);
  return TRUE;
}

gboolean
pb_jsonapi_input_get_bool (PbJsonApiInput *input,
                           PbRequest      *request,
                           const char     *name,
                           gboolean       *present,
                           gboolean       *value)
{
  JsonNode *node = json_object_get_member (input->attributes, name);

  *present = node != NULL && !JSON_NODE_HOLDS_NULL (node);
  *value = FALSE;
  if (!*present)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return refuse_attribute (request, name, "INVALID_ATTRIBUTE", "must be true or false");

  *value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * pb_jsonapi_input_get_related:
 * @id: (out) (transfer full): the related resource's id, %NULL when the
 *   relationship is absent or null
 *
 * Returns: %FALSE, with a 422 answered, when the relationship is malformed
 *   or of another type
 */
gboolean
pb_jsonapi_input_get_related (PbJsonApiInput  *input,
                              PbRequest       *request,
                              const char      *name,
                              const char      *type,
                              char           **id)
{
  JsonNode *node = json_object_get_member (input->relationships, name);
  g_autofree char *pointer = g_strconcat ("/data/relationships/", name, NULL);
  JsonObject *relationship, *linkage;
  JsonNode *data;

  *id = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_RELATIONSHIP",
                   "A relationship is an object with “data”.", pointer);

  relationship = json_node_get_object (node);
  data = json_object_get_member (relationship, "data");
  if (data == NULL || JSON_NODE_HOLDS_NULL (data))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (data))
    return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_RELATIONSHIP",
                   "A relationship's data is {\"type\", \"id\"}.", pointer);

  linkage = json_node_get_object (data);
  if (g_strcmp0 (string_member (linkage, "type"), type) != 0 ||
      string_member (linkage, "id") == NULL ||
      !g_utf8_validate (string_member (linkage, "id"), -1, NULL))
    {
      g_autofree char *detail = g_strdup_printf ("“%s” must point to a resource of type “%s” by its id.", name, type);
      return refuse (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_RELATIONSHIP", detail, pointer);
    }

  *id = g_strdup (json_object_get_string_member (linkage, "id"));
  return TRUE;
}

/**
 * pb_jsonapi_parse_count:
 *
 * Reads query parameter @name, a whole number from 1 to @max, or
 * @fallback when absent. Answers 400 and returns %FALSE otherwise.
 */
gboolean
pb_jsonapi_parse_count (PbRequest  *request,
                        const char *name,
                        gint64      fallback,
                        gint64      max,
                        gint64     *value)
{
  g_autofree char *text = pb_request_dup_query (request, name);
  g_autofree char *detail = NULL;
  guint64 number;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  if (g_ascii_string_to_unsigned (text, 10, 1, (guint64)max, &number, NULL))
    {
      *value = (gint64)number;
      return TRUE;
    }

  detail = g_strdup_printf ("%s must be a whole number from 1 to %" G_GINT64_FORMAT ".", name, max);
  pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_PARAMETER", detail, NULL);
  return FALSE;
}

/**
 * pb_jsonapi_parse_page:
 *
 * Reads page[number] (default 1) and page[size] (default 10, as Pix, at
 * most %PB_JSONAPI_MAX_PAGE_SIZE). Answers 400 and returns %FALSE when
 * one is not a number in range.
 */
gboolean
pb_jsonapi_parse_page (PbRequest *request,
                       gint64    *page,
                       gint64    *page_size)
{
  return pb_jsonapi_parse_count (request, "page[number]", 1, G_MAXINT32, page) &&
         pb_jsonapi_parse_count (request, "page[size]", PB_JSONAPI_DEFAULT_PAGE_SIZE, PB_JSONAPI_MAX_PAGE_SIZE, page_size);
}

/**
 * pb_jsonapi_get_list_filter:
 * @name: the filter, "divisions" for filter[divisions][]
 *
 * Pix sends filter[NAME][]=…, repeated; filter[NAME]=… is accepted too.
 *
 * Returns: (transfer full): every value given, maybe none
 */
GStrv
pb_jsonapi_get_list_filter (PbRequest  *request,
                            const char *name)
{
  g_autofree char *list_key = g_strdup_printf ("filter[%s][]", name);
  g_autofree char *plain_key = g_strdup_printf ("filter[%s]", name);
  g_auto(GStrv) listed = pb_request_get_query_all (request, list_key);
  g_auto(GStrv) plain = pb_request_get_query_all (request, plain_key);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

  g_strv_builder_addv (all, (const char **)listed);
  g_strv_builder_addv (all, (const char **)plain);
  return g_strv_builder_end (all);
}
