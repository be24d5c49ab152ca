/* pb-test-framework.c — small frameworks for exact test vectors
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-framework.h"

/* A framework of one area whose competences "1.1", "1.2"… are given by
 * @spec: competences separated by "|", each a list of tubes "name:levels"
 * separated by one blank ("web:12345 mail:12|file:12" makes @web1…@web5 and
 * @mail1, @mail2 in 1.1, @file1, @file2 in 1.2). Each level's 8 pix are
 * shared evenly by the competence's skills of that level.
 */
PbFramework *
test_framework_new (const char *spec)
{
  g_auto(GStrv) competences = g_strsplit (spec, "|", -1);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PbFramework *framework;

  g_string_append (json, "{\"version\": 1, \"areas\": [{\"code\": \"1\", \"title\": \"A\","
                         " \"color\": \"#123456\", \"competences\": [");
  for (guint c = 0; competences[c] != NULL; c++)
    {
      g_auto(GStrv) tubes = g_strsplit (competences[c], " ", -1);
      guint per_level[10] = { 0 };

      for (guint t = 0; tubes[t] != NULL; t++)
        {
          for (const char *l = strchr (tubes[t], ':') + 1; *l != '\0'; l++)
            per_level[*l - '0']++;
        }

      g_string_append_printf (json, "%s{\"index\": \"1.%u\", \"id\": \"c%u\", \"name\": \"C%u\", \"tubes\": [",
                              c > 0 ? "," : "", c + 1, c + 1, c + 1);
      for (guint t = 0; tubes[t] != NULL; t++)
        {
          const char *colon = strchr (tubes[t], ':');
          g_autofree char *name = g_strndup (tubes[t], colon - tubes[t]);

          g_string_append_printf (json, "%s{\"id\": \"t-%s\", \"name\": \"@%s\", \"title\": \"T\", \"skills\": [",
                                  t > 0 ? "," : "", name, name);
          for (const char *l = colon + 1; *l != '\0'; l++)
            {
              char pix[G_ASCII_DTOSTR_BUF_SIZE];

              g_ascii_dtostr (pix, sizeof pix, 8.0 / per_level[*l - '0']);
              g_string_append_printf (json, "%s{\"id\": \"s-%s%c\", \"name\": \"@%s%c\", \"level\": %c, \"pix\": %s}",
                                      l > colon + 1 ? "," : "", name, *l, name, *l, *l, pix);
            }
          g_string_append (json, "]}");
        }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}]}");

  bytes = g_bytes_new (json->str, json->len);
  framework = pb_framework_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (framework);
  return framework;
}

const PbSkill *
test_skill (PbFramework *framework,
            const char  *name)
{
  const PbSkill *found = pb_framework_lookup_skill (framework, name);

  g_assert_nonnull (found);
  return found;
}
