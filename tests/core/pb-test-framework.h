/* pb-test-framework.h
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-framework.h"

G_BEGIN_DECLS

PbFramework   *test_framework_new (const char  *spec);
const PbSkill *test_skill         (PbFramework *framework,
                                   const char  *name);

G_END_DECLS
