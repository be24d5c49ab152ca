/* pb-engine-watch.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-account.h"

G_BEGIN_DECLS

gboolean pb_engine_watch_set   (PbSyncEngine       **slot,
                                PbSyncEngine        *engine,
                                gpointer             owner,
                                const char * const  *signals,
                                GCallback            changed_cb);
void     pb_engine_watch_clear (PbSyncEngine       **slot,
                                gpointer             owner);

G_END_DECLS
