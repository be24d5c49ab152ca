/* pb-sync-engine.c
 *
 * One sync (run_once) is: GET /api/me (new organizations appear), push the
 * outbox in order, then pull each organization's changes feed page by page.
 *
 * Push. Every entry goes with its own Idempotency-Key, the same at every
 * retry, so a write whose answer was lost is replayed by the server rather
 * than done twice. 2xx: acknowledged. 412: a conflict, kept with the
 * server's record for the person to settle; later entries of the same
 * campaign wait for that. Another 4xx: rejected, kept with the server's
 * reasons, and the push goes on. No answer, 401 after a refresh, 408, 429
 * or 5xx: the failure is noted and the push stops there, so that edits
 * reach the server in the order they were made.
 *
 * Pull. Each page is applied with its cursor in one store transaction, so
 * a sync cut short (network, crash, SIGKILL) resumes from the last page
 * kept. 410: the cursor cannot be continued, the organization's data is
 * dropped and read again from the start; the outbox is kept.
 *
 * The background loop runs in a thread of its own with its own main
 * context: a sync at start, another a second after a local edit (the
 * store's ::changed, received on the main thread and forwarded), one per
 * poll interval, and after a failure one after an exponential backoff with
 * jitter. Properties change on the main context of the thread that created
 * the engine (for one created in a GTask thread: the global default
 * context, the GTK main loop's).
 *
 * PB_SYNC_PAGE_SIZE (1 to 1000, default 1000) sets the changes feed's page
 * size: tests use small pages to get several of them from a small school.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pb-server-errors.h"
#include "pb-sync-engine.h"

#define DEFAULT_PAGE_SIZE 1000
#define DEFAULT_POLL_SECONDS 60
#define DEFAULT_BACKOFF_FIRST_MS 2000
#define DEFAULT_BACKOFF_MAX_MS (5 * 60 * 1000)
/* A burst of edits (a few renames in a row) goes in one sync. */
#define LOCAL_EDIT_DELAY_MS 1000
#define LAST_SYNC_META "last-sync"
#define JSON_API_TYPE "application/vnd.api+json"
/* RFC 6585; libsoup 3.2 names no 429. */
#define STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  TRIGGER_START,
  TRIGGER_TIMER,
  TRIGGER_LOCAL_EDIT,
  TRIGGER_NOW,
  TRIGGER_NETWORK,
} Trigger;

/* A first sync's progress: records received against an estimate of the
 * whole (the feed gives no total). */
typedef struct
{
  gboolean active;
  guint64  done;          /* records of the organizations already pulled */
  guint64  remaining;     /* estimates of the organizations not started yet */
  guint64  received;      /* records of the organization being pulled */
  guint64  estimate;      /* its estimate */
  double   shown;         /* never goes back */
} Progress;

struct _PbSyncEngine
{
  GObject        parent_instance;

  PbStore       *store;
  PbApiClient   *client;

  /* Where the properties below change and ::notify is emitted. */
  GMainContext  *owner_context;
  PbSyncState    state;
  guint          pending_count;
  guint          conflict_count;
  gint64         last_sync;
  double         progress;
  char          *message;

  guint          page_size;

  /* Settings; and the thread, while the background loop runs. */
  GMutex         lock;
  guint          poll_seconds;
  guint          backoff_first_ms;
  guint          backoff_max_ms;
  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;
  GCancellable  *cancellable;
  gulong         store_handler;
  gulong         network_handler;
  gint           network_available;   /* atomic */

  /* One sync at a time, background loop or run_once() from a test. */
  GMutex         run_lock;
  guint          retry_after;         /* seconds the server asked for, last run */

  /* The sync thread's own. */
  GSource       *timer;
  GSource       *edit_timer;
  guint          failures;
  gboolean       waiting;             /* backing off, or waiting for a sign-in */
};

G_DEFINE_FINAL_TYPE (PbSyncEngine, pb_sync_engine, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PbSyncState, pb_sync_state,
  G_DEFINE_ENUM_VALUE (PB_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PB_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (PB_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (PB_SYNC_STATE_NEEDS_SIGN_IN, "needs-sign-in"),
  G_DEFINE_ENUM_VALUE (PB_SYNC_STATE_ERROR, "error"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_CONFLICT_COUNT,
  PROP_LAST_SYNC,
  PROP_PROGRESS,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Properties change on the owner's context                             */

typedef struct
{
  PbSyncEngine *self;
  guint         prop;
  PbSyncState   state;
  guint         count;
  gint64        time;
  double        progress;
  char         *message;
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  g_object_unref (update->self);
  g_free (update->message);
  g_free (update);
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  PbSyncEngine *self = update->self;
  gboolean changed = FALSE;

  switch (update->prop)
    {
    case PROP_STATE:
      changed = self->state != update->state;
      self->state = update->state;
      break;

    case PROP_PENDING_COUNT:
      changed = self->pending_count != update->count;
      self->pending_count = update->count;
      break;

    case PROP_CONFLICT_COUNT:
      changed = self->conflict_count != update->count;
      self->conflict_count = update->count;
      break;

    case PROP_LAST_SYNC:
      changed = self->last_sync != update->time;
      self->last_sync = update->time;
      break;

    case PROP_PROGRESS:
      changed = self->progress != update->progress;
      self->progress = update->progress;
      break;

    case PROP_MESSAGE:
      changed = g_strcmp0 (self->message, update->message) != 0;
      g_free (self->message);
      self->message = g_steal_pointer (&update->message);
      break;

    default:
      g_assert_not_reached ();
    }

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[update->prop]);
  return G_SOURCE_REMOVE;
}

/* One idle per change, in order: a page of a first sync is one
 * notify::progress even when the owner's loop runs behind. */
static void
publish (PbSyncEngine *self,
         Update       *update)
{
  g_autoptr(GSource) source = NULL;

  update->self = g_object_ref (self);
  if (g_main_context_is_owner (self->owner_context))
    {
      apply_update (update);
      update_free (update);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[pb-sync] notify");
  g_source_set_callback (source, apply_update, update, update_free);
  g_source_attach (source, self->owner_context);
}

static void
publish_state (PbSyncEngine *self,
               PbSyncState   state)
{
  Update *update = g_new0 (Update, 1);

  update->prop = PROP_STATE;
  update->state = state;
  publish (self, update);
}

static void
publish_count (PbSyncEngine *self,
               guint         prop,
               guint         count)
{
  Update *update = g_new0 (Update, 1);

  update->prop = prop;
  update->count = count;
  publish (self, update);
}

static void
publish_last_sync (PbSyncEngine *self,
                   gint64        time)
{
  Update *update = g_new0 (Update, 1);

  update->prop = PROP_LAST_SYNC;
  update->time = time;
  publish (self, update);
}

static void
publish_progress (PbSyncEngine *self,
                  double        progress)
{
  Update *update = g_new0 (Update, 1);

  update->prop = PROP_PROGRESS;
  update->progress = progress;
  publish (self, update);
}

static void
publish_message (PbSyncEngine *self,
                 const char   *message)
{
  Update *update = g_new0 (Update, 1);

  update->prop = PROP_MESSAGE;
  update->message = g_strdup (message);
  publish (self, update);
}

/* Entries still to send. pb_store_count_pending() counts every entry
 * not acknowledged, the conflicts and rejections waiting for the person
 * included; those are the conflict count, not "changes to send". */
static guint
count_to_send (PbSyncEngine  *self,
               guint         *conflicts,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  guint unacknowledged;

  *conflicts = pb_store_count_conflicts (self->store, &local_error);
  if (local_error == NULL)
    unacknowledged = pb_store_count_pending (self->store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return unacknowledged - MIN (unacknowledged, *conflicts);
}

/* Best effort: the counts are for people, a failed read is not a failed
 * sync. Returns the entries to send. */
static guint
refresh_counts (PbSyncEngine *self)
{
  g_autoptr(GError) error = NULL;
  guint pending, conflicts;

  pending = count_to_send (self, &conflicts, &error);
  if (error != NULL)
    {
      g_debug ("Cannot count the outbox: %s", error->message);
      return 0;
    }
  publish_count (self, PROP_PENDING_COUNT, pending);
  publish_count (self, PROP_CONFLICT_COUNT, conflicts);
  return pending;
}

/* ------------------------------------------------------------------ */
/* Answers                                                              */

static gboolean
is_network_error (const GError *error)
{
  return error != NULL &&
         (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR) &&
         !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static JsonNode *
parse_body (PbApiResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (response->body, &size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize)size, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_ref (root);
}

static JsonObject *
data_object (JsonNode *root)
{
  JsonNode *data;

  if (root == NULL)
    return NULL;
  data = json_object_get_member (json_node_get_object (root), "data");
  return data != NULL && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
}

static JsonArray *
errors_array (JsonNode *root)
{
  JsonNode *errors;

  if (root == NULL)
    return NULL;
  errors = json_object_get_member (json_node_get_object (root), "errors");
  return errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) ? json_node_get_array (errors) : NULL;
}

static const char *
first_error_code (JsonNode *root)
{
  JsonArray *errors = errors_array (root);
  JsonNode *first;

  if (errors == NULL || json_array_get_length (errors) == 0)
    return NULL;
  first = json_array_get_element (errors, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (first), "code", NULL);
}

/* Every error, one per line, in French with its line or pupil
 * (pb-server-errors.c): a learner file's answer lists each of its errors,
 * and the person needs all of them to fix the file in one go. */
static char *
describe_refusal (PbApiResponse *response,
                  JsonNode      *root)
{
  JsonArray *errors = errors_array (root);
  g_autoptr(GString) reason = g_string_new (NULL);

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      g_autofree char *line = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      line = pb_server_error_describe (json_node_get_object (node));
      if (reason->len > 0)
        g_string_append_c (reason, '\n');
      g_string_append (reason, line);
    }

  if (reason->len == 0)
    g_string_printf (reason, _("The server refused this change (HTTP error %u)"), response->status);
  return g_string_free (g_steal_pointer (&reason), FALSE);
}

/* Answers after which the same request may well succeed later. */
static gboolean
is_temporary (guint status)
{
  return status == SOUP_STATUS_UNAUTHORIZED ||
         status == SOUP_STATUS_REQUEST_TIMEOUT ||
         status == STATUS_TOO_MANY_REQUESTS ||
         status >= 500;
}

static void
set_temporary_error (PbSyncEngine   *self,
                     PbApiResponse  *response,
                     GError        **error)
{
  if (response->status == STATUS_TOO_MANY_REQUESTS)
    {
      self->retry_after = MAX (self->retry_after, response->retry_after);
      g_set_error (error, PB_API_ERROR, PB_API_ERROR_TOO_MANY_ATTEMPTS,
                   _("The server is busy (HTTP error %u)"), response->status);
    }
  else if (response->status >= 500)
    {
      self->retry_after = MAX (self->retry_after, response->retry_after);
      g_set_error (error, PB_API_ERROR, PB_API_ERROR_SERVER,
                   _("The server failed to answer (HTTP error %u)"), response->status);
    }
  else if (response->status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_REFUSED,
                         _("The server refused a new session"));
  else
    g_set_error (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                 _("The server gave an unexpected answer (HTTP %u)"), response->status);
}

/* ------------------------------------------------------------------ */
/* Push                                                                 */

typedef struct
{
  const char *method;
  char       *path;
  const char *content_type;
  gint64      if_version;
} Request;

static void
request_clear (Request *request)
{
  g_free (request->path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment != NULL ? segment : "", NULL, FALSE);
}

static gboolean
describe_request (PbOutboxEntry *entry,
                  Request       *request)
{
  g_autofree char *id = escape (entry->entity_id);
  g_autofree char *organization = escape (entry->organization_id);

  switch (entry->op)
    {
    case PB_OUTBOX_CREATE_CAMPAIGN:
      request->method = "POST";
      request->path = g_strdup ("/api/campaigns");
      request->content_type = JSON_API_TYPE;
      return TRUE;

    case PB_OUTBOX_RENAME_CAMPAIGN:
      request->method = "PATCH";
      request->path = g_strconcat ("/api/campaigns/", id, NULL);
      request->content_type = JSON_API_TYPE;
      request->if_version = entry->if_version;
      return TRUE;

    case PB_OUTBOX_ARCHIVE_CAMPAIGN:
    case PB_OUTBOX_UNARCHIVE_CAMPAIGN:
      request->method = entry->op == PB_OUTBOX_ARCHIVE_CAMPAIGN ? "PUT" : "DELETE";
      request->path = g_strconcat ("/api/campaigns/", id, "/archive", NULL);
      request->if_version = entry->if_version;
      return TRUE;

    case PB_OUTBOX_IMPORT_LEARNERS:
      if (g_strcmp0 (entry->format, "xml") != 0 && g_strcmp0 (entry->format, "csv") != 0)
        return FALSE;
      request->method = "POST";
      request->path = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/"
                                       "import-siecle?format=%s",
                                       organization, entry->format);
      request->content_type = g_str_equal (entry->format, "xml") ? "application/xml" : "text/csv";
      return TRUE;

    default:
      return FALSE;
    }
}

/* 409 ID_TAKEN on a create: the campaign with our id exists, so an earlier
 * send went through and its answer was lost. Idempotency keys make this
 * unlikely; if it happens, the campaign as it is now is the answer. */
static gboolean
acknowledge_existing (PbSyncEngine   *self,
                      PbOutboxEntry  *entry,
                      PbApiResponse  *conflict,
                      JsonNode       *conflict_root,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autofree char *id = escape (entry->entity_id);
  g_autofree char *path = g_strconcat ("/api/campaigns/", id, NULL);
  g_autoptr(PbApiResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reason = NULL;

  response = pb_api_client_send (self->client, "GET", path, NULL, 0, NULL, NULL,
                                 cancellable, error);
  if (response == NULL)
    return FALSE;
  if (is_temporary (response->status))
    {
      set_temporary_error (self, response, error);
      return FALSE;
    }

  root = parse_body (response);
  if (response->status == SOUP_STATUS_OK && data_object (root) != NULL)
    return pb_store_outbox_acknowledge (self->store, entry->mid, data_object (root), error);

  /* Not ours to see: the id is another organization's. */
  reason = describe_refusal (conflict, conflict_root);
  return pb_store_outbox_reject (self->store, entry->mid, conflict->status, "ID_TAKEN",
                                 reason, error);
}

static gboolean
settle_entry (PbSyncEngine   *self,
              PbOutboxEntry  *entry,
              PbApiResponse  *response,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(JsonNode) root = parse_body (response);
  g_autofree char *reason = NULL;
  const char *code;

  if (SOUP_STATUS_IS_SUCCESSFUL (response->status))
    return pb_store_outbox_acknowledge (self->store, entry->mid, data_object (root), error);

  if (response->status == SOUP_STATUS_PRECONDITION_FAILED)
    {
      if (data_object (root) == NULL)
        {
          g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                               _("The server’s answer could not be read"));
          return FALSE;
        }
      return pb_store_outbox_conflict (self->store, entry->mid, data_object (root), error);
    }

  code = first_error_code (root);
  if (response->status == SOUP_STATUS_CONFLICT && entry->op == PB_OUTBOX_CREATE_CAMPAIGN &&
      g_strcmp0 (code, "ID_TAKEN") == 0)
    return acknowledge_existing (self, entry, response, root, cancellable, error);

  if (response->status >= 400 && response->status < 500)
    {
      reason = describe_refusal (response, root);
      return pb_store_outbox_reject (self->store, entry->mid, response->status, code,
                                     reason, error);
    }

  g_set_error (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
               _("The server gave an unexpected answer (HTTP %u)"), response->status);
  return FALSE;
}

/* The failure is written down with the entry (the person sees why it is
 * still pending), and the push stops. */
static gboolean
note_failure (PbSyncEngine  *self,
              PbOutboxEntry *entry,
              GError       **error)
{
  g_autoptr(GError) store_error = NULL;

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (!pb_store_outbox_note_failure (self->store, entry->mid, (*error)->message, &store_error))
    g_debug ("Cannot note the failure of change %" G_GINT64_FORMAT ": %s",
             entry->mid, store_error->message);
  return FALSE;
}

static gboolean
push_entry (PbSyncEngine   *self,
            PbOutboxEntry  *entry,
            GCancellable   *cancellable,
            GError        **error)
{
  g_auto(Request) request = { 0 };
  g_autoptr(PbApiResponse) response = NULL;

  if (!describe_request (entry, &request))
    return pb_store_outbox_reject (self->store, entry->mid, 0, "UNSUPPORTED",
                                   _("This version of Pix Bureau cannot send this change"), error);

  response = pb_api_client_send (self->client, request.method, request.path, entry->key,
                                 request.if_version, request.content_type, entry->payload,
                                 cancellable, error);
  if (response == NULL)
    return note_failure (self, entry, error);

  if (is_temporary (response->status))
    {
      set_temporary_error (self, response, error);
      return note_failure (self, entry, error);
    }

  if (!settle_entry (self, entry, response, cancellable, error))
    {
      /* A lost answer to the follow-up GET is a network failure too. */
      if (is_network_error (*error) ||
          g_error_matches (*error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER))
        return note_failure (self, entry, error);
      return FALSE;
    }
  return TRUE;
}

/* What push() works from: the pending entries in order, and the campaigns
 * with a conflict to settle. Such a campaign keeps its later edits until
 * the person chose: sent now, they would land out of order. */
typedef struct
{
  GPtrArray  *entries;      /* (element-type PbOutboxEntry) */
  GPtrArray  *conflicts;    /* (element-type PbConflict) */
  GHashTable *waiting;      /* entity ids, owned by conflicts */
} Outbox;

static void
outbox_clear (Outbox *outbox)
{
  g_clear_pointer (&outbox->waiting, g_hash_table_unref);
  g_clear_pointer (&outbox->conflicts, g_ptr_array_unref);
  g_clear_pointer (&outbox->entries, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outbox, outbox_clear)

static gboolean
outbox_read (PbSyncEngine  *self,
             Outbox        *outbox,
             GError       **error)
{
  outbox_clear (outbox);
  outbox->entries = pb_store_list_outbox (self->store, error);
  if (outbox->entries == NULL)
    return FALSE;
  outbox->conflicts = pb_store_list_conflicts (self->store, error);
  if (outbox->conflicts == NULL)
    return FALSE;

  outbox->waiting = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < outbox->conflicts->len; i++)
    {
      PbConflict *conflict = g_ptr_array_index (outbox->conflicts, i);

      if (conflict->state == PB_OUTBOX_CONFLICT && conflict->entity_id != NULL)
        g_hash_table_add (outbox->waiting, conflict->entity_id);
    }
  return TRUE;
}

/* The first entry after @after that may go now. */
static PbOutboxEntry *
outbox_next (Outbox *outbox,
             gint64  after)
{
  for (guint i = 0; i < outbox->entries->len; i++)
    {
      PbOutboxEntry *entry = g_ptr_array_index (outbox->entries, i);

      if (entry->mid > after && entry->state == PB_OUTBOX_PENDING &&
          (entry->entity_id == NULL || !g_hash_table_contains (outbox->waiting, entry->entity_id)))
        return entry;
    }
  return NULL;
}

/* Whether a later entry edits the same campaign as @entry. */
static gboolean
outbox_has_later_edit (Outbox        *outbox,
                       PbOutboxEntry *entry)
{
  if (entry->entity_id == NULL)
    return FALSE;

  for (guint i = 0; i < outbox->entries->len; i++)
    {
      PbOutboxEntry *other = g_ptr_array_index (outbox->entries, i);

      if (other->mid > entry->mid && g_strcmp0 (other->entity_id, entry->entity_id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Sends the outbox in order. Settling an entry changes the later entries
 * of the same campaign in the store — acknowledged, they are rebased on
 * the server's answer (If-Match version); in conflict, they wait — so the
 * outbox is read again then, rather than sending stale copies. */
static gboolean
push (PbSyncEngine  *self,
      GCancellable  *cancellable,
      GError       **error)
{
  g_auto(Outbox) outbox = { 0 };
  PbOutboxEntry *entry;
  gint64 after = 0;

  if (!outbox_read (self, &outbox, error))
    return FALSE;

  while ((entry = outbox_next (&outbox, after)) != NULL)
    {
      gboolean stale = outbox_has_later_edit (&outbox, entry);

      if (!push_entry (self, entry, cancellable, error))
        return FALSE;
      after = entry->mid;
      if (stale && !outbox_read (self, &outbox, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Pull                                                                 */

/* meta.rowCount of a one-item page of a paged list; 0 when unknown. */
static guint64
count_rows (PbSyncEngine *self,
            const char   *path,
            GCancellable *cancellable)
{
  g_autoptr(PbApiResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *meta;

  response = pb_api_client_send (self->client, "GET", path, NULL, 0, NULL, NULL, cancellable, NULL);
  if (response == NULL || response->status != SOUP_STATUS_OK ||
      (root = parse_body (response)) == NULL)
    return 0;
  meta = json_object_get_member (json_node_get_object (root), "meta");
  if (meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta))
    return 0;
  return (guint64)MAX (0, json_object_get_int_member_with_default (json_node_get_object (meta),
                                                                   "rowCount", 0));
}

/* The feed has no total. Its records are mostly learners, then campaigns,
 * so their counts (one cheap page each) give a first estimate; a school
 * with many shared results has more records than that, and the estimate
 * then grows with the pages (see progress_page()). */
static guint64
estimate_records (PbSyncEngine *self,
                  const char   *organization_id,
                  GCancellable *cancellable)
{
  g_autofree char *id = escape (organization_id);
  g_autofree char *learners =
    g_strdup_printf ("/api/organizations/%s/organization-learners?page%%5Bsize%%5D=1", id);
  g_autofree char *campaigns =
    g_strdup_printf ("/api/organizations/%s/campaigns?page%%5Bsize%%5D=1", id);

  return count_rows (self, learners, cancellable) + count_rows (self, campaigns, cancellable) + 1;
}

static void
progress_publish (PbSyncEngine *self,
                  Progress     *progress,
                  gboolean      more)
{
  guint64 whole = progress->done + MAX (progress->estimate, progress->received) +
                  progress->remaining;
  double value;

  /* While pages remain, at least one more is coming. */
  if (more)
    whole = MAX (whole, progress->done + progress->received + self->page_size +
                        progress->remaining);
  value = whole > 0 ? (double)(progress->done + progress->received) / (double)whole : 0.0;
  value = MIN (value, 0.99);
  if (value > progress->shown)
    {
      progress->shown = value;
      publish_progress (self, value);
    }
}

static void
progress_page (PbSyncEngine *self,
               Progress     *progress,
               guint         n_records,
               gboolean      more)
{
  if (!progress->active)
    return;
  progress->received += n_records;
  progress_publish (self, progress, more);
}

static void
progress_next_organization (Progress *progress,
                            guint64   estimate)
{
  progress->done += progress->received;
  progress->received = 0;
  progress->remaining -= MIN (progress->remaining, estimate);
  progress->estimate = estimate;
}

static char *
changes_path (const char *organization_id,
              const char *cursor,
              guint       limit)
{
  g_autofree char *id = escape (organization_id);
  g_autofree char *escaped_cursor = NULL;

  if (cursor == NULL)
    return g_strdup_printf ("/api/organizations/%s/changes?limit=%u", id, limit);
  escaped_cursor = escape (cursor);
  return g_strdup_printf ("/api/organizations/%s/changes?limit=%u&cursor=%s",
                          id, limit, escaped_cursor);
}

/* A GET of the feed in a thread of its own: the next page travels while
 * this one is written to the cache (the server takes about as long to
 * render a page as the cache to take it in). Nothing is kept from a page
 * before its turn: a sync cut short loses only pages not yet applied. */
typedef struct
{
  PbApiClient   *client;
  char          *path;
  GCancellable  *cancellable;
  GCancellable  *parent;
  gulong         parent_handler;
  GThread       *thread;
  PbApiResponse *response;
  GError        *error;
} Fetch;

static gpointer
fetch_thread (gpointer data)
{
  Fetch *fetch = data;

  fetch->response = pb_api_client_send (fetch->client, "GET", fetch->path, NULL, 0, NULL, NULL,
                                        fetch->cancellable, &fetch->error);
  return NULL;
}

static void
cancel_fetch (GCancellable *parent,
              gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static Fetch *
fetch_start (PbSyncEngine *self,
             const char   *organization_id,
             const char   *cursor,
             GCancellable *parent)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->client = g_object_ref (self->client);
  fetch->path = changes_path (organization_id, cursor, self->page_size);
  fetch->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      fetch->parent = g_object_ref (parent);
      fetch->parent_handler = g_cancellable_connect (parent, G_CALLBACK (cancel_fetch),
                                                     g_object_ref (fetch->cancellable),
                                                     g_object_unref);
    }
  fetch->thread = g_thread_new ("pb-sync-fetch", fetch_thread, fetch);
  return fetch;
}

/* Waits for the answer. */
static PbApiResponse *
fetch_finish (Fetch   *fetch,
              GError **error)
{
  PbApiResponse *response;

  g_thread_join (fetch->thread);
  if (fetch->parent != NULL)
    g_cancellable_disconnect (fetch->parent, fetch->parent_handler);
  g_clear_object (&fetch->parent);
  g_clear_object (&fetch->cancellable);
  g_clear_object (&fetch->client);
  g_free (fetch->path);

  response = g_steal_pointer (&fetch->response);
  if (response == NULL)
    g_propagate_error (error, g_steal_pointer (&fetch->error));
  g_free (fetch);
  return response;
}

/* No longer wanted: a page after one that failed. */
static void
fetch_abandon (Fetch *fetch)
{
  g_cancellable_cancel (fetch->cancellable);
  g_clear_pointer (&fetch->error, g_error_free);
  pb_api_response_free (fetch_finish (fetch, NULL));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_abandon)

typedef struct
{
  JsonNode   *root;
  JsonArray  *data;
  const char *next;
  gboolean    more;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->root, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static gboolean
read_page (PbApiResponse  *response,
           const char     *cursor,
           Page           *page,
           GError        **error)
{
  JsonNode *data = NULL, *meta = NULL;

  page->root = parse_body (response);
  if (page->root != NULL)
    {
      data = json_object_get_member (json_node_get_object (page->root), "data");
      meta = json_object_get_member (json_node_get_object (page->root), "meta");
    }
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data) ||
      meta == NULL || !JSON_NODE_HOLDS_OBJECT (meta) ||
      (page->next = json_object_get_string_member_with_default (json_node_get_object (meta),
                                                                "next-cursor", NULL)) == NULL)
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                           _("The server’s list of changes could not be read"));
      return FALSE;
    }

  page->data = json_node_get_array (data);
  page->more = json_object_get_boolean_member_with_default (json_node_get_object (meta),
                                                            "has-more", FALSE);
  /* The same cursor back with more to come would loop for ever. */
  if (page->more && g_strcmp0 (cursor, page->next) == 0)
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                           _("The server’s list of changes does not move on"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
pull_organization (PbSyncEngine   *self,
                   const char     *organization_id,
                   Progress       *progress,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autofree char *cursor = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Fetch) fetch = NULL;
  gboolean restarted = FALSE;

  cursor = pb_store_get_cursor (self->store, organization_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  fetch = fetch_start (self, organization_id, cursor, cancellable);
  while (fetch != NULL)
    {
      g_autoptr(PbApiResponse) response = fetch_finish (g_steal_pointer (&fetch), error);
      g_auto(Page) page = { 0 };

      if (response == NULL)
        return FALSE;

      /* Gone once: read everything again. Gone twice in a row: the server
       * is in trouble, try later. */
      if (response->status == SOUP_STATUS_GONE && !restarted)
        {
          if (!pb_store_forget_organization_data (self->store, organization_id, error))
            return FALSE;
          g_clear_pointer (&cursor, g_free);
          restarted = TRUE;
          fetch = fetch_start (self, organization_id, NULL, cancellable);
          continue;
        }
      /* No longer a member since GET /api/me: nothing to read. */
      if (response->status == SOUP_STATUS_NOT_FOUND)
        return TRUE;
      if (response->status != SOUP_STATUS_OK)
        {
          set_temporary_error (self, response, error);
          return FALSE;
        }

      if (!read_page (response, cursor, &page, error))
        return FALSE;
      if (page.more)
        fetch = fetch_start (self, organization_id, page.next, cancellable);
      if (!pb_store_apply_changes (self->store, organization_id, page.data, page.next, error))
        return FALSE;

      g_free (cursor);
      cursor = g_strdup (page.next);
      progress_page (self, progress, json_array_get_length (page.data), page.more);
    }
  return TRUE;
}

static gboolean
is_first_sync (PbSyncEngine *self,
               const char   *organization_id,
               gboolean      never_synced)
{
  g_autofree char *cursor = NULL;

  if (never_synced)
    return TRUE;
  cursor = pb_store_get_cursor (self->store, organization_id, NULL);
  return cursor == NULL;
}

/* A first sync (never completed, or a new organization) shows its
 * progress; the records of a first sync cut short count as received. */
static void
progress_start (PbSyncEngine *self,
                Progress     *progress,
                GPtrArray    *organizations,
                guint64      *estimates,
                GCancellable *cancellable)
{
  g_autofree char *last_sync = pb_store_get_meta (self->store, LAST_SYNC_META, NULL);

  for (guint i = 0; i < organizations->len; i++)
    {
      PbStoreOrganization *organization = g_ptr_array_index (organizations, i);

      estimates[i] = 0;
      if (!is_first_sync (self, organization->id, last_sync == NULL))
        continue;
      estimates[i] = estimate_records (self, organization->id, cancellable);
      progress->remaining += estimates[i];
      progress->active = TRUE;
    }

  if (progress->active)
    publish_progress (self, 0.0);
}

static gboolean
pull (PbSyncEngine  *self,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GPtrArray) organizations = NULL;
  g_autofree guint64 *estimates = NULL;
  Progress progress = { 0 };

  organizations = pb_store_list_organizations (self->store, error);
  if (organizations == NULL)
    return FALSE;

  estimates = g_new0 (guint64, MAX (organizations->len, 1));
  progress_start (self, &progress, organizations, estimates, cancellable);

  for (guint i = 0; i < organizations->len; i++)
    {
      PbStoreOrganization *organization = g_ptr_array_index (organizations, i);

      progress_next_organization (&progress, estimates[i]);
      if (estimates[i] > 0)
        progress.received = pb_store_count_learners (self->store, organization->id, NULL);
      if (!pull_organization (self, organization->id, &progress, cancellable, error))
        return FALSE;
    }

  if (progress.active)
    publish_progress (self, 1.0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* One sync                                                             */

static gboolean
refresh_account (PbSyncEngine  *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(JsonNode) me = pb_api_client_get_me (self->client, cancellable, error);

  return me != NULL && pb_store_set_account (self->store, me, error);
}

static gboolean
save_last_sync (PbSyncEngine  *self,
                gint64         now,
                GError       **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  if (!pb_store_set_meta (self->store, LAST_SYNC_META, value, error))
    return FALSE;
  publish_last_sync (self, now);
  return TRUE;
}

static PbSyncState
state_for_error (const GError *error)
{
  if (is_network_error (error))
    return PB_SYNC_STATE_OFFLINE;
  if (g_error_matches (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED) ||
      g_error_matches (error, PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS))
    return PB_SYNC_STATE_NEEDS_SIGN_IN;
  return PB_SYNC_STATE_ERROR;
}

/* "8 s", "5 min": the wait before the next try, for people. */
static char *
format_delay (guint delay_ms)
{
  guint seconds = (delay_ms + 999) / 1000;

  if (seconds >= 120)
    return g_strdup_printf (_("%u min"), (seconds + 59) / 60);
  return g_strdup_printf (_("%u s"), MAX (seconds, 1));
}

static char *
message_for_error (const GError *error,
                   guint         delay_ms)
{
  g_autofree char *delay = delay_ms > 0 ? format_delay (delay_ms) : NULL;

  switch (state_for_error (error))
    {
    case PB_SYNC_STATE_OFFLINE:
      if (delay != NULL)
        return g_strdup_printf (_("Server unreachable, retrying in %s"), delay);
      return g_strdup (_("Server unreachable"));

    case PB_SYNC_STATE_NEEDS_SIGN_IN:
      return g_strdup (_("Your session has expired: sign in again to synchronize"));

    case PB_SYNC_STATE_IDLE:
    case PB_SYNC_STATE_SYNCING:
    case PB_SYNC_STATE_ERROR:
    default:
      if (delay != NULL)
        return g_strdup_printf (_("Synchronization failed: %s. Retrying in %s"),
                                error->message, delay);
      return g_strdup_printf (_("Synchronization failed: %s"), error->message);
    }
}

static gboolean
sync_once (PbSyncEngine  *self,
           GCancellable  *cancellable,
           GError       **error)
{
  return refresh_account (self, cancellable, error) &&
         push (self, cancellable, error) &&
         pull (self, cancellable, error) &&
         save_last_sync (self, g_get_real_time (), error);
}

/* One sync, its outcome published: the message before the state, so that
 * whoever reacts to the state reads the right message. @retry_delay_ms:
 * in, the backoff before the next try after a failure (0: none planned);
 * out, that wait stretched to the server's Retry-After. */
static gboolean
sync_and_publish (PbSyncEngine  *self,
                  GCancellable  *cancellable,
                  guint         *retry_delay_ms,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *message = NULL;
  PbSyncState state;
  gboolean ok;

  g_mutex_lock (&self->run_lock);
  self->retry_after = 0;
  publish_state (self, PB_SYNC_STATE_SYNCING);

  ok = sync_once (self, cancellable, &local_error);
  refresh_counts (self);
  publish_progress (self, -1.0);

  if (ok)
    {
      publish_message (self, NULL);
      publish_state (self, PB_SYNC_STATE_IDLE);
    }
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    publish_state (self, PB_SYNC_STATE_IDLE);
  else
    {
      state = state_for_error (local_error);
      if (state == PB_SYNC_STATE_NEEDS_SIGN_IN)
        *retry_delay_ms = 0;
      else if (*retry_delay_ms > 0)
        *retry_delay_ms = MAX (*retry_delay_ms, MIN (self->retry_after, G_MAXUINT / 1000) * 1000);
      message = message_for_error (local_error, *retry_delay_ms);
      publish_message (self, message);
      publish_state (self, state);
    }
  g_mutex_unlock (&self->run_lock);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/* ------------------------------------------------------------------ */
/* The background loop (sync thread)                                    */

static void run_in_thread (PbSyncEngine *self,
                           Trigger       trigger);

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static gboolean
on_timer (gpointer data)
{
  PbSyncEngine *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  run_in_thread (self, TRIGGER_TIMER);
  return G_SOURCE_REMOVE;
}

static gboolean
on_edit_timer (gpointer data)
{
  PbSyncEngine *self = data;

  g_clear_pointer (&self->edit_timer, g_source_unref);
  run_in_thread (self, TRIGGER_LOCAL_EDIT);
  return G_SOURCE_REMOVE;
}

/* The engine outlives its thread's sources: stop() joins the thread
 * before anything is freed. */
static GSource *
add_timer (PbSyncEngine *self,
           guint         delay_ms,
           GSourceFunc   func)
{
  GSource *source = g_timeout_source_new (delay_ms);

  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

/* @first_ms doubled at each failure in a row, up to @max_ms; each wait is
 * drawn between its half and its whole so that the clients of a school
 * that lost its server do not all come back in the same second. */
static guint
backoff_delay (PbSyncEngine *self)
{
  guint64 delay;
  guint first, max;

  g_mutex_lock (&self->lock);
  first = MAX (self->backoff_first_ms, 1);
  max = MAX (self->backoff_max_ms, first);
  g_mutex_unlock (&self->lock);

  delay = first;
  for (guint i = 1; i < self->failures && delay < max; i++)
    delay *= 2;
  delay = MIN (delay, max);
  return (guint)(delay / 2 + g_random_int_range (0, (gint32)(delay / 2) + 1));
}

static guint
poll_delay (PbSyncEngine *self)
{
  guint seconds;

  g_mutex_lock (&self->lock);
  seconds = self->poll_seconds;
  g_mutex_unlock (&self->lock);
  return MAX (seconds, 1) * 1000;
}

/* @delay_ms: the wait before the next try; 0 for a session that needs a
 * sign-in, which will not come back by itself (pb_sync_engine_sync_now()
 * after one). */
static void
schedule_after_failure (PbSyncEngine *self,
                        guint         delay_ms)
{
  self->waiting = TRUE;
  if (delay_ms > 0)
    self->timer = add_timer (self, delay_ms, on_timer);
}

static void
run_in_thread (PbSyncEngine *self,
               Trigger       trigger)
{
  g_autoptr(GError) error = NULL;
  guint delay_ms;

  /* An edit while backing off waits for the backoff; one that left
   * nothing to send (a conflict settled, the engine's own acknowledgements)
   * only changes the counts. Either way the timer keeps its time. */
  if (trigger == TRIGGER_LOCAL_EDIT)
    {
      if (refresh_counts (self) == 0 || self->waiting)
        return;
    }

  clear_source (&self->timer);
  clear_source (&self->edit_timer);

  /* The wait if this one fails, worked out first for the message. */
  self->failures++;
  delay_ms = backoff_delay (self);
  if (sync_and_publish (self, self->cancellable, &delay_ms, &error))
    {
      self->failures = 0;
      self->waiting = FALSE;
      self->timer = add_timer (self, poll_delay (self), on_timer);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Sync failed: %s", error->message);
  schedule_after_failure (self, delay_ms);
}

typedef struct
{
  PbSyncEngine *self;
  Trigger       trigger;
} Post;

static gboolean
on_request (gpointer data)
{
  Post *request = data;
  PbSyncEngine *self = request->self;

  switch (request->trigger)
    {
    case TRIGGER_LOCAL_EDIT:
      /* The first edit of a burst starts the delay; the others join it. */
      if (self->edit_timer == NULL)
        self->edit_timer = add_timer (self, LOCAL_EDIT_DELAY_MS, on_edit_timer);
      break;

    case TRIGGER_TIMER:
      /* New settings: wait from now with them. */
      if (self->timer != NULL)
        {
          clear_source (&self->timer);
          self->timer = add_timer (self, self->waiting ? backoff_delay (self) : poll_delay (self),
                                   on_timer);
        }
      break;

    case TRIGGER_NETWORK:
      /* Back on the network while backing off: try now. A session that
       * needs a sign-in (no timer) still needs it. */
      if (self->waiting && self->timer != NULL)
        run_in_thread (self, TRIGGER_NOW);
      break;

    case TRIGGER_START:
    case TRIGGER_NOW:
    default:
      run_in_thread (self, request->trigger);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Posts @trigger to the sync thread, if it runs. */
static void
post (PbSyncEngine *self,
      Trigger       trigger)
{
  g_autoptr(GSource) source = NULL;
  Post *request;

  g_mutex_lock (&self->lock);
  if (self->context != NULL)
    {
      request = g_new0 (Post, 1);
      request->self = self;
      request->trigger = trigger;
      source = g_idle_source_new ();
      g_source_set_static_name (source, "[pb-sync] request");
      g_source_set_callback (source, on_request, request, g_free);
      g_source_attach (source, self->context);
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
sync_thread (gpointer data)
{
  PbSyncEngine *self = data;

  g_main_context_push_thread_default (self->context);
  run_in_thread (self, TRIGGER_START);
  g_main_loop_run (self->loop);
  clear_source (&self->timer);
  clear_source (&self->edit_timer);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* On the store's main context: forwarded to the sync thread, which waits
 * a second for more. */
static void
on_store_changed (PbSyncEngine *self,
                  guint         tables,
                  PbStore      *store)
{
  if (tables & PB_STORE_TABLE_OUTBOX)
    post (self, TRIGGER_LOCAL_EDIT);
}

/* Back on the network: no need to wait for the end of a backoff. */
static void
on_network_changed (PbSyncEngine    *self,
                    gboolean         available,
                    GNetworkMonitor *monitor)
{
  gboolean was_available = g_atomic_int_exchange (&self->network_available, available);

  if (available)
    post (self, was_available ? TRIGGER_NETWORK : TRIGGER_NOW);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
pb_sync_engine_dispose (GObject *object)
{
  PbSyncEngine *self = PB_SYNC_ENGINE (object);

  pb_sync_engine_stop (self);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_sync_engine_parent_class)->dispose (object);
}

static void
pb_sync_engine_finalize (GObject *object)
{
  PbSyncEngine *self = PB_SYNC_ENGINE (object);

  g_free (self->message);
  g_main_context_unref (self->owner_context);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);

  G_OBJECT_CLASS (pb_sync_engine_parent_class)->finalize (object);
}

static void
pb_sync_engine_constructed (GObject *object)
{
  PbSyncEngine *self = PB_SYNC_ENGINE (object);
  g_autofree char *last_sync = NULL;

  G_OBJECT_CLASS (pb_sync_engine_parent_class)->constructed (object);

  /* What the person saw last time, before any sync of this run. */
  last_sync = pb_store_get_meta (self->store, LAST_SYNC_META, NULL);
  if (last_sync != NULL)
    self->last_sync = g_ascii_strtoll (last_sync, NULL, 10);
  self->pending_count = count_to_send (self, &self->conflict_count, NULL);
}

static void
pb_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PbSyncEngine *self = PB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PENDING_COUNT:
      g_value_set_uint (value, self->pending_count);
      break;

    case PROP_CONFLICT_COUNT:
      g_value_set_uint (value, self->conflict_count);
      break;

    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;

    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PbSyncEngine *self = PB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_sync_engine_class_init (PbSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_sync_engine_dispose;
  object_class->finalize = pb_sync_engine_finalize;
  object_class->constructed = pb_sync_engine_constructed;
  object_class->get_property = pb_sync_engine_get_property;
  object_class->set_property = pb_sync_engine_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PB_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PB_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PB_TYPE_SYNC_STATE, PB_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_uint ("pending-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICT_COUNT] =
    g_param_spec_uint ("conflict-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_sync_engine_init (PbSyncEngine *self)
{
  const char *page_size = g_getenv ("PB_SYNC_PAGE_SIZE");
  guint64 value = page_size != NULL ? g_ascii_strtoull (page_size, NULL, 10) : 0;

  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->owner_context = g_main_context_ref_thread_default ();
  self->state = PB_SYNC_STATE_IDLE;
  self->progress = -1.0;
  self->poll_seconds = DEFAULT_POLL_SECONDS;
  self->backoff_first_ms = DEFAULT_BACKOFF_FIRST_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  self->page_size = value >= 1 && value <= DEFAULT_PAGE_SIZE ? (guint)value : DEFAULT_PAGE_SIZE;
  self->network_available = TRUE;
}

/* ------------------------------------------------------------------ */
/* Public                                                               */

PbSyncEngine *
pb_sync_engine_new (PbStore     *store,
                    PbApiClient *client)
{
  g_return_val_if_fail (PB_IS_STORE (store), NULL);
  g_return_val_if_fail (PB_IS_API_CLIENT (client), NULL);

  return g_object_new (PB_TYPE_SYNC_ENGINE, "store", store, "client", client, NULL);
}

void
pb_sync_engine_start (PbSyncEngine *self)
{
  GNetworkMonitor *monitor;

  g_return_if_fail (PB_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  if (self->thread != NULL)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->cancellable = g_cancellable_new ();
  g_mutex_unlock (&self->lock);

  self->store_handler = g_signal_connect_object (self->store, "changed",
                                                 G_CALLBACK (on_store_changed),
                                                 self, G_CONNECT_SWAPPED);
  monitor = g_network_monitor_get_default ();
  g_atomic_int_set (&self->network_available, g_network_monitor_get_network_available (monitor));
  self->network_handler = g_signal_connect_object (monitor, "network-changed",
                                                   G_CALLBACK (on_network_changed),
                                                   self, G_CONNECT_SWAPPED);

  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("pb-sync", sync_thread, self);
  g_mutex_unlock (&self->lock);
}

void
pb_sync_engine_sync_now (PbSyncEngine *self)
{
  g_return_if_fail (PB_IS_SYNC_ENGINE (self));

  post (self, TRIGGER_NOW);
}

/* Cancels the sync under way and waits for the thread to end. */
void
pb_sync_engine_stop (PbSyncEngine *self)
{
  GThread *thread;
  GSource *quit;

  g_return_if_fail (PB_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread == NULL)
    return;
  g_return_if_fail (thread != g_thread_self ());

  g_clear_signal_handler (&self->store_handler, self->store);
  g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());

  /* The quit goes through the thread's own context: a g_main_loop_quit ()
   * while its first sync runs, before g_main_loop_run (), would be lost and
   * the join would wait forever. */
  g_cancellable_cancel (self->cancellable);
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_loop_cb, g_main_loop_ref (self->loop), (GDestroyNotify)g_main_loop_unref);
  g_source_attach (quit, self->context);
  g_source_unref (quit);
  g_thread_join (thread);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_mutex_unlock (&self->lock);
  self->failures = 0;
  self->waiting = FALSE;
}

void
pb_sync_engine_set_poll_interval (PbSyncEngine *self,
                                  guint         seconds)
{
  g_return_if_fail (PB_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  self->poll_seconds = MAX (seconds, 1);
  g_mutex_unlock (&self->lock);
  post (self, TRIGGER_TIMER);
}

void
pb_sync_engine_set_backoff (PbSyncEngine *self,
                            guint         first_ms,
                            guint         max_ms)
{
  g_return_if_fail (PB_IS_SYNC_ENGINE (self));

  g_mutex_lock (&self->lock);
  self->backoff_first_ms = MAX (first_ms, 1);
  self->backoff_max_ms = MAX (max_ms, self->backoff_first_ms);
  g_mutex_unlock (&self->lock);
  post (self, TRIGGER_TIMER);
}

gboolean
pb_sync_engine_run_once (PbSyncEngine  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  guint retry_delay_ms = 0;

  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), FALSE);

  return sync_and_publish (self, cancellable, &retry_delay_ms, error);
}

PbSyncState
pb_sync_engine_get_state (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), PB_SYNC_STATE_IDLE);

  return self->state;
}

guint
pb_sync_engine_get_pending_count (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), 0);

  return self->pending_count;
}

guint
pb_sync_engine_get_conflict_count (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), 0);

  return self->conflict_count;
}

gint64
pb_sync_engine_get_last_sync (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), 0);

  return self->last_sync;
}

double
pb_sync_engine_get_progress (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), -1.0);

  return self->progress;
}

const char *
pb_sync_engine_get_message (PbSyncEngine *self)
{
  g_return_val_if_fail (PB_IS_SYNC_ENGINE (self), NULL);

  return self->message;
}
