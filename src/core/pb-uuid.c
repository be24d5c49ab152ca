/* pb-uuid.c
 *
 * Record ids are UUIDv7 (RFC 9562): 48 bits of Unix time in milliseconds,
 * then random bits. The desktop makes them offline and the server accepts
 * them, so ids never collide between clients; being time-ordered, they keep
 * B-tree indexes compact where v4 ids would scatter writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-random.h"
#include "pb-uuid.h"

/**
 * pb_uuid_new_v7_at:
 * @unix_ms: milliseconds since the Unix epoch
 *
 * Returns: (transfer full): a lower-case UUIDv7 string for that time
 */
char *
pb_uuid_new_v7_at (gint64 unix_ms)
{
  guint8 b[16];

  g_return_val_if_fail (unix_ms >= 0, NULL);

  pb_random_fill (b, sizeof b);
  for (guint i = 0; i < 6; i++)
    b[i] = (guint8)(unix_ms >> (40 - 8 * i));
  b[6] = (b[6] & 0x0f) | 0x70;   /* version 7 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* variant 10 */

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
                          b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

char *
pb_uuid_new_v7 (void)
{
  return pb_uuid_new_v7_at (g_get_real_time () / 1000);
}

/**
 * pb_uuid_is_valid:
 *
 * Whether @text is a UUID in canonical form (any version), as a client may
 * send for a record it created. Upper-case hex is refused: ids are compared
 * as text.
 */
gboolean
pb_uuid_is_valid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      gboolean dash = (i == 8 || i == 13 || i == 18 || i == 23);

      if (dash ? text[i] != '-' : !(g_ascii_isdigit (text[i]) || (text[i] >= 'a' && text[i] <= 'f')))
        return FALSE;
    }

  return TRUE;
}
