/* test-learner-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pb-learner-import.h"

static void
test_garbage_refused (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("\x01\x02garbage", 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbLearnerSet) set = pb_learner_set_parse (PB_LEARNER_FORMAT_SIECLE_XML, data, "0751234A", &error);

  g_assert_null (set);
  g_assert_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/learner-import/garbage-refused", test_garbage_refused);
  return g_test_run ();
}
