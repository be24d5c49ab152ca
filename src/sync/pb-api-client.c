/* pb-api-client.c
 *
 * One SoupSession per client, used synchronously from worker threads
 * (libsoup 3.2 allows sends from any thread). The tokens are shared by
 * those threads, so they sit behind a mutex; the access token is never
 * written anywhere, the refresh token leaves only through
 * ::refresh-token-changed, for its owner to keep in the Secret Service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "pb-api-client.h"
#include "pb-server-address.h"

#define REQUEST_TIMEOUT_SECONDS 30
#define JSON_API_TYPE "application/vnd.api+json"
/* RFC 6585; libsoup 3.2 names no 429. */
#define STATUS_TOO_MANY_REQUESTS 429
#define FORM_TYPE "application/x-www-form-urlencoded"

struct _PbApiClient
{
  GObject      parent_instance;

  char        *server_url;
  SoupSession *session;

  /* access_token, refresh_token and user_id, read and written by any
   * thread that uses the client. */
  GMutex       lock;
  char        *access_token;
  char        *refresh_token;
  char        *user_id;

  /* Held for the whole of a refresh: each refresh token works once, so two
   * threads that both met a 401 must not both spend the same one. */
  GMutex       refresh_lock;
};

G_DEFINE_FINAL_TYPE (PbApiClient, pb_api_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-api-error-quark, pb_api_error)

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

enum {
  REFRESH_TOKEN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
dup_access_token (PbApiClient *self)
{
  char *token;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->access_token);
  g_mutex_unlock (&self->lock);
  return token;
}

/* Returns whether the refresh token changed, so that the caller emits
 * ::refresh-token-changed outside the lock. */
static gboolean
set_tokens (PbApiClient *self,
            const char  *access_token,
            const char  *refresh_token,
            const char  *user_id)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  changed = g_strcmp0 (self->refresh_token, refresh_token) != 0;
  if (changed)
    {
      g_free (self->refresh_token);
      self->refresh_token = g_strdup (refresh_token);
    }
  /* The id only changes from none to the account's: keep the string
   * get_user_id() handed out when it is the same. */
  if (user_id != NULL && g_strcmp0 (self->user_id, user_id) != 0)
    {
      g_free (self->user_id);
      self->user_id = g_strdup (user_id);
    }
  g_mutex_unlock (&self->lock);

  return changed;
}

static SoupMessage *
new_message (PbApiClient  *self,
             const char   *method,
             const char   *path,
             GError      **error)
{
  g_autofree char *url = g_strconcat (self->server_url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (msg == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a valid server address"), url);
  return msg;
}

/* Retry-After is a number of seconds or an HTTP date. */
static guint
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *end = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end != value && *end == '\0')
    return (guint)MIN (seconds, G_MAXUINT);

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  return (guint)CLAMP (g_date_time_difference (date, now) / G_TIME_SPAN_SECOND, 0, G_MAXUINT);
}

static PbApiResponse *
exchange (PbApiClient   *self,
          SoupMessage   *msg,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  PbApiResponse *response;

  body = soup_session_send_and_read (self->session, msg, cancellable, error);
  if (body == NULL)
    return NULL;

  headers = soup_message_get_response_headers (msg);
  response = g_new0 (PbApiResponse, 1);
  response->status = soup_message_get_status (msg);
  response->body = g_steal_pointer (&body);
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  response->replayed =
    g_strcmp0 (soup_message_headers_get_one (headers, "Idempotent-Replayed"), "true") == 0;
  response->retry_after = parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"));
  return response;
}

static JsonObject *
parse_object (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *data = g_bytes_get_data (body, &size);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, (gssize)size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                           _("The server’s answer could not be read"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* The first error's detail of a JSON:API error document, for the message
 * of a refusal; NULL when there is none. */
static char *
dup_error_detail (GBytes *body)
{
  g_autoptr(JsonObject) root = parse_object (body, NULL);
  JsonNode *errors;
  JsonArray *array;
  JsonNode *first;

  if (root == NULL || (errors = json_object_get_member (root, "errors")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (errors))
    return NULL;
  array = json_node_get_array (errors);
  if (json_array_get_length (array) == 0)
    return NULL;
  first = json_array_get_element (array, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (first),
                                                               "detail", NULL));
}

/* The errors shared by every call for the statuses that have one. */
static void
set_status_error (PbApiResponse  *response,
                  GError        **error)
{
  g_autofree char *detail = dup_error_detail (response->body);

  if (response->status == STATUS_TOO_MANY_REQUESTS)
    g_set_error (error, PB_API_ERROR, PB_API_ERROR_TOO_MANY_ATTEMPTS,
                 _("Too many attempts: try again in %u s"), MAX (response->retry_after, 1));
  else if (response->status >= 500)
    g_set_error (error, PB_API_ERROR, PB_API_ERROR_SERVER,
                 _("The server failed to answer (HTTP error %u)"), response->status);
  else if (response->status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED,
                         _("The server no longer accepts this session: sign in again"));
  else if (detail != NULL)
    g_set_error (error, PB_API_ERROR, PB_API_ERROR_REFUSED,
                 _("The server refused the request: %s"), detail);
  else
    g_set_error (error, PB_API_ERROR, PB_API_ERROR_REFUSED,
                 _("The server refused the request (HTTP error %u)"), response->status);
}

static gboolean
read_token_answer (PbApiClient    *self,
                   PbApiResponse  *response,
                   GError        **error)
{
  g_autoptr(JsonObject) root = parse_object (response->body, error);
  const char *access, *refresh, *user_id;

  if (root == NULL)
    return FALSE;

  access = json_object_get_string_member_with_default (root, "access_token", NULL);
  refresh = json_object_get_string_member_with_default (root, "refresh_token", NULL);
  user_id = json_object_get_string_member_with_default (root, "user_id", NULL);
  if (access == NULL || refresh == NULL || user_id == NULL)
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                           _("The server’s answer could not be read"));
      return FALSE;
    }

  if (set_tokens (self, access, refresh, user_id))
    g_signal_emit (self, signals[REFRESH_TOKEN_CHANGED], 0);
  return TRUE;
}

/* POST /api/token with @form; the caller maps 401 to its own error. */
static PbApiResponse *
post_token (PbApiClient   *self,
            char          *form,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(SoupMessage) msg = new_message (self, "POST", "/api/token", error);
  g_autoptr(GBytes) body = g_bytes_new_take (form, strlen (form));

  if (msg == NULL)
    return NULL;
  soup_message_set_request_body_from_bytes (msg, FORM_TYPE, body);
  return exchange (self, msg, cancellable, error);
}

/* With refresh_lock held. */
static gboolean
refresh_locked (PbApiClient   *self,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(PbApiResponse) response = NULL;
  g_autofree char *refresh_token = NULL;

  refresh_token = pb_api_client_dup_refresh_token (self);
  if (refresh_token == NULL)
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED,
                           _("Sign in to synchronize"));
      return FALSE;
    }

  response = post_token (self,
                         soup_form_encode ("grant_type", "refresh_token",
                                           "refresh_token", refresh_token,
                                           NULL),
                         cancellable, error);
  if (response == NULL)
    return FALSE;

  if (response->status == SOUP_STATUS_OK)
    return read_token_answer (self, response, error);

  /* Used, revoked or expired: it will never work again, so drop it and let
   * the owner forget it too. */
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      if (set_tokens (self, NULL, NULL, NULL))
        g_signal_emit (self, signals[REFRESH_TOKEN_CHANGED], 0);
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_SIGN_IN_REQUIRED,
                           _("Your session has expired: sign in again"));
      return FALSE;
    }

  set_status_error (response, error);
  return FALSE;
}

/* Refreshes unless another thread did it since @stale_token was read: a
 * second refresh would spend the new refresh token for nothing. */
static gboolean
refresh_unless_done (PbApiClient   *self,
                     const char    *stale_token,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *current = NULL;
  gboolean ok;

  g_mutex_lock (&self->refresh_lock);
  current = dup_access_token (self);
  if (current != NULL && g_strcmp0 (current, stale_token) != 0)
    ok = TRUE;
  else
    ok = refresh_locked (self, cancellable, error);
  g_mutex_unlock (&self->refresh_lock);

  return ok;
}

static SoupMessage *
build_request (PbApiClient   *self,
               const char    *method,
               const char    *path,
               const char    *access_token,
               const char    *idempotency_key,
               gint64         if_version,
               const char    *content_type,
               GBytes        *body,
               GError       **error)
{
  SoupMessage *msg = new_message (self, method, path, error);
  SoupMessageHeaders *headers;
  g_autofree char *authorization = NULL;

  if (msg == NULL)
    return NULL;

  headers = soup_message_get_request_headers (msg);
  authorization = g_strconcat ("Bearer ", access_token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", JSON_API_TYPE);
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (if_version > 0)
    {
      g_autofree char *version = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", if_version);
      soup_message_headers_replace (headers, "If-Match", version);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg,
                                              content_type != NULL ? content_type : JSON_API_TYPE,
                                              body);
  else if (content_type != NULL)
    soup_message_headers_set_content_type (headers, content_type, NULL);

  return msg;
}

static void
pb_api_client_finalize (GObject *object)
{
  PbApiClient *self = PB_API_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->server_url);
  if (self->access_token != NULL)
    memset (self->access_token, 0, strlen (self->access_token));
  g_free (self->access_token);
  if (self->refresh_token != NULL)
    memset (self->refresh_token, 0, strlen (self->refresh_token));
  g_free (self->refresh_token);
  g_free (self->user_id);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->refresh_lock);

  G_OBJECT_CLASS (pb_api_client_parent_class)->finalize (object);
}

static void
pb_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbApiClient *self = PB_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The address as people type it is normalized; one that cannot be is kept
 * as given, and every call then fails with G_IO_ERROR_INVALID_ARGUMENT. */
static void
set_server_url (PbApiClient *self,
                const char  *text)
{
  char *normalized = text != NULL ? pb_server_address_normalize (text, NULL) : NULL;

  self->server_url = normalized != NULL ? normalized : g_strdup (text != NULL ? text : "");
}

static void
pb_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbApiClient *self = PB_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      set_server_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_api_client_class_init (PbApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_api_client_finalize;
  object_class->get_property = pb_api_client_get_property;
  object_class->set_property = pb_api_client_set_property;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PbApiClient::refresh-token-changed:
   *
   * The refresh token changed (sign-in, refresh) or was dropped (refused,
   * revoked); read it with pb_api_client_dup_refresh_token(). Emitted in
   * the thread that made the call.
   */
  signals[REFRESH_TOKEN_CHANGED] =
    g_signal_new ("refresh-token-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pb_api_client_init (PbApiClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("pix-bureau/%s", PACKAGE_VERSION);

  g_mutex_init (&self->lock);
  g_mutex_init (&self->refresh_lock);
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_SECONDS,
                                                 "user-agent", user_agent,
                                                 NULL);
}

PbApiClient *
pb_api_client_new (const char *server_url)
{
  g_return_val_if_fail (server_url != NULL, NULL);

  return g_object_new (PB_TYPE_API_CLIENT, "server-url", server_url, NULL);
}

const char *
pb_api_client_get_server_url (PbApiClient *self)
{
  g_return_val_if_fail (PB_IS_API_CLIENT (self), NULL);

  return self->server_url;
}

gboolean
pb_api_client_sign_in (PbApiClient   *self,
                       const char    *email,
                       const char    *password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(PbApiResponse) response = NULL;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), FALSE);
  g_return_val_if_fail (email != NULL && password != NULL, FALSE);

  response = post_token (self,
                         soup_form_encode ("grant_type", "password",
                                           "username", email,
                                           "password", password,
                                           NULL),
                         cancellable, error);
  if (response == NULL)
    return FALSE;

  if (response->status == SOUP_STATUS_OK)
    return read_token_answer (self, response, error);

  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS,
                         _("Wrong e-mail address or password"));
  else
    set_status_error (response, error);
  return FALSE;
}

gboolean
pb_api_client_refresh (PbApiClient   *self,
                       GCancellable  *cancellable,
                       GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), FALSE);

  g_mutex_lock (&self->refresh_lock);
  ok = refresh_locked (self, cancellable, error);
  g_mutex_unlock (&self->refresh_lock);
  return ok;
}

gboolean
pb_api_client_revoke (PbApiClient   *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(PbApiResponse) response = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *refresh_token = NULL;
  char *form;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), FALSE);

  refresh_token = pb_api_client_dup_refresh_token (self);
  if (refresh_token != NULL)
    {
      msg = new_message (self, "POST", "/api/revoke", error);
      if (msg == NULL)
        return FALSE;
      form = soup_form_encode ("token", refresh_token, "token_type_hint", "refresh_token", NULL);
      body = g_bytes_new_take (form, strlen (form));
      soup_message_set_request_body_from_bytes (msg, FORM_TYPE, body);
      response = exchange (self, msg, cancellable, error);
      if (response == NULL)
        return FALSE;
      if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
        {
          set_status_error (response, error);
          return FALSE;
        }
    }

  if (set_tokens (self, NULL, NULL, NULL))
    g_signal_emit (self, signals[REFRESH_TOKEN_CHANGED], 0);
  return TRUE;
}

char *
pb_api_client_dup_refresh_token (PbApiClient *self)
{
  char *token;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), NULL);

  g_mutex_lock (&self->lock);
  token = g_strdup (self->refresh_token);
  g_mutex_unlock (&self->lock);
  return token;
}

/* From the Secret Service, for an account restored without the network:
 * not a change the owner needs to hear about. The access token, if any, is
 * for another refresh token's session: drop it. */
void
pb_api_client_set_refresh_token (PbApiClient *self,
                                 const char  *refresh_token)
{
  g_return_if_fail (PB_IS_API_CLIENT (self));

  set_tokens (self, NULL, refresh_token, NULL);
}

const char *
pb_api_client_get_user_id (PbApiClient *self)
{
  const char *user_id;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), NULL);

  g_mutex_lock (&self->lock);
  user_id = self->user_id;
  g_mutex_unlock (&self->lock);
  return user_id;
}

JsonNode *
pb_api_client_get_me (PbApiClient   *self,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(PbApiResponse) response = NULL;
  g_autoptr(JsonObject) root = NULL;
  JsonNode *node;
  JsonNode *data;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), NULL);

  response = pb_api_client_send (self, "GET", "/api/me", NULL, 0, NULL, NULL, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status != SOUP_STATUS_OK)
    {
      set_status_error (response, error);
      return NULL;
    }

  root = parse_object (response->body, error);
  if (root == NULL)
    return NULL;
  data = json_object_get_member (root, "data");
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, PB_API_ERROR, PB_API_ERROR_BAD_ANSWER,
                           _("The server’s answer could not be read"));
      return NULL;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, root);
  return node;
}

/**
 * pb_api_client_send:
 *
 * Sends with the access token, getting one first if there is none; a 401
 * means it expired (or the server's key changed): refresh once and send
 * again. A second 401 is returned as the answer.
 *
 * Returns: (transfer full): the answer, whatever its status; %NULL when
 * none came (G_IO_ERROR_*, G_RESOLVER_ERROR_*) or when a refresh was needed
 * and refused (PB_API_ERROR_SIGN_IN_REQUIRED)
 */
PbApiResponse *
pb_api_client_send (PbApiClient   *self,
                    const char    *method,
                    const char    *path,
                    const char    *idempotency_key,
                    gint64         if_version,
                    const char    *content_type,
                    GBytes        *body,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *token = NULL;
  PbApiResponse *response = NULL;

  g_return_val_if_fail (PB_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL, NULL);

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;

      g_clear_pointer (&token, g_free);
      token = dup_access_token (self);
      if (token == NULL)
        {
          if (!refresh_unless_done (self, NULL, cancellable, error))
            return NULL;
          token = dup_access_token (self);
        }

      msg = build_request (self, method, path, token, idempotency_key, if_version,
                           content_type, body, error);
      if (msg == NULL)
        return NULL;

      g_clear_pointer (&response, pb_api_response_free);
      response = exchange (self, msg, cancellable, error);
      if (response == NULL)
        return NULL;
      if (response->status != SOUP_STATUS_UNAUTHORIZED || attempt == 1)
        break;

      if (!refresh_unless_done (self, token, cancellable, error))
        {
          g_clear_pointer (&response, pb_api_response_free);
          return NULL;
        }
    }

  return response;
}

void
pb_api_response_free (PbApiResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->etag);
  g_free (response);
}
