/* pb-campaign-detail.c
 *
 * One campaign: its code (or the note that the server will assign it),
 * type, target profile, owner, creation date and state, then its
 * participants with their status, mastery and pix, read from the cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-campaign-detail.h"
#include "pb-campaign-format.h"
#include "pb-participant-item.h"
#include "pb-table.h"

struct _PbCampaignDetail
{
  AdwBin              parent_instance;

  PbStore            *store;
  char               *campaign_id;
  PbStoreCampaign    *campaign;
  GListStore         *participants;
  GCancellable       *cancellable;
  guint               serial;        /* of the newest load: older answers are dropped */
  guint               loading;

  GtkColumnViewColumn *mastery_column;

  /* Template children */
  GtkLabel           *name_label;
  GtkWidget          *pending_image;
  GtkWidget          *archive_button;
  GtkLabel           *code_label;
  GtkLabel           *type_label;
  GtkWidget          *profile_caption;
  GtkLabel           *profile_label;
  GtkLabel           *owner_label;
  GtkLabel           *created_label;
  GtkLabel           *state_label;
  GtkStack           *participants_stack;
  GtkColumnView      *participants_view;
};

G_DEFINE_FINAL_TYPE (PbCampaignDetail, pb_campaign_detail, ADW_TYPE_BIN)

enum {
  LOADED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

typedef enum
{
  COLUMN_LAST_NAME,
  COLUMN_FIRST_NAME,
  COLUMN_DIVISION,
  COLUMN_STATUS,
  COLUMN_MASTERY,
  COLUMN_PIX,
  COLUMN_SHARED_AT,
} Column;

/* ------------------------------------------------------------------ */
/* Participants table                                                   */

static char *
participant_text (const PbStoreParticipant *row,
                  Column                    column)
{
  switch (column)
    {
    case COLUMN_LAST_NAME:
      return g_strdup (row->last_name);
    case COLUMN_FIRST_NAME:
      return g_strdup (row->first_name);
    case COLUMN_DIVISION:
      return g_strdup (row->division != NULL ? row->division : "—");
    case COLUMN_STATUS:
      return g_strdup (pb_campaign_format_status (row->status));
    case COLUMN_MASTERY:
      return pb_campaign_format_mastery (row->mastery_rate);
    case COLUMN_PIX:
      return row->pix_score >= 0 ? g_strdup_printf ("%d", row->pix_score) : g_strdup ("—");
    case COLUMN_SHARED_AT:
      return pb_campaign_format_date (row->shared_at);
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  Column column = pb_table_factory_column (factory);
  static const guint nat_chars[] = {
    [COLUMN_LAST_NAME] = 18, [COLUMN_FIRST_NAME] = 14, [COLUMN_DIVISION] = 8, [COLUMN_STATUS] = 18,
    [COLUMN_MASTERY] = 6, [COLUMN_PIX] = 5, [COLUMN_SHARED_AT] = 10,
  };
  GtkWidget *inscription = gtk_inscription_new (NULL);

  /* Inscriptions ask for no width of their own. */
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars[column]);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), MIN (nat_chars[column], 8));
  if (column == COLUMN_MASTERY || column == COLUMN_PIX)
    gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0);
  gtk_list_item_set_child (list_item, inscription);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  Column column = pb_table_factory_column (factory);
  PbParticipantItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = participant_text (pb_participant_item_get_row (item), column);

  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), text);
}

static GtkColumnViewColumn *
add_column (PbCampaignDetail *self,
            const char       *title,
            Column            column,
            gboolean          expand)
{
  return pb_table_append_column (self->participants_view, title, column, expand, TRUE,
                                 G_CALLBACK (setup_cell_cb), G_CALLBACK (bind_cell_cb));
}

static void
build_columns (PbCampaignDetail *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  add_column (self, _("Last Name"), COLUMN_LAST_NAME, TRUE);
  add_column (self, _("First Name"), COLUMN_FIRST_NAME, TRUE);
  add_column (self, _("Class"), COLUMN_DIVISION, FALSE);
  add_column (self, _("Status"), COLUMN_STATUS, TRUE);
  self->mastery_column = add_column (self, _("Mastery"), COLUMN_MASTERY, FALSE);
  add_column (self, _("Pix"), COLUMN_PIX, FALSE);
  add_column (self, _("Sent On"), COLUMN_SHARED_AT, FALSE);

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->participants))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_column_view_set_model (self->participants_view, selection);
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */

typedef struct
{
  PbStoreCampaign *campaign;
  GPtrArray       *participants;
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->campaign, pb_store_campaign_free);
  g_clear_pointer (&loaded->participants, g_ptr_array_unref);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PbStore *store = task_data;
  const char *campaign_id = g_object_get_data (G_OBJECT (task), "pb-campaign-id");
  Loaded *loaded = g_new0 (Loaded, 1);
  GError *error = NULL;

  loaded->campaign = pb_store_get_campaign (store, campaign_id, &error);
  if (loaded->campaign != NULL)
    loaded->participants = pb_store_list_participants (store, campaign_id, &error);

  if (error != NULL)
    {
      loaded_free (loaded);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, loaded, (GDestroyNotify)loaded_free);
}

static void
show_campaign (PbCampaignDetail *self)
{
  const PbStoreCampaign *campaign = self->campaign;
  gboolean assessment = g_strcmp0 (campaign->type, "ASSESSMENT") == 0;
  g_autofree char *created = pb_campaign_format_date (campaign->created_at);

  gtk_label_set_label (self->name_label, campaign->name);
  gtk_widget_set_visible (self->pending_image, campaign->has_pending_changes);

  if (campaign->code != NULL)
    {
      gtk_label_set_label (self->code_label, campaign->code);
      gtk_widget_remove_css_class (GTK_WIDGET (self->code_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->code_label, pb_campaign_format_code_pending ());
      gtk_widget_add_css_class (GTK_WIDGET (self->code_label), "dim-label");
    }

  gtk_label_set_label (self->type_label, pb_campaign_format_type (campaign->type));
  gtk_widget_set_visible (self->profile_caption, assessment);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_label), assessment);
  gtk_label_set_label (self->profile_label, pb_campaign_format_target_profile (campaign->target_profile_id));
  gtk_label_set_label (self->owner_label, campaign->owner_name != NULL ? campaign->owner_name : "—");
  gtk_label_set_label (self->created_label, created);
  gtk_label_set_label (self->state_label, campaign->archived_at != NULL ? C_("campaign", "Archived")
                                                                                   : C_("campaign", "Active"));

  gtk_button_set_label (GTK_BUTTON (self->archive_button),
                        campaign->archived_at != NULL ? _("_Unarchive") : _("_Archive"));
  gtk_widget_set_tooltip_text (self->archive_button,
                               campaign->archived_at != NULL ? _("Make the campaign active again")
                                                             : _("Archive the campaign: participants can no longer join it"));

  /* Profiles collections have no target profile, so no mastery. */
  gtk_column_view_column_set_visible (self->mastery_column, assessment);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbCampaignDetail *self = PB_CAMPAIGN_DETAIL (object);
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  Loaded *loaded;
  g_autoptr(GPtrArray) items = NULL;

  self->loading--;
  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (serial != self->serial)
    {
      g_clear_pointer (&loaded, loaded_free);
      return;
    }

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read campaign %s: %s", self->campaign_id, error->message);
      g_signal_emit (self, signals[LOADED], 0);
      return;
    }

  g_clear_pointer (&self->campaign, pb_store_campaign_free);
  self->campaign = g_steal_pointer (&loaded->campaign);
  show_campaign (self);

  items = g_ptr_array_new_full (loaded->participants->len, g_object_unref);
  for (guint i = 0; i < loaded->participants->len; i++)
    {
      g_ptr_array_add (items, pb_participant_item_new (g_ptr_array_index (loaded->participants, i)));
      g_ptr_array_index (loaded->participants, i) = NULL;
    }
  g_ptr_array_set_free_func (loaded->participants, NULL);
  loaded_free (loaded);

  /* One splice per refresh. */
  g_list_store_splice (self->participants, 0, g_list_model_get_n_items (G_LIST_MODEL (self->participants)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->participants_stack, items->len > 0 ? "participants" : "empty");

  g_signal_emit (self, signals[LOADED], 0);
}

void
pb_campaign_detail_reload (PbCampaignDetail *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PB_IS_CAMPAIGN_DETAIL (self));

  if (self->store == NULL || self->campaign_id == NULL)
    return;

  self->serial++;
  self->loading++;
  task = g_task_new (self, self->cancellable, load_done_cb, GUINT_TO_POINTER (self->serial));
  g_task_set_source_tag (task, pb_campaign_detail_reload);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "pb-campaign-id", g_strdup (self->campaign_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

void
pb_campaign_detail_clear (PbCampaignDetail *self)
{
  g_return_if_fail (PB_IS_CAMPAIGN_DETAIL (self));

  self->serial++;
  g_clear_object (&self->store);
  g_clear_pointer (&self->campaign_id, g_free);
  g_clear_pointer (&self->campaign, pb_store_campaign_free);
  g_list_store_remove_all (self->participants);
  gtk_label_set_label (self->name_label, "");
}

void
pb_campaign_detail_show (PbCampaignDetail *self,
                         PbStore          *store,
                         const char       *campaign_id)
{
  g_return_if_fail (PB_IS_CAMPAIGN_DETAIL (self));
  g_return_if_fail (PB_IS_STORE (store));
  g_return_if_fail (campaign_id != NULL);

  if (g_strcmp0 (campaign_id, self->campaign_id) != 0)
    {
      pb_campaign_detail_clear (self);
      self->campaign_id = g_strdup (campaign_id);
    }
  g_set_object (&self->store, store);
  pb_campaign_detail_reload (self);
}

const char *
pb_campaign_detail_get_campaign_id (PbCampaignDetail *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_DETAIL (self), NULL);

  return self->campaign_id;
}

/* The campaign as last read, or NULL before the first read. */
const PbStoreCampaign *
pb_campaign_detail_get_campaign (PbCampaignDetail *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_DETAIL (self), NULL);

  return self->campaign;
}

/* (transfer none): the participants shown, as PbParticipantItem */
GListModel *
pb_campaign_detail_get_participants (PbCampaignDetail *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_DETAIL (self), NULL);

  return G_LIST_MODEL (self->participants);
}

gboolean
pb_campaign_detail_is_loading (PbCampaignDetail *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_DETAIL (self), FALSE);

  return self->loading > 0;
}

static void
pb_campaign_detail_dispose (GObject *object)
{
  PbCampaignDetail *self = (PbCampaignDetail *)object;

  g_cancellable_cancel (self->cancellable);
  self->serial++;
  /* Before the template goes: see gtk-anchors §6.6. AdwBin unparents
   * the template's root itself: no gtk_widget_dispose_template(). */
  if (self->participants_view != NULL)
    gtk_column_view_set_model (self->participants_view, NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->participants);

  G_OBJECT_CLASS (pb_campaign_detail_parent_class)->dispose (object);
}

static void
pb_campaign_detail_finalize (GObject *object)
{
  PbCampaignDetail *self = (PbCampaignDetail *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->campaign_id, g_free);
  g_clear_pointer (&self->campaign, pb_store_campaign_free);

  G_OBJECT_CLASS (pb_campaign_detail_parent_class)->finalize (object);
}

static void
pb_campaign_detail_class_init (PbCampaignDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_campaign_detail_dispose;
  object_class->finalize = pb_campaign_detail_finalize;

  /**
   * PbCampaignDetail::loaded:
   *
   * A read of the campaign and its participants finished and is shown.
   */
  signals [LOADED] =
    g_signal_new ("loaded",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-campaign-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, pending_image);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, archive_button);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, code_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, type_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, profile_caption);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, profile_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, owner_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, created_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, state_label);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, participants_stack);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignDetail, participants_view);
}

static void
pb_campaign_detail_init (PbCampaignDetail *self)
{
  self->cancellable = g_cancellable_new ();
  self->participants = g_list_store_new (PB_TYPE_PARTICIPANT_ITEM);

  gtk_widget_init_template (GTK_WIDGET (self));
  build_columns (self);
}
