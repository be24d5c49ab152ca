/* test-content.c — the integrity of the bundled learning content
 *
 * data/content/ is written by hand: these checks keep it playable. Every
 * id is unique, every skill has a challenge, levels follow the skills'
 * names and grow along each tube, each level of a competence is worth 8
 * pix, every challenge's right answer is accepted (and a skipped one
 * refused), and every tube a target profile names exists.
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include <glib.h>

#include "pb-challenge-bank.h"
#include "pb-framework.h"
#include "pb-scoring.h"
#include "pb-target-profiles.h"

typedef struct
{
  PbFramework     *framework;
  PbChallengeBank *bank;
} Content;

static void
content_set_up (Content       *content,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  content->framework = pb_framework_new_default (&error);
  g_assert_no_error (error);
  content->bank = pb_challenge_bank_new_default (content->framework, &error);
  g_assert_no_error (error);
}

static void
content_tear_down (Content       *content,
                   gconstpointer  data)
{
  g_clear_object (&content->bank);
  g_clear_object (&content->framework);
}

static void
test_sizes (Content       *content,
            gconstpointer  data)
{
  g_assert_cmpuint (pb_framework_get_n_competences (content->framework), ==, 16);
  g_assert_cmpuint (pb_framework_get_n_skills (content->framework), >=, 200);
  g_assert_cmpuint (pb_challenge_bank_get_n_challenges (content->bank), >=, 300);

  for (guint c = 0; c < pb_framework_get_n_competences (content->framework); c++)
    g_assert_cmpuint (pb_framework_get_competence (content->framework, c)->tubes->len, >=, 3);
}

/* Tube, skill and challenge ids and names are each unique. */
static void
test_unique_ids (Content       *content,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < pb_framework_get_n_competences (content->framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (content->framework, c);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          g_assert_true (g_hash_table_add (seen, tube->id));
          g_assert_true (g_hash_table_add (seen, tube->name));
          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);

              g_assert_true (g_hash_table_add (seen, skill->id));
              g_assert_true (g_hash_table_add (seen, skill->name));
            }
        }
    }
  for (guint i = 0; i < pb_challenge_bank_get_n_challenges (content->bank); i++)
    g_assert_true (g_hash_table_add (seen, pb_challenge_bank_get_challenge (content->bank, i)->id));
}

/* Levels 1 to 6 (7 and 8 are not reachable), increasing along a tube,
 * and the digit ending the skill's name; every skill has a challenge. */
static void
test_skills (Content       *content,
             gconstpointer  data)
{
  for (guint c = 0; c < pb_framework_get_n_competences (content->framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (content->framework, c);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);
          guint previous = 0;

          g_assert_cmpuint (tube->skills->len, >=, 3);
          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);
              g_autofree char *expected = g_strdup_printf ("%s%u", tube->name, skill->level);

              g_assert_cmpstr (skill->name, ==, expected);
              g_assert_cmpuint (skill->level, >, previous);
              g_assert_cmpuint (skill->level, <=, 6);
              g_assert_cmpuint (pb_challenge_bank_get_skill_challenges (content->bank, skill)->len, >=, 1);
              previous = skill->level;
            }
        }
    }
}

/* 8 pix per level of a competence, shared by that level's skills. */
static void
test_pix_per_level (Content       *content,
                    gconstpointer  data)
{
  for (guint c = 0; c < pb_framework_get_n_competences (content->framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (content->framework, c);
      double per_level[PB_FRAMEWORK_MAX_LEVEL + 1] = { 0 };

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);

              per_level[skill->level] += skill->pix_value;
            }
        }
      for (guint level = 1; level <= PB_FRAMEWORK_MAX_LEVEL; level++)
        g_assert_true (per_level[level] == 0 || fabs (per_level[level] - 8.0) < 1e-6);
    }
}

/* The right answer of every challenge is accepted, a skip is not, and
 * the three types are all there. */
static void
test_answers (Content       *content,
              gconstpointer  data)
{
  guint types[3] = { 0 };

  for (guint i = 0; i < pb_challenge_bank_get_n_challenges (content->bank); i++)
    {
      const PbChallenge *challenge = pb_challenge_bank_get_challenge (content->bank, i);
      g_autofree char *right = pb_challenge_get_right_answer (challenge);

      g_assert_nonnull (right);
      g_assert_true (pb_challenge_check_answer (challenge, right));
      g_assert_false (pb_challenge_check_answer (challenge, "aband"));
      g_assert_false (pb_challenge_check_answer (challenge, ""));
      g_assert_cmpstr (challenge->instruction, !=, "");
      types[challenge->type]++;
    }
  g_assert_cmpuint (types[PB_CHALLENGE_TYPE_QCU], >, 0);
  g_assert_cmpuint (types[PB_CHALLENGE_TYPE_QCM], >, 0);
  g_assert_cmpuint (types[PB_CHALLENGE_TYPE_QROC], >, 0);
}

static guint
count_tubes (GPtrArray *skills)
{
  const PbTube *tube = NULL;
  guint n = 0;

  for (guint i = 0; i < skills->len; i++)
    if (((const PbSkill *)g_ptr_array_index (skills, i))->tube != tube)
      {
        tube = ((const PbSkill *)g_ptr_array_index (skills, i))->tube;
        n++;
      }
  return n;
}

/* Every tube a profile names exists, and the parcours of seed 004 have
 * their number of "sujets". */
static void
test_target_profiles (Content       *content,
                      gconstpointer  data)
{
  static const struct { const char *id; guint tubes; } parcours[] = {
    { "tp-decouverte-college", 7 },
    { "tp-decouverte-lycee", 7 },
    { "tp-physique-chimie-cycle-4", 16 },
    { "tp-histoire-geographie-emc", 43 },
    { "tp-humanites-lv-2nde", 32 },
    { "tp-snt-global", 56 },
  };
  JsonArray *profiles = pb_target_profiles_get_all ();

  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);
      JsonArray *tubes = json_object_has_member (profile, "tubes") ?
                         json_object_get_array_member (profile, "tubes") : NULL;
      g_autoptr(GPtrArray) skills = pb_target_profile_get_skills (profile, content->framework);

      g_assert_cmpuint (skills->len, >, 0);
      for (guint t = 0; tubes != NULL && t < json_array_get_length (tubes); t++)
        {
          const char *name = json_object_get_string_member (json_array_get_object_element (tubes, t), "name");

          g_assert_nonnull (pb_framework_lookup_tube (content->framework, name));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (parcours); i++)
    {
      JsonObject *profile = pb_target_profiles_lookup (parcours[i].id);
      g_autoptr(GPtrArray) skills = NULL;

      g_assert_nonnull (profile);
      skills = pb_target_profile_get_skills (profile, content->framework);
      g_assert_cmpuint (count_tubes (skills), ==, parcours[i].tubes);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Content, NULL, content_set_up, func, content_tear_down)
  ADD ("/content/sizes", test_sizes);
  ADD ("/content/unique-ids", test_unique_ids);
  ADD ("/content/skills", test_skills);
  ADD ("/content/pix-per-level", test_pix_per_level);
  ADD ("/content/answers", test_answers);
  ADD ("/content/target-profiles", test_target_profiles);

  return g_test_run ();
}
