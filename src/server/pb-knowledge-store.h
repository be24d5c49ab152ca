/* pb-knowledge-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"
#include "pb-framework.h"
#include "pb-knowledge-element.h"

G_BEGIN_DECLS

GArray   *pb_knowledge_store_load_current (PbDb         *db,
                                           PbFramework  *framework,
                                           const char   *user_id,
                                           GError      **error);
gboolean  pb_knowledge_store_save         (PbDb         *db,
                                           const char   *user_id,
                                           const char   *assessment_id,
                                           const char   *answer_id,
                                           GArray       *elements,
                                           GError      **error);

G_END_DECLS
