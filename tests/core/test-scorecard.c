/* test-scorecard.c — a learner's standing on a competence
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-framework.h"
#include "pb-test-framework.h"
#include "pb-knowledge-element.h"
#include "pb-scorecard.h"
#include "pb-scoring.h"

/* 2026-01-01T00:00:00Z */
#define NOW ((gint64)1767225600 * G_USEC_PER_SEC)
#define DAY G_TIME_SPAN_DAY

/* 1.1 has @web1…@web6 (8 pix each, 48 in all: more than the 40 a
 * competence can count), 1.2 has @file1 and @file2
 */
#define SPEC "web:123456|file:12"

static void
add (GArray        *kes,
     const PbSkill *skill,
     PbKeStatus     status,
     gint64         created_at)
{
  PbKnowledgeElement ke = {
    .skill = skill,
    .status = status,
    .source = PB_KE_SOURCE_DIRECT,
    .earned_pix = status == PB_KE_STATUS_VALIDATED ? skill->pix_value : 0,
    .created_at = created_at,
  };

  g_array_append_val (kes, ke);
}

static void
test_status_strings (void)
{
  PbScorecardStatus status = PB_SCORECARD_COMPLETED;

  g_assert_cmpstr (pb_scorecard_status_to_string (PB_SCORECARD_NOT_STARTED), ==, "NOT_STARTED");
  g_assert_cmpstr (pb_scorecard_status_to_string (PB_SCORECARD_STARTED), ==, "STARTED");
  g_assert_cmpstr (pb_scorecard_status_to_string (PB_SCORECARD_COMPLETED), ==, "COMPLETED");

  g_assert_true (pb_scorecard_status_from_string ("NOT_STARTED", &status));
  g_assert_cmpint (status, ==, PB_SCORECARD_NOT_STARTED);
  g_assert_true (pb_scorecard_status_from_string ("STARTED", &status));
  g_assert_cmpint (status, ==, PB_SCORECARD_STARTED);
  g_assert_true (pb_scorecard_status_from_string ("COMPLETED", &status));
  g_assert_cmpint (status, ==, PB_SCORECARD_COMPLETED);
  g_assert_false (pb_scorecard_status_from_string ("started", &status));
  g_assert_false (pb_scorecard_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, PB_SCORECARD_COMPLETED);
}

static void
test_status (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const PbCompetence *web = pb_framework_lookup_competence (fw, "1.1");
  g_autoptr(GArray) none = pb_knowledge_elements_new ();
  g_autoptr(GArray) other = pb_knowledge_elements_new ();
  g_autoptr(GArray) some = pb_knowledge_elements_new ();
  PbScoringRules rules;
  const struct {
    PbEvaluationState  evaluation;
    GArray            *kes;
    PbScorecardStatus  expected;
  } vectors[] = {
    { PB_EVALUATION_NONE, none, PB_SCORECARD_NOT_STARTED },
    { PB_EVALUATION_NONE, other, PB_SCORECARD_NOT_STARTED },  /* another competence's */
    { PB_EVALUATION_NONE, some, PB_SCORECARD_STARTED },       /* from a campaign */
    { PB_EVALUATION_STARTED, none, PB_SCORECARD_STARTED },
    { PB_EVALUATION_STARTED, some, PB_SCORECARD_STARTED },
    { PB_EVALUATION_COMPLETED, some, PB_SCORECARD_COMPLETED },
    { PB_EVALUATION_COMPLETED, none, PB_SCORECARD_COMPLETED },
    { PB_EVALUATION_RESET, none, PB_SCORECARD_NOT_STARTED },
    { PB_EVALUATION_RESET, some, PB_SCORECARD_NOT_STARTED },
  };

  pb_scoring_rules_init_default (&rules);
  add (other, test_skill (fw, "@file1"), PB_KE_STATUS_VALIDATED, NOW - DAY);
  add (some, test_skill (fw, "@web1"), PB_KE_STATUS_INVALIDATED, NOW - DAY);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      PbScorecard scorecard;

      pb_scorecard_compute (&rules, web, vectors[i].kes, vectors[i].evaluation, NOW, &scorecard);
      if (scorecard.status != vectors[i].expected)
        g_test_fail_printf ("vector %u: %s instead of %s", i,
                            pb_scorecard_status_to_string (scorecard.status),
                            pb_scorecard_status_to_string (vectors[i].expected));
    }
}

static void
test_pix (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const PbCompetence *web = pb_framework_lookup_competence (fw, "1.1");
  const PbCompetence *file = pb_framework_lookup_competence (fw, "1.2");
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbScoringRules rules;
  PbScorecard scorecard;

  pb_scoring_rules_init_default (&rules);

  add (kes, test_skill (fw, "@web1"), PB_KE_STATUS_VALIDATED, NOW - DAY);
  add (kes, test_skill (fw, "@web2"), PB_KE_STATUS_VALIDATED, NOW - DAY);
  add (kes, test_skill (fw, "@web3"), PB_KE_STATUS_INVALIDATED, NOW - DAY);
  add (kes, test_skill (fw, "@file1"), PB_KE_STATUS_VALIDATED, NOW - DAY);
  /* Not current state, but must not count if given */
  add (kes, test_skill (fw, "@web4"), PB_KE_STATUS_RESET, NOW - DAY);

  pb_scorecard_compute (&rules, web, kes, PB_EVALUATION_STARTED, NOW, &scorecard);
  g_assert_true (scorecard.competence == web);
  g_assert_cmpfloat (scorecard.raw_pix, ==, 16);
  g_assert_cmpuint (scorecard.score.pix, ==, 16);
  g_assert_cmpuint (scorecard.score.level, ==, 2);
  g_assert_cmpuint (scorecard.score.pix_ahead_of_next_level, ==, 0);

  pb_scorecard_compute (&rules, file, kes, PB_EVALUATION_NONE, NOW, &scorecard);
  g_assert_true (scorecard.competence == file);
  g_assert_cmpfloat (scorecard.raw_pix, ==, 8);
  g_assert_cmpuint (scorecard.score.level, ==, 1);
  g_assert_cmpint (scorecard.status, ==, PB_SCORECARD_STARTED);

  /* 48 raw pix count 40: level 5, nothing ahead */
  g_array_set_size (kes, 0);
  for (guint level = 1; level <= 6; level++)
    {
      g_autofree char *name = g_strdup_printf ("@web%u", level);

      add (kes, test_skill (fw, name), PB_KE_STATUS_VALIDATED, NOW - DAY);
    }
  pb_scorecard_compute (&rules, web, kes, PB_EVALUATION_COMPLETED, NOW, &scorecard);
  g_assert_cmpfloat (scorecard.raw_pix, ==, 48);
  g_assert_cmpuint (scorecard.score.pix, ==, 40);
  g_assert_cmpuint (scorecard.score.level, ==, 5);
  g_assert_cmpuint (scorecard.score.pix_ahead_of_next_level, ==, 0);

  /* Nothing known: all zero */
  pb_scorecard_compute (&rules, web, NULL, PB_EVALUATION_NONE, NOW, &scorecard);
  g_assert_cmpfloat (scorecard.raw_pix, ==, 0);
  g_assert_cmpuint (scorecard.score.pix, ==, 0);
  g_assert_cmpuint (scorecard.score.level, ==, 0);
}

/* Remaining days count from the competence's most recent element, rounded
 * up, never below 0
 */
static void
test_remaining_days (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const PbCompetence *web = pb_framework_lookup_competence (fw, "1.1");
  PbScoringRules rules;
  const struct {
    gint64 age;          /* of the most recent element */
    guint  reset;        /* 7 days by default */
    guint  improving;    /* 4 days by default */
  } vectors[] = {
    { 0, 7, 4 },
    { 1, 7, 4 },                  /* 1 µs: still 7 days to go, rounded up */
    { DAY / 2, 7, 4 },
    { DAY, 6, 3 },
    { 5 * DAY / 2, 5, 2 },        /* 2.5 days: 4.5 and 1.5 rounded up */
    { 3 * DAY, 4, 1 },
    { 4 * DAY - 1, 4, 1 },
    { 4 * DAY, 3, 0 },
    { 7 * DAY - 1, 1, 0 },
    { 7 * DAY, 0, 0 },
    { 30 * DAY, 0, 0 },
    { -3 * DAY, 7, 4 },           /* from the future: as if just created */
  };

  pb_scoring_rules_init_default (&rules);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GArray) kes = pb_knowledge_elements_new ();
      PbScorecard scorecard;

      /* Older elements, stored before or after, and one of another
       * competence do not matter
       */
      add (kes, test_skill (fw, "@web1"), PB_KE_STATUS_VALIDATED, NOW - 100 * DAY);
      add (kes, test_skill (fw, "@web2"), PB_KE_STATUS_INVALIDATED, NOW - vectors[i].age);
      add (kes, test_skill (fw, "@web3"), PB_KE_STATUS_INVALIDATED, NOW - 50 * DAY);
      add (kes, test_skill (fw, "@file1"), PB_KE_STATUS_VALIDATED, NOW);

      pb_scorecard_compute (&rules, web, kes, PB_EVALUATION_STARTED, NOW, &scorecard);
      if (scorecard.remaining_days_before_reset != vectors[i].reset ||
          scorecard.remaining_days_before_improving != vectors[i].improving)
        g_test_fail_printf ("vector %u: %u and %u days instead of %u and %u", i,
                            scorecard.remaining_days_before_reset,
                            scorecard.remaining_days_before_improving,
                            vectors[i].reset, vectors[i].improving);
    }
}

static void
test_remaining_days_without_knowledge (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbScoringRules rules;
  PbScorecard scorecard;

  pb_scoring_rules_init_default (&rules);

  /* Only another competence was worked on, just now */
  add (kes, test_skill (fw, "@file1"), PB_KE_STATUS_VALIDATED, NOW);
  pb_scorecard_compute (&rules, pb_framework_lookup_competence (fw, "1.1"), kes,
                        PB_EVALUATION_RESET, NOW, &scorecard);
  g_assert_cmpuint (scorecard.remaining_days_before_reset, ==, 0);
  g_assert_cmpuint (scorecard.remaining_days_before_improving, ==, 0);
  g_assert_cmpint (scorecard.status, ==, PB_SCORECARD_NOT_STARTED);

  /* A reset element, just now, is no knowledge either */
  add (kes, test_skill (fw, "@web1"), PB_KE_STATUS_RESET, NOW);
  pb_scorecard_compute (&rules, pb_framework_lookup_competence (fw, "1.1"), kes,
                        PB_EVALUATION_NONE, NOW, &scorecard);
  g_assert_cmpuint (scorecard.remaining_days_before_reset, ==, 0);
  g_assert_cmpuint (scorecard.remaining_days_before_improving, ==, 0);
  g_assert_cmpint (scorecard.status, ==, PB_SCORECARD_NOT_STARTED);
}

static void
test_remaining_days_custom_rules (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbScoringRules rules;
  PbScorecard scorecard;

  pb_scoring_rules_init_default (&rules);
  rules.reset_delay_days = 0;
  rules.improve_delay_days = 10;

  add (kes, test_skill (fw, "@web1"), PB_KE_STATUS_VALIDATED, NOW - 5 * DAY / 2);
  pb_scorecard_compute (&rules, pb_framework_lookup_competence (fw, "1.1"), kes,
                        PB_EVALUATION_STARTED, NOW, &scorecard);
  g_assert_cmpuint (scorecard.remaining_days_before_reset, ==, 0);
  g_assert_cmpuint (scorecard.remaining_days_before_improving, ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/scorecard/status-strings", test_status_strings);
  g_test_add_func ("/scorecard/status", test_status);
  g_test_add_func ("/scorecard/pix", test_pix);
  g_test_add_func ("/scorecard/remaining-days", test_remaining_days);
  g_test_add_func ("/scorecard/remaining-days/without-knowledge", test_remaining_days_without_knowledge);
  g_test_add_func ("/scorecard/remaining-days/custom-rules", test_remaining_days_custom_rules);

  return g_test_run ();
}
