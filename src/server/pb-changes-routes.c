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

/* One row of the changes table, as a page reads it. */
typedef struct
{
  gint64    seq;
  char     *type;
  char     *id;
  gboolean  deleted;
  JsonNode *record;   /* a "put" record as it is now; NULL when it is gone */
} Change;

static void
change_clear (Change *change)
{
  g_free (change->type);
  g_free (change->id);
  g_clear_pointer (&change->record, json_node_unref);
}

/* Up to @limit change rows after @after, in seq order: the whole page is
 * known before any record is read, so that the records can be read kind by
 * kind. */
static GArray *
read_page (PbDb        *db,
           const char  *organization_id,
           gint64       after,
           gint64       limit,
           gboolean    *has_more,
           GError     **error)
{
  g_autoptr(GArray) page = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;

  g_array_set_clear_func (page, (GDestroyNotify)change_clear);
  select = pb_db_prepare (db,
                          "SELECT seq, resource_type, resource_id, op FROM changes "
                          "WHERE organization_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                          error);
  if (select == NULL)
    return NULL;
  pb_db_statement_bind_text (select, 1, organization_id);
  pb_db_statement_bind_int64 (select, 2, after);
  /* One more than asked: whether it exists is has-more. */
  pb_db_statement_bind_int64 (select, 3, limit + 1);

  *has_more = FALSE;
  while (pb_db_statement_step (select, &local_error))
    {
      Change change = { 0 };

      if ((gint64)page->len == limit)
        {
          *has_more = TRUE;
          break;
        }
      change.seq = pb_db_statement_get_int64 (select, 0);
      change.type = g_strdup (pb_db_statement_get_text (select, 1));
      change.id = g_strdup (pb_db_statement_get_text (select, 2));
      change.deleted = g_str_equal (pb_db_statement_get_text (select, 3), "del");
      g_array_append_val (page, change);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&page);
}

/* The page's "put" changes by type, then by id. The changes table keeps
 * one row per record, so an id is there once per page. The tables point
 * into @page, which must not grow while they live. */
static GHashTable *
index_puts (GArray *page)
{
  GHashTable *by_type = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                               (GDestroyNotify)g_hash_table_unref);

  for (guint i = 0; i < page->len; i++)
    {
      Change *change = &g_array_index (page, Change, i);
      GHashTable *by_id;

      if (change->deleted)
        continue;
      by_id = g_hash_table_lookup (by_type, change->type);
      if (by_id == NULL)
        {
          by_id = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (by_type, change->type, by_id);
        }
      g_hash_table_insert (by_id, change->id, change);
    }
  return by_type;
}

/* Renders every record of @kind the page puts, with one SELECT: the ids
 * come from the changes table itself, bounded by the page's seqs, rather
 * than one statement per record (which made the feed the bottleneck of a
 * first sync). It runs in the snapshot the page was read in, so the range
 * holds exactly the page's rows. A record gone since its change keeps
 * record NULL. */
static gboolean
read_records (PbDb                 *db,
              const PbResourceKind *kind,
              const char           *organization_id,
              gint64                after,
              gint64                last,
              GHashTable           *by_id,
              GError              **error)
{
  g_autofree char *sql = g_strconcat (kind->select,
                                      " WHERE r.id IN (SELECT c.resource_id FROM changes c "
                                      "WHERE c.organization_id = $1 AND c.resource_type = $2 "
                                      "AND c.seq > $3 AND c.seq <= $4 AND c.op = 'put')",
                                      NULL);
  g_autoptr(PbDbStatement) select = pb_db_prepare (db, sql, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) local_error = NULL;

  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, organization_id);
  pb_db_statement_bind_text (select, 2, kind->type);
  pb_db_statement_bind_int64 (select, 3, after);
  pb_db_statement_bind_int64 (select, 4, last);

  while (pb_db_statement_step (select, &local_error))
    {
      Change *change = g_hash_table_lookup (by_id, pb_db_statement_get_text (select, 0));

      /* The subquery returns exactly the ids of the page's puts of @kind,
       * in the page's snapshot; anything else is a broken database, a 500
       * rather than an abort of the server. */
      if (change == NULL)
        {
          g_set_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED, "A %s outside the page in the changes feed",
                       kind->type);
          return FALSE;
        }
      pb_resource_add_change (builder, kind, select, change->seq);
      change->record = json_builder_get_root (builder);
      json_builder_reset (builder);
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Reads the records of the page's "put" changes, one SELECT per kind. */
static gboolean
read_page_records (PbDb        *db,
                   GArray      *page,
                   const char  *organization_id,
                   gint64       after,
                   gint64       last,
                   GError     **error)
{
  g_autoptr(GHashTable) by_type = index_puts (page);
  GHashTableIter iter;
  gpointer type, by_id;

  g_hash_table_iter_init (&iter, by_type);
  while (g_hash_table_iter_next (&iter, &type, &by_id))
    {
      const PbResourceKind *kind = pb_resource_kind_lookup (type);

      if (kind == NULL)
        {
          g_set_error (error, PB_DB_ERROR, PB_DB_ERROR_FAILED, "Unknown type %s in the changes feed",
                       (const char *)type);
          return FALSE;
        }
      if (!read_records (db, kind, organization_id, after, last, by_id, error))
        return FALSE;
    }
  return TRUE;
}

/* Adds up to @limit changes after @after, in seq order; returns the last
 * seq added. A "put" whose record is gone is sent as a deletion. */
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
  g_autoptr(GArray) page = read_page (db, organization_id, after, limit, has_more, error);

  if (page == NULL)
    return FALSE;
  *last = page->len > 0 ? g_array_index (page, Change, page->len - 1).seq : after;
  if (!read_page_records (db, page, organization_id, after, *last, error))
    return FALSE;

  for (guint i = 0; i < page->len; i++)
    {
      Change *change = &g_array_index (page, Change, i);

      if (change->record != NULL)
        json_builder_add_value (builder, g_steal_pointer (&change->record));
      else
        add_deletion (builder, change->type, change->id, change->seq);
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
