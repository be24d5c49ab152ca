/* test-participation-result.c — what a learner shares at the end of a
 * campaign
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-framework.h"
#include "pb-knowledge-element.h"
#include "pb-participation-result.h"
#include "pb-scoring.h"

/* 2026-01-01T00:00:00Z */
#define NOW ((gint64)1767225600 * G_USEC_PER_SEC)

/* The 16 competences in their 5 areas */
static const char * const areas[] = {
  "1.1 1.2 1.3",
  "2.1 2.2 2.3 2.4",
  "3.1 3.2 3.3 3.4",
  "4.1 4.2 4.3",
  "5.1 5.2",
};

/* A 16-competence framework, independent of the bundled content: each
 * competence "X.Y" has one tube @compXY of six skills, @compXY1 to
 * @compXY6, worth 8 pix each (48 in all, above the 40 a competence counts).
 */
static PbFramework *
framework_new (void)
{
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"areas\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PbFramework *framework;

  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    {
      g_auto(GStrv) indices = g_strsplit (areas[a], " ", -1);

      g_string_append_printf (json, "%s{\"code\": \"%u\", \"title\": \"Area %u\", \"color\": \"#123456\","
                              " \"competences\": [", a > 0 ? "," : "", a + 1, a + 1);
      for (guint c = 0; indices[c] != NULL; c++)
        {
          g_autofree char *tube = g_strdup_printf ("@comp%c%c", indices[c][0], indices[c][2]);

          g_string_append_printf (json, "%s{\"index\": \"%s\", \"id\": \"c%s\", \"name\": \"C\","
                                  " \"tubes\": [{\"id\": \"t%s\", \"name\": \"%s\", \"title\": \"T\", \"skills\": [",
                                  c > 0 ? "," : "", indices[c], indices[c], indices[c], tube);
          for (guint level = 1; level <= 6; level++)
            g_string_append_printf (json, "%s{\"id\": \"s%s-%u\", \"name\": \"%s%u\", \"level\": %u, \"pix\": 8}",
                                    level > 1 ? "," : "", indices[c], level, tube, level, level);
          g_string_append (json, "]}]}");
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");

  bytes = g_bytes_new (json->str, json->len);
  framework = pb_framework_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (framework);
  g_assert_cmpuint (pb_framework_get_n_competences (framework), ==, 16);
  return framework;
}

/* The skill of competence @index ("2.1") at @level */
static const PbSkill *
skill (PbFramework *framework,
       const char  *index,
       guint        level)
{
  g_autofree char *name = g_strdup_printf ("@comp%c%c%u", index[0], index[2], level);
  const PbSkill *found = pb_framework_lookup_skill (framework, name);

  g_assert_nonnull (found);
  return found;
}

static void
add (GArray        *kes,
     const PbSkill *skill,
     PbKeStatus     status)
{
  PbKnowledgeElement ke = {
    .skill = skill,
    .status = status,
    .source = PB_KE_SOURCE_DIRECT,
    .earned_pix = status == PB_KE_STATUS_VALIDATED ? skill->pix_value : 0,
    .created_at = NOW,
  };

  g_array_append_val (kes, ke);
}

static const PbCompetenceResult *
competence_result (PbParticipationResult *result,
                   guint                  position)
{
  return &g_array_index (result->competences, PbCompetenceResult, position);
}

/* The competences come back in framework order, all 16 of them */
static void
assert_all_competences (PbFramework           *framework,
                        PbParticipationResult *result)
{
  g_assert_nonnull (result->competences);
  g_assert_cmpuint (result->competences->len, ==, 16);
  for (guint i = 0; i < result->competences->len; i++)
    g_assert_true (competence_result (result, i)->competence == pb_framework_get_competence (framework, i));
}

/* Only the target counts: 5 target skills (1.1 levels 1–3, 2.1 levels 1–2),
 * 4 of them tested, 3 validated, 24 pix; what the learner did elsewhere is
 * not part of this campaign's results.
 */
static void
test_assessment (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  g_autoptr(GPtrArray) targeted = g_ptr_array_new ();
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", 1));
  g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", 2));
  g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", 3));
  g_ptr_array_add (targeted, (gpointer)skill (fw, "2.1", 1));
  g_ptr_array_add (targeted, (gpointer)skill (fw, "2.1", 2));
  g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", 2));  /* listed twice, counted once */

  add (kes, skill (fw, "1.1", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "1.1", 2), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "1.1", 3), PB_KE_STATUS_INVALIDATED);
  add (kes, skill (fw, "2.1", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "1.1", 4), PB_KE_STATUS_VALIDATED);     /* not targeted */
  add (kes, skill (fw, "3.1", 1), PB_KE_STATUS_VALIDATED);     /* not targeted */
  for (guint c = 0; c < 5; c++)                                /* certifiable elsewhere */
    add (kes, skill (fw, pb_framework_get_competence (fw, 11 + c)->index, 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "2.1", 2), PB_KE_STATUS_RESET);         /* means untested */

  pb_participation_result_compute (fw, &rules, targeted, kes, &result);

  g_assert_cmpuint (result.target_skills_count, ==, 5);
  g_assert_cmpuint (result.tested_skills_count, ==, 4);
  g_assert_cmpuint (result.validated_skills_count, ==, 3);
  g_assert_cmpuint (result.pix_score, ==, 24);
  g_assert_cmpfloat_with_epsilon (result.mastery_rate, 0.6, 1e-12);
  g_assert_cmpuint (result.certifiable_competences_count, ==, 0);
  g_assert_false (result.is_certifiable);

  assert_all_competences (fw, &result);
  g_assert_cmpuint (competence_result (&result, 0)->target_skills, ==, 3);
  g_assert_cmpuint (competence_result (&result, 0)->validated_skills, ==, 2);
  g_assert_cmpuint (competence_result (&result, 0)->score.pix, ==, 16);
  g_assert_cmpuint (competence_result (&result, 0)->score.level, ==, 2);
  g_assert_cmpuint (competence_result (&result, 3)->target_skills, ==, 2);
  g_assert_cmpuint (competence_result (&result, 3)->validated_skills, ==, 1);
  g_assert_cmpuint (competence_result (&result, 3)->score.pix, ==, 8);
  g_assert_cmpuint (competence_result (&result, 7)->target_skills, ==, 0);
  g_assert_cmpuint (competence_result (&result, 7)->validated_skills, ==, 0);
  g_assert_cmpuint (competence_result (&result, 7)->score.pix, ==, 0);

  pb_participation_result_clear (&result);
}

/* A competence counts 40 pix at most, however many skills it validated */
static void
test_assessment_capped (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  g_autoptr(GPtrArray) targeted = g_ptr_array_new ();
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  for (guint level = 1; level <= 6; level++)
    {
      g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", level));
      g_ptr_array_add (targeted, (gpointer)skill (fw, "1.2", level));
      add (kes, skill (fw, "1.1", level), PB_KE_STATUS_VALIDATED);
    }

  pb_participation_result_compute (fw, &rules, targeted, kes, &result);
  g_assert_cmpuint (result.target_skills_count, ==, 12);
  g_assert_cmpuint (result.validated_skills_count, ==, 6);
  g_assert_cmpuint (result.pix_score, ==, 40);
  g_assert_cmpfloat_with_epsilon (result.mastery_rate, 0.5, 1e-12);
  g_assert_cmpuint (competence_result (&result, 0)->score.pix, ==, 40);
  g_assert_cmpuint (competence_result (&result, 0)->score.level, ==, 5);
  g_assert_cmpuint (competence_result (&result, 0)->validated_skills, ==, 6);
  pb_participation_result_clear (&result);

  /* The cap follows the rules: level 6 open, 48 pix count */
  rules.max_reachable_level = 6;
  pb_participation_result_compute (fw, &rules, targeted, kes, &result);
  g_assert_cmpuint (result.pix_score, ==, 48);
  pb_participation_result_clear (&result);
}

static void
test_assessment_empty (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  g_autoptr(GPtrArray) targeted = g_ptr_array_new ();
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  add (kes, skill (fw, "1.1", 1), PB_KE_STATUS_VALIDATED);

  /* An empty target: nothing counts, and no division by zero */
  pb_participation_result_compute (fw, &rules, targeted, kes, &result);
  g_assert_cmpuint (result.target_skills_count, ==, 0);
  g_assert_cmpuint (result.tested_skills_count, ==, 0);
  g_assert_cmpuint (result.pix_score, ==, 0);
  g_assert_cmpfloat (result.mastery_rate, ==, 0.0);
  assert_all_competences (fw, &result);
  pb_participation_result_clear (&result);

  /* No knowledge at all */
  g_ptr_array_add (targeted, (gpointer)skill (fw, "1.1", 1));
  pb_participation_result_compute (fw, &rules, targeted, NULL, &result);
  g_assert_cmpuint (result.target_skills_count, ==, 1);
  g_assert_cmpuint (result.validated_skills_count, ==, 0);
  g_assert_cmpfloat (result.mastery_rate, ==, 0.0);
  pb_participation_result_clear (&result);
}

/* Every knowledge element counts: 1.1 fully validated (48 pix counted 40)
 * and level 1 of 1.2, 1.3, 2.1 and 2.2 (8 each): 72 pix, 72 / 640 of the
 * way, and 5 competences at level 1 or more make the learner certifiable.
 */
static void
test_profiles_collection (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  for (guint level = 1; level <= 6; level++)
    add (kes, skill (fw, "1.1", level), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "1.2", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "1.3", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "2.1", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "2.2", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "2.3", 1), PB_KE_STATUS_INVALIDATED);
  add (kes, skill (fw, "2.4", 1), PB_KE_STATUS_RESET);

  pb_participation_result_compute (fw, &rules, NULL, kes, &result);
  g_assert_cmpuint (result.target_skills_count, ==, 0);
  g_assert_cmpuint (result.tested_skills_count, ==, 11);
  g_assert_cmpuint (result.validated_skills_count, ==, 10);
  g_assert_cmpuint (result.pix_score, ==, 72);
  g_assert_cmpfloat_with_epsilon (result.mastery_rate, 72.0 / 640, 1e-12);
  g_assert_cmpuint (result.certifiable_competences_count, ==, 5);
  g_assert_true (result.is_certifiable);

  assert_all_competences (fw, &result);
  g_assert_cmpuint (competence_result (&result, 0)->target_skills, ==, 0);
  g_assert_cmpuint (competence_result (&result, 0)->validated_skills, ==, 6);
  g_assert_cmpuint (competence_result (&result, 0)->score.pix, ==, 40);
  g_assert_cmpuint (competence_result (&result, 0)->score.level, ==, 5);
  g_assert_cmpuint (competence_result (&result, 5)->validated_skills, ==, 0);
  g_assert_cmpuint (competence_result (&result, 5)->score.pix, ==, 0);
  pb_participation_result_clear (&result);
}

/* Four certifiable competences are not enough by default; the rules decide */
static void
test_profiles_collection_certifiability (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  g_autoptr(GArray) kes = pb_knowledge_elements_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  add (kes, skill (fw, "1.1", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "3.4", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "4.3", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "5.2", 1), PB_KE_STATUS_VALIDATED);
  add (kes, skill (fw, "5.1", 1), PB_KE_STATUS_INVALIDATED);

  pb_participation_result_compute (fw, &rules, NULL, kes, &result);
  g_assert_cmpuint (result.certifiable_competences_count, ==, 4);
  g_assert_false (result.is_certifiable);
  g_assert_cmpuint (result.pix_score, ==, 32);
  g_assert_cmpfloat_with_epsilon (result.mastery_rate, 0.05, 1e-12);
  pb_participation_result_clear (&result);

  rules.min_certifiable_competences = 4;
  pb_participation_result_compute (fw, &rules, NULL, kes, &result);
  g_assert_true (result.is_certifiable);
  pb_participation_result_clear (&result);

  /* At level 2 required, level 1 competences no longer count */
  rules.min_certifiable_level = 2;
  pb_participation_result_compute (fw, &rules, NULL, kes, &result);
  g_assert_cmpuint (result.certifiable_competences_count, ==, 0);
  g_assert_false (result.is_certifiable);
  pb_participation_result_clear (&result);

  /* The highest score follows the rules: 16 × 48 with level 6 open */
  pb_scoring_rules_init_default (&rules);
  rules.max_reachable_level = 6;
  pb_participation_result_compute (fw, &rules, NULL, kes, &result);
  g_assert_cmpfloat_with_epsilon (result.mastery_rate, 32.0 / 768, 1e-12);
  pb_participation_result_clear (&result);

  /* Nothing known */
  pb_scoring_rules_init_default (&rules);
  pb_participation_result_compute (fw, &rules, NULL, NULL, &result);
  g_assert_cmpuint (result.pix_score, ==, 0);
  g_assert_cmpfloat (result.mastery_rate, ==, 0.0);
  g_assert_false (result.is_certifiable);
  assert_all_competences (fw, &result);
  pb_participation_result_clear (&result);
}

static void
test_clear (void)
{
  g_autoptr(PbFramework) fw = framework_new ();
  PbParticipationResult result;
  PbScoringRules rules;

  pb_scoring_rules_init_default (&rules);
  pb_participation_result_compute (fw, &rules, NULL, NULL, &result);
  pb_participation_result_clear (&result);
  g_assert_null (result.competences);
  g_assert_cmpuint (result.pix_score, ==, 0);
  pb_participation_result_clear (&result);
  g_assert_null (result.competences);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/participation-result/assessment", test_assessment);
  g_test_add_func ("/participation-result/assessment/capped", test_assessment_capped);
  g_test_add_func ("/participation-result/assessment/empty", test_assessment_empty);
  g_test_add_func ("/participation-result/profiles-collection", test_profiles_collection);
  g_test_add_func ("/participation-result/profiles-collection/certifiability",
                   test_profiles_collection_certifiability);
  g_test_add_func ("/participation-result/clear", test_clear);

  return g_test_run ();
}
