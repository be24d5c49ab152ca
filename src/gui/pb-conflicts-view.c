/* pb-conflicts-view.c
 *
 * The Conflits page: every outbox entry the server did not take, as a
 * card (PbConflictRow) where the user chooses what to keep. Nothing here
 * is ever dropped silently (DESIGN §5): an entry leaves the list only by
 * the user's choice.
 *
 * The list is read from the store in a GTask thread, again whenever the
 * store reports a change to the outbox; a choice is saved in a GTask thread
 * too, then a sync is asked for so it reaches the server at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-conflict-row.h"
#include "pb-conflicts-view.h"

struct _PbConflictsView
{
  AdwBin        parent_instance;

  PbAccount    *account;
  PbStore      *store;
  GCancellable *cancellable;       /* the view's life (and account's) */
  GCancellable *refresh_cancellable;

  GtkStack     *stack;
  GtkBox       *list;
};

G_DEFINE_FINAL_TYPE (PbConflictsView, pb_conflicts_view, ADW_TYPE_BIN)

typedef struct
{
  PbStore       *store;
  PbConflictRow *row;
  gint64         conflict_id;
  gboolean       keep_mine;
} ResolveData;

static void refresh (PbConflictsView *self);

static void
resolve_data_free (ResolveData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->row);
  g_free (data);
}

static void
list_conflicts_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PbStore *store = task_data;
  GPtrArray *conflicts;
  GError *error = NULL;

  conflicts = pb_store_list_conflicts (store, &error);
  if (conflicts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conflicts, (GDestroyNotify) g_ptr_array_unref);
}

static void
clear_list (PbConflictsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_box_remove (self->list, child);
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ResolveData *data = task_data;
  GError *error = NULL;

  if (pb_store_resolve_conflict (data->store, data->conflict_id, data->keep_mine, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PbConflictsView *self = PB_CONFLICTS_VIEW (object);
  ResolveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      message = g_strdup_printf (_("Your choice could not be saved: %s"), error->message);
      pb_conflict_row_set_error (data->row, message);
      pb_conflict_row_set_busy (data->row, FALSE);
      return;
    }

  /* The store's ::changed refreshes the list; the sync sends the choice. */
  if (self->account != NULL)
    pb_sync_engine_sync_now (pb_account_get_sync_engine (self->account));
}

static void
row_resolve_cb (PbConflictsView *self,
                gboolean         keep_mine,
                PbConflictRow   *row)
{
  g_autoptr(GTask) task = NULL;
  ResolveData *data;

  if (self->store == NULL)
    return;

  pb_conflict_row_set_busy (row, TRUE);
  pb_conflict_row_set_error (row, NULL);

  data = g_new0 (ResolveData, 1);
  data->store = g_object_ref (self->store);
  data->row = g_object_ref (row);
  data->conflict_id = pb_conflict_row_get_conflict_id (row);
  data->keep_mine = keep_mine;

  task = g_task_new (self, self->cancellable, resolve_cb, NULL);
  g_task_set_source_tag (task, row_resolve_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_data_free);
  g_task_run_in_thread (task, resolve_thread);
}

static void
list_conflicts_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PbConflictsView *self = PB_CONFLICTS_VIEW (object);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;

  conflicts = g_task_propagate_pointer (G_TASK (result), &error);
  if (conflicts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not list the conflicts: %s", error->message);
      return;
    }

  /* A newer refresh, or another account, is under way: this one is stale. */
  if (g_task_get_task_data (G_TASK (result)) != self->store)
    return;

  clear_list (self);
  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *row = pb_conflict_row_new (g_ptr_array_index (conflicts, i));

      g_signal_connect_object (row, "resolve", G_CALLBACK (row_resolve_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->list, row);
    }

  gtk_stack_set_visible_child_name (self->stack, conflicts->len > 0 ? "list" : "empty");
}

static void
refresh (PbConflictsView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);

  if (self->store == NULL)
    {
      clear_list (self);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->refresh_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->refresh_cancellable, list_conflicts_cb, NULL);
  g_task_set_source_tag (task, refresh);
  /* Cancelled tasks still return their error rather than a stale list. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_conflicts_thread);
}

static void
store_changed_cb (PbConflictsView *self,
                  guint            tables)
{
  if (tables & PB_STORE_TABLE_OUTBOX)
    refresh (self);
}

static void
pb_conflicts_view_dispose (GObject *object)
{
  PbConflictsView *self = (PbConflictsView *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);
  g_clear_object (&self->refresh_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  /* AdwBin unparents its child itself: before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CONFLICTS_VIEW);

  G_OBJECT_CLASS (pb_conflicts_view_parent_class)->dispose (object);
}

static void
pb_conflicts_view_finalize (GObject *object)
{
  PbConflictsView *self = (PbConflictsView *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pb_conflicts_view_parent_class)->finalize (object);
}

static void
pb_conflicts_view_class_init (PbConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_conflicts_view_dispose;
  object_class->finalize = pb_conflicts_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, PbConflictsView, list);

  g_type_ensure (PB_TYPE_CONFLICT_ROW);
}

static void
pb_conflicts_view_init (PbConflictsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
pb_conflicts_view_set_account (PbConflictsView *self,
                               PbAccount       *account)
{
  g_return_if_fail (PB_IS_CONFLICTS_VIEW (self));
  g_return_if_fail (account == NULL || PB_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  /* Choices being saved for the previous account finish without us. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_set_object (&self->account, account);
  if (account != NULL)
    {
      self->store = g_object_ref (pb_account_get_store (account));
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }

  refresh (self);
}
