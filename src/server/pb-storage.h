/* pb-storage.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_STORAGE (pb_storage_get_type ())

G_DECLARE_FINAL_TYPE (PbStorage, pb_storage, PB, STORAGE, GObject)

PbStorage *pb_storage_open                (const char  *data_dir,
                                           const char  *database_url,
                                           GError     **error);
gboolean   pb_storage_get_version         (PbStorage   *self,
                                           guint       *version,
                                           GError     **error);
gboolean   pb_storage_migrate             (PbStorage   *self,
                                           guint       *n_applied,
                                           GError     **error);
PbDb      *pb_storage_lock_writer         (PbStorage   *self);
gboolean   pb_storage_relax_durability    (PbStorage   *self,
                                           GError     **error);
void       pb_storage_unlock_writer       (PbStorage   *self,
                                           PbDb        *db);
PbDb      *pb_storage_acquire_reader      (PbStorage   *self);
void       pb_storage_release_reader      (PbStorage   *self,
                                           PbDb        *db);

G_END_DECLS
