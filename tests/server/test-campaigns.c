/* test-campaigns.c
 *
 * Campaigns over real HTTP: target profiles, creation and its rules,
 * versions (ETag, If-Match → 428/412), archiving, lists and filters, the
 * public lookup by code, and idempotent replays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-api.h"

#define CAMPAIGN_JSON \
  "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"%s\", \"type\": \"ASSESSMENT\", " \
  "\"title\": \"Parcours 3e\", \"custom-landing-page-text\": \"Bienvenue\", \"external-id-label\": \"N° élève\"}, " \
  "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}, " \
  "\"target-profile\": {\"data\": {\"type\": \"target-profiles\", \"id\": \"tp-decouverte-college\"}}}}}"

/* Creates a campaign in org A; returns its id. */
static char *
create_campaign (Api         *api,
                 ApiResponse *response,
                 const char  *name)
{
  g_autofree char *json = g_strdup_printf (CAMPAIGN_JSON, name, api->org_a);

  api_send_json (api, response, "POST", "/api/campaigns", api->admin_a, json, NULL);
  g_assert_cmpuint (response->status, ==, 201);
  return g_strdup (json_object_get_string_member (api_data (response), "id"));
}

static gboolean
has_profile (JsonArray  *profiles,
             const char *id)
{
  for (guint i = 0; i < json_array_get_length (profiles); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (profiles, i), "id"), id))
      return TRUE;
  return FALSE;
}

static void
test_target_profiles (Api           *api,
                      gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/target-profiles?filter[organization-id]=%s", api->org_a);
  g_autofree char *sup_path = g_strdup_printf ("/api/organizations/%s/target-profiles", api->org_sup);

  api_send (api, &response, "GET", path, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_true (has_profile (api_data_array (&response), "tp-positionnement-complet"));
  g_assert_true (has_profile (api_data_array (&response), "tp-decouverte-college"));
  g_assert_false (has_profile (api_data_array (&response), "tp-insertion-professionnelle"));

  api_send (api, &response, "GET", sup_path, api->admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_false (has_profile (api_data_array (&response), "tp-decouverte-college"));
  g_assert_true (has_profile (api_data_array (&response), "tp-insertion-professionnelle"));

  /* Not a member of org A. */
  api_send (api, &response, "GET", path, api->admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 404);
}

static void
test_create (Api           *api,
             gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *id = create_campaign (api, &response, "Évaluation de rentrée");
  JsonObject *attributes = api_attributes (&response);
  g_autoptr(GRegex) code = g_regex_new ("^[ABCDEFGHJKMNPQRSTUVWXYZ]{6}[2-9]{3}$", 0, 0, NULL);
  g_autofree char *location = g_strconcat ("/api/campaigns/", id, NULL);

  g_assert_true (g_regex_match (code, json_object_get_string_member (attributes, "code"), 0, NULL));
  g_assert_cmpstr (json_object_get_string_member (attributes, "name"), ==, "Évaluation de rentrée");
  g_assert_cmpstr (json_object_get_string_member (attributes, "external-id-label"), ==, "N° élève");
  g_assert_cmpstr (json_object_get_string_member (attributes, "external-id-type"), ==, "STRING");
  g_assert_cmpstr (json_object_get_string_member (attributes, "owner-id"), ==, api->admin_a_id);
  g_assert_false (json_object_get_boolean_member (attributes, "is-archived"));
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"1\"");
  g_assert_cmpstr (api_header (&response, "Location"), ==, location);

  api_send (api, &response, "GET", location, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_data (&response), "id"), ==, id);

  api_send (api, &response, "GET", location, api->admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 404);
}

static void
test_client_id (Api           *api,
                gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  const char *id = "01936b2e-0000-7000-8000-00000000abcd";
  g_autofree char *path = NULL;
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"id\": \"%s\", \"attributes\": "
                                           "{\"name\": \"Profils\", \"type\": \"PROFILES_COLLECTION\"}, "
                                           "\"relationships\": {\"organization\": {\"data\": "
                                           "{\"type\": \"organizations\", \"id\": \"%s\"}}}}}", id, api->org_a);

  api_send_json (api, &response, "POST", "/api/campaigns", api->member_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (api_data (&response), "id"), ==, id);

  /* A profiles collection keeps having no title. */
  path = g_strconcat ("/api/campaigns/", id, NULL);
  api_send_json (api, &response, "PATCH", path, api->member_a,
                 "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"title\": \"Titre\"}}}",
                 "If-Match", "\"1\"", NULL);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "TITLE_NOT_ALLOWED");

  /* The same id again, without an idempotency key: a conflict. */
  api_send_json (api, &response, "POST", "/api/campaigns", api->member_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 409);
  g_assert_cmpstr (api_error_code (&response), ==, "ID_TAKEN");
}

typedef struct
{
  const char *attributes;
  const char *relationships;
  const char *code;
  const char *pointer;
} Invalid;

static void
test_validation (Api           *api,
                 gconstpointer  data)
{
  static const Invalid cases[] = {
    { "{\"type\": \"ASSESSMENT\"}", "TP", "CAMPAIGN_NAME_IS_REQUIRED", "/data/attributes/name" },
    { "{\"name\": \"X\"}", "TP", "CAMPAIGN_PURPOSE_IS_REQUIRED", "/data/attributes/type" },
    { "{\"name\": \"X\", \"type\": \"EXAM\"}", "TP", "INVALID_CAMPAIGN_TYPE", "/data/attributes/type" },
    { "{\"name\": \"X\", \"type\": \"ASSESSMENT\"}", "", "TARGET_PROFILE_IS_REQUIRED", "/data/relationships/target-profile" },
    { "{\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}", "TP", "TARGET_PROFILE_NOT_ALLOWED", "/data/relationships/target-profile" },
    { "{\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\", \"title\": \"T\"}", "", "TITLE_NOT_ALLOWED", "/data/attributes/title" },
    { "{\"name\": 42, \"type\": \"ASSESSMENT\"}", "TP", "INVALID_ATTRIBUTE", "/data/attributes/name" },
    { "{\"name\": \"X\", \"type\": \"ASSESSMENT\", \"external-id-type\": \"EMAIL\"}", "TP", "EXTERNAL_ID_LABEL_IS_REQUIRED", "/data/attributes/external-id-label" },
    { "{\"name\": \"X\", \"type\": \"ASSESSMENT\"}", "OTHER_TP", "TARGET_PROFILE_NOT_AVAILABLE", "/data/relationships/target-profile" },
    { "{\"name\": \"X\", \"type\": \"ASSESSMENT\", \"owner-id\": \"01936b2e-0000-7000-8000-000000000000\"}", "TP", "OWNER_NOT_A_MEMBER", "/data/attributes/owner-id" },
  };
  g_autofree char *long_text = g_strnfill (5001, 'a');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(ApiResponse) response = { 0 };
      g_autofree char *tp = NULL;
      g_autofree char *json = NULL;
      JsonObject *error;

      tp = g_strdup (g_str_equal (cases[i].relationships, "TP")
                       ? ", \"target-profile\": {\"data\": {\"type\": \"target-profiles\", \"id\": \"tp-decouverte-college\"}}"
                       : g_str_equal (cases[i].relationships, "OTHER_TP")
                         ? ", \"target-profile\": {\"data\": {\"type\": \"target-profiles\", \"id\": \"tp-insertion-professionnelle\"}}"
                         : "");
      json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": %s, \"relationships\": "
                              "{\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}%s}}}",
                              cases[i].attributes, api->org_a, tp);

      api_send_json (api, &response, "POST", "/api/campaigns", api->admin_a, json, NULL);
      g_test_message ("case %u: %s", i, cases[i].code);
      g_assert_cmpuint (response.status, ==, 422);
      g_assert_cmpstr (api_error_code (&response), ==, cases[i].code);
      error = json_array_get_object_element (json_object_get_array_member (json_node_get_object (response.json), "errors"), 0);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (error, "source"), "pointer"), ==,
                       cases[i].pointer);
    }

  {
    g_auto(ApiResponse) response = { 0 };
    g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"X\", "
                                             "\"type\": \"PROFILES_COLLECTION\", \"custom-landing-page-text\": \"%s\"}, "
                                             "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", "
                                             "\"id\": \"%s\"}}}}}", long_text, api->org_a);

    api_send_json (api, &response, "POST", "/api/campaigns", api->admin_a, json, NULL);
    g_assert_cmpuint (response.status, ==, 422);
    g_assert_cmpstr (api_error_code (&response), ==, "ATTRIBUTE_TOO_LONG");
  }
}

static void
test_versions (Api           *api,
               gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *id = create_campaign (api, &response, "Avant");
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);
  g_autofree char *archive = g_strconcat (path, "/archive", NULL);
  const char *patch = "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Après\", \"title\": null}}}";
  g_autofree char *archived_at = NULL;

  api_send_json (api, &response, "PATCH", path, api->admin_a, patch, NULL);
  g_assert_cmpuint (response.status, ==, 428);

  api_send_json (api, &response, "PATCH", path, api->admin_a, patch, "If-Match", "\"7\"", NULL);
  g_assert_cmpuint (response.status, ==, 412);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "name"), ==, "Avant");
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"1\"");

  api_send_json (api, &response, "PATCH", path, api->admin_a, patch, "If-Match", "\"1\"", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "name"), ==, "Après");
  g_assert_true (json_object_get_null_member (api_attributes (&response), "title"));
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "custom-landing-page-text"), ==, "Bienvenue");
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"2\"");

  api_send_json (api, &response, "PATCH", path, api->admin_a, patch, "If-Match", "abc", NULL);
  g_assert_cmpuint (response.status, ==, 400);
  g_assert_cmpstr (api_error_code (&response), ==, "INVALID_IF_MATCH");

  /* A plain member may read it, not change it: it is not theirs. */
  api_send (api, &response, "PUT", archive, api->member_a, NULL, NULL, "If-Match", "\"2\"", NULL);
  g_assert_cmpuint (response.status, ==, 403);
  g_assert_cmpstr (api_error_code (&response), ==, "NOT_CAMPAIGN_OWNER");

  api_send (api, &response, "PUT", archive, api->admin_a, NULL, NULL, "If-Match", "\"2\"", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_true (json_object_get_boolean_member (api_attributes (&response), "is-archived"));
  archived_at = g_strdup (json_object_get_string_member (api_attributes (&response), "archived-at"));

  /* Archiving again changes nothing, not even the date. */
  api_send (api, &response, "PUT", archive, api->admin_a, NULL, NULL, "If-Match", "\"3\"", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"3\"");
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "archived-at"), ==, archived_at);

  api_send_json (api, &response, "PATCH", path, api->admin_a, patch, "If-Match", "\"3\"", NULL);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, "CAMPAIGN_ARCHIVED");

  api_send (api, &response, "DELETE", archive, api->admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 428);
  api_send (api, &response, "DELETE", archive, api->admin_a, NULL, NULL, "If-Match", "\"3\"", NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_false (json_object_get_boolean_member (api_attributes (&response), "is-archived"));
  g_assert_cmpstr (api_header (&response, "ETag"), ==, "\"4\"");

  /* Another school cannot archive it, whatever version it claims. */
  api_send (api, &response, "PUT", archive, api->admin_b, NULL, NULL, "If-Match", "\"4\"", NULL);
  g_assert_cmpuint (response.status, ==, 404);
}

static guint
list_count (Api        *api,
            const char *query)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/campaigns?%s", api->org_a, query);

  api_send (api, &response, "GET", path, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  return (guint)api_meta_int (&response, "rowCount");
}

static void
test_list (Api           *api,
           gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *first = create_campaign (api, &response, "Évaluation 6e");
  g_autofree char *second = create_campaign (api, &response, "Évaluation 5e");
  g_autofree char *third = create_campaign (api, &response, "Profils 3e");
  g_autofree char *archive = g_strconcat ("/api/campaigns/", third, "/archive", NULL);
  g_autofree char *owner = g_strdup_printf ("filter[owner]=%s", api->admin_a_id);
  g_autofree char *other_owner = g_strdup_printf ("filter[owner]=%s", api->member_a_id);
  g_autofree char *paged = g_strdup_printf ("/api/organizations/%s/campaigns?page[size]=2&page[number]=2", api->org_a);

  api_send (api, &response, "PUT", archive, api->admin_a, NULL, NULL, "If-Match", "1", NULL);
  g_assert_cmpuint (response.status, ==, 200);

  g_assert_cmpuint (list_count (api, ""), ==, 3);
  g_assert_cmpuint (list_count (api, "filter[name]=evaluation"), ==, 2);
  g_assert_cmpuint (list_count (api, "filter[name]=%C3%89VALUATION%206"), ==, 1);
  g_assert_cmpuint (list_count (api, "filter[status]=active"), ==, 2);
  g_assert_cmpuint (list_count (api, "filter[status]=archived"), ==, 1);
  g_assert_cmpuint (list_count (api, owner), ==, 3);
  g_assert_cmpuint (list_count (api, other_owner), ==, 0);

  api_send (api, &response, "GET", paged, api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (api_data_array (&response)), ==, 1);
  g_assert_cmpint (api_meta_int (&response, "pageCount"), ==, 2);
  /* Newest first: the last page holds the oldest. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (api_data_array (&response), 0), "id"),
                   ==, first);

  api_send (api, &response, "GET", "/api/organizations/x/campaigns?filter[status]=old", api->member_a, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 400);
  (void)second;
}

static void
test_lookup_by_code (Api           *api,
                     gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *id = create_campaign (api, &response, "Code");
  g_autofree char *code = g_strdup (json_object_get_string_member (api_attributes (&response), "code"));
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *path = g_strdup_printf ("/api/campaigns?filter[code]=%s", lower);

  /* No sign-in, any case. */
  api_send (api, &response, "GET", path, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_data (&response), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "organization-name"), ==, "Collège A");
  g_assert_false (json_object_has_member (api_attributes (&response), "owner-id"));

  api_send (api, &response, "GET", "/api/campaigns?filter[code]=AAAAAA222", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 404);
  g_assert_cmpstr (api_error_code (&response), ==, "CAMPAIGN_CODE_NOT_FOUND");
  api_send (api, &response, "GET", "/api/campaigns", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 400);
}

static void
test_idempotency (Api           *api,
                  gconstpointer  data)
{
  g_auto(ApiResponse) first = { 0 };
  g_auto(ApiResponse) again = { 0 };
  g_autofree char *json = g_strdup_printf (CAMPAIGN_JSON, "Une seule fois", api->org_a);
  g_autofree char *other = g_strdup_printf (CAMPAIGN_JSON, "Autre chose", api->org_a);
  const char *key = "6f1c1f0e-4d0a-4c55-9a55-0c1d2e3f4a5b";
  const char *rename = "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Renommée\"}}}";
  g_autofree char *path = NULL;

  api_send_json (api, &first, "POST", "/api/campaigns", api->admin_a, json, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (first.status, ==, 201);
  path = g_strconcat ("/api/campaigns/", json_object_get_string_member (api_data (&first), "id"), NULL);

  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, json, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_true (g_bytes_equal (first.body, again.body));
  g_assert_cmpstr (api_header (&again, "ETag"), ==, "\"1\"");
  g_assert_cmpstr (api_header (&again, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpuint (list_count (api, ""), ==, 1);

  /* Kept across a restart: the response is in the database. */
  api_restart (api);
  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, json, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_true (g_bytes_equal (first.body, again.body));

  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, other, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (again.status, ==, 422);
  g_assert_cmpstr (api_error_code (&again), ==, "IDEMPOTENCY_KEY_REUSED");
  g_assert_cmpuint (list_count (api, ""), ==, 1);

  /* Keys belong to their user: the same key from someone else is theirs. */
  api_send_json (api, &again, "POST", "/api/campaigns", api->member_a, other, "Idempotency-Key", key, NULL);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_cmpuint (list_count (api, ""), ==, 2);

  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, other, "Idempotency-Key", "", NULL);
  g_assert_cmpuint (again.status, ==, 400);

  /* A refused update retried with a corrected If-Match under the same key
   * is another request: refused as such, not replayed. */
  api_send_json (api, &again, "PATCH", path, api->admin_a, rename, "Idempotency-Key", "k-2", NULL);
  g_assert_cmpuint (again.status, ==, 428);
  api_send_json (api, &again, "PATCH", path, api->admin_a, rename, "Idempotency-Key", "k-2", "If-Match", "1", NULL);
  g_assert_cmpuint (again.status, ==, 422);
  g_assert_cmpstr (api_error_code (&again), ==, "IDEMPOTENCY_KEY_REUSED");
  api_send_json (api, &again, "PATCH", path, api->admin_a, rename, "Idempotency-Key", "k-3", "If-Match", "1", NULL);
  g_assert_cmpuint (again.status, ==, 200);
}

/* Stored answers live PB_IDEMPOTENCY_RETENTION_DAYS (120): one 119 days
 * old still replays, one 121 days old is forgotten at the next start. */
static void
test_idempotency_retention (Api           *api,
                            gconstpointer  data)
{
  g_auto(ApiResponse) first = { 0 };
  g_auto(ApiResponse) again = { 0 };
  g_autofree char *young = g_strdup_printf (CAMPAIGN_JSON, "Jeune", api->org_a);
  g_autofree char *old = g_strdup_printf (CAMPAIGN_JSON, "Vieille", api->org_a);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day_119 = g_date_time_add_days (now, -119);
  g_autoptr(GDateTime) day_121 = g_date_time_add_days (now, -121);
  g_autofree char *at_119 = g_date_time_format_iso8601 (day_119);
  g_autofree char *at_121 = g_date_time_format_iso8601 (day_121);
  g_autofree char *age_young = g_strdup_printf ("UPDATE idempotency_keys SET created_at = '%s' "
                                                "WHERE idempotency_key = 'young'", at_119);
  g_autofree char *age_old = g_strdup_printf ("UPDATE idempotency_keys SET created_at = '%s' "
                                              "WHERE idempotency_key = 'old'", at_121);
  g_autofree char *count = NULL;

  api_send_json (api, &first, "POST", "/api/campaigns", api->admin_a, young, "Idempotency-Key", "young", NULL);
  g_assert_cmpuint (first.status, ==, 201);
  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, old, "Idempotency-Key", "old", NULL);
  g_assert_cmpuint (again.status, ==, 201);

  fixture_exec (&api->fixture, age_young);
  fixture_exec (&api->fixture, age_old);
  api_restart (api);

  api_send_json (api, &again, "POST", "/api/campaigns", api->admin_a, young, "Idempotency-Key", "young", NULL);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_true (g_bytes_equal (first.body, again.body));
  count = fixture_query_text (&api->fixture, "SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = 'old'");
  g_assert_cmpstr (count, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/campaigns/target-profiles", test_target_profiles);
  ADD ("/campaigns/create", test_create);
  ADD ("/campaigns/client-id", test_client_id);
  ADD ("/campaigns/validation", test_validation);
  ADD ("/campaigns/versions", test_versions);
  ADD ("/campaigns/list", test_list);
  ADD ("/campaigns/lookup-by-code", test_lookup_by_code);
  ADD ("/campaigns/idempotency", test_idempotency);
  ADD ("/campaigns/idempotency-retention", test_idempotency_retention);
#undef ADD

  return g_test_run ();
}
