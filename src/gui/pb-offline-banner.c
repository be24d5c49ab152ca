/* pb-offline-banner.c
 *
 * libadwaita 1.2 has no AdwBanner: a GtkRevealer holding a bar styled by
 * .pb-offline-banner in style.css. It is revealed while the sync engine is
 * offline (edits are safe in the cache: the bar says so, so that nobody
 * retypes them) or needs a new sign-in (no Retry then: retrying cannot
 * help without a password).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-engine-watch.h"
#include "pb-offline-banner.h"

struct _PbOfflineBanner
{
  AdwBin        parent_instance;

  PbSyncEngine *engine;

  GtkRevealer  *revealer;
  GtkImage     *icon;
  GtkLabel     *label;
  GtkButton    *retry_button;
  GtkButton    *sign_in_button;
};

G_DEFINE_FINAL_TYPE (PbOfflineBanner, pb_offline_banner, ADW_TYPE_BIN)

enum {
  SIGN_IN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (PbOfflineBanner *self)
{
  PbSyncState state = PB_SYNC_STATE_IDLE;
  const char *message = NULL;

  if (self->engine != NULL)
    {
      state = pb_sync_engine_get_state (self->engine);
      message = pb_sync_engine_get_message (self->engine);
    }

  switch (state)
    {
    case PB_SYNC_STATE_OFFLINE:
      gtk_image_set_from_icon_name (self->icon, "network-offline-symbolic");
      gtk_label_set_text (self->label,
                          _("Offline — your changes are kept and will be sent "
                            "when the server is reachable again."));
      break;

    case PB_SYNC_STATE_NEEDS_SIGN_IN:
      gtk_image_set_from_icon_name (self->icon, "dialog-password-symbolic");
      gtk_label_set_text (self->label, _("Your session has expired: sign in again to sync."));
      break;

    case PB_SYNC_STATE_IDLE:
    case PB_SYNC_STATE_SYNCING:
    case PB_SYNC_STATE_ERROR:
    default:
      /* Keep the text while the bar slides away. */
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), state == PB_SYNC_STATE_OFFLINE);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), state == PB_SYNC_STATE_NEEDS_SIGN_IN);

  /* The engine's own words (which server error, since when) as a tooltip:
   * the bar itself stays short. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), message);

  gtk_revealer_set_reveal_child (self->revealer,
                                 state == PB_SYNC_STATE_OFFLINE ||
                                 state == PB_SYNC_STATE_NEEDS_SIGN_IN);
}

static void
state_changed_cb (PbOfflineBanner *self)
{
  update (self);
}

static void
retry_clicked_cb (PbOfflineBanner *self)
{
  if (self->engine != NULL)
    pb_sync_engine_sync_now (self->engine);
}

static void
sign_in_clicked_cb (PbOfflineBanner *self)
{
  g_signal_emit (self, signals[SIGN_IN_REQUESTED], 0);
}

static void
pb_offline_banner_dispose (GObject *object)
{
  PbOfflineBanner *self = (PbOfflineBanner *)object;

  pb_engine_watch_clear (&self->engine, self);
  /* AdwBin unparents its child itself: before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_OFFLINE_BANNER);

  G_OBJECT_CLASS (pb_offline_banner_parent_class)->dispose (object);
}

static void
pb_offline_banner_class_init (PbOfflineBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_offline_banner_dispose;

  /**
   * PbOfflineBanner::sign-in-requested:
   *
   * The Sign In… button was clicked: the window asks for the password.
   */
  signals[SIGN_IN_REQUESTED] =
    g_signal_new ("sign-in-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-offline-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, PbOfflineBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, PbOfflineBanner, icon);
  gtk_widget_class_bind_template_child (widget_class, PbOfflineBanner, label);
  gtk_widget_class_bind_template_child (widget_class, PbOfflineBanner, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PbOfflineBanner, sign_in_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
}

static void
pb_offline_banner_init (PbOfflineBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

void
pb_offline_banner_set_engine (PbOfflineBanner *self,
                              PbSyncEngine    *engine)
{
  static const char * const engine_signals[] = { "notify::state", "notify::message", NULL };

  g_return_if_fail (PB_IS_OFFLINE_BANNER (self));
  g_return_if_fail (engine == NULL || PB_IS_SYNC_ENGINE (engine));

  if (!pb_engine_watch_set (&self->engine, engine, self, engine_signals, G_CALLBACK (state_changed_cb)))
    return;

  update (self);
}

gboolean
pb_offline_banner_get_revealed (PbOfflineBanner *self)
{
  g_return_val_if_fail (PB_IS_OFFLINE_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}
