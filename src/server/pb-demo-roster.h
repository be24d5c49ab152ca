/* pb-demo-roster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *pb_demo_roster_generate (const char  *uai,
                                 guint        n_pupils,
                                 guint64      seed,
                                 GPtrArray  **divisions);

G_END_DECLS
