/* pb-learner-csv.c
 *
 * The learner CSV files of schools without SIECLE (SCO, pix-domain §7.2)
 * and of universities (SUP, §7.3), as a spreadsheet saves them from Pix's
 * templates. PbCsvReader deals with the encoding and the separator; here
 * the header row names the columns, by their French labels exactly (a
 * template's "*" marking a required column is allowed), in any order. A
 * column we do not know is refused rather than ignored: it is usually a
 * misspelt one whose values would silently be lost.
 *
 * Each row is checked with the SIECLE rules (pb-siecle-rules.c) and the
 * rules of its format below; issues carry the row's physical line and
 * the column label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-csv-reader.h"
#include "pb-learner-csv.h"
#include "pb-siecle-rules.h"

#define LABEL_CITY_CODE "Code commune naissance"
#define LABEL_CITY "Libellé commune naissance"
#define LABEL_STATUS "Statut"
#define LABEL_EMAIL "Email"
#define LABEL_STUDENT_NUMBER "Numéro étudiant"

/* The columns both templates have */
#define NAME_AND_BIRTHDATE_COLUMNS \
  { "Premier prénom", PB_SIECLE_OFFSET (first_name), "FIRST_NAME_REQUIRED" }, \
  { "Deuxième prénom", PB_SIECLE_OFFSET (middle_name), NULL }, \
  { "Troisième prénom", PB_SIECLE_OFFSET (third_name), NULL }, \
  { "Nom de famille", PB_SIECLE_OFFSET (last_name), "LAST_NAME_REQUIRED" }, \
  { "Nom d'usage", PB_SIECLE_OFFSET (preferred_last_name), NULL }, \
  { "Date de naissance (jj/mm/aaaa)", PB_SIECLE_OFFSET (birthdate), "BIRTHDATE_REQUIRED" }

/* A column is required in the header exactly when its value is required
 * in every row: those with a code for the missing value */
static const PbSiecleField sco_columns[] = {
  { "Identifiant unique", PB_SIECLE_OFFSET (national_student_id), "INE_REQUIRED" },
  NAME_AND_BIRTHDATE_COLUMNS,
  { "Code sexe", PB_SIECLE_OFFSET (sex), "SEX_CODE_REQUIRED" },
  { LABEL_CITY_CODE, PB_SIECLE_OFFSET (birth_city_code), NULL },
  { LABEL_CITY, PB_SIECLE_OFFSET (birth_city), NULL },
  { "Code département naissance", PB_SIECLE_OFFSET (birth_province_code), "FIELD_REQUIRED" },
  { "Code pays naissance", PB_SIECLE_OFFSET (birth_country_code), "FIELD_REQUIRED" },
  { LABEL_STATUS, PB_SIECLE_OFFSET (status), "FIELD_REQUIRED" },
  { "Code MEF", PB_SIECLE_OFFSET (mef_code), "FIELD_REQUIRED" },
  { "Division", PB_SIECLE_OFFSET (division), "FIELD_REQUIRED" },
};

static const PbSiecleField sup_columns[] = {
  NAME_AND_BIRTHDATE_COLUMNS,
  { LABEL_EMAIL, PB_SIECLE_OFFSET (email), NULL },
  { LABEL_STUDENT_NUMBER, PB_SIECLE_OFFSET (student_number), "FIELD_REQUIRED" },
  { "Composante", PB_SIECLE_OFFSET (department), NULL },
  { "Équipe pédagogique", PB_SIECLE_OFFSET (educational_team), NULL },
  { "Groupe", PB_SIECLE_OFFSET (group), NULL },
  { "Diplôme", PB_SIECLE_OFFSET (diploma), NULL },
  { "Régime", PB_SIECLE_OFFSET (study_scheme), NULL },
};

/* The birth city: the SCO template asks for its code or its name */
static const char * const sco_city_columns[] = { LABEL_CITY_CODE, LABEL_CITY, NULL };

typedef struct
{
  const char         *name;
  PbSiecleLayout      layout;
  const char * const *one_of;    /* columns at least one of which is needed, or NULL */
  void              (*check_row) (GHashTable      *seen,
                                  PbLearnerRecord *record,
                                  GPtrArray       *errors);
} CsvFormat;

typedef struct
{
  const CsvFormat      *format;
  PbCsvReader          *reader;
  const PbSiecleField **columns;   /* the field of each header cell, NULL for an unnamed one */
  guint                 n_columns;
  GHashTable           *seen;      /* the key of each learner so far: INE or student number */
} Csv;

static void
csv_clear (Csv *self)
{
  g_clear_object (&self->reader);
  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->seen, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Csv, csv_clear)

/* SCO rows */

/* The CSV writes the status as SIECLE does: ST (student), AP (apprentice) */
static void
check_status (PbLearnerRecord *record,
              GPtrArray       *errors)
{
  g_autofree char *status = NULL;

  if (record->status == NULL)
    return;

  status = g_ascii_strup (record->status, -1);
  if (g_str_equal (status, "ST") || g_str_equal (status, "AP"))
    {
      g_free (record->status);
      record->status = g_steal_pointer (&status);
      return;
    }

  pb_siecle_add_issue (errors, record, "FIELD_BAD_VALUE", LABEL_STATUS,
                       "%s “%s” is neither ST (student) nor AP (apprentice).",
                       LABEL_STATUS, record->status);
  g_clear_pointer (&record->status, g_free);
}

/* The code is what identifies a town, and the SIECLE rules already
 * require it of a pupil born in France; for one born abroad the name will
 * do, but one of them must be there. */
static void
check_birth_city (PbLearnerRecord *record,
                  GPtrArray       *errors)
{
  if (record->birth_city_code != NULL || record->birth_city != NULL ||
      pb_siecle_is_france (record->birth_country_code))
    return;

  pb_siecle_add_issue (errors, record, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", LABEL_CITY_CODE,
                       "neither %s nor %s is given.", LABEL_CITY_CODE, LABEL_CITY);
}

static void
check_sco_row (GHashTable      *seen,
               PbLearnerRecord *record,
               GPtrArray       *errors)
{
  check_status (record, errors);
  check_birth_city (record, errors);
}

/* SUP rows */

/* Only what catches typing slips (a missing "@", a space, "gmail..com"):
 * a full RFC 5322 check would accept addresses no student has */
static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *domain = at != NULL ? at + 1 : NULL;

  if (at == NULL || at == text || strchr (domain, '@') != NULL ||
      strchr (domain, '.') == NULL || domain[0] == '.' ||
      g_str_has_suffix (domain, ".") || strstr (domain, "..") != NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        return FALSE;
    }

  return TRUE;
}

/* Universities know their students by number */
static void
check_sup_row (GHashTable      *seen,
               PbLearnerRecord *record,
               GPtrArray       *errors)
{
  pb_siecle_check_unique (seen, record->student_number, record,
                          "STUDENT_NUMBER_UNIQUE", LABEL_STUDENT_NUMBER, errors);

  if (record->email != NULL && !is_email (record->email))
    pb_siecle_add_issue (errors, record, "EMAIL_INVALID", LABEL_EMAIL,
                         "%s “%s” is not an email address.", LABEL_EMAIL, record->email);
}

static const CsvFormat sco_format = {
  "SCO", { sco_columns, G_N_ELEMENTS (sco_columns), TRUE }, sco_city_columns, check_sco_row,
};

static const CsvFormat sup_format = {
  "SUP", { sup_columns, G_N_ELEMENTS (sup_columns), FALSE }, NULL, check_sup_row,
};

/* Records */

/* Spreadsheets write a line of separators for a row left blank */
static gboolean
is_blank (GStrv cells)
{
  for (guint i = 0; cells[i] != NULL; i++)
    {
      g_autofree char *value = pb_siecle_value_normalize (cells[i]);

      if (value != NULL)
        return FALSE;
    }

  return TRUE;
}

/* The next record that is not blank; FALSE at the end, or on a syntax
 * error (with @error set) */
static gboolean
next_record (Csv      *self,
             GStrv    *cells,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  while (pb_csv_reader_next (self->reader, cells, &local_error))
    {
      if (!is_blank (*cells))
        return TRUE;
      g_clear_pointer (cells, g_strfreev);
    }

  if (local_error != NULL)
    g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                         local_error->message);
  return FALSE;
}

/* Header */

static char *
column_label (const char *cell)
{
  g_autofree char *label = g_strstrip (g_strdup (cell));
  gsize len = strlen (label);

  while (len > 0 && label[len - 1] == '*')
    label[--len] = '\0';

  /* macOS may hand the accents over decomposed */
  return g_utf8_normalize (g_strchomp (label), -1, G_NORMALIZE_NFC);
}

static const PbSiecleField *
field_labelled (const PbSiecleLayout *layout,
                const char           *label)
{
  for (gsize i = 0; i < layout->n_fields; i++)
    {
      if (g_str_equal (layout->fields[i].name, label))
        return &layout->fields[i];
    }

  return NULL;
}

static gboolean
has_column (Csv        *self,
            const char *label)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      if (self->columns[i] != NULL && g_str_equal (self->columns[i]->name, label))
        return TRUE;
    }

  return FALSE;
}

static gboolean
map_column (Csv         *self,
            guint        index,
            const char  *cell,
            GError     **error)
{
  g_autofree char *label = column_label (cell);
  const PbSiecleField *field;

  /* Spreadsheets leave separators after the last column; a value under
   * such an unnamed column is caught row by row */
  if (label == NULL || label[0] == '\0')
    return TRUE;

  field = field_labelled (&self->format->layout, label);
  if (field == NULL)
    {
      g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                   "The column “%s” is not a column of the %s learner file.",
                   label, self->format->name);
      return FALSE;
    }

  if (has_column (self, field->name))
    {
      g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                   "The column “%s” appears twice.", field->name);
      return FALSE;
    }

  self->columns[index] = field;
  return TRUE;
}

static gboolean
check_columns (Csv     *self,
               GError **error)
{
  const PbSiecleLayout *layout = &self->format->layout;
  const char * const *one_of = self->format->one_of;
  gboolean has_one = (one_of == NULL);

  for (gsize i = 0; i < layout->n_fields; i++)
    {
      if (layout->fields[i].missing != NULL && !has_column (self, layout->fields[i].name))
        {
          g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                       "The required column “%s” is missing.", layout->fields[i].name);
          return FALSE;
        }
    }

  for (guint i = 0; one_of != NULL && one_of[i] != NULL; i++)
    has_one = has_one || has_column (self, one_of[i]);

  if (!has_one)
    {
      g_autofree char *labels = g_strjoinv ("”, “", (GStrv) one_of);

      g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                   "One of the columns “%s” is required.", labels);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_header (Csv     *self,
             GError **error)
{
  g_auto(GStrv) cells = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!next_record (self, &cells, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                     "The file is empty: it should start with the header row of the %s "
                     "learner file.", self->format->name);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  self->n_columns = g_strv_length (cells);
  self->columns = g_new0 (const PbSiecleField *, self->n_columns);

  for (guint i = 0; i < self->n_columns; i++)
    {
      if (!map_column (self, i, cells[i], error))
        return FALSE;
    }

  return check_columns (self, error);
}

/* Rows */

/* Values fall in the fields of their columns. A row shorter than the
 * header just lacks its last values (spreadsheets drop empty trailing
 * cells); a value beyond the named columns means the row is shifted, a
 * separator typed inside a value perhaps, and nothing in it can be
 * trusted: the whole file is refused, at that line. */
static PbLearnerRecord *
record_from_row (Csv      *self,
                 GStrv     cells,
                 GError  **error)
{
  g_autoptr(PbLearnerRecord) record = g_new0 (PbLearnerRecord, 1);

  record->line = pb_csv_reader_get_line (self->reader);

  for (guint i = 0; cells[i] != NULL; i++)
    {
      g_autofree char *value = pb_siecle_value_normalize (cells[i]);

      if (i < self->n_columns && self->columns[i] != NULL)
        {
          *pb_siecle_field_slot (record, self->columns[i]) = g_steal_pointer (&value);
        }
      else if (value != NULL)
        {
          g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                       "Line %u has a value, “%s”, in a column without a header.",
                       record->line, value);
          return NULL;
        }
    }

  return g_steal_pointer (&record);
}

static gboolean
read_rows (Csv           *self,
           PbLearnerSet  *set,
           GError       **error)
{
  GStrv cells = NULL;
  g_autoptr(GError) local_error = NULL;

  while (next_record (self, &cells, &local_error))
    {
      PbLearnerRecord *record = record_from_row (self, cells, error);

      g_clear_pointer (&cells, g_strfreev);
      if (record == NULL)
        return FALSE;

      pb_siecle_check_record (&self->format->layout, record, self->seen, set->errors);
      self->format->check_row (self->seen, record, set->errors);
      g_ptr_array_add (set->learners, record);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * pb_learner_csv_parse:
 * @format: %PB_LEARNER_FORMAT_SCO_CSV or %PB_LEARNER_FORMAT_SUP_CSV
 * @data: the CSV file
 * @set: where to add the learners and errors
 * @error: return location for a %PB_LEARNER_IMPORT_ERROR_FORMAT error:
 *   undecodable text, a CSV syntax error, an unknown, repeated or missing
 *   column, a shifted row
 *
 * Returns: %FALSE with @error set if the file cannot be read as a whole
 */
gboolean
pb_learner_csv_parse (PbLearnerFormat   format,
                      GBytes           *data,
                      PbLearnerSet     *set,
                      GError          **error)
{
  g_auto(Csv) self = { 0 };
  g_autoptr(GError) local_error = NULL;

  self.format = format == PB_LEARNER_FORMAT_SUP_CSV ? &sup_format : &sco_format;
  self.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self.reader = pb_csv_reader_new (data, &local_error);
  if (self.reader == NULL)
    {
      g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                           local_error->message);
      return FALSE;
    }

  return read_header (&self, error) && read_rows (&self, set, error);
}
