/* pb-admin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-storage.h"

G_BEGIN_DECLS

char     *pb_admin_normalize_email     (const char  *email,
                                        GError     **error);
gboolean  pb_admin_is_uai              (const char  *uai);
char     *pb_admin_create_user         (PbStorage   *storage,
                                        const char  *email,
                                        const char  *first_name,
                                        const char  *last_name,
                                        const char  *password,
                                        GError     **error);
gboolean  pb_admin_create_organization (PbStorage   *storage,
                                        const char  *name,
                                        const char  *type,
                                        const char  *uai,
                                        gboolean     with_center,
                                        char       **organization_id,
                                        char       **center_id,
                                        GError     **error);
gboolean  pb_admin_add_member          (PbStorage   *storage,
                                        const char  *organization,
                                        const char  *email,
                                        const char  *role,
                                        GError     **error);

G_END_DECLS
