/* pb-learner-routes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-router.h"

G_BEGIN_DECLS

/* Largest learner file accepted (pix-domain §7.1: MAX_FILE_SIZE_UPLOAD). */
#define PB_LEARNER_IMPORT_MAX_BYTES (20 * 1024 * 1024)

void pb_learner_routes_add (PbRouter *router);

G_END_DECLS
