/* pb-campaign-dialog.c
 *
 * "Create a Campaign": name, purpose (assess participants on a target
 * profile, or collect their Pix profiles), the target profile and an
 * optional test title. It only writes to the cache (row and outbox entry),
 * so it works offline; the server assigns the code at the next sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-campaign-dialog.h"
#include "pb-target-profiles.h"

struct _PbCampaignDialog
{
  AdwWindow        parent_instance;

  PbStore         *store;
  char            *organization_id;
  GPtrArray       *profile_ids;     /* in profile_row's order */
  gboolean         busy;

  /* Template children */
  GtkWidget       *create_button;
  AdwEntryRow     *name_row;
  GtkCheckButton  *assess_check;
  GtkWidget       *assessment_group;
  AdwComboRow     *profile_row;
  AdwEntryRow     *title_row;
  GtkLabel        *error_label;
};

G_DEFINE_FINAL_TYPE (PbCampaignDialog, pb_campaign_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef struct
{
  char *organization_id;
  char *name;
  char *type;
  char *target_profile_id;
  char *title;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->organization_id);
  g_free (data->name);
  g_free (data->type);
  g_free (data->target_profile_id);
  g_free (data->title);
  g_free (data);
}

/* The trimmed text of an entry row; NULL when blank. */
static char *
row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static gboolean
is_assessment (PbCampaignDialog *self)
{
  return gtk_check_button_get_active (self->assess_check);
}

static const char *
selected_profile_id (PbCampaignDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->profile_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->profile_ids->len)
    return NULL;
  return g_ptr_array_index (self->profile_ids, selected);
}

static gboolean
can_create (PbCampaignDialog *self)
{
  g_autofree char *name = row_text (self->name_row);

  if (self->busy || name == NULL)
    return FALSE;
  return !is_assessment (self) || selected_profile_id (self) != NULL;
}

static void
update_cb (PbCampaignDialog *self)
{
  g_assert (PB_IS_CAMPAIGN_DIALOG (self));

  /* A title and a target profile belong to assessments only: the server
   * refuses them on a profiles collection. */
  gtk_widget_set_visible (self->assessment_group, is_assessment (self));
  gtk_widget_set_sensitive (self->create_button, can_create (self));
}

static void
show_error (PbCampaignDialog *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PbCampaignDialog *self = source_object;
  CreateData *data = task_data;
  PbStoreNewCampaign campaign = {
    .name = data->name,
    .type = data->type,
    .target_profile_id = data->target_profile_id,
    .title = data->title,
    .owner_id = NULL,
  };
  GError *error = NULL;
  char *id;

  id = pb_store_create_campaign (self->store, data->organization_id, &campaign, &error);
  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PbCampaignDialog *self = PB_CAMPAIGN_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  self->busy = FALSE;
  id = g_task_propagate_pointer (G_TASK (result), &error);
  if (id == NULL)
    {
      /* The store's messages are already in French for people. */
      show_error (self, error->message);
      update_cb (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_clicked_cb (PbCampaignDialog *self)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  g_assert (PB_IS_CAMPAIGN_DIALOG (self));

  if (!can_create (self))
    return;

  data = g_new0 (CreateData, 1);
  data->organization_id = g_strdup (self->organization_id);
  data->name = row_text (self->name_row);
  if (is_assessment (self))
    {
      data->type = g_strdup ("ASSESSMENT");
      data->target_profile_id = g_strdup (selected_profile_id (self));
      data->title = row_text (self->title_row);
    }
  else
    data->type = g_strdup ("PROFILES_COLLECTION");

  self->busy = TRUE;
  show_error (self, NULL);
  /* The entries stay sensitive: GTK 4.8 warns when a focused text entry
   * is made insensitive. The busy flag keeps a second click out. */
  gtk_widget_set_sensitive (self->create_button, FALSE);

  task = g_task_new (self, NULL, create_done_cb, NULL);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, data, (GDestroyNotify)create_data_free);
  g_task_run_in_thread (task, create_thread);
}

/* The target profiles this kind of organization may use, as the server
 * checks them (TARGET_PROFILE_NOT_AVAILABLE otherwise). */
static void
fill_profiles (PbCampaignDialog *self,
               const char       *organization_type)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonArray *profiles = pb_target_profiles_get_all ();

  for (guint i = 0; i < json_array_get_length (profiles); i++)
    {
      JsonObject *profile = json_array_get_object_element (profiles, i);

      if (organization_type != NULL && !pb_target_profile_is_available (profile, organization_type))
        continue;
      gtk_string_list_append (names, json_object_get_string_member (profile, "name"));
      g_ptr_array_add (self->profile_ids, g_strdup (json_object_get_string_member (profile, "id")));
    }

  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (names));
}

static void
pb_campaign_dialog_dispose (GObject *object)
{
  PbCampaignDialog *self = (PbCampaignDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CAMPAIGN_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_campaign_dialog_parent_class)->dispose (object);
}

static void
pb_campaign_dialog_finalize (GObject *object)
{
  PbCampaignDialog *self = (PbCampaignDialog *)object;

  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->profile_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_campaign_dialog_parent_class)->finalize (object);
}

static void
pb_campaign_dialog_class_init (PbCampaignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_campaign_dialog_dispose;
  object_class->finalize = pb_campaign_dialog_finalize;

  /**
   * PbCampaignDialog::created:
   * @campaign_id: the new campaign's id
   *
   * The campaign is in the cache and waits in the outbox for the server.
   */
  signals [CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-campaign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, assess_check);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, assessment_group);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, update_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_campaign_dialog_init (PbCampaignDialog *self)
{
  self->profile_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pb_campaign_dialog_new:
 * @organization_type: (nullable): SCO, SUP or PRO; NULL offers every target profile
 */
PbCampaignDialog *
pb_campaign_dialog_new (GtkWindow  *parent,
                        PbStore    *store,
                        const char *organization_id,
                        const char *organization_type)
{
  PbCampaignDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PB_IS_STORE (store), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);

  self = g_object_new (PB_TYPE_CAMPAIGN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->organization_id = g_strdup (organization_id);
  fill_profiles (self, organization_type);
  update_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}
