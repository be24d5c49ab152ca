/* pb-conflicts-view.h
 *
 * The Conflits page: the changes the server did not take (conflicts, field
 * by field; rejections, with the server's reason) and the user's choice
 * for each. Shows an AdwStatusPage when there are none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"

G_BEGIN_DECLS

#define PB_TYPE_CONFLICTS_VIEW (pb_conflicts_view_get_type ())

G_DECLARE_FINAL_TYPE (PbConflictsView, pb_conflicts_view, PB, CONFLICTS_VIEW, AdwBin)

/* NULL for none (signed out). */
void pb_conflicts_view_set_account (PbConflictsView *self,
                                    PbAccount       *account);

G_END_DECLS
