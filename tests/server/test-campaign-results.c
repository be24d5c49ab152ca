/* test-campaign-results.c
 *
 * What teachers read of a campaign, over real HTTP (pix-domain §5.4, §6):
 * who takes part and where they are (participants-activity), the shared
 * results (assessment-results, profiles-collection-participations), the
 * class's results per competence and per tube (collective-results), both
 * CSV exports, and what the changes feed carries of it all. Learners play
 * the real adaptive test with known answer patterns (all right, all
 * wrong, alternating, one answer and no more), in a school that imports
 * its pupils (org A: Classe columns) and in a university that does not
 * (skill columns). Every expected number is worked out here from what the
 * learners themselves see (their participations and scorecards) and from
 * the target profile as the API describes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-campaign-export.h"
#include "pb-content.h"
#include "pb-test-learner.h"
#include "pb-test-siecle.h"

#define COLLEGE "tp-decouverte-college"
#define INSERTION "tp-insertion-professionnelle"
#define EXTERNAL_ID_LABEL "Numéro de dossier"
#define UTF8_BOM "\xEF\xBB\xBF"
#define N_COMPETENCES 16
#define CERTIFIABLE_COMPETENCES 5

/* pix-domain §2.1: the competences and the areas, as the exports title
 * their columns, in framework order. */
static const struct
{
  const char *index;
  const char *name;
} competences[N_COMPETENCES] = {
  { "1.1", "Mener une recherche et une veille d'information" },
  { "1.2", "Gérer des données" },
  { "1.3", "Traiter des données" },
  { "2.1", "Interagir" },
  { "2.2", "Partager et publier" },
  { "2.3", "Collaborer" },
  { "2.4", "S'insérer dans le monde numérique" },
  { "3.1", "Développer des documents textuels" },
  { "3.2", "Développer des documents multimédia" },
  { "3.3", "Adapter les documents à leur finalité" },
  { "3.4", "Programmer" },
  { "4.1", "Sécuriser l'environnement numérique" },
  { "4.2", "Protéger les données personnelles et la vie privée" },
  { "4.3", "Protéger la santé, le bien-être et l'environnement" },
  { "5.1", "Résoudre des problèmes techniques" },
  { "5.2", "Construire un environnement numérique" },
};

static const char * const area_titles[] = {
  NULL,
  "Information et données",
  "Communication et collaboration",
  "Création de contenu",
  "Protection et sécurité",
  "Environnement numérique",
};

static guint
competence_position (const char *index)
{
  for (guint i = 0; i < N_COMPETENCES; i++)
    if (g_str_equal (competences[i].index, index))
      return i;
  g_assert_not_reached ();
}

static const char *
competence_name (const char *index)
{
  return competences[competence_position (index)].name;
}

/* "1.2" is in area 1. */
static guint
area_of (const char *index)
{
  g_assert_true (index[0] >= '1' && index[0] <= '5');
  return (guint)(index[0] - '0');
}

/* ------------------------------------------------------------------ */
/* Requests                                                            */

static void
get_path (Api         *api,
          ApiResponse *response,
          const char  *token,
          const char  *format,
          ...) G_GNUC_PRINTF (4, 5);

static void
get_path (Api         *api,
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
  api_send (api, response, "GET", path, token, NULL, NULL, NULL);
  if (response->status != 200 && response->status != 404 && response->status != 409)
    g_test_message ("GET %s: %u %.*s", path, response->status, (int)g_bytes_get_size (response->body),
                    (const char *)g_bytes_get_data (response->body, NULL));
}

static JsonObject *
attributes_of (JsonObject *resource)
{
  return json_object_get_object_member (resource, "attributes");
}

static const char *
related_id (JsonObject *resource,
            const char *name)
{
  JsonObject *relationship = json_object_get_object_member (json_object_get_object_member (resource, "relationships"),
                                                            name);

  if (json_object_get_null_member (relationship, "data"))
    return NULL;
  return json_object_get_string_member (json_object_get_object_member (relationship, "data"), "id");
}

/* "2026-11-22" of "2026-11-22T08:18:48.439Z" */
static char *
date_part (const char *timestamp)
{
  g_assert_nonnull (timestamp);
  g_assert_cmpuint (strlen (timestamp), >=, 10);
  return g_strndup (timestamp, 10);
}

/* A moment retry-delay-days (4) and more ago, as the server writes times. */
static char *
long_ago (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -30);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%S.000Z");
}

static void
age_shares (Api        *api,
            const char *campaign)
{
  g_autofree char *then = long_ago ();
  g_autofree char *sql = g_strdup_printf ("UPDATE campaign_participations SET shared_at = '%s' "
                                          "WHERE campaign_id = '%s' AND shared_at IS NOT NULL", then, campaign);

  fixture_exec (&api->fixture, sql);
}

/* ------------------------------------------------------------------ */
/* The target profile, as the API describes it                         */

typedef struct
{
  char      *name;
  gint64     skills_count;
  GPtrArray *competences;  /* of char *: indices, in framework order */
  GPtrArray *tubes;        /* of char *: tube names, in framework order */
  GPtrArray *skills;       /* of char *: skill names, in framework order */
  GPtrArray *skill_tubes;  /* of char *: the tube of each skill */
} Profile;

static void
profile_clear (Profile *profile)
{
  g_clear_pointer (&profile->name, g_free);
  g_clear_pointer (&profile->competences, g_ptr_array_unref);
  g_clear_pointer (&profile->tubes, g_ptr_array_unref);
  g_clear_pointer (&profile->skills, g_ptr_array_unref);
  g_clear_pointer (&profile->skill_tubes, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Profile, profile_clear)

/* The skills of a tube up to its max-level are those of the framework's
 * tube (their levels have gaps); their count must be the profile's
 * skills-count. */
static void
profile_load (Api        *api,
              const char *organization,
              const char *id,
              Profile    *profile)
{
  g_auto(ApiResponse) response = { 0 };
  PbFramework *framework = pb_content_get_framework ();
  JsonObject *attributes = NULL;
  JsonArray *profiles, *list;

  get_path (api, &response, api->admin_a, "/api/organizations/%s/target-profiles", organization);
  g_assert_cmpuint (response.status, ==, 200);
  profiles = api_data_array (&response);
  for (guint i = 0; i < json_array_get_length (profiles); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (profiles, i), "id"), id))
      attributes = attributes_of (json_array_get_object_element (profiles, i));
  g_assert_nonnull (attributes);

  profile->name = g_strdup (json_object_get_string_member (attributes, "name"));
  profile->skills_count = json_object_get_int_member (attributes, "skills-count");
  profile->competences = g_ptr_array_new_with_free_func (g_free);
  profile->tubes = g_ptr_array_new_with_free_func (g_free);
  profile->skills = g_ptr_array_new_with_free_func (g_free);
  profile->skill_tubes = g_ptr_array_new_with_free_func (g_free);

  list = json_object_get_array_member (attributes, "competences");
  for (guint i = 0; i < json_array_get_length (list); i++)
    g_ptr_array_add (profile->competences, g_strdup (json_array_get_string_element (list, i)));

  list = json_object_get_array_member (attributes, "tubes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      const PbTube *tube = pb_framework_lookup_tube (framework, json_object_get_string_member (entry, "name"));
      gint64 max_level = json_object_get_int_member (entry, "max-level");

      g_assert_nonnull (tube);
      g_assert_true (g_ptr_array_find_with_equal_func (profile->competences,
                                                       json_object_get_string_member (entry, "competence-index"),
                                                       g_str_equal, NULL));
      g_ptr_array_add (profile->tubes, g_strdup (tube->name));
      for (guint s = 0; s < tube->skills->len; s++)
        {
          const PbSkill *skill = g_ptr_array_index (tube->skills, s);

          if (skill->level > max_level)
            continue;
          g_ptr_array_add (profile->skills, g_strdup (skill->name));
          g_ptr_array_add (profile->skill_tubes, g_strdup (tube->name));
        }
    }
  g_assert_cmpint (profile->skills_count, >, 0);
  g_assert_cmpint (profile->skills->len, ==, profile->skills_count);
}

/* ------------------------------------------------------------------ */
/* Learners                                                            */

#define PUPIL(ine, last, first, birthdate, division) \
  { NULL, ine, last, NULL, first, NULL, NULL, birthdate, "2", "100", "075", "75115", "Paris", \
    "10010012110", "ST", division, NULL }

/* By last name: the order of every list and export. Fabre never joins. */
static const TestPupil pupils[] = {
  PUPIL ("123456789AA", "Arnaud", "Zoé", "14/03/2013", "6A"),
  PUPIL ("123456789AB", "Bernard", "Noël", "02/07/2013", "6A"),
  PUPIL ("123456789AC", "Carpentier", "Léa", "21/11/2012", "5B"),
  PUPIL ("123456789AD", "Durand", "Maël", "05/01/2012", "5B"),
  PUPIL ("123456789AE", "Fabre", "Inès", "30/09/2013", "6A"),
};

typedef enum
{
  RIGHT,        /* every answer right, shares */
  WRONG,        /* every answer wrong, shares */
  ALTERNATING,  /* right, wrong, right…: finishes; shares in the university only */
  STARTED,      /* one answer, then stops */
  N_LEARNERS
} Pattern;

static const char * const usernames[N_LEARNERS] = { "zoe.arnaud", "noel.bernard", "lea.carpentier", "mael.durand" };
static const char * const external_ids[N_LEARNERS] = { "D-001", "D-002", "D-003", "D-004" };

typedef struct
{
  const TestPupil *pupil;
  char            *token;
  char            *user_id;
  char            *learner_id;     /* the organization learner */
  char            *participation;  /* the current one in the campaign under test */
  char            *assessment;
} Learner;

static void
learners_clear (Learner *learners)
{
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      g_free (learners[i].token);
      g_free (learners[i].user_id);
      g_free (learners[i].learner_id);
      g_free (learners[i].participation);
      g_free (learners[i].assessment);
    }
}

static gboolean
answer_alternately (guint              n,
                    const PbChallenge *challenge,
                    gpointer           user_data)
{
  return n % 2 == 0;
}

static void
sign_up_all (Api     *api,
             Learner *learners)
{
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      learners[i].pupil = &pupils[i];
      learners[i].token = learner_sign_up (api, pupils[i].first_name, pupils[i].last_name, usernames[i],
                                           &learners[i].user_id);
    }
}

static void
import_pupils (Api *api)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) file = pb_test_siecle_xml (API_UAI_A, "UTF-8", pupils, G_N_ELEMENTS (pupils));
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml",
                                           api->org_a);

  api_send (api, &response, "POST", path, api->admin_a, "application/xml", file, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (api_attributes (&response), "created"), ==, G_N_ELEMENTS (pupils));
}

/* Links the learner's account to the pupil (§7.5). */
static void
associate (Api        *api,
           Learner    *learner,
           const char *code)
{
  g_auto(ApiResponse) response = { 0 };
  g_auto(GStrv) date = g_strsplit (learner->pupil->birthdate, "/", 3);
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": "
                          "{\"first-name\": \"%s\", \"last-name\": \"%s\", \"birthdate\": \"%s-%s-%s\", "
                          "\"campaign-code\": \"%s\"}}}", learner->pupil->first_name, learner->pupil->last_name,
                          date[2], date[1], date[0], code);
  api_send_json (api, &response, "POST", "/api/sco-organization-learners/association", learner->token, json, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "user-id"), ==, learner->user_id);
  g_assert_cmpstr (json_object_get_string_member (api_attributes (&response), "national-student-id"), ==,
                   learner->pupil->ine);
  g_free (learner->learner_id);
  learner->learner_id = g_strdup (json_object_get_string_member (api_data (&response), "id"));
}

/* Joins with @external_id (NULL: none); records the participation, its
 * organization learner and its assessment. */
static void
join (Api        *api,
      Learner    *learner,
      const char *code,
      const char *external_id)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *extra = external_id != NULL ? g_strdup_printf (", \"participant-external-id\": \"%s\"", external_id)
                                               : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", \"attributes\": "
                                           "{\"campaign-code\": \"%s\"%s}}}", code, extra);
  const char *assessment;

  api_send_json (api, &response, "POST", "/api/campaign-participations", learner->token, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  g_free (learner->participation);
  g_free (learner->assessment);
  learner->participation = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  assessment = related_id (api_data (&response), "assessment");
  learner->assessment = g_strdup (assessment);
  if (learner->learner_id == NULL)
    learner->learner_id = g_strdup (related_id (api_data (&response), "organization-learner"));
  g_assert_cmpstr (related_id (api_data (&response), "organization-learner"), ==, learner->learner_id);
}

/* Answers the first challenge right, and stops there. */
static void
answer_once (Api     *api,
             Learner *learner)
{
  g_auto(ApiResponse) next = { 0 };
  g_auto(ApiResponse) answer = { 0 };
  g_autofree char *value = NULL;
  g_autofree char *json = NULL;
  const PbChallenge *challenge;

  get_path (api, &next, learner->token, "/api/assessments/%s/next-challenge", learner->assessment);
  g_assert_cmpuint (next.status, ==, 200);
  challenge = pb_challenge_bank_lookup (pb_content_get_bank (),
                                        json_object_get_string_member (api_data (&next), "id"));
  g_assert_nonnull (challenge);
  value = pb_challenge_get_right_answer (challenge);
  json = g_strdup_printf ("{\"data\": {\"type\": \"answers\", \"attributes\": {\"value\": \"%s\"}, "
                          "\"relationships\": {\"assessment\": {\"data\": {\"type\": \"assessments\", \"id\": \"%s\"}}, "
                          "\"challenge\": {\"data\": {\"type\": \"challenges\", \"id\": \"%s\"}}}}}",
                          value, learner->assessment, challenge->id);
  api_send_json (api, &answer, "POST", "/api/answers", learner->token, json, NULL);
  g_assert_cmpuint (answer.status, ==, 201);
}

static void
play (Api     *api,
      Learner *learner,
      Pattern  pattern)
{
  static const AnswerChoice choices[] = { answer_always_right, answer_always_wrong, answer_alternately };

  if (pattern == STARTED)
    answer_once (api, learner);
  else
    g_assert_cmpuint (learner_play (api, learner->token, learner->assessment, choices[pattern], NULL), >, 0);
}

/* A competence evaluation (outside any campaign), played to its end. */
static void
evaluate (Api          *api,
          Learner      *learner,
          const char   *index,
          AnswerChoice  choice)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"competence-evaluations\", "
                                           "\"attributes\": {\"competence-index\": \"%s\"}}}", index);

  api_send_json (api, &response, "POST", "/api/competence-evaluations/start-or-resume", learner->token, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  learner_play (api, learner->token, related_id (api_data (&response), "assessment"), choice, NULL);
}

/* The learner's own view of the participation. */
static void
read_participation (Api         *api,
                    ApiResponse *response,
                    Learner     *learner)
{
  get_path (api, response, learner->token, "/api/campaign-participations/%s", learner->participation);
  g_assert_cmpuint (response->status, ==, 200);
}

/* The learner's whole profile now, from their own scorecards (§3.3, §3.4). */
typedef struct
{
  gint64 pix[N_COMPETENCES];
  gint64 level[N_COMPETENCES];
  gint64 total;
  guint  certifiable_count;
} Scores;

static void
read_scores (Api     *api,
             Learner *learner,
             Scores  *scores)
{
  g_auto(ApiResponse) response = { 0 };
  JsonArray *cards;

  memset (scores, 0, sizeof *scores);
  get_path (api, &response, learner->token, "/api/users/%s/scorecards", learner->user_id);
  g_assert_cmpuint (response.status, ==, 200);
  cards = api_data_array (&response);
  g_assert_cmpuint (json_array_get_length (cards), ==, N_COMPETENCES);
  for (guint i = 0; i < N_COMPETENCES; i++)
    {
      JsonObject *attributes = attributes_of (json_array_get_object_element (cards, i));
      guint position = competence_position (json_object_get_string_member (attributes, "competence-index"));

      scores->pix[position] = json_object_get_int_member (attributes, "earned-pix");
      scores->level[position] = json_object_get_int_member (attributes, "level");
      scores->total += scores->pix[position];
      scores->certifiable_count += scores->level[position] >= 1;
    }
}

static gboolean
is_certifiable (const Scores *scores)
{
  return scores->certifiable_count >= CERTIFIABLE_COMPETENCES;
}

/* From a shared participation's results: validated skills of a competence. */
static gint64
validated_in (JsonObject *participation,
              const char *index)
{
  JsonArray *list = json_object_get_array_member (json_object_get_object_member (participation, "results"),
                                                  "competences");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (g_str_equal (json_object_get_string_member (entry, "index"), index))
        return json_object_get_int_member (entry, "validated-skills");
    }
  g_assert_not_reached ();
}

/* "validated", "invalidated" or NULL (not tested) */
static const char *
skill_result (JsonObject *participation,
              const char *skill)
{
  JsonObject *skills = json_object_get_object_member (json_object_get_object_member (participation, "results"),
                                                      "skills");

  return json_object_get_string_member_with_default (skills, skill, NULL);
}

/* ------------------------------------------------------------------ */
/* The changes feed                                                    */

/* Every change of @organization after *@cursor (NULL: from the start),
 * "type/id" → resource, the latest of each; *@cursor moves on. */
static GHashTable *
read_changes (Api         *api,
              const char  *organization,
              char       **cursor)
{
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_node_unref);

  for (guint page = 0; page < 100; page++)
    {
      g_auto(ApiResponse) response = { 0 };
      g_autofree char *escaped = *cursor != NULL ? g_uri_escape_string (*cursor, NULL, FALSE) : NULL;
      JsonObject *meta;
      JsonArray *data;

      get_path (api, &response, api->admin_a, "/api/organizations/%s/changes?limit=1000%s%s", organization,
                escaped != NULL ? "&cursor=" : "", escaped != NULL ? escaped : "");
      g_assert_cmpuint (response.status, ==, 200);
      data = api_data_array (&response);
      for (guint i = 0; i < json_array_get_length (data); i++)
        {
          JsonNode *node = json_array_get_element (data, i);
          JsonObject *resource = json_node_get_object (node);

          g_hash_table_replace (changes, g_strconcat (json_object_get_string_member (resource, "type"), "/",
                                                      json_object_get_string_member (resource, "id"), NULL),
                                json_node_copy (node));
        }
      meta = json_object_get_object_member (json_node_get_object (response.json), "meta");
      g_free (*cursor);
      *cursor = g_strdup (json_object_get_string_member (meta, "next-cursor"));
      if (!json_object_get_boolean_member (meta, "has-more"))
        return changes;
    }
  g_assert_not_reached ();
}

/* The changed resource, or NULL when it did not change. */
static JsonObject *
changed (GHashTable *changes,
         const char *type,
         const char *id)
{
  g_autofree char *key = g_strconcat (type, "/", id, NULL);
  JsonNode *node = g_hash_table_lookup (changes, key);

  return node != NULL ? json_node_get_object (node) : NULL;
}

static const char *
changed_status (GHashTable *changes,
                const char *participation)
{
  JsonObject *resource = changed (changes, "campaign-participations", participation);

  g_assert_nonnull (resource);
  return json_object_get_string_member (attributes_of (resource), "status");
}

/* The learner's 16 shared scorecards in the feed: what the learner's own
 * scorecards say, the sum being the organization learner's pix. */
static void
assert_shared_scorecards (GHashTable   *changes,
                          Learner      *learner,
                          const Scores *scores,
                          const char   *shared_at)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;
  gint64 total = 0;

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *resource = json_node_get_object (value);
      JsonObject *attributes;
      g_autofree char *id = NULL;
      guint position;

      if (!g_str_has_prefix (key, "scorecards/") ||
          g_strcmp0 (related_id (resource, "organization-learner"), learner->learner_id) != 0)
        continue;
      attributes = attributes_of (resource);
      position = competence_position (json_object_get_string_member (attributes, "competence-index"));
      id = g_strdup_printf ("%s_%s", learner->learner_id, competences[position].index);
      g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, id);
      g_assert_cmpint (json_object_get_int_member (attributes, "earned-pix"), ==, scores->pix[position]);
      g_assert_cmpint (json_object_get_int_member (attributes, "level"), ==, scores->level[position]);
      g_assert_cmpstr (json_object_get_string_member (attributes, "shared-at"), ==, shared_at);
      total += json_object_get_int_member (attributes, "earned-pix");
      n++;
    }
  g_assert_cmpuint (n, ==, N_COMPETENCES);
  g_assert_cmpint (total, ==, scores->total);
}

static guint
count_scorecards (GHashTable *changes,
                  const char *learner_id)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "scorecards/") &&
        g_strcmp0 (related_id (json_node_get_object (value), "organization-learner"), learner_id) == 0)
      n++;
  return n;
}

/* The organization learner in the feed after a share: the profile's pix
 * and certifiability (§3.4), certifiable since that share. */
static void
assert_shared_learner (GHashTable   *changes,
                       Learner      *learner,
                       const Scores *scores,
                       const char   *shared_at)
{
  JsonObject *resource = changed (changes, "organization-learners", learner->learner_id);
  JsonObject *attributes;

  g_assert_nonnull (resource);
  attributes = attributes_of (resource);
  g_assert_cmpstr (json_object_get_string_member (attributes, "user-id"), ==, learner->user_id);
  g_assert_cmpint (json_object_get_int_member (attributes, "pix-score"), ==, scores->total);
  g_assert_cmpint (json_object_get_boolean_member (attributes, "is-certifiable"), ==, is_certifiable (scores));
  if (is_certifiable (scores))
    g_assert_cmpstr (json_object_get_string_member (attributes, "certifiable-at"), ==, shared_at);
  else
    g_assert_null (json_object_get_string_member (attributes, "certifiable-at"));
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

/* The last names of a page, "Arnaud,Bernard"; checks the paging meta
 * against @row_count. */
static char *
list_names (Api         *api,
            ApiResponse *response,
            const char  *token,
            gint64       row_count,
            const char  *format,
            ...) G_GNUC_PRINTF (5, 6);

static char *
list_names (Api         *api,
            ApiResponse *response,
            const char  *token,
            gint64       row_count,
            const char  *format,
            ...)
{
  g_autofree char *path = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *data;
  va_list args;

  va_start (args, format);
  path = g_strdup_vprintf (format, args);
  va_end (args);
  get_path (api, response, token, "%s", path);
  g_assert_cmpuint (response->status, ==, 200);
  data = api_data_array (response);
  for (guint i = 0; i < json_array_get_length (data); i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "," : "",
                            json_object_get_string_member (attributes_of (json_array_get_object_element (data, i)),
                                                           "last-name"));
  g_assert_cmpint (api_meta_int (response, "rowCount"), ==, row_count);
  return g_strdup (names->str);
}

/* The row of @id in a list. */
static JsonObject *
row_of (ApiResponse *response,
        const char  *id)
{
  JsonArray *data = api_data_array (response);

  for (guint i = 0; i < json_array_get_length (data); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (data, i), "id"), id))
      return json_array_get_object_element (data, i);
  g_assert_not_reached ();
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

typedef struct
{
  GPtrArray *header;  /* of char * */
  GPtrArray *rows;    /* of GPtrArray of char * */
} Csv;

static void
csv_clear (Csv *csv)
{
  g_clear_pointer (&csv->header, g_ptr_array_unref);
  g_clear_pointer (&csv->rows, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Csv, csv_clear)

/* Reads the export as §6 writes it: UTF-8 with a BOM, every cell quoted
 * ("" inside), ";" between cells, "\n" after each row, and checks that
 * every row has the header's cells. */
static void
csv_parse (GBytes *body,
           Csv    *csv)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  const char *p = data + strlen (UTF8_BOM);
  const char *end = data + size;
  GPtrArray *row = NULL;

  g_assert_cmpuint (size, >, strlen (UTF8_BOM));
  g_assert_true (memcmp (data, UTF8_BOM, strlen (UTF8_BOM)) == 0);
  g_assert_true (g_utf8_validate (data, (gssize)size, NULL));
  g_assert_true (end[-1] == '\n');
  csv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  while (p < end)
    {
      g_autoptr(GString) cell = g_string_new (NULL);

      if (row == NULL)
        row = g_ptr_array_new_with_free_func (g_free);
      g_assert_cmpint (*p, ==, '"');
      for (p++; ; p++)
        {
          g_assert_true (p < end);
          if (*p == '"' && p + 1 < end && p[1] == '"')
            g_string_append_c (cell, *p++);
          else if (*p == '"')
            break;
          else
            g_string_append_c (cell, *p);
        }
      p++;
      g_ptr_array_add (row, g_strdup (cell->str));
      g_assert_true (p < end && (*p == ';' || *p == '\n'));
      if (*p++ == ';')
        continue;
      if (csv->header == NULL)
        csv->header = row;
      else
        {
          g_assert_cmpuint (row->len, ==, csv->header->len);
          g_ptr_array_add (csv->rows, row);
        }
      row = NULL;
    }
  g_assert_null (row);
  g_assert_nonnull (csv->header);
}

static guint
column (Csv        *csv,
        const char *title)
{
  guint position;

  if (!g_ptr_array_find_with_equal_func (csv->header, title, g_str_equal, &position))
    g_error ("No column “%s” in the export", title);
  return position;
}

static const char *
cell (Csv        *csv,
      guint       row,
      const char *title)
{
  g_assert_cmpuint (row, <, csv->rows->len);
  return g_ptr_array_index ((GPtrArray *)g_ptr_array_index (csv->rows, row), column (csv, title));
}

/* The whole first line, as the server wrote it, against @titles. */
static void
assert_header (GBytes    *body,
               GPtrArray *titles)
{
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  const char *newline = memchr (data, '\n', size);
  g_autofree char *line = NULL;
  g_autoptr(GString) expected = g_string_new (UTF8_BOM);

  g_assert_nonnull (newline);
  line = g_strndup (data, (gsize)(newline - data));
  for (guint i = 0; i < titles->len; i++)
    g_string_append_printf (expected, "%s\"%s\"", i > 0 ? ";" : "", (const char *)g_ptr_array_index (titles, i));
  g_assert_cmpstr (line, ==, expected->str);
}

/* "Resultats-{name}-{id}-{YYYY-MM-DD-HHmm}.csv", the time French
 * (Europe/Berlin), taken between @before and @after. */
static void
assert_file_name (ApiResponse *response,
                  const char  *campaign_name,
                  const char  *campaign_id,
                  GDateTime   *before,
                  GDateTime   *after)
{
  const char *disposition = api_header (response, "Content-Disposition");
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) local_before = NULL;
  g_autoptr(GDateTime) local_after = NULL;
  g_autofree char *stamp_before = NULL;
  g_autofree char *stamp_after = NULL;
  g_autofree char *name_before = NULL;
  g_autofree char *name_after = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *decoded = NULL;
  const char *star;
  const char *quote;

  if (zone == NULL)
    zone = g_time_zone_new_offset (pb_campaign_export_get_central_european_offset (before));
  local_before = g_date_time_to_timezone (before, zone);
  local_after = g_date_time_to_timezone (after, zone);
  stamp_before = g_date_time_format (local_before, "%Y-%m-%d-%H%M");
  stamp_after = g_date_time_format (local_after, "%Y-%m-%d-%H%M");
  name_before = g_strdup_printf ("Resultats-%s-%s-%s.csv", campaign_name, campaign_id, stamp_before);
  name_after = g_strdup_printf ("Resultats-%s-%s-%s.csv", campaign_name, campaign_id, stamp_after);

  g_assert_nonnull (disposition);
  g_test_message ("Content-Disposition: %s", disposition);
  g_assert_true (g_str_has_prefix (disposition, "attachment; filename=\""));
  /* The name in UTF-8 (RFC 6266 filename*) */
  star = strstr (disposition, "filename*=UTF-8''");
  g_assert_nonnull (star);
  encoded = g_strdup (star + strlen ("filename*=UTF-8''"));
  decoded = g_uri_unescape_string (encoded, NULL);
  g_assert_nonnull (decoded);
  if (!g_str_equal (decoded, name_before))
    g_assert_cmpstr (decoded, ==, name_after);
  /* and its plain ASCII fallback */
  quote = strchr (disposition + strlen ("attachment; filename=\""), '"');
  g_assert_nonnull (quote);
  ascii = g_strndup (disposition + strlen ("attachment; filename=\""),
                     (gsize)(quote - disposition) - strlen ("attachment; filename=\""));
  {
    g_autofree char *expected = g_str_to_ascii (decoded, "C");

    g_assert_cmpstr (ascii, ==, expected);
  }
}

/* GETs an export; checks status, type, name, BOM, and parses it. */
static void
get_export (Api         *api,
            ApiResponse *response,
            Csv         *csv,
            const char  *kind,
            const char  *campaign,
            const char  *campaign_name)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;

  get_path (api, response, api->admin_a, "/api/campaigns/%s/csv-%s", campaign, kind);
  after = g_date_time_new_now_utc ();
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (g_str_has_prefix (api_header (response, "Content-Type"), "text/csv"));
  assert_file_name (response, campaign_name, campaign, before, after);
  csv_parse (response->body, csv);
}

/* Pix's rates: @numerator / @denominator rounded half up to 2 decimals,
 * no trailing zeros ("1", "0.5", "0.67"). */
static char *
rate_text (gint64 numerator,
           gint64 denominator)
{
  gint64 hundredths = (200 * numerator + denominator) / (2 * denominator);

  if (hundredths % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, hundredths / 100);
  if (hundredths % 10 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT, hundredths / 100, (hundredths % 100) / 10);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, hundredths / 100, hundredths % 100);
}

/* §6.1's header for @profile: the school's Classe, the external id's
 * label, and the skill columns outside schools. */
static GPtrArray *
assessment_header (Profile    *profile,
                   gboolean    school,
                   const char *external_id_label)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  const char * const fixed[] = {
    "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Parcours", "Nom du Participant",
    "Prénom du Participant",
  };
  guint area = 0;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (titles, g_strdup (fixed[i]));
  if (school)
    g_ptr_array_add (titles, g_strdup ("Classe"));
  if (external_id_label != NULL)
    g_ptr_array_add (titles, g_strdup (external_id_label));
  g_ptr_array_add (titles, g_strdup ("% de progression"));
  g_ptr_array_add (titles, g_strdup ("Date de début"));
  g_ptr_array_add (titles, g_strdup ("Partage (O/N)"));
  g_ptr_array_add (titles, g_strdup ("Date du partage"));
  g_ptr_array_add (titles, g_strdup ("% maitrise de l'ensemble des acquis du profil"));
  for (guint i = 0; i < profile->competences->len; i++)
    {
      const char *name = competence_name (g_ptr_array_index (profile->competences, i));

      g_ptr_array_add (titles, g_strdup_printf ("%% de maitrise des acquis de la compétence %s", name));
      g_ptr_array_add (titles, g_strdup_printf ("Nombre d'acquis du profil cible dans la compétence %s", name));
      g_ptr_array_add (titles, g_strdup_printf ("Acquis maitrisés dans la compétence %s", name));
    }
  for (guint i = 0; i < profile->competences->len; i++)
    {
      guint next = area_of (g_ptr_array_index (profile->competences, i));
      const char *title = area_titles[next];

      if (next == area)
        continue;
      g_assert_cmpuint (next, >, area);
      area = next;
      g_ptr_array_add (titles, g_strdup_printf ("%% de maitrise des acquis du domaine %s", title));
      g_ptr_array_add (titles, g_strdup_printf ("Nombre d'acquis du profil cible du domaine %s", title));
      g_ptr_array_add (titles, g_strdup_printf ("Acquis maitrisés du domaine %s", title));
    }
  if (!school)
    for (guint i = 0; i < profile->skills->len; i++)
      g_ptr_array_add (titles, g_strdup (g_ptr_array_index (profile->skills, i)));
  return titles;
}

/* §6.2's header. */
static GPtrArray *
profiles_header (gboolean school)
{
  GPtrArray *titles = g_ptr_array_new_with_free_func (g_free);
  const char * const fixed[] = {
    "Nom de l'organisation", "ID Campagne", "Code", "Nom de la campagne", "Nom du Participant",
    "Prénom du Participant",
  };
  const char * const results[] = {
    "Envoi (O/N)", "Date de l'envoi", "Nombre de pix total", "Certifiable (O/N)", "Nombre de compétences certifiables",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (titles, g_strdup (fixed[i]));
  if (school)
    g_ptr_array_add (titles, g_strdup ("Classe"));
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    g_ptr_array_add (titles, g_strdup (results[i]));
  for (guint i = 0; i < N_COMPETENCES; i++)
    {
      g_ptr_array_add (titles, g_strdup_printf ("Niveau pour la compétence %s", competences[i].name));
      g_ptr_array_add (titles, g_strdup_printf ("Nombre de pix pour la compétence %s", competences[i].name));
    }
  return titles;
}

/* Skills of @profile in the competence @index, or in the area @area
 * (@index NULL). */
static gint64
profile_skills_in (Profile    *profile,
                   const char *index,
                   guint       area)
{
  PbFramework *framework = pb_content_get_framework ();
  gint64 n = 0;

  for (guint i = 0; i < profile->skills->len; i++)
    {
      const PbSkill *skill = pb_framework_lookup_skill (framework, g_ptr_array_index (profile->skills, i));
      const char *competence = skill->tube->competence->index;

      n += index != NULL ? g_str_equal (competence, index) : area_of (competence) == area;
    }
  return n;
}

/* One learner's row of an assessment export (§6.1). */
static void
assert_assessment_row (Api        *api,
                       Csv        *csv,
                       guint       row,
                       Learner    *learner,
                       Profile    *profile,
                       gboolean    school,
                       gboolean    shared,
                       gboolean    completed)
{
  g_auto(ApiResponse) response = { 0 };
  JsonObject *participation, *attributes;
  g_autofree char *started_on = NULL;
  gint64 validated;

  read_participation (api, &response, learner);
  participation = attributes = api_attributes (&response);
  started_on = date_part (json_object_get_string_member (attributes, "created-at"));

  g_assert_cmpstr (cell (csv, row, "Nom du Participant"), ==, learner->pupil->last_name);
  g_assert_cmpstr (cell (csv, row, "Prénom du Participant"), ==, learner->pupil->first_name);
  g_assert_cmpstr (cell (csv, row, "Parcours"), ==, profile->name);
  if (school)
    g_assert_cmpstr (cell (csv, row, "Classe"), ==, learner->pupil->division);
  else
    g_assert_cmpstr (cell (csv, row, EXTERNAL_ID_LABEL), ==,
                     json_object_get_string_member (attributes, "participant-external-id"));
  g_assert_cmpstr (cell (csv, row, "Date de début"), ==, started_on);
  g_assert_cmpstr (cell (csv, row, "Partage (O/N)"), ==, shared ? "Oui" : "Non");

  if (completed)
    g_assert_cmpstr (cell (csv, row, "% de progression"), ==, "1");
  else
    {
      double progression = g_ascii_strtod (cell (csv, row, "% de progression"), NULL);

      g_assert_cmpfloat (progression, >, 0.0);
      g_assert_cmpfloat (progression, <, 1.0);
    }

  if (!shared)
    {
      /* Every result column says "not available". */
      for (guint c = column (csv, "Date du partage"); c < csv->header->len; c++)
        if (c != column (csv, "Partage (O/N)"))
          g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (csv->rows, row), c), ==, "NA");
      return;
    }

  {
    g_autofree char *shared_on = date_part (json_object_get_string_member (attributes, "shared-at"));
    g_autofree char *mastery = NULL;

    validated = json_object_get_int_member (attributes, "validated-skills-count");
    mastery = rate_text (validated, profile->skills_count);
    g_assert_cmpstr (cell (csv, row, "Date du partage"), ==, shared_on);
    g_assert_cmpstr (cell (csv, row, "% maitrise de l'ensemble des acquis du profil"), ==, mastery);
  }

  for (guint i = 0; i < profile->competences->len; i++)
    {
      const char *index = g_ptr_array_index (profile->competences, i);
      const char *name = competence_name (index);
      g_autofree char *rate_title = g_strdup_printf ("%% de maitrise des acquis de la compétence %s", name);
      g_autofree char *targeted_title = g_strdup_printf ("Nombre d'acquis du profil cible dans la compétence %s", name);
      g_autofree char *validated_title = g_strdup_printf ("Acquis maitrisés dans la compétence %s", name);
      gint64 targeted = profile_skills_in (profile, index, 0);
      g_autofree char *targeted_text = g_strdup_printf ("%" G_GINT64_FORMAT, targeted);
      g_autofree char *validated_text = NULL;
      g_autofree char *rate = NULL;

      validated = validated_in (participation, index);
      validated_text = g_strdup_printf ("%" G_GINT64_FORMAT, validated);
      rate = rate_text (validated, targeted);
      g_assert_cmpstr (cell (csv, row, targeted_title), ==, targeted_text);
      g_assert_cmpstr (cell (csv, row, validated_title), ==, validated_text);
      g_assert_cmpstr (cell (csv, row, rate_title), ==, rate);
    }

  for (guint area = 1; area < G_N_ELEMENTS (area_titles); area++)
    {
      gint64 targeted = profile_skills_in (profile, NULL, area);
      g_autofree char *targeted_title = g_strdup_printf ("Nombre d'acquis du profil cible du domaine %s",
                                                         area_titles[area]);
      g_autofree char *validated_title = g_strdup_printf ("Acquis maitrisés du domaine %s", area_titles[area]);
      g_autofree char *targeted_text = g_strdup_printf ("%" G_GINT64_FORMAT, targeted);
      g_autofree char *validated_text = NULL;

      if (targeted == 0)
        continue;
      validated = 0;
      for (guint i = 0; i < profile->competences->len; i++)
        if (area_of (g_ptr_array_index (profile->competences, i)) == area)
          validated += validated_in (participation, g_ptr_array_index (profile->competences, i));
      validated_text = g_strdup_printf ("%" G_GINT64_FORMAT, validated);
      g_assert_cmpstr (cell (csv, row, targeted_title), ==, targeted_text);
      g_assert_cmpstr (cell (csv, row, validated_title), ==, validated_text);
    }

  if (!school)
    for (guint i = 0; i < profile->skills->len; i++)
      {
        const char *skill = g_ptr_array_index (profile->skills, i);
        const char *result = skill_result (participation, skill);

        g_assert_cmpstr (cell (csv, row, skill), ==,
                         g_strcmp0 (result, "validated") == 0 ? "OK" :
                         g_strcmp0 (result, "invalidated") == 0 ? "KO" : "Non testé");
      }
}

/* The columns every row of an export repeats. */
static void
assert_campaign_cells (Csv        *csv,
                       const char *organization_name,
                       const char *campaign,
                       const char *code,
                       const char *campaign_name)
{
  for (guint row = 0; row < csv->rows->len; row++)
    {
      g_assert_cmpstr (cell (csv, row, "Nom de l'organisation"), ==, organization_name);
      g_assert_cmpstr (cell (csv, row, "ID Campagne"), ==, campaign);
      g_assert_cmpstr (cell (csv, row, "Code"), ==, code);
      g_assert_cmpstr (cell (csv, row, "Nom de la campagne"), ==, campaign_name);
    }
}

static void
assert_wrong_export (Api        *api,
                     const char *campaign,
                     const char *kind)
{
  g_auto(ApiResponse) response = { 0 };

  get_path (api, &response, api->admin_a, "/api/campaigns/%s/csv-%s", campaign, kind);
  g_assert_cmpuint (response.status, ==, 409);
  g_assert_cmpstr (api_error_code (&response), ==, "WRONG_CAMPAIGN_TYPE");
}

/* ------------------------------------------------------------------ */
/* Results of an assessment campaign                                   */

/* The shared learners' rows: the mastery rate is validated / target
 * skills (§5.4), as each learner's participation says. */
static void
assert_assessment_results (Api      *api,
                           const char *campaign,
                           Profile  *profile,
                           Learner  *learners,
                           const gboolean *shared)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *names = NULL;
  gint64 n_shared = 0;

  for (guint i = 0; i < N_LEARNERS; i++)
    if (shared[i])
      {
        g_string_append_printf (expected, "%s%s", n_shared > 0 ? "," : "", learners[i].pupil->last_name);
        n_shared++;
      }
  names = list_names (api, &response, api->admin_a, n_shared, "/api/campaigns/%s/assessment-results", campaign);
  g_assert_cmpstr (names, ==, expected->str);

  for (guint i = 0; i < N_LEARNERS; i++)
    {
      g_auto(ApiResponse) own = { 0 };
      JsonObject *row, *mine;
      gint64 validated;

      if (!shared[i])
        continue;
      row = row_of (&response, learners[i].participation);
      g_assert_cmpstr (json_object_get_string_member (row, "type"), ==, "campaign-assessment-participation-results");
      read_participation (api, &own, &learners[i]);
      mine = api_attributes (&own);
      validated = json_object_get_int_member (mine, "validated-skills-count");
      g_assert_cmpint (json_object_get_int_member (attributes_of (row), "validated-skills-count"), ==, validated);
      g_assert_cmpint (json_object_get_int_member (attributes_of (row), "pix-score"), ==,
                       json_object_get_int_member (mine, "pix-score"));
      g_assert_cmpstr (json_object_get_string_member (attributes_of (row), "shared-at"), ==,
                       json_object_get_string_member (mine, "shared-at"));
      g_assert_cmpstr (json_object_get_string_member (attributes_of (row), "participant-external-id"), ==,
                       json_object_get_string_member (mine, "participant-external-id"));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (attributes_of (row), "mastery-rate"),
                                      (double)validated / (double)profile->skills_count, 1e-9);
    }
}

/* Per competence and per tube, the class's numbers are the sums of what
 * the shared participations hold. */
static void
assert_collective_results (Api        *api,
                           const char *campaign,
                           Profile    *profile,
                           Learner    *learners,
                           const gboolean *shared)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GPtrArray) participations = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);
  JsonObject *attributes;
  JsonArray *list;
  gint64 targeted_total = 0;
  double validated_total = 0;
  gint64 expected_total = 0;

  for (guint i = 0; i < N_LEARNERS; i++)
    if (shared[i])
      {
        g_auto(ApiResponse) own = { 0 };

        read_participation (api, &own, &learners[i]);
        g_ptr_array_add (participations, json_node_copy (json_object_get_member (api_data (&own), "attributes")));
        expected_total += json_object_get_int_member (api_attributes (&own), "validated-skills-count");
      }

  get_path (api, &response, api->admin_a, "/api/campaigns/%s/collective-results", campaign);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (api_data (&response), "type"), ==, "campaign-collective-results");
  attributes = api_attributes (&response);
  g_assert_cmpint (json_object_get_int_member (attributes, "shared-participations-count"), ==, participations->len);

  list = json_object_get_array_member (attributes, "competences");
  g_assert_cmpuint (json_array_get_length (list), ==, profile->competences->len);
  for (guint c = 0; c < json_array_get_length (list); c++)
    {
      JsonObject *entry = json_array_get_object_element (list, c);
      const char *index = json_object_get_string_member (entry, "competence-index");
      gint64 targeted = json_object_get_int_member (entry, "targeted-skills-count");
      gint64 validated = 0;

      g_assert_cmpstr (index, ==, g_ptr_array_index (profile->competences, c));
      g_assert_cmpstr (json_object_get_string_member (entry, "title"), ==, competence_name (index));
      g_assert_cmpint (targeted, ==, profile_skills_in (profile, index, 0));
      for (guint i = 0; i < participations->len; i++)
        validated += validated_in (json_node_get_object (g_ptr_array_index (participations, i)), index);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "average-validated-skills"),
                                      (double)validated / participations->len, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "mastery-rate"),
                                      (double)validated / (targeted * participations->len), 1e-9);
      targeted_total += targeted;
    }
  g_assert_cmpint (targeted_total, ==, profile->skills_count);

  list = json_object_get_array_member (attributes, "tubes");
  g_assert_cmpuint (json_array_get_length (list), ==, profile->tubes->len);
  targeted_total = 0;
  for (guint t = 0; t < json_array_get_length (list); t++)
    {
      JsonObject *entry = json_array_get_object_element (list, t);
      const char *tube = json_object_get_string_member (entry, "tube");
      gint64 targeted = 0, validated = 0;

      g_assert_cmpstr (tube, ==, g_ptr_array_index (profile->tubes, t));
      for (guint s = 0; s < profile->skills->len; s++)
        {
          if (!g_str_equal (g_ptr_array_index (profile->skill_tubes, s), tube))
            continue;
          targeted++;
          for (guint i = 0; i < participations->len; i++)
            validated += g_strcmp0 (skill_result (json_node_get_object (g_ptr_array_index (participations, i)),
                                                  g_ptr_array_index (profile->skills, s)), "validated") == 0;
        }
      g_assert_cmpint (json_object_get_int_member (entry, "targeted-skills-count"), ==, targeted);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "average-validated-skills"),
                                      (double)validated / participations->len, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "mastery-rate"),
                                      (double)validated / (targeted * participations->len), 1e-9);
      targeted_total += targeted;
      validated_total += json_object_get_double_member (entry, "average-validated-skills") * participations->len;
    }
  g_assert_cmpint (targeted_total, ==, profile->skills_count);
  /* Every validated target skill is in one tube: the sum of the
   * participations' validated-skills-count. */
  g_assert_cmpfloat_with_epsilon (validated_total, (double)expected_total, 1e-6);
}

/* Everything a results route answers someone who may not see it. */
static void
assert_results_hidden (Api        *api,
                       const char *token,
                       const char *campaign)
{
  static const char * const routes[] = {
    "participants-activity", "assessment-results", "profiles-collection-participations", "collective-results",
    "csv-assessment-results", "csv-profiles-collection-results",
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_auto(ApiResponse) response = { 0 };

      get_path (api, &response, token, "/api/campaigns/%s/%s", campaign, routes[i]);
      g_assert_cmpuint (response.status, ==, 404);
      g_assert_cmpstr (api_error_code (&response), ==, "NOT_FOUND");
      g_assert_null (api_header (&response, "Content-Disposition"));
    }
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

/* A school's assessment campaign: four reconciled pupils, one of each
 * pattern; the two who finish first share. */
static void
test_school_assessment (Api           *api,
                        gconstpointer  data)
{
  g_auto(Profile) profile = { NULL };
  Learner learners[N_LEARNERS] = { { NULL } };
  g_autofree char *campaign = NULL;
  g_autofree char *code = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_auto(Csv) csv = { NULL };
  g_autoptr(GPtrArray) header = NULL;
  const gboolean shared[N_LEARNERS] = { TRUE, TRUE, FALSE, FALSE };
  const gboolean after_retry[N_LEARNERS] = { TRUE, FALSE, FALSE, FALSE };
  static const char * const statuses[N_LEARNERS] = { "SHARED", "SHARED", "TO_SHARE", "STARTED" };
  Scores scores[N_LEARNERS];
  char *names;

  import_pupils (api);
  profile_load (api, api->org_a, COLLEGE, &profile);
  code = campaign_create (api, api->admin_a, api->org_a, "ASSESSMENT", COLLEGE, "\"multiple-sendings\": true",
                          &campaign);
  g_hash_table_unref (read_changes (api, api->org_a, &cursor));
  sign_up_all (api, learners);

  /* Reconciled: the feed carries each pupil with its account. */
  for (guint i = 0; i < N_LEARNERS; i++)
    associate (api, &learners[i], code);
  changes = read_changes (api, api->org_a, &cursor);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      JsonObject *resource = changed (changes, "organization-learners", learners[i].learner_id);

      g_assert_nonnull (resource);
      g_assert_cmpstr (json_object_get_string_member (attributes_of (resource), "user-id"), ==, learners[i].user_id);
      g_assert_true (json_object_get_null_member (attributes_of (resource), "pix-score"));
    }
  g_clear_pointer (&changes, g_hash_table_unref);

  /* Joined: STARTED; played: TO_SHARE, but for the one who stopped. */
  for (guint i = 0; i < N_LEARNERS; i++)
    join (api, &learners[i], code, NULL);
  changes = read_changes (api, api->org_a, &cursor);
  for (guint i = 0; i < N_LEARNERS; i++)
    g_assert_cmpstr (changed_status (changes, learners[i].participation), ==, "STARTED");
  g_clear_pointer (&changes, g_hash_table_unref);
  names = list_names (api, &response, api->member_a, 4, "/api/campaigns/%s/participants-activity", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier,Durand");
  g_free (names);

  for (guint i = 0; i < N_LEARNERS; i++)
    play (api, &learners[i], (Pattern)i);
  changes = read_changes (api, api->org_a, &cursor);
  for (guint i = 0; i < N_LEARNERS; i++)
    if (i == STARTED)
      g_assert_null (changed (changes, "campaign-participations", learners[i].participation));
    else
      g_assert_cmpstr (changed_status (changes, learners[i].participation), ==, "TO_SHARE");
  /* Answers are the learner's business: only the participations changed. */
  g_assert_cmpuint (g_hash_table_size (changes), ==, N_LEARNERS - 1);
  g_clear_pointer (&changes, g_hash_table_unref);

  /* Shared: the results, the learner's profile and 16 scorecards. */
  learner_share (api, learners[RIGHT].token, learners[RIGHT].participation);
  learner_share (api, learners[WRONG].token, learners[WRONG].participation);
  changes = read_changes (api, api->org_a, &cursor);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      g_auto(ApiResponse) own = { 0 };
      JsonObject *resource = changed (changes, "campaign-participations", learners[i].participation);

      read_scores (api, &learners[i], &scores[i]);
      if (!shared[i])
        {
          g_assert_null (resource);
          g_assert_null (changed (changes, "organization-learners", learners[i].learner_id));
          g_assert_cmpuint (count_scorecards (changes, learners[i].learner_id), ==, 0);
          continue;
        }
      read_participation (api, &own, &learners[i]);
      g_assert_nonnull (resource);
      g_assert_cmpstr (json_object_get_string_member (attributes_of (resource), "status"), ==, "SHARED");
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (attributes_of (resource), "results")));
      g_assert_cmpint (json_object_get_int_member (attributes_of (resource), "validated-skills-count"), ==,
                       json_object_get_int_member (api_attributes (&own), "validated-skills-count"));
      assert_shared_learner (changes, &learners[i], &scores[i],
                             json_object_get_string_member (api_attributes (&own), "shared-at"));
      assert_shared_scorecards (changes, &learners[i], &scores[i],
                                json_object_get_string_member (api_attributes (&own), "shared-at"));
    }
  g_clear_pointer (&changes, g_hash_table_unref);

  /* The all-right learner masters the whole target profile, the
   * all-wrong one nothing of it. */
  {
    g_auto(ApiResponse) right = { 0 };
    g_auto(ApiResponse) wrong = { 0 };

    read_participation (api, &right, &learners[RIGHT]);
    read_participation (api, &wrong, &learners[WRONG]);
    g_assert_cmpint (json_object_get_int_member (api_attributes (&right), "validated-skills-count"), ==,
                     profile.skills_count);
    g_assert_cmpint (json_object_get_int_member (api_attributes (&wrong), "validated-skills-count"), ==, 0);
  }

  /* Activity: every participant, by name, with status and class. */
  names = list_names (api, &response, api->member_a, 4, "/api/campaigns/%s/participants-activity", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier,Durand");
  g_free (names);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      JsonObject *row = row_of (&response, learners[i].participation);
      JsonObject *attributes = attributes_of (row);

      g_assert_cmpstr (json_object_get_string_member (row, "type"), ==, "campaign-participant-activities");
      g_assert_cmpstr (json_object_get_string_member (attributes, "status"), ==, statuses[i]);
      g_assert_cmpstr (json_object_get_string_member (attributes, "first-name"), ==, pupils[i].first_name);
      g_assert_cmpstr (json_object_get_string_member (attributes, "division"), ==, pupils[i].division);
      g_assert_cmpint (json_object_get_int_member (attributes, "participation-count"), ==, 1);
      g_assert_cmpint (json_object_get_null_member (attributes, "shared-at"), ==, !shared[i]);
      g_assert_cmpstr (related_id (row, "organization-learner"), ==, learners[i].learner_id);
    }

  /* Paging, filters. */
  names = list_names (api, &response, api->member_a, 4, "/api/campaigns/%s/participants-activity?page[size]=3",
                      campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier");
  g_assert_cmpint (api_meta_int (&response, "pageCount"), ==, 2);
  g_assert_cmpint (api_meta_int (&response, "pageSize"), ==, 3);
  g_free (names);
  names = list_names (api, &response, api->member_a, 4,
                      "/api/campaigns/%s/participants-activity?page[size]=3&page[number]=2", campaign);
  g_assert_cmpstr (names, ==, "Durand");
  g_assert_cmpint (api_meta_int (&response, "page"), ==, 2);
  g_free (names);
  names = list_names (api, &response, api->member_a, 2,
                      "/api/campaigns/%s/participants-activity?filter[status][]=SHARED", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard");
  g_free (names);
  names = list_names (api, &response, api->member_a, 2,
                      "/api/campaigns/%s/participants-activity?filter[status][]=TO_SHARE&filter[status][]=STARTED",
                      campaign);
  g_assert_cmpstr (names, ==, "Carpentier,Durand");
  g_free (names);
  names = list_names (api, &response, api->member_a, 2,
                      "/api/campaigns/%s/participants-activity?filter[divisions][]=6A", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard");
  g_free (names);
  names = list_names (api, &response, api->member_a, 1,
                      "/api/campaigns/%s/participants-activity?filter[divisions][]=5B&filter[status][]=STARTED",
                      campaign);
  g_assert_cmpstr (names, ==, "Durand");
  g_free (names);
  names = list_names (api, &response, api->member_a, 1,
                      "/api/campaigns/%s/participants-activity?filter[search]=NOEL", campaign);
  g_assert_cmpstr (names, ==, "Bernard");
  g_free (names);
  names = list_names (api, &response, api->member_a, 1,
                      "/api/campaigns/%s/participants-activity?filter[search]=lea%%20carp&filter[divisions][]=5B",
                      campaign);
  g_assert_cmpstr (names, ==, "Carpentier");
  g_free (names);
  names = list_names (api, &response, api->member_a, 0,
                      "/api/campaigns/%s/participants-activity?filter[search]=fabre", campaign);
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  /* Shared results only. */
  assert_assessment_results (api, campaign, &profile, learners, shared);
  names = list_names (api, &response, api->member_a, 0, "/api/campaigns/%s/assessment-results?filter[divisions][]=5B",
                      campaign);
  g_assert_cmpstr (names, ==, "");
  g_free (names);
  assert_collective_results (api, campaign, &profile, learners, shared);

  /* The export: the school's Classe, no skill columns (§6.1). */
  get_export (api, &response, &csv, "assessment-results", campaign, "Rentrée ASSESSMENT");
  header = assessment_header (&profile, TRUE, NULL);
  assert_header (response.body, header);
  g_assert_cmpuint (csv.rows->len, ==, N_LEARNERS);
  assert_campaign_cells (&csv, "Collège A", campaign, code, "Rentrée ASSESSMENT");
  for (guint i = 0; i < N_LEARNERS; i++)
    assert_assessment_row (api, &csv, i, &learners[i], &profile, TRUE, shared[i], i != STARTED);
  assert_wrong_export (api, campaign, "profiles-collection-results");

  /* Members read it all; others, learners included, nothing. */
  assert_results_hidden (api, api->admin_b, campaign);
  assert_results_hidden (api, learners[RIGHT].token, campaign);

  /* A retry (envoi multiple, §5.4) once the shares are old: not for the
   * learner who mastered everything. */
  age_shares (api, campaign);
  {
    g_auto(ApiResponse) refused = { 0 };
    g_autofree char *json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                                             "\"attributes\": {\"campaign-code\": \"%s\"}}}", code);
    g_autofree char *first = g_strdup (learners[WRONG].participation);

    api_send_json (api, &refused, "POST", "/api/campaign-participations", learners[RIGHT].token, json, NULL);
    g_assert_cmpuint (refused.status, ==, 409);
    g_assert_cmpstr (api_error_code (&refused), ==, "CAMPAIGN_PARTICIPATION_ALREADY_EXISTS");

    join (api, &learners[WRONG], code, NULL);
    g_assert_cmpstr (learners[WRONG].participation, !=, first);
    changes = read_changes (api, api->org_a, &cursor);
    g_assert_true (json_object_get_boolean_member (attributes_of (changed (changes, "campaign-participations", first)),
                                                   "is-improved"));
    g_assert_cmpstr (changed_status (changes, learners[WRONG].participation), ==, "STARTED");
    g_clear_pointer (&changes, g_hash_table_unref);
  }
  names = list_names (api, &response, api->member_a, 4, "/api/campaigns/%s/participants-activity", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier,Durand");
  g_free (names);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      JsonObject *attributes = attributes_of (row_of (&response, learners[i].participation));

      g_assert_cmpint (json_object_get_int_member (attributes, "participation-count"), ==, i == WRONG ? 2 : 1);
      g_assert_cmpstr (json_object_get_string_member (attributes, "status"), ==, i == WRONG ? "STARTED" : statuses[i]);
    }
  names = list_names (api, &response, api->member_a, 1,
                      "/api/campaigns/%s/participants-activity?filter[status][]=SHARED", campaign);
  g_assert_cmpstr (names, ==, "Arnaud");
  g_free (names);
  assert_assessment_results (api, campaign, &profile, learners, after_retry);
  assert_collective_results (api, campaign, &profile, learners, after_retry);

  learners_clear (learners);
}

/* A university that does not import its students: the organization
 * learner comes from the account, the campaign asks an external id, and
 * the export has a column per target skill. */
static void
test_university_assessment (Api           *api,
                            gconstpointer  data)
{
  g_auto(Profile) profile = { NULL };
  Learner learners[N_LEARNERS] = { { NULL } };
  g_autofree char *campaign = NULL;
  g_autofree char *code = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_auto(ApiResponse) refused = { 0 };
  g_auto(Csv) csv = { NULL };
  g_autoptr(GPtrArray) header = NULL;
  g_autofree char *json = NULL;
  const gboolean shared[N_LEARNERS] = { TRUE, TRUE, TRUE, FALSE };
  char *names;

  profile_load (api, api->org_sup, INSERTION, &profile);
  code = campaign_create (api, api->admin_a, api->org_sup, "ASSESSMENT", INSERTION,
                          "\"external-id-label\": \"" EXTERNAL_ID_LABEL "\"", &campaign);
  sign_up_all (api, learners);

  json = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                          "\"attributes\": {\"campaign-code\": \"%s\"}}}", code);
  api_send_json (api, &refused, "POST", "/api/campaign-participations", learners[RIGHT].token, json, NULL);
  g_assert_cmpuint (refused.status, ==, 422);
  g_assert_cmpstr (api_error_code (&refused), ==, "PARTICIPANT_EXTERNAL_ID_REQUIRED");

  for (guint i = 0; i < N_LEARNERS; i++)
    {
      join (api, &learners[i], code, external_ids[i]);
      play (api, &learners[i], (Pattern)i);
      if (shared[i])
        learner_share (api, learners[i].token, learners[i].participation);
    }

  names = list_names (api, &response, api->admin_a, 4, "/api/campaigns/%s/participants-activity", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier,Durand");
  g_free (names);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      JsonObject *attributes = attributes_of (row_of (&response, learners[i].participation));

      g_assert_cmpstr (json_object_get_string_member (attributes, "participant-external-id"), ==, external_ids[i]);
      g_assert_cmpstr (json_object_get_string_member (attributes, "status"), ==, shared[i] ? "SHARED" : "STARTED");
      g_assert_null (json_object_get_string_member (attributes, "division"));
    }
  names = list_names (api, &response, api->admin_a, 3,
                      "/api/campaigns/%s/participants-activity?filter[status][]=SHARED&page[size]=2", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard");
  g_assert_cmpint (api_meta_int (&response, "pageCount"), ==, 2);
  g_free (names);
  names = list_names (api, &response, api->admin_a, 1,
                      "/api/campaigns/%s/participants-activity?filter[search]=MAEL%%20durand", campaign);
  g_assert_cmpstr (names, ==, "Durand");
  g_free (names);

  /* The learners made from the accounts are the organization's now. */
  changes = read_changes (api, api->org_sup, &cursor);
  for (guint i = 0; i < N_LEARNERS; i++)
    {
      JsonObject *resource = changed (changes, "organization-learners", learners[i].learner_id);

      g_assert_nonnull (resource);
      g_assert_cmpstr (json_object_get_string_member (attributes_of (resource), "user-id"), ==, learners[i].user_id);
      g_assert_cmpstr (json_object_get_string_member (attributes_of (resource), "last-name"), ==,
                       pupils[i].last_name);
      g_assert_cmpstr (changed_status (changes, learners[i].participation), ==, shared[i] ? "SHARED" : "STARTED");
      g_assert_cmpuint (count_scorecards (changes, learners[i].learner_id), ==, shared[i] ? N_COMPETENCES : 0);
    }

  assert_assessment_results (api, campaign, &profile, learners, shared);
  assert_collective_results (api, campaign, &profile, learners, shared);

  get_export (api, &response, &csv, "assessment-results", campaign, "Rentrée ASSESSMENT");
  header = assessment_header (&profile, FALSE, EXTERNAL_ID_LABEL);
  assert_header (response.body, header);
  g_assert_cmpuint (csv.rows->len, ==, N_LEARNERS);
  assert_campaign_cells (&csv, "Université A", campaign, code, "Rentrée ASSESSMENT");
  for (guint i = 0; i < N_LEARNERS; i++)
    assert_assessment_row (api, &csv, i, &learners[i], &profile, FALSE, shared[i], i != STARTED);
  /* The patterns show in the skill columns. */
  for (guint s = 0; s < profile.skills->len; s++)
    {
      g_assert_cmpstr (cell (&csv, RIGHT, g_ptr_array_index (profile.skills, s)), ==, "OK");
      g_assert_cmpstr (cell (&csv, WRONG, g_ptr_array_index (profile.skills, s)), !=, "OK");
    }
  assert_wrong_export (api, campaign, "profiles-collection-results");
  assert_results_hidden (api, api->admin_b, campaign);
  /* org A's plain member is no member of the university. */
  assert_results_hidden (api, api->member_a, campaign);

  learners_clear (learners);
}

/* One learner's row of the profiles collection list and export (§5.4,
 * §6.2), against the learner's own scorecards at the share. */
static void
assert_profile_row (JsonObject   *attributes,
                    const Scores *scores)
{
  g_assert_cmpint (json_object_get_int_member (attributes, "pix-score"), ==, scores->total);
  g_assert_cmpint (json_object_get_boolean_member (attributes, "certifiable"), ==, is_certifiable (scores));
  g_assert_cmpint (json_object_get_int_member (attributes, "certifiable-competences-count"), ==,
                   scores->certifiable_count);
}

static void
assert_profile_export_row (Csv          *csv,
                           guint         row,
                           Learner      *learner,
                           const Scores *scores,
                           const char   *shared_at)
{
  g_assert_cmpstr (cell (csv, row, "Nom du Participant"), ==, learner->pupil->last_name);
  g_assert_cmpstr (cell (csv, row, "Prénom du Participant"), ==, learner->pupil->first_name);
  g_assert_cmpstr (cell (csv, row, "Classe"), ==, learner->pupil->division);
  g_assert_cmpstr (cell (csv, row, "Envoi (O/N)"), ==, shared_at != NULL ? "Oui" : "Non");
  if (shared_at == NULL)
    {
      for (guint c = column (csv, "Date de l'envoi"); c < csv->header->len; c++)
        g_assert_cmpstr (g_ptr_array_index ((GPtrArray *)g_ptr_array_index (csv->rows, row), c), ==, "NA");
      return;
    }

  {
    g_autofree char *shared_on = date_part (shared_at);
    g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, scores->total);
    g_autofree char *count = g_strdup_printf ("%u", scores->certifiable_count);

    g_assert_cmpstr (cell (csv, row, "Date de l'envoi"), ==, shared_on);
    g_assert_cmpstr (cell (csv, row, "Nombre de pix total"), ==, total);
    g_assert_cmpstr (cell (csv, row, "Certifiable (O/N)"), ==, is_certifiable (scores) ? "Oui" : "Non");
    g_assert_cmpstr (cell (csv, row, "Nombre de compétences certifiables"), ==, count);
  }
  for (guint i = 0; i < N_COMPETENCES; i++)
    {
      g_autofree char *level_title = g_strdup_printf ("Niveau pour la compétence %s", competences[i].name);
      g_autofree char *pix_title = g_strdup_printf ("Nombre de pix pour la compétence %s", competences[i].name);
      g_autofree char *level = g_strdup_printf ("%" G_GINT64_FORMAT, scores->level[i]);
      g_autofree char *pix = g_strdup_printf ("%" G_GINT64_FORMAT, scores->pix[i]);

      g_assert_cmpstr (cell (csv, row, level_title), ==, level);
      g_assert_cmpstr (cell (csv, row, pix_title), ==, pix);
    }
}

static const char *
shared_at_of (Api         *api,
              ApiResponse *response,
              Learner     *learner)
{
  read_participation (api, response, learner);
  return json_object_get_string_member (api_attributes (response), "shared-at");
}

/* A school's profiles collection: whole profiles, certifiability, and
 * the evolution from one sending to the next. */
static void
test_school_profiles (Api           *api,
                      gconstpointer  data)
{
  Learner learners[N_LEARNERS] = { { NULL } };
  g_autofree char *campaign = NULL;
  g_autofree char *code = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_auto(ApiResponse) response = { 0 };
  g_auto(ApiResponse) right_own = { 0 };
  g_auto(ApiResponse) wrong_own = { 0 };
  g_auto(Csv) csv = { NULL };
  g_autoptr(GPtrArray) header = profiles_header (TRUE);
  static const char * const right_competences[] = { "1.1", "2.1", "3.1", "4.1", "5.2" };
  g_autofree char *certifiable_since = NULL;
  Scores scores[N_LEARNERS];
  JsonObject *attributes;
  char *names;

  import_pupils (api);
  code = campaign_create (api, api->admin_a, api->org_a, "PROFILES_COLLECTION", NULL, "\"multiple-sendings\": true",
                          &campaign);
  g_hash_table_unref (read_changes (api, api->org_a, &cursor));
  sign_up_all (api, learners);

  /* The all-right learner masters five competences (certifiable, §3.4),
   * the alternating one part of one, the all-wrong one nothing. */
  for (guint i = 0; i < G_N_ELEMENTS (right_competences); i++)
    evaluate (api, &learners[RIGHT], right_competences[i], answer_always_right);
  evaluate (api, &learners[ALTERNATING], "1.1", answer_alternately);
  evaluate (api, &learners[WRONG], "1.1", answer_always_wrong);

  for (guint i = 0; i < STARTED; i++)
    {
      associate (api, &learners[i], code);
      join (api, &learners[i], code, NULL);
      g_assert_null (learners[i].assessment);
    }
  /* Nothing to play: ready to send at once. */
  names = list_names (api, &response, api->member_a, 3,
                      "/api/campaigns/%s/participants-activity?filter[status][]=TO_SHARE", campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard,Carpentier");
  g_free (names);

  learner_share (api, learners[RIGHT].token, learners[RIGHT].participation);
  learner_share (api, learners[WRONG].token, learners[WRONG].participation);
  for (guint i = 0; i < STARTED; i++)
    read_scores (api, &learners[i], &scores[i]);
  g_assert_true (is_certifiable (&scores[RIGHT]));
  g_assert_false (is_certifiable (&scores[WRONG]));
  g_assert_cmpint (scores[WRONG].total, ==, 0);

  names = list_names (api, &response, api->member_a, 2, "/api/campaigns/%s/profiles-collection-participations",
                      campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard");
  g_free (names);
  for (guint i = RIGHT; i <= WRONG; i++)
    {
      JsonObject *row = row_of (&response, learners[i].participation);

      g_assert_cmpstr (json_object_get_string_member (row, "type"), ==,
                       "campaign-profiles-collection-participation-summaries");
      attributes = attributes_of (row);
      assert_profile_row (attributes, &scores[i]);
      g_assert_null (json_object_get_string_member (attributes, "evolution"));
      g_assert_cmpint (json_object_get_int_member (attributes, "shared-profile-count"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (attributes, "division"), ==, pupils[i].division);
    }
  names = list_names (api, &response, api->member_a, 1,
                      "/api/campaigns/%s/profiles-collection-participations?filter[search]=zoe", campaign);
  g_assert_cmpstr (names, ==, "Arnaud");
  g_free (names);

  /* The feed: each sender's profile and scorecards. */
  changes = read_changes (api, api->org_a, &cursor);
  for (guint i = RIGHT; i <= WRONG; i++)
    {
      g_auto(ApiResponse) own = { 0 };
      const char *shared_at = shared_at_of (api, &own, &learners[i]);

      g_assert_cmpstr (changed_status (changes, learners[i].participation), ==, "SHARED");
      assert_shared_learner (changes, &learners[i], &scores[i], shared_at);
      assert_shared_scorecards (changes, &learners[i], &scores[i], shared_at);
    }
  g_assert_cmpstr (changed_status (changes, learners[ALTERNATING].participation), ==, "TO_SHARE");
  g_assert_cmpuint (count_scorecards (changes, learners[ALTERNATING].learner_id), ==, 0);
  certifiable_since = g_strdup (json_object_get_string_member (
    attributes_of (changed (changes, "organization-learners", learners[RIGHT].learner_id)), "certifiable-at"));
  g_assert_nonnull (certifiable_since);
  g_clear_pointer (&changes, g_hash_table_unref);

  /* The class's mean pix per competence. */
  get_path (api, &response, api->member_a, "/api/campaigns/%s/collective-results", campaign);
  g_assert_cmpuint (response.status, ==, 200);
  attributes = api_attributes (&response);
  g_assert_cmpint (json_object_get_int_member (attributes, "shared-participations-count"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (attributes, "competences")), ==,
                    N_COMPETENCES);
  for (guint c = 0; c < N_COMPETENCES; c++)
    {
      JsonObject *entry = json_array_get_object_element (json_object_get_array_member (attributes, "competences"), c);

      g_assert_cmpstr (json_object_get_string_member (entry, "competence-index"), ==, competences[c].index);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "average-pix"),
                                      (scores[RIGHT].pix[c] + scores[WRONG].pix[c]) / 2.0, 1e-9);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (entry, "average-level"),
                                      (scores[RIGHT].level[c] + scores[WRONG].level[c]) / 2.0, 1e-9);
    }

  /* The export (§6.2), the school's Classe. */
  get_export (api, &response, &csv, "profiles-collection-results", campaign, "Rentrée PROFILES_COLLECTION");
  assert_header (response.body, header);
  g_assert_cmpuint (csv.rows->len, ==, 3);
  assert_campaign_cells (&csv, "Collège A", campaign, code, "Rentrée PROFILES_COLLECTION");
  assert_profile_export_row (&csv, RIGHT, &learners[RIGHT], &scores[RIGHT],
                             shared_at_of (api, &right_own, &learners[RIGHT]));
  assert_profile_export_row (&csv, WRONG, &learners[WRONG], &scores[WRONG],
                             shared_at_of (api, &wrong_own, &learners[WRONG]));
  assert_profile_export_row (&csv, ALTERNATING, &learners[ALTERNATING], &scores[ALTERNATING], NULL);
  assert_wrong_export (api, campaign, "assessment-results");
  assert_results_hidden (api, api->admin_b, campaign);

  /* A second sending, after learning more: the evolution shows it. */
  evaluate (api, &learners[WRONG], "4.1", answer_always_right);
  age_shares (api, campaign);
  join (api, &learners[WRONG], code, NULL);
  learner_share (api, learners[WRONG].token, learners[WRONG].participation);
  read_scores (api, &learners[WRONG], &scores[WRONG]);
  g_assert_cmpint (scores[WRONG].total, >, 0);

  names = list_names (api, &response, api->member_a, 2, "/api/campaigns/%s/profiles-collection-participations",
                      campaign);
  g_assert_cmpstr (names, ==, "Arnaud,Bernard");
  g_free (names);
  attributes = attributes_of (row_of (&response, learners[WRONG].participation));
  assert_profile_row (attributes, &scores[WRONG]);
  g_assert_cmpstr (json_object_get_string_member (attributes, "evolution"), ==, "increase");
  g_assert_cmpint (json_object_get_int_member (attributes, "shared-profile-count"), ==, 2);
  attributes = attributes_of (row_of (&response, learners[RIGHT].participation));
  g_assert_null (json_object_get_string_member (attributes, "evolution"));

  get_path (api, &response, api->member_a, "/api/campaigns/%s/participants-activity", campaign);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (attributes_of (row_of (&response, learners[WRONG].participation)),
                                               "participation-count"), ==, 2);

  /* The scorecards change with the new sending. */
  changes = read_changes (api, api->org_a, &cursor);
  {
    g_auto(ApiResponse) own = { 0 };
    const char *shared_at = shared_at_of (api, &own, &learners[WRONG]);
    g_autofree char *card = g_strdup_printf ("%s_4.1", learners[WRONG].learner_id);

    assert_shared_learner (changes, &learners[WRONG], &scores[WRONG], shared_at);
    assert_shared_scorecards (changes, &learners[WRONG], &scores[WRONG], shared_at);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (changed (changes, "scorecards", card),
                                                                                "meta"), "version"), ==, 2);
    g_assert_cmpuint (count_scorecards (changes, learners[RIGHT].learner_id), ==, 0);
  }
  g_clear_pointer (&changes, g_hash_table_unref);

  /* The same profile sent again: stable, and certifiable since the first
   * sending still. */
  join (api, &learners[RIGHT], code, NULL);
  learner_share (api, learners[RIGHT].token, learners[RIGHT].participation);
  get_path (api, &response, api->member_a, "/api/campaigns/%s/profiles-collection-participations", campaign);
  g_assert_cmpuint (response.status, ==, 200);
  attributes = attributes_of (row_of (&response, learners[RIGHT].participation));
  assert_profile_row (attributes, &scores[RIGHT]);
  g_assert_cmpstr (json_object_get_string_member (attributes, "evolution"), ==, "stable");
  g_assert_cmpint (json_object_get_int_member (attributes, "shared-profile-count"), ==, 2);
  changes = read_changes (api, api->org_a, &cursor);
  attributes = attributes_of (changed (changes, "organization-learners", learners[RIGHT].learner_id));
  g_assert_true (json_object_get_boolean_member (attributes, "is-certifiable"));
  g_assert_cmpstr (json_object_get_string_member (attributes, "certifiable-at"), ==, certifiable_since);

  learners_clear (learners);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/campaign-results/school-assessment", test_school_assessment);
  ADD ("/campaign-results/university-assessment", test_university_assessment);
  ADD ("/campaign-results/school-profiles", test_school_profiles);
#undef ADD

  return g_test_run ();
}
