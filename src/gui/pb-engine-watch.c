/* pb-engine-watch.c
 *
 * The widgets that show the sync engine's state (the header's indicator,
 * the offline banner) hold the engine and follow some of its signals; when
 * the window hands them another engine, they let go of the old one first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-engine-watch.h"

/**
 * pb_engine_watch_set:
 * @slot: where @owner holds its engine
 * @engine: (nullable): the engine to follow instead
 * @owner: the object @changed_cb is called on, swapped
 * @signals: the NULL-terminated signals of @engine to follow
 * @changed_cb: called on @owner when one of @signals is emitted
 *
 * Disconnects @owner from the engine in @slot, and connects it to @engine.
 *
 * Returns: %FALSE if @slot held @engine already (nothing was done)
 */
gboolean
pb_engine_watch_set (PbSyncEngine       **slot,
                     PbSyncEngine        *engine,
                     gpointer             owner,
                     const char * const  *signals,
                     GCallback            changed_cb)
{
  guint i;

  if (*slot == engine)
    return FALSE;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, owner);

  g_set_object (slot, engine);

  for (i = 0; engine != NULL && signals[i] != NULL; i++)
    g_signal_connect_object (engine, signals[i], changed_cb, owner, G_CONNECT_SWAPPED);

  return TRUE;
}

/**
 * pb_engine_watch_clear:
 * @slot: where @owner holds its engine
 * @owner: the object pb_engine_watch_set() connected
 *
 * Disconnects @owner from the engine in @slot and drops it, for dispose.
 */
void
pb_engine_watch_clear (PbSyncEngine **slot,
                       gpointer       owner)
{
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, owner);
  g_clear_object (slot);
}
