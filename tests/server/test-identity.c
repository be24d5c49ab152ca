/* test-identity.c
 *
 * Signing in over real HTTP: POST /api/token, /api/revoke, GET /api/me,
 * and the throttling of failed sign-ins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include "pb-test-server.h"

#define PASSWORD "Pix2026secret"
#define EMAIL "marie.curie@lycee-curie.fr"

typedef struct
{
  Fixture      fixture;
  Server       server;
  SoupSession *session;
  char        *organization_id;
} Context;

/* A school with one referent, and optionally a settings file. */
static void
context_set_up (Context       *context,
                gconstpointer  data)
{
  const char *settings = data;

  fixture_set_up (&context->fixture, NULL);
  if (settings != NULL)
    {
      g_autofree char *path = g_build_filename (context->fixture.data_dir, "pix-bureau-server.conf", NULL);
      g_assert_true (g_file_set_contents (path, settings, -1, NULL));
    }

  g_free (run_admin (&context->fixture, PASSWORD, "create-user", "--email", EMAIL,
                     "--first-name", "Marie", "--last-name", "Curie", NULL));
  context->organization_id = run_admin (&context->fixture, NULL, "create-organization",
                                        "--name", "Lycée Marie Curie", "--type", "SCO", "--uai", "0751234A", NULL);
  g_free (run_admin (&context->fixture, NULL, "add-member", "--organization", context->organization_id,
                     "--email", EMAIL, "--role", "ADMIN", NULL));

  server_start (&context->server, &context->fixture, "127.0.0.1:0", NULL);
  context->session = soup_session_new ();
}

static void
context_tear_down (Context       *context,
                   gconstpointer  data)
{
  g_free (server_stop (&context->server, SIGTERM));
  g_clear_object (&context->session);
  g_free (context->organization_id);
  fixture_tear_down (&context->fixture, NULL);
}

typedef struct
{
  guint        status;
  GBytes      *body;
  SoupMessage *msg;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_object (&response->msg);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static void
send_request (Context    *context,
              Response   *response,
              const char *method,
              const char *path,
              const char *content_type,
              const char *body,
              const char *access_token)
{
  g_autofree char *url = g_strconcat (context->server.base_url, path, NULL);
  g_autoptr(GError) error = NULL;

  response->msg = soup_message_new (method, url);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (response->msg, content_type, bytes);
    }
  if (access_token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", access_token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (response->msg),
                                    "Authorization", authorization);
    }

  response->body = soup_session_send_and_read (context->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
}

static void
sign_in (Context    *context,
         Response   *response,
         const char *username,
         const char *password)
{
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", username,
                                            "password", password, NULL);

  send_request (context, response, "POST", "/api/token", "application/x-www-form-urlencoded", form, NULL);
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_error (Response   *response,
              guint       status,
              const char *code)
{
  g_autoptr(JsonObject) error = first_error (response->body);
  g_autofree char *status_text = g_strdup_printf ("%u", status);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (error, "status"), ==, status_text);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
}

static char *
token_member (GBytes     *body,
              const char *name)
{
  g_autoptr(JsonObject) object = parse_object (body);

  return g_strdup (json_object_get_string_member (object, name));
}

static void
test_password_grant (Context       *context,
                     gconstpointer  data)
{
  g_auto(Response) response = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  SoupMessageHeaders *headers;

  /* The address signs in whatever its case. */
  sign_in (context, &response, "Marie.Curie@Lycee-Curie.fr", PASSWORD);
  g_assert_cmpuint (response.status, ==, 200);

  headers = soup_message_get_response_headers (response.msg);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-store");

  tokens = parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "bearer");
  g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), ==, 20 * 60);
  g_assert_cmpuint (strlen (json_object_get_string_member (tokens, "refresh_token")), >=, 43);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (tokens, "access_token"),
                                   json_object_get_string_member (tokens, "user_id")));
}

static void
test_bad_credentials (Context       *context,
                      gconstpointer  data)
{
  g_auto(Response) wrong = { 0 };
  g_auto(Response) unknown = { 0 };

  sign_in (context, &wrong, EMAIL, "Pix2026secreT");
  assert_error (&wrong, 401, "INVALID_CREDENTIALS");

  /* An unknown address gets the very same answer. */
  sign_in (context, &unknown, "nobody@lycee-curie.fr", PASSWORD);
  assert_error (&unknown, 401, "INVALID_CREDENTIALS");
  g_assert_true (g_bytes_equal (wrong.body, unknown.body));
}

static void
test_me (Context       *context,
         gconstpointer  data)
{
  g_auto(Response) signed_in = { 0 };
  g_auto(Response) me = { 0 };
  g_autoptr(JsonObject) document = NULL;
  g_autofree char *access = NULL;
  JsonObject *user;
  JsonArray *included;
  gboolean organization_seen = FALSE, membership_seen = FALSE;

  sign_in (context, &signed_in, EMAIL, PASSWORD);
  access = token_member (signed_in.body, "access_token");

  send_request (context, &me, "GET", "/api/me", NULL, NULL, access);
  g_assert_cmpuint (me.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (me.msg), NULL),
                   ==, "application/vnd.api+json");

  document = parse_object (me.body);
  user = json_object_get_object_member (document, "data");
  g_assert_cmpstr (json_object_get_string_member (user, "type"), ==, "users");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "attributes"), "first-name"),
                   ==, "Marie");

  included = json_object_get_array_member (document, "included");
  for (guint i = 0; i < json_array_get_length (included); i++)
    {
      JsonObject *resource = json_array_get_object_element (included, i);
      JsonObject *attributes = json_object_get_object_member (resource, "attributes");
      const char *type = json_object_get_string_member (resource, "type");

      if (g_str_equal (type, "organizations"))
        {
          g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, context->organization_id);
          g_assert_cmpstr (json_object_get_string_member (attributes, "name"), ==, "Lycée Marie Curie");
          organization_seen = TRUE;
        }
      else if (g_str_equal (type, "memberships"))
        {
          g_assert_cmpstr (json_object_get_string_member (attributes, "organization-role"), ==, "ADMIN");
          membership_seen = TRUE;
        }
    }
  g_assert_true (organization_seen);
  g_assert_true (membership_seen);
}

static void
test_me_refused (Context       *context,
                 gconstpointer  data)
{
  g_auto(Response) signed_in = { 0 };
  g_auto(Response) anonymous = { 0 };
  g_auto(Response) forged = { 0 };
  g_auto(Response) other_user = { 0 };
  g_autofree char *access = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *impersonated = NULL;

  send_request (context, &anonymous, "GET", "/api/me", NULL, NULL, NULL);
  assert_error (&anonymous, 401, "UNAUTHORIZED");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (anonymous.msg),
                                                 "WWW-Authenticate"), ==, "Bearer");

  sign_in (context, &signed_in, EMAIL, PASSWORD);
  access = token_member (signed_in.body, "access_token");

  /* One changed character of the signature… */
  tampered = g_strdup (access);
  tampered[strlen (tampered) - 1] = tampered[strlen (tampered) - 1] == 'a' ? 'b' : 'a';
  send_request (context, &forged, "GET", "/api/me", NULL, NULL, tampered);
  assert_error (&forged, 401, "UNAUTHORIZED");

  /* …or another user's id under the same signature. */
  impersonated = g_strconcat ("01a2008d-7400-7000-8000-000000000000", strchr (access, '.'), NULL);
  send_request (context, &other_user, "GET", "/api/me", NULL, NULL, impersonated);
  assert_error (&other_user, 401, "UNAUTHORIZED");
}

static void
test_access_token_expires (Context       *context,
                           gconstpointer  data)
{
  g_auto(Response) signed_in = { 0 };
  g_auto(Response) at_once = { 0 };
  g_auto(Response) later = { 0 };
  g_autofree char *access = NULL;

  sign_in (context, &signed_in, EMAIL, PASSWORD);
  access = token_member (signed_in.body, "access_token");

  /* Expiry is in whole seconds, so a 2 s lifetime leaves at least one
   * second for the first call, and 3 s is always past it. */
  send_request (context, &at_once, "GET", "/api/me", NULL, NULL, access);
  g_assert_cmpuint (at_once.status, ==, 200);

  g_usleep (3100 * 1000);
  send_request (context, &later, "GET", "/api/me", NULL, NULL, access);
  assert_error (&later, 401, "UNAUTHORIZED");
}

static void
refresh (Context    *context,
         Response   *response,
         const char *refresh_token)
{
  g_autofree char *form = soup_form_encode ("grant_type", "refresh_token", "refresh_token", refresh_token, NULL);

  send_request (context, response, "POST", "/api/token", "application/x-www-form-urlencoded", form, NULL);
}

static void
test_refresh_rotates (Context       *context,
                      gconstpointer  data)
{
  g_auto(Response) signed_in = { 0 };
  g_auto(Response) refreshed = { 0 };
  g_auto(Response) replayed = { 0 };
  g_auto(Response) me = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *access = NULL;

  sign_in (context, &signed_in, EMAIL, PASSWORD);
  first = token_member (signed_in.body, "refresh_token");

  refresh (context, &refreshed, first);
  g_assert_cmpuint (refreshed.status, ==, 200);
  second = token_member (refreshed.body, "refresh_token");
  g_assert_cmpstr (second, !=, first);
  access = token_member (refreshed.body, "access_token");
  send_request (context, &me, "GET", "/api/me", NULL, NULL, access);
  g_assert_cmpuint (me.status, ==, 200);

  /* A refresh token is good for one use. */
  refresh (context, &replayed, first);
  assert_error (&replayed, 401, "INVALID_REFRESH_TOKEN");
}

static void
test_revoke (Context       *context,
             gconstpointer  data)
{
  g_auto(Response) signed_in = { 0 };
  g_auto(Response) revoked = { 0 };
  g_auto(Response) unknown = { 0 };
  g_auto(Response) refused = { 0 };
  g_autofree char *token = NULL;
  g_autofree char *form = NULL;

  sign_in (context, &signed_in, EMAIL, PASSWORD);
  token = token_member (signed_in.body, "refresh_token");

  form = soup_form_encode ("token", token, "token_type_hint", "refresh_token", NULL);
  send_request (context, &revoked, "POST", "/api/revoke", "application/x-www-form-urlencoded", form, NULL);
  g_assert_cmpuint (revoked.status, ==, 204);

  send_request (context, &unknown, "POST", "/api/revoke", "application/x-www-form-urlencoded",
                "token=never-issued", NULL);
  g_assert_cmpuint (unknown.status, ==, 204);

  refresh (context, &refused, token);
  assert_error (&refused, 401, "INVALID_REFRESH_TOKEN");
}

static guint
retry_after (Response *response)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (response->msg),
                                                    "Retry-After");

  g_assert_nonnull (value);
  return (guint)g_ascii_strtoull (value, NULL, 10);
}

/* Two wrong passwords answered 401, then a third that blocks the account
 * (with max-failed-logins=3): returns the block's Retry-After.
 */
static guint
fail_until_blocked (Context *context)
{
  g_auto(Response) blocked = { 0 };

  for (guint i = 0; i < 2; i++)
    {
      g_auto(Response) wrong = { 0 };

      sign_in (context, &wrong, EMAIL, "Wrong2026pass");
      assert_error (&wrong, 401, "INVALID_CREDENTIALS");
    }

  sign_in (context, &blocked, EMAIL, "Wrong2026pass");
  assert_error (&blocked, 429, "TOO_MANY_ATTEMPTS");
  return retry_after (&blocked);
}

/* With max-failed-logins=3 and login-block-seconds=2 (see main()). */
static void
test_account_throttled (Context       *context,
                        gconstpointer  data)
{
  g_auto(Response) right_but_blocked = { 0 };
  g_auto(Response) after_wait = { 0 };

  g_assert_cmpuint (fail_until_blocked (context), ==, 2);

  /* Even the right password waits. */
  sign_in (context, &right_but_blocked, EMAIL, PASSWORD);
  assert_error (&right_but_blocked, 429, "TOO_MANY_ATTEMPTS");

  g_usleep (2200 * 1000);
  sign_in (context, &after_wait, EMAIL, PASSWORD);
  g_assert_cmpuint (after_wait.status, ==, 200);

  /* A success resets the count: the next block starts from 2 s again. */
  g_assert_cmpuint (fail_until_blocked (context), ==, 2);
}

/* Blocks double while failures go on without a success in between. */
static void
test_account_block_doubles (Context       *context,
                            gconstpointer  data)
{
  g_assert_cmpuint (fail_until_blocked (context), ==, 2);
  g_usleep (2200 * 1000);
  g_assert_cmpuint (fail_until_blocked (context), ==, 4);
}

/* With max-failures-per-address=4: the fifth try from this address is
 * refused, whatever the account. */
static void
test_address_throttled (Context       *context,
                        gconstpointer  data)
{
  g_auto(Response) refused = { 0 };

  for (guint i = 0; i < 4; i++)
    {
      g_auto(Response) wrong = { 0 };
      g_autofree char *user = g_strdup_printf ("eleve%u@lycee-curie.fr", i);

      sign_in (context, &wrong, user, PASSWORD);
      assert_error (&wrong, 401, "INVALID_CREDENTIALS");
    }

  sign_in (context, &refused, EMAIL, PASSWORD);
  assert_error (&refused, 429, "TOO_MANY_ATTEMPTS");
  g_assert_cmpuint (retry_after (&refused), >, 0);
}

static void
test_bad_requests (Context       *context,
                   gconstpointer  data)
{
  g_auto(Response) json = { 0 };
  g_auto(Response) no_grant = { 0 };
  g_auto(Response) no_password = { 0 };
  g_auto(Response) wrong_method = { 0 };

  send_request (context, &json, "POST", "/api/token", "application/json",
                "{\"username\": \"" EMAIL "\", \"password\": \"" PASSWORD "\"}", NULL);
  assert_error (&json, 400, "INVALID_REQUEST");

  send_request (context, &no_grant, "POST", "/api/token", "application/x-www-form-urlencoded",
                "username=a&password=b", NULL);
  assert_error (&no_grant, 400, "UNSUPPORTED_GRANT_TYPE");

  send_request (context, &no_password, "POST", "/api/token", "application/x-www-form-urlencoded",
                "grant_type=password&username=a", NULL);
  assert_error (&no_password, 400, "INVALID_REQUEST");

  send_request (context, &wrong_method, "GET", "/api/token", NULL, NULL, NULL);
  assert_error (&wrong_method, 405, "METHOD_NOT_ALLOWED");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (wrong_method.msg), "Allow"),
                   ==, "POST");
}

typedef struct
{
  Context *context;
  guint    status;
} Attempt;

static gpointer
sign_in_thread (gpointer data)
{
  Attempt *attempt = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autofree char *url = g_strconcat (attempt->context->server.base_url, "/api/token", NULL);
  char *encoded = soup_form_encode ("grant_type", "password", "username", EMAIL, "password", PASSWORD, NULL);

  form = g_bytes_new_take (encoded, strlen (encoded));
  msg = soup_message_new ("POST", url);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  attempt->status = soup_message_get_status (msg);

  return NULL;
}

/* More sign-ins at once than there are workers: all answered. */
static void
test_concurrent (Context       *context,
                 gconstpointer  data)
{
  Attempt attempts[10];
  GThread *threads[G_N_ELEMENTS (attempts)];

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      attempts[i].context = context;
      attempts[i].status = 0;
      threads[i] = g_thread_new ("sign-in", sign_in_thread, &attempts[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (attempts[i].status, ==, 200);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char short_tokens[] = "[identity]\naccess-token-lifetime=2\n";
  static const char strict_account[] = "[identity]\nmax-failed-logins=3\nlogin-block-seconds=2\n";
  static const char strict_address[] = "[identity]\nmax-failures-per-address=4\n";

  g_test_init (&argc, &argv, NULL);

#define ADD(path, settings, func) \
  g_test_add (path, Context, settings, context_set_up, func, context_tear_down)

  ADD ("/server/identity/password-grant", NULL, test_password_grant);
  ADD ("/server/identity/bad-credentials", NULL, test_bad_credentials);
  ADD ("/server/identity/me", NULL, test_me);
  ADD ("/server/identity/me-refused", NULL, test_me_refused);
  ADD ("/server/identity/access-token-expires", short_tokens, test_access_token_expires);
  ADD ("/server/identity/refresh-rotates", NULL, test_refresh_rotates);
  ADD ("/server/identity/revoke", NULL, test_revoke);
  ADD ("/server/identity/account-throttled", strict_account, test_account_throttled);
  ADD ("/server/identity/account-block-doubles", strict_account, test_account_block_doubles);
  ADD ("/server/identity/address-throttled", strict_address, test_address_throttled);
  ADD ("/server/identity/bad-requests", NULL, test_bad_requests);
  ADD ("/server/identity/concurrent", NULL, test_concurrent);

#undef ADD

  return g_test_run ();
}
