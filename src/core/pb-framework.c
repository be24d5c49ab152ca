/* pb-framework.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-core-resources.h"
#include "pb-framework.h"
#include "pb-scoring.h"

#define FRAMEWORK_RESOURCE RESOURCE_BASE_PATH "/content/framework.json"
#define FRAMEWORK_FORMAT_VERSION 1

struct _PbFramework
{
  GObject     parent_instance;

  GPtrArray  *areas;            /* of PbArea, owning */
  GPtrArray  *competences;      /* of PbCompetence, in framework order */
  GStrv       indices;          /* competence indices, NULL-terminated */
  GHashTable *competence_index; /* index → PbCompetence */
  GHashTable *tube_index;       /* name → PbTube */
  GHashTable *skill_index;      /* name → PbSkill */
  GHashTable *ids;              /* every id seen, to refuse duplicates */
};

G_DEFINE_FINAL_TYPE (PbFramework, pb_framework, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-framework-error-quark, pb_framework_error)

static void
pb_skill_free (PbSkill *skill)
{
  g_free (skill->id);
  g_free (skill->name);
  g_free (skill);
}

static void
pb_tube_free (PbTube *tube)
{
  g_free (tube->id);
  g_free (tube->name);
  g_free (tube->title);
  g_ptr_array_unref (tube->skills);
  g_free (tube);
}

static void
pb_competence_free (PbCompetence *competence)
{
  g_free (competence->index);
  g_free (competence->id);
  g_free (competence->name);
  g_ptr_array_unref (competence->tubes);
  g_free (competence);
}

static void
pb_area_free (PbArea *area)
{
  g_free (area->code);
  g_free (area->title);
  g_free (area->color);
  g_ptr_array_unref (area->competences);
  g_free (area);
}

static void
pb_framework_finalize (GObject *object)
{
  PbFramework *self = (PbFramework *)object;

  g_clear_pointer (&self->areas, g_ptr_array_unref);
  g_clear_pointer (&self->competences, g_ptr_array_unref);
  g_clear_pointer (&self->indices, g_strfreev);
  g_clear_pointer (&self->competence_index, g_hash_table_unref);
  g_clear_pointer (&self->tube_index, g_hash_table_unref);
  g_clear_pointer (&self->skill_index, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_hash_table_unref);

  G_OBJECT_CLASS (pb_framework_parent_class)->finalize (object);
}

static void
pb_framework_class_init (PbFrameworkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_framework_finalize;
}

static void
pb_framework_init (PbFramework *self)
{
  self->areas = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_area_free);
  self->competences = g_ptr_array_new ();
  self->competence_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->tube_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->skill_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Parsing. Every error names the JSON path of the faulty member so whoever
 * edits the content finds it at once. The content is bundled and checked by
 * the tests, so these messages are for developers and stay untranslated.
 */

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError     **error,
         const char  *path,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PB_FRAMEWORK_ERROR, PB_FRAMEWORK_ERROR_INVALID,
               "Invalid competence framework at %s: %s", path, message);
  return FALSE;
}

static const char *
get_string (JsonObject  *object,
            const char  *member,
            const char  *path,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (value = json_node_get_string (node))[0] == '\0')
    {
      invalid (error, path, "“%s” must be a non-empty string", member);
      return NULL;
    }

  return value;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *path,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    {
      invalid (error, path, "“%s” must be a non-empty array", member);
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_element (JsonArray   *array,
             guint        i,
             const char  *path,
             GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, path, "an object is expected");
      return NULL;
    }

  return json_node_get_object (node);
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            const char  *path,
            double      *value,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return invalid (error, path, "“%s” must be a number", member);

  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
claim_id (PbFramework  *self,
          const char   *id,
          const char   *path,
          GError      **error)
{
  if (g_hash_table_contains (self->ids, id))
    return invalid (error, path, "the id “%s” is used twice", id);

  g_hash_table_add (self->ids, (gpointer)id);
  return TRUE;
}

static gboolean
parse_skill (PbFramework  *self,
             PbTube       *tube,
             JsonObject   *object,
             const char   *path,
             GError      **error)
{
  g_autofree char *expected_name = NULL;
  const char *id, *name;
  double level, pix;
  PbSkill *skill;

  if (!(id = get_string (object, "id", path, error)) ||
      !(name = get_string (object, "name", path, error)) ||
      !get_number (object, "level", path, &level, error) ||
      !get_number (object, "pix", path, &pix, error))
    return FALSE;

  if (level != floor (level) || level < 1 || level > PB_FRAMEWORK_MAX_LEVEL)
    return invalid (error, path, "the level must be a whole number from 1 to %d", PB_FRAMEWORK_MAX_LEVEL);

  /* A skill is named after its tube and its level: @recherche3 is level 3 of
   * the tube @recherche. Pix derives one from the other, so they must agree.
   */
  expected_name = g_strdup_printf ("%s%u", tube->name, (guint)level);
  if (strcmp (name, expected_name) != 0)
    return invalid (error, path, "the skill “%s” should be named “%s”", name, expected_name);

  if (!(pix > 0))
    return invalid (error, path, "the pix value must be positive");

  if (g_hash_table_contains (self->skill_index, name))
    return invalid (error, path, "the skill “%s” appears twice", name);

  skill = g_new0 (PbSkill, 1);
  skill->id = g_strdup (id);
  skill->name = g_strdup (name);
  skill->level = (guint)level;
  skill->pix_value = pix;
  skill->tube = tube;
  g_ptr_array_add (tube->skills, skill);

  g_hash_table_insert (self->skill_index, skill->name, skill);
  return claim_id (self, skill->id, path, error);
}

static int
compare_skill_level (gconstpointer a,
                     gconstpointer b)
{
  const PbSkill *sa = *(const PbSkill * const *)a;
  const PbSkill *sb = *(const PbSkill * const *)b;

  return (int)sa->level - (int)sb->level;
}

static gboolean
parse_tube (PbFramework   *self,
            PbCompetence  *competence,
            JsonObject    *object,
            const char    *path,
            GError       **error)
{
  const char *id, *name, *title;
  JsonArray *skills;
  PbTube *tube;

  if (!(id = get_string (object, "id", path, error)) ||
      !(name = get_string (object, "name", path, error)) ||
      !(title = get_string (object, "title", path, error)))
    return FALSE;

  if (name[0] != '@' || name[1] == '\0')
    return invalid (error, path, "the tube name “%s” must start with “@”", name);

  if (g_hash_table_contains (self->tube_index, name))
    return invalid (error, path, "the tube “%s” appears twice", name);

  tube = g_new0 (PbTube, 1);
  tube->id = g_strdup (id);
  tube->name = g_strdup (name);
  tube->title = g_strdup (title);
  tube->competence = competence;
  tube->skills = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_skill_free);
  g_ptr_array_add (competence->tubes, tube);
  g_hash_table_insert (self->tube_index, tube->name, tube);

  if (!claim_id (self, tube->id, path, error) ||
      !(skills = get_array (object, "skills", path, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (skills); i++)
    {
      g_autofree char *skill_path = g_strdup_printf ("%s.skills[%u]", path, i);
      JsonObject *element = get_element (skills, i, skill_path, error);

      if (element == NULL || !parse_skill (self, tube, element, skill_path, error))
        return FALSE;
    }

  g_ptr_array_sort (tube->skills, compare_skill_level);
  return TRUE;
}

/* Each level of a competence is worth the same number of pix (8), shared by
 * the skills of that level across the competence's tubes. A level with no
 * skill yet is allowed (the content grows), a partial share is not.
 */
static gboolean
check_pix_per_level (PbCompetence  *competence,
                     const char    *path,
                     GError       **error)
{
  PbScoringRules rules;
  double per_level[PB_FRAMEWORK_MAX_LEVEL + 1] = { 0 };

  pb_scoring_rules_init_default (&rules);

  for (guint t = 0; t < competence->tubes->len; t++)
    {
      PbTube *tube = g_ptr_array_index (competence->tubes, t);

      for (guint s = 0; s < tube->skills->len; s++)
        {
          PbSkill *skill = g_ptr_array_index (tube->skills, s);
          per_level[skill->level] += skill->pix_value;
        }
    }

  for (guint level = 1; level <= PB_FRAMEWORK_MAX_LEVEL; level++)
    {
      if (per_level[level] != 0 && fabs (per_level[level] - rules.pix_per_level) > 1e-6)
        return invalid (error, path,
                        "the skills of level %u are worth %g pix in all instead of %u",
                        level, per_level[level], rules.pix_per_level);
    }

  return TRUE;
}

static gboolean
parse_competence (PbFramework  *self,
                  PbArea       *area,
                  JsonObject   *object,
                  const char   *path,
                  GError      **error)
{
  g_autofree char *prefix = NULL;
  const char *index, *id, *name;
  PbCompetence *competence;
  JsonArray *tubes;

  if (!(index = get_string (object, "index", path, error)) ||
      !(id = get_string (object, "id", path, error)) ||
      !(name = get_string (object, "name", path, error)))
    return FALSE;

  /* A competence index is its area's code, a dot and its rank: "4.2". */
  prefix = g_strconcat (area->code, ".", NULL);
  if (!g_str_has_prefix (index, prefix) || index[strlen (prefix)] == '\0')
    return invalid (error, path, "the index “%s” does not belong to area %s", index, area->code);

  if (g_hash_table_contains (self->competence_index, index))
    return invalid (error, path, "the competence “%s” appears twice", index);

  competence = g_new0 (PbCompetence, 1);
  competence->index = g_strdup (index);
  competence->id = g_strdup (id);
  competence->name = g_strdup (name);
  competence->area = area;
  competence->tubes = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_tube_free);
  g_ptr_array_add (area->competences, competence);
  g_ptr_array_add (self->competences, competence);
  g_hash_table_insert (self->competence_index, competence->index, competence);

  if (!claim_id (self, competence->id, path, error))
    return FALSE;

  /* A competence without tubes yet is valid: the framework exists before
   * the content that assesses it.
   */
  if (!json_object_has_member (object, "tubes"))
    return TRUE;

  if (!(tubes = get_array (object, "tubes", path, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (tubes); i++)
    {
      g_autofree char *tube_path = g_strdup_printf ("%s.tubes[%u]", path, i);
      JsonObject *element = get_element (tubes, i, tube_path, error);

      if (element == NULL || !parse_tube (self, competence, element, tube_path, error))
        return FALSE;
    }

  return check_pix_per_level (competence, path, error);
}

static gboolean
is_color (const char *color)
{
  if (color[0] != '#' || strlen (color) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (color[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_area (PbFramework  *self,
            JsonObject   *object,
            const char   *path,
            GError      **error)
{
  const char *code, *title, *color;
  JsonArray *competences;
  PbArea *area;

  if (!(code = get_string (object, "code", path, error)) ||
      !(title = get_string (object, "title", path, error)) ||
      !(color = get_string (object, "color", path, error)))
    return FALSE;

  if (!is_color (color))
    return invalid (error, path, "the color “%s” is not of the form #rrggbb", color);

  for (guint i = 0; i < self->areas->len; i++)
    {
      if (g_strcmp0 (((PbArea *)g_ptr_array_index (self->areas, i))->code, code) == 0)
        return invalid (error, path, "the area “%s” appears twice", code);
    }

  area = g_new0 (PbArea, 1);
  area->code = g_strdup (code);
  area->title = g_strdup (title);
  area->color = g_strdup (color);
  area->competences = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_competence_free);
  g_ptr_array_add (self->areas, area);

  if (!(competences = get_array (object, "competences", path, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (competences); i++)
    {
      g_autofree char *competence_path = g_strdup_printf ("%s.competences[%u]", path, i);
      JsonObject *element = get_element (competences, i, competence_path, error);

      if (element == NULL || !parse_competence (self, area, element, competence_path, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_root (PbFramework  *self,
            JsonNode     *root,
            GError      **error)
{
  JsonObject *object;
  JsonArray *areas;
  double version;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "/", "an object is expected");

  object = json_node_get_object (root);
  if (!get_number (object, "version", "/", &version, error))
    return FALSE;
  if (version != FRAMEWORK_FORMAT_VERSION)
    return invalid (error, "/", "format version %g is not supported", version);

  if (!(areas = get_array (object, "areas", "/", error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (areas); i++)
    {
      g_autofree char *path = g_strdup_printf ("areas[%u]", i);
      JsonObject *element = get_element (areas, i, path, error);

      if (element == NULL || !parse_area (self, element, path, error))
        return FALSE;
    }

  return TRUE;
}

static void
build_indices (PbFramework *self)
{
  self->indices = g_new0 (char *, self->competences->len + 1);

  for (guint i = 0; i < self->competences->len; i++)
    {
      PbCompetence *competence = g_ptr_array_index (self->competences, i);
      self->indices[i] = g_strdup (competence->index);
    }
}

/**
 * pb_framework_new_from_bytes:
 * @json: the framework as JSON (see `data/content/framework.json`)
 *
 * Parses and checks a framework: unique ids, competence indices that belong to
 * their area, skill names made of their tube's name and level, and 8 pix per
 * level of a competence.
 *
 * Returns: (transfer full): a framework, or %NULL with @error set
 */
PbFramework *
pb_framework_new_from_bytes (GBytes  *json,
                             GError **error)
{
  g_autoptr(PbFramework) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  self = g_object_new (PB_TYPE_FRAMEWORK, NULL);
  if (!parse_root (self, json_parser_get_root (parser), error))
    return NULL;

  build_indices (self);
  return g_steal_pointer (&self);
}

/**
 * pb_framework_new_default:
 *
 * Loads the framework bundled with the program.
 *
 * Returns: (transfer full): the framework, or %NULL with @error set
 */
PbFramework *
pb_framework_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (pb_core_get_resource (), FRAMEWORK_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return pb_framework_new_from_bytes (bytes, error);
}

guint
pb_framework_get_n_areas (PbFramework *self)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), 0);

  return self->areas->len;
}

const PbArea *
pb_framework_get_area (PbFramework *self,
                       guint        position)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (position < self->areas->len, NULL);

  return g_ptr_array_index (self->areas, position);
}

guint
pb_framework_get_n_competences (PbFramework *self)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), 0);

  return self->competences->len;
}

const PbCompetence *
pb_framework_get_competence (PbFramework *self,
                             guint        position)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (position < self->competences->len, NULL);

  return g_ptr_array_index (self->competences, position);
}

/**
 * pb_framework_get_competence_indices:
 *
 * Returns: (transfer none): the competence indices in framework order
 * ("1.1" … "5.2"), %NULL-terminated: the order of Pix's CSV columns
 */
const char * const *
pb_framework_get_competence_indices (PbFramework *self)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);

  return (const char * const *)self->indices;
}

const PbCompetence *
pb_framework_lookup_competence (PbFramework *self,
                                const char  *index)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (index != NULL, NULL);

  return g_hash_table_lookup (self->competence_index, index);
}

const PbTube *
pb_framework_lookup_tube (PbFramework *self,
                          const char  *name)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->tube_index, name);
}

const PbSkill *
pb_framework_lookup_skill (PbFramework *self,
                           const char  *name)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->skill_index, name);
}

guint
pb_framework_get_n_skills (PbFramework *self)
{
  g_return_val_if_fail (PB_IS_FRAMEWORK (self), 0);

  return g_hash_table_size (self->skill_index);
}
