/* pb-scoring.h — pix, levels and certifiability thresholds
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The levels of the framework (CRCN), whether reachable today or not */
#define PB_FRAMEWORK_MAX_LEVEL 8

/**
 * PbScoringRules:
 * @pix_per_level: pix a competence needs per level (8)
 * @max_reachable_level: the highest level a learner can reach today (5 of the
 *   framework's 8; Pix's MAX_REACHABLE_LEVEL server setting)
 * @min_certifiable_competences: competences at a certifiable level a learner
 *   needs to take the certification (5)
 * @min_certifiable_level: the lowest level at which a competence counts as
 *   certifiable (1)
 * @reset_delay_days: days a learner waits after the most recent knowledge
 *   element of a competence before they may reset it ("remise à zéro", 7;
 *   Pix's DAY_BEFORE_COMPETENCE_RESET_V2)
 * @improve_delay_days: age in days from which an invalidated knowledge
 *   element is forgotten by an improving assessment, so the skill can be
 *   tested again ("Retenter", 4; Pix's DAY_BEFORE_IMPROVING)
 * @retry_delay_days: days after sharing a campaign participation before a
 *   learner may take the campaign again when it allows multiple sendings
 *   (4; Pix's DAY_BEFORE_RETRYING)
 *
 * The thresholds and delays of Pix scoring. They are server settings: start
 * from pb_scoring_rules_init_default(), then apply the configuration with
 * pb_scoring_rules_load_from_key_file().
 */
typedef struct
{
  guint pix_per_level;
  guint max_reachable_level;
  guint min_certifiable_competences;
  guint min_certifiable_level;
  guint reset_delay_days;
  guint improve_delay_days;
  guint retry_delay_days;
} PbScoringRules;

/**
 * PbCompetenceScore:
 * @pix: the competence's pix, capped (0–40 by default)
 * @level: the competence's level, capped (0–5 by default)
 * @pix_ahead_of_next_level: pix earned towards the next level (0–7 by default)
 */
typedef struct
{
  guint pix;
  guint level;
  guint pix_ahead_of_next_level;
} PbCompetenceScore;

void         pb_scoring_rules_init_default              (PbScoringRules          *rules);
gboolean     pb_scoring_rules_load_from_key_file        (PbScoringRules          *rules,
                                                         GKeyFile                *key_file,
                                                         const char              *group,
                                                         GError                 **error);
guint        pb_scoring_rules_max_pix_per_competence    (const PbScoringRules    *rules);
guint        pb_scoring_rules_max_pix_score             (const PbScoringRules    *rules,
                                                         guint                    n_competences);
gboolean     pb_scoring_rules_is_level_certifiable      (const PbScoringRules    *rules,
                                                         guint                    level);
void         pb_competence_score_compute                (const PbScoringRules    *rules,
                                                         double                   raw_pix,
                                                         PbCompetenceScore       *out);
const char  *pb_level_get_name                          (guint                    level);

G_END_DECLS
