/* pb-test-siecle.h
 *
 * Learner files for tests, built in code: SIECLE's ElevesSansAdresse.xml
 * in any encoding, zips of it, and large realistic ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One ELEVE and its STRUCTURES_ELEVE. Strings are UTF-8; NULL leaves the
 * element out, "" writes it empty. */
typedef struct
{
  const char *pupil_id;             /* ELEVE_ID; NULL: 1001 + the pupil's index */
  const char *ine;                  /* ID_NATIONAL */
  const char *last_name;            /* NOM_DE_FAMILLE */
  const char *preferred_last_name;  /* NOM_USAGE */
  const char *first_name;           /* PRENOM */
  const char *middle_name;          /* PRENOM2 */
  const char *third_name;           /* PRENOM3 */
  const char *birthdate;            /* DATE_NAISS, DD/MM/YYYY */
  const char *sex_code;             /* CODE_SEXE, "1" or "2" */
  const char *country;              /* CODE_PAYS, "100" for France */
  const char *province_code;        /* CODE_DEPARTEMENT_NAISS */
  const char *city_code;            /* CODE_COMMUNE_INSEE_NAISS */
  const char *city;                 /* VILLE_NAISS */
  const char *mef_code;             /* CODE_MEF */
  const char *status;               /* CODE_STATUT */
  const char *division;             /* CODE_STRUCTURE of the type D structure; NULL: none */
  const char *date_sortie;          /* DATE_SORTIE: the pupil left */
} TestPupil;

/* ElevesSansAdresse.xml with @pupils, their class and a language group
 * each, and the elements a real export has and the reader must skip
 * (last year's CODE_MEF and CODE_STRUCTURE inside SCOLARITE_AN_DERNIER,
 * OPTIONS…). @uai NULL leaves UAJ out. @encoding is declared and used:
 * "UTF-8", "ISO-8859-15", "WINDOWS-1252"… */
GBytes *pb_test_siecle_xml      (const char       *uai,
                                 const char       *encoding,
                                 const TestPupil  *pupils,
                                 guint             n_pupils);

/* @n valid pupils, French-born, with accented names, unique INEs (nine
 * digits and two letters, or ten digits and a letter) and classes "6A" to
 * "3D"; the same @seed gives the same file. UTF-8. */
GBytes *pb_test_siecle_generate (const char       *uai,
                                 guint             n_pupils,
                                 guint             seed);

/* A zip (deflated) holding @content as @entry_name */
GBytes *pb_test_zip             (const char       *entry_name,
                                 GBytes           *content);

/* A zip of @n_entries files, in that order */
GBytes *pb_test_zip_entries     (const char * const *entry_names,
                                 GBytes * const     *contents,
                                 guint               n_entries);

G_END_DECLS
