/* pb-window.c
 *
 * The main window. Signed out, it shows the welcome page (sign in, or try
 * the demo school); signed in, a sidebar of views (Classes, Campagnes,
 * Profils, Sessions, and Conflits while there are some) beside the view
 * shown, folding into one column on narrow screens, with the sync state in
 * the header bar and an offline banner above the view.
 *
 * The account is the application's, which gives it to each window
 * (pb_window_set_account()); the window picks which of its organizations
 * the views show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-application.h"
#include "pb-campaigns-view.h"
#include "pb-classes-view.h"
#include "pb-conflicts-view.h"
#include "pb-offline-banner.h"
#include "pb-sign-in-again.h"
#include "pb-sync-indicator.h"
#include "pb-welcome-page.h"
#include "pb-window.h"

struct _PbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GCancellable         *cancellable;     /* cancelled when the window closes */

  PbAccount            *account;
  PbStore              *store;           /* the account's, for its ::changed */
  PbSyncEngine         *engine;
  GCancellable         *organizations_cancellable;
  GPtrArray            *organizations;   /* (element-type PbStoreOrganization) */
  char                 *organization_id;
  gboolean              filling_organizations;
  gboolean              restoring;       /* the last account is being read back */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *top_stack;
  GtkSpinner           *starting_spinner;
  PbWelcomePage        *welcome_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *sidebar_list;
  GtkWidget            *conflicts_row;
  AdwViewStack         *stack;
  AdwWindowTitle       *content_title;
  AdwWindowTitle       *sidebar_title;
  GtkDropDown          *organization_dropdown;
  PbClassesView        *classes_view;
  PbCampaignsView      *campaigns_view;
  PbConflictsView      *conflicts_view;
  PbSyncIndicator      *sync_indicator;
  PbOfflineBanner      *offline_banner;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_ACCOUNT,
  PROP_ORGANIZATION_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The window-width and window-height ranges of the schema. */
#define MIN_WIDTH 360
#define MIN_HEIGHT 294
#define MAX_SIZE 10000

/* The views in sidebar order; Ctrl+1 … Ctrl+4 follow it. Conflits comes
 * and goes with the conflicts: the sync indicator leads there. */
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
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);

  if (self->engine != NULL)
    pb_sync_engine_sync_now (self->engine);
}

/* ------------------------------------------------------------------ */
/* Signing in and out                                                   */

static PbApplication *
get_application (PbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return PB_IS_APPLICATION (app) ? PB_APPLICATION (app) : NULL;
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_application_sign_in_finish (PB_APPLICATION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pb_welcome_page_show_error (self->welcome_page, error);
      return;
    }

  /* The application already gave the window the account. */
  pb_welcome_page_clear (self->welcome_page);
}

static void
sign_in_requested_cb (PbWindow   *self,
                      const char *server_url,
                      const char *email,
                      const char *password)
{
  PbApplication *app = get_application (self);

  g_return_if_fail (app != NULL);

  pb_welcome_page_set_busy (self->welcome_page, TRUE);
  pb_application_sign_in_async (app, server_url, email, password, self->cancellable,
                                signed_in_cb, g_object_ref (self));
}

/* The banner's Sign In…, once the server refused the sign-in token. */
static void
sign_in_again_cb (PbWindow *self)
{
  if (self->account != NULL)
    pb_sign_in_again_present (self, self->account, NULL);
}

/* Signed in: the views; signed out: the welcome page, unless the last
 * account is still being read back. */
static void
show_top_page (PbWindow *self)
{
  const char *page = self->account != NULL ? "main" : self->restoring ? "starting" : "welcome";

  gtk_spinner_set_spinning (self->starting_spinner, g_str_equal (page, "starting"));
  gtk_stack_set_visible_child_name (self->top_stack, page);
}

static void
demo_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_application_start_demo_finish (PB_APPLICATION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pb_welcome_page_show_error (self->welcome_page, error);
      return;
    }

  pb_welcome_page_clear (self->welcome_page);
}

static void
demo_requested_cb (PbWindow *self)
{
  pb_window_start_demo (self);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_application_sign_out_finish (PB_APPLICATION (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *title = g_strdup_printf (_("Signed out, but the local data could not be deleted: %s"),
                                                    error->message);

          pb_window_add_toast (self, title);
        }
      return;
    }

  pb_window_add_toast (self, _("Signed out"));
}

static void
sign_out (PbWindow *self)
{
  PbApplication *app = get_application (self);

  g_return_if_fail (app != NULL);

  /* Not the window's cancellable: closing the window must not leave half
   * a purge. */
  pb_application_sign_out_async (app, NULL, signed_out_cb, g_object_ref (self));
}

static void
sign_out_response_cb (PbWindow   *self,
                      const char *response)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    sign_out (self);
}

/* Signing out purges the cache: changes the server has not received yet
 * would be lost without a word, so they are counted and confirmed. */
static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PbWindow *self = PB_WINDOW (widget);
  AdwMessageDialog *dialog;
  guint pending;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (self->account == NULL)
    return;

  pending = self->engine != NULL ? pb_sync_engine_get_pending_count (self->engine) : 0;
  if (pending == 0)
    {
      sign_out (self);
      return;
    }

  body = g_strdup_printf (ngettext ("%u change made on this computer has not reached the server yet. Signing out deletes it with the local data.",
                                    "%u changes made on this computer have not reached the server yet. Signing out deletes them with the local data.",
                                    pending),
                          pending);
  heading = g_strdup_printf (ngettext ("Sign Out and Lose %u Unsent Change?",
                                       "Sign Out and Lose %u Unsent Changes?",
                                       pending),
                             pending);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Organizations                                                        */

static void
update_titles (PbWindow                  *self,
               const PbStoreOrganization *organization)
{
  g_autofree char *title = NULL;

  if (organization == NULL)
    {
      adw_window_title_set_subtitle (self->sidebar_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Pix Bureau"));
      return;
    }

  adw_window_title_set_subtitle (self->sidebar_title, organization->name);
  /* TRANSLATORS: the window's title: the school's name, then the app's */
  title = g_strdup_printf (_("%s – Pix Bureau"), organization->name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
set_organization (PbWindow                  *self,
                  const PbStoreOrganization *organization)
{
  const char *id = organization != NULL ? organization->id : NULL;

  update_titles (self, organization);
  if (g_strcmp0 (id, self->organization_id) == 0)
    return;

  g_free (self->organization_id);
  self->organization_id = g_strdup (id);
  pb_classes_view_set_account (self->classes_view, id != NULL ? self->account : NULL, id);
  pb_campaigns_view_set_account (self->campaigns_view, id != NULL ? self->account : NULL, id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ORGANIZATION_ID]);
}

static void
organization_selected_cb (PbWindow *self)
{
  guint position = gtk_drop_down_get_selected (self->organization_dropdown);
  const PbStoreOrganization *organization;

  if (self->filling_organizations || self->organizations == NULL ||
      position >= self->organizations->len)
    return;

  /* Only a choice of the person's is remembered: a demo school or a single
   * organization must not replace it. */
  organization = g_ptr_array_index (self->organizations, position);
  g_settings_set_string (self->settings, "organization-id", organization->id);
  set_organization (self, organization);
}

static void
show_organizations (PbWindow  *self,
                    GPtrArray *organizations)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *saved = g_settings_get_string (self->settings, "organization-id");
  guint selected = 0;

  g_clear_pointer (&self->organizations, g_ptr_array_unref);
  self->organizations = g_ptr_array_ref (organizations);

  for (guint i = 0; i < organizations->len; i++)
    {
      const PbStoreOrganization *organization = g_ptr_array_index (organizations, i);

      gtk_string_list_append (names, organization->name);
      /* The one shown now, or else the one chosen last time. */
      if (g_strcmp0 (organization->id, self->organization_id != NULL ? self->organization_id : saved) == 0)
        selected = i;
    }

  self->filling_organizations = TRUE;
  gtk_drop_down_set_model (self->organization_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->organization_dropdown, organizations->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling_organizations = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->organization_dropdown), organizations->len > 1);
  set_organization (self, organizations->len > 0 ? g_ptr_array_index (organizations, selected) : NULL);
}

static void
list_organizations_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  PbStore *store = task_data;
  GPtrArray *organizations;
  GError *error = NULL;

  if ((organizations = pb_store_list_organizations (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_ptr_array_set_free_func (organizations, (GDestroyNotify) pb_store_organization_free);
  g_task_return_pointer (task, organizations, (GDestroyNotify) g_ptr_array_unref);
}

static void
organizations_listed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  PbWindow *self = PB_WINDOW (source);
  g_autoptr(GPtrArray) organizations = NULL;
  g_autoptr(GError) error = NULL;

  organizations = g_task_propagate_pointer (G_TASK (result), &error);
  if (organizations == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the organizations: %s", error->message);
      return;
    }

  /* Signed out or into another account meanwhile. */
  if (self->store != g_task_get_task_data (G_TASK (result)))
    return;


  show_organizations (self, organizations);
}

static void
load_organizations (PbWindow *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->organizations_cancellable);
  g_clear_object (&self->organizations_cancellable);
  self->organizations_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->organizations_cancellable, organizations_listed_cb, NULL);
  g_task_set_source_tag (task, load_organizations);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_organizations_thread);
}

static void
store_changed_cb (PbWindow *self,
                  guint     tables)
{
  /* A sync may bring or take away memberships. */
  if (tables & PB_STORE_TABLE_ACCOUNT)
    load_organizations (self);
}

/* ------------------------------------------------------------------ */
/* Conflicts                                                            */

static void
conflict_count_cb (PbWindow *self)
{
  guint count = self->engine != NULL ? pb_sync_engine_get_conflict_count (self->engine) : 0;

  gtk_widget_set_visible (self->conflicts_row, count > 0);
}

/* ------------------------------------------------------------------ */
/* Window state                                                         */

static void
save_window_state (PbWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  /* No g_settings_delay() here: delay-apply mode can never be left, and
   * these settings are the application's, shared by every window, whose
   * changes must be written at once.
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
  PbWindow *self = PB_WINDOW (window);

  save_window_state (self);
  g_cancellable_cancel (self->cancellable);

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
update_actions (PbWindow *self)
{
  gboolean signed_in = self->account != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now", signed_in);
}

static void
pb_window_constructed (GObject *object)
{
  PbWindow *self = (PbWindow *)object;
  g_autofree char *last_view = NULL;

  G_OBJECT_CLASS (pb_window_parent_class)->constructed (object);

  restore_window_state (self);
  /* Conflits may have gone since: start on the first view then. */
  last_view = g_settings_get_string (self->settings, "last-view");
  if (g_strcmp0 (last_view, "conflicts") == 0)
    g_settings_reset (self->settings, "last-view");
  g_settings_bind (self->settings, "last-view", self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
  stack_visible_child_cb (self);
  update_actions (self);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = (PbWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->account != NULL)
    pb_window_set_account (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->organizations_cancellable);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_ORGANIZATION_ID:
      g_value_set_string (value, self->organization_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  object_class->get_property = pb_window_get_property;
  object_class->set_property = pb_window_set_property;

  window_class->close_request = pb_window_close_request;

  /**
   * PbWindow:settings:
   *
   * The application's settings (window state, last view, organization),
   * injected so that tests can give each window its own.
   */
  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * PbWindow:account:
   *
   * The account shown; %NULL shows the welcome page.
   */
  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         PB_TYPE_ACCOUNT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PbWindow:organization-id:
   *
   * The organization the views show, once the account's are read.
   */
  properties [PROP_ORGANIZATION_ID] =
    g_param_spec_string ("organization-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PB_TYPE_WELCOME_PAGE);
  g_type_ensure (PB_TYPE_CLASSES_VIEW);
  g_type_ensure (PB_TYPE_CAMPAIGNS_VIEW);
  g_type_ensure (PB_TYPE_CONFLICTS_VIEW);
  g_type_ensure (PB_TYPE_SYNC_INDICATOR);
  g_type_ensure (PB_TYPE_OFFLINE_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, top_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, organization_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, classes_view);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, campaigns_view);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, conflicts_view);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, offline_banner);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, organization_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_again_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_requested_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-view", "s", views[i]);

  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
}

static void
pb_window_init (PbWindow *self)
{
  GtkWidget *toggle;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The drop-down's own button is what takes the focus: screen readers
   * must hear its name there too. */
  toggle = gtk_widget_get_first_child (GTK_WIDGET (self->organization_dropdown));
  if (toggle != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Organization"),
                                    -1);
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
 * Returns: the name of the view shown: "classes", "campaigns", "profiles",
 * "sessions" or "conflicts"
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

/**
 * pb_window_get_account:
 *
 * Returns: (transfer none) (nullable): the account shown
 */
PbAccount *
pb_window_get_account (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->account;
}

/**
 * pb_window_set_account:
 * @account: (nullable): the account to show; %NULL for the welcome page
 *
 * The application calls it when its account changes. The views, the sync
 * indicator and the offline banner follow; the organization is chosen once
 * the account's are read from its cache.
 */
void
pb_window_set_account (PbWindow  *self,
                       PbAccount *account)
{
  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (account == NULL || PB_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_cancellable_cancel (self->organizations_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->organizations, g_ptr_array_unref);

  g_set_object (&self->account, account);
  set_organization (self, NULL);
  if (account != NULL)
    {
      self->store = g_object_ref (pb_account_get_store (account));
      self->engine = g_object_ref (pb_account_get_sync_engine (account));
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "notify::conflict-count", G_CALLBACK (conflict_count_cb),
                               self, G_CONNECT_SWAPPED);
      load_organizations (self);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->organization_dropdown), FALSE);
      gtk_drop_down_set_model (self->organization_dropdown, NULL);
    }

  pb_conflicts_view_set_account (self->conflicts_view, account);
  pb_sync_indicator_set_engine (self->sync_indicator, self->engine);
  pb_offline_banner_set_engine (self->offline_banner, self->engine);
  conflict_count_cb (self);
  update_actions (self);

  show_top_page (self);
  if (account == NULL)
    pb_welcome_page_clear (self->welcome_page);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCOUNT]);
}

/**
 * pb_window_get_organization_id:
 *
 * Returns: (nullable): the organization the views show
 */
const char *
pb_window_get_organization_id (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->organization_id;
}

/**
 * pb_window_start_demo:
 *
 * Shows the welcome page's progress while the application serves the demo
 * school and signs in to it; a failure is shown there.
 */
void
pb_window_start_demo (PbWindow *self)
{
  PbApplication *app;

  g_return_if_fail (PB_IS_WINDOW (self));

  app = get_application (self);
  g_return_if_fail (app != NULL);

  pb_welcome_page_set_preparing_demo (self->welcome_page, TRUE);
  pb_application_start_demo_async (app, self->cancellable, demo_started_cb, g_object_ref (self));
}

void
pb_window_add_toast (PbWindow   *self,
                     const char *title)
{
  g_return_if_fail (PB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

/**
 * pb_window_set_restoring:
 *
 * While @restoring and no account is shown, the window shows a spinner
 * instead of the welcome page: the application is reading the last
 * account back (its cache, the Secret Service).
 */
void
pb_window_set_restoring (PbWindow *self,
                         gboolean  restoring)
{
  g_return_if_fail (PB_IS_WINDOW (self));

  self->restoring = !!restoring;
  show_top_page (self);
}

/**
 * pb_window_get_cancellable:
 *
 * Returns: (transfer none): cancelled when the window closes, for the
 *   work it starts
 */
GCancellable *
pb_window_get_cancellable (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->cancellable;
}
