/* pb-participation-share.c
 *
 * "J'envoie mes résultats" (pix-domain §5.4): the moment a learner's
 * results become the organization's. Everything teachers see is computed
 * here, from the learner's knowledge at that moment, and stored:
 *   - on the participation: validated skills of the target profile, pix,
 *     mastery rate (validated / target skills; pix / max pix for a
 *     profiles collection), certifiability (profiles collection), and a
 *     JSON snapshot per competence and per target skill;
 *   - on the organization learner: the pix and certifiability of the
 *     whole profile, and since when the learner is certifiable;
 *   - one shared scorecard per competence.
 * All of it enters the organization's changes feed, so the desktop cache
 * gets it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-changes.h"
#include "pb-content.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-participation-result.h"
#include "pb-participation-share.h"
#include "pb-timestamp.h"

static void
add_competences (JsonBuilder                 *builder,
                 const PbParticipationResult *result)
{
  json_builder_set_member_name (builder, "competences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->competences->len; i++)
    {
      const PbCompetenceResult *competence = &g_array_index (result->competences, PbCompetenceResult, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_string_value (builder, competence->competence->index);
      json_builder_set_member_name (builder, "pix");
      json_builder_add_int_value (builder, competence->score.pix);
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, competence->score.level);
      json_builder_set_member_name (builder, "target-skills");
      json_builder_add_int_value (builder, competence->target_skills);
      json_builder_set_member_name (builder, "validated-skills");
      json_builder_add_int_value (builder, competence->validated_skills);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Skill name → "validated" / "invalidated" for the tested target skills:
 * what per-tube analysis and the CSV's skill columns need. */
static void
add_skills (JsonBuilder  *builder,
            GPtrArray    *targeted,
            const GArray *knowledge)
{
  g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < targeted->len; i++)
    g_hash_table_add (set, g_ptr_array_index (targeted, i));

  json_builder_set_member_name (builder, "skills");
  json_builder_begin_object (builder);
  for (guint i = 0; i < knowledge->len; i++)
    {
      const PbKnowledgeElement *element = &g_array_index (knowledge, PbKnowledgeElement, i);

      if (!g_hash_table_contains (set, element->skill))
        continue;
      json_builder_set_member_name (builder, element->skill->name);
      json_builder_add_string_value (builder, pb_ke_status_to_string (element->status));
    }
  json_builder_end_object (builder);
}

static char *
results_json (const PbParticipationResult *result,
              GPtrArray                   *targeted,
              const GArray                *knowledge)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_competences (builder, result);
  if (targeted != NULL)
    add_skills (builder, targeted, knowledge);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
store_participation (PbDb                        *db,
                     const PbShareTarget         *target,
                     const PbParticipationResult *result,
                     const char                  *results,
                     const char                  *now,
                     GError                     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  char mastery[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean collection = target->target_profile_id == NULL;

  update = pb_db_prepare (db,
                          "UPDATE campaign_participations SET status = 'SHARED', shared_at = $2, "
                          "validated_skills_count = $3, pix_score = $4, mastery_rate = $5, is_certifiable = $6, "
                          "certifiable_competences_count = $7, results = $8, updated_at = $2, "
                          "version = version + 1 WHERE id = $1", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, target->participation_id);
  pb_db_statement_bind_text (update, 2, now);
  pb_db_statement_bind_int64 (update, 3, result->validated_skills_count);
  pb_db_statement_bind_int64 (update, 4, result->pix_score);
  pb_db_statement_bind_text (update, 5, g_ascii_dtostr (mastery, sizeof mastery, result->mastery_rate));
  /* Certifiability belongs to profiles collections (§5.4). */
  if (collection)
    {
      pb_db_statement_bind_int64 (update, 6, result->is_certifiable ? 1 : 0);
      pb_db_statement_bind_int64 (update, 7, result->certifiable_competences_count);
    }
  else
    {
      pb_db_statement_bind_text (update, 6, NULL);
      pb_db_statement_bind_text (update, 7, NULL);
    }
  pb_db_statement_bind_text (update, 8, results);
  return pb_db_statement_run (update, error) &&
         pb_changes_record (db, target->organization_id, "campaign-participations", target->participation_id,
                            "put", error);
}

/* certifiable_at keeps the first moment of an unbroken certifiable run. */
static gboolean
store_learner (PbDb                        *db,
               const PbShareTarget         *target,
               const PbParticipationResult *profile,
               const char                  *now,
               GError                     **error)
{
  g_autoptr(PbDbStatement) update = NULL;

  update = pb_db_prepare (db,
                          "UPDATE organization_learners SET pix_score = $2, is_certifiable = $3, "
                          "certifiable_at = CASE WHEN $3 = 0 THEN NULL "
                          "WHEN is_certifiable = 1 THEN certifiable_at ELSE $4 END, "
                          "updated_at = $4, version = version + 1 WHERE id = $1", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, target->organization_learner_id);
  pb_db_statement_bind_int64 (update, 2, profile->pix_score);
  pb_db_statement_bind_int64 (update, 3, profile->is_certifiable ? 1 : 0);
  pb_db_statement_bind_text (update, 4, now);
  return pb_db_statement_run (update, error) &&
         pb_changes_record (db, target->organization_id, "organization-learners", target->organization_learner_id,
                            "put", error);
}

static gboolean
store_scorecards (PbDb                        *db,
                  const PbShareTarget         *target,
                  const PbParticipationResult *profile,
                  const char                  *now,
                  GError                     **error)
{
  g_autoptr(PbDbStatement) upsert = NULL;

  upsert = pb_db_prepare (db,
                          "INSERT INTO shared_scorecards (id, organization_id, organization_learner_id, "
                          "competence_index, pix, level, shared_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                          "ON CONFLICT (id) DO UPDATE SET pix = $5, level = $6, shared_at = $7, "
                          "version = shared_scorecards.version + 1", error);
  if (upsert == NULL)
    return FALSE;

  for (guint i = 0; i < profile->competences->len; i++)
    {
      const PbCompetenceResult *competence = &g_array_index (profile->competences, PbCompetenceResult, i);
      g_autofree char *id = g_strdup_printf ("%s_%s", target->organization_learner_id, competence->competence->index);

      pb_db_statement_bind_text (upsert, 1, id);
      pb_db_statement_bind_text (upsert, 2, target->organization_id);
      pb_db_statement_bind_text (upsert, 3, target->organization_learner_id);
      pb_db_statement_bind_text (upsert, 4, competence->competence->index);
      pb_db_statement_bind_int64 (upsert, 5, competence->score.pix);
      pb_db_statement_bind_int64 (upsert, 6, competence->score.level);
      pb_db_statement_bind_text (upsert, 7, now);
      if (!pb_db_statement_run (upsert, error) ||
          !pb_changes_record (db, target->organization_id, "scorecards", id, "put", error))
        return FALSE;
    }
  return TRUE;
}

/**
 * pb_participation_share:
 * @target: what is shared with whom
 *
 * Computes and stores the results of a participation being shared. The
 * caller has checked that it may be.
 */
gboolean
pb_participation_share (PbDb                  *db,
                        const PbScoringRules  *rules,
                        const PbShareTarget   *target,
                        GError               **error)
{
  PbFramework *framework = pb_content_get_framework ();
  g_autoptr(GArray) knowledge = NULL;
  g_autoptr(GPtrArray) targeted = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *results = NULL;
  PbParticipationResult result = { 0 };
  PbParticipationResult profile = { 0 };
  gboolean ok;

  if ((knowledge = pb_knowledge_store_load_current (db, framework, target->user_id, error)) == NULL)
    return FALSE;
  if (target->target_profile_id != NULL)
    targeted = pb_learning_profile_skills (target->target_profile_id);

  pb_participation_result_compute (framework, rules, targeted, knowledge, &result);
  pb_participation_result_compute (framework, rules, NULL, knowledge, &profile);
  results = results_json (&result, targeted, knowledge);

  ok = store_participation (db, target, &result, results, now, error) &&
       store_learner (db, target, &profile, now, error) &&
       store_scorecards (db, target, &profile, now, error);

  pb_participation_result_clear (&result);
  pb_participation_result_clear (&profile);
  return ok;
}
