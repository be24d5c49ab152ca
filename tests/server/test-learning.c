/* test-learning.c
 *
 * The learner's side over real HTTP, end to end: sign-up, joining a
 * campaign (and reconciling with an imported pupil first in a school that
 * manages its pupils), the adaptive test to its end, sharing, retrying,
 * improving, competence evaluations, reset and scorecards (pix-domain §3–5,
 * §7.5). Answers are chosen with the real challenge bank.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-content.h"
#include "pb-learning.h"
#include "pb-target-profiles.h"
#include "pb-test-learner.h"
#include "pb-test-siecle.h"

#define INSERTION "tp-insertion-professionnelle"

static void
post_user (Api         *api,
           ApiResponse *response,
           const char  *attributes)
{
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"users\", \"attributes\": {%s}}}", attributes);

  api_send_json (api, response, "POST", "/api/users", NULL, json, NULL);
}

static void
assert_refused (Api        *api,
                const char *attributes,
                const char *code)
{
  g_auto(ApiResponse) response = { 0 };

  post_user (api, &response, attributes);
  g_assert_cmpuint (response.status, ==, 422);
  g_assert_cmpstr (api_error_code (&response), ==, code);
}

static void
test_sign_up (Api           *api,
              gconstpointer  data)
{
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Léa", "Martin", "lea.martin", &user_id);

  g_assert_nonnull (token);
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"username\": \"lea.martin\", "
                  "\"password\": \"Eleve2026\"", "USERNAME_ALREADY_EXISTS");
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"password\": \"Eleve2026\"",
                  "EMAIL_OR_USERNAME_REQUIRED");
  assert_refused (api, "\"first-name\": \" \", \"last-name\": \"B\", \"username\": \"ab.c\", "
                  "\"password\": \"Eleve2026\"", "FIRST_NAME_REQUIRED");
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"username\": \"Lea Martin\", "
                  "\"password\": \"Eleve2026\"", "INVALID_USERNAME");
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"email\": \"lea@\", "
                  "\"password\": \"Eleve2026\"", "INVALID_EMAIL");
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"username\": \"abc\", "
                  "\"password\": \"eleve2026\"", "INVALID_PASSWORD");
  /* Staff accounts' e-mail addresses are taken too, whatever their case. */
  assert_refused (api, "\"first-name\": \"A\", \"last-name\": \"B\", \"email\": \"Anne.Admin@College-A.fr\", "
                  "\"password\": \"Eleve2026\"", "EMAIL_ALREADY_EXISTS");
}

static guint
target_skills_count (const char *target_profile_id)
{
  g_autoptr(GPtrArray) skills = pb_learning_profile_skills (target_profile_id);

  return skills->len;
}

static void G_GNUC_PRINTF (4, 5)
get (Api         *api,
     ApiResponse *response,
     const char  *token,
     const char  *format,
     ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  api_send_json (api, response, "GET", path, token, NULL, NULL);
}

static const char *
attribute (ApiResponse *response,
           const char  *name)
{
  return json_object_get_string_member (api_attributes (response), name);
}

static void
assert_participation_status (Api        *api,
                             const char *token,
                             const char *id,
                             const char *status)
{
  g_auto(ApiResponse) response = { 0 };

  get (api, &response, token, "/api/campaign-participations/%s", id);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (attribute (&response, "status"), ==, status);
}

static void G_GNUC_PRINTF (4, 5)
post (Api         *api,
      ApiResponse *response,
      const char  *token,
      const char  *format,
      ...)
{
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  api_send_json (api, response, "POST", path, token, NULL, NULL);
}

static void
send_answer (Api         *api,
             ApiResponse *response,
             const char  *token,
             const char  *assessment_id,
             const char  *challenge_id)
{
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"data\": {\"type\": \"answers\", \"attributes\": {\"value\": \"1\"}, "
                          "\"relationships\": {\"assessment\": {\"data\": {\"type\": \"assessments\", \"id\": \"%s\"}}, "
                          "\"challenge\": {\"data\": {\"type\": \"challenges\", \"id\": \"%s\"}}}}}",
                          assessment_id, challenge_id);
  api_send_json (api, response, "POST", "/api/answers", token, json, NULL);
}

/* The test asks one challenge at a time and holds it: reloading gives
 * the same one, answering another is refused, and nobody else sees it. */
static void
assert_challenge_held (Api        *api,
                       const char *token,
                       const char *other_token,
                       const char *assessment_id)
{
  g_auto(ApiResponse) first = { 0 };
  g_auto(ApiResponse) again = { 0 };
  g_auto(ApiResponse) other = { 0 };
  g_auto(ApiResponse) wrong = { 0 };
  const char *asked;
  const char *not_asked;

  get (api, &first, token, "/api/assessments/%s/next-challenge", assessment_id);
  get (api, &again, token, "/api/assessments/%s/next-challenge", assessment_id);
  get (api, &other, other_token, "/api/assessments/%s/next-challenge", assessment_id);
  asked = json_object_get_string_member (api_data (&first), "id");
  g_assert_cmpstr (json_object_get_string_member (api_data (&again), "id"), ==, asked);
  g_assert_cmpuint (other.status, ==, 404);

  not_asked = g_str_equal (asked, pb_challenge_bank_get_challenge (pb_content_get_bank (), 0)->id) ?
              pb_challenge_bank_get_challenge (pb_content_get_bank (), 1)->id :
              pb_challenge_bank_get_challenge (pb_content_get_bank (), 0)->id;
  send_answer (api, &wrong, token, assessment_id, not_asked);
  g_assert_cmpuint (wrong.status, ==, 409);
  g_assert_cmpstr (api_error_code (&wrong), ==, "CHALLENGE_NOT_ASKED");
}

static void
test_campaign (Api           *api,
               gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_sup, "ASSESSMENT", INSERTION, NULL, NULL);
  g_autofree char *token = learner_sign_up (api, "Inès", "Moreau", "ines.moreau", NULL);
  g_autofree char *other = learner_sign_up (api, "Hugo", "Petit", "hugo.petit", NULL);
  g_autofree char *assessment_id = NULL;
  g_autofree char *id = learner_join (api, token, code, &assessment_id);
  g_auto(ApiResponse) read_by_other = { 0 };
  g_auto(ApiResponse) shared = { 0 };
  g_auto(ApiResponse) again = { 0 };
  g_auto(ApiResponse) late = { 0 };
  g_auto(ApiResponse) over = { 0 };
  g_auto(ApiResponse) assessment = { 0 };
  guint played;

  g_assert_nonnull (assessment_id);
  assert_participation_status (api, token, id, "STARTED");
  get (api, &read_by_other, other, "/api/campaign-participations/%s", id);
  g_assert_cmpuint (read_by_other.status, ==, 404);
  assert_challenge_held (api, token, other, assessment_id);

  /* Sharing before the end is refused. */
  post (api, &shared, token, "/api/campaign-participations/%s/share", id);
  g_assert_cmpuint (shared.status, ==, 409);
  g_assert_cmpstr (api_error_code (&shared), ==, "ASSESSMENT_NOT_COMPLETED");

  played = learner_play (api, token, assessment_id, answer_always_right, NULL);
  g_assert_cmpuint (played, >, 0);
  g_assert_cmpuint (played, <=, target_skills_count (INSERTION));
  assert_participation_status (api, token, id, "TO_SHARE");

  get (api, &assessment, token, "/api/assessments/%s", assessment_id);
  g_assert_cmpstr (attribute (&assessment, "state"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (api_attributes (&assessment), "answers-count"), ==, played);
  get (api, &over, token, "/api/assessments/%s/next-challenge", assessment_id);
  g_assert_true (json_object_get_null_member (json_node_get_object (over.json), "data"));
  send_answer (api, &late, token, assessment_id, pb_challenge_bank_get_challenge (pb_content_get_bank (), 0)->id);
  g_assert_cmpstr (api_error_code (&late), ==, "ASSESSMENT_ENDED");

  learner_share (api, token, id);
  {
    g_auto(ApiResponse) response = { 0 };
    JsonObject *attributes;

    get (api, &response, token, "/api/campaign-participations/%s", id);
    attributes = api_attributes (&response);
    /* Every answer right: every target skill validated, directly or by
     * inference down its tube. */
    g_assert_cmpint (json_object_get_int_member (attributes, "validated-skills-count"), ==,
                     target_skills_count (INSERTION));
    g_assert_cmpfloat (json_object_get_double_member (attributes, "mastery-rate"), ==, 1.0);
    g_assert_cmpint (json_object_get_int_member (attributes, "pix-score"), >, 0);
  }

  post (api, &again, token, "/api/campaign-participations/%s/share", id);
  g_assert_cmpstr (api_error_code (&again), ==, "ALREADY_SHARED");
  {
    g_auto(ApiResponse) rejoin = { 0 };
    g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                                             "\"attributes\": {\"campaign-code\": \" %s \"}}}", code);

    api_send_json (api, &rejoin, "POST", "/api/campaign-participations", token, json, NULL);
    g_assert_cmpuint (rejoin.status, ==, 409);
    g_assert_cmpstr (api_error_code (&rejoin), ==, "CAMPAIGN_PARTICIPATION_ALREADY_EXISTS");
  }
}

static gint64
participation_int (Api        *api,
                   const char *token,
                   const char *id,
                   const char *name)
{
  g_auto(ApiResponse) response = { 0 };

  get (api, &response, token, "/api/campaign-participations/%s", id);
  return json_object_get_int_member (api_attributes (&response), name);
}

static void
test_all_wrong (Api           *api,
                gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_sup, "ASSESSMENT", INSERTION, NULL, NULL);
  g_autofree char *token = learner_sign_up (api, "Jade", "Roux", "jade.roux", NULL);
  g_autofree char *assessment_id = NULL;
  g_autofree char *id = learner_join (api, token, code, &assessment_id);
  guint wrong_played;

  wrong_played = learner_play (api, token, assessment_id, answer_always_wrong, NULL);
  learner_share (api, token, id);
  g_assert_cmpint (participation_int (api, token, id, "validated-skills-count"), ==, 0);
  g_assert_cmpint (participation_int (api, token, id, "pix-score"), ==, 0);

  /* A failure rules out the harder skills of its tube (inferred), so the
   * test never asks every skill. */
  g_assert_cmpuint (wrong_played, >, 0);
  g_assert_cmpuint (wrong_played, <, target_skills_count (INSERTION));
}

#define PUPIL(ine, last, usage, first, birthdate, division) \
  { NULL, ine, last, usage, first, NULL, NULL, birthdate, "2", "100", "075", "75115", "Paris", \
    "10010012110", "ST", division, NULL }

static const TestPupil pupils[] = {
  PUPIL ("123456789AB", "Lefèvre", "Dubois", "Chloé", "14/03/2011", "3A"),
  PUPIL ("123456789AC", "Lefèvre", NULL, "Chloé", "15/03/2011", "3B"),
};

static void
import_pupils (Api *api)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) file = pb_test_siecle_xml (API_UAI_A, "UTF-8", pupils, G_N_ELEMENTS (pupils));
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml",
                                           api->org_a);

  api_send (api, &response, "POST", path, api->admin_a, "application/xml", file, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

static void
associate (Api         *api,
           ApiResponse *response,
           const char  *token,
           const char  *first,
           const char  *last,
           const char  *birthdate,
           const char  *code)
{
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": "
                                           "{\"first-name\": \"%s\", \"last-name\": \"%s\", \"birthdate\": \"%s\", "
                                           "\"campaign-code\": \"%s\"}}}", first, last, birthdate, code);

  api_send_json (api, response, "POST", "/api/sco-organization-learners/association", token, json, NULL);
}

static void
test_reconciliation (Api           *api,
                     gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_a, "ASSESSMENT", "tp-decouverte-college",
                                           NULL, NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Chloé", "Dubois", "chloe.dubois", &user_id);
  g_autofree char *intruder = learner_sign_up (api, "Chloé", "Lefèvre", "chloe.lefevre", NULL);
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                                           "\"attributes\": {\"campaign-code\": \"%s\"}}}", code);
  g_auto(ApiResponse) unreconciled = { 0 };
  g_auto(ApiResponse) wrong_date = { 0 };
  g_auto(ApiResponse) linked = { 0 };
  g_auto(ApiResponse) again = { 0 };
  g_auto(ApiResponse) taken = { 0 };
  g_autofree char *id = NULL;

  import_pupils (api);
  api_send_json (api, &unreconciled, "POST", "/api/campaign-participations", token, json, NULL);
  g_assert_cmpuint (unreconciled.status, ==, 403);
  g_assert_cmpstr (api_error_code (&unreconciled), ==, "ORGANIZATION_LEARNER_NOT_RECONCILED");

  associate (api, &wrong_date, token, "Chloé", "Lefèvre", "2011-03-16", code);
  g_assert_cmpuint (wrong_date.status, ==, 404);
  g_assert_cmpstr (api_error_code (&wrong_date), ==, "NO_MATCHING_ORGANIZATION_LEARNER");

  /* Usage name, another case, no accents, spaces: the 3A pupil born on the
   * 14th, not her namesake of 3B. */
  associate (api, &linked, token, " chloe ", "DUBOIS", "2011-03-14", code);
  g_assert_cmpuint (linked.status, ==, 200);
  g_assert_cmpstr (attribute (&linked, "division"), ==, "3A");
  g_assert_cmpstr (attribute (&linked, "user-id"), ==, user_id);
  associate (api, &again, token, "Chloé", "Lefèvre", "2011-03-14", code);
  g_assert_cmpuint (again.status, ==, 200);
  associate (api, &taken, intruder, "Chloé", "Lefèvre", "2011-03-14", code);
  g_assert_cmpuint (taken.status, ==, 409);
  g_assert_cmpstr (api_error_code (&taken), ==, "ORGANIZATION_LEARNER_ALREADY_LINKED");

  id = learner_join (api, token, code, NULL);
  g_assert_nonnull (id);
}

static void
start_evaluation (Api         *api,
                  ApiResponse *response,
                  const char  *token,
                  const char  *index)
{
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"competence-evaluations\", "
                                           "\"attributes\": {\"competence-index\": \"%s\"}}}", index);

  api_send_json (api, response, "POST", "/api/competence-evaluations/start-or-resume", token, json, NULL);
}

static char *
evaluation_assessment (ApiResponse *response)
{
  JsonObject *relationships = json_object_get_object_member (api_data (response), "relationships");
  JsonObject *assessment = json_object_get_object_member (json_object_get_object_member (relationships, "assessment"),
                                                          "data");

  return g_strdup (json_object_get_string_member (assessment, "id"));
}

/* The scorecard of @index among the user's 16. */
static JsonObject *
find_scorecard (ApiResponse *response,
                const char  *index)
{
  JsonArray *cards = api_data_array (response);

  g_assert_cmpuint (json_array_get_length (cards), ==, 16);
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *attributes = json_object_get_object_member (json_array_get_object_element (cards, i), "attributes");

      if (g_str_equal (json_object_get_string_member (attributes, "competence-index"), index))
        return attributes;
    }
  g_assert_not_reached ();
}

static void
test_profiles_collection (Api           *api,
                          gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_sup, "PROFILES_COLLECTION", NULL, NULL, NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Louise", "Garnier", "louise.garnier", &user_id);
  g_auto(ApiResponse) started = { 0 };
  g_auto(ApiResponse) resumed = { 0 };
  g_auto(ApiResponse) cards = { 0 };
  g_autofree char *assessment_id = NULL;
  g_autofree char *collection_assessment = NULL;
  g_autofree char *id = NULL;
  JsonObject *card;

  start_evaluation (api, &started, token, "1.1");
  g_assert_cmpuint (started.status, ==, 201);
  start_evaluation (api, &resumed, token, "1.1");
  g_assert_cmpuint (resumed.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_data (&started), "id"), ==,
                   json_object_get_string_member (api_data (&resumed), "id"));
  assessment_id = evaluation_assessment (&started);
  learner_play (api, token, assessment_id, answer_always_right, NULL);

  /* Every skill of 1.1 validated: more than 40 pix in all, capped at
   * level 5 and 40 pix. */
  get (api, &cards, token, "/api/users/%s/scorecards", user_id);
  card = find_scorecard (&cards, "1.1");
  g_assert_cmpstr (json_object_get_string_member (card, "status"), ==, "COMPLETED");
  g_assert_cmpint (json_object_get_int_member (card, "earned-pix"), ==, 40);
  g_assert_cmpint (json_object_get_int_member (card, "level"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (find_scorecard (&cards, "2.1"), "status"), ==, "NOT_STARTED");

  id = learner_join (api, token, code, &collection_assessment);
  g_assert_null (collection_assessment);
  assert_participation_status (api, token, id, "TO_SHARE");
  learner_share (api, token, id);
  g_assert_cmpint (participation_int (api, token, id, "pix-score"), ==, 40);
  g_assert_cmpint (participation_int (api, token, id, "certifiable-competences-count"), ==, 1);
  {
    g_auto(ApiResponse) response = { 0 };

    get (api, &response, token, "/api/campaign-participations/%s", id);
    g_assert_false (json_object_get_boolean_member (api_attributes (&response), "is-certifiable"));
  }
}

static void G_GNUC_PRINTF (2, 3)
age_rows (Api        *api,
          const char *format,
          ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  fixture_exec (&api->fixture, sql);
}

/* "Envoi multiple": a campaign with multiple-sendings lets a learner
 * start again retry-delay-days (4) after sharing. */
static void
test_retry (Api           *api,
            gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_sup, "ASSESSMENT", INSERTION,
                                           "\"multiple-sendings\": true", NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Tom", "Faure", "tom.faure", &user_id);
  g_autofree char *assessment_id = NULL;
  g_autofree char *first = learner_join (api, token, code, &assessment_id);
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                                           "\"attributes\": {\"campaign-code\": \"%s\"}}}", code);
  g_auto(ApiResponse) too_soon = { 0 };
  g_auto(ApiResponse) old = { 0 };
  g_autofree char *second = NULL;

  learner_play (api, token, assessment_id, answer_always_wrong, NULL);
  learner_share (api, token, first);
  api_send_json (api, &too_soon, "POST", "/api/campaign-participations", token, json, NULL);
  g_assert_cmpuint (too_soon.status, ==, 409);

  age_rows (api, "UPDATE campaign_participations SET shared_at = '2020-01-01T00:00:00.000Z' WHERE user_id = '%s'",
            user_id);
  second = learner_join (api, token, code, NULL);
  g_assert_cmpstr (second, !=, first);
  get (api, &old, token, "/api/campaign-participations/%s", first);
  g_assert_true (json_object_get_boolean_member (api_attributes (&old), "is-improved"));
}

/* "Retenter" before sharing: only once failures are old enough. */
static void
test_improve (Api           *api,
              gconstpointer  data)
{
  g_autofree char *code = campaign_create (api, api->admin_a, api->org_sup, "ASSESSMENT", INSERTION, NULL, NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Lina", "Girard", "lina.girard", &user_id);
  g_autofree char *assessment_id = NULL;
  g_autofree char *id = learner_join (api, token, code, &assessment_id);
  g_auto(ApiResponse) fresh = { 0 };
  g_auto(ApiResponse) improving = { 0 };
  g_auto(ApiResponse) participation = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/campaign-participations/%s/begin-improvement", id);
  g_autofree char *new_assessment = NULL;
  guint replayed;

  learner_play (api, token, assessment_id, answer_always_wrong, NULL);
  api_send_json (api, &fresh, "PATCH", path, token, NULL, NULL);
  g_assert_cmpuint (fresh.status, ==, 409);
  g_assert_cmpstr (api_error_code (&fresh), ==, "CANNOT_IMPROVE");

  age_rows (api, "UPDATE knowledge_elements SET created_at = '2020-01-01T00:00:00.000Z' WHERE user_id = '%s'", user_id);
  api_send_json (api, &improving, "PATCH", path, token, NULL, NULL);
  g_assert_cmpuint (improving.status, ==, 200);
  g_assert_cmpstr (attribute (&improving, "status"), ==, "STARTED");

  get (api, &participation, token, "/api/campaign-participations/%s", id);
  new_assessment = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (
      json_object_get_object_member (api_data (&participation), "relationships"), "assessment"), "data"), "id"));
  g_assert_cmpstr (new_assessment, !=, assessment_id);
  /* The failed skills are tested again: this time right. */
  replayed = learner_play (api, token, new_assessment, answer_always_right, NULL);
  g_assert_cmpuint (replayed, >, 0);
  learner_share (api, token, id);
  g_assert_cmpint (participation_int (api, token, id, "validated-skills-count"), ==, target_skills_count (INSERTION));
}

static void
test_reset (Api           *api,
            gconstpointer  data)
{
  g_autofree char *user_id = NULL;
  g_autofree char *token = learner_sign_up (api, "Axel", "Mercier", "axel.mercier", &user_id);
  g_auto(ApiResponse) started = { 0 };
  g_auto(ApiResponse) early = { 0 };
  g_auto(ApiResponse) reset = { 0 };
  g_auto(ApiResponse) restarted = { 0 };
  g_autofree char *assessment_id = NULL;
  g_autofree char *path = g_strdup_printf ("/api/users/%s/competences/4.1/reset", user_id);
  g_autofree char *other_path = g_strdup_printf ("/api/users/%s/competences/4.1/reset", api->admin_a_id);
  g_auto(ApiResponse) not_mine = { 0 };
  JsonObject *card;

  start_evaluation (api, &started, token, "4.1");
  assessment_id = evaluation_assessment (&started);
  learner_play (api, token, assessment_id, answer_always_right, NULL);

  api_send_json (api, &early, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (early.status, ==, 409);
  g_assert_cmpstr (api_error_code (&early), ==, "RESET_TOO_EARLY");
  api_send_json (api, &not_mine, "POST", other_path, token, NULL, NULL);
  g_assert_cmpuint (not_mine.status, ==, 404);

  age_rows (api, "UPDATE knowledge_elements SET created_at = '2020-01-01T00:00:00.000Z' WHERE user_id = '%s'", user_id);
  api_send_json (api, &reset, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (reset.status, ==, 200);
  card = find_scorecard (&reset, "4.1");
  g_assert_cmpint (json_object_get_int_member (card, "earned-pix"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (card, "status"), ==, "NOT_STARTED");

  start_evaluation (api, &restarted, token, "4.1");
  g_assert_cmpuint (restarted.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (api_data (&restarted), "id"), ==,
                   json_object_get_string_member (api_data (&started), "id"));
}

/* Whatever challenge the test serves, the learner never receives its
 * answers: the serializer is checked on every challenge of the bank. */
static void
test_no_answers (void)
{
  PbChallengeBank *bank = pb_content_get_bank ();

  g_assert_cmpuint (pb_challenge_bank_get_n_challenges (bank), >=, 300);
  for (guint i = 0; i < pb_challenge_bank_get_n_challenges (bank); i++)
    {
      const PbChallenge *challenge = pb_challenge_bank_get_challenge (bank, i);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;

      pb_learning_add_challenge (builder, challenge);
      node = json_builder_get_root (builder);
      assert_learner_view (json_node_get_object (node));
      json = json_to_string (node, FALSE);
      g_assert_null (strstr (json, "\"answer"));
      g_assert_null (strstr (json, challenge->skill->name));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/learning/sign-up", test_sign_up);
  ADD ("/learning/campaign", test_campaign);
  ADD ("/learning/all-wrong", test_all_wrong);
  ADD ("/learning/reconciliation", test_reconciliation);
  ADD ("/learning/profiles-collection", test_profiles_collection);
  ADD ("/learning/retry", test_retry);
  ADD ("/learning/improve", test_improve);
  ADD ("/learning/reset", test_reset);
  g_test_add_func ("/learning/no-answers", test_no_answers);

  return g_test_run ();
}
