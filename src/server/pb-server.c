/* pb-server.c
 *
 * The HTTP side of pix-bureau-server: one SoupServer, the route table, and
 * a graceful shutdown that lets requests in flight finish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-api-response.h"
#include "pb-assessment-routes.h"
#include "pb-campaign-results-routes.h"
#include "pb-campaign-routes.h"
#include "pb-changes-routes.h"
#include "pb-connection-reaper.h"
#include "pb-identity-routes.h"
#include "pb-learner-routes.h"
#include "pb-organization-routes.h"
#include "pb-participation-routes.h"
#include "pb-router.h"
#include "pb-server.h"
#include "pb-user-routes.h"
#include "pb-write.h"

/* Database work and password hashing run here, never on the main loop.
 * Bounded: past this, requests wait their turn instead of piling threads.
 */
#define MAX_WORKERS 4

struct _PbServer
{
  GObject           parent_instance;

  SoupServer       *soup;
  PbStorage        *storage;
  PbRouter         *router;
  GThreadPool      *workers;
  GSource          *prune_source;
  GMainContext     *main_context;
  PbTokens         *tokens;
  PbServerSettings  settings;
  PbConnectionReaper *reaper;

  /* Failed sign-ins per remote address, counted by workers. */
  GMutex            address_lock;
  GHashTable       *address_failures;

  /* Requests paused while a worker does their database work; shutdown
   * waits for them.
   */
  guint       in_flight;
  gboolean    stopping;
  gboolean    stopped;
};

G_DEFINE_FINAL_TYPE (PbServer, pb_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STOPPED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
log_request (SoupServerMessage *msg)
{
  /* Escaped: a path holding "%0A…" must not write a line of its own. */
  g_autofree char *path = g_strescape (g_uri_get_path (soup_server_message_get_uri (msg)), NULL);

  g_info ("request method=%s path=%s status=%u",
          soup_server_message_get_method (msg), path,
          soup_server_message_get_status (msg));
}

typedef struct
{
  PbServer   *server;
  PbRequest  *request;
  PbWorkFunc  work;
  gulong      finished_handler;
  gboolean    client_gone;   /* libsoup finished the message while it was paused */
} Job;

static void finish_shutdown (PbServer *self);

static void
client_gone_cb (Job *job)
{
  job->client_gone = TRUE;
}

/* Back on the main loop: send what the worker built, let the message go. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  PbServer *self = job->server;
  SoupServerMessage *msg = pb_request_get_message (job->request);

  /* A client that hung up during the work has no answer to get: its
   * message is finished and may not be unpaused. The work itself is
   * done (and committed): a retry with the same Idempotency-Key gets
   * its answer. The same after a shutdown: soup_server_disconnect()
   * closed every connection, without finishing their paused messages. */
  g_signal_handler_disconnect (msg, job->finished_handler);
  if (!job->client_gone && !self->stopping)
    {
      pb_request_send_response (job->request);
      soup_server_message_unpause (msg);
    }
  pb_request_free (job->request);
  g_free (job);

  self->in_flight--;
  if (self->stopping)
    finish_shutdown (self);

  return G_SOURCE_REMOVE;
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->work (job->request, job->server->storage);
  g_main_context_invoke (job->server->main_context, job_done_cb, job);
}

void
pb_server_queue_work (PbServer   *self,
                      PbRequest  *request,
                      PbWorkFunc  work)
{
  Job *job = g_new0 (Job, 1);

  job->server = self;
  job->request = request;
  job->work = work;
  job->finished_handler = g_signal_connect_swapped (pb_request_get_message (request), "finished",
                                                    G_CALLBACK (client_gone_cb), job);

  soup_server_message_pause (pb_request_get_message (request));
  self->in_flight++;
  g_thread_pool_push (self->workers, job, NULL);
}

static void
dispatch (PbServer          *self,
          SoupServerMessage *msg,
          PbHandler          handler,
          GHashTable        *params)
{
  PbRequest *request = pb_request_new (self, msg, params);

  if (pb_request_query_is_valid (request))
    handler (request);
  else
    pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_PARAMETER",
                              "The query string is not valid percent-encoded UTF-8.", NULL);
  if (pb_request_is_deferred (request))
    return;

  pb_request_send_response (request);
  pb_request_free (request);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PbServer *self = user_data;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *allowed = NULL;
  gpointer handler = NULL;

  if (self->stopping)
    {
      pb_api_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "SHUTTING_DOWN",
                            "The server is shutting down; try again in a moment.", NULL);
      return;
    }

  switch (pb_router_match (self->router, soup_server_message_get_method (msg), path,
                           &handler, &params, &allowed))
    {
    case PB_ROUTE_FOUND:
      dispatch (self, msg, handler, params);
      break;

    case PB_ROUTE_METHOD_NOT_ALLOWED:
      pb_api_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                            "This resource does not accept this method.", NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
      break;

    case PB_ROUTE_NOT_FOUND:
    default:
      pb_api_respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                            "No such resource on this server.", NULL);
      break;
    }
}

static void
prune_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!pb_write_prune_idempotency (data, PB_IDEMPOTENCY_RETENTION_DAYS, &error))
    g_warning ("Could not forget old idempotency keys: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

/* Stored write responses are kept PB_IDEMPOTENCY_RETENTION_DAYS, then
 * forgotten; checked at start and once a day, off the main loop. */
static gboolean
prune_idempotency_cb (gpointer user_data)
{
  PbServer *self = user_data;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, g_object_ref (self->storage), g_object_unref);
  g_task_run_in_thread (task, prune_in_thread);
  return G_SOURCE_CONTINUE;
}

/* Bodies beyond these are refused before they are read: an import file may
 * be large, JSON documents never are. */
#define MAX_JSON_BODY (1024 * 1024)

static goffset
body_limit (const char *path)
{
  if (g_str_has_suffix (path, "/import-siecle") || g_str_has_suffix (path, "/import-csv"))
    return PB_LEARNER_IMPORT_MAX_BYTES;
  return MAX_JSON_BODY;
}

/* libsoup still reads the body of a message answered early: drop its
 * chunks as they come instead of keeping them, and close the connection
 * after the answer. */
static void
refuse_body (SoupServerMessage *msg)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

/* Runs once the headers are in, before libsoup reads the body: a refused
 * 2 GB upload never sits in memory. */
static void
check_body_size (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset limit = body_limit (path);
  g_autofree char *detail = NULL;

  /* Every request passes here, even those refused before their body. */
  g_signal_connect (msg, "finished", G_CALLBACK (log_request), NULL);
  pb_connection_reaper_watch (PB_SERVER (user_data)->reaper, msg);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (headers) <= limit)
        return;
      break;

    case SOUP_ENCODING_CHUNKED:
      pb_api_respond_error (msg, SOUP_STATUS_LENGTH_REQUIRED, "LENGTH_REQUIRED",
                            "Send the body with a Content-Length.", NULL);
      refuse_body (msg);
      return;

    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_EOF:
    case SOUP_ENCODING_BYTERANGES:
    default:
      return;
    }

  detail = g_strdup_printf ("The body may not exceed %" G_GOFFSET_FORMAT " MB here.", limit / (1024 * 1024));
  pb_api_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE", detail, NULL);
  refuse_body (msg);
}

static void
pb_server_finalize (GObject *object)
{
  PbServer *self = (PbServer *)object;

  /* Waits for running jobs; none is left once PbServer:stopped is set. */
  if (self->prune_source != NULL)
    g_source_destroy (self->prune_source);
  g_clear_pointer (&self->prune_source, g_source_unref);
  if (self->workers != NULL)
    g_thread_pool_free (self->workers, FALSE, TRUE);
  g_clear_object (&self->soup);
  g_clear_object (&self->reaper);
  g_clear_object (&self->storage);
  g_clear_pointer (&self->router, pb_router_free);
  g_clear_pointer (&self->tokens, pb_tokens_free);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->address_failures, g_hash_table_unref);
  g_mutex_clear (&self->address_lock);

  G_OBJECT_CLASS (pb_server_parent_class)->finalize (object);
}

static void
pb_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbServer *self = PB_SERVER (object);

  switch (prop_id)
    {
    case PROP_STOPPED:
      g_value_set_boolean (value, self->stopped);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_server_class_init (PbServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_server_finalize;
  object_class->get_property = pb_server_get_property;

  /**
   * PbServer:stopped:
   *
   * Set once shutdown has completed: no listener left, no request in flight.
   */
  properties [PROP_STOPPED] =
    g_param_spec_boolean ("stopped", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_server_init (PbServer *self)
{
  g_mutex_init (&self->address_lock);
}

/**
 * pb_server_new:
 * @certificate: (nullable): serve HTTPS with this certificate
 *
 * Returns: (transfer full): the server, or %NULL with @error set
 */
PbServer *
pb_server_new (PbStorage               *storage,
               const PbServerSettings  *settings,
               GTlsCertificate         *certificate,
               GError                 **error)
{
  g_autoptr(PbServer) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PB_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (PB_TYPE_SERVER, NULL);
  self->storage = g_object_ref (storage);
  self->settings = *settings;
  self->main_context = g_main_context_ref_thread_default ();
  self->reaper = pb_connection_reaper_new (self->main_context);
  self->address_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->tokens = pb_tokens_new_from_storage (storage, error);
  if (self->tokens == NULL)
    return NULL;

  self->workers = g_thread_pool_new (run_job, NULL, MAX_WORKERS, FALSE, error);
  if (self->workers == NULL)
    return NULL;

  /* At start, before serving: nothing waits on it yet. */
  if (!pb_write_prune_idempotency (storage, PB_IDEMPOTENCY_RETENTION_DAYS, &local_error))
    g_warning ("Could not forget old idempotency keys: %s", local_error->message);
  /* On the server's own context: the desktop's demo serves from a thread
   * of its own, beside GTK's main loop. */
  self->prune_source = g_timeout_source_new_seconds (24 * 60 * 60);
  g_source_set_callback (self->prune_source, prune_idempotency_cb, self, NULL);
  g_source_attach (self->prune_source, self->main_context);

  self->router = pb_router_new ();
  pb_identity_routes_add (self->router);
  pb_organization_routes_add (self->router);
  pb_learner_routes_add (self->router);
  pb_campaign_routes_add (self->router);
  pb_changes_routes_add (self->router);
  pb_user_routes_add (self->router);
  pb_participation_routes_add (self->router);
  pb_assessment_routes_add (self->router);
  pb_campaign_results_routes_add (self->router);

  self->soup = soup_server_new ("server-header", "pix-bureau-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_early_handler (self->soup, NULL, check_body_size, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  return g_steal_pointer (&self);
}

const PbServerSettings *
pb_server_get_settings (PbServer *self)
{
  return &self->settings;
}

PbTokens *
pb_server_get_tokens (PbServer *self)
{
  return self->tokens;
}

typedef struct
{
  gint64 window_start;
  guint  count;
} AddressFailures;

static AddressFailures *
current_failures (PbServer   *self,
                  const char *address)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  AddressFailures *failures = g_hash_table_lookup (self->address_failures, address);

  if (failures == NULL || now - failures->window_start >= self->settings.address_window_seconds)
    {
      failures = g_new0 (AddressFailures, 1);
      failures->window_start = now;
      g_hash_table_replace (self->address_failures, g_strdup (address), failures);
    }

  return failures;
}

/**
 * pb_server_login_allowed_from:
 * @address: the remote address
 *
 * Beyond max-failures-per-address failed sign-ins within one window, an
 * address is refused for the rest of the window, whichever accounts it
 * tries: one machine cannot sweep a school's accounts. Thread-safe.
 */
gboolean
pb_server_login_allowed_from (PbServer   *self,
                              const char *address)
{
  gboolean allowed;

  g_mutex_lock (&self->address_lock);
  allowed = current_failures (self, address != NULL ? address : "")->count <
            self->settings.max_failures_per_address;
  g_mutex_unlock (&self->address_lock);

  return allowed;
}

void
pb_server_note_failed_login (PbServer   *self,
                             const char *address)
{
  g_mutex_lock (&self->address_lock);
  current_failures (self, address != NULL ? address : "")->count++;
  g_mutex_unlock (&self->address_lock);
}

/**
 * pb_server_listen:
 * @port: 0 for any free port
 *
 * Returns: (transfer full): the base URL the server answers on, with the
 * port actually bound, or %NULL with @error set
 */
GUri *
pb_server_listen (PbServer      *self,
                  GInetAddress  *address,
                  guint          port,
                  GError       **error)
{
  g_autoptr(GSocketAddress) socket_address = NULL;
  SoupServerListenOptions options = 0;
  GSList *uris;
  GUri *uri;

  g_return_val_if_fail (PB_IS_SERVER (self), NULL);
  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  if (soup_server_is_https (self->soup))
    options |= SOUP_SERVER_LISTEN_HTTPS;

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (self->soup, socket_address, options, error))
    return NULL;

  uris = soup_server_get_uris (self->soup);
  uri = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return uri;
}

static void
finish_shutdown (PbServer *self)
{
  if (self->stopped || self->in_flight > 0)
    return;

  self->stopped = TRUE;
  g_info ("Stopped");
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STOPPED]);
}

/**
 * pb_server_shutdown:
 *
 * Stops accepting connections and closes the open ones. The work of
 * requests already being handled finishes (and commits, so a retry with the
 * same Idempotency-Key gets its answer), but their answers are not sent;
 * PbServer:stopped turns TRUE when the last one has.
 */
void
pb_server_shutdown (PbServer *self)
{
  g_return_if_fail (PB_IS_SERVER (self));

  if (self->stopping)
    return;

  g_info ("Shutting down: %u request(s) in flight", self->in_flight);
  self->stopping = TRUE;
  soup_server_disconnect (self->soup);
  finish_shutdown (self);
}

gboolean
pb_server_is_stopped (PbServer *self)
{
  g_return_val_if_fail (PB_IS_SERVER (self), FALSE);

  return self->stopped;
}
