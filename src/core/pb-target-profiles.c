/* pb-target-profiles.c
 *
 * The target profiles (profils cibles) an ASSESSMENT campaign measures
 * against, bundled with the content (data/content/target-profiles.json).
 * Some are meant for one kind of organization only ("organization-types");
 * an empty list means every organization may use it. A profile targets
 * "tubes" (Pix's "sujets"), each up to a level ("capped tubes": the
 * tube's skills at or below that level), and may take whole
 * "competences" too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-core-resources.h"
#include "pb-framework.h"
#include "pb-target-profiles.h"

#define TARGET_PROFILES_RESOURCE "/fr/pixbureau/PixBureau/content/target-profiles.json"

/**
 * pb_target_profiles_get_all:
 *
 * Loaded once, then shared read-only by every worker thread.
 *
 * Returns: (transfer none): the target profiles, in display order
 */
JsonArray *
pb_target_profiles_get_all (void)
{
  static gsize profiles = 0;

  if (g_once_init_enter (&profiles))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      JsonObject *root;

      bytes = g_resource_lookup_data (pb_core_get_resource (), TARGET_PROFILES_RESOURCE,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      /* Bundled content: a broken file is a build bug, caught by the tests. */
      if (bytes == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize)g_bytes_get_size (bytes), &error))
        g_error ("Bundled target profiles unreadable: %s", error->message);

      root = json_node_get_object (json_parser_get_root (parser));
      g_once_init_leave (&profiles, (gsize)json_array_ref (json_object_get_array_member (root, "target-profiles")));
    }

  return (JsonArray *)profiles;
}

/**
 * pb_target_profiles_lookup:
 *
 * Returns: (transfer none) (nullable): the profile with @id
 */
JsonObject *
pb_target_profiles_lookup (const char *id)
{
  JsonArray *profiles = pb_target_profiles_get_all ();

  for (guint i = 0; id != NULL && i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);

      if (g_strcmp0 (json_object_get_string_member (profile, "id"), id) == 0)
        return profile;
    }
  return NULL;
}

gboolean
pb_target_profile_is_available (JsonObject *profile,
                                const char *organization_type)
{
  JsonArray *types = json_object_get_array_member (profile, "organization-types");

  if (json_array_get_length (types) == 0)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (types); i++)
    if (g_strcmp0 (json_array_get_string_element (types, i), organization_type) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
skill_is_targeted (JsonObject    *profile,
                   const PbSkill *skill)
{
  JsonArray *tubes = json_object_has_member (profile, "tubes") ?
                     json_object_get_array_member (profile, "tubes") : NULL;
  JsonArray *competences = json_object_has_member (profile, "competences") ?
                           json_object_get_array_member (profile, "competences") : NULL;

  for (guint i = 0; tubes != NULL && i < json_array_get_length (tubes); i++)
    {
      JsonObject *tube = json_array_get_object_element (tubes, i);

      if (g_strcmp0 (json_object_get_string_member (tube, "name"), skill->tube->name) == 0)
        return skill->level <= (guint)json_object_get_int_member_with_default (tube, "level", G_MAXINT);
    }
  for (guint i = 0; competences != NULL && i < json_array_get_length (competences); i++)
    if (g_strcmp0 (json_array_get_string_element (competences, i), skill->tube->competence->index) == 0)
      return TRUE;
  return FALSE;
}

/**
 * pb_target_profile_get_skills:
 * @profile: a target profile
 * @framework: the framework its tubes belong to
 *
 * Returns: (transfer container) (element-type PbSkill): the skills the
 *   profile targets, in framework order
 */
GPtrArray *
pb_target_profile_get_skills (JsonObject  *profile,
                              PbFramework *framework)
{
  GPtrArray *skills = g_ptr_array_new ();

  for (guint c = 0; c < pb_framework_get_n_competences (framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, c);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          for (guint s = 0; s < tube->skills->len; s++)
            if (skill_is_targeted (profile, g_ptr_array_index (tube->skills, s)))
              g_ptr_array_add (skills, g_ptr_array_index (tube->skills, s));
        }
    }
  return skills;
}
