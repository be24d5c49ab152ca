/* pb-write.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-request.h"

G_BEGIN_DECLS

/* Days a write's response stays replayable (DESIGN §5: at least 120). */
#define PB_IDEMPOTENCY_RETENTION_DAYS 120

PbDb    *pb_write_begin           (PbRequest   *request,
                                   PbStorage   *storage);
void     pb_write_finish          (PbRequest   *request,
                                   PbStorage   *storage,
                                   PbDb        *db,
                                   gboolean     ok,
                                   GError      *error);
gboolean pb_write_check_version   (PbRequest   *request,
                                   gint64       current_version,
                                   JsonNode    *current_document);
/* The work of a write route between pb_write_begin() and
 * pb_write_finish(): FALSE with @error set on a failure (500), TRUE
 * otherwise, 4xx answers included. */
typedef gboolean (*PbWriteFunc) (PbRequest  *request,
                                 PbDb       *db,
                                 GError    **error);

void     pb_write_run             (PbRequest   *request,
                                   PbStorage   *storage,
                                   PbWriteFunc  work);
gboolean pb_write_prune_idempotency (PbStorage *storage,
                                   guint        retention_days,
                                   GError     **error);

G_END_DECLS
