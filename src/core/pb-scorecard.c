/* pb-scorecard.c — a learner's standing on one competence
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pb-scorecard.h"

static const char * const status_names[] = {
  [PB_SCORECARD_NOT_STARTED] = "NOT_STARTED",
  [PB_SCORECARD_STARTED] = "STARTED",
  [PB_SCORECARD_COMPLETED] = "COMPLETED",
};

static PbScorecardStatus
compute_status (PbEvaluationState evaluation,
                gboolean          has_knowledge_elements)
{
  switch (evaluation)
    {
    case PB_EVALUATION_NONE:
      /* Knowledge elements from campaigns start a competence too */
      return has_knowledge_elements ? PB_SCORECARD_STARTED : PB_SCORECARD_NOT_STARTED;

    case PB_EVALUATION_RESET:
      return PB_SCORECARD_NOT_STARTED;

    case PB_EVALUATION_COMPLETED:
      return PB_SCORECARD_COMPLETED;

    case PB_EVALUATION_STARTED:
    default:
      return PB_SCORECARD_STARTED;
    }
}

/* Days left of @delay_days after @days_since: rounded up, so that a
 * learner told "1 day" never finds the wait still on; 0 once it is over.
 */
static guint
remaining_days (guint  delay_days,
                double days_since)
{
  double remaining = ceil ((double)delay_days - days_since);

  return remaining > 0 ? (guint)remaining : 0;
}

const char *
pb_scorecard_status_to_string (PbScorecardStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

/**
 * pb_scorecard_status_from_string:
 * @string: (nullable): "NOT_STARTED", "STARTED" or "COMPLETED", exactly
 * @status: (out): the status
 *
 * Returns: %FALSE if @string names no status; @status is then untouched
 */
gboolean
pb_scorecard_status_from_string (const char        *string,
                                 PbScorecardStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (string, status_names[i]) == 0)
        {
          *status = (PbScorecardStatus)i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pb_scorecard_compute:
 * @rules: the scoring rules (pix, levels and delays)
 * @competence: the competence
 * @current_kes: (nullable) (element-type PbKnowledgeElement): the learner's
 *   current knowledge elements, on any competence: only those of
 *   @competence count
 * @evaluation: the state of the learner's competence evaluation of
 *   @competence
 * @now: the present, in microseconds since the epoch
 * @out: (out caller-allocates): the scorecard
 *
 * Computes a learner's scorecard on a competence:
 *  - the raw pix are the sum of the pix earned by the competence's current
 *    knowledge elements; the score rounds and caps them
 *    (pb_competence_score_compute());
 *  - the status: without a competence evaluation, started if the learner
 *    has knowledge elements on the competence (from campaigns), else not
 *    started; after a reset, not started; completed once the evaluation's
 *    assessment is completed; started otherwise;
 *  - the remaining days before reset and before improving count from the
 *    competence's most recent knowledge element: the delay (7 and 4 days by
 *    default) minus the days elapsed since, with their fraction, rounded up,
 *    and never below 0. Without knowledge elements there is nothing to wait
 *    for: 0. An element dated after @now counts as created at @now.
 */
void
pb_scorecard_compute (const PbScoringRules *rules,
                      const PbCompetence   *competence,
                      const GArray         *current_kes,
                      PbEvaluationState     evaluation,
                      gint64                now,
                      PbScorecard          *out)
{
  gboolean has_knowledge_elements = FALSE;
  gint64 latest = G_MININT64;
  double raw_pix = 0.0;

  g_return_if_fail (rules != NULL);
  g_return_if_fail (competence != NULL);
  g_return_if_fail (out != NULL);

  for (guint i = 0; current_kes != NULL && i < current_kes->len; i++)
    {
      const PbKnowledgeElement *ke = &g_array_index (current_kes, PbKnowledgeElement, i);

      if (ke->skill == NULL || ke->skill->tube->competence != competence ||
          ke->status == PB_KE_STATUS_RESET)
        continue;

      has_knowledge_elements = TRUE;
      raw_pix += ke->earned_pix;
      latest = MAX (latest, ke->created_at);
    }

  *out = (PbScorecard) {
    .competence = competence,
    .raw_pix = raw_pix,
    .status = compute_status (evaluation, has_knowledge_elements),
  };
  pb_competence_score_compute (rules, raw_pix, &out->score);

  if (has_knowledge_elements)
    {
      double days_since = (double)(MAX (now, latest) - latest) / G_TIME_SPAN_DAY;

      out->remaining_days_before_reset = remaining_days (rules->reset_delay_days, days_since);
      out->remaining_days_before_improving = remaining_days (rules->improve_delay_days, days_since);
    }
}
