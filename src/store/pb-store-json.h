/* pb-store-json.h
 *
 * Private to src/store: reading one JSON:API resource object of the changes
 * feed or of a write's answer, member by member, noting the first member of
 * the wrong type instead of checking after every read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  JsonNode   *node;
  JsonObject *object;
  JsonObject *attributes;     /* NULL when absent */
  JsonObject *relationships;  /* NULL when absent */
  JsonObject *meta;           /* NULL when absent */
  const char *type;
  const char *id;
  const char *bad_member;     /* the first member of the wrong type, or NULL */
} PbStoreResource;

gboolean     pb_store_resource_init        (PbStoreResource  *resource,
                                            JsonNode         *node,
                                            GError          **error);
gboolean     pb_store_resource_check       (PbStoreResource  *resource,
                                            GError          **error);
const char  *pb_store_resource_string      (PbStoreResource  *resource,
                                            const char       *attribute);
gboolean     pb_store_resource_has_int     (PbStoreResource  *resource,
                                            const char       *attribute);
gint64       pb_store_resource_int         (PbStoreResource  *resource,
                                            const char       *attribute,
                                            gint64            fallback);
double       pb_store_resource_double      (PbStoreResource  *resource,
                                            const char       *attribute,
                                            double            fallback);
gboolean     pb_store_resource_bool        (PbStoreResource  *resource,
                                            const char       *attribute,
                                            gboolean          fallback);
JsonNode    *pb_store_resource_attribute   (PbStoreResource  *resource,
                                            const char       *attribute);
const char  *pb_store_resource_related_id  (PbStoreResource  *resource,
                                            const char       *relationship);
const char  *pb_store_resource_meta_string (PbStoreResource  *resource,
                                            const char       *member);
gboolean     pb_store_resource_version     (PbStoreResource  *resource,
                                            gint64           *version);
char        *pb_store_resource_to_string   (PbStoreResource  *resource);

G_END_DECLS
