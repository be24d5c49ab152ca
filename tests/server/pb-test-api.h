/* pb-test-api.h
 *
 * Talking to a running pix-bureau-server over HTTP from API tests: two
 * schools (A and B), their staff signed in, and small request helpers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-test-server.h"

G_BEGIN_DECLS

#define API_PASSWORD "Pix2026secret"
#define API_UAI_A "0751234A"
#define API_UAI_B "0692345B"

typedef struct
{
  Fixture      fixture;
  Server       server;
  SoupSession *session;

  char        *org_a;          /* SCO, UAI API_UAI_A */
  char        *org_b;          /* SCO, UAI API_UAI_B */
  char        *org_sup;        /* SUP, admin_a is its ADMIN */
  char        *admin_a;        /* token of org A's administrator */
  char        *member_a;       /* token of a plain member of org A */
  char        *admin_b;        /* token of org B's administrator */
  char        *admin_a_id;
  char        *member_a_id;
} Api;

typedef struct
{
  guint        status;
  GBytes      *body;
  JsonNode    *json;           /* NULL unless the body is JSON */
  SoupMessage *msg;
} ApiResponse;

void         api_set_up        (Api          *api,
                                gconstpointer data);
void         api_tear_down     (Api          *api,
                                gconstpointer data);
char        *api_sign_in       (Api          *api,
                                const char   *email);
void         api_restart       (Api          *api);

void         api_response_clear (ApiResponse *response);
void         api_send          (Api          *api,
                                ApiResponse  *response,
                                const char   *method,
                                const char   *path,
                                const char   *token,
                                const char   *content_type,
                                GBytes       *body,
                                ...) G_GNUC_NULL_TERMINATED;
void         api_send_json     (Api          *api,
                                ApiResponse  *response,
                                const char   *method,
                                const char   *path,
                                const char   *token,
                                const char   *json,
                                ...) G_GNUC_NULL_TERMINATED;
JsonObject  *api_data          (ApiResponse  *response);
JsonArray   *api_data_array    (ApiResponse  *response);
JsonObject  *api_attributes    (ApiResponse  *response);
const char  *api_error_code    (ApiResponse  *response);
const char  *api_header        (ApiResponse  *response,
                                const char   *name);
gint64       api_meta_int      (ApiResponse  *response,
                                const char   *name);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ApiResponse, api_response_clear)

G_END_DECLS
