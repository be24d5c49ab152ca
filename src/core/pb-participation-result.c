/* pb-participation-result.c — what a campaign participation shares
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-participation-result.h"

/* Where in the results a competence stands, or -1 if the framework does not
 * have it (a knowledge element from another framework: ignored).
 */
static int
find_competence (GArray             *results,
                 const PbCompetence *competence)
{
  for (guint i = 0; i < results->len; i++)
    {
      if (g_array_index (results, PbCompetenceResult, i).competence == competence)
        return (int)i;
    }

  return -1;
}

/**
 * pb_participation_result_compute:
 * @framework: the framework
 * @rules: the scoring rules
 * @targeted_skills: (nullable) (element-type PbSkill): the target skills of
 *   an assessment campaign, %NULL for a profiles collection
 * @current_kes: (nullable) (element-type PbKnowledgeElement): the learner's
 *   current knowledge elements at the time of sharing
 * @out: (out caller-allocates): the results; free them with
 *   pb_participation_result_clear()
 *
 * Computes what a learner shares, the two kinds of campaign differing:
 *  - assessment ("Évaluer les participants", @targeted_skills given): only
 *    the knowledge elements on target skills count, for the skill counts
 *    and the pix alike; the mastery rate is the share of the target skills
 *    validated. Certifiability is not part of such results (0, %FALSE);
 *  - profiles collection ("Collecter les profils", @targeted_skills %NULL):
 *    every knowledge element counts; the mastery rate is the pix score over
 *    the highest reachable score (640 by default); the learner is
 *    certifiable with enough competences (5) at a certifiable level (1).
 * In both, a competence's pix are the sum of its knowledge elements' earned
 * pix, rounded down and capped (40), and the pix score their sum.
 */
void
pb_participation_result_compute (PbFramework           *framework,
                                 const PbScoringRules  *rules,
                                 GPtrArray             *targeted_skills,
                                 const GArray          *current_kes,
                                 PbParticipationResult *out)
{
  g_autofree double *raw_pix = NULL;
  g_autoptr(GHashTable) targeted = NULL;
  guint n_competences;

  g_return_if_fail (PB_IS_FRAMEWORK (framework));
  g_return_if_fail (rules != NULL);
  g_return_if_fail (out != NULL);

  n_competences = pb_framework_get_n_competences (framework);
  *out = (PbParticipationResult) { 0 };
  out->competences = g_array_sized_new (FALSE, TRUE, sizeof (PbCompetenceResult), n_competences);
  raw_pix = g_new0 (double, n_competences + 1);

  for (guint i = 0; i < n_competences; i++)
    {
      PbCompetenceResult result = { .competence = pb_framework_get_competence (framework, i) };

      g_array_append_val (out->competences, result);
    }

  /* The target, each skill once */
  if (targeted_skills != NULL)
    {
      targeted = g_hash_table_new (g_direct_hash, g_direct_equal);
      for (guint i = 0; i < targeted_skills->len; i++)
        {
          const PbSkill *skill = g_ptr_array_index (targeted_skills, i);
          int position;

          if (!g_hash_table_add (targeted, (gpointer)skill))
            continue;

          out->target_skills_count++;
          position = find_competence (out->competences, skill->tube->competence);
          if (position >= 0)
            g_array_index (out->competences, PbCompetenceResult, position).target_skills++;
        }
    }

  for (guint i = 0; current_kes != NULL && i < current_kes->len; i++)
    {
      const PbKnowledgeElement *ke = &g_array_index (current_kes, PbKnowledgeElement, i);
      PbCompetenceResult *result;
      int position;

      if (ke->skill == NULL || ke->status == PB_KE_STATUS_RESET ||
          (targeted != NULL && !g_hash_table_contains (targeted, ke->skill)))
        continue;

      position = find_competence (out->competences, ke->skill->tube->competence);
      if (position < 0)
        continue;

      result = &g_array_index (out->competences, PbCompetenceResult, position);
      out->tested_skills_count++;
      raw_pix[position] += ke->earned_pix;
      if (ke->status == PB_KE_STATUS_VALIDATED)
        {
          out->validated_skills_count++;
          result->validated_skills++;
        }
    }

  for (guint i = 0; i < n_competences; i++)
    {
      PbCompetenceResult *result = &g_array_index (out->competences, PbCompetenceResult, i);

      pb_competence_score_compute (rules, raw_pix[i], &result->score);
      out->pix_score += result->score.pix;

      if (targeted == NULL && pb_scoring_rules_is_level_certifiable (rules, result->score.level))
        out->certifiable_competences_count++;
    }

  if (targeted != NULL)
    {
      out->mastery_rate = out->target_skills_count > 0
                          ? (double)out->validated_skills_count / out->target_skills_count
                          : 0.0;
    }
  else
    {
      guint max_pix_score = pb_scoring_rules_max_pix_score (rules, n_competences);

      out->mastery_rate = max_pix_score > 0 ? (double)out->pix_score / max_pix_score : 0.0;
      out->is_certifiable = out->certifiable_competences_count >= rules->min_certifiable_competences;
    }

  /* Pix caps the rate at 1 (MAX_MASTERY_RATE); the sums above stay below
   * it, and this keeps it so whatever the rules.
   */
  out->mastery_rate = CLAMP (out->mastery_rate, 0.0, 1.0);
}

/**
 * pb_participation_result_clear:
 * @result: results filled by pb_participation_result_compute()
 *
 * Frees what @result holds, and leaves it zeroed; clearing twice is safe.
 */
void
pb_participation_result_clear (PbParticipationResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->competences, g_array_unref);
  *result = (PbParticipationResult) { 0 };
}
