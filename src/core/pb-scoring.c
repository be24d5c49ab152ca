/* pb-scoring.c — pix, levels and certifiability thresholds
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gi18n-lib.h>

#include "pb-scoring.h"

/* The framework (CRCN) has 16 competences in 5 areas */
#define PB_FRAMEWORK_N_COMPETENCES 16

/* One optional integer setting of a key file and where it goes */
typedef struct
{
  const char *key;
  gsize       offset;  /* of its guint field in PbScoringRules */
  guint       min;
  guint       max;
} PbScoringKey;

static const PbScoringKey scoring_keys[] = {
  { "pix-per-level", G_STRUCT_OFFSET (PbScoringRules, pix_per_level), 1, 64 },
  { "max-reachable-level", G_STRUCT_OFFSET (PbScoringRules, max_reachable_level),
    1, PB_FRAMEWORK_MAX_LEVEL },
  { "min-certifiable-competences", G_STRUCT_OFFSET (PbScoringRules, min_certifiable_competences),
    1, PB_FRAMEWORK_N_COMPETENCES },
  { "min-certifiable-level", G_STRUCT_OFFSET (PbScoringRules, min_certifiable_level),
    1, PB_FRAMEWORK_MAX_LEVEL },
  /* Delays in days; 0 lifts the wait, a year is more than any school term */
  { "reset-delay-days", G_STRUCT_OFFSET (PbScoringRules, reset_delay_days), 0, 365 },
  { "improve-delay-days", G_STRUCT_OFFSET (PbScoringRules, improve_delay_days), 0, 365 },
  { "retry-delay-days", G_STRUCT_OFFSET (PbScoringRules, retry_delay_days), 0, 365 },
};

/**
 * pb_scoring_rules_init_default:
 * @rules: (out caller-allocates): the rules to fill
 *
 * Sets the rules Pix applies today: 8 pix per level, level 5 reachable at
 * most (so 40 pix per competence and 640 in all), and a learner is
 * certifiable with at least 5 competences at level 1 or more. A competence
 * may be reset 7 days after its most recent knowledge element, failed skills
 * may be tried again once 4 days old, and a campaign allowing multiple
 * sendings may be taken again 4 days after the last share. (Older Pix
 * documents give 4 days for reset and 7 for improving: the code Pix runs
 * today uses 7 and 4.)
 */
void
pb_scoring_rules_init_default (PbScoringRules *rules)
{
  g_return_if_fail (rules != NULL);

  rules->pix_per_level = 8;
  rules->max_reachable_level = 5;
  rules->min_certifiable_competences = 5;
  rules->min_certifiable_level = 1;
  rules->reset_delay_days = 7;
  rules->improve_delay_days = 4;
  rules->retry_delay_days = 4;
}

static gboolean
pb_scoring_rules_load_key (PbScoringRules      *rules,
                           const PbScoringKey  *key,
                           GKeyFile            *key_file,
                           const char          *group,
                           GError             **error)
{
  GError *local_error = NULL;
  int value;

  if (!g_key_file_has_key (key_file, group, key->key, NULL))
    return TRUE;

  value = g_key_file_get_integer (key_file, group, key->key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (value < (int) key->min || value > (int) key->max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("Key “%s” in group “%s” must be between %u and %u, not %d"),
                   key->key, group, key->min, key->max, value);
      return FALSE;
    }

  G_STRUCT_MEMBER (guint, rules, key->offset) = value;

  return TRUE;
}

/**
 * pb_scoring_rules_load_from_key_file:
 * @rules: rules already set, usually by pb_scoring_rules_init_default()
 * @key_file: the configuration
 * @group: the group holding the settings
 * @error: return location for a #GError
 *
 * Overrides @rules with the optional integer keys `pix-per-level` (1–64),
 * `max-reachable-level` (1–8), `min-certifiable-competences` (1–16),
 * `min-certifiable-level` (1–8), `reset-delay-days`, `improve-delay-days`
 * and `retry-delay-days` (0–365) of @group; a missing key or group keeps the
 * current value. The certifiable level may not be above the reachable one,
 * or nobody could ever be certified.
 *
 * Returns: %TRUE on success; on failure @rules is left untouched and @error
 *   is a #G_KEY_FILE_ERROR_INVALID_VALUE naming the key
 */
gboolean
pb_scoring_rules_load_from_key_file (PbScoringRules  *rules,
                                     GKeyFile        *key_file,
                                     const char      *group,
                                     GError         **error)
{
  PbScoringRules loaded;

  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (key_file != NULL, FALSE);
  g_return_val_if_fail (group != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loaded = *rules;

  for (guint i = 0; i < G_N_ELEMENTS (scoring_keys); i++)
    {
      if (!pb_scoring_rules_load_key (&loaded, &scoring_keys[i], key_file, group, error))
        return FALSE;
    }

  if (loaded.min_certifiable_level > loaded.max_reachable_level)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("Key “%s” in group “%s” must not be above “%s” (%u), not %u"),
                   "min-certifiable-level", group, "max-reachable-level",
                   loaded.max_reachable_level, loaded.min_certifiable_level);
      return FALSE;
    }

  *rules = loaded;

  return TRUE;
}

/**
 * pb_scoring_rules_max_pix_per_competence:
 * @rules: the scoring rules
 *
 * Returns: the most pix a competence can count: the highest reachable level
 *   times the pix per level (40 by default)
 */
guint
pb_scoring_rules_max_pix_per_competence (const PbScoringRules *rules)
{
  g_return_val_if_fail (rules != NULL, 0);

  return rules->max_reachable_level * rules->pix_per_level;
}

/**
 * pb_scoring_rules_max_pix_score:
 * @rules: the scoring rules
 * @n_competences: how many competences the profile covers
 *
 * Returns: the highest global pix score reachable today (640 by default for
 *   the framework's 16 competences; the framework itself goes up to 1024)
 */
guint
pb_scoring_rules_max_pix_score (const PbScoringRules *rules,
                                guint                 n_competences)
{
  return pb_scoring_rules_max_pix_per_competence (rules) * n_competences;
}

/**
 * pb_scoring_rules_is_level_certifiable:
 * @rules: the scoring rules
 * @level: a competence level
 *
 * Returns: %TRUE if a competence at @level counts towards certifiability
 *   (level 1 or more by default, i.e. at least 8 pix)
 */
gboolean
pb_scoring_rules_is_level_certifiable (const PbScoringRules *rules,
                                       guint                 level)
{
  g_return_val_if_fail (rules != NULL, FALSE);

  return level >= rules->min_certifiable_level;
}

#define PIX_SUM_TOLERANCE 1e-6

/**
 * pb_competence_score_compute:
 * @rules: the scoring rules
 * @raw_pix: the sum of the pix earned on the competence's skills; it may
 *   have decimals, since a level's 8 pix are shared among its skills
 * @out: (out caller-allocates): the score
 *
 * Computes a competence's score the way Pix does:
 *  - pix = @raw_pix rounded down, capped at the highest reachable level
 *    times the pix per level (40);
 *  - level = @raw_pix divided by the pix per level (8), rounded down and
 *    capped at the highest reachable level (5);
 *  - pix ahead of the next level = pix modulo the pix per level, so 0 once
 *    the cap is reached.
 * Both roundings apply to the raw sum: 7.99 pix is 7 pix and level 0. A
 * negative (or NaN) @raw_pix counts as 0.
 *
 * A level's 8 pix are shared among its skills (8/3 each for three skills),
 * and a sum of such shares in floating point can land a hair below the whole
 * number it stands for (7.999999999…). The sum is nudged by
 * %PIX_SUM_TOLERANCE before rounding down so that validating every skill of
 * a level always reaches it; no real score lies that close below a whole
 * number, since shares are at least 8/64 pix apart.
 */
void
pb_competence_score_compute (const PbScoringRules *rules,
                             double                raw_pix,
                             PbCompetenceScore    *out)
{
  guint max_pix;
  double level;

  g_return_if_fail (rules != NULL);
  g_return_if_fail (rules->pix_per_level > 0);
  g_return_if_fail (out != NULL);

  if (!(raw_pix > 0.0))
    raw_pix = 0.0;
  else
    raw_pix += PIX_SUM_TOLERANCE;

  /* Converting a non-negative double to an integer rounds it down; the caps
   * are checked first so that the conversion cannot overflow. */
  max_pix = pb_scoring_rules_max_pix_per_competence (rules);
  out->pix = raw_pix >= max_pix ? max_pix : (guint) raw_pix;

  level = raw_pix / rules->pix_per_level;
  out->level = level >= rules->max_reachable_level ? rules->max_reachable_level : (guint) level;

  out->pix_ahead_of_next_level = out->pix % rules->pix_per_level;
}

/**
 * pb_level_get_name:
 * @level: a framework level, 1 to 8
 *
 * Names the level's stage, as Pix writes it inside a sentence (lower case):
 * levels 1–2 are novice, 3–4 independent, 5–6 advanced and 7–8 expert.
 *
 * Returns: (nullable): the translated name, or %NULL for level 0 (nothing
 *   acquired yet) and for levels above 8
 */
const char *
pb_level_get_name (guint level)
{
  switch (level)
    {
    case 1:
    case 2:
      /* Translators: stage of Pix levels 1–2, inside a sentence (“niveau 2,
       * novice”); Pix's French word is “novice” */
      return _("novice");
    case 3:
    case 4:
      /* Translators: stage of Pix levels 3–4; Pix's word is “indépendant” */
      return _("independent");
    case 5:
    case 6:
      /* Translators: stage of Pix levels 5–6; Pix's word is “avancé” */
      return _("advanced");
    case 7:
    case 8:
      /* Translators: stage of Pix levels 7–8; Pix's word is “expert” */
      return _("expert");
    default:
      return NULL;
    }
}
