/* pb-smart-random.h — the adaptive test: which challenge comes next
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-challenge-bank.h"
#include "pb-framework.h"
#include "pb-knowledge-element.h"

G_BEGIN_DECLS

/* The level the first challenge aims at (Pix's DEFAULT_LEVEL_FOR_FIRST_CHALLENGE) */
#define PB_SMART_RANDOM_FIRST_LEVEL 2

/* A tube whose hardest skill is at most this level is easy, and its skills
 * are tested first (MAX_LEVEL_TO_BE_AN_EASY_TUBE)
 */
#define PB_SMART_RANDOM_EASY_TUBE_MAX_LEVEL 3

/* A skill more than this many levels above the estimated level is not
 * proposed (MAX_DIFF_BETWEEN_USER_LEVEL_AND_SKILL_LEVEL)
 */
#define PB_SMART_RANDOM_MAX_LEVEL_GAP 2

/**
 * PbSmartRandomInput:
 * @targeted_skills: (element-type PbSkill): the skills the assessment
 *   targets: a target profile's for a campaign, a competence's for a
 *   competence evaluation
 * @knowledge_elements: (element-type PbKnowledgeElement) (nullable): the
 *   learner's current knowledge elements as this assessment sees them
 *   (filtered by pb_knowledge_elements_for_improving() when improving);
 *   those on other skills are ignored
 * @answered_challenges: (element-type utf8) (nullable): the set of the ids
 *   of the challenges answered in this assessment
 * @last_challenge: (nullable): the challenge answered last, %NULL before the
 *   first answer
 * @seed: what makes the final random pick repeatable (the assessment's id,
 *   say): the same input and seed give the same challenge
 */
typedef struct
{
  GPtrArray         *targeted_skills;
  const GArray      *knowledge_elements;
  GHashTable        *answered_challenges;
  const PbChallenge *last_challenge;
  guint32            seed;
} PbSmartRandomInput;

double             pb_smart_random_probability           (double                     level,
                                                          double                     difficulty);
double             pb_smart_random_estimate_level        (const GArray              *knowledge_elements);
gboolean           pb_smart_random_is_first_challenge    (const PbSmartRandomInput  *input);
gboolean           pb_smart_random_is_skill_playable     (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          const PbSkill             *skill);
gboolean           pb_smart_random_is_skill_timed        (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          const PbSkill             *skill);
GPtrArray         *pb_smart_random_tube_skills           (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          const PbTube              *tube);
gboolean           pb_smart_random_is_easy_tube          (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          const PbTube              *tube);
GPtrArray         *pb_smart_random_first_skills          (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input);
GPtrArray         *pb_smart_random_filter_skills         (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          double                     estimated_level);
double             pb_smart_random_reward                (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          const PbSkill             *skill,
                                                          double                     estimated_level);
GPtrArray         *pb_smart_random_max_reward_skills     (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          GPtrArray                 *skills,
                                                          double                     estimated_level);
GPtrArray         *pb_smart_random_candidate_challenges  (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          GPtrArray                 *skills);
const PbChallenge *pb_smart_random_pick_challenge        (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          GPtrArray                 *skills);
const PbChallenge *pb_smart_random_next_challenge        (PbChallengeBank           *bank,
                                                          const PbSmartRandomInput  *input,
                                                          double                    *out_estimated_level);

G_END_DECLS
