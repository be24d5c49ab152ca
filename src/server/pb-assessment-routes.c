/* pb-assessment-routes.c
 *
 * The adaptive test as a learner plays it (pix-domain §4): read an
 * assessment, ask for the next challenge, answer it; and competence
 * evaluations, the tests outside campaigns.
 *
 * The server keeps the challenge it asked (assessments.last_challenge_id):
 * the same challenge comes back until it is answered, and an answer to any
 * other challenge is refused, so a learner cannot shop for easier
 * questions by reloading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-assessment-routes.h"
#include "pb-changes.h"
#include "pb-content.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-resources.h"
#include "pb-server.h"
#include "pb-smart-random.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"
#include "pb-write.h"

#define MAX_VALUE_LENGTH 4096

#define text(row, column) pb_db_statement_get_text ((row), (column))

static const PbScoringRules *
request_rules (PbRequest *request)
{
  return &pb_server_get_settings (pb_request_get_server (request))->scoring;
}

/* Loads the signed-in learner's assessment named by the path; answers 404
 * and returns FALSE (@error unset) for anybody else's. */
static gboolean
own_assessment (PbRequest         *request,
                PbDb              *db,
                const char        *id,
                PbAssessmentInfo  *info,
                GError           **error)
{
  gboolean found;

  if (!pb_learning_load_assessment (db, id, info, &found, error))
    return FALSE;
  if (!found || g_strcmp0 (info->user_id, pb_request_get_user_id (request)) != 0)
    {
      pb_learning_respond_not_found (request);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GET /api/assessments/{id}                                           */

static gboolean
count_answers (PbDb        *db,
               const char  *assessment_id,
               gint64      *count,
               GError     **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, "SELECT COUNT(*) FROM answers WHERE assessment_id = $1",
                                                      assessment_id, &found, error);

  if (select == NULL)
    return FALSE;
  *count = pb_db_statement_get_int64 (select, 0);
  return TRUE;
}

static void
respond_assessment (PbRequest        *request,
                    PbAssessmentInfo *info,
                    gint64            answers)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "assessments", info->id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "type", info->type);
  pb_jsonapi_add_string (builder, "state", info->state);
  pb_jsonapi_add_string (builder, "competence-index", info->competence_index);
  pb_jsonapi_add_bool (builder, "is-improving", info->is_improving);
  pb_jsonapi_add_int (builder, "answers-count", answers);
  pb_jsonapi_add_string (builder, "created-at", info->created_at);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "campaign-participation", "campaign-participations", info->participation_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
}

static gboolean
read_assessment (PbRequest   *request,
                 PbDb        *db,
                 const char  *unused,
                 GError     **error)
{
  g_auto(PbAssessmentInfo) info = { NULL };
  gint64 answers;

  if (!own_assessment (request, db, pb_request_get_param (request, "id"), &info, error))
    return error == NULL || *error == NULL;
  if (!count_answers (db, info.id, &answers, error))
    return FALSE;
  respond_assessment (request, &info, answers);
  return TRUE;
}

static void
assessment_work (PbRequest *request,
                 PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_assessment);
}

/* ------------------------------------------------------------------ */
/* GET /api/assessments/{id}/next-challenge                            */

static void
respond_challenge (PbRequest         *request,
                   const PbChallenge *challenge)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  if (challenge == NULL)
    json_builder_add_null_value (builder);
  else
    pb_learning_add_challenge (builder, challenge);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
}

/* The challenges answered in this assessment, and the last one. */
static gboolean
load_answered (PbDb         *db,
               const char   *assessment_id,
               GHashTable   *answered,
               char        **last,
               GString      *history,
               GError      **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_prepare (db, "SELECT challenge_id FROM answers WHERE assessment_id = $1 ORDER BY created_at, id",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, assessment_id);
  while (pb_db_statement_step (select, error))
    {
      g_hash_table_add (answered, g_strdup (text (select, 0)));
      g_free (*last);
      *last = g_strdup (text (select, 0));
      g_string_append_printf (history, "|%s", text (select, 0));
    }
  return error == NULL || *error == NULL;
}

/* The pick among equally good challenges is pseudo-random: seeded by the
 * learner's names and what the assessment asked so far. Neighbours in a
 * classroom get different questions, and a test played again the same way
 * (the simulator with the same seed) goes the same way. */
static gboolean
pick_seed (PbDb        *db,
           const char  *user_id,
           const char  *history,
           guint32     *seed,
           GError     **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, "SELECT first_name, last_name FROM users WHERE id = $1",
                                                      user_id, &found, error);
  g_autofree char *key = NULL;

  if (select == NULL)
    return FALSE;
  key = g_strdup_printf ("%s|%s%s", found ? text (select, 0) : "", found ? text (select, 1) : "", history);
  *seed = g_str_hash (key);
  return TRUE;
}

static gboolean
choose_challenge (PbRequest          *request,
                  PbDb               *db,
                  PbAssessmentInfo   *info,
                  const PbChallenge **challenge,
                  GError            **error)
{
  g_autoptr(GHashTable) answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) history = g_string_new (NULL);
  g_autoptr(GPtrArray) targeted = pb_learning_targeted_skills (info);
  g_autoptr(GArray) knowledge = NULL;
  g_autofree char *last = NULL;
  PbChallengeBank *bank = pb_content_get_bank ();
  PbSmartRandomInput input = { NULL };
  double level;

  if (!load_answered (db, info->id, answered, &last, history, error) ||
      (knowledge = pb_learning_load_knowledge (db, info, request_rules (request), error)) == NULL ||
      !pick_seed (db, info->user_id, history->str, &input.seed, error))
    return FALSE;

  input.targeted_skills = targeted;
  input.knowledge_elements = knowledge;
  input.answered_challenges = answered;
  input.last_challenge = last != NULL ? pb_challenge_bank_lookup (bank, last) : NULL;
  *challenge = pb_smart_random_next_challenge (bank, &input, &level);
  return TRUE;
}

static gboolean
set_assessment (PbDb        *db,
                const char  *id,
                const char  *state,
                const char  *last_challenge_id,
                GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();

  update = pb_db_prepare (db,
                          "UPDATE assessments SET state = $2, last_challenge_id = $3, updated_at = $4, "
                          "version = version + 1 WHERE id = $1", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_text (update, 2, state);
  pb_db_statement_bind_text (update, 3, last_challenge_id);
  pb_db_statement_bind_text (update, 4, now);
  return pb_db_statement_run (update, error);
}

/* A finished campaign test leaves its participation waiting for the
 * learner to share: teachers see "En attente d'envoi". */
static gboolean
complete_participation (PbDb              *db,
                        PbAssessmentInfo  *info,
                        GError           **error)
{
  if (info->participation_id == NULL)
    return TRUE;
  return pb_learning_update_participation (db, info->organization_id, info->participation_id,
                                           "status = 'TO_SHARE'", "status = 'STARTED'", error);
}

static gboolean
next_challenge (PbRequest   *request,
                PbDb        *db,
                GError     **error)
{
  g_auto(PbAssessmentInfo) info = { NULL };
  const PbChallenge *challenge = NULL;

  if (!own_assessment (request, db, pb_request_get_param (request, "id"), &info, error))
    return error == NULL || *error == NULL;

  if (!g_str_equal (info.state, "started"))
    {
      respond_challenge (request, NULL);
      return TRUE;
    }
  if (info.last_challenge_id != NULL &&
      (challenge = pb_challenge_bank_lookup (pb_content_get_bank (), info.last_challenge_id)) != NULL)
    {
      respond_challenge (request, challenge);
      return TRUE;
    }

  if (!choose_challenge (request, db, &info, &challenge, error))
    return FALSE;
  if (challenge == NULL)
    {
      if (!set_assessment (db, info.id, "completed", NULL, error) || !complete_participation (db, &info, error))
        return FALSE;
    }
  else if (!set_assessment (db, info.id, "started", challenge->id, error))
    return FALSE;

  respond_challenge (request, challenge);
  return TRUE;
}

/* A GET that writes: the first call for a challenge records it as asked,
 * and the last one completes the test. */
static void
next_challenge_work (PbRequest *request,
                     PbStorage *storage)
{
  pb_write_run (request, storage, next_challenge);
}

/* ------------------------------------------------------------------ */
/* POST /api/answers                                                   */

typedef struct
{
  char *value;
  char *assessment_id;
  char *challenge_id;
} AnswerInput;

static void
answer_input_free (AnswerInput *input)
{
  g_free (input->value);
  g_free (input->assessment_id);
  g_free (input->challenge_id);
  g_free (input);
}

static gboolean
insert_answer (PbDb        *db,
               const char  *id,
               AnswerInput *input,
               gboolean     correct,
               const char  *now,
               GError     **error)
{
  g_autoptr(PbDbStatement) insert = NULL;

  insert = pb_db_prepare (db,
                          "INSERT INTO answers (id, assessment_id, challenge_id, value, result, created_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6)", error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, input->assessment_id);
  pb_db_statement_bind_text (insert, 3, input->challenge_id);
  pb_db_statement_bind_text (insert, 4, input->value);
  pb_db_statement_bind_text (insert, 5, correct ? "ok" : "ko");
  pb_db_statement_bind_text (insert, 6, now);
  return pb_db_statement_run (insert, error);
}

static void
respond_answer (PbRequest   *request,
                const char  *id,
                AnswerInput *input,
                gboolean     correct)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "answers", id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "value", input->value);
  pb_jsonapi_add_string (builder, "result", correct ? "ok" : "ko");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "assessment", "assessments", input->assessment_id);
  pb_jsonapi_add_relationship (builder, "challenge", "challenges", input->challenge_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_CREATED, NULL, document);
}

/* The answer, then its knowledge: one direct element for the challenge's
 * skill and the inferred ones along its tube (pix-domain §3.2). */
static gboolean
record_answer (PbRequest          *request,
               PbDb               *db,
               PbAssessmentInfo   *info,
               AnswerInput        *input,
               const PbChallenge  *challenge,
               GError            **error)
{
  gboolean correct = pb_challenge_check_answer (challenge, input->value);
  g_autoptr(GPtrArray) targeted = pb_learning_targeted_skills (info);
  g_autoptr(GHashTable) targeted_set = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) knowledge = NULL;
  g_autoptr(GArray) elements = NULL;
  g_autofree char *id = pb_uuid_new_v7 ();
  gint64 now = g_get_real_time ();
  g_autofree char *now_text = pb_timestamp_format_usec (now);

  for (guint i = 0; i < targeted->len; i++)
    g_hash_table_add (targeted_set, g_ptr_array_index (targeted, i));
  if ((knowledge = pb_learning_load_knowledge (db, info, request_rules (request), error)) == NULL)
    return FALSE;

  elements = pb_knowledge_elements_for_answer (challenge->skill, correct, targeted_set, knowledge, now);
  if (!insert_answer (db, id, input, correct, now_text, error) ||
      !pb_knowledge_store_save (db, info->user_id, info->id, id, elements, error) ||
      !set_assessment (db, info->id, "started", NULL, error))
    return FALSE;

  respond_answer (request, id, input, correct);
  return TRUE;
}

static gboolean
answer (PbRequest   *request,
        PbDb        *db,
        GError     **error)
{
  AnswerInput *input = pb_request_get_data (request);
  g_auto(PbAssessmentInfo) info = { NULL };
  const PbChallenge *challenge;

  if (!own_assessment (request, db, input->assessment_id, &info, error))
    return error == NULL || *error == NULL;

  if (!g_str_equal (info.state, "started"))
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "ASSESSMENT_ENDED", "This test is over.", NULL);
      return TRUE;
    }
  challenge = pb_challenge_bank_lookup (pb_content_get_bank (), input->challenge_id);
  if (challenge == NULL || g_strcmp0 (info.last_challenge_id, input->challenge_id) != 0)
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "CHALLENGE_NOT_ASKED",
                                "Answer the challenge the test asked (next-challenge).",
                                "/data/relationships/challenge");
      return TRUE;
    }
  return record_answer (request, db, &info, input, challenge, error);
}

static void
answer_work (PbRequest *request,
             PbStorage *storage)
{
  pb_write_run (request, storage, answer);
}

static void
answer_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  AnswerInput *input;
  gboolean present;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "answers"))
    return;

  input = g_new0 (AnswerInput, 1);
  pb_request_set_data (request, input, (GDestroyNotify)answer_input_free);
  if (!pb_jsonapi_input_get_string (&json, request, "value", MAX_VALUE_LENGTH, &present, &input->value) ||
      !pb_jsonapi_input_get_related (&json, request, "assessment", "assessments", &input->assessment_id) ||
      !pb_jsonapi_input_get_related (&json, request, "challenge", "challenges", &input->challenge_id))
    return;

  if (input->value == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "VALUE_REQUIRED",
                              "Send the answer's value (\"aband\" to skip).", "/data/attributes/value");
  else if (input->assessment_id == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "ASSESSMENT_REQUIRED",
                              "Say which assessment this answers.", "/data/relationships/assessment");
  else if (input->challenge_id == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "CHALLENGE_REQUIRED",
                              "Say which challenge this answers.", "/data/relationships/challenge");
  else
    pb_request_defer (request, answer_work);
}

/* ------------------------------------------------------------------ */
/* POST /api/competence-evaluations/start-or-resume                    */

static void
respond_evaluation (PbRequest   *request,
                    const char  *id,
                    const char  *competence_index,
                    const char  *assessment_id,
                    const char  *status,
                    guint        http_status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "competence-evaluations", id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "competence-index", competence_index);
  pb_jsonapi_add_string (builder, "status", status);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "assessment", "assessments", assessment_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, http_status, NULL, document);
}

static gboolean
upsert_evaluation (PbDb        *db,
                   const char  *id,
                   const char  *user_id,
                   const char  *competence_index,
                   const char  *assessment_id,
                   GError     **error)
{
  g_autoptr(PbDbStatement) upsert = NULL;
  g_autofree char *now = pb_timestamp_now ();

  upsert = pb_db_prepare (db,
                          "INSERT INTO competence_evaluations (id, user_id, competence_index, assessment_id, status, "
                          "created_at, updated_at) VALUES ($1, $2, $3, $4, 'started', $5, $5) "
                          "ON CONFLICT (user_id, competence_index) DO UPDATE SET assessment_id = $4, "
                          "status = 'started', updated_at = $5, "
                          "version = competence_evaluations.version + 1", error);
  if (upsert == NULL)
    return FALSE;
  pb_db_statement_bind_text (upsert, 1, id);
  pb_db_statement_bind_text (upsert, 2, user_id);
  pb_db_statement_bind_text (upsert, 3, competence_index);
  pb_db_statement_bind_text (upsert, 4, assessment_id);
  pb_db_statement_bind_text (upsert, 5, now);
  return pb_db_statement_run (upsert, error);
}

/* A competence evaluation is resumed as long as it exists (its results
 * stay on show once completed); after a reset it starts over with a new
 * assessment. */
static gboolean
start_or_resume (PbRequest   *request,
                 PbDb        *db,
                 GError     **error)
{
  const char *index = pb_request_get_data (request);
  const char *user_id = pb_request_get_user_id (request);
  g_autoptr(PbDbStatement) select = NULL;
  g_autofree char *id = NULL;
  g_autofree char *assessment_id = NULL;
  gboolean found;

  if (index == NULL || pb_framework_lookup_competence (pb_content_get_framework (), index) == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "UNKNOWN_COMPETENCE",
                                "competence-index is one of the framework's, \"1.1\" to \"5.2\".",
                                "/data/attributes/competence-index");
      return TRUE;
    }

  select = pb_db_prepare (db,
                          "SELECT id, assessment_id, status FROM competence_evaluations "
                          "WHERE user_id = $1 AND competence_index = $2", error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, user_id);
  pb_db_statement_bind_text (select, 2, index);
  found = pb_db_statement_step (select, error);
  if (error != NULL && *error != NULL)
    return FALSE;

  if (found && g_str_equal (text (select, 2), "started"))
    {
      respond_evaluation (request, text (select, 0), index, text (select, 1), "started", SOUP_STATUS_OK);
      return TRUE;
    }

  id = g_strdup (found ? text (select, 0) : NULL);
  if (id == NULL)
    id = pb_uuid_new_v7 ();
  g_clear_pointer (&select, pb_db_statement_free);
  if (!pb_learning_create_assessment (db, user_id, NULL, index, FALSE, &assessment_id, error) ||
      !upsert_evaluation (db, id, user_id, index, assessment_id, error))
    return FALSE;
  respond_evaluation (request, id, index, assessment_id, "started", SOUP_STATUS_CREATED);
  return TRUE;
}

static void
start_or_resume_work (PbRequest *request,
                      PbStorage *storage)
{
  pb_write_run (request, storage, start_or_resume);
}

static void
start_or_resume_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  g_autofree char *index = NULL;
  gboolean present;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "competence-evaluations") ||
      !pb_jsonapi_input_get_string (&json, request, "competence-index", 8, &present, &index))
    return;

  /* Checked against the content in the worker: the first look loads the
   * whole bank, which the main loop must not wait for. */
  pb_request_set_data (request, g_steal_pointer (&index), g_free);
  pb_request_defer (request, start_or_resume_work);
}

static void
assessment_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, assessment_work);
}

static void
next_challenge_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, next_challenge_work);
}

void
pb_assessment_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/assessments/{id}", assessment_handler);
  pb_router_add (router, "GET", "/api/assessments/{id}/next-challenge", next_challenge_handler);
  pb_router_add (router, "POST", "/api/answers", answer_handler);
  pb_router_add (router, "POST", "/api/competence-evaluations/start-or-resume", start_or_resume_handler);
}
