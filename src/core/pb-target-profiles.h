/* pb-target-profiles.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-framework.h"

G_BEGIN_DECLS

JsonArray  *pb_target_profiles_get_all     (void);
JsonObject *pb_target_profiles_lookup      (const char *id);
gboolean    pb_target_profile_is_available (JsonObject *profile,
                                            const char *organization_type);
GPtrArray  *pb_target_profile_get_skills   (JsonObject  *profile,
                                            PbFramework *framework);

G_END_DECLS
