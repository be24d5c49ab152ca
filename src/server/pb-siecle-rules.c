/* pb-siecle-rules.c
 *
 * The rules of pix-domain §7.1 that hold for one learner whatever the file
 * it came from. The codes are listed in pb-learner-import.c. Values come
 * in as the file has them (trimmed) and leave in the form PbLearnerRecord
 * promises: INE upper-cased, sex "M" or "F", birth date YYYY-MM-DD; a
 * value that cannot be brought to that form is reported and cleared, so
 * that no record ever holds, say, a French date where an ISO one is due.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-siecle-rules.h"

/* SIECLE writes France as "100"; INSEE country codes, which the CSV
 * templates use, as "99100". */
#define FRANCE_SIECLE "100"
#define FRANCE_INSEE "99100"

/* The oldest birth year taken as real: before it, the year is a typing
 * slip ("0203" for 2003), not a pupil. */
#define MIN_BIRTH_YEAR 1900

static const gsize name_offsets[] = {
  PB_SIECLE_OFFSET (last_name),
  PB_SIECLE_OFFSET (preferred_last_name),
  PB_SIECLE_OFFSET (first_name),
  PB_SIECLE_OFFSET (middle_name),
  PB_SIECLE_OFFSET (third_name),
};

/* How people find the learner again in their file: the line of a CSV; in
 * SIECLE, the pupil's number and name. Lower-case, to sit inside a
 * sentence. */
static char *
describe_learner (const PbLearnerRecord *record)
{
  g_autofree char *name = NULL;

  if (record->line > 0)
    return g_strdup_printf ("line %u", record->line);

  if (record->last_name != NULL || record->first_name != NULL)
    name = g_strjoin (" ",
                      record->last_name != NULL ? record->last_name : "",
                      record->first_name != NULL ? record->first_name : "",
                      NULL);

  if (record->pupil_id != NULL && name != NULL)
    return g_strdup_printf ("pupil %s (%s)", record->pupil_id, g_strstrip (name));
  if (record->pupil_id != NULL)
    return g_strdup_printf ("pupil %s", record->pupil_id);
  if (name != NULL)
    return g_strdup_printf ("pupil %s", g_strstrip (name));

  return g_strdup ("a pupil without number");
}

/* Control characters have no place in a name, and U+FFFD is what a
 * decoder leaves for a byte it could not read: both mean the file is
 * damaged or was saved in another encoding than it says. */
static gboolean
has_invalid_char (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0xFFFD)
        return TRUE;
    }

  return FALSE;
}

/* SIECLE codes the sex 1 (male) and 2 (female); the CSV template asks for
 * M or F, and spreadsheets made from SIECLE keep 1 and 2. */
static char *
sex_from_code (const char           *code,
               const PbSiecleLayout *layout)
{
  if (g_str_equal (code, "1") || (layout->sex_letters && g_ascii_strcasecmp (code, "M") == 0))
    return g_strdup ("M");
  if (g_str_equal (code, "2") || (layout->sex_letters && g_ascii_strcasecmp (code, "F") == 0))
    return g_strdup ("F");

  return NULL;
}

/* Reads DD/MM/YYYY into YYYY-MM-DD, or returns NULL unless it is a real
 * date. Day and month may lack their leading zero, as spreadsheets write
 * them; the year has its four digits. */
static char *
iso_date_from_french (const char           *text,
                      const PbSiecleLayout *layout)
{
  static const guint min_width[] = { 1, 1, 4 };
  static const guint max_width[] = { 2, 2, 4 };
  guint parts[3];
  const char *p = text;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      guint value = 0;
      guint width = 0;

      while (width < max_width[i] && g_ascii_isdigit (*p))
        {
          value = value * 10 + (guint) (*p - '0');
          width++;
          p++;
        }

      if (width < min_width[i])
        return NULL;
      parts[i] = value;

      if (i + 1 < G_N_ELEMENTS (parts) && *p++ != '/')
        return NULL;
    }

  if (*p != '\0' || parts[2] < MIN_BIRTH_YEAR ||
      !g_date_valid_dmy ((GDateDay) parts[0], (GDateMonth) parts[1], (GDateYear) parts[2]))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", parts[2], parts[1], parts[0]);
}

/* The field of @layout at @offset when the record has a value there */
static const PbSiecleField *
field_with_value (const PbSiecleLayout  *layout,
                  PbLearnerRecord       *record,
                  gsize                  offset,
                  char                ***slot)
{
  const PbSiecleField *field = pb_siecle_layout_find (layout, offset);

  if (field == NULL)
    return NULL;

  *slot = pb_siecle_field_slot (record, field);
  return **slot != NULL ? field : NULL;
}

static void
check_required (const PbSiecleLayout *layout,
                PbLearnerRecord      *record,
                GPtrArray            *errors)
{
  for (gsize i = 0; i < layout->n_fields; i++)
    {
      const PbSiecleField *field = &layout->fields[i];

      if (field->missing != NULL && *pb_siecle_field_slot (record, field) == NULL)
        pb_siecle_add_issue (errors, record, field->missing, field->name,
                             "%s is missing.", field->name);
    }
}

static void
check_ine (const PbSiecleLayout *layout,
           PbLearnerRecord      *record,
           GHashTable           *seen_ines,
           GPtrArray            *errors)
{
  char **slot;
  const PbSiecleField *field = field_with_value (layout, record,
                                                 PB_SIECLE_OFFSET (national_student_id), &slot);
  char *upper;

  if (field == NULL)
    return;

  /* INEs hold letters that schools type in either case */
  upper = g_ascii_strup (*slot, -1);
  g_free (*slot);
  *slot = upper;

  pb_siecle_check_unique (seen_ines, *slot, record, "INE_UNIQUE", field->name, errors);
}

static void
check_names (const PbSiecleLayout *layout,
             PbLearnerRecord      *record,
             GPtrArray            *errors)
{
  for (gsize i = 0; i < G_N_ELEMENTS (name_offsets); i++)
    {
      char **slot;
      const PbSiecleField *field = field_with_value (layout, record, name_offsets[i], &slot);

      if (field != NULL && has_invalid_char (*slot))
        pb_siecle_add_issue (errors, record, "INVALID_CHAR_DETECTED", field->name,
                             "%s holds a control character or a character that could not "
                             "be decoded.", field->name);
    }
}

/* Brings the value at @offset to its final form with @convert; a value it
 * cannot convert is reported as @problem, and cleared */
static void
convert_field (const PbSiecleLayout *layout,
               PbLearnerRecord      *record,
               gsize                 offset,
               char               *(*convert) (const char           *value,
                                               const PbSiecleLayout *layout),
               const char           *code,
               const char           *problem,
               GPtrArray            *errors)
{
  char **slot;
  const PbSiecleField *field = field_with_value (layout, record, offset, &slot);
  char *converted;

  if (field == NULL)
    return;

  converted = convert (*slot, layout);
  if (converted == NULL)
    pb_siecle_add_issue (errors, record, code, field->name,
                         "%s “%s” is %s.", field->name, *slot, problem);

  g_free (*slot);
  *slot = converted;
}

/* Pupils born in France are identified by the INSEE code of their birth
 * town: names are ambiguous (there are dozens of Saint-Martin). */
static void
check_birth_city_code (const PbSiecleLayout *layout,
                       PbLearnerRecord      *record,
                       GPtrArray            *errors)
{
  const PbSiecleField *city_code = pb_siecle_layout_find (layout,
                                                         PB_SIECLE_OFFSET (birth_city_code));
  const PbSiecleField *country = pb_siecle_layout_find (layout,
                                                       PB_SIECLE_OFFSET (birth_country_code));

  if (city_code == NULL || country == NULL ||
      record->birth_city_code != NULL || !pb_siecle_is_france (record->birth_country_code))
    return;

  pb_siecle_add_issue (errors, record, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", city_code->name,
                       "born in France (%s %s) but %s is missing.",
                       country->name, record->birth_country_code, city_code->name);
}

/**
 * pb_siecle_value_normalize:
 * @raw: (nullable): a value as read from the file
 *
 * Returns: (transfer full) (nullable): @raw without surrounding white
 *   space, or %NULL when nothing is left
 */
char *
pb_siecle_value_normalize (const char *raw)
{
  g_autofree char *value = NULL;

  if (raw == NULL)
    return NULL;

  value = g_strstrip (g_strdup (raw));
  return value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

char **
pb_siecle_field_slot (PbLearnerRecord     *record,
                      const PbSiecleField *field)
{
  return G_STRUCT_MEMBER_P (record, field->offset);
}

const PbSiecleField *
pb_siecle_layout_find (const PbSiecleLayout *layout,
                       gsize                 offset)
{
  for (gsize i = 0; i < layout->n_fields; i++)
    {
      if (layout->fields[i].offset == offset)
        return &layout->fields[i];
    }

  return NULL;
}

gboolean
pb_siecle_is_france (const char *country_code)
{
  return g_strcmp0 (country_code, FRANCE_SIECLE) == 0 ||
         g_strcmp0 (country_code, FRANCE_INSEE) == 0;
}

/**
 * pb_siecle_add_issue:
 * @issues: where to add the issue
 * @record: (nullable): the learner concerned, or %NULL for the whole file
 * @code: the stable code of the issue
 * @field: (nullable): the XML element or CSV column concerned
 * @format: the English sentence, printf-style; it follows “Line 3: ” or
 *   “Pupil 1001 (DUPONT Zoé): ” when there is a @record, so it then starts
 *   lower-case (or with a field name)
 *
 * Adds a #PbImportIssue located on @record's line or pupil id.
 */
void
pb_siecle_add_issue (GPtrArray             *issues,
                     const PbLearnerRecord *record,
                     const char            *code,
                     const char            *field,
                     const char            *format,
                     ...)
{
  PbImportIssue *issue = g_new0 (PbImportIssue, 1);
  g_autofree char *message = NULL;
  g_autofree char *who = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  issue->code = g_strdup (code);
  issue->field = g_strdup (field);

  if (record != NULL)
    {
      who = describe_learner (record);
      who[0] = g_ascii_toupper (who[0]);
      issue->line = record->line;
      issue->pupil_id = g_strdup (record->pupil_id);
      issue->detail = g_strdup_printf ("%s: %s", who, message);
    }
  else
    {
      issue->detail = g_steal_pointer (&message);
    }

  g_ptr_array_add (issues, issue);
}

/**
 * pb_siecle_check_unique:
 * @seen: keys met so far, mapped to where (a table made with
 *   g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free))
 * @key: (nullable): the key of @record; %NULL is never a duplicate
 * @record: the learner being checked
 * @code: the issue code for a duplicate
 * @field: the element or column holding @key
 * @errors: where to report a duplicate
 *
 * The first learner with a key is the reference; every later one is
 * reported, with where the first one is, so that people can tell which is
 * right.
 *
 * Returns: %TRUE if @key was not seen before
 */
gboolean
pb_siecle_check_unique (GHashTable      *seen,
                        const char      *key,
                        PbLearnerRecord *record,
                        const char      *code,
                        const char      *field,
                        GPtrArray       *errors)
{
  const char *first;

  if (key == NULL)
    return TRUE;

  first = g_hash_table_lookup (seen, key);
  if (first == NULL)
    {
      g_hash_table_insert (seen, g_strdup (key), describe_learner (record));
      return TRUE;
    }

  pb_siecle_add_issue (errors, record, code, field,
                       "%s “%s” is already that of %s.", field, key, first);
  return FALSE;
}

/**
 * pb_siecle_check_record:
 * @layout: the fields of the file's format
 * @record: a learner as read, values trimmed
 * @seen_ines: the INEs of the learners before it (see
 *   pb_siecle_check_unique())
 * @errors: where to report
 *
 * Checks @record against every rule of §7.1 that @layout has the fields
 * for, reporting each problem, and brings its values to their final form.
 */
void
pb_siecle_check_record (const PbSiecleLayout *layout,
                        PbLearnerRecord      *record,
                        GHashTable           *seen_ines,
                        GPtrArray            *errors)
{
  check_required (layout, record, errors);
  check_ine (layout, record, seen_ines, errors);
  check_names (layout, record, errors);
  convert_field (layout, record, PB_SIECLE_OFFSET (sex), sex_from_code, "SEX_CODE_REQUIRED",
                 layout->sex_letters ? "none of M, F, 1 (male) and 2 (female)"
                                     : "neither 1 (male) nor 2 (female)",
                 errors);
  convert_field (layout, record, PB_SIECLE_OFFSET (birthdate), iso_date_from_french,
                 "INVALID_BIRTHDATE_FORMAT", "not a date written DD/MM/YYYY", errors);
  check_birth_city_code (layout, record, errors);
}
