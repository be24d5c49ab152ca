/* pb-random.c
 *
 * Random bytes for whatever must not be guessable: access codes,
 * verification codes, identifiers, tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "pb-random.h"

/* Fills @buffer from the kernel's cryptographic generator. Codes guard access
 * to sessions and vouch for certificates, so they must not be predictable:
 * g_random_*() is a Mersenne Twister and must not be used here. getrandom()
 * blocks only until the kernel pool is first seeded, may return fewer bytes
 * than asked, and fails with EINTR when a signal arrives; both are retried. */
void
pb_random_fill (guint8 *buffer,
                gsize   size)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t n = getrandom (buffer + done, size - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;

          /* Without a secure source no safe code can be made at all. */
          g_error ("getrandom() failed: %s", g_strerror (saved_errno));
        }

      done += n;
    }
}
