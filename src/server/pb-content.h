/* pb-content.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-challenge-bank.h"
#include "pb-framework.h"

G_BEGIN_DECLS

PbFramework     *pb_content_get_framework (void);
PbChallengeBank *pb_content_get_bank      (void);

G_END_DECLS
