/* pb-router.c
 *
 * Routes are a method and a path pattern whose segments are literal or
 * "{name}" placeholders: "/api/organizations/{id}/changes". A path that
 * matches some pattern but none with its method is a 405 (with the methods
 * that would do, for the Allow header), one that matches no pattern a 404.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-router.h"

typedef struct
{
  char     *method;
  GStrv     segments;
  gpointer  handler;
} Route;

struct _PbRouter
{
  GPtrArray *routes;
};

static void
route_free (Route *route)
{
  g_free (route->method);
  g_strfreev (route->segments);
  g_free (route);
}

PbRouter *
pb_router_new (void)
{
  PbRouter *self = g_new0 (PbRouter, 1);

  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify)route_free);
  return self;
}

void
pb_router_free (PbRouter *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->routes);
  g_free (self);
}

void
pb_router_add (PbRouter   *self,
               const char *method,
               const char *pattern,
               gpointer    handler)
{
  Route *route;

  g_return_if_fail (self != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->segments = g_strsplit (pattern + 1, "/", -1);
  route->handler = handler;
  g_ptr_array_add (self->routes, route);
}

static gboolean
is_placeholder (const char *segment)
{
  gsize len = strlen (segment);

  return len > 2 && segment[0] == '{' && segment[len - 1] == '}';
}

/* Matches @segments against the route; fills @params (if not NULL) with
 * the placeholders' values. An empty segment never fills a placeholder:
 * "/api/campaigns//archive" is not a campaign.
 */
static gboolean
route_matches (Route       *route,
               GStrv        segments,
               GHashTable  *params)
{
  if (g_strv_length (route->segments) != g_strv_length (segments))
    return FALSE;

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *pattern = route->segments[i];

      if (is_placeholder (pattern))
        {
          /* libsoup has decoded the path already: decoding again would
           * turn "%2530" into "0". Ids are text; other bytes match nothing. */
          if (segments[i][0] == '\0' || !g_utf8_validate (segments[i], -1, NULL))
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (pattern + 1, strlen (pattern) - 2),
                                 g_strdup (segments[i]));
        }
      else if (strcmp (pattern, segments[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * pb_router_match:
 * @handler: (out): the route's handler, when found
 * @params: (out) (transfer full): placeholder values, when found
 * @allowed: (out) (transfer full): "GET, POST", for a 405
 */
PbRouteMatch
pb_router_match (PbRouter    *self,
                 const char  *method,
                 const char  *path,
                 gpointer    *handler,
                 GHashTable **params,
                 char       **allowed)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GString) methods = NULL;

  g_return_val_if_fail (self != NULL, PB_ROUTE_NOT_FOUND);
  g_return_val_if_fail (path != NULL, PB_ROUTE_NOT_FOUND);

  if (path[0] != '/')
    return PB_ROUTE_NOT_FOUND;

  segments = g_strsplit (path + 1, "/", -1);

  for (guint i = 0; i < self->routes->len; i++)
    {
      Route *route = g_ptr_array_index (self->routes, i);

      if (!route_matches (route, segments, NULL))
        continue;

      if (strcmp (route->method, method) == 0)
        {
          *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          route_matches (route, segments, *params);
          *handler = route->handler;
          return PB_ROUTE_FOUND;
        }

      if (methods == NULL)
        methods = g_string_new (route->method);
      else
        g_string_append_printf (methods, ", %s", route->method);
    }

  if (methods == NULL)
    return PB_ROUTE_NOT_FOUND;

  *allowed = g_string_free (g_steal_pointer (&methods), FALSE);
  return PB_ROUTE_METHOD_NOT_ALLOWED;
}
