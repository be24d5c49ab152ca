/* pb-assessment-routes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-router.h"

G_BEGIN_DECLS

void pb_assessment_routes_add (PbRouter *router);

G_END_DECLS
