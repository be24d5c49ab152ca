/* pb-store-private.h
 *
 * Private to src/store: the modules PbStore runs its jobs and reads with.
 * Each takes the connection it needs; the tx_ functions run on the writer
 * thread inside the job's transaction, the query_ functions on a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-store.h"
#include "pb-store-db.h"
#include "pb-store-json.h"

G_BEGIN_DECLS

/* A campaign row waiting for its edits to be acknowledged keeps the
 * server's deletion in its shadow with this version, newer than any. */
#define PB_SHADOW_DELETED G_MAXINT64

/* pb-store-schema.c */
guint            pb_store_schema_latest            (void);
gboolean         pb_store_schema_migrate           (PbStoreDb                   *db,
                                                    guint                       *version,
                                                    GError                     **error);

/* pb-store-account.c */
gboolean         pb_store_tx_set_account           (PbStoreTx                   *tx,
                                                    JsonNode                    *me_document,
                                                    GError                     **error);
gboolean         pb_store_tx_set_meta              (PbStoreTx                   *tx,
                                                    const char                  *key,
                                                    const char                  *value,
                                                    GError                     **error);
gboolean         pb_store_query_meta               (PbStoreDb                   *db,
                                                    const char                  *key,
                                                    char                       **value,
                                                    GError                     **error);
GPtrArray       *pb_store_query_organizations      (PbStoreDb                   *db,
                                                    GError                     **error);
PbStoreOrganization *pb_store_query_organization   (PbStoreDb                   *db,
                                                    const char                  *organization_id,
                                                    GError                     **error);

/* pb-store-apply.c */
gboolean         pb_store_tx_apply_changes         (PbStoreTx                   *tx,
                                                    const char                  *organization_id,
                                                    JsonArray                   *resources,
                                                    const char                  *next_cursor,
                                                    GError                     **error);
gboolean         pb_store_tx_forget_organization   (PbStoreTx                   *tx,
                                                    const char                  *organization_id,
                                                    gboolean                     keep_local_edits,
                                                    GError                     **error);
gboolean         pb_store_campaign_put             (PbStoreDb                   *db,
                                                    const char                  *organization_id,
                                                    PbStoreResource             *resource,
                                                    gboolean                     force,
                                                    GError                     **error);

/* pb-store-queries.c */
gboolean         pb_store_query_cursor             (PbStoreDb                   *db,
                                                    const char                  *organization_id,
                                                    char                       **cursor,
                                                    GError                     **error);
GPtrArray       *pb_store_query_divisions          (PbStoreDb                   *db,
                                                    const char                  *organization_id,
                                                    GError                     **error);
GPtrArray       *pb_store_query_learners           (PbStoreDb                   *db,
                                                    const PbStoreLearnerQuery   *query,
                                                    GError                     **error);
gboolean         pb_store_query_count              (PbStoreDb                   *db,
                                                    const char                  *sql,
                                                    const char                  *parameter,
                                                    guint                       *count,
                                                    GError                     **error);
GPtrArray       *pb_store_query_campaigns          (PbStoreDb                   *db,
                                                    const PbStoreCampaignQuery  *query,
                                                    GError                     **error);
PbStoreCampaign *pb_store_query_campaign           (PbStoreDb                   *db,
                                                    const char                  *campaign_id,
                                                    GError                     **error);
GPtrArray       *pb_store_query_participants       (PbStoreDb                   *db,
                                                    const char                  *campaign_id,
                                                    GError                     **error);

/* pb-store-edits.c */
gboolean         pb_store_tx_create_campaign       (PbStoreTx                   *tx,
                                                    const char                  *organization_id,
                                                    const PbStoreNewCampaign    *campaign,
                                                    char                       **campaign_id,
                                                    GError                     **error);
gboolean         pb_store_tx_rename_campaign       (PbStoreTx                   *tx,
                                                    const char                  *campaign_id,
                                                    const char                  *name,
                                                    GError                     **error);
gboolean         pb_store_tx_set_campaign_archived (PbStoreTx                   *tx,
                                                    const char                  *campaign_id,
                                                    gboolean                     archived,
                                                    GError                     **error);
gboolean         pb_store_tx_queue_learner_import  (PbStoreTx                   *tx,
                                                    const char                  *organization_id,
                                                    const char                  *format,
                                                    const char                  *file_name,
                                                    GBytes                      *contents,
                                                    GError                     **error);
const char      *pb_outbox_op_to_string            (PbOutboxOp                   op);
PbOutboxOp       pb_outbox_op_from_string          (const char                  *text);
const char      *pb_outbox_state_to_string         (PbOutboxState                state);
PbOutboxState    pb_outbox_state_from_string       (const char                  *text);

/* pb-store-rebase.c: a campaign row between the server and the outbox */
gboolean         pb_store_shadow_offer             (PbStoreDb                   *db,
                                                    const char                  *type,
                                                    const char                  *id,
                                                    const char                  *organization_id,
                                                    gint64                       version,
                                                    const char                  *data,
                                                    GError                     **error);
gboolean         pb_store_campaign_settle          (PbStoreTx                   *tx,
                                                    const char                  *campaign_id,
                                                    gboolean                     restore,
                                                    GError                     **error);
gboolean         pb_store_rebase_versions          (PbStoreDb                   *db,
                                                    const char                  *entity_id,
                                                    gint64                       after_mid,
                                                    gint64                       old_version,
                                                    gint64                       new_version,
                                                    GError                     **error);

/* pb-store-outbox.c */
GPtrArray       *pb_store_query_outbox             (PbStoreDb                   *db,
                                                    GError                     **error);
gboolean         pb_store_tx_acknowledge           (PbStoreTx                   *tx,
                                                    gint64                       mid,
                                                    JsonObject                  *answer,
                                                    GError                     **error);
gboolean         pb_store_tx_note_failure          (PbStoreTx                   *tx,
                                                    gint64                       mid,
                                                    const char                  *message,
                                                    GError                     **error);
gboolean         pb_store_tx_conflict              (PbStoreTx                   *tx,
                                                    gint64                       mid,
                                                    JsonObject                  *current,
                                                    GError                     **error);
gboolean         pb_store_tx_reject                (PbStoreTx                   *tx,
                                                    gint64                       mid,
                                                    guint                        status,
                                                    const char                  *code,
                                                    const char                  *reason,
                                                    GError                     **error);

/* pb-store-conflicts.c */
GPtrArray       *pb_store_query_conflicts          (PbStoreDb                   *db,
                                                    GError                     **error);
gboolean         pb_store_tx_resolve_conflict      (PbStoreTx                   *tx,
                                                    gint64                       conflict_id,
                                                    gboolean                     keep_mine,
                                                    GError                     **error);

/* pb-store-account.c (wipes everything) */
gboolean         pb_store_tx_purge                 (PbStoreTx                   *tx,
                                                    GError                     **error);

G_END_DECLS
