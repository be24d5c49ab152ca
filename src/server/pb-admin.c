/* pb-admin.c
 *
 * What `pix-bureau-server admin` does, as functions: the demo builds its
 * school with them too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-admin.h"
#include "pb-changes.h"
#include "pb-password.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"

/* Enough to refuse typos; the address is confirmed by its owner signing in. */
char *
pb_admin_normalize_email (const char  *email,
                          GError     **error)
{
  const char *at = strchr (email, '@');

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL || strpbrk (email, " \t\r\n") != NULL ||
      !g_utf8_validate (email, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an e-mail address", email);
      return NULL;
    }

  return g_utf8_strdown (email, -1);
}

/* Turns a constraint failure into what it means for this command. */
static gboolean
run_insert (PbDbStatement  *statement,
            const char     *duplicate_message,
            GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (pb_db_statement_run (statement, &local_error))
    return TRUE;

  if (g_error_matches (local_error, PB_DB_ERROR, PB_DB_ERROR_CONSTRAINT))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, duplicate_message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));

  return FALSE;
}

static gboolean
insert_user (PbStorage   *storage,
             const char  *id,
             const char  *email,
             const char  *first_name,
             const char  *last_name,
             const char  *password_hash,
             GError     **error)
{
  g_autoptr(PbDbStatement) statement = NULL;
  g_autofree char *now = pb_timestamp_now ();
  PbDb *db = pb_storage_lock_writer (storage);
  gboolean ret = FALSE;

  statement = pb_db_prepare (db,
                             "INSERT INTO users (id, email, first_name, last_name, password_hash, created_at) "
                             "VALUES ($1, $2, $3, $4, $5, $6)",
                             error);
  if (statement != NULL)
    {
      pb_db_statement_bind_text (statement, 1, id);
      pb_db_statement_bind_text (statement, 2, email);
      pb_db_statement_bind_text (statement, 3, first_name);
      pb_db_statement_bind_text (statement, 4, last_name);
      pb_db_statement_bind_text (statement, 5, password_hash);
      pb_db_statement_bind_text (statement, 6, now);
      ret = run_insert (statement, "A user with this e-mail address already exists", error);
    }

  g_clear_pointer (&statement, pb_db_statement_free);
  pb_storage_unlock_writer (storage, db);
  return ret;
}


/**
 * pb_admin_create_user:
 * @email: an e-mail address, any case
 * @password: checked against Pix's rule
 *
 * Returns: (transfer full): the new user's id, or %NULL on @error
 */
char *
pb_admin_create_user (PbStorage   *storage,
                      const char  *email,
                      const char  *first_name,
                      const char  *last_name,
                      const char  *password,
                      GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *id = pb_uuid_new_v7 ();

  if (!(normalized = pb_admin_normalize_email (email, error)) ||
      !pb_password_check_rule (password, error) ||
      !(hash = pb_password_hash (password, FALSE, error)) ||
      !insert_user (storage, id, normalized, first_name, last_name, hash, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* A UAI (unité administrative immatriculée), the code of a French school:
 * seven digits and a check letter, such as 0751234A.
 */
gboolean
pb_admin_is_uai (const char *uai)
{
  if (strlen (uai) != 8)
    return FALSE;

  for (guint i = 0; i < 7; i++)
    {
      if (!g_ascii_isdigit (uai[i]))
        return FALSE;
    }

  return g_ascii_isalpha (uai[7]);
}

static gboolean
insert_organization (PbDb        *db,
                     const char  *table,
                     const char  *id,
                     const char  *name,
                     const char  *type,
                     const char  *uai,
                     const char  *organization_id,
                     GError     **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autoptr(PbDbStatement) statement = NULL;

  /* A SCO organization with a UAI manages its students: it imports them
   * from SIECLE. A certification centre points at its organization.
   */
  if (organization_id == NULL)
    sql = g_strdup_printf ("INSERT INTO %s (id, name, type, uai, created_at, is_managing_students) "
                           "VALUES ($1, $2, $3, $4, $5, $6)", table);
  else
    sql = g_strdup_printf ("INSERT INTO %s (id, name, type, uai, created_at, organization_id) "
                           "VALUES ($1, $2, $3, $4, $5, $6)", table);

  statement = pb_db_prepare (db, sql, error);
  if (statement == NULL)
    return FALSE;

  pb_db_statement_bind_text (statement, 1, id);
  pb_db_statement_bind_text (statement, 2, name);
  pb_db_statement_bind_text (statement, 3, type);
  pb_db_statement_bind_text (statement, 4, uai);
  pb_db_statement_bind_text (statement, 5, now);
  if (organization_id == NULL)
    pb_db_statement_bind_int64 (statement, 6, strcmp (type, "SCO") == 0 && uai != NULL);
  else
    pb_db_statement_bind_text (statement, 6, organization_id);

  return run_insert (statement, "An organization with this id already exists", error);
}

gboolean
pb_admin_create_organization (PbStorage   *storage,
                              const char  *name,
                              const char  *type,
                              const char  *uai,
                              gboolean     with_center,
                              char       **organization_id,
                              char       **center_id,
                              GError     **error)
{
  PbDb *db = pb_storage_lock_writer (storage);
  gboolean ok;

  *organization_id = pb_uuid_new_v7 ();
  *center_id = with_center ? pb_uuid_new_v7 () : NULL;

  ok = pb_db_begin (db, error) &&
       insert_organization (db, "organizations", *organization_id, name, type, uai, NULL, error) &&
       (!with_center ||
        insert_organization (db, "certification_centers", *center_id, name, type, uai, *organization_id, error)) &&
       pb_db_commit (db, error);
  if (!ok)
    pb_db_rollback (db);

  pb_storage_unlock_writer (storage, db);
  return ok;
}

static gboolean
lookup_one (PbDb        *db,
            const char  *sql,
            const char  *value,
            const char  *missing_message,
            char       **out,
            GError     **error)
{
  g_autoptr(PbDbStatement) statement = pb_db_prepare (db, sql, error);
  g_autoptr(GError) local_error = NULL;

  if (statement == NULL)
    return FALSE;

  pb_db_statement_bind_text (statement, 1, value);
  if (!pb_db_statement_step (statement, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, missing_message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *out = g_strdup (pb_db_statement_get_text (statement, 0));
  return TRUE;
}

gboolean
pb_admin_add_member (PbStorage   *storage,
                     const char  *organization,
                     const char  *email,
                     const char  *role,
                     GError     **error)
{
  g_autofree char *organization_id = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *now = pb_timestamp_now ();
  g_autoptr(PbDbStatement) statement = NULL;
  PbDb *db = pb_storage_lock_writer (storage);
  gboolean ok = FALSE;

  /* The membership and its entry in the organization's changes feed
   * commit together. */
  if (pb_db_begin (db, error) &&
      lookup_one (db, "SELECT id FROM organizations WHERE id = $1", organization,
                  "No organization has this id", &organization_id, error) &&
      lookup_one (db, "SELECT id FROM users WHERE email = $1", email,
                  "No user has this e-mail address; create it with “admin create-user”", &user_id, error) &&
      (statement = pb_db_prepare (db,
                                  "INSERT INTO memberships (id, organization_id, user_id, role, created_at) "
                                  "VALUES ($1, $2, $3, $4, $5)",
                                  error)) != NULL)
    {
      pb_db_statement_bind_text (statement, 1, id);
      pb_db_statement_bind_text (statement, 2, organization_id);
      pb_db_statement_bind_text (statement, 3, user_id);
      pb_db_statement_bind_text (statement, 4, role);
      pb_db_statement_bind_text (statement, 5, now);
      ok = run_insert (statement, "This user is already a member of the organization", error) &&
           pb_changes_record (db, organization_id, "memberships", id, "put", error) &&
           pb_db_commit (db, error);
    }

  g_clear_pointer (&statement, pb_db_statement_free);
  if (!ok)
    pb_db_rollback (db);
  pb_storage_unlock_writer (storage, db);
  return ok;
}

