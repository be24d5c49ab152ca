/* pb-store-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-store.h"
#include "pb-store-json.h"

static JsonObject *
member_object (PbStoreResource *resource,
               JsonObject      *parent,
               const char      *name)
{
  JsonNode *node = json_object_get_member (parent, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (resource->bad_member == NULL)
        resource->bad_member = name;
      return NULL;
    }
  return json_node_get_object (node);
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * pb_store_resource_init:
 * @node: a resource object: `type` and `id` strings, `attributes`,
 *   `relationships` and `meta` objects when present
 */
gboolean
pb_store_resource_init (PbStoreResource  *resource,
                        JsonNode         *node,
                        GError          **error)
{
  memset (resource, 0, sizeof *resource);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, "a resource is not an object");
      return FALSE;
    }
  resource->node = node;
  resource->object = json_node_get_object (node);
  resource->type = object_string (resource->object, "type");
  resource->id = object_string (resource->object, "id");
  if (resource->type == NULL || resource->id == NULL || resource->id[0] == '\0')
    {
      g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, "a resource has no type or no id");
      return FALSE;
    }
  resource->attributes = member_object (resource, resource->object, "attributes");
  resource->relationships = member_object (resource, resource->object, "relationships");
  resource->meta = member_object (resource, resource->object, "meta");
  return pb_store_resource_check (resource, error);
}

gboolean
pb_store_resource_check (PbStoreResource  *resource,
                         GError          **error)
{
  if (resource->bad_member == NULL)
    return TRUE;
  g_set_error (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID,
               "%s %s: “%s” has the wrong type", resource->type, resource->id, resource->bad_member);
  return FALSE;
}

/* Absent and null read the same: NULL. */
JsonNode *
pb_store_resource_attribute (PbStoreResource *resource,
                             const char      *attribute)
{
  JsonNode *node;

  if (resource->attributes == NULL)
    return NULL;
  node = json_object_get_member (resource->attributes, attribute);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static JsonNode *
typed_attribute (PbStoreResource *resource,
                 const char      *attribute,
                 GType            type)
{
  JsonNode *node = pb_store_resource_attribute (resource, attribute);
  GType held;

  if (node == NULL)
    return NULL;
  held = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  /* A number may come as 1 or as 1.0 whatever it means. */
  if (held == type || (type == G_TYPE_DOUBLE && held == G_TYPE_INT64)
      || (type == G_TYPE_INT64 && held == G_TYPE_DOUBLE))
    return node;
  if (resource->bad_member == NULL)
    resource->bad_member = attribute;
  return NULL;
}

const char *
pb_store_resource_string (PbStoreResource *resource,
                          const char      *attribute)
{
  JsonNode *node = typed_attribute (resource, attribute, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : NULL;
}

gboolean
pb_store_resource_has_int (PbStoreResource *resource,
                           const char      *attribute)
{
  return typed_attribute (resource, attribute, G_TYPE_INT64) != NULL;
}

gint64
pb_store_resource_int (PbStoreResource *resource,
                       const char      *attribute,
                       gint64           fallback)
{
  JsonNode *node = typed_attribute (resource, attribute, G_TYPE_INT64);

  if (node == NULL)
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return json_node_get_int (node);
}

double
pb_store_resource_double (PbStoreResource *resource,
                          const char      *attribute,
                          double           fallback)
{
  JsonNode *node = typed_attribute (resource, attribute, G_TYPE_DOUBLE);

  return node != NULL ? json_node_get_double (node) : fallback;
}

gboolean
pb_store_resource_bool (PbStoreResource *resource,
                        const char      *attribute,
                        gboolean         fallback)
{
  JsonNode *node = typed_attribute (resource, attribute, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

/**
 * pb_store_resource_related_id:
 *
 * Returns: (nullable): `relationships.<relationship>.data.id`
 */
const char *
pb_store_resource_related_id (PbStoreResource *resource,
                              const char      *relationship)
{
  JsonObject *related;
  JsonObject *data;

  if (resource->relationships == NULL)
    return NULL;
  related = member_object (resource, resource->relationships, relationship);
  if (related == NULL)
    return NULL;
  data = member_object (resource, related, "data");
  return object_string (data, "id");
}

const char *
pb_store_resource_meta_string (PbStoreResource *resource,
                               const char      *member)
{
  return object_string (resource->meta, member);
}

/* meta.version; FALSE when absent or null (a "del" of the feed). */
gboolean
pb_store_resource_version (PbStoreResource *resource,
                           gint64          *version)
{
  JsonNode *node = resource->meta != NULL ? json_object_get_member (resource->meta, "version") : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *version = json_node_get_int (node);
  return TRUE;
}

char *
pb_store_resource_to_string (PbStoreResource *resource)
{
  return json_to_string (resource->node, FALSE);
}
