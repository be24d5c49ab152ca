/* pb-scorecard.h — a learner's standing on one competence
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
 * PbScorecardStatus:
 * @PB_SCORECARD_NOT_STARTED: nothing is known of the competence (or it was
 *   reset)
 * @PB_SCORECARD_STARTED: something is known, the evaluation is not finished
 * @PB_SCORECARD_COMPLETED: the competence evaluation reached its end
 */
typedef enum
{
  PB_SCORECARD_NOT_STARTED,
  PB_SCORECARD_STARTED,
  PB_SCORECARD_COMPLETED,
} PbScorecardStatus;

/**
 * PbEvaluationState:
 * @PB_EVALUATION_NONE: the learner never opened a competence evaluation of
 *   this competence (they may still have knowledge elements on it, from
 *   campaigns)
 * @PB_EVALUATION_STARTED: their evaluation is under way
 * @PB_EVALUATION_COMPLETED: its assessment is completed
 * @PB_EVALUATION_RESET: the competence was reset since
 *
 * The state of the learner's competence evaluation of a competence, if any.
 */
typedef enum
{
  PB_EVALUATION_NONE,
  PB_EVALUATION_STARTED,
  PB_EVALUATION_COMPLETED,
  PB_EVALUATION_RESET,
} PbEvaluationState;

/**
 * PbScorecard:
 * @competence: the competence
 * @raw_pix: the pix earned on it, before rounding and capping
 * @score: its pix, level and pix towards the next level, capped
 * @status: where the learner stands on it
 * @remaining_days_before_reset: days before the competence may be reset, 0
 *   when it may be now
 * @remaining_days_before_improving: days before the learner may retry its
 *   failed skills, 0 when they may now
 *
 * What Pix shows of a learner on one competence (a "scorecard").
 */
typedef struct
{
  const PbCompetence *competence;
  double              raw_pix;
  PbCompetenceScore   score;
  PbScorecardStatus   status;
  guint               remaining_days_before_reset;
  guint               remaining_days_before_improving;
} PbScorecard;

const char *pb_scorecard_status_to_string   (PbScorecardStatus     status);
gboolean    pb_scorecard_status_from_string (const char           *string,
                                             PbScorecardStatus    *status);
void        pb_scorecard_compute            (const PbScoringRules *rules,
                                             const PbCompetence   *competence,
                                             const GArray         *current_kes,
                                             PbEvaluationState     evaluation,
                                             gint64                now,
                                             PbScorecard          *out);

G_END_DECLS
