/* pb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "pb-application.h"
#include "pb-gui-resources.h"
#include "pb-preferences-window.h"
#include "pb-window.h"

struct _PbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PbApplication, pb_application, ADW_TYPE_APPLICATION)

/**
 * pb_application_setup_i18n:
 *
 * Binds the translations. An uninstalled build (tests, `meson devenv`) finds
 * its compiled catalogues through `PB_LOCALEDIR`, since the build tree's
 * `po/` has the `<lang>/LC_MESSAGES/pix-bureau.mo` layout gettext expects.
 */
void
pb_application_setup_i18n (void)
{
  const char *localedir = g_getenv ("PB_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PbPreferencesWindow *preferences = pb_preferences_window_new (self->settings);

  /* Belonging to the application, it honours app shortcuts such as Ctrl+Q. */
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  PbApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* AdwAboutWindow has no from-appdata constructor before libadwaita 1.5. */
  adw_show_about_window (parent,
                         "application-name", _("Pix Bureau"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Pix Bureau team"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Follow your learners' digital competences with Pix: classes, campaigns, profiles and certification sessions, online or offline."),
                         "website", "https://pixbureau.fr",
                         "copyright", _("© 2026 The Pix Bureau team"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows;

  /* Closing each window the way its close button does saves its state
   * (PbWindow does it in ::close-request); gtk_window_destroy() or quitting
   * directly would skip that. Closing a window removes it from the
   * application's list, so walk a referenced copy.
   */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (app)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  g_application_quit (app);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
pb_application_startup (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (pb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

static void
pb_application_activate (GApplication *application)
{
  PbApplication *self = PB_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (pb_window_new (ADW_APPLICATION (self), self->settings));

  gtk_window_present (window);
}

static void
pb_application_dispose (GObject *object)
{
  PbApplication *self = (PbApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pb_application_parent_class)->dispose (object);
}

static void
pb_application_class_init (PbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pb_application_dispose;

  app_class->startup = pb_application_startup;
  app_class->activate = pb_application_activate;
}

static void
pb_application_init (PbApplication *self)
{
  /* Referencing the resource keeps the static library's object file, and
   * the constructor that registers it, in the final binary.
   */
  (void)pb_gui_get_resource ();
  self->settings = g_settings_new (APP_ID);
}

PbApplication *
pb_application_new (void)
{
  /* The resource base path stays the same in the Devel profile, whose app
   * id differs.
   */
  return g_object_new (PB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

/**
 * pb_application_get_settings:
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
pb_application_get_settings (PbApplication *self)
{
  g_return_val_if_fail (PB_IS_APPLICATION (self), NULL);

  return self->settings;
}
