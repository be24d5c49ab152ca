/* pb-user-routes.c
 *
 * Learner accounts and their profile: sign-up (POST /api/users), the 16
 * scorecards, and the reset of a competence ("remise à zéro").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-access.h"
#include "pb-admin.h"
#include "pb-content.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-password.h"
#include "pb-scorecard.h"
#include "pb-server.h"
#include "pb-timestamp.h"
#include "pb-user-routes.h"
#include "pb-uuid.h"
#include "pb-write.h"

#define MAX_NAME_LENGTH 255
#define MAX_EMAIL_LENGTH 255
#define MAX_PASSWORD_LENGTH 1024

/* ------------------------------------------------------------------ */
/* POST /api/users                                                     */

typedef struct
{
  char *first_name;
  char *last_name;
  char *email;
  char *username;
  char *password;
} NewUser;

static void
new_user_free (NewUser *user)
{
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->email);
  g_free (user->username);
  if (user->password != NULL)
    memset (user->password, 0, strlen (user->password));
  g_free (user->password);
  g_free (user);
}

static gboolean
refuse (PbRequest  *request,
        const char *code,
        const char *detail,
        const char *pointer)
{
  pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, code, detail, pointer);
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || strspn (text, " \t\r\n") == strlen (text);
}

/* The check `admin create-user` makes; sign-in finds e-mail addresses
 * whatever their case, so they are stored lower-cased. */
static gboolean
normalize_email (NewUser *user)
{
  char *normalized = pb_admin_normalize_email (g_strstrip (user->email), NULL);

  if (normalized == NULL)
    return FALSE;
  g_free (user->email);
  user->email = normalized;
  return TRUE;
}

static gboolean
is_username (const char *username)
{
  gsize length = strlen (username);

  return length >= 3 && length <= 64 && strspn (username, "abcdefghijklmnopqrstuvwxyz0123456789._-") == length;
}

static gboolean
validate_user (PbRequest *request,
               NewUser   *user)
{
  g_autoptr(GError) error = NULL;

  if (is_blank (user->first_name))
    return refuse (request, "FIRST_NAME_REQUIRED", "Give your first name.", "/data/attributes/first-name");
  if (is_blank (user->last_name))
    return refuse (request, "LAST_NAME_REQUIRED", "Give your last name.", "/data/attributes/last-name");
  if (user->email == NULL && user->username == NULL)
    return refuse (request, "EMAIL_OR_USERNAME_REQUIRED", "Give an e-mail address or a username.",
                   "/data/attributes/email");
  if (user->email != NULL && !normalize_email (user))
    return refuse (request, "INVALID_EMAIL", "This is not an e-mail address.", "/data/attributes/email");
  if (user->username != NULL && !is_username (user->username))
    return refuse (request, "INVALID_USERNAME",
                   "A username is 3 to 64 lower-case letters, digits, dots, dashes or underscores.",
                   "/data/attributes/username");
  if (user->password == NULL || !pb_password_check_rule (user->password, &error))
    return refuse (request, "INVALID_PASSWORD",
                   "The password needs at least 8 characters, with an upper-case letter, a lower-case "
                   "letter and a digit.", "/data/attributes/password");
  return TRUE;
}

static gboolean
taken (PbDb        *db,
       const char  *sql,
       const char  *value,
       gboolean    *exists,
       GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  *exists = FALSE;
  if (value == NULL)
    return TRUE;
  select = pb_db_select_one (db, sql, value, exists, error);
  return select != NULL;
}

static void
respond_user (PbRequest  *request,
              const char *id,
              NewUser    *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *location = g_strconcat ("/api/users/", id, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "users", id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "first-name", user->first_name);
  pb_jsonapi_add_string (builder, "last-name", user->last_name);
  pb_jsonapi_add_string (builder, "email", user->email);
  pb_jsonapi_add_string (builder, "username", user->username);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_set_response_header (request, "Location", location);
  pb_request_respond_json (request, SOUP_STATUS_CREATED, NULL, document);
}

static gboolean
insert_user (PbRequest   *request,
             PbDb        *db,
             NewUser     *user,
             const char  *id,
             const char  *hash,
             GError     **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autofree char *now = pb_timestamp_now ();
  gboolean exists;

  if (!taken (db, "SELECT 1 FROM users WHERE email = $1", user->email, &exists, error))
    return FALSE;
  if (exists)
    {
      refuse (request, "EMAIL_ALREADY_EXISTS", "An account has this e-mail address already.", "/data/attributes/email");
      return TRUE;
    }
  if (!taken (db, "SELECT 1 FROM users WHERE username = $1", user->username, &exists, error))
    return FALSE;
  if (exists)
    {
      refuse (request, "USERNAME_ALREADY_EXISTS", "An account has this username already.", "/data/attributes/username");
      return TRUE;
    }

  insert = pb_db_prepare (db,
                          "INSERT INTO users (id, email, username, first_name, last_name, password_hash, created_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, user->email);
  pb_db_statement_bind_text (insert, 3, user->username);
  pb_db_statement_bind_text (insert, 4, g_strstrip (user->first_name));
  pb_db_statement_bind_text (insert, 5, g_strstrip (user->last_name));
  pb_db_statement_bind_text (insert, 6, hash);
  pb_db_statement_bind_text (insert, 7, now);
  if (!pb_db_statement_run (insert, error))
    return FALSE;

  respond_user (request, id, user);
  return TRUE;
}

/* Nobody is signed in yet, so there is no Idempotency-Key scope: the
 * unique e-mail and username make a repeated sign-up harmless (422). The
 * password is hashed before taking the writer, which never waits on
 * argon2. */
static void
create_user_work (PbRequest *request,
                  PbStorage *storage)
{
  NewUser *user = pb_request_get_data (request);
  const PbServerSettings *settings = pb_server_get_settings (pb_request_get_server (request));
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *hash = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  PbDb *db;

  hash = pb_password_hash (user->password, settings->fast_password_hashing, &error);
  if (hash == NULL)
    {
      pb_request_respond_internal_error (request, error);
      return;
    }

  db = pb_storage_lock_writer (storage);
  ok = pb_db_begin (db, &error) && insert_user (request, db, user, id, hash, &error) && pb_db_commit (db, &error);
  if (!ok && pb_db_in_transaction (db))
    pb_db_rollback (db);
  pb_storage_unlock_writer (storage, db);
  if (!ok)
    pb_request_respond_internal_error (request, error);
}

static void
create_user_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  gboolean present;
  NewUser *user;

  if (!pb_jsonapi_input_parse (&json, request, "users"))
    return;

  user = g_new0 (NewUser, 1);
  pb_request_set_data (request, user, (GDestroyNotify)new_user_free);
  if (!pb_jsonapi_input_get_string (&json, request, "first-name", MAX_NAME_LENGTH, &present, &user->first_name) ||
      !pb_jsonapi_input_get_string (&json, request, "last-name", MAX_NAME_LENGTH, &present, &user->last_name) ||
      !pb_jsonapi_input_get_string (&json, request, "email", MAX_EMAIL_LENGTH, &present, &user->email) ||
      !pb_jsonapi_input_get_string (&json, request, "username", 64, &present, &user->username) ||
      !pb_jsonapi_input_get_string (&json, request, "password", MAX_PASSWORD_LENGTH, &present, &user->password))
    return;

  if (!validate_user (request, user))
    return;
  pb_request_defer (request, create_user_work);
}

/* ------------------------------------------------------------------ */
/* Scorecards and reset                                                */

/* Only the learners themselves read or reset their profile: anybody
 * else's answer is the same 404 as for an unknown user. */
static gboolean
is_self (PbRequest *request)
{
  if (g_strcmp0 (pb_request_get_param (request, "id"), pb_request_get_user_id (request)) == 0)
    return TRUE;
  pb_learning_respond_not_found (request);
  return FALSE;
}

static void
add_scorecard (JsonBuilder       *builder,
               const char        *user_id,
               const PbScorecard *card)
{
  g_autofree char *id = g_strdup_printf ("%s_%s", user_id, card->competence->index);

  pb_jsonapi_begin_resource (builder, "scorecards", id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "competence-index", card->competence->index);
  pb_jsonapi_add_string (builder, "name", card->competence->name);
  pb_jsonapi_add_string (builder, "area-title", card->competence->area->title);
  pb_jsonapi_add_int (builder, "earned-pix", card->score.pix);
  pb_jsonapi_add_int (builder, "level", card->score.level);
  pb_jsonapi_add_int (builder, "pix-score-ahead-of-next-level", card->score.pix_ahead_of_next_level);
  pb_jsonapi_add_string (builder, "status", pb_scorecard_status_to_string (card->status));
  pb_jsonapi_add_int (builder, "remaining-days-before-reset", card->remaining_days_before_reset);
  pb_jsonapi_add_int (builder, "remaining-days-before-improving", card->remaining_days_before_improving);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static gboolean
read_scorecards (PbRequest   *request,
                 PbDb        *db,
                 const char  *unused,
                 GError     **error)
{
  const char *user_id = pb_request_get_user_id (request);
  const PbScoringRules *rules = &pb_server_get_settings (pb_request_get_server (request))->scoring;
  PbFramework *framework = pb_content_get_framework ();
  g_autoptr(GArray) current = NULL;
  g_autoptr(GHashTable) evaluations = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  if (!is_self (request))
    return TRUE;
  if ((current = pb_knowledge_store_load_current (db, framework, user_id, error)) == NULL ||
      (evaluations = pb_learning_load_evaluation_states (db, user_id, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pb_framework_get_n_competences (framework); i++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, i);
      PbScorecard card;

      pb_scorecard_compute (rules, competence, current,
                            GPOINTER_TO_INT (g_hash_table_lookup (evaluations, competence->index)),
                            g_get_real_time (), &card);
      add_scorecard (builder, user_id, &card);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
scorecards_work (PbRequest *request,
                 PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_scorecards);
}

/* The most recent knowledge element of the competence, in µs (0: none). */
static gint64
last_activity (const GArray       *history,
               const PbCompetence *competence)
{
  gint64 last = 0;

  for (guint i = 0; i < history->len; i++)
    {
      const PbKnowledgeElement *element = &g_array_index (history, PbKnowledgeElement, i);

      if (element->skill->tube->competence == competence)
        last = MAX (last, element->created_at);
    }
  return last;
}

/* "Remise à zéro": every knowledge element of the competence gets a reset
 * copy (they stop counting, their history stays), and the competence
 * evaluation, if any, starts again from scratch next time. Allowed only
 * reset-delay-days after the competence's last answer, so a learner
 * cannot reset to retry the same questions at once. */
static gboolean
reset_competence (PbRequest   *request,
                  PbDb        *db,
                  GError     **error)
{
  const char *user_id = pb_request_get_user_id (request);
  const PbScoringRules *rules = &pb_server_get_settings (pb_request_get_server (request))->scoring;
  PbFramework *framework = pb_content_get_framework ();
  const PbCompetence *competence = pb_framework_lookup_competence (framework, pb_request_get_param (request, "index"));
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) resets = NULL;
  gint64 now = g_get_real_time ();

  if (!is_self (request))
    return TRUE;
  if (competence == NULL)
    {
      pb_learning_respond_not_found (request);
      return TRUE;
    }
  if ((current = pb_knowledge_store_load_current (db, framework, user_id, error)) == NULL)
    return FALSE;

  if (now - last_activity (current, competence) < (gint64)rules->reset_delay_days * G_TIME_SPAN_DAY)
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "RESET_TOO_EARLY",
                                "A competence can be reset some days after its last answer only.", NULL);
      return TRUE;
    }

  resets = pb_knowledge_elements_reset (current, competence, now);
  if (!pb_knowledge_store_save (db, user_id, NULL, NULL, resets, error) ||
      !pb_learning_mark_evaluation_reset (db, user_id, competence->index, error))
    return FALSE;
  return read_scorecards (request, db, NULL, error);
}

static void
reset_work (PbRequest *request,
            PbStorage *storage)
{
  pb_write_run (request, storage, reset_competence);
}

static void
scorecards_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, scorecards_work);
}

static void
reset_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, reset_work);
}

void
pb_user_routes_add (PbRouter *router)
{
  pb_router_add (router, "POST", "/api/users", create_user_handler);
  pb_router_add (router, "GET", "/api/users/{id}/scorecards", scorecards_handler);
  pb_router_add (router, "POST", "/api/users/{id}/competences/{index}/reset", reset_handler);
}
