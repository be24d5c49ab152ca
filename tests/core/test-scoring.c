/* test-scoring.c — competence scores, levels, profiles and certifiability
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <glib.h>

#include "pb-profile.h"
#include "pb-scoring.h"

/* The 16 competences of the framework, in framework order */
static const char * const competences[] = {
  "1.1", "1.2", "1.3",
  "2.1", "2.2", "2.3", "2.4",
  "3.1", "3.2", "3.3", "3.4",
  "4.1", "4.2", "4.3",
  "5.1", "5.2",
  NULL
};

static void
assert_score (const PbScoringRules *rules,
              double                raw_pix,
              guint                 pix,
              guint                 level,
              guint                 pix_ahead)
{
  PbCompetenceScore score = { 99, 99, 99 };

  pb_competence_score_compute (rules, raw_pix, &score);
  g_assert_cmpuint (score.pix, ==, pix);
  g_assert_cmpuint (score.level, ==, level);
  g_assert_cmpuint (score.pix_ahead_of_next_level, ==, pix_ahead);
}

static void
test_rules_defaults (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);

  g_assert_cmpuint (rules.pix_per_level, ==, 8);
  g_assert_cmpuint (rules.max_reachable_level, ==, 5);
  g_assert_cmpuint (rules.min_certifiable_competences, ==, 5);
  g_assert_cmpuint (rules.min_certifiable_level, ==, 1);
  g_assert_cmpuint (rules.reset_delay_days, ==, 7);
  g_assert_cmpuint (rules.improve_delay_days, ==, 4);
  g_assert_cmpuint (rules.retry_delay_days, ==, 4);
  g_assert_cmpuint (pb_scoring_rules_max_pix_per_competence (&rules), ==, 40);
  g_assert_cmpuint (pb_scoring_rules_max_pix_score (&rules, 16), ==, 640);
  g_assert_false (pb_scoring_rules_is_level_certifiable (&rules, 0));
  g_assert_true (pb_scoring_rules_is_level_certifiable (&rules, 1));
}

/* 41 pix is more than level 5 holds: capped at 40 pix, level 5 */
static void
test_score_capped (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 41, 40, 5, 0);
}

/* Rounding is downwards: 7.9 pix is 7 pix, still level 0 */
static void
test_score_below_first_level (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 7.9, 7, 0, 7);
  assert_score (&rules, 0, 0, 0, 0);
}

static void
test_score_first_level (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 8, 8, 1, 0);
}

static void
test_score_fractional (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 15.99, 15, 1, 7);
  assert_score (&rules, 16, 16, 2, 0);
}

/* Shares of a level's 8 pix, summed in floating point, still make the whole
 * level: 7 skills of 8/7 pix each sum to 7.999999999999999 in doubles.
 */
static void
test_score_shared_pix (void)
{
  PbScoringRules rules;
  double sum = 0;

  pb_scoring_rules_init_default (&rules);
  for (guint i = 0; i < 7; i++)
    sum += 8.0 / 7;
  g_assert_cmpfloat (sum, <, 8.0);
  assert_score (&rules, sum, 8, 1, 0);

  sum = 0;
  for (guint i = 0; i < 6; i++)
    sum += 8.0 / 7;
  assert_score (&rules, sum, 6, 0, 6);
}

/* Exactly 40 is level 5 with nothing ahead; just below it is level 4 */
static void
test_score_top_level (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 40, 40, 5, 0);
  assert_score (&rules, 39.99, 39, 4, 7);
}

static void
test_score_huge (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, 1000, 40, 5, 0);
  assert_score (&rules, 1e300, 40, 5, 0);
  assert_score (&rules, INFINITY, 40, 5, 0);
}

static void
test_score_negative (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  assert_score (&rules, -3, 0, 0, 0);
  assert_score (&rules, -0.5, 0, 0, 0);
  assert_score (&rules, -INFINITY, 0, 0, 0);
  assert_score (&rules, NAN, 0, 0, 0);
}

/* Once level 6 opens, a competence holds 48 pix */
static void
test_score_max_level_6 (void)
{
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  rules.max_reachable_level = 6;

  g_assert_cmpuint (pb_scoring_rules_max_pix_per_competence (&rules), ==, 48);
  g_assert_cmpuint (pb_scoring_rules_max_pix_score (&rules, 16), ==, 768);
  assert_score (&rules, 41, 41, 5, 1);
  assert_score (&rules, 47.5, 47, 5, 7);
  assert_score (&rules, 48, 48, 6, 0);
  assert_score (&rules, 1000, 48, 6, 0);
}

static void
test_rules_key_file (void)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  PbScoringRules rules;

  g_assert_true (g_key_file_load_from_data (key_file,
                                            "[scoring]\n"
                                            "max-reachable-level=6\n"
                                            "min-certifiable-competences=3\n"
                                            "[other]\n"
                                            "pix-per-level=4\n",
                                            -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  pb_scoring_rules_init_default (&rules);
  g_assert_true (pb_scoring_rules_load_from_key_file (&rules, key_file, "scoring", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rules.pix_per_level, ==, 8);
  g_assert_cmpuint (rules.max_reachable_level, ==, 6);
  g_assert_cmpuint (rules.min_certifiable_competences, ==, 3);
  g_assert_cmpuint (rules.min_certifiable_level, ==, 1);
  g_assert_cmpuint (pb_scoring_rules_max_pix_per_competence (&rules), ==, 48);

  /* A missing group changes nothing */
  pb_scoring_rules_init_default (&rules);
  g_assert_true (pb_scoring_rules_load_from_key_file (&rules, key_file, "missing", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rules.max_reachable_level, ==, 5);
  g_assert_cmpuint (rules.min_certifiable_competences, ==, 5);
}

/* Loads @data's [scoring] group over default rules and expects the error to
 * name @key and to leave the rules untouched. */
static void
assert_key_file_rejected (const char *data,
                          const char *key)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  PbScoringRules rules, defaults;

  g_assert_true (g_key_file_load_from_data (key_file, data, -1, G_KEY_FILE_NONE, NULL));

  pb_scoring_rules_init_default (&defaults);
  rules = defaults;
  g_assert_false (pb_scoring_rules_load_from_key_file (&rules, key_file, "scoring", &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE);
  if (error != NULL && strstr (error->message, key) == NULL)
    g_test_fail_printf ("“%s” does not name “%s”", error->message, key);

  g_assert_cmpmem (&rules, sizeof rules, &defaults, sizeof defaults);
}

static void
test_rules_key_file_rejected (void)
{
  assert_key_file_rejected ("[scoring]\nmax-reachable-level=9\n", "max-reachable-level");
  assert_key_file_rejected ("[scoring]\nmax-reachable-level=0\n", "max-reachable-level");
  assert_key_file_rejected ("[scoring]\npix-per-level=0\n", "pix-per-level");
  assert_key_file_rejected ("[scoring]\npix-per-level=65\n", "pix-per-level");
  assert_key_file_rejected ("[scoring]\nmin-certifiable-competences=17\n",
                            "min-certifiable-competences");
  assert_key_file_rejected ("[scoring]\nmin-certifiable-level=-1\n", "min-certifiable-level");
  assert_key_file_rejected ("[scoring]\npix-per-level=4\nmin-certifiable-level=eight\n",
                            "min-certifiable-level");
  /* Valid alone, but nobody could reach a level-6 certifiable competence */
  assert_key_file_rejected ("[scoring]\nmin-certifiable-level=6\n", "min-certifiable-level");
  assert_key_file_rejected ("[scoring]\nreset-delay-days=366\n", "reset-delay-days");
  assert_key_file_rejected ("[scoring]\nreset-delay-days=-1\n", "reset-delay-days");
  assert_key_file_rejected ("[scoring]\nimprove-delay-days=1000\n", "improve-delay-days");
  assert_key_file_rejected ("[scoring]\nimprove-delay-days=four\n", "improve-delay-days");
  assert_key_file_rejected ("[scoring]\nretry-delay-days=-4\n", "retry-delay-days");
  /* One bad delay rejects the whole group, good keys before it included */
  assert_key_file_rejected ("[scoring]\nreset-delay-days=3\nretry-delay-days=400\n",
                            "retry-delay-days");
}

/* The three delays are read on their own, 0 and 365 included */
static void
test_rules_key_file_delays (void)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  PbScoringRules rules;

  g_assert_true (g_key_file_load_from_data (key_file,
                                            "[scoring]\n"
                                            "reset-delay-days=0\n"
                                            "improve-delay-days=365\n"
                                            "[retry]\n"
                                            "retry-delay-days=10\n",
                                            -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);

  pb_scoring_rules_init_default (&rules);
  g_assert_true (pb_scoring_rules_load_from_key_file (&rules, key_file, "scoring", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rules.reset_delay_days, ==, 0);
  g_assert_cmpuint (rules.improve_delay_days, ==, 365);
  g_assert_cmpuint (rules.retry_delay_days, ==, 4);
  /* The thresholds are untouched */
  g_assert_cmpuint (rules.max_reachable_level, ==, 5);

  g_assert_true (pb_scoring_rules_load_from_key_file (&rules, key_file, "retry", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rules.reset_delay_days, ==, 0);
  g_assert_cmpuint (rules.improve_delay_days, ==, 365);
  g_assert_cmpuint (rules.retry_delay_days, ==, 10);
}

static void
test_level_names (void)
{
  g_assert_null (pb_level_get_name (0));
  g_assert_cmpstr (pb_level_get_name (1), ==, "novice");
  g_assert_cmpstr (pb_level_get_name (2), ==, "novice");
  g_assert_cmpstr (pb_level_get_name (3), ==, "independent");
  g_assert_cmpstr (pb_level_get_name (4), ==, "independent");
  g_assert_cmpstr (pb_level_get_name (5), ==, "advanced");
  g_assert_cmpstr (pb_level_get_name (6), ==, "advanced");
  g_assert_cmpstr (pb_level_get_name (7), ==, "expert");
  g_assert_cmpstr (pb_level_get_name (8), ==, "expert");
  g_assert_null (pb_level_get_name (9));
  g_assert_null (pb_level_get_name (G_MAXUINT));
}

/* Sets the first @n competences to @raw_pix each */
static void
set_first (PbProfile *profile,
           guint      n,
           double     raw_pix)
{
  for (guint i = 0; i < n; i++)
    g_assert_true (pb_profile_set_raw_pix (profile, competences[i], raw_pix));
}

static void
test_profile_empty (void)
{
  PbProfile *profile = pb_profile_new (NULL, competences);

  g_assert_cmpuint (pb_profile_get_n_competences (profile), ==, 16);
  g_assert_cmpstrv (pb_profile_get_competence_indices (profile), competences);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 0);
  g_assert_cmpuint (pb_profile_get_max_pix_score (profile), ==, 640);
  g_assert_cmpuint (pb_profile_get_certifiable_competences_count (profile), ==, 0);
  g_assert_false (pb_profile_is_certifiable (profile));

  g_assert_finalize_object (profile);
}

static void
test_profile_four_not_certifiable (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);

  set_first (profile, 4, 8);
  /* The other twelve stay just below level 1 */
  for (guint i = 4; competences[i] != NULL; i++)
    pb_profile_set_raw_pix (profile, competences[i], 7);

  g_assert_cmpuint (pb_profile_get_certifiable_competences_count (profile), ==, 4);
  g_assert_false (pb_profile_is_certifiable (profile));
}

static void
test_profile_five_certifiable (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);

  /* Any five competences do, not only the first ones */
  g_assert_true (pb_profile_set_raw_pix (profile, "1.1", 8));
  g_assert_true (pb_profile_set_raw_pix (profile, "2.4", 12));
  g_assert_true (pb_profile_set_raw_pix (profile, "3.3", 40));
  g_assert_true (pb_profile_set_raw_pix (profile, "4.2", 8.5));
  g_assert_true (pb_profile_set_raw_pix (profile, "5.2", 100));

  g_assert_cmpuint (pb_profile_get_certifiable_competences_count (profile), ==, 5);
  g_assert_true (pb_profile_is_certifiable (profile));
}

/* 7.99 pix is still level 0: that competence does not count */
static void
test_profile_five_with_one_below (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);

  set_first (profile, 4, 8);
  g_assert_true (pb_profile_set_raw_pix (profile, "5.1", 7.99));

  g_assert_cmpuint (pb_profile_get_certifiable_competences_count (profile), ==, 4);
  g_assert_false (pb_profile_is_certifiable (profile));

  g_assert_true (pb_profile_set_raw_pix (profile, "5.1", 8));
  g_assert_true (pb_profile_is_certifiable (profile));
}

/* The global score sums capped competence pix: 16 × 41 is 640, not 656 */
static void
test_profile_pix_score (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);
  PbCompetenceScore score;

  set_first (profile, 16, 41);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 640);
  g_assert_cmpfloat (pb_profile_get_raw_pix (profile, "3.4"), ==, 41);
  g_assert_true (pb_profile_get_competence_score (profile, "3.4", &score));
  g_assert_cmpuint (score.pix, ==, 40);
  g_assert_cmpuint (score.level, ==, 5);

  /* Each competence is rounded down on its own: 15 + 7 + 0, not 23 */
  set_first (profile, 16, 0);
  pb_profile_set_raw_pix (profile, "1.1", 15.99);
  pb_profile_set_raw_pix (profile, "2.1", 7.9);
  pb_profile_set_raw_pix (profile, "5.2", -4);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 22);
}

static void
test_profile_unknown_index (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);
  PbCompetenceScore score = { 1, 1, 1 };

  g_assert_false (pb_profile_set_raw_pix (profile, "6.1", 8));
  g_assert_false (pb_profile_set_raw_pix (profile, "1", 8));
  g_assert_false (pb_profile_set_raw_pix (profile, "", 8));
  g_assert_false (pb_profile_set_raw_pix (profile, NULL, 8));
  g_assert_false (pb_profile_has_competence (profile, "6.1"));
  g_assert_true (pb_profile_has_competence (profile, "5.2"));
  g_assert_cmpfloat (pb_profile_get_raw_pix (profile, "6.1"), ==, 0);
  g_assert_false (pb_profile_get_competence_score (profile, "6.1", &score));
  g_assert_cmpuint (score.pix, ==, 0);
  g_assert_cmpuint (score.level, ==, 0);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 0);
}

/* The profile keeps its own copy of the rules it was given */
static void
test_profile_rules_copied (void)
{
  g_autoptr(PbProfile) profile = NULL;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  profile = pb_profile_new (&rules, competences);
  g_assert_true (pb_profile_get_rules (profile) != &rules);

  rules.max_reachable_level = 6;
  rules.min_certifiable_competences = 1;

  set_first (profile, 1, 50);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 40);
  g_assert_false (pb_profile_is_certifiable (profile));
  g_assert_cmpuint (pb_profile_get_rules (profile)->max_reachable_level, ==, 5);
}

/* Rules given at construction are the ones used */
static void
test_profile_custom_rules (void)
{
  g_autoptr(PbProfile) profile = NULL;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  rules.min_certifiable_competences = 3;
  rules.min_certifiable_level = 2;
  rules.max_reachable_level = 6;
  profile = pb_profile_new (&rules, competences);

  set_first (profile, 3, 15.99);
  g_assert_false (pb_profile_is_certifiable (profile));
  set_first (profile, 3, 16);
  g_assert_true (pb_profile_is_certifiable (profile));

  set_first (profile, 16, 100);
  g_assert_cmpuint (pb_profile_get_pix_score (profile), ==, 16 * 48);
  g_assert_cmpuint (pb_profile_get_max_pix_score (profile), ==, 16 * 48);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_profile_notify (void)
{
  g_autoptr(PbProfile) profile = pb_profile_new (NULL, competences);
  guint pix_score_changes = 0;
  guint certifiable_changes = 0;
  gboolean certifiable = TRUE;
  guint pix_score = 99;

  g_signal_connect (profile, "notify::pix-score", G_CALLBACK (count_notify), &pix_score_changes);
  g_signal_connect (profile, "notify::certifiable", G_CALLBACK (count_notify), &certifiable_changes);

  set_first (profile, 4, 8);
  g_assert_cmpuint (pix_score_changes, ==, 4);
  g_assert_cmpuint (certifiable_changes, ==, 0);

  /* 8.5 pix is still 8 pix: nothing visible changes */
  pb_profile_set_raw_pix (profile, "1.1", 8.5);
  g_assert_cmpuint (pix_score_changes, ==, 4);

  pb_profile_set_raw_pix (profile, "5.2", 8);
  g_assert_cmpuint (pix_score_changes, ==, 5);
  g_assert_cmpuint (certifiable_changes, ==, 1);

  g_object_get (profile, "pix-score", &pix_score, "certifiable", &certifiable, NULL);
  g_assert_cmpuint (pix_score, ==, 40);
  g_assert_true (certifiable);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* With -k, a failed check marks its case failed and the run goes on */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/scoring/rules/defaults", test_rules_defaults);
  g_test_add_func ("/scoring/rules/max-level-6", test_score_max_level_6);
  g_test_add_func ("/scoring/rules/key-file", test_rules_key_file);
  g_test_add_func ("/scoring/rules/key-file-rejected", test_rules_key_file_rejected);
  g_test_add_func ("/scoring/rules/key-file-delays", test_rules_key_file_delays);
  g_test_add_func ("/scoring/competence/capped", test_score_capped);
  g_test_add_func ("/scoring/competence/below-first-level", test_score_below_first_level);
  g_test_add_func ("/scoring/competence/first-level", test_score_first_level);
  g_test_add_func ("/scoring/competence/fractional", test_score_fractional);
  g_test_add_func ("/scoring/competence/shared-pix", test_score_shared_pix);
  g_test_add_func ("/scoring/competence/top-level", test_score_top_level);
  g_test_add_func ("/scoring/competence/huge", test_score_huge);
  g_test_add_func ("/scoring/competence/negative", test_score_negative);
  g_test_add_func ("/scoring/level-names", test_level_names);
  g_test_add_func ("/profile/empty", test_profile_empty);
  g_test_add_func ("/profile/certifiable/four", test_profile_four_not_certifiable);
  g_test_add_func ("/profile/certifiable/five", test_profile_five_certifiable);
  g_test_add_func ("/profile/certifiable/five-with-one-below", test_profile_five_with_one_below);
  g_test_add_func ("/profile/pix-score", test_profile_pix_score);
  g_test_add_func ("/profile/unknown-index", test_profile_unknown_index);
  g_test_add_func ("/profile/rules-copied", test_profile_rules_copied);
  g_test_add_func ("/profile/custom-rules", test_profile_custom_rules);
  g_test_add_func ("/profile/notify", test_profile_notify);

  return g_test_run ();
}
