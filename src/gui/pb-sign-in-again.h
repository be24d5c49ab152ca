/* pb-sign-in-again.h
 *
 * The dialog that asks for the password again when the server refused the
 * account's sign-in token, so that the sync resumes without signing out
 * (which would lose the unsent changes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-account.h"
#include "pb-window.h"

G_BEGIN_DECLS

/* @error_message: (nullable): why the previous try failed, shown above the
 * password. On success a toast says so and the engine syncs; on failure
 * the dialog comes back with the reason. */
void pb_sign_in_again_present (PbWindow   *window,
                               PbAccount  *account,
                               const char *error_message);

G_END_DECLS
