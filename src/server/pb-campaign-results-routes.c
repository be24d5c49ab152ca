/* pb-campaign-results-routes.c
 *
 * What teachers read of a campaign (pix-domain §5.4, §6): who is in it and
 * where they are (participants-activity), the shared results
 * (assessment-results, profiles-collection-participations), the class's
 * results per competence and per tube (collective-results), and both CSV
 * exports, written by src/core so the desktop makes the same file
 * offline. Members of the campaign's organization only; results are what
 * learners shared, never more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-campaign-export.h"
#include "pb-campaign-results-routes.h"
#include "pb-content.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-resources.h"
#include "pb-search.h"
#include "pb-server.h"
#include "pb-target-profiles.h"

#define text(row, column) pb_db_statement_get_text ((row), (column))

/* The campaign of the path, as the exports and analyses need it. */
typedef struct
{
  char     *id;
  char     *code;
  char     *name;
  char     *type;
  char     *target_profile_id;
  char     *external_id_label;
  char     *organization_id;
  char     *organization_name;
  char     *organization_type;
  gboolean  is_managing_students;
} Campaign;

static void
campaign_clear (Campaign *campaign)
{
  g_clear_pointer (&campaign->id, g_free);
  g_clear_pointer (&campaign->code, g_free);
  g_clear_pointer (&campaign->name, g_free);
  g_clear_pointer (&campaign->type, g_free);
  g_clear_pointer (&campaign->target_profile_id, g_free);
  g_clear_pointer (&campaign->external_id_label, g_free);
  g_clear_pointer (&campaign->organization_id, g_free);
  g_clear_pointer (&campaign->organization_name, g_free);
  g_clear_pointer (&campaign->organization_type, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Campaign, campaign_clear)

/* Loads the campaign of the path; answers 404 and returns FALSE (@error
 * unset) for an unknown campaign or an outsider. */
static gboolean
member_campaign (PbRequest  *request,
                 PbDb       *db,
                 Campaign   *campaign,
                 GError    **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  gboolean found;
  PbRole role = PB_ROLE_NONE;

  select = pb_db_select_one (db,
                             "SELECT c.id, c.code, c.name, c.type, c.target_profile_id, c.external_id_label, "
                             "o.id, o.name, o.type, o.is_managing_students "
                             "FROM campaigns c JOIN organizations o ON o.id = c.organization_id WHERE c.id = $1",
                             pb_request_get_param (request, "id"), &found, error);
  if (select == NULL)
    return FALSE;
  if (found && !pb_access_get_role (db, pb_request_get_user_id (request), text (select, 6), &role, error))
    return FALSE;
  if (role == PB_ROLE_NONE)
    {
      pb_learning_respond_not_found (request);
      return FALSE;
    }

  campaign->id = g_strdup (text (select, 0));
  campaign->code = g_strdup (text (select, 1));
  campaign->name = g_strdup (text (select, 2));
  campaign->type = g_strdup (text (select, 3));
  campaign->target_profile_id = g_strdup (text (select, 4));
  campaign->external_id_label = g_strdup (text (select, 5));
  campaign->organization_id = g_strdup (text (select, 6));
  campaign->organization_name = g_strdup (text (select, 7));
  campaign->organization_type = g_strdup (text (select, 8));
  campaign->is_managing_students = pb_db_statement_get_int64 (select, 9) != 0;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Lists: activity and shared results                                  */

/* Participants are listed by their learner record (alias r, for the
 * search), one row per current participation. */
#define PARTICIPANT_FROM \
  " FROM campaign_participations p JOIN organization_learners r ON r.id = p.organization_learner_id"

static void
render_activity (JsonBuilder   *builder,
                 PbDbStatement *row)
{
  static const char * const names[] = {
    "last-name", "first-name", "participant-external-id", "status", "created-at", "shared-at", "division",
    "group", NULL
  };

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    pb_jsonapi_add_string (builder, names[i], text (row, 3 + i));
  pb_jsonapi_add_int (builder, "participation-count", pb_db_statement_get_int64 (row, 11));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "organization-learner", "organization-learners", text (row, 12));
  json_builder_end_object (builder);
}

/* participation-count: every sending of the learner in the campaign,
 * retries included. */
static const PbResourceKind activity_kind = {
  "campaign-participant-activities",
  "SELECT p.id, p.version, p.organization_id, r.last_name, r.first_name, p.participant_external_id, p.status, "
  "p.created_at, p.shared_at, r.division, r.group_name, "
  "(SELECT COUNT(*) FROM campaign_participations s WHERE s.campaign_id = p.campaign_id AND s.user_id = p.user_id), "
  "r.id" PARTICIPANT_FROM,
  render_activity,
};

static void
add_double_column (JsonBuilder   *builder,
                   const char    *name,
                   PbDbStatement *row,
                   guint          column)
{
  json_builder_set_member_name (builder, name);
  if (text (row, column) == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, g_ascii_strtod (text (row, column), NULL));
}

static void
render_assessment_result (JsonBuilder   *builder,
                          PbDbStatement *row)
{
  static const char * const names[] = {
    "last-name", "first-name", "participant-external-id", "shared-at", "division", "group", NULL
  };

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    pb_jsonapi_add_string (builder, names[i], text (row, 3 + i));
  add_double_column (builder, "mastery-rate", row, 9);
  pb_jsonapi_add_int (builder, "validated-skills-count", pb_db_statement_get_int64 (row, 10));
  pb_jsonapi_add_int (builder, "pix-score", pb_db_statement_get_int64 (row, 11));
  json_builder_end_object (builder);
}

static const PbResourceKind assessment_result_kind = {
  "campaign-assessment-participation-results",
  "SELECT p.id, p.version, p.organization_id, r.last_name, r.first_name, p.participant_external_id, p.shared_at, "
  "r.division, r.group_name, p.mastery_rate, p.validated_skills_count, p.pix_score" PARTICIPANT_FROM,
  render_assessment_result,
};

/* evolution: against the learner's previous sending of the campaign, as
 * Pix Orga shows it (increase, decrease, stable; null for a first one). */
static void
render_profile_summary (JsonBuilder   *builder,
                        PbDbStatement *row)
{
  static const char * const names[] = {
    "last-name", "first-name", "participant-external-id", "shared-at", "division", "group", NULL
  };
  const char *previous = text (row, 12);
  gint64 pix = pb_db_statement_get_int64 (row, 9);
  gint64 before = previous != NULL ? pb_db_statement_get_int64 (row, 12) : 0;

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  for (guint i = 0; names[i] != NULL; i++)
    pb_jsonapi_add_string (builder, names[i], text (row, 3 + i));
  pb_jsonapi_add_int (builder, "pix-score", pix);
  pb_jsonapi_add_bool (builder, "certifiable", pb_db_statement_get_int64 (row, 10) != 0);
  pb_jsonapi_add_int (builder, "certifiable-competences-count", pb_db_statement_get_int64 (row, 11));
  pb_jsonapi_add_string (builder, "evolution",
                         previous == NULL ? NULL : pix > before ? "increase" : pix < before ? "decrease" : "stable");
  pb_jsonapi_add_int (builder, "shared-profile-count", pb_db_statement_get_int64 (row, 13));
  json_builder_end_object (builder);
}

static const PbResourceKind profile_summary_kind = {
  "campaign-profiles-collection-participation-summaries",
  "SELECT p.id, p.version, p.organization_id, r.last_name, r.first_name, p.participant_external_id, p.shared_at, "
  "r.division, r.group_name, p.pix_score, p.is_certifiable, p.certifiable_competences_count, "
  "(SELECT s.pix_score FROM campaign_participations s WHERE s.campaign_id = p.campaign_id "
  "AND s.user_id = p.user_id AND s.is_improved = 1 AND s.shared_at IS NOT NULL "
  "ORDER BY s.shared_at DESC LIMIT 1), "
  "(SELECT COUNT(*) FROM campaign_participations s WHERE s.campaign_id = p.campaign_id "
  "AND s.user_id = p.user_id AND s.shared_at IS NOT NULL)" PARTICIPANT_FROM,
  render_profile_summary,
};

typedef struct
{
  const PbResourceKind *kind;
  gboolean              shared_only;
  gint64                page;
  gint64                page_size;
  GStrv                 divisions;
  GStrv                 statuses;
  GStrv                 search_words;
} ListQuery;

static void
list_query_free (ListQuery *query)
{
  g_strfreev (query->divisions);
  g_strfreev (query->statuses);
  g_strfreev (query->search_words);
  g_free (query);
}

static gboolean
read_list (PbRequest   *request,
           PbDb        *db,
           const char  *unused,
           GError     **error)
{
  ListQuery *query = pb_request_get_data (request);
  g_auto(Campaign) campaign = { NULL };
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) where = g_string_new (" WHERE p.campaign_id = $1 AND p.is_improved = 0");

  if (!member_campaign (request, db, &campaign, error))
    return error == NULL || *error == NULL;

  if (query->shared_only)
    g_string_append (where, " AND p.status = 'SHARED'");
  pb_search_add_in_condition (where, parameters, "r.division", query->divisions);
  pb_search_add_in_condition (where, parameters, "p.status", query->statuses);
  pb_search_add_conditions (where, parameters, query->search_words);
  g_ptr_array_insert (parameters, 0, g_strdup (campaign.id));

  return pb_resource_respond_page (request, db, query->kind, where->str, "r.last_name, r.first_name, p.id",
                                   parameters, query->page, query->page_size, error);
}

static void
list_work (PbRequest *request,
           PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_list);
}

static void
respond_list (PbRequest            *request,
              const PbResourceKind *kind,
              gboolean              shared_only)
{
  ListQuery *query = g_new0 (ListQuery, 1);
  g_autofree char *search = NULL;

  pb_request_set_data (request, query, (GDestroyNotify)list_query_free);
  query->kind = kind;
  query->shared_only = shared_only;
  if (!pb_identity_authenticate (request) || !pb_jsonapi_parse_page (request, &query->page, &query->page_size))
    return;

  query->divisions = pb_jsonapi_get_list_filter (request, "divisions");
  query->statuses = pb_jsonapi_get_list_filter (request, "status");
  search = pb_request_dup_query (request, "filter[search]");
  query->search_words = pb_search_words (search);
  pb_request_defer (request, list_work);
}

static void
activity_handler (PbRequest *request)
{
  respond_list (request, &activity_kind, FALSE);
}

static void
assessment_results_handler (PbRequest *request)
{
  respond_list (request, &assessment_result_kind, TRUE);
}

static void
profiles_handler (PbRequest *request)
{
  respond_list (request, &profile_summary_kind, TRUE);
}

/* ------------------------------------------------------------------ */
/* Shared results, read back from their snapshots                      */

/* The "results" snapshot of every shared current participation. */
static GPtrArray *
load_snapshots (PbDb        *db,
                const char  *campaign_id,
                GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  select = pb_db_prepare (db,
                          "SELECT results FROM campaign_participations WHERE campaign_id = $1 "
                          "AND is_improved = 0 AND status = 'SHARED' AND results IS NOT NULL", error);
  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, campaign_id);
  while (pb_db_statement_step (select, error))
    {
      JsonNode *node = json_from_string (text (select, 0), NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (snapshots, node);
      else if (node != NULL)
        json_node_unref (node);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&snapshots);
}

/* The snapshot's skill name → status object; a profiles collection's
 * snapshot has none (json-glib is critical about a missing member). */
static JsonObject *
snapshot_skills (JsonNode *snapshot)
{
  JsonNode *skills = snapshot != NULL ? json_object_get_member (json_node_get_object (snapshot), "skills") : NULL;

  return skills != NULL && JSON_NODE_HOLDS_OBJECT (skills) ? json_node_get_object (skills) : NULL;
}

static gboolean
is_validated (JsonNode      *snapshot,
              const PbSkill *skill)
{
  JsonObject *skills = snapshot_skills (snapshot);

  return skills != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (skills, skill->name, NULL), "validated") == 0;
}

/* Per group of target skills (a competence, a tube): how many, the mean
 * validated per learner, and the mastery rate of the whole class. */
static void
add_group_result (JsonBuilder *builder,
                  const char  *key_name,
                  const char  *key,
                  const char  *title,
                  GPtrArray   *skills,
                  GPtrArray   *snapshots)
{
  guint validated = 0;

  for (guint s = 0; s < skills->len; s++)
    for (guint i = 0; i < snapshots->len; i++)
      validated += is_validated (g_ptr_array_index (snapshots, i), g_ptr_array_index (skills, s));

  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, key_name, key);
  pb_jsonapi_add_string (builder, "title", title);
  pb_jsonapi_add_int (builder, "targeted-skills-count", skills->len);
  json_builder_set_member_name (builder, "average-validated-skills");
  json_builder_add_double_value (builder, snapshots->len > 0 ? (double)validated / snapshots->len : 0.0);
  json_builder_set_member_name (builder, "mastery-rate");
  json_builder_add_double_value (builder, snapshots->len > 0 ? (double)validated / (skills->len * snapshots->len) : 0.0);
  json_builder_end_object (builder);
}

/* Target skills grouped by competence or by tube, in framework order. */
static GPtrArray *
group_skills (GPtrArray *targeted,
              gboolean   by_tube,
              GPtrArray *keys)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  gconstpointer current = NULL;

  for (guint i = 0; i < targeted->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (targeted, i);
      gconstpointer key = by_tube ? (gconstpointer)skill->tube : (gconstpointer)skill->tube->competence;

      if (key != current)
        {
          g_ptr_array_add (groups, g_ptr_array_new ());
          g_ptr_array_add (keys, (gpointer)key);
          current = key;
        }
      g_ptr_array_add (g_ptr_array_index (groups, groups->len - 1), (gpointer)skill);
    }
  return g_steal_pointer (&groups);
}

static void
add_assessment_collective (JsonBuilder *builder,
                           GPtrArray   *targeted,
                           GPtrArray   *snapshots)
{
  g_autoptr(GPtrArray) competences = g_ptr_array_new ();
  g_autoptr(GPtrArray) tubes = g_ptr_array_new ();
  g_autoptr(GPtrArray) by_competence = group_skills (targeted, FALSE, competences);
  g_autoptr(GPtrArray) by_tube = group_skills (targeted, TRUE, tubes);

  json_builder_set_member_name (builder, "competences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < by_competence->len; i++)
    {
      const PbCompetence *competence = g_ptr_array_index (competences, i);

      add_group_result (builder, "competence-index", competence->index, competence->name,
                        g_ptr_array_index (by_competence, i), snapshots);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tubes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < by_tube->len; i++)
    {
      const PbTube *tube = g_ptr_array_index (tubes, i);

      add_group_result (builder, "tube", tube->name, tube->title, g_ptr_array_index (by_tube, i), snapshots);
    }
  json_builder_end_array (builder);
}

/* A profiles collection has no target: the class's mean pix and level per
 * competence, from the shared profiles. */
static void
add_profiles_collective (JsonBuilder *builder,
                         GPtrArray   *snapshots)
{
  PbFramework *framework = pb_content_get_framework ();

  json_builder_set_member_name (builder, "competences");
  json_builder_begin_array (builder);
  for (guint c = 0; c < pb_framework_get_n_competences (framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, c);
      double pix = 0, level = 0;

      for (guint i = 0; i < snapshots->len; i++)
        {
          JsonArray *list = json_object_get_array_member (json_node_get_object (g_ptr_array_index (snapshots, i)),
                                                          "competences");
          JsonObject *entry = list != NULL && c < json_array_get_length (list) ?
                              json_array_get_object_element (list, c) : NULL;

          pix += entry != NULL ? json_object_get_int_member_with_default (entry, "pix", 0) : 0;
          level += entry != NULL ? json_object_get_int_member_with_default (entry, "level", 0) : 0;
        }
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "competence-index", competence->index);
      pb_jsonapi_add_string (builder, "title", competence->name);
      json_builder_set_member_name (builder, "average-pix");
      json_builder_add_double_value (builder, snapshots->len > 0 ? pix / snapshots->len : 0.0);
      json_builder_set_member_name (builder, "average-level");
      json_builder_add_double_value (builder, snapshots->len > 0 ? level / snapshots->len : 0.0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "tubes");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
}

static gboolean
read_collective (PbRequest   *request,
                 PbDb        *db,
                 const char  *unused,
                 GError     **error)
{
  g_auto(Campaign) campaign = { NULL };
  g_autoptr(GPtrArray) snapshots = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  if (!member_campaign (request, db, &campaign, error))
    return error == NULL || *error == NULL;
  if ((snapshots = load_snapshots (db, campaign.id, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "campaign-collective-results", campaign.id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_int (builder, "shared-participations-count", snapshots->len);
  if (campaign.target_profile_id != NULL)
    {
      g_autoptr(GPtrArray) targeted = pb_learning_profile_skills (campaign.target_profile_id);

      add_assessment_collective (builder, targeted, snapshots);
    }
  else
    add_profiles_collective (builder, snapshots);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
collective_work (PbRequest *request,
                 PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_collective);
}

static void
collective_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, collective_work);
}

/* ------------------------------------------------------------------ */
/* CSV exports                                                         */

/* skill name → "validated"/"invalidated": the snapshot of a shared
 * participation, else the learner's knowledge now (for the progression
 * of a test under way). */
static GHashTable *
skill_statuses (PbDb        *db,
                JsonNode    *snapshot,
                const char  *user_id,
                GError     **error)
{
  g_autoptr(GHashTable) statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *skills = snapshot_skills (snapshot);
  g_autoptr(GArray) knowledge = NULL;

  if (skills != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (skills);

      for (GList *l = names; l != NULL; l = l->next)
        g_hash_table_insert (statuses, g_strdup (l->data),
                             g_strdup (json_object_get_string_member_with_default (skills, l->data, "")));
      return g_steal_pointer (&statuses);
    }
  if (snapshot != NULL)
    return g_steal_pointer (&statuses);

  knowledge = pb_knowledge_store_load_current (db, pb_content_get_framework (), user_id, error);
  if (knowledge == NULL)
    return NULL;
  for (guint i = 0; i < knowledge->len; i++)
    {
      const PbKnowledgeElement *element = &g_array_index (knowledge, PbKnowledgeElement, i);

      g_hash_table_insert (statuses, g_strdup (element->skill->name),
                           g_strdup (pb_ke_status_to_string (element->status)));
    }
  return g_steal_pointer (&statuses);
}

/* The 16 competence scores of a shared profile, in framework order. */
static void
snapshot_scores (JsonNode             *snapshot,
                 const PbScoringRules *rules,
                 PbCompetenceScore    *scores,
                 guint                 n_scores)
{
  JsonArray *list = snapshot != NULL ?
                    json_object_get_array_member (json_node_get_object (snapshot), "competences") : NULL;

  for (guint i = 0; i < n_scores; i++)
    {
      JsonObject *entry = list != NULL && i < json_array_get_length (list) ?
                          json_array_get_object_element (list, i) : NULL;

      pb_competence_score_compute (rules, entry != NULL ? json_object_get_int_member_with_default (entry, "pix", 0) : 0,
                                   &scores[i]);
    }
}

#define EXPORT_SELECT \
  "SELECT r.last_name, r.first_name, r.division, r.group_name, r.student_number, p.participant_external_id, " \
  "p.created_at, p.status, p.shared_at, p.mastery_rate, p.pix_score, p.is_certifiable, " \
  "p.certifiable_competences_count, p.results, p.user_id" PARTICIPANT_FROM \
  " WHERE p.campaign_id = $1 AND p.is_improved = 0 ORDER BY r.last_name, r.first_name, p.id"

static gboolean
add_export_row (PbCampaignExport     *export,
                const PbScoringRules *rules,
                PbDb                 *db,
                PbDbStatement        *row,
                PbCompetenceScore    *scores,
                guint                 n_scores,
                GError              **error)
{
  g_autoptr(JsonNode) snapshot = text (row, 13) != NULL ? json_from_string (text (row, 13), NULL) : NULL;
  g_autoptr(GHashTable) statuses = NULL;
  PbCampaignExportRow line = { NULL };

  if (snapshot != NULL && !JSON_NODE_HOLDS_OBJECT (snapshot))
    g_clear_pointer (&snapshot, json_node_unref);
  if ((statuses = skill_statuses (db, snapshot, text (row, 14), error)) == NULL)
    return FALSE;
  snapshot_scores (snapshot, rules, scores, n_scores);

  line.last_name = text (row, 0);
  line.first_name = text (row, 1);
  line.division = text (row, 2);
  line.group = text (row, 3);
  line.student_number = text (row, 4);
  line.external_id = text (row, 5);
  line.created_at = text (row, 6);
  line.is_completed = !g_str_equal (text (row, 7), "STARTED");
  line.is_shared = g_str_equal (text (row, 7), "SHARED");
  line.shared_at = text (row, 8);
  line.mastery_rate = text (row, 9) != NULL ? g_ascii_strtod (text (row, 9), NULL) : 0.0;
  line.skill_status = statuses;
  line.pix_score = pb_db_statement_get_int64 (row, 10);
  line.is_certifiable = pb_db_statement_get_int64 (row, 11) != 0;
  line.certifiable_competences_count = pb_db_statement_get_int64 (row, 12);
  line.competence_scores = scores;
  pb_campaign_export_add_row (export, &line);
  return TRUE;
}

static PbCampaignExport *
new_export (Campaign *campaign)
{
  JsonObject *profile = pb_target_profiles_lookup (campaign->target_profile_id);
  g_autoptr(GPtrArray) targeted = profile != NULL ? pb_learning_profile_skills (campaign->target_profile_id) : NULL;
  PbCampaignExportInfo info = { NULL };

  info.organization_name = campaign->organization_name;
  info.organization_type = campaign->organization_type;
  info.organization_is_managing_students = campaign->is_managing_students;
  /* Pix shows skill columns to organizations with "showSkills"; older
   * versions to every organization but schools. */
  info.show_skills = g_strcmp0 (campaign->organization_type, "SCO") != 0;
  info.campaign_id = campaign->id;
  info.campaign_code = campaign->code;
  info.campaign_name = campaign->name;
  info.target_profile_name = profile != NULL ? json_object_get_string_member (profile, "name") : NULL;
  info.external_id_label = campaign->external_id_label;
  return pb_campaign_export_new (pb_content_get_framework (),
                                 profile != NULL ? PB_CAMPAIGN_EXPORT_ASSESSMENT : PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION,
                                 &info, targeted);
}

static void
respond_csv (PbRequest *request,
             Campaign  *campaign,
             GBytes    *csv)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *file_name = pb_campaign_export_build_file_name (campaign->name, campaign->id, now);
  g_autofree char *escaped = g_uri_escape_string (file_name, NULL, FALSE);
  g_autofree char *ascii = g_str_to_ascii (file_name, "C");
  g_autofree char *disposition = NULL;

  /* RFC 6266: an ASCII fallback, and the real name in UTF-8. */
  g_strdelimit (ascii, "\"\\", '_');
  disposition = g_strdup_printf ("attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, escaped);
  pb_request_set_response_header (request, "Content-Disposition", disposition);
  pb_request_respond_bytes (request, SOUP_STATUS_OK, "text/csv;charset=utf-8", csv);
}

static gboolean
read_export (PbRequest   *request,
             PbDb        *db,
             const char  *unused,
             GError     **error)
{
  const char *wanted = pb_request_get_data (request);
  g_auto(Campaign) campaign = { NULL };
  g_autoptr(PbCampaignExport) export = NULL;
  g_autoptr(PbDbStatement) rows = NULL;
  g_autoptr(GBytes) csv = NULL;
  guint n_scores = pb_framework_get_n_competences (pb_content_get_framework ());
  g_autofree PbCompetenceScore *scores = g_new0 (PbCompetenceScore, n_scores);
  const PbScoringRules *rules = &pb_server_get_settings (pb_request_get_server (request))->scoring;

  if (!member_campaign (request, db, &campaign, error))
    return error == NULL || *error == NULL;
  if (!g_str_equal (campaign.type, wanted))
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "WRONG_CAMPAIGN_TYPE",
                                "This export is for the other type of campaign.", NULL);
      return TRUE;
    }

  export = new_export (&campaign);
  if ((rows = pb_db_prepare (db, EXPORT_SELECT, error)) == NULL)
    return FALSE;
  pb_db_statement_bind_text (rows, 1, campaign.id);
  while (pb_db_statement_step (rows, error))
    if (!add_export_row (export, rules, db, rows, scores, n_scores, error))
      return FALSE;
  if (error != NULL && *error != NULL)
    return FALSE;

  csv = pb_campaign_export_to_bytes (export);
  respond_csv (request, &campaign, csv);
  return TRUE;
}

static void
export_work (PbRequest *request,
             PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_export);
}

static void
assessment_export_handler (PbRequest *request)
{
  pb_request_set_data (request, (gpointer)"ASSESSMENT", NULL);
  pb_identity_defer_authenticated (request, export_work);
}

static void
profiles_export_handler (PbRequest *request)
{
  pb_request_set_data (request, (gpointer)"PROFILES_COLLECTION", NULL);
  pb_identity_defer_authenticated (request, export_work);
}

void
pb_campaign_results_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/campaigns/{id}/participants-activity", activity_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}/assessment-results", assessment_results_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}/profiles-collection-participations", profiles_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}/collective-results", collective_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}/csv-assessment-results", assessment_export_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}/csv-profiles-collection-results", profiles_export_handler);
}
