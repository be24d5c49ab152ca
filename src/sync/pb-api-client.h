/* pb-api-client.h
 *
 * The libsoup client of pix-bureau-server's API for one server and one
 * user: sign-in and refresh (POST /api/token), the access token in memory
 * only, and requests that refresh and retry once on 401. Its calls block:
 * use them from a worker thread (the sync engine's, a GTask's, a test's).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PB_API_ERROR (pb_api_error_quark ())

/* Failures that are answers; network failures are G_IO_ERROR_* and
 * G_RESOLVER_ERROR_*, cancellation G_IO_ERROR_CANCELLED. */
typedef enum
{
  PB_API_ERROR_INVALID_CREDENTIALS,   /* 401 on sign-in: wrong e-mail or password */
  PB_API_ERROR_SIGN_IN_REQUIRED,      /* the refresh token was refused */
  PB_API_ERROR_TOO_MANY_ATTEMPTS,     /* 429 */
  PB_API_ERROR_BAD_ANSWER,            /* not JSON, or not the expected shape */
  PB_API_ERROR_SERVER,                /* 5xx */
  PB_API_ERROR_REFUSED,               /* any other 4xx on a call that has no finer error */
} PbApiError;

typedef struct
{
  guint         status;
  GBytes       *body;               /* never NULL */
  char         *etag;               /* NULL when none */
  gboolean      replayed;           /* Idempotent-Replayed: true */
  guint         retry_after;        /* seconds, 0 when none */
} PbApiResponse;

#define PB_TYPE_API_CLIENT (pb_api_client_get_type ())

G_DECLARE_FINAL_TYPE (PbApiClient, pb_api_client, PB, API_CLIENT, GObject)

GQuark         pb_api_error_quark              (void);

PbApiClient   *pb_api_client_new               (const char     *server_url);
const char    *pb_api_client_get_server_url    (PbApiClient    *self);

gboolean       pb_api_client_sign_in           (PbApiClient    *self,
                                                const char     *email,
                                                const char     *password,
                                                GCancellable   *cancellable,
                                                GError        **error);
gboolean       pb_api_client_refresh           (PbApiClient    *self,
                                                GCancellable   *cancellable,
                                                GError        **error);
gboolean       pb_api_client_revoke            (PbApiClient    *self,
                                                GCancellable   *cancellable,
                                                GError        **error);
/* The refresh token changes at each refresh (each works once):
 * ::refresh-token-changed is emitted, in the calling thread, so its owner
 * saves the new one. */
char          *pb_api_client_dup_refresh_token (PbApiClient    *self);
void           pb_api_client_set_refresh_token (PbApiClient    *self,
                                                const char     *refresh_token);
const char    *pb_api_client_get_user_id       (PbApiClient    *self);

JsonNode      *pb_api_client_get_me            (PbApiClient    *self,
                                                GCancellable   *cancellable,
                                                GError        **error);

/* Any call; @content_type and @body may be NULL; @idempotency_key and
 * @if_version (0: none) add their headers. Fails only when no answer came. */
PbApiResponse *pb_api_client_send              (PbApiClient    *self,
                                                const char     *method,
                                                const char     *path,
                                                const char     *idempotency_key,
                                                gint64          if_version,
                                                const char     *content_type,
                                                GBytes         *body,
                                                GCancellable   *cancellable,
                                                GError        **error);

void           pb_api_response_free            (PbApiResponse  *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbApiResponse, pb_api_response_free)

G_END_DECLS
