/* pb-codes.h — the short codes people type: campaign, session access and
 * certificate verification codes
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Each kind of code has its own alphabet, the one Pix uses, with no character
 * that is easily misread when a code is copied from a board or from paper:
 *
 *  - campaign code: 6 letters then 3 digits, e.g. "SDRUYE745". The letters
 *    are A–Z without I, L and O (mistaken for 1 and 0); the digits are 2–9.
 *    Older Pix campaign codes may hold a 1 (the seed documents show
 *    "SDRUYE145"); codes made today cannot, and a pix-bureau-server only
 *    ever looks up codes it made, so validators accept the current form only.
 *  - session access code: 4 letters then 2 digits, e.g. "BCDF22". No vowel
 *    (so no word can form), none of L, N, S, Z either, and no 0, 1 or 5.
 *  - certificate verification code: "P-" then 8 characters from the access
 *    code's digits and letters together (24 characters). The current
 *    generator draws 8 *distinct* characters; certificates issued before it
 *    may repeat one, e.g. "P-C3YFQ8GC" (two C), printed on a 2021 certificate.
 *
 * All letters are upper case.
 */
#define PB_CODE_CAMPAIGN_LETTERS       "ABCDEFGHJKMNPQRSTUVWXYZ"
#define PB_CODE_CAMPAIGN_DIGITS        "23456789"
#define PB_CODE_SESSION_ACCESS_LETTERS "BCDFGHJKMPQRTVWXY"
#define PB_CODE_SESSION_ACCESS_DIGITS  "2346789"
#define PB_CODE_VERIFICATION_PREFIX    "P-"
#define PB_CODE_VERIFICATION_CHARS     PB_CODE_SESSION_ACCESS_DIGITS PB_CODE_SESSION_ACCESS_LETTERS

typedef enum
{
  PB_CODE_CAMPAIGN,
  PB_CODE_SESSION_ACCESS,
  PB_CODE_VERIFICATION,
} PbCodeKind;

#define PB_CODE_ERROR (pb_code_error_quark ())

typedef enum
{
  PB_CODE_ERROR_EXHAUSTED,
} PbCodeError;

/**
 * PbCodeIsTakenFunc:
 * @code: a freshly generated, well-formed code
 * @user_data: the data given to pb_code_generate_unique()
 *
 * Returns: %TRUE if @code is already in use and another one must be drawn
 */
typedef gboolean (*PbCodeIsTakenFunc) (const char *code,
                                       gpointer    user_data);

GQuark    pb_code_error_quark     (void);
gsize     pb_code_get_length      (PbCodeKind          kind);
char     *pb_code_generate        (PbCodeKind          kind);
char     *pb_code_generate_unique (PbCodeKind          kind,
                                   PbCodeIsTakenFunc   is_taken,
                                   gpointer            user_data,
                                   guint               max_tries,
                                   GError            **error);
gboolean  pb_code_is_valid        (PbCodeKind          kind,
                                   const char         *code);
gboolean  pb_code_is_well_formed  (PbCodeKind          kind,
                                   const char         *code);

G_END_DECLS
