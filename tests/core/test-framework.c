/* test-framework.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-framework.h"

/* The CRCN as Pix prints it on certificates, in certificate column order,
 * with Pix's learning-content ids (from production data: several Pix test
 * fixtures swap those of 1.2 and 1.3).
 */
static const struct {
  const char *index;
  const char *name;
  const char *id;
} crcn[] = {
  { "1.1", "Mener une recherche et une veille d'information", "recsvLz0W2ShyfD63" },
  { "1.2", "Gérer des données", "recIkYm646lrGvLNT" },
  { "1.3", "Traiter des données", "recNv8qhaY887jQb2" },
  { "2.1", "Interagir", "recDH19F7kKrfL3Ii" },
  { "2.2", "Partager et publier", "recgxqQfz3BqEbtzh" },
  { "2.3", "Collaborer", "recMiZPNl7V1hyE1d" },
  { "2.4", "S'insérer dans le monde numérique", "recFpYXCKcyhLI3Nu" },
  { "3.1", "Développer des documents textuels", "recOdC9UDVJbAXHAm" },
  { "3.2", "Développer des documents multimédia", "recbDTF8KwupqkeZ6" },
  { "3.3", "Adapter les documents à leur finalité", "recHmIWG6D0huq6Kx" },
  { "3.4", "Programmer", "rece6jYwH4WEw549z" },
  { "4.1", "Sécuriser l'environnement numérique", "rec6rHqas39zvLZep" },
  { "4.2", "Protéger les données personnelles et la vie privée", "recofJCxg0NqTqTdP" },
  { "4.3", "Protéger la santé, le bien-être et l'environnement", "recfr0ax8XrfvJ3ER" },
  { "5.1", "Résoudre des problèmes techniques", "recIhdrmCuEmCDAzj" },
  { "5.2", "Construire un environnement numérique", "recudHE5Omrr10qrx" },
};

static const char *area_titles[] = {
  "Information et données",
  "Communication et collaboration",
  "Création de contenu",
  "Protection et sécurité",
  "Environnement numérique",
};

static PbFramework *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  PbFramework *framework = pb_framework_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (framework);
  return framework;
}

static void
test_default_areas (void)
{
  g_autoptr(PbFramework) framework = load_default ();

  g_assert_cmpuint (pb_framework_get_n_areas (framework), ==, G_N_ELEMENTS (area_titles));

  for (guint i = 0; i < G_N_ELEMENTS (area_titles); i++)
    {
      const PbArea *area = pb_framework_get_area (framework, i);
      g_autofree char *code = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (area->code, ==, code);
      g_assert_cmpstr (area->title, ==, area_titles[i]);
      g_assert_cmpuint (strlen (area->color), ==, 7);
    }
}

static void
test_default_competences (void)
{
  g_autoptr(PbFramework) framework = load_default ();
  const char * const *indices;

  g_assert_cmpuint (pb_framework_get_n_competences (framework), ==, 16);

  indices = pb_framework_get_competence_indices (framework);
  g_assert_cmpuint (g_strv_length ((GStrv)indices), ==, 16);

  for (guint i = 0; i < G_N_ELEMENTS (crcn); i++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, i);

      g_assert_cmpstr (competence->index, ==, crcn[i].index);
      g_assert_cmpstr (competence->name, ==, crcn[i].name);
      g_assert_cmpstr (competence->id, ==, crcn[i].id);
      g_assert_cmpstr (indices[i], ==, crcn[i].index);
      g_assert_true (g_str_has_prefix (competence->index, competence->area->code));
    }
}

static void
test_default_lookup (void)
{
  g_autoptr(PbFramework) framework = load_default ();
  const PbCompetence *competence;
  const PbSkill *skill;
  const PbTube *tube;

  competence = pb_framework_lookup_competence (framework, "4.2");
  g_assert_nonnull (competence);
  g_assert_cmpstr (competence->name, ==, "Protéger les données personnelles et la vie privée");
  g_assert_cmpstr (competence->id, ==, "recofJCxg0NqTqTdP");
  g_assert_cmpstr (competence->area->title, ==, "Protection et sécurité");
  g_assert_null (pb_framework_lookup_competence (framework, "6.1"));
  g_assert_null (pb_framework_lookup_competence (framework, "1"));

  tube = pb_framework_lookup_tube (framework, "@rechercheWeb");
  g_assert_nonnull (tube);
  g_assert_cmpstr (tube->competence->index, ==, "1.1");

  skill = pb_framework_lookup_skill (framework, "@rechercheWeb3");
  g_assert_nonnull (skill);
  g_assert_cmpuint (skill->level, ==, 3);
  g_assert_true (skill->tube == tube);
  g_assert_null (pb_framework_lookup_skill (framework, "@rechercheWeb9"));
}

/* Recomputes the content rules independently of the loader, so a loader that
 * stopped checking them would not let bad content through unnoticed.
 */
static void
test_default_skills (void)
{
  g_autoptr(PbFramework) framework = load_default ();
  guint n_skills = 0;

  for (guint c = 0; c < pb_framework_get_n_competences (framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, c);
      double per_level[9] = { 0 };

      g_assert_cmpuint (competence->tubes->len, >, 0);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);
          guint previous_level = 0;

          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);
              g_autofree char *expected = g_strdup_printf ("%s%u", tube->name, skill->level);

              g_assert_cmpstr (skill->name, ==, expected);
              g_assert_cmpuint (skill->level, >, previous_level);
              g_assert_true (pb_framework_lookup_skill (framework, skill->name) == skill);
              previous_level = skill->level;
              per_level[skill->level] += skill->pix_value;
              n_skills++;
            }
        }

      for (guint level = 1; level <= 8; level++)
        g_assert_true (per_level[level] == 0 || G_APPROX_VALUE (per_level[level], 8.0, 1e-9));
    }

  g_assert_cmpuint (pb_framework_get_n_skills (framework), ==, n_skills);
}

/* A one-area framework around a skills array, to exercise the checks. */
static PbFramework *
load_with (const char  *area_code,
           const char  *competence_index,
           const char  *skills,
           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  char *json;

  json = g_strdup_printf ("{\"version\": 1, \"areas\": [{\"code\": \"%s\", \"title\": \"A\", "
                          "\"color\": \"#112233\", \"competences\": [{\"index\": \"%s\", "
                          "\"id\": \"c1\", \"name\": \"C\", \"tubes\": [{\"id\": \"t1\", "
                          "\"name\": \"@tube\", \"title\": \"T\", \"skills\": [%s]}]}]}]}",
                          area_code, competence_index, skills);
  bytes = g_bytes_new_take (json, strlen (json));
  return pb_framework_new_from_bytes (bytes, error);
}

static void
assert_invalid (const char *skills,
                const char *area_code,
                const char *competence_index,
                const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbFramework) framework = NULL;

  framework = load_with (area_code, competence_index, skills, &error);
  g_assert_null (framework);
  g_assert_error (error, PB_FRAMEWORK_ERROR, PB_FRAMEWORK_ERROR_INVALID);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” not found in “%s”", expected_fragment, error->message);
}

static void
test_valid_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbFramework) framework = NULL;

  /* Two skills of one level share its 8 pix. */
  framework = load_with ("1", "1.1",
                         "{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 4},"
                         "{\"id\": \"s2\", \"name\": \"@tube1b\", \"level\": 1, \"pix\": 4}",
                         &error);
  /* …but "@tube1b" is not "@tube" + level: refused. */
  g_assert_null (framework);
  g_clear_error (&error);

  framework = load_with ("1", "1.1",
                         "{\"id\": \"s2\", \"name\": \"@tube2\", \"level\": 2, \"pix\": 8},"
                         "{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8}",
                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_framework_get_n_skills (framework), ==, 2);
  /* Skills come back sorted by level whatever the file order. */
  g_assert_cmpstr (((PbSkill *)g_ptr_array_index (pb_framework_lookup_tube (framework, "@tube")->skills, 0))->name,
                   ==, "@tube1");
}

static void
test_invalid_skill_name (void)
{
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube2\", \"level\": 1, \"pix\": 8}",
                  "1", "1.1", "should be named “@tube1”");
}

static void
test_invalid_pix_per_level (void)
{
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 4}",
                  "1", "1.1", "worth 4 pix in all instead of 8");
}

static void
test_invalid_level (void)
{
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube9\", \"level\": 9, \"pix\": 8}",
                  "1", "1.1", "from 1 to 8");
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1.5, \"pix\": 8}",
                  "1", "1.1", "whole number");
}

static void
test_invalid_index (void)
{
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8}",
                  "1", "2.1", "does not belong to area 1");
}

static void
test_invalid_duplicate_id (void)
{
  assert_invalid ("{\"id\": \"t1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8}",
                  "1", "1.1", "id “t1” is used twice");
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8},"
                  "{\"id\": \"s2\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8}",
                  "1", "1.1", "appears twice");
}

static void
test_invalid_types (void)
{
  assert_invalid ("{\"id\": \"s1\", \"name\": \"@tube1\", \"level\": \"1\", \"pix\": 8}",
                  "1", "1.1", "areas[0].competences[0].tubes[0].skills[0]");
  assert_invalid ("{\"id\": \"\", \"name\": \"@tube1\", \"level\": 1, \"pix\": 8}",
                  "1", "1.1", "“id” must be a non-empty string");
  assert_invalid ("42", "1", "1.1", "an object is expected");
}

static void
test_invalid_document (void)
{
  const char *documents[] = {
    "{\"version\": 2, \"areas\": []}",
    "{\"areas\": []}",
    "{\"version\": 1, \"areas\": []}",
    "[1, 2]",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) truncated = g_bytes_new_static ("{\"version\": 1, \"areas\": [", 25);
  PbFramework *framework;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (documents[i], strlen (documents[i]));

      framework = pb_framework_new_from_bytes (bytes, &error);
      g_assert_null (framework);
      g_assert_error (error, PB_FRAMEWORK_ERROR, PB_FRAMEWORK_ERROR_INVALID);
      g_clear_error (&error);
    }

  framework = pb_framework_new_from_bytes (truncated, &error);
  g_assert_null (framework);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/framework/default/areas", test_default_areas);
  g_test_add_func ("/core/framework/default/competences", test_default_competences);
  g_test_add_func ("/core/framework/default/lookup", test_default_lookup);
  g_test_add_func ("/core/framework/default/skills", test_default_skills);
  g_test_add_func ("/core/framework/valid-minimal", test_valid_minimal);
  g_test_add_func ("/core/framework/invalid/skill-name", test_invalid_skill_name);
  g_test_add_func ("/core/framework/invalid/pix-per-level", test_invalid_pix_per_level);
  g_test_add_func ("/core/framework/invalid/level", test_invalid_level);
  g_test_add_func ("/core/framework/invalid/index", test_invalid_index);
  g_test_add_func ("/core/framework/invalid/duplicate-id", test_invalid_duplicate_id);
  g_test_add_func ("/core/framework/invalid/types", test_invalid_types);
  g_test_add_func ("/core/framework/invalid/document", test_invalid_document);

  return g_test_run ();
}
