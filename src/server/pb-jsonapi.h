/* pb-jsonapi.h
 *
 * Building JSON:API documents, and reading the ones clients send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-request.h"

G_BEGIN_DECLS

void     pb_jsonapi_add_string       (JsonBuilder  *builder,
                                      const char   *name,
                                      const char   *value);
void     pb_jsonapi_add_int          (JsonBuilder  *builder,
                                      const char   *name,
                                      gint64        value);
void     pb_jsonapi_add_bool         (JsonBuilder  *builder,
                                      const char   *name,
                                      gboolean      value);
void     pb_jsonapi_begin_resource   (JsonBuilder  *builder,
                                      const char   *type,
                                      const char   *id);
void     pb_jsonapi_add_relationship (JsonBuilder  *builder,
                                      const char   *name,
                                      const char   *type,
                                      const char   *id);
void     pb_jsonapi_add_page_meta    (JsonBuilder  *builder,
                                      gint64        page,
                                      gint64        page_size,
                                      gint64        row_count);

#define PB_JSONAPI_DEFAULT_PAGE_SIZE 10
#define PB_JSONAPI_MAX_PAGE_SIZE 200

gboolean pb_jsonapi_parse_count      (PbRequest    *request,
                                      const char   *name,
                                      gint64        fallback,
                                      gint64        max,
                                      gint64       *value);
GStrv    pb_jsonapi_get_list_filter  (PbRequest    *request,
                                      const char   *name);
gboolean pb_jsonapi_parse_page       (PbRequest    *request,
                                      gint64       *page,
                                      gint64       *page_size);

/* A resource object a client sent: {"data": {"type", "id"?, "attributes",
 * "relationships"}}. */
typedef struct
{
  JsonNode   *root;
  const char *id;               /* NULL when the client did not choose one */
  JsonObject *attributes;       /* never NULL: empty when absent */
  JsonObject *relationships;    /* never NULL: empty when absent */
} PbJsonApiInput;

gboolean pb_jsonapi_input_parse      (PbJsonApiInput *input,
                                      PbRequest      *request,
                                      const char     *type);
void     pb_jsonapi_input_clear      (PbJsonApiInput *input);
gboolean pb_jsonapi_input_get_string (PbJsonApiInput *input,
                                      PbRequest      *request,
                                      const char     *name,
                                      gsize           max_length,
                                      gboolean       *present,
                                      char          **value);
gboolean pb_jsonapi_input_get_bool   (PbJsonApiInput *input,
                                      PbRequest      *request,
                                      const char     *name,
                                      gboolean       *present,
                                      gboolean       *value);
gboolean pb_jsonapi_input_get_related (PbJsonApiInput *input,
                                      PbRequest      *request,
                                      const char     *name,
                                      const char     *type,
                                      char          **id);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbJsonApiInput, pb_jsonapi_input_clear)

G_END_DECLS
