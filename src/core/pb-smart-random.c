/* pb-smart-random.c — the adaptive test: which challenge comes next
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pb-smart-random.h"

/*
 * Pix's positioning test ("smart random") proposes, one at a time, the
 * challenge that teaches the most about the learner, and stops when nothing
 * more can be learnt. Its words:
 *
 *  - the *targeted* skills are those the assessment measures;
 *  - a skill is *tested* when the learner has a validated or invalidated
 *    knowledge element on it, from this assessment or an earlier one: it is
 *    never proposed again (an improving assessment forgets old failures
 *    before it gets here);
 *  - a challenge is *playable* when it has not been answered in this
 *    assessment, and a skill is *playable* when it has a playable
 *    challenge;
 *  - a skill is *timed* when every one of its playable challenges is timed;
 *  - a *tube*, as the assessment sees it, is the targeted skills of that
 *    tube which have at least one challenge in the bank, answered or not;
 *    a tube is *easy* when its hardest such skill is at most level 3. Easy
 *    tubes are tested first: a learner starts on familiar ground.
 *
 * Each step is a public function so that it can be checked on its own;
 * pb_smart_random_next_challenge() chains them.
 */

/* The candidate levels of the estimate: 0.5, 1, 1.5 … 7.5 */
#define ESTIMATE_LEVEL_STEP  0.5
#define ESTIMATE_N_LEVELS    15

/* A direct knowledge element on a skill of unknown level counts as level 2 */
#define UNKNOWN_DIFFICULTY   2.0

/* The two virtual answers of the estimate: one anybody solves, one nobody */
#define VIRTUAL_EASY_DIFFICULTY 0.0
#define VIRTUAL_HARD_DIFFICULTY 7.0

/* Rewards this close are equal: two skills worth the same must tie even when
 * the floating-point sums behind them were done in a different order.
 */
#define REWARD_TOLERANCE 1e-9

static gboolean
is_answered (const PbSmartRandomInput *input,
             const PbChallenge        *challenge)
{
  return input->answered_challenges != NULL &&
         g_hash_table_contains (input->answered_challenges, challenge->id);
}

static gboolean
is_targeted (const PbSmartRandomInput *input,
             const PbSkill            *skill)
{
  return input->targeted_skills != NULL &&
         g_ptr_array_find (input->targeted_skills, skill, NULL);
}

static gboolean
is_tested (const PbSmartRandomInput *input,
           const PbSkill            *skill)
{
  const PbKnowledgeElement *ke = pb_knowledge_elements_lookup (input->knowledge_elements, skill);

  return ke != NULL && ke->status != PB_KE_STATUS_RESET;
}

/* Whether the challenges after this one should avoid timed ones: after a
 * timed challenge (a learner should not face two races in a row), and at the
 * very start (nobody should start a test against the clock).
 */
static gboolean
must_avoid_timed (const PbSmartRandomInput *input)
{
  return pb_smart_random_is_first_challenge (input) ||
         (input->last_challenge != NULL && input->last_challenge->timer > 0);
}

/* The targeted skills, each once, in their order, that are playable and
 * untested: the only ones worth a challenge.
 */
static GPtrArray *
playable_untested_skills (PbChallengeBank          *bank,
                          const PbSmartRandomInput *input)
{
  GPtrArray *skills = g_ptr_array_new ();

  for (guint i = 0; input->targeted_skills != NULL && i < input->targeted_skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (input->targeted_skills, i);

      if (!g_ptr_array_find (skills, skill, NULL) &&
          pb_smart_random_is_skill_playable (bank, input, skill) &&
          !is_tested (input, skill))
        g_ptr_array_add (skills, (gpointer)skill);
    }

  return skills;
}

/* Keeps the skills of easy tubes, if there are any */
static GPtrArray *
keep_easy_tubes (PbChallengeBank          *bank,
                 const PbSmartRandomInput *input,
                 GPtrArray                *skills)
{
  g_autoptr(GPtrArray) easy = g_ptr_array_new ();

  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (pb_smart_random_is_easy_tube (bank, input, skill->tube))
        g_ptr_array_add (easy, (gpointer)skill);
    }

  if (easy->len == 0)
    return skills;

  g_ptr_array_unref (skills);
  return g_steal_pointer (&easy);
}

/* Drops the timed skills when @required, unless they are all that remains:
 * a timed challenge is better than ending the test early.
 */
static GPtrArray *
drop_timed_skills (PbChallengeBank          *bank,
                   const PbSmartRandomInput *input,
                   GPtrArray                *skills,
                   gboolean                  required)
{
  g_autoptr(GPtrArray) untimed = NULL;

  if (!required)
    return skills;

  untimed = g_ptr_array_new ();
  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (!pb_smart_random_is_skill_timed (bank, input, skill))
        g_ptr_array_add (untimed, (gpointer)skill);
    }

  if (untimed->len == 0)
    return skills;

  g_ptr_array_unref (skills);
  return g_steal_pointer (&untimed);
}

/* The first challenge aims at level 2: the level-2 skills if there are any,
 * else those of the lowest level there is.
 */
static GPtrArray *
keep_default_level (GPtrArray *skills)
{
  guint wanted = G_MAXUINT;
  GPtrArray *kept;

  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (skill->level == PB_SMART_RANDOM_FIRST_LEVEL)
        {
          wanted = PB_SMART_RANDOM_FIRST_LEVEL;
          break;
        }
      wanted = MIN (wanted, skill->level);
    }

  kept = g_ptr_array_new ();
  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (skill->level == wanted)
        g_ptr_array_add (kept, (gpointer)skill);
    }

  g_ptr_array_unref (skills);
  return kept;
}

/* A skill more than 2 levels above the estimate would almost surely be
 * failed and teach little: it is not proposed.
 */
static GPtrArray *
drop_too_hard (GPtrArray *skills,
               double     estimated_level)
{
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (!((double)skill->level - estimated_level > PB_SMART_RANDOM_MAX_LEVEL_GAP))
        g_ptr_array_add (kept, (gpointer)skill);
    }

  g_ptr_array_unref (skills);
  return kept;
}

/* The knowledge elements on targeted skills: the others say nothing about
 * what this assessment measures.
 */
static GArray *
targeted_knowledge_elements (const PbSmartRandomInput *input)
{
  GArray *kept = pb_knowledge_elements_new ();
  const GArray *all = input->knowledge_elements;

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      const PbKnowledgeElement *ke = &g_array_index (all, PbKnowledgeElement, i);

      if (is_targeted (input, ke->skill))
        g_array_append_val (kept, *ke);
    }

  return kept;
}

static int
compare_challenge_ids (gconstpointer a,
                       gconstpointer b)
{
  const PbChallenge *ca = *(const PbChallenge * const *)a;
  const PbChallenge *cb = *(const PbChallenge * const *)b;

  return strcmp (ca->id, cb->id);
}

/**
 * pb_smart_random_probability:
 * @level: the learner's level
 * @difficulty: the level of a skill
 *
 * The chance that a learner of @level succeeds on a skill of @difficulty,
 * after the one-parameter logistic model of item response theory:
 * 1 / (1 + e^−(level − difficulty)). It is ½ when they are equal, and nears
 * 1 as the learner's level rises above the skill's.
 *
 * Returns: a probability, strictly between 0 and 1 for finite arguments
 */
double
pb_smart_random_probability (double level,
                             double difficulty)
{
  return 1.0 / (1.0 + exp (-(level - difficulty)));
}

/**
 * pb_smart_random_estimate_level:
 * @knowledge_elements: (nullable) (element-type PbKnowledgeElement): the
 *   learner's knowledge elements on the targeted skills
 *
 * Estimates the learner's level from what they answered. Only *direct*
 * knowledge elements count (inferred ones were not answered), each as an
 * answer to an item of the skill's level: outcome 1 if validated, 0
 * otherwise (reset ones mean nothing is known: skipped). Two virtual answers
 * are added, one of difficulty 0 succeeded and one of difficulty 7 failed,
 * so that the estimate stays within bounds with few or one-sided answers.
 *
 * For each candidate level 0.5, 1, 1.5 … 7.5, the sum over the answers of
 * (outcome − probability of success at that level) measures how far the
 * level is from explaining the answers; the level whose sum is closest to
 * zero wins, the lowest one on a tie. With no answer at all, the virtual
 * answers alone give 3.5.
 *
 * Returns: the estimated level
 */
double
pb_smart_random_estimate_level (const GArray *knowledge_elements)
{
  double best_level = ESTIMATE_LEVEL_STEP;
  double best_gap = INFINITY;

  for (guint step = 1; step <= ESTIMATE_N_LEVELS; step++)
    {
      double level = step * ESTIMATE_LEVEL_STEP;
      double sum;

      sum = (1.0 - pb_smart_random_probability (level, VIRTUAL_EASY_DIFFICULTY)) +
            (0.0 - pb_smart_random_probability (level, VIRTUAL_HARD_DIFFICULTY));

      for (guint i = 0; knowledge_elements != NULL && i < knowledge_elements->len; i++)
        {
          const PbKnowledgeElement *ke = &g_array_index (knowledge_elements, PbKnowledgeElement, i);
          double difficulty, outcome;

          if (ke->source != PB_KE_SOURCE_DIRECT || ke->status == PB_KE_STATUS_RESET)
            continue;

          difficulty = ke->skill != NULL ? (double)ke->skill->level : UNKNOWN_DIFFICULTY;
          outcome = ke->status == PB_KE_STATUS_VALIDATED ? 1.0 : 0.0;
          sum += outcome - pb_smart_random_probability (level, difficulty);
        }

      if (fabs (sum) < best_gap)
        {
          best_gap = fabs (sum);
          best_level = level;
        }
    }

  return best_level;
}

/**
 * pb_smart_random_is_first_challenge:
 * @input: the state of the assessment
 *
 * The first challenge follows rules of its own. It is the first when no
 * challenge has been answered in this assessment yet (no last challenge, no
 * answered one), whatever the learner knows from earlier assessments.
 *
 * Returns: %TRUE before the first answer
 */
gboolean
pb_smart_random_is_first_challenge (const PbSmartRandomInput *input)
{
  g_return_val_if_fail (input != NULL, FALSE);

  return input->last_challenge == NULL &&
         (input->answered_challenges == NULL || g_hash_table_size (input->answered_challenges) == 0);
}

/**
 * pb_smart_random_is_skill_playable:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skill: a skill
 *
 * Returns: %TRUE if @skill has a challenge not yet answered in this
 *   assessment
 */
gboolean
pb_smart_random_is_skill_playable (PbChallengeBank          *bank,
                                   const PbSmartRandomInput *input,
                                   const PbSkill            *skill)
{
  GPtrArray *challenges;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  challenges = pb_challenge_bank_get_skill_challenges (bank, skill);
  for (guint i = 0; i < challenges->len; i++)
    {
      if (!is_answered (input, g_ptr_array_index (challenges, i)))
        return TRUE;
    }

  return FALSE;
}

/**
 * pb_smart_random_is_skill_timed:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skill: a skill
 *
 * Returns: %TRUE if @skill is playable and every one of its playable
 *   challenges is timed: whichever is picked, the learner races the clock
 */
gboolean
pb_smart_random_is_skill_timed (PbChallengeBank          *bank,
                                const PbSmartRandomInput *input,
                                const PbSkill            *skill)
{
  GPtrArray *challenges;
  gboolean playable = FALSE;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  challenges = pb_challenge_bank_get_skill_challenges (bank, skill);
  for (guint i = 0; i < challenges->len; i++)
    {
      const PbChallenge *challenge = g_ptr_array_index (challenges, i);

      if (is_answered (input, challenge))
        continue;
      if (challenge->timer == 0)
        return FALSE;
      playable = TRUE;
    }

  return playable;
}

/**
 * pb_smart_random_tube_skills:
 * @bank: the challenges
 * @input: the state of the assessment
 * @tube: a tube of the framework
 *
 * The tube as the assessment sees it: its targeted skills that have at
 * least one challenge in @bank, answered or not. A skill no challenge can
 * assess is left out, so it neither makes a tube hard nor counts in rewards.
 *
 * Returns: (transfer container) (element-type PbSkill): those skills, by
 *   increasing level
 */
GPtrArray *
pb_smart_random_tube_skills (PbChallengeBank          *bank,
                             const PbSmartRandomInput *input,
                             const PbTube             *tube)
{
  GPtrArray *skills;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (tube != NULL, NULL);

  skills = g_ptr_array_new ();
  for (guint i = 0; i < tube->skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (tube->skills, i);

      if (is_targeted (input, skill) && pb_challenge_bank_get_skill_challenges (bank, skill)->len > 0)
        g_ptr_array_add (skills, (gpointer)skill);
    }

  return skills;
}

/**
 * pb_smart_random_is_easy_tube:
 * @bank: the challenges
 * @input: the state of the assessment
 * @tube: a tube of the framework
 *
 * Returns: %TRUE if the hardest skill of @tube, as the assessment sees it
 *   (see pb_smart_random_tube_skills()), is at most level 3
 */
gboolean
pb_smart_random_is_easy_tube (PbChallengeBank          *bank,
                              const PbSmartRandomInput *input,
                              const PbTube             *tube)
{
  g_autoptr(GPtrArray) skills = pb_smart_random_tube_skills (bank, input, tube);
  const PbSkill *hardest;

  if (skills == NULL || skills->len == 0)
    return FALSE;

  hardest = g_ptr_array_index (skills, skills->len - 1);
  return hardest->level <= PB_SMART_RANDOM_EASY_TUBE_MAX_LEVEL;
}

/**
 * pb_smart_random_first_skills:
 * @bank: the challenges
 * @input: the state of the assessment
 *
 * The skills the first challenge may assess, narrowed step by step:
 *  1. the targeted skills that are playable and untested;
 *  2. of those, the skills of easy tubes, if there are any;
 *  3. of those, the skills that are not timed, if there are any;
 *  4. of those, the level-2 skills if there are any, else the skills of the
 *     lowest level present.
 *
 * Returns: (transfer container) (element-type PbSkill): the skills, in the
 *   order of the targeted skills; empty if none is left
 */
GPtrArray *
pb_smart_random_first_skills (PbChallengeBank          *bank,
                              const PbSmartRandomInput *input)
{
  GPtrArray *skills;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  skills = playable_untested_skills (bank, input);
  skills = keep_easy_tubes (bank, input, skills);
  skills = drop_timed_skills (bank, input, skills, TRUE);
  return keep_default_level (skills);
}

/**
 * pb_smart_random_filter_skills:
 * @bank: the challenges
 * @input: the state of the assessment
 * @estimated_level: the learner's estimated level
 *
 * The skills the next challenge may assess, narrowed step by step:
 *  1. the targeted skills that are playable and untested;
 *  2. of those, the skills of easy tubes, if there are any;
 *  3. if the last challenge was timed, the skills that are not timed, if
 *     there are any;
 *  4. of those, the skills at most 2 levels above @estimated_level.
 *
 * Returns: (transfer container) (element-type PbSkill): the skills, in the
 *   order of the targeted skills; empty if none is left
 */
GPtrArray *
pb_smart_random_filter_skills (PbChallengeBank          *bank,
                               const PbSmartRandomInput *input,
                               double                    estimated_level)
{
  gboolean last_timed;
  GPtrArray *skills;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  last_timed = input->last_challenge != NULL && input->last_challenge->timer > 0;

  skills = playable_untested_skills (bank, input);
  skills = keep_easy_tubes (bank, input, skills);
  skills = drop_timed_skills (bank, input, skills, last_timed);
  return drop_too_hard (skills, estimated_level);
}

/**
 * pb_smart_random_reward:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skill: a candidate skill
 * @estimated_level: the learner's estimated level
 *
 * How much a challenge on @skill is expected to teach: a right answer would
 * validate @skill and every easier untested skill of its tube, a wrong one
 * invalidate @skill and every harder untested skill. With p the probability
 * of success at @estimated_level (pb_smart_random_probability()), the
 * reward is
 *   p × (untested skills of the tube at or below @skill's level)
 *   + (1 − p) × (untested skills of the tube at or above it),
 * the tube being as the assessment sees it (pb_smart_random_tube_skills()),
 * @skill itself counted on both sides if untested.
 *
 * Returns: the expected number of skills the answer settles
 */
double
pb_smart_random_reward (PbChallengeBank          *bank,
                        const PbSmartRandomInput *input,
                        const PbSkill            *skill,
                        double                    estimated_level)
{
  g_autoptr(GPtrArray) tube = NULL;
  guint if_right = 0, if_wrong = 0;
  double p;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), 0.0);
  g_return_val_if_fail (input != NULL, 0.0);
  g_return_val_if_fail (skill != NULL, 0.0);

  tube = pb_smart_random_tube_skills (bank, input, skill->tube);
  for (guint i = 0; i < tube->len; i++)
    {
      const PbSkill *other = g_ptr_array_index (tube, i);

      if (is_tested (input, other))
        continue;
      if (other->level <= skill->level)
        if_right++;
      if (other->level >= skill->level)
        if_wrong++;
    }

  p = pb_smart_random_probability (estimated_level, skill->level);
  return p * if_right + (1.0 - p) * if_wrong;
}

/**
 * pb_smart_random_max_reward_skills:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skills: (element-type PbSkill): the candidate skills, usually from
 *   pb_smart_random_filter_skills()
 * @estimated_level: the learner's estimated level
 *
 * Keeps the skills of the highest reward (pb_smart_random_reward()), ties
 * included, then drops any whose reward is 0: a challenge that would teach
 * nothing is not worth the learner's time, and when nothing is left the
 * test is over.
 *
 * Returns: (transfer container) (element-type PbSkill): the skills, in the
 *   order of @skills
 */
GPtrArray *
pb_smart_random_max_reward_skills (PbChallengeBank          *bank,
                                   const PbSmartRandomInput *input,
                                   GPtrArray                *skills,
                                   double                    estimated_level)
{
  g_autofree double *rewards = NULL;
  double best = -INFINITY;
  GPtrArray *kept;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (skills != NULL, NULL);

  rewards = g_new0 (double, skills->len + 1);
  for (guint i = 0; i < skills->len; i++)
    {
      rewards[i] = pb_smart_random_reward (bank, input, g_ptr_array_index (skills, i),
                                           estimated_level);
      best = MAX (best, rewards[i]);
    }

  kept = g_ptr_array_new ();
  for (guint i = 0; i < skills->len; i++)
    {
      if (rewards[i] >= best - REWARD_TOLERANCE && rewards[i] > REWARD_TOLERANCE)
        g_ptr_array_add (kept, g_ptr_array_index (skills, i));
    }

  return kept;
}

/**
 * pb_smart_random_candidate_challenges:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skills: (element-type PbSkill): the skills chosen for the next challenge
 *
 * The challenges the final pick chooses from: the playable challenges of
 * @skills. At the start of the test and after a timed challenge, the timed
 * ones are left out unless nothing else remains: a learner should neither
 * start against the clock nor face two timed challenges in a row. (A skill
 * kept by the filters may still have timed challenges beside untimed ones.)
 *
 * Returns: (transfer container) (element-type PbChallenge): the challenges,
 *   sorted by id so that the pick does not depend on any other order
 */
GPtrArray *
pb_smart_random_candidate_challenges (PbChallengeBank          *bank,
                                      const PbSmartRandomInput *input,
                                      GPtrArray                *skills)
{
  g_autoptr(GPtrArray) playable = g_ptr_array_new ();
  GPtrArray *untimed = g_ptr_array_new ();

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (skills != NULL, NULL);

  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);
      GPtrArray *challenges = pb_challenge_bank_get_skill_challenges (bank, skill);

      for (guint j = 0; j < challenges->len; j++)
        {
          const PbChallenge *challenge = g_ptr_array_index (challenges, j);

          /* A skill listed twice must not double its challenges' chances */
          if (is_answered (input, challenge) || g_ptr_array_find (playable, challenge, NULL))
            continue;

          g_ptr_array_add (playable, (gpointer)challenge);
          if (challenge->timer == 0)
            g_ptr_array_add (untimed, (gpointer)challenge);
        }
    }

  if (!must_avoid_timed (input) || untimed->len == 0)
    {
      g_ptr_array_unref (untimed);
      untimed = g_steal_pointer (&playable);
    }

  g_ptr_array_sort (untimed, compare_challenge_ids);
  return untimed;
}

/**
 * pb_smart_random_pick_challenge:
 * @bank: the challenges
 * @input: the state of the assessment
 * @skills: (element-type PbSkill): the skills chosen for the next challenge
 *
 * Picks one of the candidate challenges of @skills
 * (pb_smart_random_candidate_challenges()), at random but repeatably: the
 * position in the candidates sorted by id is drawn by a #GRand seeded with
 * @input's seed. The same input and seed always give the same challenge, so
 * that a reloaded page shows the same question.
 *
 * Returns: (transfer none) (nullable): the challenge, or %NULL if @skills
 *   have no playable challenge
 */
const PbChallenge *
pb_smart_random_pick_challenge (PbChallengeBank          *bank,
                                const PbSmartRandomInput *input,
                                GPtrArray                *skills)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GRand) rand = NULL;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (skills != NULL, NULL);

  candidates = pb_smart_random_candidate_challenges (bank, input, skills);
  if (candidates->len == 0)
    return NULL;

  rand = g_rand_new_with_seed (input->seed);
  return g_ptr_array_index (candidates, g_rand_int_range (rand, 0, (gint32)candidates->len));
}

/**
 * pb_smart_random_next_challenge:
 * @bank: the challenges
 * @input: the state of the assessment
 * @out_estimated_level: (out) (optional): the learner's estimated level
 *
 * Chooses the next challenge of an adaptive test.
 *
 * The first one (pb_smart_random_is_first_challenge()) is picked among the
 * skills of pb_smart_random_first_skills(); the estimated level is then the
 * default, 2.
 *
 * Each next one: the level is estimated from the direct knowledge elements
 * on the targeted skills (pb_smart_random_estimate_level()), the skills
 * filtered (pb_smart_random_filter_skills()), and those of the highest
 * reward kept (pb_smart_random_max_reward_skills()).
 *
 * The challenge is then picked among those skills' candidates
 * (pb_smart_random_pick_challenge()). When no skill is left, every targeted
 * skill has been settled or is out of reach: the test is over.
 *
 * Returns: (transfer none) (nullable): the next challenge, or %NULL when the
 *   test is over
 */
const PbChallenge *
pb_smart_random_next_challenge (PbChallengeBank          *bank,
                                const PbSmartRandomInput *input,
                                double                   *out_estimated_level)
{
  g_autoptr(GPtrArray) skills = NULL;
  double level;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (bank), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (pb_smart_random_is_first_challenge (input))
    {
      level = PB_SMART_RANDOM_FIRST_LEVEL;
      skills = pb_smart_random_first_skills (bank, input);
    }
  else
    {
      g_autoptr(GArray) knowledge_elements = targeted_knowledge_elements (input);
      g_autoptr(GPtrArray) available = NULL;

      level = pb_smart_random_estimate_level (knowledge_elements);
      available = pb_smart_random_filter_skills (bank, input, level);
      skills = pb_smart_random_max_reward_skills (bank, input, available, level);
    }

  if (out_estimated_level != NULL)
    *out_estimated_level = level;

  if (skills->len == 0)
    return NULL;

  return pb_smart_random_pick_challenge (bank, input, skills);
}
