/* pb-campaigns-view.c
 *
 * The Campagnes view: the organization's campaigns from the offline cache
 * (mine or all, active or archived, searched by name or code), a detail
 * page per campaign with its participants, and the edits a teacher makes
 * offline as well as online: create, rename, archive, unarchive. Each edit
 * is a store write (the row and its outbox entry); the sync engine sends
 * it later, and the view simply follows PbStore::changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-campaign-detail.h"
#include "pb-campaign-dialog.h"
#include "pb-campaign-format.h"
#include "pb-campaign-list.h"
#include "pb-campaigns-view.h"
#include "pb-table.h"

struct _PbCampaignsView
{
  AdwBin              parent_instance;

  PbAccount          *account;
  PbStore            *store;
  char               *organization_id;
  char               *organization_type;   /* SCO, SUP, PRO; NULL until read */
  gulong              changed_handler;

  PbCampaignList     *campaigns;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  guint               serial;               /* of the newest query: older answers are dropped */
  guint               loading;
  guint               editing;          /* edits whose store write has not returned */
  char               *select_id;            /* to select once it is listed */
  GtkWidget          *row_menu;
  GMenu              *actions_menu;         /* Open, Rename…, Archive or Unarchive */

  /* Template children */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *pages;
  GtkToggleButton    *mine_button;
  GtkToggleButton    *active_button;
  GtkSearchEntry     *search_entry;
  GtkMenuButton      *actions_button;
  GtkStack           *content_stack;
  GtkColumnView      *column_view;
  PbCampaignDetail   *detail;
};

G_DEFINE_FINAL_TYPE (PbCampaignsView, pb_campaigns_view, ADW_TYPE_BIN)

enum {
  REFRESHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

#define REFRESH_TABLES (PB_STORE_TABLE_ACCOUNT | PB_STORE_TABLE_CAMPAIGNS | \
                        PB_STORE_TABLE_PARTICIPATIONS | PB_STORE_TABLE_OUTBOX)

typedef enum
{
  COLUMN_PENDING,
  COLUMN_NAME,
  COLUMN_CODE,
  COLUMN_TYPE,
  COLUMN_OWNER,
  COLUMN_PARTICIPANTS,
  COLUMN_SHARED,
  COLUMN_CREATED,
} Column;

static void pb_campaigns_view_refresh (PbCampaignsView *self);

/* ------------------------------------------------------------------ */
/* The current campaign: the one of the detail page, else the selected row */

static gboolean
showing_detail (PbCampaignsView *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "detail") == 0;
}

/* Read from the buttons whose ::toggled we follow: in a group, the button
 * being switched on is still off while the others emit ::toggled. */
static gboolean
showing_archived (PbCampaignsView *self)
{
  return !gtk_toggle_button_get_active (self->active_button);
}

static const PbStoreCampaign *
current_campaign (PbCampaignsView *self)
{
  PbCampaignItem *item;

  if (showing_detail (self))
    return pb_campaign_detail_get_campaign (self->detail);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? pb_campaign_item_get_row (item) : NULL;
}

/* Open, Rename…, then Archive or Unarchive as @archived says. */
static void
fill_actions_menu (GMenu    *menu,
                   gboolean  archived)
{
  const char *archive_label = archived ? _("_Unarchive") : _("_Archive");

  if (g_menu_model_get_n_items (G_MENU_MODEL (menu)) == 3)
    {
      g_autofree char *label = NULL;

      g_menu_model_get_item_attribute (G_MENU_MODEL (menu), 2, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      if (g_strcmp0 (label, archive_label) == 0)
        return;
    }

  g_menu_remove_all (menu);
  g_menu_append (menu, _("_Open"), "campaigns.open");
  g_menu_append (menu, _("_Rename…"), "campaigns.rename");
  g_menu_append (menu, archive_label, "campaigns.toggle-archived");
}

static void
update_actions (PbCampaignsView *self)
{
  const PbStoreCampaign *campaign = current_campaign (self);
  gboolean archived = campaign != NULL ? campaign->archived_at != NULL
                                       : showing_archived (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.create", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.rename", campaign != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.toggle-archived", campaign != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.open", campaign != NULL && !showing_detail (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.back", showing_detail (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaigns.set-archived", self->store != NULL);

  fill_actions_menu (self->actions_menu, archived);
}

static void
show_toast (PbCampaignsView *self,
            AdwToast        *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_message (PbCampaignsView *self,
              const char      *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  show_toast (self, adw_toast_new (markup));
}

/* ------------------------------------------------------------------ */
/* The table                                                             */

static char *
campaign_text (const PbStoreCampaign *row,
               Column                 column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (row->name);
    case COLUMN_CODE:
      return g_strdup (row->code != NULL ? row->code : pb_campaign_format_code_pending ());
    case COLUMN_TYPE:
      return g_strdup (pb_campaign_format_type (row->type));
    case COLUMN_OWNER:
      return g_strdup (row->owner_name != NULL ? row->owner_name : "—");
    case COLUMN_PARTICIPANTS:
      return g_strdup_printf ("%u", row->n_participants);
    case COLUMN_SHARED:
      return g_strdup_printf ("%u", row->n_shared);
    case COLUMN_CREATED:
      return pb_campaign_format_date (row->created_at);
    case COLUMN_PENDING:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  Column column = pb_table_factory_column (factory);
  GtkWidget *child;

  if (column == COLUMN_PENDING)
    {
      child = gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic");
      gtk_widget_set_tooltip_text (child, _("Changes waiting for synchronization"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Changes waiting for synchronization"),
                                      -1);
    }
  else
    {
      /* Inscriptions ask for no width of their own: give each column
       * room for its usual text ("attribué à la synchronisation" too). */
      static const guint nat_chars[] = {
        [COLUMN_NAME] = 32, [COLUMN_CODE] = 28, [COLUMN_TYPE] = 19, [COLUMN_OWNER] = 18,
        [COLUMN_PARTICIPANTS] = 5, [COLUMN_SHARED] = 5, [COLUMN_CREATED] = 10,
      };

      child = gtk_inscription_new (NULL);
      gtk_inscription_set_nat_chars (GTK_INSCRIPTION (child), nat_chars[column]);
      gtk_inscription_set_min_chars (GTK_INSCRIPTION (child), MIN (nat_chars[column], 10));
      if (column == COLUMN_PARTICIPANTS || column == COLUMN_SHARED)
        gtk_inscription_set_xalign (GTK_INSCRIPTION (child), 1.0);
    }
  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  Column column = pb_table_factory_column (factory);
  const PbStoreCampaign *row = pb_campaign_item_get_row (gtk_list_item_get_item (list_item));
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  /* For the context menu: which row a right click landed on. */
  g_object_set_data (G_OBJECT (child), "pb-list-item", list_item);

  if (column == COLUMN_PENDING)
    {
      gtk_widget_set_visible (child, row->has_pending_changes);
      return;
    }

  text = campaign_text (row, column);
  gtk_inscription_set_text (GTK_INSCRIPTION (child), text);
  if (column == COLUMN_CODE && row->code == NULL)
    gtk_widget_add_css_class (child, "dim-label");
  else if (column == COLUMN_CODE)
    gtk_widget_remove_css_class (child, "dim-label");
}

static void
add_column (PbCampaignsView *self,
            const char      *title,
            Column           column,
            gboolean         expand)
{
  pb_table_append_column (self->column_view, title, column, expand, column != COLUMN_PENDING,
                          G_CALLBACK (setup_cell_cb), G_CALLBACK (bind_cell_cb));
}

static void
selection_changed_cb (PbCampaignsView *self)
{
  update_actions (self);
}

static void
build_table (PbCampaignsView *self)
{
  add_column (self, "", COLUMN_PENDING, FALSE);
  add_column (self, _("Name"), COLUMN_NAME, TRUE);
  add_column (self, _("Code"), COLUMN_CODE, FALSE);
  add_column (self, _("Type"), COLUMN_TYPE, FALSE);
  add_column (self, _("Owner"), COLUMN_OWNER, TRUE);
  add_column (self, _("Participants"), COLUMN_PARTICIPANTS, FALSE);
  add_column (self, _("Results Received"), COLUMN_SHARED, FALSE);
  add_column (self, _("Created On"), COLUMN_CREATED, FALSE);

  self->campaigns = pb_campaign_list_new ();
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->campaigns)));
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

/* ------------------------------------------------------------------ */
/* Reading the cache                                                     */

typedef struct
{
  PbStore  *store;
  char     *organization_id;
  char     *owner_id;
  gboolean  archived;
  char     *search;
  gboolean  want_organization_type;
} Query;

typedef struct
{
  GPtrArray *rows;
  gboolean   has_any;               /* the organization has campaigns, matching or not */
  char      *organization_type;
} Answer;

static void
query_free (Query *query)
{
  g_clear_object (&query->store);
  g_free (query->organization_id);
  g_free (query->owner_id);
  g_free (query->search);
  g_free (query);
}

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->rows, g_ptr_array_unref);
  g_free (answer->organization_type);
  g_free (answer);
}

static char *
read_organization_type (PbStore    *store,
                        const char *organization_id)
{
  g_autoptr(PbStoreOrganization) organization = pb_store_get_organization (store, organization_id, NULL);

  return organization != NULL ? g_strdup (organization->type) : NULL;
}

/* Any campaign at all, archived or not, anybody's: tells "no campaign
 * yet" from "nothing matches". */
static gboolean
has_any_campaign (PbStore    *store,
                  const char *organization_id,
                  GError    **error)
{
  return pb_store_count_campaigns (store, organization_id, error) > 0;
}

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  PbStoreCampaignQuery store_query = {
    .organization_id = query->organization_id,
    .owner_id = query->owner_id,
    .archived = query->archived,
    .search = query->search,
  };
  Answer *answer = g_new0 (Answer, 1);
  GError *error = NULL;

  answer->rows = pb_store_list_campaigns (query->store, &store_query, &error);
  if (answer->rows != NULL)
    answer->has_any = answer->rows->len > 0 || has_any_campaign (query->store, query->organization_id, &error);
  if (error != NULL)
    {
      answer_free (answer);
      g_task_return_error (task, error);
      return;
    }
  if (query->want_organization_type)
    answer->organization_type = read_organization_type (query->store, query->organization_id);

  g_task_return_pointer (task, answer, (GDestroyNotify)answer_free);
}

static const char *
selected_id (PbCampaignsView *self)
{
  PbCampaignItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? pb_campaign_item_get_id (item) : NULL;
}

static void
query_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (object);
  guint serial = GPOINTER_TO_UINT (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *keep_id = NULL;
  Answer *answer;
  guint position;

  self->loading--;
  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (serial != self->serial)
    {
      g_clear_pointer (&answer, answer_free);
      return;
    }
  if (answer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      g_signal_emit (self, signals[REFRESHED], 0);
      return;
    }

  if (answer->organization_type != NULL)
    {
      g_free (self->organization_type);
      self->organization_type = g_steal_pointer (&answer->organization_type);
    }

  keep_id = g_strdup (self->select_id != NULL ? self->select_id : selected_id (self));
  pb_campaign_list_replace (self->campaigns, g_steal_pointer (&answer->rows));
  gtk_stack_set_visible_child_name (self->content_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->campaigns)) > 0 ? "campaigns" :
                                    answer->has_any ? "no-match" : "empty");
  answer_free (answer);

  position = keep_id != NULL ? pb_campaign_list_find (self->campaigns, keep_id) : G_MAXUINT;
  if (position != G_MAXUINT)
    {
      gtk_single_selection_set_selected (self->selection, position);
      if (g_strcmp0 (keep_id, self->select_id) == 0)
        g_clear_pointer (&self->select_id, g_free);
    }

  update_actions (self);
  g_signal_emit (self, signals[REFRESHED], 0);
}

static void
pb_campaigns_view_refresh (PbCampaignsView *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;
  const char *search;

  if (self->store == NULL)
    return;

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  query = g_new0 (Query, 1);
  query->store = g_object_ref (self->store);
  query->organization_id = g_strdup (self->organization_id);
  if (gtk_toggle_button_get_active (self->mine_button))
    query->owner_id = g_strdup (pb_account_get_user_id (self->account));
  query->archived = showing_archived (self);
  query->search = *search != '\0' ? g_strdup (search) : NULL;
  query->want_organization_type = self->organization_type == NULL;

  self->serial++;
  self->loading++;
  task = g_task_new (self, self->cancellable, query_done_cb, GUINT_TO_POINTER (self->serial));
  g_task_set_source_tag (task, pb_campaigns_view_refresh);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, query_thread);
}

static void
filters_changed_cb (PbCampaignsView *self)
{
  g_assert (PB_IS_CAMPAIGNS_VIEW (self));

  update_actions (self);
  pb_campaigns_view_refresh (self);
}

static void
store_changed_cb (PbCampaignsView *self,
                  guint            tables)
{
  if ((tables & REFRESH_TABLES) == 0)
    return;

  pb_campaigns_view_refresh (self);
  if (pb_campaign_detail_get_campaign_id (self->detail) != NULL)
    pb_campaign_detail_reload (self->detail);
}

/* ------------------------------------------------------------------ */
/* Edits: each one a store write in a worker thread                      */

typedef enum
{
  EDIT_RENAME,
  EDIT_ARCHIVE,
  EDIT_UNARCHIVE,
} EditKind;

typedef struct
{
  PbStore  *store;
  EditKind  kind;
  char     *campaign_id;
  char     *name;          /* the new name, or the campaign's for messages */
  gboolean  offer_undo;
} Edit;

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->store);
  g_free (edit->campaign_id);
  g_free (edit->name);
  g_free (edit);
}

static void
edit_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Edit *edit = task_data;
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (edit->kind)
    {
    case EDIT_RENAME:
      ok = pb_store_rename_campaign (edit->store, edit->campaign_id, edit->name, &error);
      break;
    case EDIT_ARCHIVE:
    case EDIT_UNARCHIVE:
      ok = pb_store_set_campaign_archived (edit->store, edit->campaign_id, edit->kind == EDIT_ARCHIVE, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
edit_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (object);
  Edit *edit = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  self->editing--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }
  /* The store's ::changed comes on an idle, of lower priority than this
   * answer: refresh now, so the list never shows the state before the edit
   * once the edit has returned. */
  pb_campaigns_view_refresh (self);

  name = g_markup_escape_text (edit->name != NULL ? edit->name : "", -1);
  switch (edit->kind)
    {
    case EDIT_RENAME:
      /* TRANSLATORS: %s is the campaign's new name */
      title = g_strdup_printf (_("Campaign renamed “%s”"), name);
      break;
    case EDIT_ARCHIVE:
      /* TRANSLATORS: %s is the campaign's name */
      title = g_strdup_printf (_("“%s” archived"), name);
      break;
    case EDIT_UNARCHIVE:
      /* TRANSLATORS: %s is the campaign's name */
      title = g_strdup_printf (_("“%s” unarchived"), name);
      break;
    default:
      g_assert_not_reached ();
    }

  toast = adw_toast_new (title);
  if (edit->offer_undo)
    {
      /* Undo is the opposite edit: cheap, and it goes through the outbox
       * like any other, so it works offline too. */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "campaigns.set-archived");
      adw_toast_set_action_target (toast, "(sbs)", edit->campaign_id, edit->kind != EDIT_ARCHIVE,
                                   edit->name != NULL ? edit->name : "");
    }
  show_toast (self, toast);
}

static void
run_edit (PbCampaignsView *self,
          EditKind         kind,
          const char      *campaign_id,
          const char      *name,
          gboolean         offer_undo)
{
  g_autoptr(GTask) task = NULL;
  Edit *edit;

  if (self->store == NULL)
    return;

  edit = g_new0 (Edit, 1);
  edit->store = g_object_ref (self->store);
  edit->kind = kind;
  edit->campaign_id = g_strdup (campaign_id);
  edit->name = g_strdup (name);
  edit->offer_undo = offer_undo;

  task = g_task_new (self, self->cancellable, edit_done_cb, NULL);
  g_task_set_source_tag (task, run_edit);
  g_task_set_task_data (task, edit, (GDestroyNotify)edit_free);
  self->editing++;
  g_task_run_in_thread (task, edit_thread);
}

/* ------------------------------------------------------------------ */
/* Actions                                                               */

static void
campaign_created_cb (PbCampaignsView  *self,
                     const char       *campaign_id)
{
  g_free (self->select_id);
  self->select_id = g_strdup (campaign_id);

  /* A new campaign is active: make sure the list can show it at once. */
  if (showing_archived (self))
    gtk_toggle_button_set_active (self->active_button, TRUE);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  show_message (self, _("Campaign created"));
  pb_campaigns_view_refresh (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);
  PbCampaignDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = pb_campaign_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                                   self->organization_id, self->organization_type);
  g_signal_connect_object (dialog, "created", G_CALLBACK (campaign_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *name != '\0');
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PbCampaignsView  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  const char *campaign_id = g_object_get_data (G_OBJECT (dialog), "pb-campaign-id");
  const char *old_name = g_object_get_data (G_OBJECT (dialog), "pb-campaign-name");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "rename") != 0 || *name == '\0' || g_strcmp0 (name, old_name) == 0)
    return;

  run_edit (self, EDIT_RENAME, campaign_id, name, FALSE);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);
  const PbStoreCampaign *campaign = current_campaign (self);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (campaign == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), _("Rename Campaign"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The new name is sent to the server at the next synchronization."));
  entry = gtk_entry_new ();
  gtk_widget_set_name (entry, "rename-entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), campaign->name);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the campaign"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "pb-campaign-id", g_strdup (campaign->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "pb-campaign-name", g_strdup (campaign->name), g_free);
  g_signal_connect (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
toggle_archived_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);
  const PbStoreCampaign *campaign = current_campaign (self);

  if (campaign == NULL)
    return;

  run_edit (self, campaign->archived_at != NULL ? EDIT_UNARCHIVE : EDIT_ARCHIVE,
            campaign->id, campaign->name, TRUE);
}

/* campaigns.set-archived((sbs)): id, archived, name; the toasts' Undo. */
static void
set_archived_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *campaign_id, *name;
  gboolean archived;

  g_variant_get (parameter, "(&sb&s)", &campaign_id, &archived, &name);
  run_edit (PB_CAMPAIGNS_VIEW (widget), archived ? EDIT_ARCHIVE : EDIT_UNARCHIVE, campaign_id, name, FALSE);
}

static void
open_campaign (PbCampaignsView *self,
               const char      *campaign_id)
{
  pb_campaign_detail_show (self->detail, self->store, campaign_id);
  gtk_stack_set_visible_child_name (self->pages, "detail");
  update_actions (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);
  const char *id = selected_id (self);

  if (id != NULL && self->store != NULL)
    open_campaign (self, id);
}

static void
row_activated_cb (PbCampaignsView *self,
                  guint            position)
{
  g_autoptr(PbCampaignItem) item = g_list_model_get_item (G_LIST_MODEL (self->campaigns), position);

  if (item != NULL && self->store != NULL)
    {
      gtk_single_selection_set_selected (self->selection, position);
      open_campaign (self, pb_campaign_item_get_id (item));
    }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);
  const char *id = pb_campaign_detail_get_campaign_id (self->detail);
  guint position = id != NULL ? pb_campaign_list_find (self->campaigns, id) : G_MAXUINT;

  gtk_stack_set_visible_child_name (self->pages, "list");
  if (position != G_MAXUINT)
    gtk_single_selection_set_selected (self->selection, position);
  pb_campaign_detail_clear (self->detail);
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PbCampaignsView *self = PB_CAMPAIGNS_VIEW (widget);

  if (showing_detail (self))
    back_action (widget, NULL, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* A right click on a row selects it and offers its actions. */
static void
row_menu_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     PbCampaignsView *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkListItem *list_item = NULL;
  const PbStoreCampaign *campaign;
  g_autoptr(GMenu) menu = g_menu_new ();
  double view_x, view_y;

  for (; picked != NULL && list_item == NULL; picked = gtk_widget_get_parent (picked))
    list_item = g_object_get_data (G_OBJECT (picked), "pb-list-item");
  if (list_item == NULL || gtk_list_item_get_position (list_item) == GTK_INVALID_LIST_POSITION)
    return;

  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));
  campaign = current_campaign (self);
  if (campaign == NULL)
    return;

  fill_actions_menu (menu, campaign->archived_at != NULL);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->row_menu), G_MENU_MODEL (menu));

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self), x, y, &view_x, &view_y))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_menu),
                               &(GdkRectangle) { (int)view_x, (int)view_y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* ------------------------------------------------------------------ */

/* The row menu is a popover of ours: it must follow our allocation. */
static void
pb_campaigns_view_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  PbCampaignsView *self = (PbCampaignsView *)widget;

  GTK_WIDGET_CLASS (pb_campaigns_view_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->row_menu != NULL && gtk_widget_get_visible (self->row_menu))
    gtk_popover_present (GTK_POPOVER (self->row_menu));
}

static void
pb_campaigns_view_dispose (GObject *object)
{
  PbCampaignsView *self = (PbCampaignsView *)object;

  /* Answers still on their way find a disposed view: drop them. */
  g_cancellable_cancel (self->cancellable);
  self->serial++;
  if (self->store != NULL && self->changed_handler != 0)
    g_signal_handler_disconnect (self->store, self->changed_handler);
  self->changed_handler = 0;
  g_clear_object (&self->store);
  g_clear_object (&self->account);

  /* Before the template goes: see gtk-anchors §6.6. No
   * gtk_widget_dispose_template() here: AdwBin unparents its child (the
   * template's root) itself, and would find it already gone. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_pointer (&self->row_menu, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->campaigns);
  g_clear_object (&self->actions_menu);

  G_OBJECT_CLASS (pb_campaigns_view_parent_class)->dispose (object);
}

static void
pb_campaigns_view_finalize (GObject *object)
{
  PbCampaignsView *self = (PbCampaignsView *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->organization_type, g_free);
  g_clear_pointer (&self->select_id, g_free);

  G_OBJECT_CLASS (pb_campaigns_view_parent_class)->finalize (object);
}

static void
pb_campaigns_view_class_init (PbCampaignsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_campaigns_view_dispose;
  object_class->finalize = pb_campaigns_view_finalize;

  widget_class->size_allocate = pb_campaigns_view_size_allocate;

  /**
   * PbCampaignsView::refreshed:
   *
   * A read of the cache finished and the list shows it.
   */
  signals [REFRESHED] =
    g_signal_new ("refreshed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (PB_TYPE_CAMPAIGN_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-campaigns-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, pages);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, mine_button);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, active_button);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, actions_button);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, PbCampaignsView, detail);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "campaigns.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "campaigns.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "campaigns.toggle-archived", NULL, toggle_archived_action);
  gtk_widget_class_install_action (widget_class, "campaigns.set-archived", "(sbs)", set_archived_action);
  gtk_widget_class_install_action (widget_class, "campaigns.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "campaigns.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "campaigns.search", NULL, search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "campaigns.create", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "campaigns.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "campaigns.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "campaigns.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "campaigns.back", NULL);
}

static void
pb_campaigns_view_init (PbCampaignsView *self)
{
  GtkGesture *gesture;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  build_table (self);

  self->actions_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->actions_button, G_MENU_MODEL (self->actions_menu));

  self->row_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_menu), FALSE);
  gtk_widget_set_halign (self->row_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_menu, GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (row_menu_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  /* Its Rename and Archive act on the campaign once it is read. */
  g_signal_connect_object (self->detail, "loaded", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->content_stack, "signed-out");
  update_actions (self);
}

void
pb_campaigns_view_set_account (PbCampaignsView *self,
                               PbAccount       *account,
                               const char      *organization_id)
{
  g_return_if_fail (PB_IS_CAMPAIGNS_VIEW (self));
  g_return_if_fail (!account || PB_IS_ACCOUNT (account));

  /* Answers for the previous account must not land in this one. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->serial++;

  if (self->store != NULL && self->changed_handler != 0)
    g_signal_handler_disconnect (self->store, self->changed_handler);
  self->changed_handler = 0;
  g_clear_object (&self->store);
  g_clear_pointer (&self->organization_type, g_free);
  g_clear_pointer (&self->select_id, g_free);

  g_set_object (&self->account, account);
  g_free (self->organization_id);
  self->organization_id = g_strdup (organization_id);

  pb_campaign_detail_clear (self->detail);
  gtk_stack_set_visible_child_name (self->pages, "list");
  pb_campaign_list_replace (self->campaigns, g_ptr_array_new ());

  if (account != NULL && organization_id != NULL)
    {
      self->store = g_object_ref (pb_account_get_store (account));
      self->changed_handler = g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                                                       self, G_CONNECT_SWAPPED);
      pb_campaigns_view_refresh (self);
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "signed-out");

  update_actions (self);
}

GListModel *
pb_campaigns_view_get_model (PbCampaignsView *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGNS_VIEW (self), NULL);

  return G_LIST_MODEL (self->campaigns);
}

gboolean
pb_campaigns_view_is_loading (PbCampaignsView *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGNS_VIEW (self), FALSE);

  /* An edit counts until its write returned and started its refresh. */
  return self->loading > 0 || self->editing > 0 || pb_campaign_detail_is_loading (self->detail);
}
