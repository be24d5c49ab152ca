/* pb-organization-routes.c
 *
 * An organization and its team: GET /api/organizations/{id},
 * …/divisions, and …/memberships (GET; POST by administrators).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-changes.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-organization-routes.h"
#include "pb-resources.h"
#include "pb-server.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"
#include "pb-write.h"

static gboolean
read_organization (PbRequest   *request,
                   PbDb        *db,
                   const char  *organization_id,
                   GError     **error)
{
  return pb_resource_respond (request, db, &pb_resource_organizations, organization_id, SOUP_STATUS_OK, error);
}

static void
organization_work (PbRequest *request,
                   PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_organization);
}

/* Answers a list of @kind rows of one organization, in @order. */
static gboolean
respond_list (PbRequest             *request,
              PbDb                  *db,
              const PbResourceKind  *kind,
              const char            *organization_id,
              const char            *order,
              GError               **error)
{
  g_autofree char *sql = g_strconcat (kind->select, " WHERE r.organization_id = $1 ORDER BY ", order, NULL);
  g_autoptr(PbDbStatement) rows = pb_db_prepare (db, sql, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  if (rows == NULL)
    return FALSE;
  pb_db_statement_bind_text (rows, 1, organization_id);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  if (!pb_resource_write_list (builder, rows, kind, error))
    return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static gboolean
read_divisions (PbRequest   *request,
                PbDb        *db,
                const char  *organization_id,
                GError     **error)
{
  return respond_list (request, db, &pb_resource_divisions, organization_id, "r.name", error);
}

static void
divisions_work (PbRequest *request,
                PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_divisions);
}

static gboolean
read_memberships (PbRequest   *request,
                  PbDb        *db,
                  const char  *organization_id,
                  GError     **error)
{
  return respond_list (request, db, &pb_resource_memberships, organization_id,
                       "u.last_name, u.first_name, r.id", error);
}

static void
memberships_work (PbRequest *request,
                  PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_memberships);
}

typedef struct
{
  char *id;
  char *email;
  char *role;
} NewMembership;

static void
new_membership_free (NewMembership *data)
{
  g_free (data->id);
  g_free (data->email);
  g_free (data->role);
  g_free (data);
}

/* Returns the user's id, NULL if nobody has this address. */
static char *
find_user_by_email (PbDb        *db,
                    const char  *email,
                    GError     **error)
{
  g_autofree char *key = g_utf8_strdown (email, -1);
  char *id = NULL;

  pb_db_select_text (db, "SELECT id FROM users WHERE email = $1", key, &id, error);
  return id;
}

static gboolean
insert_membership (PbRequest      *request,
                   PbDb           *db,
                   const char     *organization_id,
                   NewMembership  *data,
                   GError        **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *user_id = find_user_by_email (db, data->email, &local_error);
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *existing = NULL;
  PbRole role;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (user_id == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "USER_NOT_FOUND",
                                "No Pix Bureau account has this e-mail address; create it first.",
                                "/data/attributes/email");
      return TRUE;
    }
  if (!pb_access_get_role (db, user_id, organization_id, &role, error) ||
      !pb_db_select_text (db, "SELECT id FROM memberships WHERE id = $1", data->id, &existing, error))
    return FALSE;
  if (existing != NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "ID_TAKEN",
                                "A membership with this id exists already.", "/data/id");
      return TRUE;
    }
  if (role != PB_ROLE_NONE)
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "ALREADY_MEMBER",
                                "This person is already a member of the organization.",
                                "/data/attributes/email");
      return TRUE;
    }

  insert = pb_db_prepare (db,
                          "INSERT INTO memberships (id, organization_id, user_id, role, created_at) "
                          "VALUES ($1, $2, $3, $4, $5)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, data->id);
  pb_db_statement_bind_text (insert, 2, organization_id);
  pb_db_statement_bind_text (insert, 3, user_id);
  pb_db_statement_bind_text (insert, 4, data->role);
  pb_db_statement_bind_text (insert, 5, now);
  return pb_db_statement_run (insert, error) &&
         pb_changes_record (db, organization_id, "memberships", data->id, "put", error) &&
         pb_resource_respond (request, db, &pb_resource_memberships, data->id, SOUP_STATUS_CREATED, error);
}

static void
add_member_work (PbRequest *request,
                 PbStorage *storage)
{
  const char *organization_id = pb_request_get_param (request, "id");
  g_autoptr(GError) error = NULL;
  PbAccess access;
  gboolean ok;
  PbDb *db;

  if ((db = pb_write_begin (request, storage)) == NULL)
    return;

  access = pb_access_require (request, db, organization_id, PB_ROLE_ADMIN, &error);
  ok = access != PB_ACCESS_FAILED;
  if (access == PB_ACCESS_GRANTED)
    ok = insert_membership (request, db, organization_id, pb_request_get_data (request), &error);

  pb_write_finish (request, storage, db, ok, error);
}

/* Body checks need no database: done on the main loop. */
static void
add_member_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) input = { NULL };
  NewMembership *data;
  gboolean present;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&input, request, "memberships"))
    return;

  data = g_new0 (NewMembership, 1);
  pb_request_set_data (request, data, (GDestroyNotify)new_membership_free);
  if (!pb_jsonapi_input_get_string (&input, request, "email", 254, &present, &data->email) ||
      !pb_jsonapi_input_get_string (&input, request, "organization-role", 10, &present, &data->role))
    return;

  if (data->email == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "EMAIL_REQUIRED",
                                "Give the new member's e-mail address.", "/data/attributes/email");
      return;
    }
  if (data->role == NULL)
    data->role = g_strdup ("MEMBER");
  if (!g_str_equal (data->role, "ADMIN") && !g_str_equal (data->role, "MEMBER"))
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_ROLE",
                                "organization-role is ADMIN or MEMBER.", "/data/attributes/organization-role");
      return;
    }
  if (input.id != NULL && !pb_uuid_is_valid (input.id))
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_ID",
                                "A client-chosen id must be a UUID.", "/data/id");
      return;
    }

  data->id = input.id != NULL ? g_ascii_strdown (input.id, -1) : pb_uuid_new_v7 ();
  pb_request_defer (request, add_member_work);
}

static void
organization_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, organization_work);
}

static void
divisions_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, divisions_work);
}

static void
memberships_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, memberships_work);
}

void
pb_organization_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/organizations/{id}", organization_handler);
  pb_router_add (router, "GET", "/api/organizations/{id}/divisions", divisions_handler);
  pb_router_add (router, "GET", "/api/organizations/{id}/memberships", memberships_handler);
  pb_router_add (router, "POST", "/api/organizations/{id}/memberships", add_member_handler);
}
