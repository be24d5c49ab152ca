/* pb-sim-learner.c
 *
 * The ability model. A learner has a mean ability μ ~ N(2.5, 1.2²), on the
 * scale of skill levels (1 to 8), and on each competence c an ability
 * θc = μ + δc with δc ~ N(0, 0.7²): learners differ from one another more
 * than their competences differ within each of them. A challenge of a skill
 * of level ℓ is answered right with probability
 *
 *     P = 1 / (1 + e^−(θc − ℓ))
 *
 * the one-parameter logistic model the adaptive test itself assumes
 * (pix-domain §4.3): a learner of mean ability gets a level 2 skill right
 * 62 % of the time, a level 5 one 8 % of the time.
 *
 * Same seed, same learners. Every draw comes from the learner's own GRand,
 * seeded with (seed, learner index), in an order fixed before any request:
 * μ; δc for each competence in framework order; a uniform us in [0, 1) for
 * each skill in framework order; the competences to evaluate; the name;
 * whether the learner would leave midway, and after how many answers;
 * whether they would keep their results to themselves. A challenge of
 * skill s is answered right when us < P: the draw belongs to the skill, not
 * to the moment the server serves it, so the learner answers alike
 * whatever the order of the challenges, and whatever the other threads do.
 * What is not drawn (the run id in logins, Idempotency-Keys) never changes
 * what the learner answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-french-names.h"
#include "pb-sim-learner.h"
#include "pb-simulator.h"
#include "pb-uuid.h"

#define MEAN_ABILITY 2.5
#define MEAN_ABILITY_SD 1.2
#define COMPETENCE_DEVIATION_SD 0.7

/* A profiles collection has nothing to play: the learner brings a profile
 * made of this many competence evaluations. */
#define MIN_EVALUATED_COMPETENCES 3
#define MAX_EVALUATED_COMPETENCES 8

/* A learner who leaves midway does after this many answers or so: a few
 * questions into the test, well before its end. */
#define MIN_ANSWERS_BEFORE_LEAVING 2
#define MAX_ANSWERS_BEFORE_LEAVING 12

/* The first try and three retries, 0.2 s, 0.4 s then 0.8 s apart */
#define MAX_ATTEMPTS 4
#define RETRY_DELAY_US (200 * 1000)

/* A test longer than this is a server that never says it ended. */
#define MAX_CHALLENGES_PER_TEST 500

/* Keeps a username within the 64 characters the server takes. */
#define MAX_LOGIN_NAME_PART 20

#define JSONAPI_TYPE "application/vnd.api+json"
#define FORM_TYPE "application/x-www-form-urlencoded"
#define ASSOCIATION_TYPE "sco-organization-learners"
#define WRONG_QROC_ANSWER "je ne sais pas"
#define ABANDON_VALUE "aband"

struct _PbSimLearner
{
  guint        index;
  PbFramework *framework;
  double       mean_ability;
  GHashTable  *abilities;     /* competence index → double *, keys owned by the framework */
  GHashTable  *skill_draws;   /* skill id → double *, keys owned by the framework */
  GPtrArray   *evaluated;     /* competence indices (owned by the framework), NULL-terminated */
  char        *first_name;
  char        *last_name;
  char        *birthdate;     /* YYYY-MM-DD; roster pupils only */
  char        *national_student_id;
  double       leave_draw;    /* leaves midway if below the stop share */
  guint        leave_after;   /* answers before leaving */
  double       share_draw;    /* shares unless below the unshared share */
};

/* One learner's conversation with the server. */
typedef struct
{
  SoupSession        *session;
  const PbSimContext *context;
  PbSimLearnerResult *result;
  GCancellable       *cancellable;
  char               *login;
  char               *access_token;
  guint               stop_point;    /* answers before leaving midway; 0 to go to the end */
  guint               n_answered;    /* in every test so far */
} Client;

typedef struct
{
  guint     status;
  gboolean  retried;   /* an earlier try got no answer */
  JsonNode *root;      /* NULL when the body is empty or not JSON */
} Reply;

typedef struct
{
  const char *name;
  const char *value;   /* NULL: left out */
} Attribute;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->root, json_node_unref);
  reply->status = 0;
  reply->retried = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
client_clear (Client *client)
{
  g_clear_pointer (&client->login, g_free);
  g_clear_pointer (&client->access_token, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Client, client_clear)

/* Draws */

/* Box–Muller: one standard normal from two uniforms. */
static double
draw_normal (GRand *rand)
{
  double u1 = 1.0 - g_rand_double (rand);  /* (0, 1]: log() must not see 0 */
  double u2 = g_rand_double (rand);

  return sqrt (-2.0 * log (u1)) * cos (2.0 * G_PI * u2);
}

static double *
new_double (double value)
{
  double *cell = g_new (double, 1);

  *cell = value;
  return cell;
}

static void
draw_abilities (PbSimLearner *self,
                GRand        *rand)
{
  guint n_competences = pb_framework_get_n_competences (self->framework);

  self->mean_ability = MEAN_ABILITY + MEAN_ABILITY_SD * draw_normal (rand);
  for (guint i = 0; i < n_competences; i++)
    {
      const PbCompetence *competence = pb_framework_get_competence (self->framework, i);
      double deviation = COMPETENCE_DEVIATION_SD * draw_normal (rand);

      g_hash_table_insert (self->abilities, competence->index,
                           new_double (self->mean_ability + deviation));
    }
}

static void
draw_skills (PbSimLearner *self,
             GRand        *rand)
{
  guint n_competences = pb_framework_get_n_competences (self->framework);

  for (guint i = 0; i < n_competences; i++)
    {
      const PbCompetence *competence = pb_framework_get_competence (self->framework, i);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);

              g_hash_table_insert (self->skill_draws, skill->id, new_double (g_rand_double (rand)));
            }
        }
    }
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint left = *(const guint *)a, right = *(const guint *)b;

  return left < right ? -1 : left > right;
}

/* A random subset of the competences, played in framework order as a
 * learner going down the list would. */
static void
draw_evaluated_competences (PbSimLearner *self,
                            GRand        *rand)
{
  guint n_competences = pb_framework_get_n_competences (self->framework);
  g_autofree guint *order = g_new (guint, MAX (n_competences, 1));
  guint n;

  n = (guint) g_rand_int_range (rand, MIN_EVALUATED_COMPETENCES, MAX_EVALUATED_COMPETENCES + 1);
  n = MIN (n, n_competences);

  for (guint i = 0; i < n_competences; i++)
    order[i] = i;

  /* Fisher–Yates, as far as the subset goes */
  for (guint i = 0; i < n; i++)
    {
      guint j = (guint) g_rand_int_range (rand, (gint32) i, (gint32) n_competences);
      guint swap = order[i];

      order[i] = order[j];
      order[j] = swap;
    }
  qsort (order, n, sizeof *order, compare_positions);

  self->evaluated = g_ptr_array_new ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->evaluated, pb_framework_get_competence (self->framework, order[i])->index);
  g_ptr_array_add (self->evaluated, NULL);
}

/* "Lefèvre" → "lefevre", "N'Diaye" → "ndiaye", "Dubœuf" → "duboeuf". */
static char *
fold_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *folded = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && folded->len < MAX_LOGIN_NAME_PART; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (folded, g_ascii_tolower (*p));
    }

  if (folded->len == 0)
    g_string_append (folded, "eleve");

  return g_string_free (folded, FALSE);
}

/* What a learner who got it wrong plausibly sends: the next proposal of a
 * QCU, the right proposals of a QCM but the last (one missed), an honest
 * "je ne sais pas" to a QROC. */
static char *
wrong_value (const PbChallenge *challenge,
             const char        *right_value)
{
  const char *last_comma;
  guint n_proposals, right;

  switch (challenge->type)
    {
    case PB_CHALLENGE_TYPE_QCU:
      n_proposals = challenge->proposals != NULL ? g_strv_length (challenge->proposals) : 0;
      right = (guint) g_ascii_strtoull (right_value, NULL, 10);
      return g_strdup_printf ("%u", n_proposals > 0 ? right % n_proposals + 1 : right + 1);

    case PB_CHALLENGE_TYPE_QCM:
      last_comma = strrchr (right_value, ',');
      if (last_comma == NULL)
        return g_strdup (ABANDON_VALUE);
      return g_strndup (right_value, last_comma - right_value);

    case PB_CHALLENGE_TYPE_QROC:
      return g_strdup (WRONG_QROC_ANSWER);

    default:
      return g_strdup (ABANDON_VALUE);
    }
}

/* JSON */

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

/* The member if it is a string; NULL otherwise, without the warnings
 * json-glib gives for a member of another type: answers are checked, not
 * trusted. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
get_number (JsonObject *object,
            const char *name,
            double     *value)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;

    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
get_boolean (JsonObject *object,
             const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
reply_object (Reply *reply)
{
  return reply->root != NULL && JSON_NODE_HOLDS_OBJECT (reply->root) ? json_node_get_object (reply->root) : NULL;
}

static JsonObject *
reply_data (Reply *reply)
{
  return get_object (reply_object (reply), "data");
}

/* errors[0] of a JSON:API error document */
static JsonObject *
reply_first_error (Reply *reply)
{
  JsonNode *errors = get_member (reply_object (reply), "errors");
  JsonNode *first;

  if (errors == NULL || !JSON_NODE_HOLDS_ARRAY (errors) || json_array_get_length (json_node_get_array (errors)) == 0)
    return NULL;

  first = json_array_get_element (json_node_get_array (errors), 0);
  return JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
}

/* relationships.NAME.data.id of a resource */
static const char *
get_related_id (JsonObject *resource,
                const char *name)
{
  JsonObject *relationship = get_object (get_object (resource, "relationships"), name);

  return get_string (get_object (relationship, "data"), "id");
}

static JsonNode *
parse_json (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

static char *
builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
begin_document (JsonBuilder      *builder,
                const char       *type,
                const Attribute  *attributes,
                guint             n_attributes)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_attributes; i++)
    {
      if (attributes[i].value == NULL)
        continue;
      json_builder_set_member_name (builder, attributes[i].name);
      json_builder_add_string_value (builder, attributes[i].value);
    }
  json_builder_end_object (builder);
}

/* {"data": {"type": TYPE, "attributes": {…}}} */
static char *
build_document (const char      *type,
                const Attribute *attributes,
                guint            n_attributes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  begin_document (builder, type, attributes, n_attributes);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

static void
add_relationship (JsonBuilder *builder,
                  const char  *name,
                  const char  *type,
                  const char  *id)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static char *
build_answer_document (const char *value,
                       const char *assessment_id,
                       const char *challenge_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const Attribute attributes[] = { { "value", value } };

  begin_document (builder, "answers", attributes, G_N_ELEMENTS (attributes));
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  add_relationship (builder, "assessment", "assessments", assessment_id);
  add_relationship (builder, "challenge", "challenges", challenge_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder);
}

/* HTTP */

/* Keeps the learner's first failure, which the summary reports, and makes
 * the GError the script stops with. */
static gboolean
fail (Client      *client,
      int          error_code,
      const char  *method,
      const char  *path,
      guint        status,
      const char  *code,
      const char  *detail,
      GError     **error)
{
  PbSimLearnerResult *result = client->result;

  result->n_errors++;
  if (result->error_request == NULL)
    {
      result->error_request = g_strdup_printf ("%s %s", method, path);
      result->error_status = status;
      result->error_code = g_strdup (code);
      result->error_detail = g_strdup (detail);
    }

  if (status == 0)
    g_set_error (error, PB_SIMULATOR_ERROR, error_code, "%s %s: %s", method, path, detail);
  else
    g_set_error (error, PB_SIMULATOR_ERROR, error_code, "%s %s: %u %s: %s", method, path, status,
                 code != NULL ? code : soup_status_get_phrase (status), detail);
  return FALSE;
}

/* An answer the script cannot go on with, though its status was fine. */
static gboolean
fail_protocol (Client      *client,
               const char  *method,
               const char  *path,
               Reply       *reply,
               const char  *detail,
               GError     **error)
{
  return fail (client, PB_SIMULATOR_ERROR_PROTOCOL, method, path, reply->status, NULL, detail, error);
}

static GBytes *
send_once (Client      *client,
           const char  *method,
           const char  *url,
           const char  *content_type,
           GBytes      *body,
           const char  *key,
           gboolean     authenticated,
           guint       *status,
           GError     **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  GBytes *response;

  if (msg == NULL)
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_PROTOCOL, "“%s” is not a URL", url);
      return NULL;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", JSONAPI_TYPE);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  else if (content_type != NULL)
    soup_message_headers_replace (headers, "Content-Type", content_type);
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (authenticated && client->access_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", client->access_token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  response = soup_session_send_and_read (client->session, msg, client->cancellable, error);
  if (response != NULL)
    *status = soup_message_get_status (msg);
  return response;
}

/* One request and its answer, whatever the status. A write carries an
 * Idempotency-Key, the same on every try: when a connection fails, the
 * request is sent again (up to three times) and the server, if the first
 * one did reach it, answers what it answered then instead of doing it
 * twice. */
static gboolean
exchange (Client      *client,
          const char  *method,
          const char  *path,
          const char  *content_type,
          const char  *body,
          gboolean     authenticated,
          Reply       *reply,
          GError     **error)
{
  g_autofree char *url = g_strconcat (client->context->base_url, path, NULL);
  g_autofree char *key = NULL;
  g_autoptr(GBytes) body_bytes = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) local_error = NULL;
  guint status = 0;

  reply_clear (reply);
  if (strcmp (method, "GET") != 0)
    {
      key = pb_uuid_new_v7 ();
      body_bytes = g_bytes_new (body != NULL ? body : "", body != NULL ? strlen (body) : 0);
    }

  for (guint attempt = 1; ; attempt++)
    {
      g_clear_error (&local_error);
      response = send_once (client, method, url, content_type, body_bytes, key, authenticated,
                            &status, &local_error);
      if (response != NULL)
        break;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (attempt == MAX_ATTEMPTS || local_error->domain == PB_SIMULATOR_ERROR)
        return fail (client, PB_SIMULATOR_ERROR_NETWORK, method, path, 0, NULL, local_error->message, error);

      client->result->n_retries++;
      reply->retried = TRUE;
      g_usleep (RETRY_DELAY_US << (attempt - 1));
    }

  client->result->n_requests++;
  reply->status = status;
  reply->root = parse_json (response);
  return TRUE;
}

/* A 2xx, or the failure the answer's first JSON:API error describes. */
static gboolean
check_success (Client      *client,
               const char  *method,
               const char  *path,
               Reply       *reply,
               GError     **error)
{
  JsonObject *first;
  const char *detail;

  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    return TRUE;

  first = reply_first_error (reply);
  detail = get_string (first, "detail");
  return fail (client, PB_SIMULATOR_ERROR_HTTP, method, path, reply->status, get_string (first, "code"),
               detail != NULL ? detail : soup_status_get_phrase (reply->status), error);
}

static gboolean
sign_in (Client  *client,
         GError **error)
{
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", client->login,
                                            "password", PB_SIMULATOR_PASSWORD, NULL);
  g_auto(Reply) reply = { 0 };
  const char *token;

  if (!exchange (client, "POST", "/api/token", FORM_TYPE, form, FALSE, &reply, error) ||
      !check_success (client, "POST", "/api/token", &reply, error))
    return FALSE;

  token = get_string (reply_object (&reply), "access_token");
  if (token == NULL)
    return fail_protocol (client, "POST", "/api/token", &reply, "The answer has no access_token.", error);

  g_free (client->access_token);
  client->access_token = g_strdup (token);
  return TRUE;
}

/* A signed-in JSON:API request that must succeed. An access token lasts 20
 * minutes by default, which a learner slowed down by a busy server may
 * outlive: on 401 the learner signs in again, once, and resends. */
static gboolean
call (Client      *client,
      const char  *method,
      const char  *path,
      const char  *document,
      Reply       *reply,
      GError     **error)
{
  if (!exchange (client, method, path, JSONAPI_TYPE, document, TRUE, reply, error))
    return FALSE;

  if (reply->status == SOUP_STATUS_UNAUTHORIZED && client->access_token != NULL)
    {
      if (!sign_in (client, error) ||
          !exchange (client, method, path, JSONAPI_TYPE, document, TRUE, reply, error))
        return FALSE;
    }

  return check_success (client, method, path, reply, error);
}

/* The script */

static gboolean
create_account (Client        *client,
                PbSimLearner  *self,
                GError       **error)
{
  gboolean pupil = self->birthdate != NULL;
  const Attribute attributes[] = {
    { "first-name", self->first_name },
    { "last-name", self->last_name },
    { pupil ? "username" : "email", client->login },
    { "password", PB_SIMULATOR_PASSWORD },
  };
  g_autofree char *document = build_document ("users", attributes, G_N_ELEMENTS (attributes));
  g_auto(Reply) reply = { 0 };
  const char *code;

  if (!exchange (client, "POST", "/api/users", JSONAPI_TYPE, document, FALSE, &reply, error))
    return FALSE;

  /* The login is taken by this very learner, since nobody else uses this
   * run id's logins: an earlier run sharing the run id made the account,
   * or the first try did and its answer was lost (the server keeps no
   * Idempotency-Key for requests without a user). Signing in tells. */
  code = get_string (reply_first_error (&reply), "code");
  if ((reply.retried || client->context->reuse_accounts) &&
      reply.status == SOUP_STATUS_UNPROCESSABLE_ENTITY &&
      (g_strcmp0 (code, "EMAIL_ALREADY_EXISTS") == 0 || g_strcmp0 (code, "USERNAME_ALREADY_EXISTS") == 0))
    return TRUE;

  return check_success (client, "POST", "/api/users", &reply, error);
}

/* Links the account to the pupil the school imported (pix-domain §7.5). */
static gboolean
reconcile (Client        *client,
           PbSimLearner  *self,
           GError       **error)
{
  const Attribute attributes[] = {
    { "first-name", self->first_name },
    { "last-name", self->last_name },
    { "birthdate", self->birthdate },
    { "campaign-code", client->context->campaign->code },
  };
  g_autofree char *document = build_document (ASSOCIATION_TYPE, attributes, G_N_ELEMENTS (attributes));
  g_auto(Reply) reply = { 0 };

  return call (client, "POST", "/api/sco-organization-learners/association", document, &reply, error);
}

static gboolean
answer_challenge (Client        *client,
                  PbSimLearner  *self,
                  const char    *assessment_id,
                  JsonObject    *served,
                  GError       **error)
{
  const char *challenge_id = get_string (served, "id");
  const PbChallenge *challenge = pb_challenge_bank_lookup (client->context->bank, challenge_id);
  g_autofree char *value = NULL;
  g_autofree char *document = NULL;
  g_auto(Reply) reply = { 0 };
  gboolean right;
  const char *correction;

  if (challenge == NULL)
    {
      g_autofree char *path = g_strdup_printf ("/api/assessments/%s/next-challenge", assessment_id);
      g_autofree char *detail = g_strdup_printf ("The simulator's content has no challenge “%s”: "
                                                 "is the server another version?",
                                                 challenge_id != NULL ? challenge_id : "(no id)");

      return fail (client, PB_SIMULATOR_ERROR_CONTENT, "GET", path, SOUP_STATUS_OK, NULL, detail, error);
    }

  right = pb_sim_learner_answers_right (self, challenge->skill);
  value = pb_sim_answer_value (challenge, right);
  if (value == NULL)
    value = g_strdup (ABANDON_VALUE);
  document = build_answer_document (value, assessment_id, challenge->id);
  if (!call (client, "POST", "/api/answers", document, &reply, error))
    return FALSE;

  /* Both sides correct with the same content: a difference means they do
   * not, which the summary shows rather than hides. */
  correction = get_string (get_object (reply_data (&reply), "attributes"), "result");
  if (g_strcmp0 (correction, right ? "ok" : "ko") != 0)
    client->result->n_unexpected_results++;

  return TRUE;
}

/* Asks for the next challenge and answers it until the test says it is
 * over ({"data": null}). */
static gboolean
play_assessment (Client        *client,
                 PbSimLearner  *self,
                 const char    *assessment_id,
                 GError       **error)
{
  g_autofree char *path = g_strdup_printf ("/api/assessments/%s/next-challenge", assessment_id);
  guint n_answers = 0;

  for (;;)
    {
      g_auto(Reply) reply = { 0 };
      JsonNode *data;

      if (!call (client, "GET", path, NULL, &reply, error))
        return FALSE;

      data = get_member (reply_object (&reply), "data");
      if (data != NULL && JSON_NODE_HOLDS_NULL (data))
        break;
      if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
        return fail_protocol (client, "GET", path, &reply, "The answer has no challenge and no null data.", error);
      if (n_answers == MAX_CHALLENGES_PER_TEST)
        return fail_protocol (client, "GET", path, &reply, "The test has not ended after 500 challenges.", error);

      /* Leaving midway: the question seen, never answered. */
      if (client->stop_point > 0 && client->n_answered == client->stop_point)
        {
          client->result->stopped = TRUE;
          return TRUE;
        }

      if (!answer_challenge (client, self, assessment_id, json_node_get_object (data), error))
        return FALSE;
      n_answers++;
      client->n_answered++;
    }

  client->result->n_tests++;
  client->result->n_answers += n_answers;
  return TRUE;
}

static gboolean
evaluate_competence (Client        *client,
                     PbSimLearner  *self,
                     const char    *competence_index,
                     GError       **error)
{
  const char *path = "/api/competence-evaluations/start-or-resume";
  const Attribute attributes[] = { { "competence-index", competence_index } };
  g_autofree char *document = build_document ("competence-evaluations", attributes, G_N_ELEMENTS (attributes));
  g_auto(Reply) reply = { 0 };
  const char *assessment_id;

  if (!call (client, "POST", path, document, &reply, error))
    return FALSE;

  assessment_id = get_related_id (reply_data (&reply), "assessment");
  if (assessment_id == NULL)
    return fail_protocol (client, "POST", path, &reply, "The competence evaluation has no assessment.", error);

  return play_assessment (client, self, assessment_id, error);
}

/* What the campaign's external id label asks for: the INE for a pupil,
 * an address for an e-mail, an id of the run otherwise. */
static char *
make_external_id (Client       *client,
                  PbSimLearner *self)
{
  const PbSimCampaign *campaign = client->context->campaign;

  if (campaign->external_id_label == NULL)
    return NULL;
  if (campaign->external_id_is_email)
    return strchr (client->login, '@') != NULL ? g_strdup (client->login)
                                               : g_strconcat (client->login, "@example.org", NULL);
  if (self->national_student_id != NULL)
    return g_strdup (self->national_student_id);
  return g_strdup_printf ("%s-%u", client->context->run_id, self->index + 1);
}

static gboolean
join_campaign (Client        *client,
               PbSimLearner  *self,
               char         **participation_id,
               char         **assessment_id,
               GError       **error)
{
  const char *path = "/api/campaign-participations";
  g_autofree char *external_id = make_external_id (client, self);
  const Attribute attributes[] = {
    { "campaign-code", client->context->campaign->code },
    { "participant-external-id", external_id },
  };
  g_autofree char *document = build_document ("campaign-participations", attributes, G_N_ELEMENTS (attributes));
  g_auto(Reply) reply = { 0 };
  JsonObject *data;

  if (!call (client, "POST", path, document, &reply, error))
    return FALSE;

  data = reply_data (&reply);
  if (get_string (data, "id") == NULL)
    return fail_protocol (client, "POST", path, &reply, "The participation has no id.", error);
  if (!client->context->campaign->profiles_collection && get_related_id (data, "assessment") == NULL)
    return fail_protocol (client, "POST", path, &reply, "The participation has no assessment.", error);

  *participation_id = g_strdup (get_string (data, "id"));
  *assessment_id = g_strdup (get_related_id (data, "assessment"));
  return TRUE;
}

/* "J'envoie mes résultats": the pix score comes back with the answer. */
static gboolean
share (Client      *client,
       const char  *participation_id,
       GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/api/campaign-participations/%s/share", participation_id);
  g_auto(Reply) reply = { 0 };
  double pix_score;

  if (!call (client, "POST", path, NULL, &reply, error))
    return FALSE;

  client->result->shared = TRUE;
  if (get_number (get_object (reply_data (&reply), "attributes"), "pix-score", &pix_score))
    {
      client->result->has_pix_score = TRUE;
      client->result->pix_score = pix_score;
    }
  return TRUE;
}

static gboolean
play_campaign (Client        *client,
               PbSimLearner  *self,
               GError       **error)
{
  g_autofree char *participation_id = NULL;
  g_autofree char *assessment_id = NULL;

  /* A profiles collection collects what the learner did before joining;
   * one who leaves midway then never joins. */
  if (client->context->campaign->profiles_collection)
    {
      for (guint i = 0; i + 1 < self->evaluated->len && !client->result->stopped; i++)
        {
          if (!evaluate_competence (client, self, g_ptr_array_index (self->evaluated, i), error))
            return FALSE;
        }
      if (client->result->stopped)
        return TRUE;
    }

  if (!join_campaign (client, self, &participation_id, &assessment_id, error))
    return FALSE;

  if (!client->context->campaign->profiles_collection)
    {
      if (!play_assessment (client, self, assessment_id, error))
        return FALSE;
      if (client->result->stopped)
        return TRUE;
    }

  if (!pb_sim_learner_shares (self, client->context->unshared_percent))
    {
      client->result->unshared = TRUE;
      return TRUE;
    }

  return share (client, participation_id, error);
}

/**
 * pb_sim_probability_right:
 * @ability: the learner's ability on the skill's competence
 * @level: the skill's level, 1 to 8
 *
 * Returns: the probability of a right answer, 1 / (1 + e^−(@ability − @level))
 */
double
pb_sim_probability_right (double ability,
                          guint  level)
{
  return 1.0 / (1.0 + exp (-(ability - (double) level)));
}

/**
 * pb_sim_answer_value:
 * @challenge: a challenge of the simulator's bank
 * @right: whether the answer is to be right
 *
 * Returns: (transfer full) (nullable): a value for `POST /api/answers`
 *   that pb_challenge_check_answer() accepts if @right and refuses
 *   otherwise; %NULL if the challenge has no solution in the bank
 */
char *
pb_sim_answer_value (const PbChallenge *challenge,
                     gboolean           right)
{
  g_autofree char *right_value = NULL;
  char *value;

  g_return_val_if_fail (challenge != NULL, NULL);

  right_value = pb_challenge_get_right_answer (challenge);
  if (right_value == NULL)
    return NULL;
  if (right)
    return g_steal_pointer (&right_value);

  value = wrong_value (challenge, right_value);
  if (pb_challenge_check_answer (challenge, value))
    {
      g_free (value);
      value = g_strdup (ABANDON_VALUE);
    }
  return value;
}

/**
 * pb_sim_learner_new:
 * @framework: the framework of the simulator's challenge bank
 * @seed: the run's seed
 * @index: the learner's index in the run, from 0
 * @pupil: (nullable): the roster pupil the learner is, with first and
 *   last names, birth date and INE
 *
 * Draws the learner's abilities and answers (see the top of this file).
 * Without @pupil, the learner gets a drawn French name.
 *
 * Returns: (transfer full): the learner
 */
PbSimLearner *
pb_sim_learner_new (PbFramework           *framework,
                    guint64                seed,
                    guint                  index,
                    const PbLearnerRecord *pupil)
{
  guint32 seeds[3] = { (guint32) seed, (guint32) (seed >> 32), index };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  PbSimLearner *self;
  PbFrenchName name;

  g_return_val_if_fail (PB_IS_FRAMEWORK (framework), NULL);

  self = g_new0 (PbSimLearner, 1);
  self->index = index;
  self->framework = g_object_ref (framework);
  self->abilities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->skill_draws = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  draw_abilities (self, rand);
  draw_skills (self, rand);
  draw_evaluated_competences (self, rand);
  /* Drawn even for a pupil, so that both draw alike before it and after. */
  pb_french_names_pick (rand, &name);
  self->leave_draw = g_rand_double (rand);
  self->leave_after = (guint) g_rand_int_range (rand, MIN_ANSWERS_BEFORE_LEAVING, MAX_ANSWERS_BEFORE_LEAVING + 1);
  self->share_draw = g_rand_double (rand);

  if (pupil != NULL)
    {
      self->first_name = g_strdup (pupil->first_name);
      self->last_name = g_strdup (pupil->last_name);
      self->birthdate = g_strdup (pupil->birthdate);
      self->national_student_id = g_strdup (pupil->national_student_id);
    }
  else
    {
      self->first_name = g_strdup (name.first_name);
      self->last_name = g_strdup (name.last_name);
    }

  return self;
}

void
pb_sim_learner_free (PbSimLearner *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->abilities, g_hash_table_unref);
  g_clear_pointer (&self->skill_draws, g_hash_table_unref);
  g_clear_pointer (&self->evaluated, g_ptr_array_unref);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->birthdate);
  g_free (self->national_student_id);
  g_clear_object (&self->framework);
  g_free (self);
}

guint
pb_sim_learner_get_index (PbSimLearner *self)
{
  return self->index;
}

const char *
pb_sim_learner_get_first_name (PbSimLearner *self)
{
  return self->first_name;
}

const char *
pb_sim_learner_get_last_name (PbSimLearner *self)
{
  return self->last_name;
}

double
pb_sim_learner_get_mean_ability (PbSimLearner *self)
{
  return self->mean_ability;
}

/**
 * pb_sim_learner_get_ability:
 * @competence_index: "1.1" … "5.2"
 *
 * Returns: the learner's ability on the competence, on the scale of skill
 *   levels; the mean ability for a competence the framework lacks
 */
double
pb_sim_learner_get_ability (PbSimLearner *self,
                            const char   *competence_index)
{
  const double *ability = g_hash_table_lookup (self->abilities, competence_index);

  return ability != NULL ? *ability : self->mean_ability;
}

/**
 * pb_sim_learner_get_evaluated_competences:
 *
 * Returns: (transfer none) (array zero-terminated=1): the 3 to 8
 *   competences the learner evaluates before joining a profiles
 *   collection, in framework order
 */
const char * const *
pb_sim_learner_get_evaluated_competences (PbSimLearner *self)
{
  return (const char * const *) self->evaluated->pdata;
}

/**
 * pb_sim_learner_answers_right:
 * @skill: a skill of the learner's framework
 *
 * Returns: whether the learner answers the challenges of @skill right
 */
gboolean
pb_sim_learner_answers_right (PbSimLearner  *self,
                              const PbSkill *skill)
{
  const double *draw;

  g_return_val_if_fail (skill != NULL, FALSE);

  draw = g_hash_table_lookup (self->skill_draws, skill->id);
  g_return_val_if_fail (draw != NULL, FALSE);

  return *draw < pb_sim_probability_right (pb_sim_learner_get_ability (self, skill->tube->competence->index),
                                           skill->level);
}

/**
 * pb_sim_learner_get_stop_point:
 * @stop_percent: the share of learners who leave midway, 0 to 100
 *
 * Returns: after how many answers the learner leaves, or 0 if they go to
 *   the end
 */
guint
pb_sim_learner_get_stop_point (PbSimLearner *self,
                               guint         stop_percent)
{
  return self->leave_draw * 100.0 < stop_percent ? self->leave_after : 0;
}

/**
 * pb_sim_learner_shares:
 * @unshared_percent: the share of learners who finish without sharing, 0
 *   to 100
 *
 * Returns: whether the learner sends their results once done
 */
gboolean
pb_sim_learner_shares (PbSimLearner *self,
                       guint         unshared_percent)
{
  return self->share_draw * 100.0 >= unshared_percent;
}

/**
 * pb_sim_learner_make_login:
 * @run_id: letters that make this run's logins new on the server
 *
 * Pupils of a roster get a username the way Pix makes them (first name,
 * last name, day and month of birth), other learners an e-mail address.
 * The run id keeps logins apart from an earlier run's on the same server;
 * the pupil's INE, or the learner's number, from the run's other learners.
 *
 * Returns: (transfer full): "lea.martin2211.kqzbwx.3f0a" or
 *   "lea.martin.kqzbwx3@example.org"
 */
char *
pb_sim_learner_make_login (PbSimLearner *self,
                           const char   *run_id)
{
  g_autofree char *first = fold_name (self->first_name);
  g_autofree char *last = fold_name (self->last_name);

  /* A pupil's login must not depend on which learners a run plays, so
   * that runs sharing a run id find it again: it ends with a hash of the
   * INE, which tells apart namesakes born on the same day. */
  if (self->birthdate != NULL && strlen (self->birthdate) == 10)
    return g_strdup_printf ("%s.%s%.2s%.2s.%s.%04x", first, last, self->birthdate + 8,
                            self->birthdate + 5, run_id,
                            g_str_hash (self->national_student_id != NULL ? self->national_student_id : "") & 0xffff);

  return g_strdup_printf ("%s.%s.%s%u@example.org", first, last, run_id, self->index + 1);
}

/**
 * pb_sim_learner_play:
 * @session: a session of the calling thread's own
 * @context: the server, the campaign and the content
 * @result: (out caller-allocates): what the learner did, filled as it goes
 *
 * Plays the learner's part from end to end: creates the account (or, with
 * @context's reuse_accounts, signs in to the one an earlier run made),
 * signs in, reconciles with the roster pupil if any, plays the competence
 * evaluations of a profiles collection, joins the campaign, plays its test
 * and shares the results. A learner the context's stop_percent makes leave
 * midway stops after a few answers; one its unshared_percent keeps from
 * sharing stops before sharing; @result says which.
 *
 * Returns: %FALSE with @error set when the learner failed
 */
gboolean
pb_sim_learner_play (PbSimLearner        *self,
                     SoupSession         *session,
                     const PbSimContext  *context,
                     PbSimLearnerResult  *result,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_auto(Client) client = { 0 };

  client.session = session;
  client.context = context;
  client.result = result;
  client.cancellable = cancellable;
  client.login = pb_sim_learner_make_login (self, context->run_id);
  client.stop_point = pb_sim_learner_get_stop_point (self, context->stop_percent);

  return create_account (&client, self, error) &&
         sign_in (&client, error) &&
         (self->birthdate == NULL || reconcile (&client, self, error)) &&
         play_campaign (&client, self, error);
}

/**
 * pb_sim_campaign_lookup:
 * @code: a campaign code, as the learner types it
 * @campaign: (out caller-allocates): the campaign
 *
 * Looks the campaign up the way a learner's app does before joining it,
 * with the public `GET /api/campaigns?filter[code]=`.
 *
 * Returns: %FALSE with #PB_SIMULATOR_ERROR_CAMPAIGN when no campaign has
 *   this code or it is archived, another error when the server cannot be
 *   reached or answers otherwise
 */
gboolean
pb_sim_campaign_lookup (SoupSession    *session,
                        const char     *base_url,
                        const char     *code,
                        PbSimCampaign  *campaign,
                        GCancellable   *cancellable,
                        GError        **error)
{
  PbSimContext context = { .base_url = base_url };
  g_auto(PbSimLearnerResult) result = { 0 };
  g_auto(Client) client = { 0 };
  g_auto(Reply) reply = { 0 };
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/campaigns?filter%%5Bcode%%5D=%s", escaped);
  JsonObject *attributes;
  const char *type;

  client.session = session;
  client.context = &context;
  client.result = &result;
  client.cancellable = cancellable;

  if (!exchange (&client, "GET", path, JSONAPI_TYPE, NULL, FALSE, &reply, error))
    return FALSE;

  if (reply.status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_CAMPAIGN,
                   "No campaign has the code “%s” on %s.", code, base_url);
      return FALSE;
    }
  if (!check_success (&client, "GET", path, &reply, error))
    return FALSE;

  attributes = get_object (reply_data (&reply), "attributes");
  type = get_string (attributes, "type");
  if (get_string (attributes, "code") == NULL || type == NULL)
    return fail_protocol (&client, "GET", path, &reply, "The campaign has no code or no type.", error);
  if (get_boolean (attributes, "is-archived"))
    {
      g_set_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_CAMPAIGN,
                   "The campaign %s is archived: nobody can join it.", get_string (attributes, "code"));
      return FALSE;
    }

  campaign->code = g_strdup (get_string (attributes, "code"));
  campaign->profiles_collection = g_strcmp0 (type, "PROFILES_COLLECTION") == 0;
  campaign->external_id_label = g_strdup (get_string (attributes, "external-id-label"));
  campaign->external_id_is_email = g_strcmp0 (get_string (attributes, "external-id-type"), "EMAIL") == 0;
  return TRUE;
}

void
pb_sim_campaign_clear (PbSimCampaign *campaign)
{
  g_clear_pointer (&campaign->code, g_free);
  g_clear_pointer (&campaign->external_id_label, g_free);
}

void
pb_sim_learner_result_clear (PbSimLearnerResult *result)
{
  g_clear_pointer (&result->error_request, g_free);
  g_clear_pointer (&result->error_code, g_free);
  g_clear_pointer (&result->error_detail, g_free);
}
