/* pb-test-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include "pb-test-api.h"

static char *
create_user (Api        *api,
             const char *email,
             const char *first_name,
             const char *last_name)
{
  return run_admin (&api->fixture, API_PASSWORD, "create-user", "--email", email,
                    "--first-name", first_name, "--last-name", last_name, NULL);
}

static char *
create_organization (Api        *api,
                     const char *name,
                     const char *type,
                     const char *uai)
{
  g_autofree char *out = NULL;

  if (uai != NULL)
    out = run_admin (&api->fixture, NULL, "create-organization", "--name", name, "--type", type, "--uai", uai, NULL);
  else
    out = run_admin (&api->fixture, NULL, "create-organization", "--name", name, "--type", type, NULL);
  return g_strdup (out);
}

static void
add_member (Api        *api,
            const char *organization,
            const char *email,
            const char *role)
{
  g_free (run_admin (&api->fixture, NULL, "add-member", "--organization", organization,
                     "--email", email, "--role", role, NULL));
}

char *
api_sign_in (Api        *api,
             const char *email)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", email,
                                            "password", API_PASSWORD, NULL);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));

  api_send (api, &response, "POST", "/api/token", NULL, "application/x-www-form-urlencoded", body, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (response.json), "access_token"));
}

void
api_set_up (Api           *api,
            gconstpointer  data)
{
  g_autofree char *admin_b_id = NULL;

  fixture_set_up (&api->fixture, NULL);
  api->admin_a_id = create_user (api, "anne.admin@college-a.fr", "Anne", "Admin");
  api->member_a_id = create_user (api, "marc.membre@college-a.fr", "Marc", "Membre");
  admin_b_id = create_user (api, "bea.admin@college-b.fr", "Béatrice", "Admin");
  api->org_a = create_organization (api, "Collège A", "SCO", API_UAI_A);
  api->org_b = create_organization (api, "Collège B", "SCO", API_UAI_B);
  api->org_sup = create_organization (api, "Université A", "SUP", NULL);
  add_member (api, api->org_a, "anne.admin@college-a.fr", "ADMIN");
  add_member (api, api->org_a, "marc.membre@college-a.fr", "MEMBER");
  add_member (api, api->org_b, "bea.admin@college-b.fr", "ADMIN");
  add_member (api, api->org_sup, "anne.admin@college-a.fr", "ADMIN");

  server_start (&api->server, &api->fixture, "127.0.0.1:0", NULL);
  api->session = soup_session_new_with_options ("timeout", 60, NULL);
  api->admin_a = api_sign_in (api, "anne.admin@college-a.fr");
  api->member_a = api_sign_in (api, "marc.membre@college-a.fr");
  api->admin_b = api_sign_in (api, "bea.admin@college-b.fr");
}

void
api_tear_down (Api           *api,
               gconstpointer  data)
{
  g_free (server_stop (&api->server, SIGTERM));
  g_clear_object (&api->session);
  g_free (api->org_a);
  g_free (api->org_b);
  g_free (api->org_sup);
  g_free (api->admin_a);
  g_free (api->member_a);
  g_free (api->admin_b);
  g_free (api->admin_a_id);
  g_free (api->member_a_id);
  fixture_tear_down (&api->fixture, NULL);
}

/* Stops the server and starts it again on the same data. */
void
api_restart (Api *api)
{
  g_free (server_stop (&api->server, SIGTERM));
  server_start (&api->server, &api->fixture, "127.0.0.1:0", NULL);
}

void
api_response_clear (ApiResponse *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_object (&response->msg);
}

static void
send_va (Api          *api,
         ApiResponse  *response,
         const char   *method,
         const char   *path,
         const char   *token,
         const char   *content_type,
         GBytes       *body,
         va_list       headers)
{
  g_autofree char *url = g_strconcat (api->server.base_url, path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request_headers;
  const char *name;

  api_response_clear (response);
  response->msg = soup_message_new (method, url);
  g_assert_nonnull (response->msg);
  request_headers = soup_message_get_request_headers (response->msg);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (response->msg, content_type, body);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  while ((name = va_arg (headers, const char *)) != NULL)
    soup_message_headers_replace (request_headers, name, va_arg (headers, const char *));

  response->body = soup_session_send_and_read (api->session, response->msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (response->msg);
  if (g_bytes_get_size (response->body) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (response->body, NULL),
                                  (gssize)g_bytes_get_size (response->body), NULL))
    response->json = json_node_ref (json_parser_get_root (parser));
}

/**
 * api_send:
 * @token: (nullable): an access token
 * @body: (nullable): the request body
 * @...: header name, value pairs, then %NULL
 */
void
api_send (Api          *api,
          ApiResponse  *response,
          const char   *method,
          const char   *path,
          const char   *token,
          const char   *content_type,
          GBytes       *body,
          ...)
{
  va_list headers;

  va_start (headers, body);
  send_va (api, response, method, path, token, content_type, body, headers);
  va_end (headers);
}

void
api_send_json (Api          *api,
               ApiResponse  *response,
               const char   *method,
               const char   *path,
               const char   *token,
               const char   *json,
               ...)
{
  g_autoptr(GBytes) body = json != NULL ? g_bytes_new (json, strlen (json)) : NULL;
  va_list headers;

  va_start (headers, json);
  send_va (api, response, method, path, token, "application/vnd.api+json", body, headers);
  va_end (headers);
}

JsonObject *
api_data (ApiResponse *response)
{
  g_assert_nonnull (response->json);
  return json_object_get_object_member (json_node_get_object (response->json), "data");
}

JsonArray *
api_data_array (ApiResponse *response)
{
  g_assert_nonnull (response->json);
  return json_object_get_array_member (json_node_get_object (response->json), "data");
}

JsonObject *
api_attributes (ApiResponse *response)
{
  return json_object_get_object_member (api_data (response), "attributes");
}

/* The first error's code, or NULL when the body has no errors. */
const char *
api_error_code (ApiResponse *response)
{
  JsonObject *root;
  JsonArray *errors;

  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    return NULL;
  root = json_node_get_object (response->json);
  if (!json_object_has_member (root, "errors"))
    return NULL;
  errors = json_object_get_array_member (root, "errors");
  if (json_array_get_length (errors) == 0)
    return NULL;
  return json_object_get_string_member (json_array_get_object_element (errors, 0), "code");
}

const char *
api_header (ApiResponse *response,
            const char  *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (response->msg), name);
}

gint64
api_meta_int (ApiResponse *response,
              const char  *name)
{
  JsonObject *meta = json_object_get_object_member (json_node_get_object (response->json), "meta");

  return json_object_get_int_member (meta, name);
}
