/* pb-siecle-reader.c
 *
 * SIECLE's ElevesSansAdresse.xml, read as a stream (files reach 20 MB):
 *
 *   BEE_ELEVES
 *     PARAMETRES / UAJ                      the school's UAI
 *     DONNEES
 *       ELEVES / ELEVE @ELEVE_ID            one pupil: ID_NATIONAL, names…
 *       STRUCTURES / STRUCTURES_ELEVE @ELEVE_ID
 *         STRUCTURE / CODE_STRUCTURE, TYPE_STRUCTURE
 *
 * A pupil's class comes after all pupils, so pupils are kept until the end
 * of the file; only the elements above are read, by their place in the
 * tree: an ELEVE also holds, say, last year's CODE_MEF and CODE_STRUCTURE
 * inside SCOLARITE_AN_DERNIER, which are not this year's.
 *
 * libxml2 is asked for nothing that reaches outside the file or multiplies
 * it: no network (XML_PARSE_NONET), no external DTD, no entity
 * substitution, and its default size limits (no XML_PARSE_HUGE). Its
 * errors go to a handler of this reader only, since the server parses
 * several files at once in its worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libxml/xmlreader.h>

#include "pb-siecle-input.h"
#include "pb-siecle-reader.h"
#include "pb-siecle-rules.h"

#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_IGNORE_ENC)

/* A pupil's class is their structure of type D; SIECLE files pupils who
 * have none under the pseudo-class "Inactifs" */
#define DIVISION_TYPE "D"
#define NOT_A_DIVISION "Inactifs"

/* Deeper than anything we read: STRUCTURE's children are at depth 5 */
#define MAX_DEPTH 8

static const PbSiecleField eleve_fields[] = {
  { "ID_NATIONAL", PB_SIECLE_OFFSET (national_student_id), "INE_REQUIRED" },
  { "NOM_DE_FAMILLE", PB_SIECLE_OFFSET (last_name), "LAST_NAME_REQUIRED" },
  { "NOM_USAGE", PB_SIECLE_OFFSET (preferred_last_name), NULL },
  { "PRENOM", PB_SIECLE_OFFSET (first_name), "FIRST_NAME_REQUIRED" },
  { "PRENOM2", PB_SIECLE_OFFSET (middle_name), NULL },
  { "PRENOM3", PB_SIECLE_OFFSET (third_name), NULL },
  { "DATE_NAISS", PB_SIECLE_OFFSET (birthdate), "BIRTHDATE_REQUIRED" },
  { "CODE_PAYS", PB_SIECLE_OFFSET (birth_country_code), NULL },
  { "CODE_DEPARTEMENT_NAISS", PB_SIECLE_OFFSET (birth_province_code), NULL },
  { "CODE_COMMUNE_INSEE_NAISS", PB_SIECLE_OFFSET (birth_city_code), NULL },
  { "VILLE_NAISS", PB_SIECLE_OFFSET (birth_city), NULL },
  { "CODE_SEXE", PB_SIECLE_OFFSET (sex), "SEX_CODE_REQUIRED" },
  { "CODE_MEF", PB_SIECLE_OFFSET (mef_code), NULL },
  { "CODE_STATUT", PB_SIECLE_OFFSET (status), NULL },
};

static const PbSiecleLayout siecle_layout = {
  eleve_fields, G_N_ELEMENTS (eleve_fields), FALSE,
};

/* The elements we read, by what they open */
typedef enum
{
  PLACE_OTHER,
  PLACE_DOCUMENT,
  PLACE_ROOT,
  PLACE_PARAMETRES,
  PLACE_DONNEES,
  PLACE_ELEVES,
  PLACE_ELEVE,
  PLACE_STRUCTURES,
  PLACE_STRUCTURES_ELEVE,
  PLACE_STRUCTURE,
} Place;

static const struct
{
  Place       parent;
  const char *name;
  Place       place;
} places[] = {
  { PLACE_DOCUMENT, "BEE_ELEVES", PLACE_ROOT },
  { PLACE_ROOT, "PARAMETRES", PLACE_PARAMETRES },
  { PLACE_ROOT, "DONNEES", PLACE_DONNEES },
  { PLACE_DONNEES, "ELEVES", PLACE_ELEVES },
  { PLACE_ELEVES, "ELEVE", PLACE_ELEVE },
  { PLACE_DONNEES, "STRUCTURES", PLACE_STRUCTURES },
  { PLACE_STRUCTURES, "STRUCTURES_ELEVE", PLACE_STRUCTURES_ELEVE },
  { PLACE_STRUCTURES_ELEVE, "STRUCTURE", PLACE_STRUCTURE },
};

typedef struct
{
  PbLearnerRecord *record;
  char            *left_on;  /* DATE_SORTIE */
} Pupil;

typedef struct
{
  xmlTextReaderPtr reader;
  Place            places[MAX_DEPTH];  /* what each open element is, by depth */
  char            *wrong_root;

  /* The text of the element being read, and where it goes */
  char           **target;
  int              target_depth;
  GString         *text;

  char            *uaj;
  GPtrArray       *pupils;             /* Pupil, in file order */
  Pupil           *pupil;              /* the ELEVE being read */

  char            *structure_owner;    /* ELEVE_ID of the STRUCTURES_ELEVE being read */
  char            *structure_code;
  char            *structure_type;
  GHashTable      *divisions;          /* ELEVE_ID → its class */

  char            *xml_error;          /* the first error libxml2 reported */
} Parse;

static void
pupil_free (Pupil *pupil)
{
  pb_learner_record_free (pupil->record);
  g_free (pupil->left_on);
  g_free (pupil);
}

static void
parse_init (Parse *self)
{
  self->text = g_string_new (NULL);
  self->pupils = g_ptr_array_new_with_free_func ((GDestroyNotify) pupil_free);
  self->divisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
parse_clear (Parse *self)
{
  g_clear_pointer (&self->reader, xmlFreeTextReader);
  g_clear_pointer (&self->wrong_root, g_free);
  if (self->text != NULL)
    g_string_free (g_steal_pointer (&self->text), TRUE);
  g_clear_pointer (&self->uaj, g_free);
  g_clear_pointer (&self->pupils, g_ptr_array_unref);
  g_clear_pointer (&self->structure_owner, g_free);
  g_clear_pointer (&self->structure_code, g_free);
  g_clear_pointer (&self->structure_type, g_free);
  g_clear_pointer (&self->divisions, g_hash_table_unref);
  g_clear_pointer (&self->xml_error, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parse, parse_clear)

/* libxml2 sets up its globals on first use: two worker threads parsing at
 * once must not both do it */
static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }
}

static void
on_xml_error (void        *user_data,
              xmlErrorPtr  xml_error)
{
  Parse *self = user_data;
  g_autofree char *message = NULL;

  /* The first error is the one to show: later ones follow from it */
  if (xml_error->level < XML_ERR_ERROR || self->xml_error != NULL)
    return;

  message = g_utf8_make_valid (xml_error->message != NULL ? xml_error->message : "unknown error",
                               -1);
  g_strdelimit (g_strstrip (message), "\n", ' ');
  self->xml_error = g_strdup_printf ("Line %d of the XML file: %s.", xml_error->line, message);
}

/* Elements */

static Place
place_of (Place       parent,
          const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (places); i++)
    {
      if (places[i].parent == parent && g_str_equal (places[i].name, name))
        return places[i].place;
    }

  return PLACE_OTHER;
}

static char *
eleve_id (Parse *self)
{
  xmlChar *value = xmlTextReaderGetAttribute (self->reader, BAD_CAST "ELEVE_ID");
  char *id = pb_siecle_value_normalize ((const char *) value);

  xmlFree (value);
  return id;
}

static void
begin_pupil (Parse *self)
{
  Pupil *pupil = g_new0 (Pupil, 1);

  pupil->record = g_new0 (PbLearnerRecord, 1);
  pupil->record->pupil_id = eleve_id (self);
  g_ptr_array_add (self->pupils, pupil);
  self->pupil = pupil;
}

/* The first class of a pupil counts */
static void
add_structure (Parse *self)
{
  if (self->structure_owner == NULL || self->structure_code == NULL ||
      g_strcmp0 (self->structure_type, DIVISION_TYPE) != 0 ||
      g_ascii_strcasecmp (self->structure_code, NOT_A_DIVISION) == 0 ||
      g_hash_table_contains (self->divisions, self->structure_owner))
    return;

  g_hash_table_insert (self->divisions,
                       g_strdup (self->structure_owner),
                       g_strdup (self->structure_code));
}

static void
enter_place (Parse *self,
             Place  place)
{
  switch (place)
    {
    case PLACE_ELEVE:
      begin_pupil (self);
      break;

    case PLACE_STRUCTURES_ELEVE:
      g_free (self->structure_owner);
      self->structure_owner = eleve_id (self);
      break;

    case PLACE_STRUCTURE:
      g_clear_pointer (&self->structure_code, g_free);
      g_clear_pointer (&self->structure_type, g_free);
      break;

    default:
      break;
    }
}

static void
leave_place (Parse *self,
             Place  place)
{
  switch (place)
    {
    case PLACE_ELEVE:
      self->pupil = NULL;
      break;

    case PLACE_STRUCTURES_ELEVE:
      g_clear_pointer (&self->structure_owner, g_free);
      break;

    case PLACE_STRUCTURE:
      add_structure (self);
      break;

    default:
      break;
    }
}

static char **
pupil_slot (Pupil      *pupil,
            const char *name)
{
  if (g_str_equal (name, "DATE_SORTIE"))
    return &pupil->left_on;

  for (gsize i = 0; i < G_N_ELEMENTS (eleve_fields); i++)
    {
      if (g_str_equal (name, eleve_fields[i].name))
        return pb_siecle_field_slot (pupil->record, &eleve_fields[i]);
    }

  return NULL;
}

/* Where the text of element @name goes, inside @parent */
static char **
text_target (Parse      *self,
             Place       parent,
             const char *name)
{
  switch (parent)
    {
    case PLACE_PARAMETRES:
      return g_str_equal (name, "UAJ") ? &self->uaj : NULL;

    case PLACE_ELEVE:
      return pupil_slot (self->pupil, name);

    case PLACE_STRUCTURE:
      if (g_str_equal (name, "CODE_STRUCTURE"))
        return &self->structure_code;
      if (g_str_equal (name, "TYPE_STRUCTURE"))
        return &self->structure_type;
      return NULL;

    default:
      return NULL;
    }
}

static void
end_element (Parse *self,
             int    depth)
{
  if (self->target != NULL && depth == self->target_depth)
    {
      g_free (*self->target);
      *self->target = pb_siecle_value_normalize (self->text->str);
      self->target = NULL;
    }

  if (depth < MAX_DEPTH)
    leave_place (self, self->places[depth]);
}

/* Returns FALSE when the document is not a SIECLE export at all */
static gboolean
start_element (Parse *self)
{
  int depth = xmlTextReaderDepth (self->reader);
  const char *name = (const char *) xmlTextReaderConstName (self->reader);
  Place parent = depth == 0 ? PLACE_DOCUMENT
               : depth <= MAX_DEPTH ? self->places[depth - 1]
               : PLACE_OTHER;
  Place place = place_of (parent, name);

  if (depth == 0 && place != PLACE_ROOT)
    {
      self->wrong_root = g_utf8_make_valid (name, -1);
      return FALSE;
    }

  enter_place (self, place);

  if (self->target == NULL && place == PLACE_OTHER)
    {
      self->target = text_target (self, parent, name);
      self->target_depth = depth;
      g_string_truncate (self->text, 0);
    }

  if (depth < MAX_DEPTH)
    self->places[depth] = place;

  /* <NOM_USAGE/> has no end element of its own */
  if (xmlTextReaderIsEmptyElement (self->reader) == 1)
    end_element (self, depth);

  return TRUE;
}

static gboolean
read_document (Parse *self)
{
  int status;

  while ((status = xmlTextReaderRead (self->reader)) == 1)
    {
      switch (xmlTextReaderNodeType (self->reader))
        {
        case XML_READER_TYPE_ELEMENT:
          if (!start_element (self))
            return FALSE;
          break;

        case XML_READER_TYPE_END_ELEMENT:
          end_element (self, xmlTextReaderDepth (self->reader));
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (self->target != NULL)
            g_string_append (self->text, (const char *) xmlTextReaderConstValue (self->reader));
          break;

        default:
          break;
        }
    }

  return status == 0;
}

/* The reading stopped: say why, the deepest cause first (a damaged zip
 * shows to libxml2 as a truncated document) */
static void
report_failure (Parse          *self,
                PbSiecleInput  *input,
                GError        **error)
{
  if (!pb_siecle_input_check (input, error))
    return;

  if (self->wrong_root != NULL)
    g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                 "This is not a SIECLE pupil file: its root element is <%s>, not <BEE_ELEVES>.",
                 self->wrong_root);
  else
    g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                         self->xml_error != NULL ? self->xml_error
                                                 : "The XML file cannot be read.");
}

/* The learners */

/* A school must not import another school's pupils */
static void
check_uaj (const char *uaj,
           const char *expected_uai,
           GPtrArray  *errors)
{
  g_autofree char *expected = NULL;

  if (expected_uai == NULL)
    return;

  expected = pb_siecle_value_normalize (expected_uai);
  if (uaj != NULL && expected != NULL && g_ascii_strcasecmp (uaj, expected) == 0)
    return;

  if (uaj == NULL)
    pb_siecle_add_issue (errors, NULL, "UAI_MISMATCHED", "UAJ",
                         "The file gives no school number (UAJ); it should be %s.",
                         expected_uai);
  else
    pb_siecle_add_issue (errors, NULL, "UAI_MISMATCHED", "UAJ",
                         "The file is for the school %s, not %s.", uaj, expected_uai);
}

/* SIECLE lists every pupil the school had this year. Those who left have a
 * DATE_SORTIE, and those not in a class yet have no division; neither
 * takes tests here. Both are skipped, and said so: a missing pupil is what
 * people will ask about. */
static gboolean
keep_pupil (Parse     *self,
            Pupil     *pupil,
            GPtrArray *warnings)
{
  const char *division = NULL;

  if (pupil->left_on != NULL)
    {
      pb_siecle_add_issue (warnings, pupil->record, "LEFT_SCHOOL", "DATE_SORTIE",
                           "left the school on %s; not imported.", pupil->left_on);
      return FALSE;
    }

  if (pupil->record->pupil_id != NULL)
    division = g_hash_table_lookup (self->divisions, pupil->record->pupil_id);
  if (division == NULL)
    {
      pb_siecle_add_issue (warnings, pupil->record, "NO_DIVISION", "CODE_STRUCTURE",
                           "in no class (division); not imported.");
      return FALSE;
    }

  pupil->record->division = g_strdup (division);
  return TRUE;
}

static void
fill_set (Parse        *self,
          const char   *expected_uai,
          PbLearnerSet *set)
{
  g_autoptr(GHashTable) seen_ines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  check_uaj (self->uaj, expected_uai, set->errors);

  for (guint i = 0; i < self->pupils->len; i++)
    {
      Pupil *pupil = g_ptr_array_index (self->pupils, i);

      if (!keep_pupil (self, pupil, set->warnings))
        continue;

      pb_siecle_check_record (&siecle_layout, pupil->record, seen_ines, set->errors);
      g_ptr_array_add (set->learners, g_steal_pointer (&pupil->record));
    }
}

/**
 * pb_siecle_reader_parse:
 * @data: ElevesSansAdresse.xml, or a zip holding it
 * @expected_uai: (nullable): the UAI the file's UAJ must match
 * @set: where to add the pupils, errors and warnings
 * @error: return location for a %PB_LEARNER_IMPORT_ERROR
 *
 * Returns: %FALSE with @error set if the file cannot be read as a whole
 */
gboolean
pb_siecle_reader_parse (GBytes        *data,
                        const char    *expected_uai,
                        PbLearnerSet  *set,
                        GError       **error)
{
  g_autoptr(PbSiecleInput) input = NULL;
  g_auto(Parse) self = { 0 };

  ensure_libxml ();

  input = pb_siecle_input_new (data, error);
  if (input == NULL)
    return FALSE;

  parse_init (&self);
  self.reader = xmlReaderForIO (pb_siecle_input_read, NULL, input, "ElevesSansAdresse.xml",
                                NULL, PARSE_OPTIONS);
  if (self.reader == NULL)
    {
      report_failure (&self, input, error);
      return FALSE;
    }

  xmlTextReaderSetStructuredErrorHandler (self.reader, on_xml_error, &self);
  if (!read_document (&self))
    {
      report_failure (&self, input, error);
      return FALSE;
    }

  fill_set (&self, expected_uai, set);
  return TRUE;
}
