/* pb-knowledge-element.c — what a learner is known to master, skill by skill
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-knowledge-element.h"

static const char * const status_names[] = {
  [PB_KE_STATUS_VALIDATED] = "validated",
  [PB_KE_STATUS_INVALIDATED] = "invalidated",
  [PB_KE_STATUS_RESET] = "reset",
};

static const char * const source_names[] = {
  [PB_KE_SOURCE_DIRECT] = "direct",
  [PB_KE_SOURCE_INFERRED] = "inferred",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *string,
             guint              *value)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (string, names[i]) == 0)
        {
          *value = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* A skill is assessed when the learner has a validated or invalidated
 * knowledge element on it; a reset one means nothing is known any more.
 */
static gboolean
is_assessed (const GArray  *knowledge_elements,
             const PbSkill *skill)
{
  const PbKnowledgeElement *ke = pb_knowledge_elements_lookup (knowledge_elements, skill);

  return ke != NULL && ke->status != PB_KE_STATUS_RESET;
}

static void
append (GArray        *knowledge_elements,
        const PbSkill *skill,
        PbKeStatus     status,
        PbKeSource     source,
        gint64         now)
{
  PbKnowledgeElement ke = {
    .skill = skill,
    .status = status,
    .source = source,
    .earned_pix = status == PB_KE_STATUS_VALIDATED ? skill->pix_value : 0.0,
    .created_at = now,
  };

  g_array_append_val (knowledge_elements, ke);
}

/* Orders positions in a history by creation time, then by position, so
 * elements created at the same instant keep the order they were stored in.
 */
static int
compare_by_creation (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const PbKnowledgeElement *history = user_data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;

  if (history[ia].created_at != history[ib].created_at)
    return history[ia].created_at < history[ib].created_at ? -1 : 1;

  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

const char *
pb_ke_status_to_string (PbKeStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);

  return status_names[status];
}

/**
 * pb_ke_status_from_string:
 * @string: (nullable): "validated", "invalidated" or "reset", exactly
 * @status: (out): the status
 *
 * Returns: %FALSE if @string names no status; @status is then untouched
 */
gboolean
pb_ke_status_from_string (const char *string,
                          PbKeStatus *status)
{
  guint value;

  g_return_val_if_fail (status != NULL, FALSE);

  if (!lookup_name (status_names, G_N_ELEMENTS (status_names), string, &value))
    return FALSE;

  *status = (PbKeStatus)value;
  return TRUE;
}

const char *
pb_ke_source_to_string (PbKeSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_names), NULL);

  return source_names[source];
}

/**
 * pb_ke_source_from_string:
 * @string: (nullable): "direct" or "inferred", exactly
 * @source: (out): the source
 *
 * Returns: %FALSE if @string names no source; @source is then untouched
 */
gboolean
pb_ke_source_from_string (const char *string,
                          PbKeSource *source)
{
  guint value;

  g_return_val_if_fail (source != NULL, FALSE);

  if (!lookup_name (source_names, G_N_ELEMENTS (source_names), string, &value))
    return FALSE;

  *source = (PbKeSource)value;
  return TRUE;
}

/**
 * pb_knowledge_elements_new:
 *
 * Returns: (transfer full) (element-type PbKnowledgeElement): an empty array
 *   of knowledge elements
 */
GArray *
pb_knowledge_elements_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (PbKnowledgeElement));
}

/**
 * pb_knowledge_elements_lookup:
 * @knowledge_elements: (nullable) (element-type PbKnowledgeElement): current
 *   knowledge elements, at most one per skill
 * @skill: a skill
 *
 * Returns: (transfer none) (nullable): the knowledge element on @skill, or
 *   %NULL if there is none
 */
const PbKnowledgeElement *
pb_knowledge_elements_lookup (const GArray  *knowledge_elements,
                              const PbSkill *skill)
{
  if (knowledge_elements == NULL || skill == NULL)
    return NULL;

  for (guint i = 0; i < knowledge_elements->len; i++)
    {
      const PbKnowledgeElement *ke = &g_array_index (knowledge_elements, PbKnowledgeElement, i);

      if (ke->skill == skill)
        return ke;
    }

  return NULL;
}

/**
 * pb_knowledge_elements_current:
 * @history: (array length=n): every knowledge element of a learner, in the
 *   order they were stored
 * @n: how many
 *
 * A learner's current state is the latest knowledge element of each skill:
 * the most recent by @created_at, the last stored among those created at the
 * same instant. A skill whose latest element is a reset is no longer known
 * at all, so it is left out.
 *
 * Returns: (transfer full) (element-type PbKnowledgeElement): the current
 *   knowledge elements, at most one per skill, by creation time (then by
 *   position in @history)
 */
GArray *
pb_knowledge_elements_current (const PbKnowledgeElement *history,
                               guint                     n)
{
  g_autoptr(GHashTable) latest = NULL;   /* skill → position + 1 */
  g_autoptr(GArray) positions = NULL;
  GHashTableIter iter;
  gpointer value;
  GArray *current;

  g_return_val_if_fail (history != NULL || n == 0, NULL);

  latest = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < n; i++)
    {
      guint previous;

      if (history[i].skill == NULL)
        continue;

      previous = GPOINTER_TO_UINT (g_hash_table_lookup (latest, history[i].skill));
      if (previous == 0 || history[i].created_at >= history[previous - 1].created_at)
        g_hash_table_insert (latest, (gpointer)history[i].skill, GUINT_TO_POINTER (i + 1));
    }

  positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_hash_table_iter_init (&iter, latest);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint position = GPOINTER_TO_UINT (value) - 1;

      if (history[position].status != PB_KE_STATUS_RESET)
        g_array_append_val (positions, position);
    }

  /* The hash table's order is arbitrary; creation order is not */
  g_array_sort_with_data (positions, compare_by_creation, (gpointer)history);

  current = pb_knowledge_elements_new ();
  for (guint i = 0; i < positions->len; i++)
    g_array_append_val (current, history[g_array_index (positions, guint, i)]);

  return current;
}

/**
 * pb_knowledge_elements_for_answer:
 * @skill: the skill of the challenge answered
 * @correct: whether the answer was right
 * @targeted: (element-type PbSkill): the set of the skills the assessment
 *   targets (keys compared as pointers)
 * @current: (nullable) (element-type PbKnowledgeElement): the learner's
 *   current knowledge elements, as the assessment sees them
 * @now: when the answer was given, in microseconds since the epoch
 *
 * The knowledge elements one answer creates:
 *  - one *direct* element on @skill, validated if the answer is right,
 *    invalidated otherwise, but only if @skill is targeted and not already
 *    assessed (validated or invalidated in @current): a skill already known
 *    is never assessed again in the same profile (improving works by
 *    forgetting old failures first, see
 *    pb_knowledge_elements_for_improving()). Without a direct element the
 *    answer creates nothing at all, inferred elements included;
 *  - *inferred* elements on the other skills of the same tube that are
 *    targeted and not yet assessed: a right answer validates every easier
 *    one (lower level), since who masters a level masters those below it; a
 *    wrong answer invalidates every harder one (higher level).
 * A validated element earns the skill's pix value, any other 0 pix.
 *
 * Returns: (transfer full) (element-type PbKnowledgeElement): the new
 *   elements, the direct one first, then the inferred ones by increasing
 *   level; empty if the answer teaches nothing new
 */
GArray *
pb_knowledge_elements_for_answer (const PbSkill *skill,
                                  gboolean       correct,
                                  GHashTable    *targeted,
                                  const GArray  *current,
                                  gint64         now)
{
  GArray *created;
  PbKeStatus status;

  g_return_val_if_fail (skill != NULL, NULL);
  g_return_val_if_fail (targeted != NULL, NULL);

  created = pb_knowledge_elements_new ();
  if (!g_hash_table_contains (targeted, skill) || is_assessed (current, skill))
    return created;

  status = correct ? PB_KE_STATUS_VALIDATED : PB_KE_STATUS_INVALIDATED;
  append (created, skill, status, PB_KE_SOURCE_DIRECT, now);

  for (guint i = 0; i < skill->tube->skills->len; i++)
    {
      const PbSkill *other = g_ptr_array_index (skill->tube->skills, i);
      gboolean inferred = correct ? other->level < skill->level : other->level > skill->level;

      if (inferred && g_hash_table_contains (targeted, other) && !is_assessed (current, other))
        append (created, other, status, PB_KE_SOURCE_INFERRED, now);
    }

  return created;
}

/**
 * pb_knowledge_elements_for_improving:
 * @current: (nullable) (element-type PbKnowledgeElement): the learner's
 *   current knowledge elements
 * @now: when the improving assessment runs, in microseconds since the epoch
 * @improve_delay_days: the improve delay (#PbScoringRules.improve_delay_days)
 *
 * An assessment flagged as improving ("Retenter", "Progresser") gives the
 * learner another chance on the skills they failed long enough ago: it
 * ignores the invalidated knowledge elements (direct or inferred) created
 * @improve_delay_days days or more before @now, so their skills count as
 * untested again. Validated elements are always kept, and so are recent
 * failures: a learner cannot retry a question they failed a minute ago.
 *
 * Returns: (transfer full) (element-type PbKnowledgeElement): the knowledge
 *   elements as the improving assessment sees them, in their order
 */
GArray *
pb_knowledge_elements_for_improving (const GArray *current,
                                     gint64        now,
                                     guint         improve_delay_days)
{
  gint64 delay = (gint64)improve_delay_days * G_TIME_SPAN_DAY;
  GArray *kept = pb_knowledge_elements_new ();

  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      const PbKnowledgeElement *ke = &g_array_index (current, PbKnowledgeElement, i);

      if (ke->status == PB_KE_STATUS_INVALIDATED && now - ke->created_at >= delay)
        continue;

      g_array_append_val (kept, *ke);
    }

  return kept;
}

/**
 * pb_knowledge_elements_reset:
 * @current: (nullable) (element-type PbKnowledgeElement): the learner's
 *   current knowledge elements
 * @competence: the competence to reset
 * @now: when the reset happens, in microseconds since the epoch
 *
 * A reset ("remise à zéro") wipes what is known of a competence so the
 * learner can start it over. Nothing is deleted: each current knowledge
 * element of the competence gets a copy with the status reset, 0 pix and
 * @now as creation time, which supersedes it (see
 * pb_knowledge_elements_current()). Whether the reset is allowed (the reset
 * delay since the competence's most recent element) is the caller's check;
 * see #PbScorecard.remaining_days_before_reset.
 *
 * Returns: (transfer full) (element-type PbKnowledgeElement): the reset
 *   elements to store, in the order of @current
 */
GArray *
pb_knowledge_elements_reset (const GArray       *current,
                             const PbCompetence *competence,
                             gint64              now)
{
  GArray *reset;

  g_return_val_if_fail (competence != NULL, NULL);

  reset = pb_knowledge_elements_new ();
  for (guint i = 0; current != NULL && i < current->len; i++)
    {
      PbKnowledgeElement ke = g_array_index (current, PbKnowledgeElement, i);

      if (ke.skill == NULL || ke.skill->tube->competence != competence ||
          ke.status == PB_KE_STATUS_RESET)
        continue;

      ke.status = PB_KE_STATUS_RESET;
      ke.earned_pix = 0.0;
      ke.created_at = now;
      g_array_append_val (reset, ke);
    }

  return reset;
}
