/* pb-learning.c
 *
 * What the learner routes share: assessments and what their adaptive test
 * targets, the knowledge a test sees, competence evaluations.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-changes.h"
#include "pb-content.h"
#include "pb-jsonapi.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-scorecard.h"
#include "pb-target-profiles.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"

#define text(row, column) pb_db_statement_get_text ((row), (column))

void
pb_assessment_info_clear (PbAssessmentInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->user_id, g_free);
  g_clear_pointer (&info->type, g_free);
  g_clear_pointer (&info->state, g_free);
  g_clear_pointer (&info->participation_id, g_free);
  g_clear_pointer (&info->competence_index, g_free);
  g_clear_pointer (&info->last_challenge_id, g_free);
  g_clear_pointer (&info->created_at, g_free);
  g_clear_pointer (&info->target_profile_id, g_free);
  g_clear_pointer (&info->organization_id, g_free);
}

/* Learners' records of other learners do not exist, as far as they can
 * tell: the same answer as for an unknown id. */
void
pb_learning_respond_not_found (PbRequest *request)
{
  pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such resource on this server.", NULL);
}

gboolean
pb_learning_load_assessment (PbDb              *db,
                             const char        *id,
                             PbAssessmentInfo  *info,
                             gboolean          *found,
                             GError           **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_select_one (db,
                             "SELECT a.id, a.user_id, a.type, a.state, a.campaign_participation_id, "
                             "a.competence_index, a.last_challenge_id, a.created_at, a.is_improving, "
                             "c.target_profile_id, c.organization_id, a.version "
                             "FROM assessments a "
                             "LEFT JOIN campaign_participations p ON p.id = a.campaign_participation_id "
                             "LEFT JOIN campaigns c ON c.id = p.campaign_id WHERE a.id = $1",
                             id, found, error);
  if (select == NULL)
    return FALSE;
  if (!*found)
    return TRUE;

  info->id = g_strdup (text (select, 0));
  info->user_id = g_strdup (text (select, 1));
  info->type = g_strdup (text (select, 2));
  info->state = g_strdup (text (select, 3));
  info->participation_id = g_strdup (text (select, 4));
  info->competence_index = g_strdup (text (select, 5));
  info->last_challenge_id = g_strdup (text (select, 6));
  info->created_at = g_strdup (text (select, 7));
  info->is_improving = pb_db_statement_get_int64 (select, 8) != 0;
  info->target_profile_id = g_strdup (text (select, 9));
  info->organization_id = g_strdup (text (select, 10));
  info->version = pb_db_statement_get_int64 (select, 11);
  return TRUE;
}

/**
 * pb_learning_profile_skills:
 *
 * Every request of a test needs its target profile's skills: they are
 * worked out once per profile, then shared (the content never changes
 * while the server runs).
 *
 * Returns: (transfer container): the skills of a target profile (none for
 *   an unknown one)
 */
GPtrArray *
pb_learning_profile_skills (const char *target_profile_id)
{
  static GMutex lock;
  static GHashTable *cache;
  JsonObject *profile;
  GPtrArray *skills;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_ptr_array_unref);
  skills = target_profile_id != NULL ? g_hash_table_lookup (cache, target_profile_id) : NULL;
  if (skills == NULL && (profile = pb_target_profiles_lookup (target_profile_id)) != NULL)
    {
      skills = pb_target_profile_get_skills (profile, pb_content_get_framework ());
      g_hash_table_insert (cache, g_strdup (target_profile_id), skills);
    }
  g_mutex_unlock (&lock);

  return skills != NULL ? g_ptr_array_ref (skills) : g_ptr_array_new ();
}

/**
 * pb_learning_targeted_skills:
 *
 * A campaign's assessment targets its target profile; a competence
 * evaluation every skill of the competence.
 *
 * Returns: (transfer container): the skills the assessment may test
 */
GPtrArray *
pb_learning_targeted_skills (const PbAssessmentInfo *info)
{
  const PbCompetence *competence;
  GPtrArray *skills;

  if (info->competence_index == NULL)
    return pb_learning_profile_skills (info->target_profile_id);

  skills = g_ptr_array_new ();
  competence = pb_framework_lookup_competence (pb_content_get_framework (), info->competence_index);
  for (guint t = 0; competence != NULL && t < competence->tubes->len; t++)
    {
      const PbTube *tube = g_ptr_array_index (competence->tubes, t);

      for (guint s = 0; s < tube->skills->len; s++)
        g_ptr_array_add (skills, g_ptr_array_index (tube->skills, s));
    }
  return skills;
}

/**
 * pb_learning_load_knowledge:
 *
 * The learner's knowledge as this assessment sees it: the latest element
 * of each skill; an "improving" assessment forgets the skills failed long
 * enough before it started, so they can be tested again.
 *
 * Returns: (transfer full): the knowledge elements, or %NULL on @error
 */
GArray *
pb_learning_load_knowledge (PbDb                   *db,
                            const PbAssessmentInfo *info,
                            const PbScoringRules   *rules,
                            GError                **error)
{
  g_autoptr(GArray) current = pb_knowledge_store_load_current (db, pb_content_get_framework (), info->user_id, error);

  if (current == NULL || !info->is_improving)
    return g_steal_pointer (&current);
  return pb_knowledge_elements_for_improving (current, pb_timestamp_parse (info->created_at),
                                              rules->improve_delay_days);
}

/**
 * pb_learning_create_assessment:
 * @participation_id: (nullable): for a campaign's assessment
 * @competence_index: (nullable): for a competence evaluation's
 * @id: (out) (transfer full): the new assessment's id
 */
gboolean
pb_learning_create_assessment (PbDb        *db,
                               const char  *user_id,
                               const char  *participation_id,
                               const char  *competence_index,
                               gboolean     is_improving,
                               char       **id,
                               GError     **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *new_id = pb_uuid_new_v7 ();

  insert = pb_db_prepare (db,
                          "INSERT INTO assessments (id, user_id, type, state, campaign_participation_id, "
                          "competence_index, is_improving, created_at, updated_at) "
                          "VALUES ($1, $2, $3, 'started', $4, $5, $6, $7, $7)", error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, new_id);
  pb_db_statement_bind_text (insert, 2, user_id);
  pb_db_statement_bind_text (insert, 3, participation_id != NULL ? "CAMPAIGN" : "COMPETENCE_EVALUATION");
  pb_db_statement_bind_text (insert, 4, participation_id);
  pb_db_statement_bind_text (insert, 5, competence_index);
  pb_db_statement_bind_int64 (insert, 6, is_improving ? 1 : 0);
  pb_db_statement_bind_text (insert, 7, now);
  if (!pb_db_statement_run (insert, error))
    return FALSE;
  *id = g_steal_pointer (&new_id);
  return TRUE;
}

/**
 * pb_learning_load_evaluation_states:
 *
 * Returns: (transfer full): competence index → #PbEvaluationState of the
 *   learner's competence evaluations, or %NULL on @error
 */
GHashTable *
pb_learning_load_evaluation_states (PbDb        *db,
                                    const char  *user_id,
                                    GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GHashTable) states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  select = pb_db_prepare (db,
                          "SELECT e.competence_index, e.status, a.state FROM competence_evaluations e "
                          "JOIN assessments a ON a.id = e.assessment_id WHERE e.user_id = $1", error);
  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, user_id);
  while (pb_db_statement_step (select, error))
    {
      PbEvaluationState state = PB_EVALUATION_STARTED;

      if (g_str_equal (text (select, 1), "reset"))
        state = PB_EVALUATION_RESET;
      else if (g_str_equal (text (select, 2), "completed"))
        state = PB_EVALUATION_COMPLETED;
      g_hash_table_insert (states, g_strdup (text (select, 0)), GINT_TO_POINTER (state));
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&states);
}

gboolean
pb_learning_mark_evaluation_reset (PbDb        *db,
                                   const char  *user_id,
                                   const char  *competence_index,
                                   GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();

  update = pb_db_prepare (db,
                          "UPDATE competence_evaluations SET status = 'reset', updated_at = $3, version = version + 1 "
                          "WHERE user_id = $1 AND competence_index = $2", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, user_id);
  pb_db_statement_bind_text (update, 2, competence_index);
  pb_db_statement_bind_text (update, 3, now);
  return pb_db_statement_run (update, error);
}

/* An assessment replaced by another (improving) stops where it is. */
gboolean
pb_learning_finish_assessment (PbDb        *db,
                               const char  *id,
                               GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();

  if (id == NULL)
    return TRUE;
  update = pb_db_prepare (db,
                          "UPDATE assessments SET state = 'aborted', last_challenge_id = NULL, updated_at = $2, "
                          "version = version + 1 WHERE id = $1 AND state = 'started'", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_text (update, 2, now);
  return pb_db_statement_run (update, error);
}

/**
 * pb_learning_add_challenge:
 *
 * Adds the challenge as a learner sees it: never its answers, nor its
 * skill (whose name tells its level).
 */
void
pb_learning_add_challenge (JsonBuilder       *builder,
                           const PbChallenge *challenge)
{
  pb_jsonapi_begin_resource (builder, "challenges", challenge->id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "type", pb_challenge_type_to_string (challenge->type));
  pb_jsonapi_add_string (builder, "instruction", challenge->instruction);
  json_builder_set_member_name (builder, "proposals");
  json_builder_begin_array (builder);
  for (guint i = 0; challenge->proposals != NULL && challenge->proposals[i] != NULL; i++)
    json_builder_add_string_value (builder, challenge->proposals[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "timer");
  if (challenge->timer > 0)
    json_builder_add_int_value (builder, challenge->timer);
  else
    json_builder_add_null_value (builder);
  pb_jsonapi_add_string (builder, "competence-index", challenge->skill->tube->competence->index);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * pb_learning_update_participation:
 * @set: what changes, an SQL SET list without parameters ("status = 'STARTED'")
 * @condition: (nullable): an SQL condition the row must also meet
 *
 * Changes a participation, bumps its version and puts it in its
 * organization's changes feed.
 */
gboolean
pb_learning_update_participation (PbDb        *db,
                                  const char  *organization_id,
                                  const char  *id,
                                  const char  *set,
                                  const char  *condition,
                                  GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *sql = g_strdup_printf ("UPDATE campaign_participations SET %s, updated_at = $2, "
                                          "version = version + 1 WHERE id = $1%s%s", set,
                                          condition != NULL ? " AND " : "", condition != NULL ? condition : "");

  update = pb_db_prepare (db, sql, error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_text (update, 2, now);
  return pb_db_statement_run (update, error) &&
         pb_changes_record (db, organization_id, "campaign-participations", id, "put", error);
}
