/* pb-content.c
 *
 * The learning content the server tests learners on: the framework and
 * the challenge bank bundled with src/core, loaded once and then shared
 * read-only by every worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-content.h"

/**
 * pb_content_get_bank:
 *
 * Returns: (transfer none): the challenge bank, over the framework
 */
PbChallengeBank *
pb_content_get_bank (void)
{
  static gsize bank = 0;

  if (g_once_init_enter (&bank))
    {
      g_autoptr(PbFramework) framework = NULL;
      g_autoptr(GError) error = NULL;
      PbChallengeBank *loaded = NULL;

      framework = pb_framework_new_default (&error);
      if (framework != NULL)
        loaded = pb_challenge_bank_new_default (framework, &error);
      /* Bundled content: a broken file is a build bug, caught by the
       * content tests. */
      if (loaded == NULL)
        g_error ("Bundled learning content unreadable: %s", error->message);
      g_once_init_leave (&bank, (gsize)loaded);
    }
  return (PbChallengeBank *)bank;
}

/**
 * pb_content_get_framework:
 *
 * Returns: (transfer none): the framework of the challenge bank
 */
PbFramework *
pb_content_get_framework (void)
{
  return pb_challenge_bank_get_framework (pb_content_get_bank ());
}
