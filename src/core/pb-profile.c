/* pb-profile.c — a learner's profile over the framework's competences
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pb-profile.h"

/*
 * A profile holds, for each competence of the framework, the raw pix a learner
 * earned on it (the sum of the pix values of the skills they validated; it may
 * have decimals). Everything shown to people is derived from those sums and
 * the scoring rules: each competence's capped pix and level, the global pix
 * score, and certifiability.
 *
 * Competences are named by their index in the framework ("1.1" … "5.2"),
 * the stable key Pix uses; the caller gives them in framework order, so the
 * profile does not depend on the framework object.
 */
struct _PbProfile
{
  GObject         parent_instance;

  /* A copy: the profile never points into its creator's memory */
  PbScoringRules  rules;
  GStrv           competence_indices;
  /* raw_pix[i] belongs to competence_indices[i] */
  double         *raw_pix;
  guint           n_competences;
};

G_DEFINE_FINAL_TYPE (PbProfile, pb_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PIX_SCORE,
  PROP_CERTIFIABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_profile_finalize (GObject *object)
{
  PbProfile *self = (PbProfile *)object;

  g_clear_pointer (&self->competence_indices, g_strfreev);
  g_clear_pointer (&self->raw_pix, g_free);

  G_OBJECT_CLASS (pb_profile_parent_class)->finalize (object);
}

static void
pb_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbProfile *self = PB_PROFILE (object);

  switch (prop_id)
    {
    case PROP_PIX_SCORE:
      g_value_set_uint (value, pb_profile_get_pix_score (self));
      break;

    case PROP_CERTIFIABLE:
      g_value_set_boolean (value, pb_profile_is_certifiable (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_profile_class_init (PbProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_profile_finalize;
  object_class->get_property = pb_profile_get_property;

  /**
   * PbProfile:pix-score:
   *
   * The global pix score: the sum of the competences' capped pix.
   */
  properties[PROP_PIX_SCORE] =
    g_param_spec_uint ("pix-score", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PbProfile:certifiable:
   *
   * Whether the learner may take the certification; see
   * pb_profile_is_certifiable().
   */
  properties[PROP_CERTIFIABLE] =
    g_param_spec_boolean ("certifiable", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_profile_init (PbProfile *self)
{
  pb_scoring_rules_init_default (&self->rules);
}

static gboolean
pb_profile_find (PbProfile  *self,
                 const char *competence_index,
                 guint      *position)
{
  if (competence_index == NULL)
    return FALSE;

  for (guint i = 0; i < self->n_competences; i++)
    {
      if (g_str_equal (self->competence_indices[i], competence_index))
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
pb_strv_has_duplicates (const char * const *strv)
{
  for (guint i = 0; strv[i] != NULL; i++)
    {
      for (guint j = 0; j < i; j++)
        {
          if (g_str_equal (strv[i], strv[j]))
            return TRUE;
        }
    }

  return FALSE;
}

/**
 * pb_profile_new:
 * @rules: (nullable): the scoring rules, copied; %NULL for Pix's defaults
 * @competence_indices: (array zero-terminated=1): the distinct indices of the
 *   framework's competences, in framework order ("1.1" … "5.2")
 *
 * Creates a profile where nothing has been earned yet.
 *
 * Returns: (transfer full): a new #PbProfile
 */
PbProfile *
pb_profile_new (const PbScoringRules *rules,
                const char * const   *competence_indices)
{
  PbProfile *self;

  g_return_val_if_fail (competence_indices != NULL, NULL);
  g_return_val_if_fail (!pb_strv_has_duplicates (competence_indices), NULL);
  g_return_val_if_fail (rules == NULL || rules->pix_per_level > 0, NULL);

  self = g_object_new (PB_TYPE_PROFILE, NULL);

  if (rules != NULL)
    self->rules = *rules;
  self->competence_indices = g_strdupv ((char **)competence_indices);
  self->n_competences = g_strv_length (self->competence_indices);
  self->raw_pix = g_new0 (double, self->n_competences);

  return self;
}

/**
 * pb_profile_get_rules:
 * @self: a #PbProfile
 *
 * Returns: (transfer none): the profile's own copy of its scoring rules
 */
const PbScoringRules *
pb_profile_get_rules (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), NULL);

  return &self->rules;
}

guint
pb_profile_get_n_competences (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), 0);

  return self->n_competences;
}

/**
 * pb_profile_get_competence_indices:
 * @self: a #PbProfile
 *
 * Returns: (transfer none) (array zero-terminated=1): the competence
 *   indices, in the order given to pb_profile_new()
 */
const char * const *
pb_profile_get_competence_indices (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), NULL);

  return (const char * const *)self->competence_indices;
}

gboolean
pb_profile_has_competence (PbProfile  *self,
                           const char *competence_index)
{
  guint position;

  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);

  return pb_profile_find (self, competence_index, &position);
}

/**
 * pb_profile_set_raw_pix:
 * @self: a #PbProfile
 * @competence_index: a competence index such as "2.3"
 * @raw_pix: the sum of the pix earned on the competence; a negative (or NaN)
 *   sum counts as 0
 *
 * Records what the learner earned on a competence, and notifies
 * #PbProfile:pix-score and #PbProfile:certifiable when they change.
 *
 * Returns: %FALSE if the profile has no competence @competence_index
 */
gboolean
pb_profile_set_raw_pix (PbProfile  *self,
                        const char *competence_index,
                        double      raw_pix)
{
  guint position;
  guint old_pix_score;
  gboolean was_certifiable;

  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);

  if (!pb_profile_find (self, competence_index, &position))
    return FALSE;

  old_pix_score = pb_profile_get_pix_score (self);
  was_certifiable = pb_profile_is_certifiable (self);

  self->raw_pix[position] = raw_pix;

  if (pb_profile_get_pix_score (self) != old_pix_score)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIX_SCORE]);
  if (pb_profile_is_certifiable (self) != was_certifiable)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CERTIFIABLE]);

  return TRUE;
}

/**
 * pb_profile_get_raw_pix:
 * @self: a #PbProfile
 * @competence_index: a competence index such as "2.3"
 *
 * Returns: the raw pix last set for the competence, as given; 0 if unknown
 */
double
pb_profile_get_raw_pix (PbProfile  *self,
                        const char *competence_index)
{
  guint position;

  g_return_val_if_fail (PB_IS_PROFILE (self), 0.0);

  if (!pb_profile_find (self, competence_index, &position))
    return 0.0;

  return self->raw_pix[position];
}

/**
 * pb_profile_get_competence_score:
 * @self: a #PbProfile
 * @competence_index: a competence index such as "2.3"
 * @out: (out caller-allocates): the competence's capped pix and level; all
 *   zero for an unknown competence
 *
 * Returns: %FALSE if the profile has no competence @competence_index
 */
gboolean
pb_profile_get_competence_score (PbProfile         *self,
                                 const char        *competence_index,
                                 PbCompetenceScore *out)
{
  guint position;

  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!pb_profile_find (self, competence_index, &position))
    {
      *out = (PbCompetenceScore) { 0 };
      return FALSE;
    }

  pb_competence_score_compute (&self->rules, self->raw_pix[position], out);

  return TRUE;
}

/**
 * pb_profile_get_pix_score:
 * @self: a #PbProfile
 *
 * The global pix score sums each competence's *capped* pix: pix earned
 * beyond the highest reachable level do not count, so the score is at most
 * 640 for 16 competences.
 *
 * Returns: the learner's global pix score
 */
guint
pb_profile_get_pix_score (PbProfile *self)
{
  guint total = 0;

  g_return_val_if_fail (PB_IS_PROFILE (self), 0);

  for (guint i = 0; i < self->n_competences; i++)
    {
      PbCompetenceScore score;

      pb_competence_score_compute (&self->rules, self->raw_pix[i], &score);
      total += score.pix;
    }

  return total;
}

/**
 * pb_profile_get_max_pix_score:
 * @self: a #PbProfile
 *
 * Returns: the highest global pix score this profile can reach today
 */
guint
pb_profile_get_max_pix_score (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), 0);

  return pb_scoring_rules_max_pix_score (&self->rules, self->n_competences);
}

/**
 * pb_profile_get_certifiable_competences_count:
 * @self: a #PbProfile
 *
 * A competence is certifiable once its level reaches the certifiable level
 * (1, i.e. 8 pix, by default).
 *
 * Returns: how many competences are certifiable
 */
guint
pb_profile_get_certifiable_competences_count (PbProfile *self)
{
  guint count = 0;

  g_return_val_if_fail (PB_IS_PROFILE (self), 0);

  for (guint i = 0; i < self->n_competences; i++)
    {
      PbCompetenceScore score;

      pb_competence_score_compute (&self->rules, self->raw_pix[i], &score);
      if (pb_scoring_rules_is_level_certifiable (&self->rules, score.level))
        count++;
    }

  return count;
}

/**
 * pb_profile_is_certifiable:
 * @self: a #PbProfile
 *
 * A learner may take the Pix certification when their profile has at least
 * 5 certifiable competences (with the default rules), that is 5 competences
 * at level 1 or more ("niveau 1 sur cinq compétences au minimum"). The 5 can
 * be any of the framework's competences.
 *
 * Returns: %TRUE if the profile is certifiable
 */
gboolean
pb_profile_is_certifiable (PbProfile *self)
{
  g_return_val_if_fail (PB_IS_PROFILE (self), FALSE);

  return pb_profile_get_certifiable_competences_count (self) >= self->rules.min_certifiable_competences;
}
