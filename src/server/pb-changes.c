/* pb-changes.c
 *
 * The per-organization change log behind GET …/changes. Every write that
 * touches an organization's learners, divisions, campaigns or memberships
 * calls pb_changes_record() inside its transaction: the organization's
 * change_seq advances there, under the single writer, so sequence numbers
 * are gapless and commit in order — a reader that saw seq n has seen every
 * change up to n. (An autoincrement would not do: a transaction that took
 * a number early but committed late would be skipped by a reader already
 * past it.)
 *
 * The log keeps the newest change of each record only; a record written
 * again moves to the end. A client paging through the feed while writes
 * land therefore sees every record's final state at least once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-changes.h"

/* Cursors are "<seq>.<tag>": the tag binds a cursor to its organization, so
 * that a cursor sent to another organization's feed is refused (410)
 * instead of silently skipping that organization's first changes.
 */
#define CURSOR_TAG_LENGTH 8

static char *
cursor_tag (const char *organization_id)
{
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, organization_id, -1);

  return g_strndup (digest, CURSOR_TAG_LENGTH);
}

/**
 * pb_changes_record:
 * @op: "put" (created or changed) or "del" (deleted)
 *
 * Records a change of one resource of @organization_id. Call inside the
 * write transaction that made the change.
 */
gboolean
pb_changes_record (PbDb        *db,
                   const char  *organization_id,
                   const char  *resource_type,
                   const char  *resource_id,
                   const char  *op,
                   GError     **error)
{
  g_autoptr(PbDbStatement) advance = NULL;
  g_autoptr(PbDbStatement) upsert = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 seq;

  advance = pb_db_prepare (db,
                           "UPDATE organizations SET change_seq = change_seq + 1 WHERE id = $1 "
                           "RETURNING change_seq",
                           error);
  if (advance == NULL)
    return FALSE;
  pb_db_statement_bind_text (advance, 1, organization_id);
  if (!pb_db_statement_step (advance, &local_error))
    {
      if (local_error == NULL)
        g_set_error (&local_error, PB_DB_ERROR, PB_DB_ERROR_FAILED, "No organization %s", organization_id);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  seq = pb_db_statement_get_int64 (advance, 0);

  upsert = pb_db_prepare (db,
                          "INSERT INTO changes (organization_id, resource_type, resource_id, seq, op) "
                          "VALUES ($1, $2, $3, $4, $5) "
                          "ON CONFLICT (organization_id, resource_type, resource_id) "
                          "DO UPDATE SET seq = excluded.seq, op = excluded.op",
                          error);
  if (upsert == NULL)
    return FALSE;
  pb_db_statement_bind_text (upsert, 1, organization_id);
  pb_db_statement_bind_text (upsert, 2, resource_type);
  pb_db_statement_bind_text (upsert, 3, resource_id);
  pb_db_statement_bind_int64 (upsert, 4, seq);
  pb_db_statement_bind_text (upsert, 5, op);
  return pb_db_statement_run (upsert, error);
}

char *
pb_changes_cursor_format (const char *organization_id,
                          gint64      seq)
{
  g_autofree char *tag = cursor_tag (organization_id);

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%s", seq, tag);
}

/**
 * pb_changes_cursor_parse:
 * @seq: (out): the last change the cursor's holder has
 *
 * Returns: %FALSE when @cursor is malformed or belongs to another
 *   organization
 */
gboolean
pb_changes_cursor_parse (const char *cursor,
                         const char *organization_id,
                         gint64     *seq)
{
  g_autofree char *tag = cursor_tag (organization_id);
  const char *dot = strchr (cursor, '.');
  g_autofree char *number = NULL;
  guint64 value;

  if (dot == NULL || dot == cursor || !g_str_equal (dot + 1, tag))
    return FALSE;

  number = g_strndup (cursor, (gsize)(dot - cursor));
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;

  *seq = (gint64)value;
  return TRUE;
}
