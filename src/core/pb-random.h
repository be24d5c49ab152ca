/* pb-random.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pb_random_fill (guint8 *buffer,
                     gsize   size);

G_END_DECLS
