/* pb-participation-share.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"
#include "pb-scoring.h"

G_BEGIN_DECLS

typedef struct
{
  const char *participation_id;
  const char *organization_id;
  const char *organization_learner_id;
  const char *user_id;
  const char *target_profile_id;   /* NULL: a profiles collection */
} PbShareTarget;

gboolean pb_participation_share (PbDb                  *db,
                                 const PbScoringRules  *rules,
                                 const PbShareTarget   *target,
                                 GError               **error);

G_END_DECLS
