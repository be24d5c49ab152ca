/* pb-target-profiles.c
 *
 * The target profiles (profils cibles) an ASSESSMENT campaign measures
 * against, bundled with the content (data/content/target-profiles.json).
 * Some are meant for one kind of organization only ("organization-types");
 * an empty list means every organization may use it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-core-resources.h"
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
