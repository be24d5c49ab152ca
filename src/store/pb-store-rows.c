/* pb-store-rows.c
 *
 * Freeing the rows the store hands out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-store.h"

void
pb_store_organization_free (PbStoreOrganization *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->name);
  g_free (row->type);
  g_free (row->external_id);
  g_free (row->role);
  g_free (row);
}

void
pb_store_division_free (PbStoreDivision *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row);
}

void
pb_store_learner_free (PbStoreLearner *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->last_name);
  g_free (row->first_name);
  g_free (row->birthdate);
  g_free (row->division);
  g_free (row->national_student_id);
  g_free (row->user_id);
  g_free (row);
}

void
pb_store_campaign_free (PbStoreCampaign *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->organization_id);
  g_free (row->name);
  g_free (row->code);
  g_free (row->type);
  g_free (row->title);
  g_free (row->target_profile_id);
  g_free (row->owner_id);
  g_free (row->owner_name);
  g_free (row->created_at);
  g_free (row->archived_at);
  g_free (row);
}

void
pb_store_participant_free (PbStoreParticipant *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->learner_id);
  g_free (row->last_name);
  g_free (row->first_name);
  g_free (row->division);
  g_free (row->status);
  g_free (row->created_at);
  g_free (row->shared_at);
  g_free (row);
}

void
pb_outbox_entry_free (PbOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->key);
  g_free (entry->organization_id);
  g_free (entry->entity_id);
  g_clear_pointer (&entry->payload, g_bytes_unref);
  g_free (entry->format);
  g_free (entry->label);
  g_free (entry->created_at);
  g_free (entry->last_error);
  g_free (entry);
}

void
pb_conflict_free (PbConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->entity_id);
  g_free (conflict->label);
  g_clear_pointer (&conflict->fields, g_ptr_array_unref);
  g_free (conflict->code);
  g_free (conflict->reason);
  g_free (conflict->created_at);
  g_free (conflict);
}
