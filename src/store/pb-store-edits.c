/* pb-store-edits.c
 *
 * Local edits: each writes the row and its outbox entry in the job's one
 * transaction, so an edit is either shown and queued or neither. The entry
 * carries what the sync engine sends: a fresh Idempotency-Key (UUIDv7, the
 * same for every retry), the If-Match version (the row's version as the
 * user saw it; 0 for a campaign created here and not on the server yet),
 * and for creations and renames the exact JSON:API document.
 *
 * The messages of refused edits are shown to the user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pb-timestamp.h"
#include "pb-uuid.h"

#include "pb-store-private.h"

/* The server's limit for a campaign's name and title. */
#define MAX_NAME_CHARS 255

static const char * const op_names[] = {
  [PB_OUTBOX_CREATE_CAMPAIGN] = "CREATE_CAMPAIGN",
  [PB_OUTBOX_RENAME_CAMPAIGN] = "RENAME_CAMPAIGN",
  [PB_OUTBOX_ARCHIVE_CAMPAIGN] = "ARCHIVE_CAMPAIGN",
  [PB_OUTBOX_UNARCHIVE_CAMPAIGN] = "UNARCHIVE_CAMPAIGN",
  [PB_OUTBOX_IMPORT_LEARNERS] = "IMPORT_LEARNERS",
};

static const char * const state_names[] = {
  [PB_OUTBOX_PENDING] = "PENDING",
  [PB_OUTBOX_CONFLICT] = "CONFLICT",
  [PB_OUTBOX_REJECTED] = "REJECTED",
};

typedef struct
{
  PbOutboxOp   op;
  const char  *organization_id;
  const char  *entity_id;
  gint64       if_version;
  GBytes      *payload;
  const char  *format;
  const char  *label;
} NewEntry;

typedef struct
{
  char    *organization_id;
  char    *name;
  char    *archived_at;
  gint64   version;
} CampaignRow;

static void
campaign_row_clear (CampaignRow *row)
{
  g_clear_pointer (&row->organization_id, g_free);
  g_clear_pointer (&row->name, g_free);
  g_clear_pointer (&row->archived_at, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CampaignRow, campaign_row_clear)

const char *
pb_outbox_op_to_string (PbOutboxOp op)
{
  g_return_val_if_fail (op < G_N_ELEMENTS (op_names), NULL);
  return op_names[op];
}

PbOutboxOp
pb_outbox_op_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    if (g_strcmp0 (op_names[i], text) == 0)
      return i;
  return PB_OUTBOX_IMPORT_LEARNERS;
}

const char *
pb_outbox_state_to_string (PbOutboxState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

PbOutboxState
pb_outbox_state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i], text) == 0)
      return i;
  return PB_OUTBOX_PENDING;
}

static gboolean
insert_entry (PbStoreTx       *tx,
              const NewEntry  *entry,
              GError         **error)
{
  g_autofree char *key = pb_uuid_new_v7 ();
  g_autofree char *now = pb_timestamp_now ();
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "INSERT INTO outbox (key, op, state, organization_id, entity_id, if_version, payload, format, label,"
    "  created_at)"
    " VALUES (?1, ?2, 'PENDING', ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, key);
  pb_store_db_bind_text (statement, 2, pb_outbox_op_to_string (entry->op));
  pb_store_db_bind_text (statement, 3, entry->organization_id);
  pb_store_db_bind_text (statement, 4, entry->entity_id);
  sqlite3_bind_int64 (statement, 5, entry->if_version);
  if (entry->payload != NULL)
    sqlite3_bind_blob64 (statement, 6, g_bytes_get_data (entry->payload, NULL),
                         g_bytes_get_size (entry->payload), SQLITE_TRANSIENT);
  pb_store_db_bind_text (statement, 7, entry->format);
  pb_store_db_bind_text (statement, 8, entry->label);
  pb_store_db_bind_text (statement, 9, now);
  tx->changed |= PB_STORE_TABLE_OUTBOX;
  return pb_store_db_step_done (tx->db, statement, error);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* Returns: (transfer full): the name trimmed, or %NULL with @error set */
static char *
check_name (const char  *name,
            GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));

  if (trimmed[0] == '\0')
    invalid (error, _("The campaign’s name is empty."));
  else if (!g_utf8_validate (trimmed, -1, NULL) || g_utf8_strlen (trimmed, -1) > MAX_NAME_CHARS)
    invalid (error, _("The campaign’s name is longer than 255 characters."));
  else
    return g_steal_pointer (&trimmed);
  return NULL;
}

static gboolean
check_new_campaign (const PbStoreNewCampaign  *campaign,
                    GError                   **error)
{
  gboolean assessment = g_strcmp0 (campaign->type, "ASSESSMENT") == 0;
  gboolean has_profile = campaign->target_profile_id != NULL && campaign->target_profile_id[0] != '\0';

  if (!assessment && g_strcmp0 (campaign->type, "PROFILES_COLLECTION") != 0)
    return invalid (error, _("A campaign either assesses participants or collects their profiles."));
  if (assessment && !has_profile)
    return invalid (error, _("A campaign that assesses participants needs a target profile."));
  if (!assessment && has_profile)
    return invalid (error, _("A campaign that collects profiles has no target profile."));
  if (!assessment && campaign->title != NULL)
    return invalid (error, _("A campaign that collects profiles has no title."));
  if (campaign->title != NULL && g_utf8_strlen (campaign->title, -1) > MAX_NAME_CHARS)
    return invalid (error, _("The campaign’s title is longer than 255 characters."));
  return TRUE;
}

static void
add_relationship (JsonBuilder *builder,
                  const char  *name,
                  const char  *type,
                  const char  *id)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static GBytes *
builder_to_bytes (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

/* The document of POST /api/campaigns for @campaign, with the id chosen
 * here; without @campaign, that of PATCH /api/campaigns/{id} for a new
 * name. */
static GBytes *
campaign_payload (const char               *id,
                  const char               *organization_id,
                  const char               *name,
                  const PbStoreNewCampaign *campaign)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "campaigns");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  if (campaign != NULL)
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, campaign->type);
    }
  if (campaign != NULL && campaign->title != NULL)
    {
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, campaign->title);
    }
  if (campaign != NULL && campaign->owner_id != NULL)
    {
      json_builder_set_member_name (builder, "owner-id");
      json_builder_add_string_value (builder, campaign->owner_id);
    }
  json_builder_end_object (builder);
  if (campaign != NULL)
    {
      json_builder_set_member_name (builder, "relationships");
      json_builder_begin_object (builder);
      add_relationship (builder, "organization", "organizations", organization_id);
      if (campaign->target_profile_id != NULL)
        add_relationship (builder, "target-profile", "target-profiles", campaign->target_profile_id);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_bytes (builder);
}

static gboolean
insert_campaign (PbStoreTx                 *tx,
                 const char                *id,
                 const char                *organization_id,
                 const char                *name,
                 const char                *owner_id,
                 const PbStoreNewCampaign  *campaign,
                 GError                   **error)
{
  g_autofree char *now = pb_timestamp_now ();
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "INSERT INTO campaigns (id, organization_id, name, code, type, title, target_profile_id, owner_id,"
    "  created_at, archived_at, search_key, version, server_data)"
    " VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?6, ?7, ?8, NULL, pb_fold (?3), 0, NULL)", error);

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, id);
  pb_store_db_bind_text (statement, 2, organization_id);
  pb_store_db_bind_text (statement, 3, name);
  pb_store_db_bind_text (statement, 4, campaign->type);
  pb_store_db_bind_text (statement, 5, campaign->title);
  pb_store_db_bind_text (statement, 6, campaign->target_profile_id);
  pb_store_db_bind_text (statement, 7, owner_id);
  pb_store_db_bind_text (statement, 8, now);
  tx->changed |= PB_STORE_TABLE_CAMPAIGNS;
  return pb_store_db_step_done (tx->db, statement, error);
}

gboolean
pb_store_tx_create_campaign (PbStoreTx                 *tx,
                             const char                *organization_id,
                             const PbStoreNewCampaign  *campaign,
                             char                     **campaign_id,
                             GError                   **error)
{
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *name = check_name (campaign->name, error);
  g_autofree char *owner_id = NULL;
  g_autoptr(GBytes) payload = NULL;
  NewEntry entry = { PB_OUTBOX_CREATE_CAMPAIGN, organization_id, id, 0, NULL, NULL, NULL };

  if (name == NULL || !check_new_campaign (campaign, error))
    return FALSE;
  if (campaign->owner_id != NULL)
    owner_id = g_strdup (campaign->owner_id);
  else if (!pb_store_query_meta (tx->db, "user-id", &owner_id, error))
    return FALSE;
  payload = campaign_payload (id, organization_id, name, campaign);
  entry.payload = payload;
  entry.label = name;
  if (!insert_campaign (tx, id, organization_id, name, owner_id, campaign, error)
      || !insert_entry (tx, &entry, error))
    return FALSE;
  *campaign_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
load_campaign (PbStoreTx    *tx,
               const char   *campaign_id,
               CampaignRow  *row,
               GError      **error)
{
  sqlite3_stmt *statement = pb_store_db_prepare (tx->db,
    "SELECT organization_id, name, archived_at, version FROM campaigns WHERE id = ?1", error);
  int rc;

  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, campaign_id);
  rc = pb_store_db_step (tx->db, statement, error);
  if (rc == SQLITE_ROW)
    {
      row->organization_id = pb_store_db_dup_text (statement, 0);
      row->name = pb_store_db_dup_text (statement, 1);
      row->archived_at = pb_store_db_dup_text (statement, 2);
      row->version = sqlite3_column_int64 (statement, 3);
    }
  sqlite3_reset (statement);
  if (rc == SQLITE_DONE)
    g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_NOT_FOUND, _("This campaign does not exist."));
  return rc == SQLITE_ROW;
}

gboolean
pb_store_tx_rename_campaign (PbStoreTx   *tx,
                             const char  *campaign_id,
                             const char  *name,
                             GError     **error)
{
  g_auto(CampaignRow) row = { 0 };
  g_autofree char *trimmed = check_name (name, error);
  g_autoptr(GBytes) payload = NULL;
  sqlite3_stmt *statement;
  NewEntry entry = { PB_OUTBOX_RENAME_CAMPAIGN, NULL, campaign_id, 0, NULL, NULL, NULL };

  if (trimmed == NULL || !load_campaign (tx, campaign_id, &row, error))
    return FALSE;
  if (row.archived_at != NULL)
    return invalid (error, _("An archived campaign cannot be renamed: unarchive it first."));
  if (g_str_equal (row.name, trimmed))
    return TRUE;
  statement = pb_store_db_prepare (tx->db,
    "UPDATE campaigns SET name = ?2, search_key = pb_fold (?2 || ' ' || coalesce (code, '')) WHERE id = ?1",
    error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, campaign_id);
  pb_store_db_bind_text (statement, 2, trimmed);
  if (!pb_store_db_step_done (tx->db, statement, error))
    return FALSE;
  payload = campaign_payload (campaign_id, NULL, trimmed, NULL);
  entry.organization_id = row.organization_id;
  entry.if_version = row.version;
  entry.payload = payload;
  entry.label = trimmed;
  tx->changed |= PB_STORE_TABLE_CAMPAIGNS;
  return insert_entry (tx, &entry, error);
}

gboolean
pb_store_tx_set_campaign_archived (PbStoreTx   *tx,
                                   const char  *campaign_id,
                                   gboolean     archived,
                                   GError     **error)
{
  g_auto(CampaignRow) row = { 0 };
  g_autofree char *now = pb_timestamp_now ();
  sqlite3_stmt *statement;
  NewEntry entry = { archived ? PB_OUTBOX_ARCHIVE_CAMPAIGN : PB_OUTBOX_UNARCHIVE_CAMPAIGN,
                     NULL, campaign_id, 0, NULL, NULL, NULL };

  if (!load_campaign (tx, campaign_id, &row, error))
    return FALSE;
  if ((row.archived_at != NULL) == (archived != FALSE))
    return TRUE;
  statement = pb_store_db_prepare (tx->db, "UPDATE campaigns SET archived_at = ?2 WHERE id = ?1", error);
  if (statement == NULL)
    return FALSE;
  pb_store_db_bind_text (statement, 1, campaign_id);
  pb_store_db_bind_text (statement, 2, archived ? now : NULL);
  if (!pb_store_db_step_done (tx->db, statement, error))
    return FALSE;
  entry.organization_id = row.organization_id;
  entry.if_version = row.version;
  entry.label = row.name;
  tx->changed |= PB_STORE_TABLE_CAMPAIGNS;
  return insert_entry (tx, &entry, error);
}

gboolean
pb_store_tx_queue_learner_import (PbStoreTx   *tx,
                                  const char  *organization_id,
                                  const char  *format,
                                  const char  *file_name,
                                  GBytes      *contents,
                                  GError     **error)
{
  NewEntry entry = { PB_OUTBOX_IMPORT_LEARNERS, organization_id, NULL, 0, contents, format, file_name };

  if (g_strcmp0 (format, "xml") != 0 && g_strcmp0 (format, "csv") != 0)
    return invalid (error, _("A file of learners is an XML export of SIECLE or a CSV file."));
  if (contents == NULL || g_bytes_get_size (contents) == 0)
    return invalid (error, _("This file is empty."));
  return insert_entry (tx, &entry, error);
}
