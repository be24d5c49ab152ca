/* pb-campaign-routes.c
 *
 * Campaigns (pix-domain §5): created by any member of an organization,
 * found by learners through their code. Fields and rules follow Pix
 * Orga's creation form and validator:
 *   - name required; type ASSESSMENT or PROFILES_COLLECTION
 *     (CAMPAIGN_PURPOSE_IS_REQUIRED when missing);
 *   - an ASSESSMENT campaign needs a target profile the organization may
 *     use; a PROFILES_COLLECTION one has none, and no title;
 *   - custom-landing-page-text at most 5 000 characters;
 *   - the owner (defaults to the creator) must be a member;
 *   - the code is 6 letters and 3 digits, unique, made by the server.
 * Updates (PATCH) change name, title, landing text and owner only, and an
 * archived campaign cannot be changed until it is unarchived.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-campaign-routes.h"
#include "pb-changes.h"
#include "pb-codes.h"
#include "pb-content.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-resources.h"
#include "pb-search.h"
#include "pb-server.h"
#include "pb-target-profiles.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"
#include "pb-write.h"

#define MAX_NAME_LENGTH 255
#define MAX_LANDING_TEXT_LENGTH 5000
#define MAX_CODE_TRIES 100

typedef struct
{
  char     *id;
  char     *organization_id;
  char     *target_profile_id;
  char     *name;
  char     *type;
  char     *title;
  char     *landing_text;
  char     *external_id_label;
  char     *external_id_type;
  char     *owner_id;
  gboolean  multiple_sendings;
  /* PATCH: which attributes the client sent */
  gboolean  has_name, has_title, has_landing_text, has_owner;
} CampaignInput;

static void
campaign_input_free (CampaignInput *input)
{
  g_free (input->id);
  g_free (input->organization_id);
  g_free (input->target_profile_id);
  g_free (input->name);
  g_free (input->type);
  g_free (input->title);
  g_free (input->landing_text);
  g_free (input->external_id_label);
  g_free (input->external_id_type);
  g_free (input->owner_id);
  g_free (input);
}

static gboolean
refuse (PbRequest  *request,
        const char *code,
        const char *detail,
        const char *pointer)
{
  pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, code, detail, pointer);
  return FALSE;
}

/* Attributes PATCH may change; POST reads them too. */
static gboolean
read_editable (PbJsonApiInput *json,
               PbRequest      *request,
               CampaignInput  *input)
{
  return pb_jsonapi_input_get_string (json, request, "name", MAX_NAME_LENGTH, &input->has_name, &input->name) &&
         pb_jsonapi_input_get_string (json, request, "title", MAX_NAME_LENGTH, &input->has_title, &input->title) &&
         pb_jsonapi_input_get_string (json, request, "custom-landing-page-text", MAX_LANDING_TEXT_LENGTH,
                                      &input->has_landing_text, &input->landing_text) &&
         pb_jsonapi_input_get_string (json, request, "owner-id", 64, &input->has_owner, &input->owner_id);
}

static gboolean
read_creation (PbJsonApiInput *json,
               PbRequest      *request,
               CampaignInput  *input)
{
  gboolean present, legacy_present;
  g_autofree char *legacy_label = NULL;

  if (!read_editable (json, request, input) ||
      !pb_jsonapi_input_get_string (json, request, "type", 32, &present, &input->type) ||
      !pb_jsonapi_input_get_string (json, request, "external-id-label", MAX_NAME_LENGTH, &present, &input->external_id_label) ||
      !pb_jsonapi_input_get_string (json, request, "id-pix-label", MAX_NAME_LENGTH, &legacy_present, &legacy_label) ||
      !pb_jsonapi_input_get_string (json, request, "external-id-type", 16, &present, &input->external_id_type) ||
      !pb_jsonapi_input_get_bool (json, request, "multiple-sendings", &present, &input->multiple_sendings) ||
      !pb_jsonapi_input_get_related (json, request, "organization", "organizations", &input->organization_id) ||
      !pb_jsonapi_input_get_related (json, request, "target-profile", "target-profiles", &input->target_profile_id))
    return FALSE;

  /* Pix's older clients send the label as id-pix-label. */
  if (input->external_id_label == NULL)
    input->external_id_label = g_steal_pointer (&legacy_label);
  return TRUE;
}

static gboolean
validate_creation (PbRequest     *request,
                   CampaignInput *input)
{
  if (input->name == NULL)
    return refuse (request, "CAMPAIGN_NAME_IS_REQUIRED", "Give the campaign a name.", "/data/attributes/name");
  if (input->type == NULL)
    return refuse (request, "CAMPAIGN_PURPOSE_IS_REQUIRED", "Choose what the campaign is for.", "/data/attributes/type");
  if (!g_str_equal (input->type, "ASSESSMENT") && !g_str_equal (input->type, "PROFILES_COLLECTION"))
    return refuse (request, "INVALID_CAMPAIGN_TYPE", "type is ASSESSMENT or PROFILES_COLLECTION.", "/data/attributes/type");
  if (input->organization_id == NULL)
    return refuse (request, "ORGANIZATION_IS_REQUIRED", "Say which organization the campaign belongs to.",
                   "/data/relationships/organization");
  if (g_str_equal (input->type, "ASSESSMENT") && input->target_profile_id == NULL)
    return refuse (request, "TARGET_PROFILE_IS_REQUIRED", "An assessment campaign needs a target profile.",
                   "/data/relationships/target-profile");
  if (g_str_equal (input->type, "PROFILES_COLLECTION") && input->target_profile_id != NULL)
    return refuse (request, "TARGET_PROFILE_NOT_ALLOWED", "A profiles collection campaign has no target profile.",
                   "/data/relationships/target-profile");
  if (g_str_equal (input->type, "PROFILES_COLLECTION") && input->title != NULL)
    return refuse (request, "TITLE_NOT_ALLOWED", "A profiles collection campaign has no title.", "/data/attributes/title");
  if (input->external_id_label == NULL && input->external_id_type != NULL)
    return refuse (request, "EXTERNAL_ID_LABEL_IS_REQUIRED", "An external id type needs a label.",
                   "/data/attributes/external-id-label");
  if (input->external_id_label != NULL && input->external_id_type == NULL)
    input->external_id_type = g_strdup ("STRING");
  if (input->external_id_type != NULL &&
      !g_str_equal (input->external_id_type, "STRING") && !g_str_equal (input->external_id_type, "EMAIL"))
    return refuse (request, "INVALID_EXTERNAL_ID_TYPE", "external-id-type is STRING or EMAIL.",
                   "/data/attributes/external-id-type");
  return TRUE;
}

static gboolean
select_exists (PbDb        *db,
               const char  *sql,
               const char  *value,
               gboolean    *exists,
               GError     **error)
{
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, sql, value, exists, error);

  return select != NULL;
}

typedef struct
{
  PbDb   *db;
  GError *error;
} CodeCheck;

static gboolean
code_is_taken (const char *code,
               gpointer    user_data)
{
  CodeCheck *check = user_data;
  gboolean exists = TRUE;

  if (check->error == NULL)
    select_exists (check->db, "SELECT 1 FROM campaigns WHERE code = $1", code, &exists, &check->error);
  return exists;
}

static char *
new_code (PbDb    *db,
          GError **error)
{
  CodeCheck check = { db, NULL };
  char *code = pb_code_generate_unique (PB_CODE_CAMPAIGN, code_is_taken, &check, MAX_CODE_TRIES, error);

  if (check.error != NULL)
    {
      g_clear_pointer (&code, g_free);
      g_clear_error (error);
      g_propagate_error (error, check.error);
    }
  return code;
}

static gboolean
organization_type (PbDb        *db,
                   const char  *organization_id,
                   char       **type,
                   GError     **error)
{
  return pb_db_select_text (db, "SELECT type FROM organizations WHERE id = $1", organization_id, type, error);
}

/* Checks that need the database; answers 422 and returns FALSE with
 * @error unset when one fails. */
static gboolean
check_references (PbRequest      *request,
                  PbDb           *db,
                  CampaignInput  *input,
                  const char     *organization_id,
                  GError        **error)
{
  g_autofree char *type = NULL;
  JsonObject *profile;
  PbRole role;

  if (input->target_profile_id != NULL)
    {
      if (!organization_type (db, organization_id, &type, error))
        return FALSE;
      profile = pb_target_profiles_lookup (input->target_profile_id);
      if (profile == NULL || !pb_target_profile_is_available (profile, type))
        return refuse (request, "TARGET_PROFILE_NOT_AVAILABLE",
                       "This organization cannot use this target profile.", "/data/relationships/target-profile");
    }

  if (input->owner_id != NULL)
    {
      if (!pb_access_get_role (db, input->owner_id, organization_id, &role, error))
        return FALSE;
      if (role == PB_ROLE_NONE)
        return refuse (request, "OWNER_NOT_A_MEMBER", "The owner must be a member of the organization.",
                       "/data/attributes/owner-id");
    }
  return TRUE;
}

static gboolean
insert_campaign (PbDb           *db,
                 CampaignInput  *input,
                 const char     *creator_id,
                 const char     *code,
                 GError        **error)
{
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *search_key = pb_search_key (input->name);
  g_autoptr(PbDbStatement) insert = NULL;

  insert = pb_db_prepare (db,
                          "INSERT INTO campaigns (id, organization_id, code, name, type, title, "
                          "custom_landing_page_text, external_id_label, external_id_type, multiple_sendings, "
                          "target_profile_id, creator_id, owner_id, created_at, updated_at, search_key) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, input->id);
  pb_db_statement_bind_text (insert, 2, input->organization_id);
  pb_db_statement_bind_text (insert, 3, code);
  pb_db_statement_bind_text (insert, 4, input->name);
  pb_db_statement_bind_text (insert, 5, input->type);
  pb_db_statement_bind_text (insert, 6, input->title);
  pb_db_statement_bind_text (insert, 7, input->landing_text);
  pb_db_statement_bind_text (insert, 8, input->external_id_label);
  pb_db_statement_bind_text (insert, 9, input->external_id_type);
  pb_db_statement_bind_int64 (insert, 10, input->multiple_sendings ? 1 : 0);
  pb_db_statement_bind_text (insert, 11, input->target_profile_id);
  pb_db_statement_bind_text (insert, 12, creator_id);
  pb_db_statement_bind_text (insert, 13, input->owner_id != NULL ? input->owner_id : creator_id);
  pb_db_statement_bind_text (insert, 14, now);
  pb_db_statement_bind_text (insert, 15, search_key);
  return pb_db_statement_run (insert, error);
}

static gboolean
respond_campaign (PbRequest   *request,
                  PbDb        *db,
                  const char  *id,
                  guint        status,
                  GError     **error)
{
  return pb_resource_respond (request, db, &pb_resource_campaigns, id, status, error);
}

static gboolean
create_campaign (PbRequest      *request,
                 PbDb           *db,
                 CampaignInput  *input,
                 GError        **error)
{
  g_autofree char *code = NULL;
  g_autofree char *location = NULL;
  gboolean taken;

  if (!check_references (request, db, input, input->organization_id, error))
    return error == NULL || *error == NULL ? TRUE : FALSE;

  if (!select_exists (db, "SELECT 1 FROM campaigns WHERE id = $1", input->id, &taken, error))
    return FALSE;
  if (taken)
    {
      pb_request_respond_error (request, SOUP_STATUS_CONFLICT, "ID_TAKEN",
                                "A campaign with this id exists already.", "/data/id");
      return TRUE;
    }

  code = new_code (db, error);
  if (code == NULL ||
      !insert_campaign (db, input, pb_request_get_user_id (request), code, error) ||
      !pb_changes_record (db, input->organization_id, "campaigns", input->id, "put", error))
    return FALSE;

  location = g_strconcat ("/api/campaigns/", input->id, NULL);
  pb_request_set_response_header (request, "Location", location);
  return respond_campaign (request, db, input->id, SOUP_STATUS_CREATED, error);
}

static void
create_work (PbRequest *request,
             PbStorage *storage)
{
  CampaignInput *input = pb_request_get_data (request);
  g_autoptr(GError) error = NULL;
  PbAccess access;
  gboolean ok;
  PbDb *db;

  if ((db = pb_write_begin (request, storage)) == NULL)
    return;

  access = pb_access_require (request, db, input->organization_id, PB_ROLE_MEMBER, &error);
  ok = access != PB_ACCESS_FAILED;
  if (access == PB_ACCESS_GRANTED)
    ok = create_campaign (request, db, input, &error);

  pb_write_finish (request, storage, db, ok, error);
}

static void
create_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  CampaignInput *input;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "campaigns"))
    return;

  input = g_new0 (CampaignInput, 1);
  pb_request_set_data (request, input, (GDestroyNotify)campaign_input_free);
  if (!read_creation (&json, request, input) || !validate_creation (request, input))
    return;

  if (json.id != NULL && !pb_uuid_is_valid (json.id))
    {
      refuse (request, "INVALID_ID", "A client-chosen id must be a UUID.", "/data/id");
      return;
    }
  input->id = json.id != NULL ? g_ascii_strdown (json.id, -1) : pb_uuid_new_v7 ();
  pb_request_defer (request, create_work);
}

/* ------------------------------------------------------------------ */
/* One campaign: GET, PATCH, archive                                   */

/* Who a campaign belongs to, and the signed-in user's role there. */
typedef struct
{
  char    *organization_id;   /* NULL: no such campaign */
  char    *owner_id;
  PbRole   role;
} CampaignAccess;

static void
campaign_access_clear (CampaignAccess *access)
{
  g_clear_pointer (&access->organization_id, g_free);
  g_clear_pointer (&access->owner_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CampaignAccess, campaign_access_clear)

/* Loads @access; answers 404 (no such campaign, or an outsider's) and
 * returns FALSE, @error unset, when the user may not see the campaign. */
static gboolean
campaign_access (PbRequest       *request,
                 PbDb            *db,
                 const char      *id,
                 CampaignAccess  *access,
                 GError         **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, "SELECT organization_id, owner_id FROM campaigns WHERE id = $1",
                                                      id, &found, error);

  access->role = PB_ROLE_NONE;
  if (select == NULL)
    return FALSE;
  if (found)
    {
      access->organization_id = g_strdup (pb_db_statement_get_text (select, 0));
      access->owner_id = g_strdup (pb_db_statement_get_text (select, 1));
      if (!pb_access_get_role (db, pb_request_get_user_id (request), access->organization_id, &access->role, error))
        return FALSE;
    }
  if (access->role == PB_ROLE_NONE)
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such resource on this server.", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_campaign (PbRequest   *request,
               PbDb        *db,
               const char  *unused,
               GError     **error)
{
  const char *id = pb_request_get_param (request, "id");
  g_auto(CampaignAccess) access = { NULL };

  if (!campaign_access (request, db, id, &access, error))
    return error == NULL || *error == NULL;
  return respond_campaign (request, db, id, SOUP_STATUS_OK, error);
}

static void
campaign_work (PbRequest *request,
               PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_MEMBER, read_campaign);
}

/* Makes one change; *changed FALSE when there was nothing to change (the
 * record then keeps its version and stays out of the feed). Returns FALSE
 * on @error, or with a 4xx answered. */
typedef gboolean (*CampaignChange) (PbRequest   *request,
                                    PbDb        *db,
                                    const char  *id,
                                    const char  *organization_id,
                                    gboolean    *changed,
                                    GError     **error);

/* The shape of every change to an existing campaign: membership, then
 * If-Match against the stored version, then @change, then the new
 * version in the feed and the answer. */
static gboolean
change_campaign (PbRequest       *request,
                 PbDb            *db,
                 CampaignChange   change,
                 GError         **error)
{
  const char *id = pb_request_get_param (request, "id");
  g_auto(CampaignAccess) access = { NULL };
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean changed = TRUE;
  gint64 version;

  if (!campaign_access (request, db, id, &access, error))
    return error == NULL || *error == NULL;

  /* Pix lets a campaign's owner and the organization's administrators
   * change it; other members may only read it. */
  if (access.role != PB_ROLE_ADMIN && g_strcmp0 (access.owner_id, pb_request_get_user_id (request)) != 0)
    {
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "NOT_CAMPAIGN_OWNER",
                                "Only the campaign's owner or an administrator may change it.", NULL);
      return TRUE;
    }
  if (!pb_resource_fetch (&pb_resource_campaigns, db, id, &current, &version, NULL, error))
    return FALSE;
  if (!pb_write_check_version (request, version, current))
    return TRUE;

  if (!change (request, db, id, access.organization_id, &changed, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (changed && !pb_changes_record (db, access.organization_id, "campaigns", id, "put", error))
    return FALSE;
  return respond_campaign (request, db, id, SOUP_STATUS_OK, error);
}

static void
run_change (PbRequest      *request,
            PbStorage      *storage,
            CampaignChange  change)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;
  PbDb *db;

  if ((db = pb_write_begin (request, storage)) == NULL)
    return;
  ok = change_campaign (request, db, change, &error);
  pb_write_finish (request, storage, db, ok, error);
}

static gboolean
is_archived (PbDb        *db,
             const char  *id,
             gboolean    *archived,
             GError     **error)
{
  return select_exists (db, "SELECT 1 FROM campaigns WHERE id = $1 AND archived_at IS NOT NULL", id, archived, error);
}

/* COALESCE keeps what the client did not send: $N is NULL for those, and
 * a flag says whether a sent null means "clear". */
static gboolean
update_campaign (PbRequest   *request,
                 PbDb        *db,
                 const char  *id,
                 const char  *organization_id,
                 gboolean    *changed,
                 GError     **error)
{
  CampaignInput *input = pb_request_get_data (request);
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *search_key = pb_search_key (input->name);
  g_autofree char *type = NULL;
  gboolean archived;

  if (!is_archived (db, id, &archived, error) ||
      !pb_db_select_text (db, "SELECT type FROM campaigns WHERE id = $1", id, &type, error))
    return FALSE;
  if (archived)
    return refuse (request, "CAMPAIGN_ARCHIVED", "Unarchive the campaign before changing it.", NULL);
  if (input->title != NULL && g_strcmp0 (type, "PROFILES_COLLECTION") == 0)
    return refuse (request, "TITLE_NOT_ALLOWED", "A profiles collection campaign has no title.", "/data/attributes/title");
  if (!check_references (request, db, input, organization_id, error))
    return FALSE;

  /* Nothing editable sent (only code, type…): nothing to change. */
  *changed = input->has_name || input->has_title || input->has_landing_text ||
             (input->has_owner && input->owner_id != NULL);
  if (!*changed)
    return TRUE;

  update = pb_db_prepare (db,
                          "UPDATE campaigns SET "
                          "name = CASE WHEN $2 = 1 THEN $3 ELSE name END, "
                          "search_key = CASE WHEN $2 = 1 THEN $11 ELSE search_key END, "
                          "title = CASE WHEN $4 = 1 THEN $5 ELSE title END, "
                          "custom_landing_page_text = CASE WHEN $6 = 1 THEN $7 ELSE custom_landing_page_text END, "
                          "owner_id = CASE WHEN $8 = 1 THEN $9 ELSE owner_id END, "
                          "updated_at = $10, version = version + 1 WHERE id = $1",
                          error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_int64 (update, 2, input->has_name);
  pb_db_statement_bind_text (update, 3, input->name);
  pb_db_statement_bind_int64 (update, 4, input->has_title);
  pb_db_statement_bind_text (update, 5, input->title);
  pb_db_statement_bind_int64 (update, 6, input->has_landing_text);
  pb_db_statement_bind_text (update, 7, input->landing_text);
  pb_db_statement_bind_int64 (update, 8, input->has_owner && input->owner_id != NULL);
  pb_db_statement_bind_text (update, 9, input->owner_id);
  pb_db_statement_bind_text (update, 10, now);
  pb_db_statement_bind_text (update, 11, search_key);
  return pb_db_statement_run (update, error);
}

static void
update_work (PbRequest *request,
             PbStorage *storage)
{
  run_change (request, storage, update_campaign);
}

static void
update_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  CampaignInput *input;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "campaigns"))
    return;

  input = g_new0 (CampaignInput, 1);
  pb_request_set_data (request, input, (GDestroyNotify)campaign_input_free);
  if (!read_editable (&json, request, input))
    return;
  if (input->has_name && input->name == NULL)
    {
      refuse (request, "CAMPAIGN_NAME_IS_REQUIRED", "A campaign keeps a name.", "/data/attributes/name");
      return;
    }
  pb_request_defer (request, update_work);
}

/* Archiving an archived campaign (or unarchiving an active one) changes
 * nothing: the archive date stays the first one. */
static gboolean
set_archived (PbRequest   *request,
              PbDb        *db,
              const char  *id,
              gboolean     archive,
              gboolean    *changed,
              GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = pb_timestamp_now ();

  update = pb_db_prepare (db,
                          archive
                            ? "UPDATE campaigns SET archived_at = $2, archived_by = $3, updated_at = $2, "
                              "version = version + 1 WHERE id = $1 AND archived_at IS NULL RETURNING id"
                            : "UPDATE campaigns SET archived_at = NULL, archived_by = NULL, updated_at = $2, "
                              "version = version + 1 WHERE id = $1 AND archived_at IS NOT NULL "
                              "AND CAST($3 AS TEXT) IS NOT NULL RETURNING id",
                          error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, id);
  pb_db_statement_bind_text (update, 2, now);
  pb_db_statement_bind_text (update, 3, pb_request_get_user_id (request));
  *changed = pb_db_statement_step (update, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
archive_campaign (PbRequest   *request,
                  PbDb        *db,
                  const char  *id,
                  const char  *organization_id,
                  gboolean    *changed,
                  GError     **error)
{
  return set_archived (request, db, id, TRUE, changed, error);
}

static gboolean
unarchive_campaign (PbRequest   *request,
                    PbDb        *db,
                    const char  *id,
                    const char  *organization_id,
                    gboolean    *changed,
                    GError     **error)
{
  return set_archived (request, db, id, FALSE, changed, error);
}

static void
archive_work (PbRequest *request,
              PbStorage *storage)
{
  run_change (request, storage, archive_campaign);
}

static void
unarchive_work (PbRequest *request,
                PbStorage *storage)
{
  run_change (request, storage, unarchive_campaign);
}

/* ------------------------------------------------------------------ */
/* Lists                                                               */

typedef struct
{
  gint64  page;
  gint64  page_size;
  GStrv   name_words;
  char   *status;
  char   *owner;
} CampaignQuery;

static void
campaign_query_free (CampaignQuery *query)
{
  g_strfreev (query->name_words);
  g_free (query->status);
  g_free (query->owner);
  g_free (query);
}

static char *
campaign_filter (CampaignQuery *query,
                 GPtrArray     *parameters)
{
  GString *where = g_string_new (" WHERE r.organization_id = $1");

  if (g_strcmp0 (query->status, "active") == 0)
    g_string_append (where, " AND r.archived_at IS NULL");
  else if (g_strcmp0 (query->status, "archived") == 0)
    g_string_append (where, " AND r.archived_at IS NOT NULL");
  if (query->owner != NULL)
    {
      g_ptr_array_add (parameters, g_strdup (query->owner));
      g_string_append_printf (where, " AND r.owner_id = $%u", parameters->len + 1);
    }
  pb_search_add_conditions (where, parameters, query->name_words);
  return g_string_free (where, FALSE);
}

static gboolean
read_campaigns (PbRequest   *request,
                PbDb        *db,
                const char  *organization_id,
                GError     **error)
{
  CampaignQuery *query = pb_request_get_data (request);
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = campaign_filter (query, parameters);

  g_ptr_array_insert (parameters, 0, g_strdup (organization_id));
  return pb_resource_respond_page (request, db, &pb_resource_campaigns, where,
                                   "r.created_at DESC, r.id", parameters,
                                   query->page, query->page_size, error);
}

static void
campaigns_work (PbRequest *request,
                PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_campaigns);
}

static void
campaigns_handler (PbRequest *request)
{
  CampaignQuery *query = g_new0 (CampaignQuery, 1);
  g_autofree char *name = NULL;

  pb_request_set_data (request, query, (GDestroyNotify)campaign_query_free);
  if (!pb_identity_authenticate (request) || !pb_jsonapi_parse_page (request, &query->page, &query->page_size))
    return;

  name = pb_request_dup_query (request, "filter[name]");
  query->name_words = pb_search_words (name);
  query->owner = pb_request_dup_query (request, "filter[owner]");
  query->status = pb_request_dup_query (request, "filter[status]");
  if (query->status != NULL && !g_str_equal (query->status, "active") && !g_str_equal (query->status, "archived"))
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_QUERY_PARAMETER",
                                "filter[status] is “active” or “archived”.", NULL);
      return;
    }
  pb_request_defer (request, campaigns_work);
}

/* ------------------------------------------------------------------ */
/* Public lookup by code, for learners                                 */

/* What a learner about to join may see: nothing about the staff. */
static gboolean
read_by_code (PbRequest   *request,
              PbDb        *db,
              const char  *unused,
              GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(GError) local_error = NULL;

  select = pb_db_prepare (db,
                          "SELECT c.id, c.code, c.type, c.title, c.custom_landing_page_text, c.external_id_label, "
                          "c.external_id_type, c.archived_at, o.name, o.type FROM campaigns c "
                          "JOIN organizations o ON o.id = c.organization_id WHERE c.code = $1",
                          error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, pb_request_get_data (request));
  if (!pb_db_statement_step (select, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "CAMPAIGN_CODE_NOT_FOUND",
                                "No campaign has this code; check it with your teacher.", NULL);
      return TRUE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "campaigns", pb_db_statement_get_text (select, 0));
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "code", pb_db_statement_get_text (select, 1));
  pb_jsonapi_add_string (builder, "type", pb_db_statement_get_text (select, 2));
  pb_jsonapi_add_string (builder, "title", pb_db_statement_get_text (select, 3));
  pb_jsonapi_add_string (builder, "custom-landing-page-text", pb_db_statement_get_text (select, 4));
  pb_jsonapi_add_string (builder, "external-id-label", pb_db_statement_get_text (select, 5));
  pb_jsonapi_add_string (builder, "external-id-type", pb_db_statement_get_text (select, 6));
  pb_jsonapi_add_bool (builder, "is-archived", pb_db_statement_get_text (select, 7) != NULL);
  pb_jsonapi_add_string (builder, "organization-name", pb_db_statement_get_text (select, 8));
  pb_jsonapi_add_string (builder, "organization-type", pb_db_statement_get_text (select, 9));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
by_code_work (PbRequest *request,
              PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_by_code);
}

/* No sign-in: a learner types the code before having an account here. */
static void
by_code_handler (PbRequest *request)
{
  g_autofree char *code = pb_request_dup_query (request, "filter[code]");
  char *normalized;

  if (code == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "CODE_REQUIRED",
                                "Look campaigns up by code: filter[code]=…", NULL);
      return;
    }

  normalized = g_ascii_strup (g_strstrip (code), -1);
  pb_request_set_data (request, normalized, g_free);
  if (!pb_code_is_well_formed (PB_CODE_CAMPAIGN, normalized))
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "CAMPAIGN_CODE_NOT_FOUND",
                                "No campaign has this code; check it with your teacher.", NULL);
      return;
    }
  pb_request_defer (request, by_code_work);
}

/* ------------------------------------------------------------------ */
/* Target profiles                                                     */

/* What a teacher choosing a parcours wants to know: which competences
 * and which tubes ("sujets"), each up to which level. */
static void
add_profile_content (JsonBuilder *builder,
                     JsonObject  *profile)
{
  g_autoptr(GPtrArray) skills = pb_target_profile_get_skills (profile, pb_content_get_framework ());
  const PbCompetence *competence = NULL;
  const PbTube *tube = NULL;
  guint n_tubes = 0;

  json_builder_set_member_name (builder, "competences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);

      if (skill->tube->competence != competence)
        json_builder_add_string_value (builder, (competence = skill->tube->competence)->index);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tubes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < skills->len; i++)
    {
      const PbSkill *skill = g_ptr_array_index (skills, i);
      gboolean last = i + 1 == skills->len || ((PbSkill *)g_ptr_array_index (skills, i + 1))->tube != skill->tube;

      if (skill->tube != tube)
        {
          tube = skill->tube;
          n_tubes++;
          json_builder_begin_object (builder);
          pb_jsonapi_add_string (builder, "name", tube->name);
          pb_jsonapi_add_string (builder, "title", tube->title);
          pb_jsonapi_add_string (builder, "competence-index", tube->competence->index);
        }
      if (last)
        {
          pb_jsonapi_add_int (builder, "max-level", skill->level);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  pb_jsonapi_add_int (builder, "tubes-count", n_tubes);
  pb_jsonapi_add_int (builder, "skills-count", skills->len);
}

static gboolean
read_target_profiles (PbRequest   *request,
                      PbDb        *db,
                      const char  *organization_id,
                      GError     **error)
{
  JsonArray *profiles = pb_target_profiles_get_all ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *type = NULL;

  if (!organization_type (db, organization_id, &type, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);

      if (!pb_target_profile_is_available (profile, type))
        continue;
      pb_jsonapi_begin_resource (builder, "target-profiles", json_object_get_string_member (profile, "id"));
      json_builder_set_member_name (builder, "attributes");
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "name", json_object_get_string_member (profile, "name"));
      pb_jsonapi_add_string (builder, "description", json_object_get_string_member (profile, "description"));
      add_profile_content (builder, profile);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
target_profiles_work (PbRequest *request,
                      PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_data (request), PB_ROLE_MEMBER, read_target_profiles);
}

/* GET /api/target-profiles?filter[organization-id]=… and its alias
 * GET /api/organizations/{id}/target-profiles. */
static void
target_profiles_handler (PbRequest *request)
{
  const char *param = pb_request_get_param (request, "id");
  char *organization_id = param != NULL ? g_strdup (param) : pb_request_dup_query (request, "filter[organization-id]");

  pb_request_set_data (request, organization_id, g_free);
  if (!pb_identity_authenticate (request))
    return;
  if (organization_id == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "ORGANIZATION_REQUIRED",
                                "Say for which organization: filter[organization-id]=…", NULL);
      return;
    }
  pb_request_defer (request, target_profiles_work);
}

static void
campaign_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, campaign_work);
}

static void
archive_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, archive_work);
}

static void
unarchive_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, unarchive_work);
}

void
pb_campaign_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/target-profiles", target_profiles_handler);
  pb_router_add (router, "GET", "/api/organizations/{id}/target-profiles", target_profiles_handler);
  pb_router_add (router, "POST", "/api/campaigns", create_handler);
  pb_router_add (router, "GET", "/api/campaigns", by_code_handler);
  pb_router_add (router, "GET", "/api/campaigns/{id}", campaign_handler);
  pb_router_add (router, "PATCH", "/api/campaigns/{id}", update_handler);
  pb_router_add (router, "PUT", "/api/campaigns/{id}/archive", archive_handler);
  pb_router_add (router, "DELETE", "/api/campaigns/{id}/archive", unarchive_handler);
  pb_router_add (router, "GET", "/api/organizations/{id}/campaigns", campaigns_handler);
}
