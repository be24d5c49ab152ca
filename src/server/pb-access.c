/* pb-access.c
 *
 * Who may do what in an organization. Every route that touches an
 * organization's data asks here first, with the organization the data
 * belongs to (never one taken from the request body).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"

/**
 * pb_access_get_role:
 * @role: (out): the user's role in the organization, %PB_ROLE_NONE when
 *   not a member or when the organization does not exist
 */
gboolean
pb_access_get_role (PbDb        *db,
                    const char  *user_id,
                    const char  *organization_id,
                    PbRole      *role,
                    GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found;

  *role = PB_ROLE_NONE;
  select = pb_db_prepare (db,
                          "SELECT role FROM memberships WHERE user_id = $1 AND organization_id = $2",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, user_id);
  pb_db_statement_bind_text (select, 2, organization_id);
  found = pb_db_statement_step (select, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (found)
    *role = g_strcmp0 (pb_db_statement_get_text (select, 0), "ADMIN") == 0 ? PB_ROLE_ADMIN : PB_ROLE_MEMBER;
  return TRUE;
}

/**
 * pb_access_require:
 * @needed: %PB_ROLE_MEMBER or %PB_ROLE_ADMIN
 *
 * Checks the signed-in user's role in @organization_id. An outsider gets
 * 404, as if the organization did not exist: whether a school uses Pix
 * Bureau is not for anyone to probe. A member who needs to be an
 * administrator gets 403.
 */
PbAccess
pb_access_require (PbRequest   *request,
                   PbDb        *db,
                   const char  *organization_id,
                   PbRole       needed,
                   GError     **error)
{
  PbRole role;

  if (!pb_access_get_role (db, pb_request_get_user_id (request), organization_id, &role, error))
    return PB_ACCESS_FAILED;

  if (role == PB_ROLE_NONE)
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                                "No such resource on this server.", NULL);
      return PB_ACCESS_DENIED;
    }

  if (role < needed)
    {
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "ADMIN_REQUIRED",
                                "Only the organization's administrators may do this.", NULL);
      return PB_ACCESS_DENIED;
    }

  return PB_ACCESS_GRANTED;
}

/**
 * pb_access_read:
 * @organization_id: (nullable): the organization the data belongs to;
 *   %NULL for reads that check access themselves
 *
 * Runs @func on a read connection, in one transaction so that a count and
 * the page it describes come from the same snapshot, after checking the
 * user's role in @organization_id. Call from a worker.
 */
void
pb_access_read (PbRequest  *request,
                PbStorage  *storage,
                const char *organization_id,
                PbRole      needed,
                PbReadFunc  func)
{
  g_autoptr(GError) error = NULL;
  PbDb *db = pb_storage_acquire_reader (storage);
  PbAccess access = PB_ACCESS_GRANTED;
  gboolean ok = pb_db_begin (db, &error);

  if (ok && organization_id != NULL)
    {
      access = pb_access_require (request, db, organization_id, needed, &error);
      ok = access != PB_ACCESS_FAILED;
    }
  if (ok && access == PB_ACCESS_GRANTED)
    ok = func (request, db, organization_id, &error);
  if (ok)
    ok = pb_db_commit (db, &error);
  if (!ok)
    pb_db_rollback (db);
  pb_storage_release_reader (storage, db);

  if (!ok)
    pb_request_respond_internal_error (request, error);
}
