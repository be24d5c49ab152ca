/* pb-server-settings.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-scoring.h"

G_BEGIN_DECLS

/* Thresholds and delays the server applies, from the data directory's
 * pix-bureau-server.conf ([identity] and [scoring] groups), defaulting to
 * Pix's values.
 */
typedef struct
{
  guint access_token_lifetime;     /* seconds: 20 minutes */
  guint refresh_token_lifetime;    /* seconds: 7 days */
  guint max_failed_logins;         /* consecutive failures before an account waits: 10 */
  guint login_block_seconds;       /* first wait, doubled at each new block: 2 minutes */
  guint max_failures_per_address;  /* failed sign-ins from one address per window: 50 */
  guint address_window_seconds;    /* 10 minutes */
  /* Argon2id cost of new passwords: FALSE is libsodium's "interactive"
   * cost; TRUE its minimum, for demos and tests only, where thousands of
   * simulated learners sign up (key fast-password-hashing). */
  gboolean fast_password_hashing;
  PbScoringRules scoring;          /* levels, certifiability, reset/improve/retry delays */
} PbServerSettings;

void     pb_server_settings_init_default (PbServerSettings  *settings);
gboolean pb_server_settings_load         (PbServerSettings  *settings,
                                          const char        *data_dir,
                                          GError           **error);

G_END_DECLS
