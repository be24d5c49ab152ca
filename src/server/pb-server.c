/* pb-server.c
 *
 * The HTTP side of pix-bureau-server: one SoupServer, the route table, and
 * a graceful shutdown that lets requests in flight finish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-api-response.h"
#include "pb-server.h"

struct _PbServer
{
  GObject     parent_instance;

  SoupServer *soup;
  PbStorage  *storage;

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
  g_info ("request method=%s path=%s status=%u",
          soup_server_message_get_method (msg),
          g_uri_get_path (soup_server_message_get_uri (msg)),
          soup_server_message_get_status (msg));
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  PbServer *self = user_data;

  g_signal_connect (msg, "finished", G_CALLBACK (log_request), NULL);

  if (self->stopping)
    {
      pb_api_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "SHUTTING_DOWN",
                            "The server is shutting down; try again in a moment.", NULL);
      return;
    }

  pb_api_respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                        "No such resource on this server.", NULL);
}

static void
pb_server_finalize (GObject *object)
{
  PbServer *self = (PbServer *)object;

  g_clear_object (&self->soup);
  g_clear_object (&self->storage);

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
}

/**
 * pb_server_new:
 * @certificate: (nullable): serve HTTPS with this certificate
 */
PbServer *
pb_server_new (PbStorage       *storage,
               GTlsCertificate *certificate)
{
  PbServer *self;

  g_return_val_if_fail (PB_IS_STORAGE (storage), NULL);
  g_return_val_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (PB_TYPE_SERVER, NULL);
  self->storage = g_object_ref (storage);
  self->soup = soup_server_new ("server-header", "pix-bureau-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);

  return self;
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
 * Stops accepting connections. Requests already being handled finish;
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
