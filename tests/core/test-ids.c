/* test-ids.c — UUIDv7 ids and timestamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-timestamp.h"
#include "pb-uuid.h"

static void
test_uuid_format (void)
{
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = pb_uuid_new_v7 ();

      g_assert_true (pb_uuid_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');                  /* version */
      g_assert_nonnull (strchr ("89ab", id[19]));         /* variant 10xx */
    }
}

static void
test_uuid_time_prefix (void)
{
  /* 2026-11-22T00:00:00Z = 1795305600000 ms = 0x01a2008d7400 */
  g_autofree char *id = pb_uuid_new_v7_at (G_GINT64_CONSTANT (1795305600000));

  g_assert_true (g_str_has_prefix (id, "01a2008d-7400-7"));
}

static void
test_uuid_ordered (void)
{
  g_autofree char *earlier = pb_uuid_new_v7_at (1000);
  g_autofree char *later = pb_uuid_new_v7_at (1001);

  /* Text order is time order across milliseconds. */
  g_assert_cmpint (strcmp (earlier, later), <, 0);
}

static void
test_uuid_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 10000; i++)
    g_assert_true (g_hash_table_add (seen, pb_uuid_new_v7_at (42)));
}

static void
test_uuid_validation (void)
{
  g_assert_true (pb_uuid_is_valid ("01a20ad6-5400-7abc-8def-0123456789ab"));
  g_assert_true (pb_uuid_is_valid ("550e8400-e29b-41d4-a716-446655440000"));
  g_assert_false (pb_uuid_is_valid ("01A20AD6-5400-7ABC-8DEF-0123456789AB"));
  g_assert_false (pb_uuid_is_valid ("01a20ad6-5400-7abc-8def-0123456789a"));
  g_assert_false (pb_uuid_is_valid ("01a20ad654007abc8def0123456789abcdef"));
  g_assert_false (pb_uuid_is_valid ("01a20ad6-5400-7abc-8def-0123456789ag"));
  g_assert_false (pb_uuid_is_valid ("'; DROP TABLE users; --"));
  g_assert_false (pb_uuid_is_valid (""));
  g_assert_false (pb_uuid_is_valid (NULL));
}

static void
test_timestamp_format (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("+01:00");
  g_autoptr(GDateTime) local = g_date_time_new (paris, 2026, 11, 22, 9, 5, 7.25);
  g_autofree char *text = pb_timestamp_format (local);
  g_autofree char *now = pb_timestamp_now ();

  /* Always UTC, milliseconds, a Z. */
  g_assert_cmpstr (text, ==, "2026-11-22T08:05:07.250Z");
  g_assert_cmpuint (strlen (now), ==, 24);
  g_assert_cmpint (now[23], ==, 'Z');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/uuid/format", test_uuid_format);
  g_test_add_func ("/core/uuid/time-prefix", test_uuid_time_prefix);
  g_test_add_func ("/core/uuid/ordered", test_uuid_ordered);
  g_test_add_func ("/core/uuid/unique", test_uuid_unique);
  g_test_add_func ("/core/uuid/validation", test_uuid_validation);
  g_test_add_func ("/core/timestamp/format", test_timestamp_format);

  return g_test_run ();
}
