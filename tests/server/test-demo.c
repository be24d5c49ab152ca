/* test-demo.c
 *
 * `pix-bureau-server demo`, for real: a small Lycée Marie Curie (démo)
 * built in a temporary directory, then its counts and invariants read
 * back from the database it wrote, and its accounts signed in to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <libsoup/soup.h>

#include "pb-storage.h"
#include "pb-test-server.h"

#define N_PUPILS 140

static gint64
count (PbStorage  *storage,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  PbDb *db = pb_storage_acquire_reader (storage);
  PbDbStatement *select = pb_db_prepare (db, sql, &error);
  gint64 value;

  g_assert_no_error (error);
  g_assert_true (pb_db_statement_step (select, &error));
  value = pb_db_statement_get_int64 (select, 0);
  pb_db_statement_free (select);
  pb_storage_release_reader (storage, db);
  return value;
}

/* "compte : EMAIL / mot de passe : PASSWORD (ROLE)", one per account */
static GPtrArray *
parse_accounts (const char *out)
{
  g_autoptr(GRegex) regex = g_regex_new ("^compte : (\\S+@\\S+) / mot de passe : (\\S+) \\((ADMIN|MEMBER)\\)$",
                                         G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *accounts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  g_regex_match (regex, out, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (accounts, g_match_info_fetch_all (match));
      g_match_info_next (match, NULL);
    }
  return accounts;
}

static void
assert_invariants (PbStorage *storage)
{
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM organizations"), ==, 1);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM certification_centers c JOIN organizations o "
                                   "ON o.id = c.organization_id"), ==, 1);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM organization_learners WHERE is_disabled = 0"), ==, N_PUPILS);
  /* Divisions of about 35 pupils, 2nde to Terminale. */
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM divisions"), ==, 4);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM divisions WHERE name LIKE '2nde %'"), >=, 1);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM divisions WHERE name LIKE 'Tle %'"), >=, 1);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaigns"), ==, 5);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaigns WHERE type = 'PROFILES_COLLECTION'"), ==, 1);

  /* Some finished and shared, some in progress, some not shared yet. */
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaign_participations WHERE status = 'SHARED'"), >, 0);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaign_participations WHERE status = 'STARTED'"), >, 0);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaign_participations WHERE status = 'TO_SHARE'"), >, 0);
  /* Results exactly where shared; every participant a reconciled pupil. */
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaign_participations WHERE "
                                   "(status = 'SHARED') <> (results IS NOT NULL AND pix_score IS NOT NULL)"), ==, 0);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM campaign_participations p JOIN organization_learners l "
                                   "ON l.id = p.organization_learner_id "
                                   "WHERE l.user_id <> p.user_id OR l.national_student_id IS NULL"), ==, 0);
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM shared_scorecards"), ==,
                   16 * count (storage, "SELECT COUNT(DISTINCT organization_learner_id) FROM campaign_participations "
                                        "WHERE status = 'SHARED'"));
  g_assert_cmpint (count (storage, "SELECT COUNT(*) FROM answers"), >, N_PUPILS);
}

static void
assert_signs_in (Fixture   *fixture,
                 GPtrArray *accounts)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  Server server = { 0 };
  g_autofree char *log = NULL;

  server_start (&server, fixture, "127.0.0.1:0", NULL);
  for (guint i = 0; i < accounts->len; i++)
    {
      GStrv account = g_ptr_array_index (accounts, i);
      g_autofree char *url = g_strconcat (server.base_url, "/api/token", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new_from_encoded_form ("POST", url,
        soup_form_encode ("grant_type", "password", "username", account[1], "password", account[2], NULL));
      g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    }
  log = server_stop (&server, SIGTERM);
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Result) result = { 0 };
  g_auto(Result) again = { 0 };
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *learners = g_strdup_printf ("%d", N_PUPILS);

  run (&result, NULL, "demo", "--data-dir", fixture->data_dir, "--learners", learners, "--seed", "7", NULL);
  g_assert_cmpint (result.status, ==, 0);
  accounts = parse_accounts (result.out);
  g_assert_cmpuint (accounts->len, ==, 3);
  g_assert_cmpstr (((GStrv)g_ptr_array_index (accounts, 0))[3], ==, "ADMIN");
  g_assert_cmpstr (((GStrv)g_ptr_array_index (accounts, 1))[3], ==, "MEMBER");
  g_assert_nonnull (strstr (result.out, "Lycée Marie Curie (démo)"));

  storage = pb_storage_open (fixture->data_dir, NULL, &error);
  g_assert_no_error (error);
  assert_invariants (storage);
  g_clear_object (&storage);

  /* Never over existing data. */
  run (&again, NULL, "demo", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (again.status, !=, 0);
  g_assert_nonnull (strstr (again.err, "not empty"));

  assert_signs_in (fixture, accounts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/school", Fixture, NULL, fixture_set_up, test_demo, fixture_tear_down);

  return g_test_run ();
}
