/* pb-changes-routes.c
 *
 * GET /api/organizations/{id}/changes?cursor=…&limit=… — what the desktop
 * cache pulls (DESIGN §5): the organization's learners, divisions,
 * campaigns and memberships in change order, each resource with meta.seq,
 * meta.version and meta.op ("put" with the record as it is now, "del" with
 * type and id only). meta.next-cursor is what to send next time;
 * meta.has-more says whether to ask again at once. No cursor starts from
 * the beginning (a full snapshot). A cursor the server cannot honour —
 * malformed, from another organization, or ahead of the feed (a restored
 * database) — gets 410: the client starts over from no cursor, keeping its
 * outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-changes.h"
#include "pb-changes-routes.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-resources.h"
#include "pb-server.h"

#define DEFAULT_LIMIT 500
#define MAX_LIMIT 1000

typedef struct
{
  char   *cursor;
  gint64  limit;
} FeedQuery;

static void
feed_query_free (FeedQuery *query)
{
  g_free (query->cursor);
  g_free (query);
}

static gboolean
current_seq (PbDb        *db,
             const char  *organization_id,
             gint64      *seq,
             GError     **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, "SELECT change_seq FROM organizations WHERE id = $1",
                                                      organization_id, &found, error);

  *seq = found ? pb_db_statement_get_int64 (select, 0) : 0;
  return select != NULL;
}

static void
add_deletion (JsonBuilder *builder,
              const char  *type,
              const char  *id,
              gint64       seq)
{
  pb_jsonapi_begin_resource (builder, type, id);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  pb_jsonapi_add_int (builder, "seq", seq);
  json_builder_set_member_name (builder, "version");
  json_builder_add_null_value (builder);
  pb_jsonapi_add_string (builder, "op", "del");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* The record as it is now, from the same snapshot as the change list. */
static gboolean
add_current (JsonBuilder  *builder,
             PbDb         *db,
             const char   *type,
             const char   *id,
             gint64        seq,
             GError      **error)
{
  const PbResourceKind *kind = pb_resource_kind_lookup (type);
  g_autofree char *sql = NULL;
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;

  if (kind == NULL)
    {
      g_set_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED, "Unknown type %s in the changes feed", type);
      return FALSE;
    }

  sql = g_strconcat (kind->select, " WHERE r.id = $1", NULL);
  select = pb_db_prepare (db, sql, error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, id);
  if (pb_db_statement_step (select, &local_error))
    pb_resource_add_change (builder, kind, select, seq);
  else if (local_error == NULL)
    add_deletion (builder, type, id, seq);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Adds up to @limit changes after @after; returns the last seq added. */
static gboolean
add_changes (JsonBuilder  *builder,
             PbDb         *db,
             const char   *organization_id,
             gint64        after,
             gint64        limit,
             gint64       *last,
             gboolean     *has_more,
             GError      **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 count = 0;

  select = pb_db_prepare (db,
                          "SELECT seq, resource_type, resource_id, op FROM changes "
                          "WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, organization_id);
  pb_db_statement_bind_int64 (select, 2, after);
  /* One more than asked: whether it exists is has-more. */
  pb_db_statement_bind_int64 (select, 3, limit + 1);

  *last = after;
  *has_more = FALSE;
  while (pb_db_statement_step (select, &local_error))
    {
      gint64 seq = pb_db_statement_get_int64 (select, 0);
      const char *type = pb_db_statement_get_text (select, 1);
      const char *id = pb_db_statement_get_text (select, 2);

      if (++count > limit)
        {
          *has_more = TRUE;
          break;
        }
      if (g_str_equal (pb_db_statement_get_text (select, 3), "del"))
        add_deletion (builder, type, id, seq);
      else if (!add_current (builder, db, type, id, seq, error))
        return FALSE;
      *last = seq;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_changes (PbRequest   *request,
              PbDb        *db,
              const char  *organization_id,
              GError     **error)
{
  FeedQuery *query = pb_request_get_data (request);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *next = NULL;
  gint64 after = 0, newest, last;
  gboolean has_more;

  if (!current_seq (db, organization_id, &newest, error))
    return FALSE;
  if (query->cursor != NULL &&
      (!pb_changes_cursor_parse (query->cursor, organization_id, &after) || after > newest))
    {
      pb_request_respond_error (request, SOUP_STATUS_GONE, "CURSOR_EXPIRED",
                                "This cursor cannot be continued; read the feed again from the start.", NULL);
      return TRUE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  if (!add_changes (builder, db, organization_id, after, query->limit, &last, &has_more, error))
    return FALSE;
  json_builder_end_array (builder);

  next = pb_changes_cursor_format (organization_id, last);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "next-cursor", next);
  pb_jsonapi_add_bool (builder, "has-more", has_more);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
changes_work (PbRequest *request,
              PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_changes);
}

static void
changes_handler (PbRequest *request)
{
  FeedQuery *query = g_new0 (FeedQuery, 1);

  pb_request_set_data (request, query, (GDestroyNotify)feed_query_free);
  if (!pb_identity_authenticate (request) ||
      !pb_jsonapi_parse_count (request, "limit", DEFAULT_LIMIT, MAX_LIMIT, &query->limit))
    return;

  query->cursor = pb_request_dup_query (request, "cursor");
  if (query->cursor != NULL && query->cursor[0] == '\0')
    g_clear_pointer (&query->cursor, g_free);
  pb_request_defer (request, changes_work);
}

void
pb_changes_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/organizations/{id}/changes", changes_handler);
}
