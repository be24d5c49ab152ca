/* pb-router.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbRouter PbRouter;

typedef enum
{
  PB_ROUTE_FOUND,
  PB_ROUTE_NOT_FOUND,
  PB_ROUTE_METHOD_NOT_ALLOWED,
} PbRouteMatch;

PbRouter     *pb_router_new   (void);
void          pb_router_free  (PbRouter    *self);
void          pb_router_add   (PbRouter    *self,
                               const char  *method,
                               const char  *pattern,
                               gpointer     handler);
PbRouteMatch  pb_router_match (PbRouter    *self,
                               const char  *method,
                               const char  *path,
                               gpointer    *handler,
                               GHashTable **params,
                               char       **allowed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbRouter, pb_router_free)

G_END_DECLS
