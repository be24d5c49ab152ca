/* pb-access.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"
#include "pb-request.h"
#include "pb-storage.h"

G_BEGIN_DECLS

typedef enum
{
  PB_ROLE_NONE,
  PB_ROLE_MEMBER,
  PB_ROLE_ADMIN,
} PbRole;

typedef enum
{
  PB_ACCESS_GRANTED,
  PB_ACCESS_DENIED,     /* the request has its 403 or 404 */
  PB_ACCESS_FAILED,     /* the database failed; error is set */
} PbAccess;

gboolean pb_access_get_role (PbDb        *db,
                             const char  *user_id,
                             const char  *organization_id,
                             PbRole      *role,
                             GError     **error);
PbAccess pb_access_require  (PbRequest   *request,
                             PbDb        *db,
                             const char  *organization_id,
                             PbRole       needed,
                             GError     **error);

/* Reads for a route, on a read connection, inside one snapshot; answers
 * the request (or fails with @error). */
typedef gboolean (*PbReadFunc) (PbRequest   *request,
                                PbDb        *db,
                                const char  *organization_id,
                                GError     **error);

void     pb_access_read     (PbRequest   *request,
                             PbStorage   *storage,
                             const char  *organization_id,
                             PbRole       needed,
                             PbReadFunc   func);

G_END_DECLS
