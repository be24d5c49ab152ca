/* pb-password.c
 *
 * Passwords are stored as argon2id hashes (libsodium's self-describing
 * "$argon2id$v=19$m=…,t=…,p=…$salt$hash" strings). Hashing costs about 0.1 s
 * and 64 MiB on purpose: callers run it in a worker, never on a main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "pb-password.h"

G_DEFINE_QUARK (pb-password-error-quark, pb_password_error)

static gboolean
ensure_sodium (GError **error)
{
  /* sodium_init() is thread-safe and idempotent: 0 first time, 1 after. */
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, PB_PASSWORD_ERROR, PB_PASSWORD_ERROR_FAILED,
                           "libsodium could not be initialized");
      return FALSE;
    }

  return TRUE;
}

/**
 * pb_password_check_rule:
 *
 * Pix's password rule: at least 8 characters, with an upper-case letter, a
 * lower-case letter and a digit.
 */
gboolean
pb_password_check_rule (const char  *password,
                        GError     **error)
{
  gboolean upper = FALSE, lower = FALSE, digit = FALSE;

  g_return_val_if_fail (password != NULL, FALSE);

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      upper |= g_unichar_isupper (c);
      lower |= g_unichar_islower (c);
      digit |= g_unichar_isdigit (c);
    }

  if (g_utf8_strlen (password, -1) < 8 || !upper || !lower || !digit)
    {
      g_set_error_literal (error, PB_PASSWORD_ERROR, PB_PASSWORD_ERROR_WEAK,
                           "The password must have at least 8 characters, with an upper-case "
                           "letter, a lower-case letter and a digit");
      return FALSE;
    }

  return TRUE;
}

/* @fast: libsodium's minimum cost instead of its "interactive" one, for
 * demos and tests where thousands of simulated learners sign up; the hash
 * records its own cost, so verifying works either way. */
char *
pb_password_hash (const char  *password,
                  gboolean     fast,
                  GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;

  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, PB_PASSWORD_ERROR, PB_PASSWORD_ERROR_FAILED,
                           "Out of memory while hashing the password");
      return NULL;
    }

  return g_strdup (hash);
}

/* Constant-time comparison is libsodium's business. */
gboolean
pb_password_verify (const char *hash,
                    const char *password)
{
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}
