/* pb-knowledge-store.c
 *
 * Knowledge elements in the database: a learner's history is every
 * element ever stored, oldest first; what the engine reasons on is the
 * latest element per skill (pb_knowledge_elements_current()). Skills are
 * stored by name, so an element whose skill left the content is skipped
 * rather than breaking the learner's profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-knowledge-store.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"

/**
 * load_history:
 *
 * Returns: (transfer full): every knowledge element of @user_id, oldest
 *   first, or %NULL on @error
 */
static GArray *
load_history (PbDb         *db,
              PbFramework  *framework,
              const char   *user_id,
              GError      **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GArray) history = g_array_new (FALSE, TRUE, sizeof (PbKnowledgeElement));
  gboolean more;

  select = pb_db_prepare (db,
                          "SELECT skill, status, source, earned_pix, created_at FROM knowledge_elements "
                          "WHERE user_id = $1 ORDER BY created_at, id",
                          error);
  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, user_id);

  while ((more = pb_db_statement_step (select, error)))
    {
      PbKnowledgeElement element = { NULL };

      element.skill = pb_framework_lookup_skill (framework, pb_db_statement_get_text (select, 0));
      if (element.skill == NULL ||
          !pb_ke_status_from_string (pb_db_statement_get_text (select, 1), &element.status) ||
          !pb_ke_source_from_string (pb_db_statement_get_text (select, 2), &element.source))
        continue;
      element.earned_pix = g_ascii_strtod (pb_db_statement_get_text (select, 3), NULL);
      element.created_at = pb_timestamp_parse (pb_db_statement_get_text (select, 4));
      g_array_append_val (history, element);
    }
  if (error != NULL && *error != NULL)
    return NULL;
  return g_steal_pointer (&history);
}

/**
 * pb_knowledge_store_load_current:
 *
 * Returns: (transfer full): the latest knowledge element of each skill of
 *   @user_id (reset ones dropped), or %NULL on @error
 */
GArray *
pb_knowledge_store_load_current (PbDb         *db,
                                 PbFramework  *framework,
                                 const char   *user_id,
                                 GError      **error)
{
  g_autoptr(GArray) history = load_history (db, framework, user_id, error);

  if (history == NULL)
    return NULL;
  return pb_knowledge_elements_current ((const PbKnowledgeElement *)(gpointer)history->data, history->len);
}

/**
 * pb_knowledge_store_save:
 * @assessment_id: (nullable): the assessment they come from
 * @answer_id: (nullable): the answer they come from
 * @elements: new knowledge elements
 */
gboolean
pb_knowledge_store_save (PbDb         *db,
                         const char   *user_id,
                         const char   *assessment_id,
                         const char   *answer_id,
                         GArray       *elements,
                         GError      **error)
{
  g_autoptr(PbDbStatement) insert = NULL;

  if (elements->len == 0)
    return TRUE;

  insert = pb_db_prepare (db,
                          "INSERT INTO knowledge_elements (id, user_id, assessment_id, answer_id, skill, "
                          "competence_index, status, source, earned_pix, created_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                          error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < elements->len; i++)
    {
      const PbKnowledgeElement *element = &g_array_index (elements, PbKnowledgeElement, i);
      g_autofree char *id = pb_uuid_new_v7 ();
      g_autofree char *created_at = pb_timestamp_format_usec (element->created_at);
      char pix[G_ASCII_DTOSTR_BUF_SIZE];

      pb_db_statement_bind_text (insert, 1, id);
      pb_db_statement_bind_text (insert, 2, user_id);
      pb_db_statement_bind_text (insert, 3, assessment_id);
      pb_db_statement_bind_text (insert, 4, answer_id);
      pb_db_statement_bind_text (insert, 5, element->skill->name);
      pb_db_statement_bind_text (insert, 6, element->skill->tube->competence->index);
      pb_db_statement_bind_text (insert, 7, pb_ke_status_to_string (element->status));
      pb_db_statement_bind_text (insert, 8, pb_ke_source_to_string (element->source));
      pb_db_statement_bind_text (insert, 9, g_ascii_dtostr (pix, sizeof pix, element->earned_pix));
      pb_db_statement_bind_text (insert, 10, created_at);
      if (!pb_db_statement_run (insert, error))
        return FALSE;
    }
  return TRUE;
}
