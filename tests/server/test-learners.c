/* test-learners.c
 *
 * An organization and its learners over real HTTP: the organization, its
 * team, SIECLE and CSV imports with their rules (pix-domain §7), and the
 * learners list with its paging and filters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-api.h"
#include "pb-test-siecle.h"

#define P(ine, last, first, division) \
  { NULL, ine, last, NULL, first, NULL, NULL, "14/03/2011", "2", "100", "075", "75115", "Paris", \
    "10010012110", "ST", division, NULL }

static const TestPupil school[] = {
  P ("123456789AB", "Dupont", "Zoé", "3A"),
  P ("123456789AC", "Martin", "Noël", "3A"),
  P ("123456789AD", "Œuvray", "Chloé", "3B"),
  P ("123456789AE", "Bernard", "Lucas", "4A"),
};

static void
import_file (Api         *api,
             ApiResponse *response,
             const char  *token,
             const char  *organization,
             const char  *kind,
             GBytes      *file)
{
  g_autofree char *path = NULL;

  if (g_str_equal (kind, "sup"))
    path = g_strdup_printf ("/api/organizations/%s/sup-organization-learners/import-csv", organization);
  else
    path = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=%s",
                            organization, kind);
  api_send (api, response, "POST", path, token, "application/octet-stream", file, NULL);
}

static void
import_siecle (Api             *api,
               ApiResponse     *response,
               const TestPupil *pupils,
               guint            n,
               const char      *encoding)
{
  g_autoptr(GBytes) file = pb_test_siecle_xml (API_UAI_A, encoding, pupils, n);

  import_file (api, response, api->admin_a, api->org_a, "xml", file);
}

static gint64
report (ApiResponse *response,
        const char  *name)
{
  return json_object_get_int_member (api_attributes (response), name);
}

/* GET …/organization-learners?QUERY as a member of org A. */
static void
list_learners (Api         *api,
               ApiResponse *response,
               const char  *query)
{
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/organization-learners?%s", api->org_a, query);

  api_send (api, response, "GET", path, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
}

static const char *
learner_attribute (ApiResponse *response,
                   guint        index,
                   const char  *name)
{
  JsonObject *learner = json_array_get_object_element (api_data_array (response), index);

  return json_object_get_string_member (json_object_get_object_member (learner, "attributes"), name);
}

static void
test_organization (Api           *api,
                   gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strconcat ("/api/organizations/", api->org_a, NULL);

  api_send (api, &response, "GET", path, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "name"), ==, "Collège A");
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "external-id"), ==, API_UAI_A);
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"1\"");

  api_send (api, &response, "GET", path, api->admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 404);
  api_send (api, &response, "GET", path, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 401);
}

static void
test_memberships (Api           *api,
                  gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/memberships", api->org_a);
  g_autofree char *org_path = g_strconcat ("/api/organizations/", api->org_a, NULL);
  g_autofree char *membership_id = NULL;
  g_autofree char *json = NULL;
  const char *add = "{\"data\": {\"type\": \"memberships\", \"attributes\": "
                    "{\"email\": \"BEA.admin@college-b.fr\", \"organization-role\": \"MEMBER\"}}}";

  api_send (api, &response, "GET", path, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 2);

  api_send_json (api, &response, "POST", path, api->member_a, add, NULL);
  g_assert_cmpuint (response.status, ==, 403);
  g_assert_cmpstr (api_error_code (&response), ==, "ADMIN_REQUIRED");

  api_send (api, &response, "GET", org_path, api->admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 404);

  api_send_json (api, &response, "POST", path, api->admin_a, add, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  membership_id = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "last-name"), ==, "Admin");
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "organization-role"), ==, "MEMBER");

  api_send (api, &response, "GET", org_path, api->admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  api_send_json (api, &response, "POST", path, api->admin_a, add, NULL);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "ALREADY_MEMBER");

  api_send_json (api, &response, "POST", path, api->admin_a,
                 "{\"data\": {\"type\": \"memberships\", \"attributes\": {\"email\": \"nobody@nowhere.fr\"}}}", NULL);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "USER_NOT_FOUND");

  /* A client-chosen id already taken is a conflict, not a server error. */
  json = g_strdup_printf ("{\"data\": {\"type\": \"memberships\", \"id\": \"%s\", \"attributes\": "
                          "{\"email\": \"marc.membre@college-a.fr\"}}}", membership_id);
  api_send_json (api, &response, "POST", path, api->admin_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 409);
  g_assert_cmpstr (api_error_code (&response), ==, "ID_TAKEN");
}

static void
test_import_siecle (Api           *api,
                    gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *divisions = g_strdup_printf ("/api/organizations/%s/divisions", api->org_a);
  JsonArray *list;

  import_siecle (api, &response, school, G_N_ELEMENTS (school), "UTF-8");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 4);
  g_assert_cmpint (report (&response, "updated"), ==, 0);
  g_assert_cmpint (report (&response, "disabled"), ==, 0);

  list_learners (api, &response, "");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 4);
  /* Sorted by last name: Bernard, Dupont, Martin, Œuvray. */
  g_assert_cmpstr (learner_attribute (&response, 1, "first-name"), ==, "Zoé");
  g_assert_cmpstr (learner_attribute (&response, 1, "national-student-id"), ==, "123456789AB");
  g_assert_cmpstr (learner_attribute (&response, 1, "birthdate"), ==, "2011-03-14");
  g_assert_cmpstr (learner_attribute (&response, 1, "sex"), ==, "F");
  g_assert_cmpstr (learner_attribute (&response, 1, "division"), ==, "3A");

  list_learners (api, &response, "filter[divisions][]=3A&filter[divisions][]=4A");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 3);
  list_learners (api, &response, "filter[search]=zoe");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 1);
  list_learners (api, &response, "filter[search]=oeuvray%20CHLOE");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 1);
  list_learners (api, &response, "filter[search]=%25");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 0);
  list_learners (api, &response, "page[size]=3&page[number]=2");
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 1);
  g_assert_cmpint (api_meta_int (&response, "pageCount"), ==, 2);

  api_send (api, &response, "GET", divisions, api->member_a, NULL, NULL, NULL);
  list = api_data_array (&response);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (list, 0), "attributes"), "name"), ==, "3A");

  /* The same file again changes nothing. */
  import_siecle (api, &response, school, G_N_ELEMENTS (school), "UTF-8");
  g_assert_cmpint (report (&response, "created") + report (&response, "updated") + report (&response, "disabled"), ==, 0);
}

static void
test_reimport_disables (Api           *api,
                        gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  TestPupil changed[3] = { school[0], school[1], school[2] };
  g_autofree char *divisions = g_strdup_printf ("/api/organizations/%s/divisions", api->org_a);

  import_siecle (api, &response, school, G_N_ELEMENTS (school), "UTF-8");
  g_assert_cmpuint (response.status, ==, 200);

  /* Lucas left (absent from the file); Zoé moved to 3B. */
  changed[0].division = "3B";
  import_siecle (api, &response, changed, G_N_ELEMENTS (changed), "UTF-8");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 0);
  g_assert_cmpint (report (&response, "updated"), ==, 1);
  g_assert_cmpint (report (&response, "disabled"), ==, 1);

  list_learners (api, &response, "");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 3);
  list_learners (api, &response, "filter[divisions][]=3B");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 2);

  /* 4A has nobody left. */
  api_send (api, &response, "GET", divisions, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 2);

  /* Lucas comes back: enabled again, counted as updated. */
  import_siecle (api, &response, school, G_N_ELEMENTS (school), "UTF-8");
  g_assert_cmpint (report (&response, "updated"), ==, 2);
  list_learners (api, &response, "");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 4);
}

static void
test_encodings_and_zip (Api           *api,
                        gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) latin9 = pb_test_siecle_xml (API_UAI_A, "ISO-8859-15", school, G_N_ELEMENTS (school));
  g_autoptr(GBytes) zipped = pb_test_zip ("ElevesSansAdresse.xml", latin9);

  import_file (api, &response, api->admin_a, api->org_a, "xml", zipped);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 4);

  list_learners (api, &response, "filter[search]=chloe");
  g_assert_cmpstr (learner_attribute (&response, 0, "last-name"), ==, "Œuvray");
  list_learners (api, &response, "filter[search]=noel");
  g_assert_cmpstr (learner_attribute (&response, 0, "first-name"), ==, "Noël");
}

/* Every error of the file comes back at once, and nothing is stored. */
static void
test_invalid_file_changes_nothing (Api           *api,
                                   gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  TestPupil pupils[5] = { school[0], school[1], school[2], school[3], school[3] };
  g_autoptr(GBytes) wrong_school = pb_test_siecle_xml (API_UAI_B, "UTF-8", school, 2);
  JsonArray *errors;
  g_autoptr(GString) codes = g_string_new (NULL);

  import_siecle (api, &response, school, 2, "UTF-8");
  g_assert_cmpuint (response.status, ==, 200);

  pupils[1].ine = NULL;            /* INE_REQUIRED */
  pupils[2].birthdate = "31/02/2011";  /* INVALID_BIRTHDATE_FORMAT */
  /* pupils[4] repeats pupils[3]'s INE: INE_UNIQUE */
  import_siecle (api, &response, pupils, G_N_ELEMENTS (pupils), "UTF-8");
  g_assert_cmpuint (response.status, ==, 422);
  errors = json_object_get_array_member (json_node_get_object (response.json), "errors");
  for (guint i = 0; i < json_array_get_length (errors); i++)
    g_string_append_printf (codes, "%s ", json_object_get_string_member (json_array_get_object_element (errors, i), "code"));
  g_assert_nonnull (strstr (codes->str, "INE_REQUIRED"));
  g_assert_nonnull (strstr (codes->str, "INVALID_BIRTHDATE_FORMAT"));
  g_assert_nonnull (strstr (codes->str, "INE_UNIQUE"));

  import_file (api, &response, api->admin_a, api->org_a, "xml", wrong_school);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "UAI_MISMATCHED");

  list_learners (api, &response, "");
  g_assert_cmpint (api_meta_int (&response, "rowCount"), ==, 2);
}

static void
test_skipped_pupils (Api           *api,
                     gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  TestPupil pupils[3] = { school[0], school[1], school[2] };
  JsonArray *warnings;

  pupils[1].date_sortie = "15/12/2025";
  pupils[2].division = NULL;
  import_siecle (api, &response, pupils, G_N_ELEMENTS (pupils), "UTF-8");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 1);
  warnings = json_object_get_array_member (api_attributes (&response), "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2);
  /* Warnings are not HTTP errors: no status. */
  g_assert_false (json_object_has_member (json_array_get_object_element (warnings, 0), "status"));
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (warnings, 0), "code"));
}

static void
test_import_rights (Api           *api,
                    gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) file = pb_test_siecle_xml (API_UAI_A, "UTF-8", school, 1);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("not xml at all", 14);
  g_autofree char *no_uai = NULL;

  import_file (api, &response, api->member_a, api->org_a, "xml", file);
  g_assert_cmpuint (response.status, ==, 403);
  import_file (api, &response, api->admin_b, api->org_a, "xml", file);
  g_assert_cmpuint (response.status, ==, 404);
  import_file (api, &response, api->admin_a, api->org_a, "json", file);
  g_assert_cmpuint (response.status, ==, 400);
  import_file (api, &response, api->admin_a, api->org_a, "sup", file);
  g_assert_cmpuint (response.status, ==, 403);
  g_assert_cmpstr (api_error_code (&response), ==, "WRONG_ORGANIZATION_TYPE");
  import_file (api, &response, api->admin_a, api->org_a, "xml", garbage);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "INVALID_FILE");

  /* A school without UAI cannot take any school's SIECLE file. */
  no_uai = run_admin (&api->fixture, NULL, "create-organization", "--name", "École sans UAI", "--type", "SCO", NULL);
  g_free (run_admin (&api->fixture, NULL, "add-member", "--organization", no_uai, "--email", "anne.admin@college-a.fr",
                     "--role", "ADMIN", NULL));
  import_file (api, &response, api->admin_a, no_uai, "xml", file);
  g_assert_cmpuint (response.status, ==, 403);
  g_assert_cmpstr (api_error_code (&response), ==, "NOT_MANAGING_STUDENTS");
}

static void
test_import_csv (Api           *api,
                 gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  const char *sco =
    "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;"
    "Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;Libellé commune naissance**;"
    "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;Division*\n"
    "123456789AB;Zoé;;;Dupont;;F;14/03/2011;75115;Paris;75;100;ST;10010012110;3A\n";
  const char *sup =
    "Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;"
    "Date de naissance (jj/mm/aaaa)*;Email;Numéro étudiant*;Composante;Équipe pédagogique;Groupe;Diplôme;Régime\n"
    "Léa;;;Moreau;;02/05/2004;lea.moreau@univ.fr;E2024001;Sciences;;L1 G2;Licence;FI\n"
    "Hugo;;;Petit;;12/11/2003;;E2024002;Sciences;;L1 G1;Licence;FI\n";
  g_autoptr(GBytes) sco_file = g_bytes_new_static (sco, strlen (sco));
  g_autoptr(GBytes) sup_file = g_bytes_new_static (sup, strlen (sup));
  g_autofree char *sup_list = g_strdup_printf ("/api/organizations/%s/organization-learners?filter[search]=lea", api->org_sup);

  import_file (api, &response, api->admin_a, api->org_a, "csv", sco_file);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 1);

  import_file (api, &response, api->admin_a, api->org_sup, "sup", sup_file);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (report (&response, "created"), ==, 2);
  api_send (api, &response, "GET", sup_list, api->admin_a, NULL, NULL, NULL);
  g_assert_cmpstr (learner_attribute (&response, 0, "student-number"), ==, "E2024001");
  g_assert_cmpstr (learner_attribute (&response, 0, "group"), ==, "L1 G2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/learners/organization", test_organization);
  ADD ("/learners/memberships", test_memberships);
  ADD ("/learners/import-siecle", test_import_siecle);
  ADD ("/learners/reimport-disables", test_reimport_disables);
  ADD ("/learners/encodings-and-zip", test_encodings_and_zip);
  ADD ("/learners/invalid-file-changes-nothing", test_invalid_file_changes_nothing);
  ADD ("/learners/skipped-pupils", test_skipped_pupils);
  ADD ("/learners/import-rights", test_import_rights);
  ADD ("/learners/import-csv", test_import_csv);
#undef ADD

  return g_test_run ();
}
