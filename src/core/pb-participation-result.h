/* pb-participation-result.h — what a campaign participation shares
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-framework.h"
#include "pb-knowledge-element.h"
#include "pb-scoring.h"

G_BEGIN_DECLS

/**
 * PbCompetenceResult:
 * @competence: the competence
 * @target_skills: the target skills of the competence (0 in a profiles
 *   collection, which has no target)
 * @validated_skills: the skills of the competence the learner validated
 *   (target skills only in an assessment campaign)
 * @score: the competence's capped pix and level, from the same knowledge
 *   elements
 */
typedef struct
{
  const PbCompetence *competence;
  guint               target_skills;
  guint               validated_skills;
  PbCompetenceScore   score;
} PbCompetenceResult;

/**
 * PbParticipationResult:
 * @target_skills_count: the campaign's target skills (0 in a profiles
 *   collection)
 * @tested_skills_count: the skills the learner validated or failed
 * @validated_skills_count: the skills the learner validated
 * @pix_score: the sum of the competences' capped pix
 * @mastery_rate: from 0 to 1; see pb_participation_result_compute()
 * @certifiable_competences_count: the competences at a certifiable level
 *   (profiles collection only, else 0)
 * @is_certifiable: whether the learner may take the certification
 *   (profiles collection only, else %FALSE)
 * @competences: (element-type PbCompetenceResult): one per competence of the
 *   framework, in framework order
 *
 * The results a learner shares at the end of a campaign participation.
 */
typedef struct
{
  guint     target_skills_count;
  guint     tested_skills_count;
  guint     validated_skills_count;
  guint     pix_score;
  double    mastery_rate;
  guint     certifiable_competences_count;
  gboolean  is_certifiable;
  GArray   *competences;
} PbParticipationResult;

void pb_participation_result_compute (PbFramework           *framework,
                                      const PbScoringRules  *rules,
                                      GPtrArray             *targeted_skills,
                                      const GArray          *current_kes,
                                      PbParticipationResult *out);
void pb_participation_result_clear   (PbParticipationResult *result);

G_END_DECLS
