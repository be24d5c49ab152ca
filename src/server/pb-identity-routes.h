/* pb-identity-routes.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-request.h"
#include "pb-router.h"

G_BEGIN_DECLS

void     pb_identity_routes_add   (PbRouter  *router);
gboolean pb_identity_authenticate (PbRequest *request);
void     pb_identity_defer_authenticated (PbRequest  *request,
                                          PbWorkFunc  work);

G_END_DECLS
