/* test-authorization.c
 *
 * Who may touch an organization's data, over real HTTP, route by route:
 * one table, one loop. Org B has a campaign, learners and divisions; the
 * staff of org A try every route on them (404: nobody outside an
 * organization learns that it exists), nobody and a forged token try
 * every authenticated route (401), a plain member of org A tries what only
 * its administrators may do (403). After every attempt both organizations
 * must be exactly as they were. Every route the server registers must have
 * rows here: a new route without them fails /authorization/every-route.
 *
 * Learner routes belong to no organization but to a learner: org B has a
 * reconciled pupil who has joined its campaign, and org A's staff get the
 * same 404 for that learner's participation, assessment and scorecards as
 * anybody but the learner would; what needs no membership (joining with
 * a code, claiming a pupil) is refused for what the request is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-api.h"
#include "pb-test-learner.h"
#include "pb-test-siecle.h"

typedef enum
{
  ADMIN_A = 1 << 0,   /* org A's administrator */
  MEMBER_A = 1 << 1,  /* a plain member of org A */
  NOBODY = 1 << 2,    /* no Authorization header */
  FORGED = 1 << 3,    /* admin_a's token, rewritten to name admin_b */
} Caller;

typedef enum
{
  BODY_NONE,
  BODY_MEMBERSHIP,       /* makes the other school's staff an ADMIN */
  BODY_SIECLE_XML,       /* a valid file for the organization in the path */
  BODY_SCO_CSV,
  BODY_SUP_CSV,
  BODY_CAMPAIGN_IN_B,    /* a new campaign, in org B */
  BODY_CAMPAIGN_REPLAY,  /* the very request admin_b created org B's campaign with */
  BODY_PATCH,
  BODY_ANSWER,           /* an answer to the challenge org B's learner was asked */
  BODY_JOIN,             /* joins org B's campaign */
  BODY_ASSOCIATION,      /* claims org B's pupil, linked to org B's learner */
  BODY_EVALUATION,       /* starts a competence evaluation */
} Body;

typedef enum
{
  HEADERS_NONE,
  HEADERS_WRITE,         /* If-Match: "1" and a fresh Idempotency-Key */
  HEADERS_REPLAY,        /* If-Match: "1" and admin_b's Idempotency-Key */
} Headers;

/* @path placeholders: {a}, {b}, {sup} (organizations), {campaign} and
 * {code} (org B's campaign), {learner}, {participation} and {assessment}
 * (org B's learner, in that campaign), {index} (a competence). @code
 * NULL: a success, whose data must be org B's campaign. */
typedef struct
{
  const char *method;
  const char *path;
  Body        body;
  Headers     headers;
  guint       who;
  guint       status;
  const char *code;
} Row;

/* Every authenticated route on org B: 404 for org A's staff, 401 for
 * callers without a genuine token. */
#define ON_B(method, path, body, headers) \
  { method, path, body, headers, ADMIN_A | MEMBER_A, 404, "NOT_FOUND" }, \
  { method, path, body, headers, NOBODY | FORGED, 401, "UNAUTHORIZED" }

static const Row rows[] = {
  ON_B ("GET", "/api/organizations/{b}", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/memberships", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/organizations/{b}/memberships", BODY_MEMBERSHIP, HEADERS_WRITE),
  ON_B ("GET", "/api/organizations/{b}/divisions", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/organization-learners", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/organization-learners?filter[search]=a&page[size]=100", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/organizations/{b}/sco-organization-learners/import-siecle?format=xml", BODY_SIECLE_XML, HEADERS_WRITE),
  ON_B ("POST", "/api/organizations/{b}/sco-organization-learners/import-siecle?format=csv", BODY_SCO_CSV, HEADERS_WRITE),
  ON_B ("POST", "/api/organizations/{b}/sup-organization-learners/import-csv", BODY_SUP_CSV, HEADERS_WRITE),
  ON_B ("GET", "/api/target-profiles?filter[organization-id]={b}", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/target-profiles", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/campaigns", BODY_CAMPAIGN_IN_B, HEADERS_WRITE),
  ON_B ("POST", "/api/campaigns", BODY_CAMPAIGN_REPLAY, HEADERS_REPLAY),
  ON_B ("GET", "/api/campaigns/{campaign}", BODY_NONE, HEADERS_NONE),
  ON_B ("PATCH", "/api/campaigns/{campaign}", BODY_PATCH, HEADERS_WRITE),
  ON_B ("PUT", "/api/campaigns/{campaign}/archive", BODY_NONE, HEADERS_WRITE),
  ON_B ("DELETE", "/api/campaigns/{campaign}/archive", BODY_NONE, HEADERS_WRITE),
  ON_B ("GET", "/api/organizations/{b}/campaigns", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/campaigns?filter[status]=archived", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/changes", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/organizations/{b}/changes?limit=1000", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/participants-activity", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/participants-activity?filter[status][]=STARTED", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/assessment-results", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/profiles-collection-participations", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/collective-results", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/csv-assessment-results", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/campaigns/{campaign}/csv-profiles-collection-results", BODY_NONE, HEADERS_NONE),

  /* Org B's learner's own records: nobody else's business. */
  ON_B ("GET", "/api/campaign-participations/{participation}", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/campaign-participations/{participation}/share", BODY_NONE, HEADERS_WRITE),
  ON_B ("PATCH", "/api/campaign-participations/{participation}/begin-improvement", BODY_NONE, HEADERS_WRITE),
  ON_B ("GET", "/api/assessments/{assessment}", BODY_NONE, HEADERS_NONE),
  ON_B ("GET", "/api/assessments/{assessment}/next-challenge", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/answers", BODY_ANSWER, HEADERS_WRITE),
  ON_B ("GET", "/api/users/{learner}/scorecards", BODY_NONE, HEADERS_NONE),
  ON_B ("POST", "/api/users/{learner}/competences/{index}/reset", BODY_NONE, HEADERS_WRITE),

  /* Anyone with the code may join a campaign, but a school that imports
   * its pupils takes them only; and a pupil linked to an account is not
   * anybody else's to claim. */
  { "POST", "/api/campaign-participations", BODY_JOIN, HEADERS_WRITE, ADMIN_A | MEMBER_A, 403,
    "ORGANIZATION_LEARNER_NOT_RECONCILED" },
  { "POST", "/api/campaign-participations", BODY_JOIN, HEADERS_WRITE, NOBODY | FORGED, 401, "UNAUTHORIZED" },
  { "POST", "/api/sco-organization-learners/association", BODY_ASSOCIATION, HEADERS_WRITE, ADMIN_A | MEMBER_A, 409,
    "ORGANIZATION_LEARNER_ALREADY_LINKED" },
  { "POST", "/api/sco-organization-learners/association", BODY_ASSOCIATION, HEADERS_WRITE, NOBODY | FORGED, 401,
    "UNAUTHORIZED" },
  { "POST", "/api/competence-evaluations/start-or-resume", BODY_EVALUATION, HEADERS_WRITE, NOBODY | FORGED, 401,
    "UNAUTHORIZED" },

  /* The user's own account: only a genuine token opens it. */
  { "GET", "/api/me", BODY_NONE, HEADERS_NONE, NOBODY | FORGED, 401, "UNAUTHORIZED" },

  /* In their own school, members read but only administrators import
   * and add staff; SUP is not a member_a's organization at all. */
  { "POST", "/api/organizations/{a}/memberships", BODY_MEMBERSHIP, HEADERS_WRITE, MEMBER_A, 403, "ADMIN_REQUIRED" },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=xml", BODY_SIECLE_XML, HEADERS_WRITE,
    MEMBER_A, 403, "ADMIN_REQUIRED" },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=csv", BODY_SCO_CSV, HEADERS_WRITE,
    MEMBER_A, 403, "ADMIN_REQUIRED" },
  { "POST", "/api/organizations/{a}/sup-organization-learners/import-csv", BODY_SUP_CSV, HEADERS_WRITE,
    MEMBER_A, 403, "ADMIN_REQUIRED" },
  { "POST", "/api/organizations/{sup}/sup-organization-learners/import-csv", BODY_SUP_CSV, HEADERS_WRITE,
    MEMBER_A, 404, "NOT_FOUND" },
  { "POST", "/api/organizations/{sup}/memberships", BODY_MEMBERSHIP, HEADERS_WRITE, MEMBER_A, 404, "NOT_FOUND" },

  /* Public: a learner types the code before having any account. */
  { "GET", "/api/campaigns?filter[code]={code}", BODY_NONE, HEADERS_NONE, ADMIN_A | MEMBER_A | NOBODY | FORGED, 200, NULL },
};

/* Routes no organization's data hangs on, and which take no token. */
static const char * const public_routes[] = {
  "POST /api/token",
  "POST /api/revoke",
  "GET /api/campaigns",
  "POST /api/users",
};

/* Routes about the caller's own account, open to any signed-in learner:
 * no outsider row for them. */
static const char * const personal_routes[] = {
  "GET /api/me",
  "POST /api/sco-organization-learners/association",
  "POST /api/competence-evaluations/start-or-resume",
};

static const char *
caller_name (Caller caller)
{
  switch (caller)
    {
    case ADMIN_A:
      return "admin_a";
    case MEMBER_A:
      return "member_a";
    case NOBODY:
      return "no token";
    case FORGED:
    default:
      return "forged token";
    }
}

/* The learner files' headers (pix-domain §7.2, §7.3). */
#define SCO_CSV_HEADER \
  "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;" \
  "Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;Libellé commune naissance**;" \
  "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;Division*\n"
#define SUP_CSV_HEADER \
  "Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;" \
  "Date de naissance (jj/mm/aaaa)*;Email;Numéro étudiant*;Composante;Équipe pédagogique;Groupe;Diplôme;Régime\n"

/* Org B's data, which org A's staff try to reach. */
typedef struct
{
  Api   api;
  char *forged;           /* admin_a's token rewritten to name admin_b */
  char *campaign;         /* org B's campaign */
  char *campaign_json;    /* the request that created it */
  char *idempotency_key;  /* and its key */
  char *code;
  char *learner;          /* org B's reconciled pupil's account */
  char *learner_token;
  char *participation;    /* the learner's, in org B's campaign */
  char *assessment;
  char *challenge;        /* the challenge the assessment asked */
  char *pupil_json;       /* the association that linked the pupil */
} Orgs;

static const char *
caller_token (Orgs   *orgs,
              Caller  caller)
{
  switch (caller)
    {
    case ADMIN_A:
      return orgs->api.admin_a;
    case MEMBER_A:
      return orgs->api.member_a;
    case FORGED:
      return orgs->forged;
    case NOBODY:
    default:
      return NULL;
    }
}

/* @path with its placeholders filled in. */
static char *
expand (Orgs       *orgs,
        const char *path)
{
  GString *text = g_string_new (path);

  g_string_replace (text, "{a}", orgs->api.org_a, 0);
  g_string_replace (text, "{b}", orgs->api.org_b, 0);
  g_string_replace (text, "{sup}", orgs->api.org_sup, 0);
  g_string_replace (text, "{campaign}", orgs->campaign, 0);
  g_string_replace (text, "{code}", orgs->code, 0);
  g_string_replace (text, "{learner}", orgs->learner, 0);
  g_string_replace (text, "{participation}", orgs->participation, 0);
  g_string_replace (text, "{assessment}", orgs->assessment, 0);
  g_string_replace (text, "{index}", "1.1", 0);
  return g_string_free (text, FALSE);
}

static char *
campaign_in (const char *organization,
             const char *name)
{
  return g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"%s\", "
                          "\"type\": \"ASSESSMENT\", \"title\": \"Parcours 4e\"}, \"relationships\": "
                          "{\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}, "
                          "\"target-profile\": {\"data\": {\"type\": \"target-profiles\", "
                          "\"id\": \"tp-decouverte-college\"}}}}}",
                          name, organization);
}

/* A valid body for @row: were authorization missing, it would change
 * something, and the snapshot would show it. */
static GBytes *
row_body (Orgs        *orgs,
          const Row   *row,
          const char **content_type)
{
  gboolean in_a = strstr (row->path, "{a}") != NULL;
  char *text;

  *content_type = "application/octet-stream";
  switch (row->body)
    {
    case BODY_MEMBERSHIP:
      *content_type = "application/vnd.api+json";
      text = g_strdup_printf ("{\"data\": {\"type\": \"memberships\", \"attributes\": "
                              "{\"email\": \"%s\", \"organization-role\": \"ADMIN\"}}}",
                              in_a ? "bea.admin@college-b.fr" : "marc.membre@college-a.fr");
      break;

    case BODY_SIECLE_XML:
      return pb_test_siecle_generate (in_a ? API_UAI_A : API_UAI_B, 3, 1234);

    case BODY_SCO_CSV:
      text = g_strdup (SCO_CSV_HEADER "123456789ZZ;Intrus;;;Dehors;;M;01/01/2011;75115;Paris;75;100;ST;10010012110;6Z\n");
      break;

    case BODY_SUP_CSV:
      text = g_strdup (SUP_CSV_HEADER "Intrus;;;Dehors;;01/01/2003;;E9999999;Sciences;;L1 G1;Licence;FI\n");
      break;

    case BODY_CAMPAIGN_IN_B:
      *content_type = "application/vnd.api+json";
      text = campaign_in (orgs->api.org_b, "Créée par quelqu'un d'autre");
      break;

    case BODY_CAMPAIGN_REPLAY:
      *content_type = "application/vnd.api+json";
      text = g_strdup (orgs->campaign_json);
      break;

    case BODY_PATCH:
      *content_type = "application/vnd.api+json";
      text = g_strdup ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Renommée d'ailleurs\", "
                       "\"custom-landing-page-text\": \"Piratée\"}}}");
      break;

    case BODY_ANSWER:
      *content_type = "application/vnd.api+json";
      text = g_strdup_printf ("{\"data\": {\"type\": \"answers\", \"attributes\": {\"value\": \"1\"}, "
                              "\"relationships\": {\"assessment\": {\"data\": {\"type\": \"assessments\", "
                              "\"id\": \"%s\"}}, \"challenge\": {\"data\": {\"type\": \"challenges\", "
                              "\"id\": \"%s\"}}}}}", orgs->assessment, orgs->challenge);
      break;

    case BODY_JOIN:
      *content_type = "application/vnd.api+json";
      text = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                              "\"attributes\": {\"campaign-code\": \"%s\"}}}", orgs->code);
      break;

    case BODY_ASSOCIATION:
      *content_type = "application/vnd.api+json";
      text = g_strdup (orgs->pupil_json);
      break;

    case BODY_EVALUATION:
      *content_type = "application/vnd.api+json";
      text = g_strdup ("{\"data\": {\"type\": \"competence-evaluations\", "
                       "\"attributes\": {\"competence-index\": \"1.1\"}}}");
      break;

    case BODY_NONE:
    default:
      *content_type = NULL;
      return NULL;
    }

  return g_bytes_new_take (text, strlen (text));
}

static void
send_row (Orgs        *orgs,
          ApiResponse *response,
          const Row   *row,
          Caller       caller)
{
  g_autofree char *path = expand (orgs, row->path);
  g_autofree char *fresh_key = g_uuid_string_random ();
  const char *content_type = NULL;
  g_autoptr(GBytes) body = row_body (orgs, row, &content_type);
  const char *token = caller_token (orgs, caller);

  switch (row->headers)
    {
    case HEADERS_WRITE:
      api_send (&orgs->api, response, row->method, path, token, content_type, body,
                "If-Match", "\"1\"", "Idempotency-Key", fresh_key, NULL);
      break;

    case HEADERS_REPLAY:
      api_send (&orgs->api, response, row->method, path, token, content_type, body,
                "If-Match", "\"1\"", "Idempotency-Key", orgs->idempotency_key, NULL);
      break;

    case HEADERS_NONE:
    default:
      api_send (&orgs->api, response, row->method, path, token, content_type, body, NULL);
      break;
    }
}

static JsonObject *
response_meta (ApiResponse *response)
{
  return json_object_get_object_member (json_node_get_object (response->json), "meta");
}

/* GET @path as @token; asserts 200. */
static void
get_ok (Orgs        *orgs,
        ApiResponse *response,
        const char  *token,
        const char  *path)
{
  api_send (&orgs->api, response, "GET", path, token, NULL, NULL, NULL);
  if (response->status != 200)
    g_test_message ("GET %s: %u %.*s", path, response->status,
                    (int)g_bytes_get_size (response->body), (const char *)g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, 200);
}

/* What one organization holds, as its own administrator sees it. */
static void
describe_organization (Orgs       *orgs,
                       GString    *out,
                       const char *organization,
                       const char *token)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *feed = g_strdup_printf ("/api/organizations/%s/changes?limit=1000", organization);
  g_autofree char *learners = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1", organization);
  g_autofree char *campaigns = g_strdup_printf ("/api/organizations/%s/campaigns?page[size]=1", organization);
  g_autofree char *memberships = g_strdup_printf ("/api/organizations/%s/memberships", organization);
  g_autofree char *divisions = g_strdup_printf ("/api/organizations/%s/divisions", organization);
  g_autofree char *itself = g_strdup_printf ("/api/organizations/%s", organization);

  get_ok (orgs, &response, token, feed);
  g_assert_false (json_object_get_boolean_member (response_meta (&response), "has-more"));
  g_string_append_printf (out, "feed %s (%u changes); ",
                          json_object_get_string_member (response_meta (&response), "next-cursor"),
                          json_array_get_length (api_data_array (&response)));
  get_ok (orgs, &response, token, learners);
  g_string_append_printf (out, "learners %" G_GINT64_FORMAT "; ", api_meta_int (&response, "rowCount"));
  get_ok (orgs, &response, token, campaigns);
  g_string_append_printf (out, "campaigns %" G_GINT64_FORMAT "; ", api_meta_int (&response, "rowCount"));
  get_ok (orgs, &response, token, memberships);
  g_string_append_printf (out, "memberships %u; ", json_array_get_length (api_data_array (&response)));
  get_ok (orgs, &response, token, divisions);
  g_string_append_printf (out, "divisions %u; ", json_array_get_length (api_data_array (&response)));
  get_ok (orgs, &response, token, itself);
  g_string_append_printf (out, "version %s\n", api_header (&response, "ETag"));
}

static void
count_rows (Orgs       *orgs,
            GString    *out,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  g_autofree char *count = fixture_query_text (&orgs->api.fixture, sql);

  g_string_append_printf (out, "%s %s; ", table, count);
}

static void
query_value (Orgs       *orgs,
             GString    *out,
             const char *sql)
{
  g_autofree char *value = fixture_query_text (&orgs->api.fixture, sql);

  g_string_append_printf (out, "%s; ", value);
}

/* Everything a forbidden request could have changed, as text. */
static char *
snapshot (Orgs *orgs)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *campaign = g_strconcat ("/api/campaigns/", orgs->campaign, NULL);
  GString *out = g_string_new (NULL);
  JsonObject *attributes;

  g_string_append (out, "org A: ");
  describe_organization (orgs, out, orgs->api.org_a, orgs->api.admin_a);
  g_string_append (out, "org SUP: ");
  describe_organization (orgs, out, orgs->api.org_sup, orgs->api.admin_a);
  g_string_append (out, "org B: ");
  describe_organization (orgs, out, orgs->api.org_b, orgs->api.admin_b);

  get_ok (orgs, &response, orgs->api.admin_b, campaign);
  attributes = api_attributes (&response);
  g_string_append_printf (out, "campaign B: version %s, name %s, landing %s, archived %d, owner %s\n",
                          api_header (&response, "ETag"),
                          json_object_get_string_member (attributes, "name"),
                          json_object_get_string_member (attributes, "custom-landing-page-text"),
                          json_object_get_boolean_member (attributes, "is-archived"),
                          json_object_get_string_member (attributes, "owner-id"));

  g_string_append (out, "stored: ");
  count_rows (orgs, out, "memberships");
  count_rows (orgs, out, "campaigns");
  count_rows (orgs, out, "organization_learners");
  count_rows (orgs, out, "divisions");
  count_rows (orgs, out, "organization_imports");
  count_rows (orgs, out, "changes");
  /* The learners' side, in one query (each is a connection on PostgreSQL). */
  g_string_append (out, "\nlearners: ");
  query_value (orgs, out,
               "SELECT (SELECT COUNT(*) FROM users) || ' users, ' || "
               "(SELECT COUNT(*) FROM organization_learners WHERE user_id IS NOT NULL) || ' linked, ' || "
               "(SELECT COUNT(*) FROM campaign_participations) || ' participations v' || "
               "(SELECT COALESCE(SUM(version), 0) FROM campaign_participations) || ', ' || "
               "(SELECT COUNT(*) FROM assessments) || ' assessments v' || "
               "(SELECT COALESCE(SUM(version), 0) FROM assessments) || ' asking ' || "
               "(SELECT COALESCE(MIN(last_challenge_id), '-') FROM assessments) || ', ' || "
               "(SELECT COUNT(*) FROM answers) || ' answers, ' || "
               "(SELECT COUNT(*) FROM knowledge_elements) || ' knowledge elements, ' || "
               "(SELECT COUNT(*) FROM competence_evaluations) || ' evaluations, ' || "
               "(SELECT COUNT(*) FROM shared_scorecards) || ' shared scorecards'");
  return g_string_free (out, FALSE);
}

/* admin_a's token with its user id swapped for admin_b's: a token
 * anyone could forge if signatures were not checked. */
static void
forge_token (Orgs *orgs)
{
  g_auto(GStrv) admin_a = g_strsplit (orgs->api.admin_a, ".", 3);
  g_auto(GStrv) admin_b = g_strsplit (orgs->api.admin_b, ".", 3);

  g_assert_cmpuint (g_strv_length (admin_a), ==, 3);
  g_assert_cmpuint (g_strv_length (admin_b), ==, 3);
  orgs->forged = g_strjoin (".", admin_b[0], admin_a[1], admin_a[2], NULL);
}

/* One of org B's pupils claims their record and joins org B's campaign;
 * the test has asked its first challenge. */
static void
learner_set_up (Orgs *orgs)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *learners = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                               orgs->api.org_b);
  g_autofree char *next = NULL;
  JsonObject *pupil;

  api_send (&orgs->api, &response, "GET", learners, orgs->api.admin_b, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  pupil = json_object_get_object_member (json_array_get_object_element (api_data_array (&response), 0), "attributes");
  orgs->pupil_json = g_strdup_printf ("{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": "
                                      "{\"first-name\": \"%s\", \"last-name\": \"%s\", \"birthdate\": \"%s\", "
                                      "\"campaign-code\": \"%s\"}}}",
                                      json_object_get_string_member (pupil, "first-name"),
                                      json_object_get_string_member (pupil, "last-name"),
                                      json_object_get_string_member (pupil, "birthdate"), orgs->code);

  orgs->learner_token = learner_sign_up (&orgs->api, "Élève", "Collège B", "eleve.b", &orgs->learner);
  api_send_json (&orgs->api, &response, "POST", "/api/sco-organization-learners/association", orgs->learner_token,
                 orgs->pupil_json, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  orgs->participation = learner_join (&orgs->api, orgs->learner_token, orgs->code, &orgs->assessment);
  g_assert_nonnull (orgs->assessment);

  next = g_strdup_printf ("/api/assessments/%s/next-challenge", orgs->assessment);
  api_send (&orgs->api, &response, "GET", next, orgs->learner_token, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  orgs->challenge = g_strdup (json_object_get_string_member (api_data (&response), "id"));
}

static void
orgs_set_up (Orgs          *orgs,
             gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) file = NULL;
  g_autofree char *import = NULL;

  api_set_up (&orgs->api, data);
  forge_token (orgs);

  orgs->campaign_json = campaign_in (orgs->api.org_b, "Évaluation de rentrée");
  orgs->idempotency_key = g_uuid_string_random ();
  api_send_json (&orgs->api, &response, "POST", "/api/campaigns", orgs->api.admin_b, orgs->campaign_json,
                 "Idempotency-Key", orgs->idempotency_key, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  orgs->campaign = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  orgs->code = g_strdup (json_object_get_string_member (api_attributes (&response), "code"));

  file = pb_test_siecle_generate (API_UAI_B, 6, 7);
  import = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml", orgs->api.org_b);
  api_send (&orgs->api, &response, "POST", import, orgs->api.admin_b, "application/xml", file, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (api_attributes (&response), "created"), ==, 6);

  learner_set_up (orgs);
}

static void
orgs_tear_down (Orgs          *orgs,
                gconstpointer  data)
{
  g_free (orgs->forged);
  g_free (orgs->campaign);
  g_free (orgs->code);
  g_free (orgs->campaign_json);
  g_free (orgs->idempotency_key);
  g_free (orgs->learner);
  g_free (orgs->learner_token);
  g_free (orgs->participation);
  g_free (orgs->assessment);
  g_free (orgs->challenge);
  g_free (orgs->pupil_json);
  api_tear_down (&orgs->api, data);
}

static void
assert_error (ApiResponse *response,
              guint        status,
              const char  *code)
{
  g_autofree char *status_text = g_strdup_printf ("%u", status);
  JsonObject *error;

  g_assert_cmpstr (api_header (response, "Content-Type"), ==, "application/vnd.api+json");
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  g_assert_cmpstr (api_error_code (response), ==, code);
  error = json_array_get_object_element (json_object_get_array_member (json_node_get_object (response->json),
                                                                       "errors"), 0);
  g_assert_cmpstr (json_object_get_string_member (error, "status"), ==, status_text);
}

static void
test_table (Orgs          *orgs,
            gconstpointer  data)
{
  g_autofree char *before = snapshot (orgs);

  g_test_message ("Before: %s", before);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];

      for (Caller caller = ADMIN_A; caller <= FORGED; caller <<= 1)
        {
          g_auto(ApiResponse) response = { 0 };
          g_autofree char *after = NULL;

          if ((row->who & caller) == 0)
            continue;

          g_test_message ("Row %u: %s %s as %s → %u %s", i, row->method, row->path, caller_name (caller),
                          row->status, row->code != NULL ? row->code : "(data)");
          send_row (orgs, &response, row, caller);
          if (response.status != row->status)
            g_test_message ("Got %u: %.*s", response.status, (int)g_bytes_get_size (response.body),
                            (const char *)g_bytes_get_data (response.body, NULL));
          g_assert_cmpuint (response.status, ==, row->status);

          if (row->code != NULL)
            assert_error (&response, row->status, row->code);
          else
            g_assert_cmpstr (json_object_get_string_member (api_data (&response), "id"), ==, orgs->campaign);

          if (row->status == 401)
            g_assert_cmpstr (api_header (&response, "WWW-Authenticate"), ==, "Bearer");

          after = snapshot (orgs);
          g_assert_cmpstr (after, ==, before);
        }
    }
}

/* What a learner sees of a campaign before signing in: enough to join,
 * nothing about the staff; whatever token comes with the request. */
static void
test_public_lookup (Orgs          *orgs,
                    gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/campaigns?filter[code]=%s", orgs->code);
  JsonObject *attributes;

  api_send (&orgs->api, &response, "GET", path, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_data (&response), "id"), ==, orgs->campaign);
  attributes = api_attributes (&response);
  g_assert_cmpstr (json_object_get_string_member (attributes, "code"), ==, orgs->code);
  g_assert_cmpstr (json_object_get_string_member (attributes, "organization-name"), ==, "Collège B");
  g_assert_false (json_object_has_member (attributes, "owner-id"));
  g_assert_false (json_object_has_member (attributes, "name"));
  g_assert_null (api_header (&response, "WWW-Authenticate"));

  api_send (&orgs->api, &response, "GET", "/api/campaigns", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 400);
  assert_error (&response, 400, "CODE_REQUIRED");
}

/* "GET /api/campaigns/{}": method and path, placeholders blanked, the
 * query left out. */
static char *
route_key (const char *method,
           const char *path)
{
  g_autoptr(GRegex) placeholder = g_regex_new ("\\{[^}/]*\\}", 0, 0, NULL);
  g_autofree char *bare = g_strndup (path, strcspn (path, "?"));
  g_autofree char *blanked = g_regex_replace_literal (placeholder, bare, -1, 0, "{}", 0, NULL);

  return g_strconcat (method, " ", blanked, NULL);
}

static gboolean
listed (const char * const *list,
        gsize               n,
        const char         *key)
{
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (list[i], key))
      return TRUE;
  return FALSE;
}

/* Reads every pb_router_add() of the server's sources: each route needs
 * its 401 row (or to be public), and each route on an organization's data
 * its outsider row. */
static void
test_every_route (Orgs          *orgs,
                  gconstpointer  data)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "src", "server", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GRegex) add = g_regex_new ("pb_router_add\\s*\\(\\s*\\w+\\s*,\\s*\"([A-Z]+)\"\\s*,\\s*\"([^\"]+)\"",
                                       0, 0, NULL);
  const char *name;
  guint n_routes = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *source = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &source, NULL, NULL));

      for (g_regex_match (add, source, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *method = g_match_info_fetch (match, 1);
          g_autofree char *pattern = g_match_info_fetch (match, 2);
          g_autofree char *key = route_key (method, pattern);
          gboolean unauthenticated = FALSE, outsider = FALSE;

          n_routes++;
          for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
            {
              g_autofree char *row_key = route_key (rows[i].method, rows[i].path);

              if (!g_str_equal (row_key, key))
                continue;
              if ((rows[i].who & (NOBODY | FORGED)) == (NOBODY | FORGED) && rows[i].status == 401)
                unauthenticated = TRUE;
              if ((rows[i].who & (ADMIN_A | MEMBER_A)) == (ADMIN_A | MEMBER_A) &&
                  (rows[i].status == 403 || rows[i].status == 404))
                outsider = TRUE;
            }

          g_test_message ("%s (%s): 401 row %d, outsider row %d", key, name, unauthenticated, outsider);
          if (listed (public_routes, G_N_ELEMENTS (public_routes), key))
            continue;
          g_assert_true (unauthenticated);
          if (!listed (personal_routes, G_N_ELEMENTS (personal_routes), key))
            g_assert_true (outsider);
        }
    }

  /* The sources were found and read. */
  g_assert_cmpuint (n_routes, >=, 19);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Orgs, NULL, orgs_set_up, func, orgs_tear_down)
  ADD ("/authorization/table", test_table);
  ADD ("/authorization/public-lookup", test_public_lookup);
#undef ADD
  g_test_add ("/authorization/every-route", Orgs, NULL, NULL, test_every_route, NULL);

  return g_test_run ();
}
