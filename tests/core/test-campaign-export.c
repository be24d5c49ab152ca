/* test-campaign-export.c
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The campaign CSV exports must come out as Pix Orga writes them. The golden
 * files under core/golden/ were written by hand from the rules (Pix's column
 * list and values), not copied from this code's output: on a mismatch the
 * actual file is saved beside the test binary (*.actual) to diff against.
 */

#include <math.h>
#include <string.h>

#include "pb-campaign-export.h"
#include "pb-csv-reader.h"
#include "pb-framework.h"

/* A small framework, so the goldens do not move with the bundled content:
 * three areas; 1.1 has two tubes, 2.2 no tube yet, and area 3 is never
 * targeted. Pix's rule of 8 pix per level holds (@recherche1 and @sources1
 * share level 1 of 1.1). */
static const char framework_json[] =
  "{\"version\": 1, \"areas\": ["
  " {\"code\": \"1\", \"title\": \"Information et données\", \"color\": \"#3d68ff\", \"competences\": ["
  "  {\"index\": \"1.1\", \"id\": \"c11\", \"name\": \"Mener une recherche et une veille d'information\", \"tubes\": ["
  "   {\"id\": \"t1\", \"name\": \"@recherche\", \"title\": \"Rechercher\", \"skills\": ["
  "    {\"id\": \"s11\", \"name\": \"@recherche1\", \"level\": 1, \"pix\": 4},"
  "    {\"id\": \"s12\", \"name\": \"@recherche2\", \"level\": 2, \"pix\": 8},"
  "    {\"id\": \"s13\", \"name\": \"@recherche3\", \"level\": 3, \"pix\": 8},"
  "    {\"id\": \"s14\", \"name\": \"@recherche4\", \"level\": 4, \"pix\": 8},"
  "    {\"id\": \"s15\", \"name\": \"@recherche5\", \"level\": 5, \"pix\": 8}]},"
  "   {\"id\": \"t2\", \"name\": \"@sources\", \"title\": \"Sources\", \"skills\": ["
  "    {\"id\": \"s21\", \"name\": \"@sources1\", \"level\": 1, \"pix\": 4}]}]},"
  "  {\"index\": \"1.2\", \"id\": \"c12\", \"name\": \"Gérer des données\", \"tubes\": ["
  "   {\"id\": \"t3\", \"name\": \"@stockage\", \"title\": \"Stocker\", \"skills\": ["
  "    {\"id\": \"s31\", \"name\": \"@stockage1\", \"level\": 1, \"pix\": 8},"
  "    {\"id\": \"s32\", \"name\": \"@stockage2\", \"level\": 2, \"pix\": 8}]}]}]},"
  " {\"code\": \"2\", \"title\": \"Communication et collaboration\", \"color\": \"#00a86b\", \"competences\": ["
  "  {\"index\": \"2.1\", \"id\": \"c21\", \"name\": \"Interagir\", \"tubes\": ["
  "   {\"id\": \"t4\", \"name\": \"@outilsMsg\", \"title\": \"Messagerie\", \"skills\": ["
  "    {\"id\": \"s41\", \"name\": \"@outilsMsg1\", \"level\": 1, \"pix\": 8},"
  "    {\"id\": \"s42\", \"name\": \"@outilsMsg2\", \"level\": 2, \"pix\": 8}]}]},"
  "  {\"index\": \"2.2\", \"id\": \"c22\", \"name\": \"Partager et publier\"}]},"
  " {\"code\": \"3\", \"title\": \"Création de contenu\", \"color\": \"#ff3f94\", \"competences\": ["
  "  {\"index\": \"3.1\", \"id\": \"c31\", \"name\": \"Développer des documents textuels\", \"tubes\": ["
  "   {\"id\": \"t5\", \"name\": \"@miseEnPage\", \"title\": \"Mettre en page\", \"skills\": ["
  "    {\"id\": \"s51\", \"name\": \"@miseEnPage1\", \"level\": 1, \"pix\": 8}]}]}]}"
  "]}";

#define STRV(...) ((const char * const []) { __VA_ARGS__, NULL })

/* Helpers */

static PbFramework *
load_test_framework (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (framework_json, sizeof framework_json - 1);
  g_autoptr(GError) error = NULL;
  PbFramework *framework = pb_framework_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (framework);
  return framework;
}

/* The skills named in @names, in that order */
static GPtrArray *
lookup_skills (PbFramework        *framework,
               const char * const *names)
{
  GPtrArray *skills = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      const PbSkill *skill = pb_framework_lookup_skill (framework, names[i]);

      g_assert_nonnull (skill);
      g_ptr_array_add (skills, (gpointer)skill);
    }

  return skills;
}

/* A skill status table from "name", "status", "name", "status"… */
static GHashTable *
new_status_table (const char * const *pairs)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; pairs[i] != NULL; i += 2)
    {
      g_assert_nonnull (pairs[i + 1]);
      g_hash_table_insert (table, (gpointer)pairs[i], (gpointer)pairs[i + 1]);
    }

  return table;
}

/* Every record of @bytes, each a GStrv */
static GPtrArray *
read_records (GBytes *bytes)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GStrv cells = NULL;

  reader = pb_csv_reader_new (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_csv_reader_get_encoding (reader), ==, "UTF-8");
  g_assert_cmpint (pb_csv_reader_get_separator (reader), ==, ';');

  while (pb_csv_reader_next (reader, &cells, &error))
    g_ptr_array_add (records, g_steal_pointer (&cells));
  g_assert_no_error (error);

  return records;
}

static const char * const *
record (GPtrArray *records,
        guint      i)
{
  g_assert_cmpuint (i, <, records->len);
  return g_ptr_array_index (records, i);
}

/* The file as a whole: BOM, every cell quoted, ";" between cells, "\n" after
 * each row and nowhere else outside quotes; every row as wide as the header.
 */
static void
assert_layout (GBytes *bytes,
               guint   n_columns)
{
  g_autoptr(GPtrArray) records = read_records (bytes);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gboolean quoted = FALSE;
  char previous;

  g_assert_cmpuint (len, >=, 3);
  g_assert_cmpmem (data, 3, "\xEF\xBB\xBF", 3);
  g_assert_cmpint (data[len - 1], ==, '\n');

  previous = '\n';
  for (gsize i = 3; i < len; i++)
    {
      if (data[i] == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          /* Outside quotes there are only separators and line ends, and
           * each of them sits between two quoted cells */
          g_assert_true (data[i] == ';' || data[i] == '\n');
          g_assert_cmpint (previous, ==, '"');
          g_assert_true (i + 1 == len || data[i + 1] == '"');
        }
      previous = data[i];
    }
  g_assert_false (quoted);

  for (guint i = 0; i < records->len; i++)
    g_assert_cmpuint (g_strv_length ((GStrv)record (records, i)), ==, n_columns);
}

static void
assert_golden (PbCampaignExport *export,
               const char       *name)
{
  g_autoptr(GBytes) actual = pb_campaign_export_to_bytes (export);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "golden", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  gsize expected_len, actual_len;
  const char *actual_data = g_bytes_get_data (actual, &actual_len);

  g_file_get_contents (path, &expected, &expected_len, &error);
  g_assert_no_error (error);

  if (actual_len != expected_len || memcmp (actual_data, expected, expected_len) != 0)
    {
      g_autofree char *actual_name = g_strconcat (name, ".actual", NULL);
      g_autofree char *actual_path = g_test_build_filename (G_TEST_BUILT, actual_name, NULL);

      g_file_set_contents (actual_path, actual_data, actual_len, NULL);
      g_test_message ("%s differs from the golden file; the output is in %s", name, actual_path);
    }

  g_assert_cmpmem (actual_data, actual_len, expected, expected_len);
  assert_layout (actual, pb_campaign_export_get_n_columns (export));
}

/* The header of an export as a GStrv */
static GStrv
export_header (PbCampaignExport *export)
{
  g_autoptr(GBytes) bytes = pb_campaign_export_to_bytes (export);
  g_autoptr(GPtrArray) records = read_records (bytes);

  g_assert_cmpuint (records->len, >=, 1);
  return g_strdupv ((GStrv)record (records, 0));
}

/* The single data row of an export */
static GStrv
export_row (PbCampaignExport *export)
{
  g_autoptr(GBytes) bytes = pb_campaign_export_to_bytes (export);
  g_autoptr(GPtrArray) records = read_records (bytes);

  g_assert_cmpuint (records->len, ==, 2);
  return g_strdupv ((GStrv)record (records, 1));
}

static guint
find_column (const char * const *header,
             const char         *title)
{
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (g_strcmp0 (header[i], title) == 0)
        return i;
    }

  g_error ("No column “%s”", title);
}

/* @expected must be the first cells of @cells */
static void
assert_strv_prefix (const char * const *cells,
                    const char * const *expected)
{
  guint n = g_strv_length ((GStrv)expected);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) prefix = NULL;

  g_assert_cmpuint (g_strv_length ((GStrv)cells), >=, n);
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, cells[i]);
  prefix = g_strv_builder_end (builder);

  g_assert_cmpstrv (prefix, expected);
}

/* The six target skills of the assessment goldens, handed over out of order
 * on purpose: the columns must follow the framework. */
static GPtrArray *
golden_target_skills (PbFramework *framework)
{
  return lookup_skills (framework, STRV ("@outilsMsg2", "@sources1", "@recherche2",
                                         "@stockage1", "@recherche1", "@outilsMsg1"));
}

/* Goldens */

static void
test_assessment_sco (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = golden_target_skills (framework);
  g_autoptr(PbCampaignExport) export = NULL;
  g_autoptr(GHashTable) shared_status = NULL;
  g_autoptr(GHashTable) completed_status = NULL;
  g_autoptr(GHashTable) started_status = NULL;
  PbCampaignExportInfo info = {
    .organization_name = "Collège Jean Moulin",
    .organization_type = "SCO",
    .organization_is_managing_students = TRUE,
    .show_skills = FALSE,
    .campaign_id = "42",
    .campaign_code = "ABCDEF234",
    .campaign_name = "Rentrée 2026 — 3e",
    .target_profile_name = "Parcours 3e",
    .external_id_label = NULL,
  };
  PbCampaignExportRow shared = {
    .last_name = "Dupont",
    .first_name = "Zoé",
    .division = "3eA",
    .created_at = "2026-03-14T09:12:00.000Z",
    .is_completed = TRUE,
    .is_shared = TRUE,
    /* 00:30 on the 16th in Paris, still the 15th in UTC */
    .shared_at = "2026-03-15T23:30:00.000Z",
    .mastery_rate = 0.5,
  };
  PbCampaignExportRow completed = {
    .last_name = "Martin",
    .first_name = "Léo",
    .division = "3eB",
    .created_at = "2026-03-16T07:45:00.000Z",
    .is_completed = TRUE,
    .mastery_rate = 0.3,
  };
  PbCampaignExportRow started = {
    .last_name = "N'Diaye",
    .first_name = "Awa",
    .division = NULL,
    .created_at = "2026-03-17T23:59:59.999Z",
    .mastery_rate = 0.3,
  };

  /* Skills outside the target profile (@recherche3, @miseEnPage1) count
   * for nothing */
  shared_status = new_status_table (STRV ("@recherche1", "validated", "@recherche2", "validated",
                                          "@sources1", "invalidated", "@stockage1", "validated",
                                          "@outilsMsg1", "invalidated", "@recherche3", "validated",
                                          "@miseEnPage1", "validated"));
  completed_status = new_status_table (STRV ("@recherche1", "validated",
                                              "@outilsMsg1", "validated"));
  /* A reset skill is not tested any more */
  started_status = new_status_table (STRV ("@recherche1", "invalidated", "@stockage2", "validated",
                                           "@outilsMsg2", "reset"));
  shared.skill_status = shared_status;
  completed.skill_status = completed_status;
  started.skill_status = started_status;

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  g_assert_cmpint (pb_campaign_export_get_export_type (export), ==, PB_CAMPAIGN_EXPORT_ASSESSMENT);
  g_assert_cmpuint (pb_campaign_export_get_n_columns (export), ==, 28);
  pb_campaign_export_add_row (export, &shared);
  pb_campaign_export_add_row (export, &completed);
  pb_campaign_export_add_row (export, &started);

  assert_golden (export, "assessment-sco.csv");
}

static void
test_assessment_sup_external_id (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = golden_target_skills (framework);
  g_autoptr(PbCampaignExport) export = NULL;
  g_autoptr(GHashTable) shared_status = NULL;
  g_autoptr(GHashTable) started_status = NULL;
  PbCampaignExportInfo info = {
    .organization_name = "Université de Rennes",
    .organization_type = "SUP",
    .organization_is_managing_students = TRUE,
    .show_skills = TRUE,
    .campaign_id = "1234",
    .campaign_code = "QWERTY789",
    .campaign_name = "L1 \"Numérique\"; semestre 1",
    .target_profile_name = "Pix+ Édu",
    .external_id_label = "Adresse e-mail",
  };
  PbCampaignExportRow shared = {
    .last_name = "Le Gall; \"Bzh\"",
    .first_name = "Anne-Marie",
    .group = "TD 2",
    .student_number = "21904567",
    .external_id = "anne-marie@example.org",
    .created_at = "2026-09-01T10:00:00.000Z",
    .is_completed = TRUE,
    .is_shared = TRUE,
    .shared_at = "2026-09-03T12:00:00.000Z",
    .mastery_rate = 0.67,
  };
  PbCampaignExportRow started = {
    .last_name = "Nguyen",
    .first_name = "Minh",
    .group = "Groupe A\nsoir",
    .student_number = NULL,
    .external_id = "minh.nguyen@example.org",
    .created_at = "2026-09-02T06:00:00.000Z",
  };

  shared_status = new_status_table (STRV ("@recherche1", "validated", "@recherche2", "validated",
                                          "@sources1", "validated", "@stockage1", "invalidated",
                                          "@outilsMsg1", "validated",
                                          "@outilsMsg2", "invalidated"));
  started_status = new_status_table (STRV ("@recherche1", "validated", "@recherche2", "invalidated",
                                           "@stockage1", "validated"));
  shared.skill_status = shared_status;
  started.skill_status = started_status;

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  g_assert_cmpuint (pb_campaign_export_get_n_columns (export), ==, 36);
  pb_campaign_export_add_row (export, &shared);
  pb_campaign_export_add_row (export, &started);

  assert_golden (export, "assessment-sup-external-id.csv");
}

static void
test_profiles_collection (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(PbCampaignExport) export = NULL;
  /* Framework order: 1.1, 1.2, 2.1, 2.2, 3.1 */
  const PbCompetenceScore certifiable_scores[] = {
    { 24, 3, 0 }, { 17, 2, 1 }, { 30, 3, 6 }, { 9, 1, 1 }, { 18, 2, 2 },
  };
  const PbCompetenceScore other_scores[] = {
    { 12, 1, 4 }, { 8, 1, 0 }, { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 0 },
  };
  PbCampaignExportInfo info = {
    .organization_name = "Université de Rennes",
    .organization_type = "SUP",
    .organization_is_managing_students = TRUE,
    .campaign_id = "77",
    .campaign_code = "PROFIL234",
    .campaign_name = "Collecte 2026",
    .external_id_label = "Identifiant",
  };
  PbCampaignExportRow certifiable = {
    .last_name = "Bernard",
    .first_name = "Chloé",
    .group = "G1",
    .student_number = "20230001",
    .external_id = "ID-001",
    .created_at = "2026-05-09T08:00:00.000Z",
    .is_completed = TRUE,
    .is_shared = TRUE,
    .shared_at = "2026-05-10T08:00:00.000Z",
    .pix_score = 98,
    .is_certifiable = TRUE,
    .certifiable_competences_count = 5,
    .competence_scores = certifiable_scores,
  };
  PbCampaignExportRow not_certifiable = {
    .last_name = "Petit",
    .first_name = "Hugo",
    .group = NULL,
    .student_number = "20230002",
    .external_id = "ID-002",
    .created_at = "2026-05-09T09:00:00.000Z",
    .is_completed = TRUE,
    .is_shared = TRUE,
    .shared_at = "2026-05-11T22:15:00.000Z",
    .pix_score = 20,
    .is_certifiable = FALSE,
    .certifiable_competences_count = 2,
    .competence_scores = other_scores,
  };
  PbCampaignExportRow not_shared = {
    .last_name = "Roux",
    .first_name = "Inès",
    .group = "G2",
    .created_at = "2026-05-12T10:00:00.000Z",
    .is_completed = TRUE,
    /* Whatever the caller leaves here is not shown before the share */
    .pix_score = 55,
    .is_certifiable = TRUE,
    .certifiable_competences_count = 5,
    .competence_scores = certifiable_scores,
  };

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION, &info, NULL);
  g_assert_cmpint (pb_campaign_export_get_export_type (export), ==,
                   PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION);
  g_assert_cmpuint (pb_campaign_export_get_n_columns (export), ==, 24);
  pb_campaign_export_add_row (export, &certifiable);
  pb_campaign_export_add_row (export, &not_certifiable);
  pb_campaign_export_add_row (export, &not_shared);

  assert_golden (export, "profiles-collection.csv");
}

/* Headers */

static GStrv
assessment_header (const char *organization_type,
                   gboolean    managing,
                   gboolean    show_skills,
                   const char *external_id_label)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = golden_target_skills (framework);
  g_autoptr(PbCampaignExport) export = NULL;
  PbCampaignExportInfo info = {
    .organization_name = "O",
    .organization_type = organization_type,
    .organization_is_managing_students = managing,
    .show_skills = show_skills,
    .campaign_id = "1",
    .campaign_code = "C",
    .campaign_name = "N",
    .target_profile_name = "P",
    .external_id_label = external_id_label,
  };

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  return export_header (export);
}

#define ASSESSMENT_IDENTITY \
  "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours", \
  "Nom du Participant", "Prénom du Participant"
#define ASSESSMENT_PROGRESS \
  "% de progression", "Date de début", "Partage (O/N)", "Date du partage", \
  "% maitrise de l'ensemble des acquis du profil"

static void
test_assessment_headers (void)
{
  g_auto(GStrv) sco = assessment_header ("SCO", FALSE, FALSE, NULL);
  g_auto(GStrv) sco_managing = assessment_header ("SCO", TRUE, FALSE, "");
  g_auto(GStrv) sco_1d = assessment_header ("SCO-1D", TRUE, FALSE, NULL);
  g_auto(GStrv) sup = assessment_header ("SUP", FALSE, FALSE, NULL);
  g_auto(GStrv) sup_managing = assessment_header ("SUP", TRUE, FALSE, "N° INE");
  g_auto(GStrv) pro = assessment_header ("PRO", TRUE, TRUE, "Matricule");

  assert_strv_prefix ((const char * const *)sco, STRV (ASSESSMENT_IDENTITY, ASSESSMENT_PROGRESS));
  g_assert_cmpuint (g_strv_length (sco), ==, 27);
  /* An empty external id label asks for nothing */
  assert_strv_prefix ((const char * const *)sco_managing,
                      STRV (ASSESSMENT_IDENTITY, "Classe", ASSESSMENT_PROGRESS));
  g_assert_cmpuint (g_strv_length (sco_managing), ==, 28);
  assert_strv_prefix ((const char * const *)sco_1d,
                      STRV (ASSESSMENT_IDENTITY, ASSESSMENT_PROGRESS));
  assert_strv_prefix ((const char * const *)sup, STRV (ASSESSMENT_IDENTITY, ASSESSMENT_PROGRESS));
  assert_strv_prefix ((const char * const *)sup_managing,
                      STRV (ASSESSMENT_IDENTITY, "Groupe", "Numéro Étudiant", "N° INE",
                            ASSESSMENT_PROGRESS));
  g_assert_cmpuint (g_strv_length (sup_managing), ==, 30);
  /* PRO organizations manage no students: no Classe, no Groupe */
  assert_strv_prefix ((const char * const *)pro,
                      STRV (ASSESSMENT_IDENTITY, "Matricule", ASSESSMENT_PROGRESS));
  g_assert_cmpuint (g_strv_length (pro), ==, 34);
  g_assert_cmpstr (pro[28], ==, "@recherche1");
  g_assert_cmpstr (pro[33], ==, "@outilsMsg2");
}

/* Only competences and areas with target skills get columns, in framework
 * order, whatever the order of the target skills */
static void
test_assessment_target_columns (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(PbCampaignExport) export = NULL;
  g_auto(GStrv) header = NULL;
  const char * const expected[] = {
    ASSESSMENT_IDENTITY, ASSESSMENT_PROGRESS,
    "% de maitrise des acquis de la compétence Mener une recherche et une veille d'information",
    "Nombre d'acquis du profil cible dans la compétence Mener une recherche et une veille d'information",
    "Acquis maitrisés dans la compétence Mener une recherche et une veille d'information",
    "% de maitrise des acquis de la compétence Interagir",
    "Nombre d'acquis du profil cible dans la compétence Interagir",
    "Acquis maitrisés dans la compétence Interagir",
    "% de maitrise des acquis de la compétence Développer des documents textuels",
    "Nombre d'acquis du profil cible dans la compétence Développer des documents textuels",
    "Acquis maitrisés dans la compétence Développer des documents textuels",
    "% de maitrise des acquis du domaine Information et données",
    "Nombre d'acquis du profil cible du domaine Information et données",
    "Acquis maitrisés du domaine Information et données",
    "% de maitrise des acquis du domaine Communication et collaboration",
    "Nombre d'acquis du profil cible du domaine Communication et collaboration",
    "Acquis maitrisés du domaine Communication et collaboration",
    "% de maitrise des acquis du domaine Création de contenu",
    "Nombre d'acquis du profil cible du domaine Création de contenu",
    "Acquis maitrisés du domaine Création de contenu",
    "@recherche2", "@recherche3", "@outilsMsg2", "@miseEnPage1", NULL,
  };
  PbCampaignExportInfo info = {
    .organization_name = "O",
    .organization_type = "PRO",
    .show_skills = TRUE,
    .campaign_id = "1",
    .campaign_code = "C",
    .campaign_name = "N",
    .target_profile_name = "P",
  };

  skills = lookup_skills (framework,
                          STRV ("@miseEnPage1", "@outilsMsg2", "@recherche3", "@recherche2"));
  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  header = export_header (export);

  /* Not inline in g_assert_cmpstrv(), which pastes its arguments' text into
   * a printf format: the "%" of the titles would be read as conversions */
  g_assert_cmpstrv (header, expected);
}

static GStrv
profiles_collection_header (PbFramework *framework,
                            const char  *organization_type,
                            gboolean     managing,
                            const char  *external_id_label)
{
  g_autoptr(PbCampaignExport) export = NULL;
  PbCampaignExportInfo info = {
    .organization_name = "O",
    .organization_type = organization_type,
    .organization_is_managing_students = managing,
    /* Skill columns belong to assessments only */
    .show_skills = TRUE,
    .campaign_id = "1",
    .campaign_code = "C",
    .campaign_name = "N",
    .external_id_label = external_id_label,
  };

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION, &info, NULL);
  return export_header (export);
}

#define PROFILES_IDENTITY \
  "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", \
  "Nom du Participant", "Prénom du Participant"
#define PROFILES_RESULTS \
  "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)", \
  "Nombre de compétences certifiables"

static void
test_profiles_collection_headers (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_auto(GStrv) sco = profiles_collection_header (framework, "SCO", TRUE, NULL);
  g_auto(GStrv) sup = profiles_collection_header (framework, "SUP", TRUE, "Identifiant");
  g_auto(GStrv) pro = profiles_collection_header (framework, "PRO", FALSE, NULL);

  g_assert_cmpstrv (sco,
                    STRV (PROFILES_IDENTITY, "Classe", PROFILES_RESULTS,
                          "Niveau pour la compétence Mener une recherche et une veille d'information",
                          "Nombre de pix pour la compétence Mener une recherche et une veille d'information",
                          "Niveau pour la compétence Gérer des données",
                          "Nombre de pix pour la compétence Gérer des données",
                          "Niveau pour la compétence Interagir",
                          "Nombre de pix pour la compétence Interagir",
                          "Niveau pour la compétence Partager et publier",
                          "Nombre de pix pour la compétence Partager et publier",
                          "Niveau pour la compétence Développer des documents textuels",
                          "Nombre de pix pour la compétence Développer des documents textuels"));
  assert_strv_prefix ((const char * const *)sup,
                      STRV (PROFILES_IDENTITY, "Groupe", "Numéro Étudiant", "Identifiant",
                            PROFILES_RESULTS));
  g_assert_cmpuint (g_strv_length (sup), ==, 24);
  assert_strv_prefix ((const char * const *)pro, STRV (PROFILES_IDENTITY, PROFILES_RESULTS));
  g_assert_cmpuint (g_strv_length (pro), ==, 21);
}

/* With the bundled framework: the 16 competences of the CRCN, two columns
 * each, in certificate order */
static void
test_profiles_collection_default_framework (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbFramework) framework = pb_framework_new_default (&error);
  g_auto(GStrv) header = NULL;
  guint n;

  g_assert_no_error (error);
  header = profiles_collection_header (framework, "PRO", FALSE, NULL);
  n = g_strv_length (header);

  g_assert_cmpuint (n, ==, 11 + 2 * 16);
  g_assert_cmpstr (header[11], ==,
                   "Niveau pour la compétence Mener une recherche et une veille d'information");
  g_assert_cmpstr (header[12], ==,
                   "Nombre de pix pour la compétence Mener une recherche et une veille d'information");
  g_assert_cmpstr (header[n - 2], ==,
                   "Niveau pour la compétence Construire un environnement numérique");
  g_assert_cmpstr (header[n - 1], ==,
                   "Nombre de pix pour la compétence Construire un environnement numérique");
}

/* Values */

/* One PRO assessment row over the 8 skills of area 1 (1.1 has 6, 1.2 has 2),
 * returned with the header to find cells by title */
static GStrv
assessment_area_one_row (const PbCampaignExportRow  *row,
                         GStrv                      *header)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(PbCampaignExport) export = NULL;
  PbCampaignExportInfo info = {
    .organization_name = "O",
    .organization_type = "PRO",
    .campaign_id = "1",
    .campaign_code = "C",
    .campaign_name = "N",
    .target_profile_name = "P",
  };

  skills = lookup_skills (framework, STRV ("@recherche1", "@recherche2", "@recherche3",
                                           "@recherche4", "@recherche5", "@sources1",
                                           "@stockage1", "@stockage2"));
  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  pb_campaign_export_add_row (export, row);

  if (header != NULL)
    *header = export_header (export);
  return export_row (export);
}

static const char *
cell (GStrv       header,
      GStrv       row,
      const char *title)
{
  return row[find_column ((const char * const *)header, title)];
}

#define COMPETENCE_1_1_RATE \
  "% de maitrise des acquis de la compétence Mener une recherche et une veille d'information"
#define COMPETENCE_1_2_RATE "% de maitrise des acquis de la compétence Gérer des données"
#define AREA_1_RATE "% de maitrise des acquis du domaine Information et données"
#define MASTERY "% maitrise de l'ensemble des acquis du profil"

/* Rates are rounded half up on their exact value, without trailing zeros */
static void
test_rates (void)
{
  g_autoptr(GHashTable) one = new_status_table (STRV ("@recherche1", "validated"));
  g_autoptr(GHashTable) five = NULL;
  PbCampaignExportRow row = {
    .last_name = "L",
    .first_name = "F",
    .created_at = "2026-01-01T00:00:00.000Z",
    .is_completed = TRUE,
    .is_shared = TRUE,
    .shared_at = "2026-01-02T00:00:00.000Z",
    .mastery_rate = 0.125,
    .skill_status = one,
  };
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) cells = NULL;

  five = new_status_table (STRV ("@recherche1", "validated", "@recherche2", "validated",
                                 "@recherche3", "validated", "@recherche4", "validated",
                                 "@recherche5", "validated", "@stockage1", "invalidated"));
  cells = assessment_area_one_row (&row, &header);
  g_assert_cmpstr (cell (header, cells, COMPETENCE_1_1_RATE), ==, "0.17");  /* 1/6 */
  g_assert_cmpstr (cell (header, cells, COMPETENCE_1_2_RATE), ==, "0");     /* 0/2 */
  g_assert_cmpstr (cell (header, cells, AREA_1_RATE), ==, "0.13");          /* 1/8 = 0.125 */
  g_assert_cmpstr (cell (header, cells, MASTERY), ==, "0.13");
  g_clear_pointer (&cells, g_strfreev);

  row.skill_status = five;
  row.mastery_rate = 0.625;
  cells = assessment_area_one_row (&row, NULL);
  g_assert_cmpstr (cell (header, cells, COMPETENCE_1_1_RATE), ==, "0.83");  /* 5/6 */
  g_assert_cmpstr (cell (header, cells, COMPETENCE_1_2_RATE), ==, "0");     /* 0/2, 1 tested */
  g_assert_cmpstr (cell (header, cells, AREA_1_RATE), ==, "0.63");          /* 5/8 = 0.625 */
  g_assert_cmpstr (cell (header, cells, MASTERY), ==, "0.63");
}

/* The stored mastery rate is rounded to 2 decimals on its decimal value, as
 * lodash's _.round does: 0.285 is 0.28499… in binary, yet gives 0.29 */
static void
test_mastery_rate_rounding (void)
{
  const struct {
    double value;
    const char *expected;
  } cases[] = {
    { 0, "0" }, { 1, "1" }, { 0.5, "0.5" }, { 0.67, "0.67" }, { 2.0 / 3.0, "0.67" },
    { 0.285, "0.29" }, { 0.125, "0.13" }, { 0.994, "0.99" }, { 0.995, "1" },
    { 0.1 + 0.2, "0.3" }, { 1e-9, "0" }, { 0.07, "0.07" }, { NAN, "NA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PbCampaignExportRow row = {
        .last_name = "L",
        .first_name = "F",
        .created_at = "2026-01-01T00:00:00.000Z",
        .is_completed = TRUE,
        .is_shared = TRUE,
        .shared_at = "2026-01-02T00:00:00.000Z",
        .mastery_rate = cases[i].value,
      };
      g_auto(GStrv) header = NULL;
      g_auto(GStrv) cells = assessment_area_one_row (&row, &header);

      g_test_message ("mastery rate %.17g", cases[i].value);
      g_assert_cmpstr (cell (header, cells, MASTERY), ==, cases[i].expected);
    }
}

/* Progression: 1 once completed, else tested / target skills to 3 decimals */
static void
test_progression (void)
{
  const struct {
    gboolean completed;
    const char * const *statuses;
    const char *expected;
  } cases[] = {
    { FALSE, STRV ("@miseEnPage1", "validated"), "0" },  /* not a target skill */
    { FALSE, STRV ("@recherche1", "invalidated"), "0.125" },
    { FALSE, STRV ("@recherche1", "validated", "@sources1", "invalidated",
                   "@stockage2", "reset"), "0.25" },
    { FALSE, STRV ("@recherche1", "validated", "@recherche2", "validated",
                   "@recherche3", "invalidated", "@recherche4", "invalidated",
                   "@recherche5", "validated"), "0.625" },
    { TRUE, STRV ("@recherche1", "invalidated"), "1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) statuses = new_status_table (cases[i].statuses);
      PbCampaignExportRow row = {
        .last_name = "L",
        .first_name = "F",
        .created_at = "2026-01-01T00:00:00.000Z",
        .is_completed = cases[i].completed,
        .skill_status = statuses,
      };
      g_auto(GStrv) header = NULL;
      g_auto(GStrv) cells = assessment_area_one_row (&row, &header);

      g_assert_cmpstr (cell (header, cells, "% de progression"), ==, cases[i].expected);
    }
}

/* The 6 target skills of the goldens: 1/6 and 2/3 need the third decimal */
static void
test_progression_thirds (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(GPtrArray) skills = golden_target_skills (framework);
  g_autoptr(PbCampaignExport) export = NULL;
  g_autoptr(GHashTable) four = new_status_table (STRV ("@recherche1", "validated",
                                                       "@recherche2", "validated",
                                                       "@sources1", "invalidated",
                                                       "@outilsMsg2", "invalidated"));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  PbCampaignExportInfo info = {
    .organization_type = "PRO",
    .campaign_id = "1",
  };
  PbCampaignExportRow row = {
    .created_at = "2026-01-01T00:00:00.000Z",
    .skill_status = four,
  };

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_ASSESSMENT, &info, skills);
  pb_campaign_export_add_row (export, &row);
  row.skill_status = NULL;
  pb_campaign_export_add_row (export, &row);
  bytes = pb_campaign_export_to_bytes (export);
  records = read_records (bytes);

  g_assert_cmpstr (record (records, 1)[7], ==, "0.667");
  g_assert_cmpstr (record (records, 2)[7], ==, "0");
  /* Missing strings are empty cells */
  assert_strv_prefix (record (records, 1), STRV ("", "1", "", "", "", "", ""));
}

/* Dates are the date part of the UTC timestamp, whatever offset it carries */
static void
test_dates (void)
{
  const struct {
    const char *timestamp;
    const char *expected;
  } cases[] = {
    { "2026-03-14T09:12:00.000Z", "2026-03-14" },
    { "2026-03-14T23:59:59.999Z", "2026-03-14" },
    { "2026-03-15T00:30:00.000+01:00", "2026-03-14" },
    { "2026-03-14T20:00:00-05:00", "2026-03-15" },
    { "2026-03-14T12:00:00", "2026-03-14" },  /* no offset: UTC */
    { NULL, "NA" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PbCampaignExportRow row = {
        .last_name = "L",
        .first_name = "F",
        .created_at = cases[i].timestamp,
        .is_completed = TRUE,
        .is_shared = TRUE,
        .shared_at = cases[i].timestamp,
      };
      g_auto(GStrv) header = NULL;
      g_auto(GStrv) cells = assessment_area_one_row (&row, &header);

      g_assert_cmpstr (cell (header, cells, "Date de début"), ==, cases[i].expected);
      g_assert_cmpstr (cell (header, cells, "Date du partage"), ==, cases[i].expected);
    }
}

/* Names go through as they are, whatever they hold: ";", quotes, line ends
 * are quoted by the writer. A leading "=", "+", "-" or "@" is not
 * neutralised either (see pb-csv-writer.c): this pins that choice, so that
 * changing it is deliberate. */
static void
test_names_verbatim (void)
{
  const char *names[] = {
    "O'Brien; \"Jo\"", "ligne 1\nligne 2", "a\r\nb", "=1+2", "+33 6", "-3", "@SUM(A1)",
    "Éloïse Cœur", "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      PbCampaignExportRow row = {
        .last_name = names[i],
        .first_name = names[i],
        .created_at = "2026-01-01T00:00:00.000Z",
      };
      g_auto(GStrv) header = NULL;
      g_auto(GStrv) cells = assessment_area_one_row (&row, &header);

      g_assert_cmpstr (cell (header, cells, "Nom du Participant"), ==, names[i]);
      g_assert_cmpstr (cell (header, cells, "Prénom du Participant"), ==, names[i]);
    }
}

/* Text that is not UTF-8 is repaired rather than dropped, which would shift
 * the rest of the row under the wrong titles */
static void
test_invalid_utf8 (void)
{
  PbCampaignExportRow row = {
    .last_name = "Andr\xE9",
    .first_name = "F",
    .created_at = "2026-01-01T00:00:00.000Z",
  };
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) cells = assessment_area_one_row (&row, &header);

  g_assert_cmpuint (g_strv_length (cells), ==, g_strv_length (header));
  g_assert_cmpstr (cell (header, cells, "Nom du Participant"), ==, "Andr\xEF\xBF\xBD");
  g_assert_cmpstr (cell (header, cells, "Prénom du Participant"), ==, "F");
}

static void
test_empty_export (void)
{
  g_autoptr(PbFramework) framework = load_test_framework ();
  g_autoptr(PbCampaignExport) export = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  PbCampaignExportInfo info = { .organization_type = "PRO" };

  export = pb_campaign_export_new (framework, PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION, &info, NULL);
  bytes = pb_campaign_export_to_bytes (export);
  records = read_records (bytes);

  /* A campaign without participants still gets its header */
  g_assert_cmpuint (records->len, ==, 1);
  assert_layout (bytes, pb_campaign_export_get_n_columns (export));
}

/* File name */

static void
assert_file_name (const char *timestamp,
                  const char *expected_stamp)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (timestamp, NULL);
  g_autofree char *name = NULL;
  g_autofree char *expected = NULL;

  g_assert_nonnull (now);
  name = pb_campaign_export_build_file_name ("Rentrée 3e", "42", now);
  expected = g_strdup_printf ("Resultats-Rentrée 3e-42-%s.csv", expected_stamp);
  g_assert_cmpstr (name, ==, expected);
}

static void
test_file_name_time (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");

  if (berlin == NULL)
    {
      g_test_skip ("No time-zone database; see /core/campaign-export/file-name/without-tzdata");
      return;
    }

  /* Winter: UTC+1 */
  assert_file_name ("2026-01-15T10:05:00Z", "2026-01-15-1105");
  /* Summer: UTC+2 */
  assert_file_name ("2026-07-01T08:00:00Z", "2026-07-01-1000");
  /* Across midnight, and on the night summer time starts (01:00 UTC) */
  assert_file_name ("2026-03-29T00:30:00Z", "2026-03-29-0130");
  assert_file_name ("2026-03-29T01:30:00Z", "2026-03-29-0330");
  assert_file_name ("2026-07-01T22:30:00Z", "2026-07-02-0030");
  assert_file_name ("2026-12-31T23:30:00Z", "2027-01-01-0030");
  /* The night it ends: 02:30 comes twice */
  assert_file_name ("2026-10-25T00:30:00Z", "2026-10-25-0230");
  assert_file_name ("2026-10-25T01:30:00Z", "2026-10-25-0230");
  /* Any input zone */
  assert_file_name ("2026-07-01T19:15:00-05:00", "2026-07-02-0215");
}

/* Without tzdata (Windows, minimal containers) the EU rule in code gives the
 * same names. GLib looks zones up under $TZDIR: point it at nothing. */
static void
test_file_name_without_tzdata (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("TZDIR", "/nonexistent/pix-bureau-test-zoneinfo", TRUE);
      g_assert_null (g_time_zone_new_identifier ("Europe/Berlin"));

      assert_file_name ("2026-01-15T10:05:00Z", "2026-01-15-1105");
      assert_file_name ("2026-03-29T00:30:00Z", "2026-03-29-0130");
      assert_file_name ("2026-03-29T01:30:00Z", "2026-03-29-0330");
      assert_file_name ("2026-07-01T22:30:00Z", "2026-07-02-0030");
      assert_file_name ("2026-10-25T01:30:00Z", "2026-10-25-0230");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_file_name_unsafe (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 15, 10, 5, 0);
  g_autofree char *name = NULL;

  name = pb_campaign_export_build_file_name ("3e A/B: \"test\" <v2>|*?\\\tfin\x7F\xC2\x85 — été",
                                             "a/b", now);
  g_assert_cmpstr (name, ==,
                   "Resultats-3e A_B_ _test_ _v2______fin__ — été-a_b-2026-01-15-1105.csv");
}

/* A name fits in 255 bytes, cut between characters */
static void
test_file_name_long (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 15, 10, 5, 0);
  g_autoptr(GString) long_name = g_string_new ("a");
  g_autofree char *name = NULL;
  g_autofree char *short_name = NULL;

  for (guint i = 0; i < 300; i++)
    g_string_append (long_name, "€");

  name = pb_campaign_export_build_file_name (long_name->str, "42", now);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  /* 33 bytes around the campaign name leave 222 for it: "a" and 73 "€" */
  g_assert_cmpuint (strlen (name), ==, 253);
  g_assert_true (g_str_has_prefix (name, "Resultats-a€€€"));
  g_assert_true (g_str_has_suffix (name, "€-42-2026-01-15-1105.csv"));

  short_name = pb_campaign_export_build_file_name ("", "42", now);
  g_assert_cmpstr (short_name, ==, "Resultats--42-2026-01-15-1105.csv");
}

static void
test_file_name_now (void)
{
  g_autofree char *name = pb_campaign_export_build_file_name ("Campagne", "7", NULL);

  g_assert_true (g_str_has_prefix (name, "Resultats-Campagne-7-20"));
  g_assert_true (g_str_has_suffix (name, ".csv"));
  g_assert_cmpuint (strlen (name), ==, strlen ("Resultats-Campagne-7-YYYY-MM-DD-HHmm.csv"));
}

/* The EU rule */

static void
assert_offset (const char *timestamp,
               gint32      expected)
{
  g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 (timestamp, NULL);

  g_assert_nonnull (instant);
  g_test_message ("%s", timestamp);
  g_assert_cmpint (pb_campaign_export_get_central_european_offset (instant), ==, expected);
}

static void
test_offset_rule (void)
{
  assert_offset ("2026-01-15T12:00:00Z", 3600);
  assert_offset ("2026-07-01T12:00:00Z", 7200);
  /* 2026: last Sundays are March 29 and October 25 */
  assert_offset ("2026-03-29T00:59:59Z", 3600);
  assert_offset ("2026-03-29T01:00:00Z", 7200);
  assert_offset ("2026-03-22T12:00:00Z", 3600);
  assert_offset ("2026-10-25T00:59:59Z", 7200);
  assert_offset ("2026-10-25T01:00:00Z", 3600);
  /* 2024: March 31 is itself the last Sunday */
  assert_offset ("2024-03-24T12:00:00Z", 3600);
  assert_offset ("2024-03-31T00:59:59Z", 3600);
  assert_offset ("2024-03-31T01:00:00Z", 7200);
  assert_offset ("2024-10-27T00:59:59Z", 7200);
  assert_offset ("2024-10-27T01:00:00Z", 3600);
  /* The instant counts, not the zone it is written in */
  assert_offset ("2026-03-29T02:59:59+02:00", 3600);
  assert_offset ("2026-03-29T03:00:00+02:00", 7200);
  assert_offset ("2026-12-31T23:30:00-02:00", 3600);
}

/* Hour by hour, and a second before each hour, the rule agrees with tzdata
 * from 2000 to 2037 */
static void
test_offset_matches_tzdata (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 start, end;

  if (berlin == NULL)
    {
      g_test_skip ("No time-zone database");
      return;
    }

  start = 946684800;   /* 2000-01-01T00:00:00Z */
  end = 2145916800;    /* 2038-01-01T00:00:00Z */

  for (gint64 t = start; t < end; t += 3600)
    {
      for (gint64 s = t - 1; s <= t; s++)
        {
          g_autoptr(GDateTime) instant = g_date_time_new_from_unix_utc (s);
          int interval = g_time_zone_find_interval (berlin, G_TIME_TYPE_UNIVERSAL, s);
          gint32 expected = g_time_zone_get_offset (berlin, interval);

          if (pb_campaign_export_get_central_european_offset (instant) != expected)
            g_error ("Offset at %" G_GINT64_FORMAT ": %d, tzdata says %d", s,
                     pb_campaign_export_get_central_european_offset (instant), expected);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/campaign-export/golden/assessment-sco", test_assessment_sco);
  g_test_add_func ("/core/campaign-export/golden/assessment-sup-external-id",
                   test_assessment_sup_external_id);
  g_test_add_func ("/core/campaign-export/golden/profiles-collection", test_profiles_collection);
  g_test_add_func ("/core/campaign-export/assessment/headers", test_assessment_headers);
  g_test_add_func ("/core/campaign-export/assessment/target-columns",
                   test_assessment_target_columns);
  g_test_add_func ("/core/campaign-export/profiles-collection/headers",
                   test_profiles_collection_headers);
  g_test_add_func ("/core/campaign-export/profiles-collection/default-framework",
                   test_profiles_collection_default_framework);
  g_test_add_func ("/core/campaign-export/values/rates", test_rates);
  g_test_add_func ("/core/campaign-export/values/mastery-rate-rounding",
                   test_mastery_rate_rounding);
  g_test_add_func ("/core/campaign-export/values/progression", test_progression);
  g_test_add_func ("/core/campaign-export/values/progression-thirds", test_progression_thirds);
  g_test_add_func ("/core/campaign-export/values/dates", test_dates);
  g_test_add_func ("/core/campaign-export/values/names-verbatim", test_names_verbatim);
  g_test_add_func ("/core/campaign-export/values/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/core/campaign-export/empty", test_empty_export);
  g_test_add_func ("/core/campaign-export/file-name/time", test_file_name_time);
  g_test_add_func ("/core/campaign-export/file-name/without-tzdata", test_file_name_without_tzdata);
  g_test_add_func ("/core/campaign-export/file-name/unsafe", test_file_name_unsafe);
  g_test_add_func ("/core/campaign-export/file-name/long", test_file_name_long);
  g_test_add_func ("/core/campaign-export/file-name/now", test_file_name_now);
  g_test_add_func ("/core/campaign-export/offset/rule", test_offset_rule);
  g_test_add_func ("/core/campaign-export/offset/matches-tzdata", test_offset_matches_tzdata);

  return g_test_run ();
}
