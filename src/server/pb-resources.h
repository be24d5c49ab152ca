/* pb-resources.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-db.h"
#include "pb-request.h"

G_BEGIN_DECLS

/* How one resource type is read and written as JSON:API. Column 0 of
 * @select is the id, column 1 the version, column 2 the organization; the
 * rest are what render() reads. @select ends with the table alias "r" so
 * callers can append WHERE/ORDER BY clauses. */
typedef struct
{
  const char *type;
  const char *select;
  void      (*render) (JsonBuilder   *builder,
                       PbDbStatement *row);
} PbResourceKind;

extern const PbResourceKind pb_resource_organizations;
extern const PbResourceKind pb_resource_learners;
extern const PbResourceKind pb_resource_divisions;
extern const PbResourceKind pb_resource_campaigns;
extern const PbResourceKind pb_resource_memberships;
extern const PbResourceKind pb_resource_participations;
extern const PbResourceKind pb_resource_scorecards;

const PbResourceKind *pb_resource_kind_lookup (const char            *type);
void                  pb_resource_add_change  (JsonBuilder           *builder,
                                               const PbResourceKind  *kind,
                                               PbDbStatement         *row,
                                               gint64                 seq);
gboolean              pb_resource_fetch       (const PbResourceKind  *kind,
                                               PbDb                  *db,
                                               const char            *id,
                                               JsonNode             **document,
                                               gint64                *version,
                                               char                 **organization_id,
                                               GError               **error);
gboolean              pb_resource_write_list  (JsonBuilder           *builder,
                                               PbDbStatement         *rows,
                                               const PbResourceKind  *kind,
                                               GError               **error);

gboolean              pb_resource_respond     (PbRequest             *request,
                                               PbDb                  *db,
                                               const PbResourceKind  *kind,
                                               const char            *id,
                                               guint                  status,
                                               GError               **error);
gboolean              pb_resource_respond_page (PbRequest          *request,
                                               PbDb                  *db,
                                               const PbResourceKind  *kind,
                                               const char            *where,
                                               const char            *order,
                                               GPtrArray             *parameters,
                                               gint64                 page,
                                               gint64                 page_size,
                                               GError               **error);

G_END_DECLS
