/* pb-learner-import.c
 *
 * The entry point of learner imports: it hands the file to the reader of
 * its format and owns what they return. The readers are
 * pb-siecle-reader.c (SIECLE XML, through pb-siecle-input.c for zips and
 * encodings) and pb-learner-csv.c (SCO and SUP CSV); the rules they share
 * are in pb-siecle-rules.c.
 *
 * Issue codes. They are stable: clients and translations key on them.
 *
 * Errors (any error means nothing is imported):
 *   UAI_MISMATCHED    SIECLE: the file's UAJ is absent or is not the UAI of
 *                     the organization importing it.
 *   INE_REQUIRED      SIECLE ID_NATIONAL / SCO "Identifiant unique" missing.
 *   INE_UNIQUE        the same INE (compared upper-cased) on an earlier
 *                     learner of the file; reported on each later one.
 *   LAST_NAME_REQUIRED   NOM_DE_FAMILLE / "Nom de famille" missing.
 *   FIRST_NAME_REQUIRED  PRENOM / "Premier prénom" missing.
 *   SEX_CODE_REQUIRED CODE_SEXE / "Code sexe" missing, or not 1 or 2 (the
 *                     SCO CSV also takes M and F).
 *   BIRTHDATE_REQUIRED   DATE_NAISS / "Date de naissance (jj/mm/aaaa)" missing.
 *   INVALID_BIRTHDATE_FORMAT  the birth date is not a real DD/MM/YYYY date.
 *   BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT  a pupil born in France (country
 *                     100, or 99100 as INSEE writes it) has no birth city
 *                     code; in the SCO CSV also a pupil born abroad with
 *                     neither the city code nor the city name.
 *   INVALID_CHAR_DETECTED  a name holds a control character or U+FFFD
 *                     (the mark of a character that could not be decoded).
 *   FIELD_REQUIRED    CSV: another required column is empty for a row (SCO:
 *                     birth department and country, status, MEF code,
 *                     division; SUP: student number).
 *   FIELD_BAD_VALUE   SCO CSV: "Statut" is neither ST nor AP.
 *   STUDENT_NUMBER_UNIQUE  SUP CSV: the "Numéro étudiant" of an earlier row.
 *   EMAIL_INVALID     SUP CSV: "Email" does not look like an address.
 *
 * Warnings (the pupil is skipped, the rest is imported):
 *   LEFT_SCHOOL       SIECLE: the pupil has a DATE_SORTIE.
 *   NO_DIVISION       SIECLE: the pupil has no class ("Inactifs" is not one).
 *
 * Whole-file failures are GErrors instead: PB_LEARNER_IMPORT_ERROR_FORMAT
 * (not XML or CSV, truncated, bad zip, wrong or missing CSV columns) and
 * PB_LEARNER_IMPORT_ERROR_TOO_LARGE (a zipped file inflating past 100 MB).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-learner-import.h"
#include "pb-learner-csv.h"
#include "pb-siecle-reader.h"

G_DEFINE_QUARK (pb-learner-import-error-quark, pb_learner_import_error)

static PbLearnerSet *
learner_set_new (void)
{
  PbLearnerSet *self = g_new0 (PbLearnerSet, 1);

  self->learners = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_learner_record_free);
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_import_issue_free);
  self->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_import_issue_free);

  return self;
}

PbLearnerSet *
pb_learner_set_parse (PbLearnerFormat   format,
                      GBytes           *data,
                      const char       *expected_uai,
                      GError          **error)
{
  g_autoptr(PbLearnerSet) self = NULL;
  gboolean parsed = FALSE;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = learner_set_new ();

  switch (format)
    {
    case PB_LEARNER_FORMAT_SIECLE_XML:
      parsed = pb_siecle_reader_parse (data, expected_uai, self, error);
      break;

    case PB_LEARNER_FORMAT_SCO_CSV:
    case PB_LEARNER_FORMAT_SUP_CSV:
      parsed = pb_learner_csv_parse (format, data, self, error);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return parsed ? g_steal_pointer (&self) : NULL;
}

void
pb_learner_set_free (PbLearnerSet *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->learners, g_ptr_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

void
pb_learner_record_free (PbLearnerRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->national_student_id);
  g_free (record->student_number);
  g_free (record->last_name);
  g_free (record->preferred_last_name);
  g_free (record->first_name);
  g_free (record->middle_name);
  g_free (record->third_name);
  g_free (record->sex);
  g_free (record->birthdate);
  g_free (record->birth_city);
  g_free (record->birth_city_code);
  g_free (record->birth_province_code);
  g_free (record->birth_country_code);
  g_free (record->mef_code);
  g_free (record->status);
  g_free (record->division);
  g_free (record->email);
  g_free (record->department);
  g_free (record->educational_team);
  g_free (record->group);
  g_free (record->diploma);
  g_free (record->study_scheme);
  g_free (record->pupil_id);
  g_free (record);
}

void
pb_import_issue_free (PbImportIssue *issue)
{
  if (issue == NULL)
    return;

  g_free (issue->code);
  g_free (issue->field);
  g_free (issue->pupil_id);
  g_free (issue->detail);
  g_free (issue);
}
