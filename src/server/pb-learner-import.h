/* pb-learner-import.h
 *
 * Reading the learner files schools bring: SIECLE's ElevesSansAdresse.xml
 * (plain or zipped), the SCO CSV of schools without SIECLE and the SUP CSV
 * of universities, into one list of learners plus every problem found.
 * Pure parsing: nothing here touches the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_LEARNER_IMPORT_ERROR (pb_learner_import_error_quark ())

/* The whole file is unusable: nothing can be said pupil by pupil. */
typedef enum
{
  PB_LEARNER_IMPORT_ERROR_FORMAT,     /* not XML / CSV, truncated, wrong header, bad zip… */
  PB_LEARNER_IMPORT_ERROR_TOO_LARGE,  /* a zipped file that inflates beyond the limit */
} PbLearnerImportError;

typedef enum
{
  PB_LEARNER_FORMAT_SIECLE_XML,       /* ElevesSansAdresse.xml, or a zip holding it */
  PB_LEARNER_FORMAT_SCO_CSV,          /* pix-domain §7.2 */
  PB_LEARNER_FORMAT_SUP_CSV,          /* pix-domain §7.3 */
} PbLearnerFormat;

/* One learner as read from the file; strings are UTF-8, trimmed, NULL when
 * absent or empty. */
typedef struct
{
  char  *national_student_id;   /* INE (SCO); upper-cased */
  char  *student_number;        /* "Numéro étudiant" (SUP) */
  char  *last_name;
  char  *preferred_last_name;
  char  *first_name;
  char  *middle_name;
  char  *third_name;
  char  *sex;                   /* "M" or "F" */
  char  *birthdate;             /* YYYY-MM-DD */
  char  *birth_city;
  char  *birth_city_code;
  char  *birth_province_code;
  char  *birth_country_code;
  char  *mef_code;
  char  *status;                /* "ST" or "AP" (SCO) */
  char  *division;              /* class, e.g. "3A" (SCO) */
  char  *email;                 /* SUP */
  char  *department;            /* "Composante" (SUP) */
  char  *educational_team;      /* "Équipe pédagogique" (SUP) */
  char  *group;                 /* "Groupe" (SUP) */
  char  *diploma;               /* "Diplôme" (SUP) */
  char  *study_scheme;          /* "Régime" (SUP) */
  guint  line;                  /* CSV line of the record, 0 for XML */
  char  *pupil_id;              /* SIECLE ELEVE_ID, NULL for CSV */
} PbLearnerRecord;

/* A problem with one learner or one field. */
typedef struct
{
  char  *code;                  /* stable: UAI_MISMATCHED, INE_REQUIRED, INE_UNIQUE… */
  char  *field;                 /* XML element or CSV column label, or NULL */
  guint  line;                  /* CSV line, 0 for XML */
  char  *pupil_id;              /* SIECLE ELEVE_ID, or NULL */
  char  *detail;                /* an English sentence for people */
} PbImportIssue;

typedef struct
{
  GPtrArray *learners;          /* PbLearnerRecord, in file order */
  GPtrArray *errors;            /* PbImportIssue: any error means nothing is imported */
  GPtrArray *warnings;          /* PbImportIssue: pupils skipped and why */
} PbLearnerSet;

GQuark        pb_learner_import_error_quark (void);

/* @expected_uai is the organization's UAI, checked against the SIECLE
 * file's UAJ; CSV files carry no UAI and ignore it; NULL skips the check. */
PbLearnerSet *pb_learner_set_parse          (PbLearnerFormat   format,
                                             GBytes           *data,
                                             const char       *expected_uai,
                                             GError          **error);
void          pb_learner_set_free           (PbLearnerSet     *self);
void          pb_learner_record_free        (PbLearnerRecord  *record);
void          pb_import_issue_free          (PbImportIssue    *issue);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbLearnerSet, pb_learner_set_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbLearnerRecord, pb_learner_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbImportIssue, pb_import_issue_free)

G_END_DECLS
