/* pb-sync-indicator.c
 *
 * The sync state at the end of the content header bar: a menu button whose
 * icon tells the state (its tooltip and accessible name say it in words),
 * the number of changes not sent yet beside it, and during a first sync a
 * small progress bar in the button itself, so the progress shows without
 * opening anything. Its popover details the state and offers Sync Now and,
 * when there are some, the conflicts.
 *
 * Everything comes from the PbSyncEngine's properties, whose ::notify the
 * engine emits on the main thread: nothing here blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-engine-watch.h"
#include "pb-sync-indicator.h"
#include "pb-sync-time.h"

struct _PbSyncIndicator
{
  AdwBin          parent_instance;

  PbSyncEngine   *engine;

  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *count_label;
  GtkProgressBar *header_progress;
  GtkPopover     *popover;
  GtkLabel       *status_label;
  GtkLabel       *pending_label;
  GtkLabel       *conflicts_label;
  GtkLabel       *last_sync_label;
  GtkLabel       *message_label;
  GtkProgressBar *progress_bar;
  GtkButton      *conflicts_button;
  GtkButton      *sync_button;
};

G_DEFINE_FINAL_TYPE (PbSyncIndicator, pb_sync_indicator, ADW_TYPE_BIN)

static const char *
state_icon_name (PbSyncState state,
                 guint       conflicts)
{
  switch (state)
    {
    case PB_SYNC_STATE_NEEDS_SIGN_IN:
      return "dialog-password-symbolic";
    case PB_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case PB_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";
    case PB_SYNC_STATE_ERROR:
      return "dialog-warning-symbolic";
    case PB_SYNC_STATE_IDLE:
    default:
      return conflicts > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
    }
}

static char *
state_text (PbSyncState state,
            guint       pending,
            guint       conflicts)
{
  switch (state)
    {
    case PB_SYNC_STATE_NEEDS_SIGN_IN:
      return g_strdup (_("Sign-in needed"));
    case PB_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline"));
    case PB_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case PB_SYNC_STATE_ERROR:
      return g_strdup (_("Sync problem: will try again"));
    case PB_SYNC_STATE_IDLE:
    default:
      if (conflicts > 0)
        return g_strdup (_("Online — some changes need your decision"));
      if (pending > 0)
        return g_strdup (_("Online"));
      return g_strdup (_("Online — everything is synced"));
    }
}

static char *
pending_text (guint pending)
{
  if (pending == 0)
    return g_strdup (_("No changes waiting to be sent"));

  return g_strdup_printf (ngettext ("%u change waiting to be sent",
                                    "%u changes waiting to be sent",
                                    pending),
                          pending);
}

static char *
progress_text (double progress)
{
  /* TRANSLATORS: %d is a percentage; "%%" is the percent sign */
  return g_strdup_printf (_("First sync: %d %%"), (int) (progress * 100 + 0.5));
}

static void
update (PbSyncIndicator *self)
{
  g_autofree char *status = NULL;
  g_autofree char *pending_line = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *description = NULL;
  g_autofree char *count = NULL;
  g_autofree char *conflicts_line = NULL;
  g_autoptr(GDateTime) now = NULL;
  GString *details;
  PbSyncState state;
  const char *message;
  guint pending, conflicts;
  double progress;
  gboolean first_sync;

  gtk_widget_set_visible (GTK_WIDGET (self->button), self->engine != NULL);
  if (self->engine == NULL)
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  state = pb_sync_engine_get_state (self->engine);
  pending = pb_sync_engine_get_pending_count (self->engine);
  conflicts = pb_sync_engine_get_conflict_count (self->engine);
  progress = pb_sync_engine_get_progress (self->engine);
  message = pb_sync_engine_get_message (self->engine);
  first_sync = progress >= 0;

  status = state_text (state, pending, conflicts);
  pending_line = pending_text (pending);
  now = g_date_time_new_now_local ();
  last_sync = pb_sync_time_format_last_sync (pb_sync_engine_get_last_sync (self->engine), now);

  /* The icon */
  gtk_image_set_from_icon_name (self->icon, state_icon_name (state, conflicts));
  if (state == PB_SYNC_STATE_SYNCING)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "pb-spinning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "pb-spinning");

  /* The badge */
  count = g_strdup_printf ("%u", pending);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), pending > 0);

  /* The popover */
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->pending_label, pending_line);
  gtk_label_set_text (self->last_sync_label, last_sync);

  if (conflicts > 0)
    conflicts_line = g_strdup_printf (ngettext ("%u change needs your decision",
                                                "%u changes need your decision",
                                                conflicts),
                                      conflicts);
  gtk_label_set_text (self->conflicts_label, conflicts_line != NULL ? conflicts_line : "");
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_label), conflicts > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_button), conflicts > 0);

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), first_sync);
  gtk_widget_set_visible (GTK_WIDGET (self->header_progress), first_sync);
  if (first_sync)
    {
      g_autofree char *text = progress_text (progress);

      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress, 0.0, 1.0));
      gtk_progress_bar_set_text (self->progress_bar, text);
      gtk_progress_bar_set_fraction (self->header_progress, CLAMP (progress, 0.0, 1.0));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->header_progress),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                      -1);
    }

  /* A sync that is running cannot be started again. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_button),
                            state != PB_SYNC_STATE_SYNCING &&
                            state != PB_SYNC_STATE_NEEDS_SIGN_IN);

  /* The same in words, for the tooltip and screen readers. */
  details = g_string_new (NULL);
  if (first_sync)
    {
      g_autofree char *text = progress_text (progress);

      g_string_append (details, text);
      g_string_append (details, "\n");
    }
  g_string_append (details, pending_line);
  if (conflicts_line != NULL)
    g_string_append_printf (details, "\n%s", conflicts_line);
  g_string_append_printf (details, "\n%s", last_sync);
  description = g_string_free (details, FALSE);

  tooltip = g_strdup_printf ("%s\n%s", status, description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* The relative "yesterday" turns stale at midnight without any notify:
 * re-read it whenever the popover opens. */
static void
popover_show_cb (PbSyncIndicator *self)
{
  update (self);
}

static void
sync_now_clicked_cb (PbSyncIndicator *self)
{
  if (self->engine != NULL)
    pb_sync_engine_sync_now (self->engine);
}

static void
show_conflicts_clicked_cb (PbSyncIndicator *self)
{
  gtk_popover_popdown (self->popover);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-view", "s", "conflicts");
}

static void
pb_sync_indicator_dispose (GObject *object)
{
  PbSyncIndicator *self = (PbSyncIndicator *)object;

  pb_engine_watch_clear (&self->engine, self);
  /* AdwBin unparents its child itself: before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_SYNC_INDICATOR);

  G_OBJECT_CLASS (pb_sync_indicator_parent_class)->dispose (object);
}

static void
pb_sync_indicator_class_init (PbSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, header_progress);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, message_label);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, PbSyncIndicator, sync_button);
  gtk_widget_class_bind_template_callback (widget_class, sync_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_conflicts_clicked_cb);
}

static void
pb_sync_indicator_init (PbSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->popover, "show", G_CALLBACK (popover_show_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

void
pb_sync_indicator_set_engine (PbSyncIndicator *self,
                              PbSyncEngine    *engine)
{
  /* Every property matters to the same few labels: one handler for all. */
  static const char * const engine_signals[] = { "notify", NULL };

  g_return_if_fail (PB_IS_SYNC_INDICATOR (self));
  g_return_if_fail (engine == NULL || PB_IS_SYNC_ENGINE (engine));

  if (!pb_engine_watch_set (&self->engine, engine, self, engine_signals, G_CALLBACK (update)))
    return;

  update (self);
}

/* The popover, for tests and for a window that wants to open it. */
GtkPopover *
pb_sync_indicator_get_popover (PbSyncIndicator *self)
{
  g_return_val_if_fail (PB_IS_SYNC_INDICATOR (self), NULL);

  return self->popover;
}
