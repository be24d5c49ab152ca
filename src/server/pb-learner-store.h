/* pb-learner-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"
#include "pb-learner-import.h"

G_BEGIN_DECLS

/* What an import did. */
typedef struct
{
  guint created;
  guint updated;
  guint disabled;
} PbImportCounts;

gboolean  pb_learner_store_apply      (PbDb                  *db,
                                       const char            *organization_id,
                                       PbLearnerSet          *set,
                                       gboolean               disable_missing,
                                       PbImportCounts        *counts,
                                       GError               **error);

G_END_DECLS
