/* pb-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-preferences-window.h"
#include "pb-server-address.h"

struct _PbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwToast             *toast;

  /* Template children */
  AdwEntryRow          *server_row;
};

G_DEFINE_FINAL_TYPE (PbPreferencesWindow, pb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
toast_dismissed_cb (PbPreferencesWindow *self,
                    AdwToast            *toast)
{
  if (self->toast == toast)
    self->toast = NULL;
}

/* A new outcome replaces the last one at once: a "saved" toast must not
 * linger while the row says the address was refused.
 */
static void
show_toast (PbPreferencesWindow *self,
            const char          *title)
{
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);

  self->toast = adw_toast_new (title);
  g_signal_connect_object (self->toast, "dismissed", G_CALLBACK (toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), self->toast);
}

/* The address is saved only once it makes sense, normalized, so the sync
 * never starts from a typo; a refused one stays in the row, marked, with the
 * reason in a toast.
 */
static void
server_row_apply_cb (PbPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->server_row));

  address = pb_server_address_normalize (text, &error);
  if (address == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      /* Screen readers learn the address was refused, and why. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->server_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->server_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message,
                                      -1);
      show_toast (self, error->message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  g_settings_set_string (self->settings, "server-url", address);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), address);
  /* Rewriting the text counts as an edit for AdwEntryRow 1.2, which would
   * show its apply button again as if the address were not saved; turning
   * the button off and on hides it until the next real edit.
   */
  adw_entry_row_set_show_apply_button (self->server_row, FALSE);
  adw_entry_row_set_show_apply_button (self->server_row, TRUE);
  show_toast (self, _("Server address saved"));
}

static void
server_row_changed_cb (PbPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->server_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->server_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
pb_preferences_window_constructed (GObject *object)
{
  PbPreferencesWindow *self = (PbPreferencesWindow *)object;
  g_autofree char *address = NULL;

  G_OBJECT_CLASS (pb_preferences_window_parent_class)->constructed (object);

  address = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), address);
}

static void
pb_preferences_window_dispose (GObject *object)
{
  PbPreferencesWindow *self = (PbPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pb_preferences_window_parent_class)->dispose (object);
}

static void
pb_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_preferences_window_class_init (PbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_preferences_window_constructed;
  object_class->dispose = pb_preferences_window_dispose;
  object_class->set_property = pb_preferences_window_set_property;

  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_row);
  gtk_widget_class_bind_template_callback (widget_class, server_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_row_changed_cb);
}

static void
pb_preferences_window_init (PbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbPreferencesWindow *
pb_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PB_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}
