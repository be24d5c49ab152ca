/* pb-window.c
 *
 * The main window: a sidebar of views (Classes, Campagnes, Profils,
 * Sessions) beside the view shown, folding into one column on narrow
 * screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-window.h"

struct _PbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *sidebar_list;
  AdwViewStack         *stack;
  AdwWindowTitle       *content_title;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The window-width and window-height ranges of the schema. */
#define MIN_WIDTH 360
#define MIN_HEIGHT 294
#define MAX_SIZE 10000

/* The views in sidebar order; Ctrl+1 … Ctrl+4 follow it. */
static const char * const views[] = { "classes", "campaigns", "profiles", "sessions" };

static void
select_sidebar_row (PbWindow   *self,
                    const char *view)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (g_strcmp0 (gtk_widget_get_name (row), view) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
stack_visible_child_cb (PbWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);
  AdwViewStackPage *page = adw_view_stack_get_page (self->stack, child);

  adw_window_title_set_title (self->content_title, adw_view_stack_page_get_title (page));
  select_sidebar_row (self, adw_view_stack_page_get_name (page));
}

static void
sidebar_row_activated_cb (PbWindow      *self,
                          GtkListBoxRow *row)
{
  pb_window_set_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* Moving through the sidebar with the arrow keys selects rows: show the
 * selected view, so the highlighted row and the page always agree.
 */
static void
sidebar_row_selected_cb (PbWindow      *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    pb_window_set_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_clicked_cb (PbWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Folded, the sidebar becomes a page of its own: keep the view in sight
 * rather than landing on the list.
 */
static void
leaflet_folded_cb (PbWindow *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);

  pb_window_set_view (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
save_window_state (PbWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  /* No g_settings_delay() here: delay-apply mode can never be left, and
   * these settings are the application's, shared with the preferences,
   * whose changes must be written at once.
   */
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  /* A maximized size is the screen's, not the one to come back to. */
  /* Clamped to the schema's range: a window stretched over several screens
   * would otherwise be refused with a warning and not saved at all.
   */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", CLAMP (width, MIN_WIDTH, MAX_SIZE));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, MIN_HEIGHT, MAX_SIZE));
    }
}

static gboolean
pb_window_close_request (GtkWindow *window)
{
  save_window_state (PB_WINDOW (window));

  return GTK_WINDOW_CLASS (pb_window_parent_class)->close_request (window);
}

static void
restore_window_state (PbWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
pb_window_constructed (GObject *object)
{
  PbWindow *self = (PbWindow *)object;

  G_OBJECT_CLASS (pb_window_parent_class)->constructed (object);

  restore_window_state (self);
  g_settings_bind (self->settings, "last-view", self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
  stack_visible_child_cb (self);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = (PbWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbWindow *self = PB_WINDOW (object);

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
pb_window_class_init (PbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pb_window_constructed;
  object_class->dispose = pb_window_dispose;
  object_class->set_property = pb_window_set_property;

  window_class->close_request = pb_window_close_request;

  /**
   * PbWindow:settings:
   *
   * The application's settings (window state, last view), injected so that
   * tests can give each window its own.
   */
  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, content_title);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-view", "s", views[i]);
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbWindow *
pb_window_new (AdwApplication *application,
               GSettings      *settings)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (PB_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       NULL);
}

/**
 * pb_window_get_view:
 *
 * Returns: the name of the view shown: "classes", "campaigns", "profiles"
 * or "sessions"
 */
const char *
pb_window_get_view (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

void
pb_window_set_view (PbWindow   *self,
                    const char *view)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (view != NULL);

  if (adw_view_stack_get_child_by_name (self->stack, view) == NULL)
    {
      g_debug ("No view named “%s”", view);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, view);
}
