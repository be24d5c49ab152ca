/* pb-test-learner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-content.h"
#include "pb-test-learner.h"

gboolean
answer_always_right (guint              n,
                     const PbChallenge *challenge,
                     gpointer           user_data)
{
  return TRUE;
}

gboolean
answer_always_wrong (guint              n,
                     const PbChallenge *challenge,
                     gpointer           user_data)
{
  return FALSE;
}

/* Returns the new campaign's code; @id its id. */
char *
campaign_create (Api         *api,
                 const char  *token,
                 const char  *organization_id,
                 const char  *type,
                 const char  *target_profile_id,
                 const char  *extra_attributes,
                 char       **id)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *profile = NULL;
  g_autofree char *json = NULL;

  if (target_profile_id != NULL)
    profile = g_strdup_printf (", \"target-profile\": {\"data\": {\"type\": \"target-profiles\", \"id\": \"%s\"}}",
                               target_profile_id);
  json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Rentrée %s\", "
                          "\"type\": \"%s\"%s%s}, \"relationships\": {\"organization\": {\"data\": "
                          "{\"type\": \"organizations\", \"id\": \"%s\"}}%s}}}",
                          type, type, extra_attributes != NULL ? ", " : "", extra_attributes != NULL ? extra_attributes : "",
                          organization_id, profile != NULL ? profile : "");
  api_send_json (api, &response, "POST", "/api/campaigns", token, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  if (id != NULL)
    *id = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  return g_strdup (json_object_get_string_member (api_attributes (&response), "code"));
}

/* Creates the account and signs in; returns the access token. */
char *
learner_sign_up (Api         *api,
                 const char  *first_name,
                 const char  *last_name,
                 const char  *username,
                 char       **user_id)
{
  g_auto(ApiResponse) response = { 0 };
  g_auto(ApiResponse) token = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"users\", \"attributes\": {\"first-name\": \"%s\", "
                                           "\"last-name\": \"%s\", \"username\": \"%s\", \"password\": \"%s\"}}}",
                                           first_name, last_name, username, LEARNER_PASSWORD);
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", username,
                                            "password", LEARNER_PASSWORD, NULL);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

  api_send_json (api, &response, "POST", "/api/users", NULL, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  if (user_id != NULL)
    *user_id = g_strdup (json_object_get_string_member (api_data (&response), "id"));

  api_send (api, &token, "POST", "/api/token", NULL, "application/x-www-form-urlencoded", body, NULL);
  g_assert_cmpuint (token.status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (token.json), "access_token"));
}

/* Joins; returns the participation's id, and @assessment_id its
 * assessment's (NULL for a profiles collection). */
char *
learner_join (Api         *api,
              const char  *token,
              const char  *code,
              char       **assessment_id)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                                           "\"attributes\": {\"campaign-code\": \"%s\"}}}", code);
  JsonObject *relationships, *assessment;

  api_send_json (api, &response, "POST", "/api/campaign-participations", token, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  relationships = json_object_get_object_member (api_data (&response), "relationships");
  assessment = json_object_get_object_member (relationships, "assessment");
  if (assessment_id != NULL)
    *assessment_id = json_object_get_null_member (assessment, "data") ? NULL :
                     g_strdup (json_object_get_string_member (json_object_get_object_member (assessment, "data"), "id"));
  return g_strdup (json_object_get_string_member (api_data (&response), "id"));
}

/* A challenge as served: what a learner may see, and nothing that gives
 * the answer away. */
void
assert_learner_view (JsonObject *challenge)
{
  JsonObject *attributes = json_object_get_object_member (challenge, "attributes");
  static const char * const allowed[] = { "type", "instruction", "proposals", "timer", "competence-index", NULL };
  g_autoptr(GList) members = json_object_get_members (attributes);

  g_assert_cmpstr (json_object_get_string_member (challenge, "type"), ==, "challenges");
  g_assert_false (json_object_has_member (challenge, "relationships"));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_true (g_strv_contains (allowed, l->data));
}

static void
answer (Api               *api,
        const char        *token,
        const char        *assessment_id,
        const PbChallenge *challenge,
        gboolean           right)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *value = right ? pb_challenge_get_right_answer (challenge) : g_strdup ("aband");
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"data\": {\"type\": \"answers\", \"attributes\": {\"value\": \"%s\"}, "
                          "\"relationships\": {\"assessment\": {\"data\": {\"type\": \"assessments\", \"id\": \"%s\"}}, "
                          "\"challenge\": {\"data\": {\"type\": \"challenges\", \"id\": \"%s\"}}}}}",
                          value, assessment_id, challenge->id);
  api_send_json (api, &response, "POST", "/api/answers", token, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "result"), ==, right ? "ok" : "ko");
}

/* Plays until the test is over; returns the number of challenges. */
guint
learner_play (Api          *api,
              const char   *token,
              const char   *assessment_id,
              AnswerChoice  choice,
              gpointer      user_data)
{
  g_autofree char *path = g_strdup_printf ("/api/assessments/%s/next-challenge", assessment_id);
  PbChallengeBank *bank = pb_content_get_bank ();
  guint n;

  for (n = 0; ; n++)
    {
      g_auto(ApiResponse) response = { 0 };
      const PbChallenge *challenge;

      api_send_json (api, &response, "GET", path, token, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      if (json_object_get_null_member (json_node_get_object (response.json), "data"))
        break;
      assert_learner_view (api_data (&response));
      challenge = pb_challenge_bank_lookup (bank, json_object_get_string_member (api_data (&response), "id"));
      g_assert_nonnull (challenge);
      answer (api, token, assessment_id, challenge, choice (n, challenge, user_data));
      g_assert_cmpuint (n, <, 1000);
    }
  return n;
}

void
learner_share (Api        *api,
               const char *token,
               const char *participation_id)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/campaign-participations/%s/share", participation_id);

  api_send_json (api, &response, "POST", path, token, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "status"), ==, "SHARED");
}
