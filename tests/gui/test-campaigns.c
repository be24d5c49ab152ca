/* test-campaigns.c
 *
 * The Campagnes view on a real synced cache of the demo school: the real
 * server binary serves a copy of it, the referent signs in and syncs, and
 * the test drives the real widgets, comparing what they show with what the
 * server answers over HTTP. Then the offline scenario: with the
 * server stopped, create a campaign through the dialog and rename another;
 * start the server again, sync, and find both changes on the server exactly
 * once. Runs in English and in French (LANGUAGE=fr).
 *
 * The tests run in order and share the school, the account and the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "pb-application.h"
#include "pb-campaign-detail.h"
#include "pb-campaign-dialog.h"
#include "pb-campaign-item.h"
#include "pb-campaigns-view.h"
#include "pb-participant-item.h"
#include "pb-test-gtk.h"
#include "pb-test-school.h"

#define WAIT_MS 20000

static gboolean french;

static PbTestSchool *school;
static PbAccount *account;
static char *organization_id;
static PbApiClient *server;         /* the referent's own client, to check the server */
static GtkWindow *window;
static PbCampaignsView *view;
static guint refreshes;             /* ::refreshed emissions of the view */
static guint searches;              /* ::search-changed emissions of its search entry */
static guint refreshes_at_search;   /* refreshes when the last one came */

/* ------------------------------------------------------------------ */
/* Waiting                                                              */

static gboolean
view_idle (gpointer data)
{
  return !pb_campaigns_view_is_loading (PB_CAMPAIGNS_VIEW (data));
}

/* The search entry waits before it searches; then the store read runs in
 * a thread. */
static void
wait_for_view (void)
{
  pb_test_spin (400);
  g_assert_true (pb_test_school_wait_for (view_idle, view, WAIT_MS));
  pb_test_spin (100);
}

static gboolean
no_toplevel_of_type (gpointer data)
{
  return pb_test_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static GtkWidget *
view_widget (GType       type,
             const char *name)
{
  return pb_test_find_named (GTK_WIDGET (view), type, name);
}

static const char *
visible_page (const char *stack_name)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (view_widget (GTK_TYPE_STACK, stack_name)));
}

/* Every text a table shows, as its GtkInscription cells hold it. */
static GPtrArray *
cell_texts (GtkWidget *column_view)
{
  g_autoptr(GPtrArray) cells = pb_test_find_all (column_view, GTK_TYPE_INSCRIPTION);
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);

      if (gtk_widget_get_mapped (cell) && gtk_inscription_get_text (GTK_INSCRIPTION (cell)) != NULL)
        g_ptr_array_add (texts, g_strdup (gtk_inscription_get_text (GTK_INSCRIPTION (cell))));
    }
  return texts;
}

static gboolean
table_shows (const char *stack_child,
             const char *text)
{
  g_autoptr(GPtrArray) texts = cell_texts (view_widget (GTK_TYPE_COLUMN_VIEW, stack_child));

  return g_ptr_array_find_with_equal_func (texts, text, g_str_equal, NULL);
}

static GtkInscription *
cell_with_text (const char *text)
{
  g_autoptr(GPtrArray) cells = pb_test_find_all (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view"),
                                                 GTK_TYPE_INSCRIPTION);

  for (guint i = 0; i < cells->len; i++)
    if (g_strcmp0 (gtk_inscription_get_text (g_ptr_array_index (cells, i)), text) == 0)
      return g_ptr_array_index (cells, i);
  return NULL;
}

static const PbStoreCampaign *
listed (guint position)
{
  g_autoptr(PbCampaignItem) item = g_list_model_get_item (pb_campaigns_view_get_model (view), position);

  g_assert_nonnull (item);
  /* The model keeps its own reference. */
  return pb_campaign_item_get_row (item);
}

static guint
n_listed (void)
{
  return g_list_model_get_n_items (pb_campaigns_view_get_model (view));
}

static const PbStoreCampaign *
listed_with_id (const char *id)
{
  for (guint i = 0; i < n_listed (); i++)
    if (g_strcmp0 (listed (i)->id, id) == 0)
      return listed (i);
  return NULL;
}

static void
click_toggle (const char *name)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (view_widget (GTK_TYPE_TOGGLE_BUTTON, name)), TRUE);
  wait_for_view ();
}

static void
search (const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (view_widget (GTK_TYPE_SEARCH_ENTRY, "search-entry")), text);
  wait_for_view ();
}

/* What a button says, whether it holds its label or a GtkLabel child. */
static const char *
button_text (GtkWidget *button)
{
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  if (gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (button));
  g_assert_true (GTK_IS_LABEL (child));
  return gtk_label_get_label (GTK_LABEL (child));
}

/* Every control of @type under @root has a name for screen readers. */
static void
assert_named (GtkWidget *root,
              GType      type)
{
  g_autoptr(GPtrArray) widgets = pb_test_find_all (root, type);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (widgets, i);
      GtkWidget *parent = gtk_widget_get_parent (widget);
      GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

      /* A menu button's inner toggle is named through the menu button. */
      if (parent != NULL && GTK_IS_MENU_BUTTON (parent))
        continue;
      if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
          gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY) ||
          (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL))
        continue;
      g_error ("%s “%s” has no accessible name", G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget));
    }
}

static void
screenshot (const char *name)
{
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), name));
}

/* ------------------------------------------------------------------ */
/* The server, over HTTP                                                */

static JsonNode *
server_get (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbApiResponse) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size;
  const char *body;

  response = pb_api_client_send (server, "GET", path, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  body = g_bytes_get_data (response->body, &size);
  if (response->status != 200)
    g_error ("GET %s: %u %.*s", path, response->status, (int)size, body);
  g_assert_true (json_parser_load_from_data (parser, body, (gssize)size, &error));
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* The organization's campaigns on the server: @status "active",
 * "archived" or NULL for both; @owner_id NULL for everybody's. */
static JsonArray *
server_campaigns (const char *status,
                  const char *owner_id)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;

  g_string_printf (path, "/api/organizations/%s/campaigns?page[size]=200", organization_id);
  if (status != NULL)
    g_string_append_printf (path, "&filter[status]=%s", status);
  if (owner_id != NULL)
    g_string_append_printf (path, "&filter[owner]=%s", owner_id);

  root = server_get (path->str);
  return json_array_ref (json_object_get_array_member (json_node_get_object (root), "data"));
}

static JsonObject *
find_resource (JsonArray  *resources,
               const char *id)
{
  for (guint i = 0; i < json_array_get_length (resources); i++)
    {
      JsonObject *resource = json_array_get_object_element (resources, i);

      if (g_strcmp0 (json_object_get_string_member (resource, "id"), id) == 0)
        return resource;
    }
  return NULL;
}

static const char *
attribute (JsonObject *resource,
           const char *name)
{
  JsonObject *attributes = json_object_get_object_member (resource, "attributes");

  if (json_object_get_null_member (attributes, name))
    return NULL;
  return json_object_get_string_member (attributes, name);
}

/* The rowCount of a paged list: how many participations. */
static guint
server_count (const char *path)
{
  g_autoptr(JsonNode) root = server_get (path);
  JsonObject *meta = json_object_get_object_member (json_node_get_object (root), "meta");

  return (guint)json_object_get_int_member (meta, "rowCount");
}

/* Every participant-activity of a campaign, all pages. */
static GPtrArray *
server_participants (const char *campaign_id)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  for (guint page = 1; ; page++)
    {
      g_autofree char *path = g_strdup_printf ("/api/campaigns/%s/participants-activity?page[size]=200&page[number]=%u",
                                               campaign_id, page);
      g_autoptr(JsonNode) root = server_get (path);
      JsonObject *document = json_node_get_object (root);
      JsonArray *data = json_object_get_array_member (document, "data");
      JsonObject *meta = json_object_get_object_member (document, "meta");

      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (all, json_object_ref (json_array_get_object_element (data, i)));
      if ((gint64)page >= json_object_get_int_member (meta, "pageCount"))
        break;
    }
  return all;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

static void
test_signed_out (void)
{
  pb_campaigns_view_set_account (view, NULL, NULL);
  pb_test_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpstr (visible_page ("content-stack"), ==, "signed-out");
  g_assert_cmpuint (n_listed (), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (view_widget (GTK_TYPE_BUTTON, "create-button")));
  screenshot ("campaigns-signed-out");
}

/* Everything the list shows for one state (active or archived) of all
 * campaigns, against the server's list. */
static void
check_list_against_server (const char *status)
{
  g_autoptr(JsonArray) expected = server_campaigns (status, NULL);

  g_assert_cmpstr (visible_page ("content-stack"), ==, n_listed () > 0 ? "campaigns" : "no-match");
  g_assert_cmpuint (n_listed (), ==, json_array_get_length (expected));

  for (guint i = 0; i < n_listed (); i++)
    {
      const PbStoreCampaign *row = listed (i);
      JsonObject *resource = find_resource (expected, row->id);
      g_autofree char *activity = NULL;
      g_autofree char *shared = NULL;

      g_assert_nonnull (resource);
      g_assert_cmpstr (row->name, ==, attribute (resource, "name"));
      g_assert_cmpstr (row->code, ==, attribute (resource, "code"));
      g_assert_cmpstr (row->type, ==, attribute (resource, "type"));
      g_assert_cmpstr (row->owner_id, ==, attribute (resource, "owner-id"));
      g_assert_nonnull (row->owner_name);
      g_assert_false (row->has_pending_changes);

      activity = g_strdup_printf ("/api/campaigns/%s/participants-activity?page[size]=1", row->id);
      shared = g_strdup_printf ("/api/campaigns/%s/participants-activity?page[size]=1&filter[status][]=SHARED", row->id);
      g_assert_cmpuint (row->n_participants, ==, server_count (activity));
      g_assert_cmpuint (row->n_shared, ==, server_count (shared));

      /* And the cells show them. */
      g_assert_true (table_shows ("campaigns-view", row->name));
      g_assert_true (table_shows ("campaigns-view", row->code));
      g_assert_true (table_shows ("campaigns-view", row->owner_name));
      g_assert_true (table_shows ("campaigns-view",
                                  g_strcmp0 (row->type, "ASSESSMENT") == 0 ? pb_test_tr ("Assessment", "Évaluation")
                                                                           : pb_test_tr ("Profiles collection", "Collecte de profils")));
    }
}

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) everything = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  GtkWidget *mine = view_widget (GTK_TYPE_TOGGLE_BUTTON, "mine-button");
  int min_width;

  pb_campaigns_view_set_account (view, account, organization_id);
  wait_for_view ();

  /* The filters speak Pix Orga's words. */
  g_assert_cmpstr (button_text (mine), ==, pb_test_tr ("My Campaigns", "Mes campagnes"));
  g_assert_cmpstr (button_text (view_widget (GTK_TYPE_TOGGLE_BUTTON, "all-button")), ==,
                   pb_test_tr ("All Campaigns", "Toutes les campagnes"));
  g_assert_cmpstr (button_text (view_widget (GTK_TYPE_TOGGLE_BUTTON, "active-button")), ==, pb_test_tr ("Active", "Actives"));
  g_assert_cmpstr (button_text (view_widget (GTK_TYPE_TOGGLE_BUTTON, "archived-button")), ==,
                   pb_test_tr ("Archived", "Archivées"));
  assert_named (GTK_WIDGET (view), GTK_TYPE_BUTTON);
  assert_named (GTK_WIDGET (view), GTK_TYPE_MENU_BUTTON);
  assert_named (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY);
  assert_named (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  g_assert_true (gtk_widget_is_sensitive (view_widget (GTK_TYPE_BUTTON, "create-button")));

  /* The window folds down to 360 pixels wide: the view must fit. */
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  g_assert_cmpint (min_width, <=, 360);

  /* The demo school has five campaigns, all on the server. */
  everything = server_campaigns (NULL, NULL);
  g_assert_cmpuint (json_array_get_length (everything), ==, 5);

  click_toggle ("all-button");
  check_list_against_server ("active");
  g_assert_cmpuint (n_listed (), >, 0);
  screenshot ("campaigns-all-active");

  click_toggle ("archived-button");
  check_list_against_server ("archived");
  screenshot ("campaigns-all-archived");
  click_toggle ("active-button");

  /* Narrow, as in a folded window: the toolbar wraps. */
  gtk_window_set_default_size (window, 360, 640);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  pb_test_spin (200);
  screenshot ("campaigns-narrow");
  gtk_window_set_default_size (window, 1200, 760);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  pb_test_spin (200);

  /* The column titles. */
  labels = pb_test_find_all (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view"), GTK_TYPE_LABEL);
  {
    const char *titles[] = {
      pb_test_tr ("Name", "Nom"), pb_test_tr ("Code", "Code"), pb_test_tr ("Type", "Type"), pb_test_tr ("Owner", "Propriétaire"),
      pb_test_tr ("Participants", "Participants"), pb_test_tr ("Results Received", "Résultats reçus"),
      pb_test_tr ("Created On", "Créée le"),
    };

    for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
      {
        gboolean found = FALSE;

        for (guint j = 0; j < labels->len && !found; j++)
          found = g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, j)), titles[i]) == 0;
        if (!found)
          g_error ("No column titled “%s”", titles[i]);
      }
  }
}

static void
test_filters (void)
{
  const char *user_id = pb_account_get_user_id (account);
  g_autoptr(JsonArray) mine = server_campaigns ("active", user_id);
  g_autoptr(JsonArray) active = server_campaigns ("active", NULL);
  const PbStoreCampaign *first;
  g_autofree char *code = NULL;
  g_autofree char *name_word = NULL;
  g_autofree char *lower_code = NULL;
  AdwStatusPage *no_match;

  /* Mine: the referent's own campaigns only. */
  click_toggle ("mine-button");
  g_assert_cmpuint (n_listed (), ==, json_array_get_length (mine));
  for (guint i = 0; i < n_listed (); i++)
    {
      g_assert_cmpstr (listed (i)->owner_id, ==, user_id);
      g_assert_nonnull (find_resource (mine, listed (i)->id));
    }
  if (n_listed () == 0)
    g_assert_cmpstr (visible_page ("content-stack"), ==, "no-match");
  screenshot ("campaigns-mine");

  click_toggle ("all-button");
  g_assert_cmpuint (n_listed (), ==, json_array_get_length (active));

  /* Search by code, in lower case: exactly that campaign. */
  first = listed (0);
  code = g_strdup (first->code);
  lower_code = g_ascii_strdown (code, -1);
  search (lower_code);
  g_assert_cmpuint (n_listed (), ==, 1);
  g_assert_cmpstr (listed (0)->code, ==, code);
  screenshot ("campaigns-search-code");

  /* Search by a word of a name: every listed name has it. */
  name_word = g_strdup (listed (0)->name);
  if (strchr (name_word, ' ') != NULL)
    *strchr (name_word, ' ') = '\0';
  search (name_word);
  g_assert_cmpuint (n_listed (), >=, 1);
  for (guint i = 0; i < n_listed (); i++)
    g_assert_nonnull (strstr (listed (i)->name, name_word));

  /* Nothing matches: its own empty state, not "no campaign yet". */
  search ("zzzqqq introuvable");
  g_assert_cmpuint (n_listed (), ==, 0);
  g_assert_cmpstr (visible_page ("content-stack"), ==, "no-match");
  no_match = ADW_STATUS_PAGE (gtk_stack_get_visible_child (GTK_STACK (view_widget (GTK_TYPE_STACK, "content-stack"))));
  g_assert_cmpstr (adw_status_page_get_title (no_match), ==,
                   pb_test_tr ("No Matching Campaign", "Aucune campagne ne correspond"));
  screenshot ("campaigns-no-match");

  search ("");
  g_assert_cmpuint (n_listed (), ==, json_array_get_length (active));
}

static gboolean
detail_loaded (gpointer data)
{
  PbCampaignDetail *detail = data;

  return pb_campaign_detail_get_campaign (detail) != NULL && !pb_campaign_detail_is_loading (detail);
}

static void
test_detail (void)
{
  PbCampaignDetail *detail = PB_CAMPAIGN_DETAIL (view_widget (PB_TYPE_CAMPAIGN_DETAIL, "campaign-detail"));
  GtkWidget *detail_widget = GTK_WIDGET (detail);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GHashTable) by_learner = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *campaign_id = NULL;
  const PbStoreCampaign *row = NULL;
  GListModel *participants;
  guint position = G_MAXUINT;
  guint n_shared = 0;

  /* The campaign with the most participants: the richest page. */
  for (guint i = 0; i < n_listed (); i++)
    if (position == G_MAXUINT || listed (i)->n_participants > listed (position)->n_participants)
      position = i;
  g_assert_cmpuint (position, !=, G_MAXUINT);
  row = listed (position);
  campaign_id = g_strdup (row->id);
  g_assert_cmpuint (row->n_participants, >, 0);

  /* Enter or a double click activates the row. */
  g_signal_emit_by_name (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view"), "activate", position);
  g_assert_true (pb_test_school_wait_for (detail_loaded, detail, WAIT_MS));
  pb_test_spin (100);

  g_assert_cmpstr (visible_page ("pages"), ==, "detail");
  row = listed_with_id (campaign_id);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pb_test_find_named (detail_widget, GTK_TYPE_LABEL, "name-label"))), ==, row->name);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pb_test_find_named (detail_widget, GTK_TYPE_LABEL, "code-label"))), ==, row->code);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pb_test_find_named (detail_widget, GTK_TYPE_LABEL, "owner-label"))), ==,
                   row->owner_name);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pb_test_find_named (detail_widget, GTK_TYPE_LABEL, "state-label"))), ==,
                   pb_test_tr ("Active", "Active"));

  /* Its own Rename… and Archive act on it. */
  g_assert_true (gtk_widget_is_sensitive (pb_test_find_named (detail_widget, GTK_TYPE_BUTTON, "rename-button")));
  g_assert_true (gtk_widget_is_sensitive (pb_test_find_named (detail_widget, GTK_TYPE_BUTTON, "archive-button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (pb_test_find_named (detail_widget, GTK_TYPE_BUTTON, "archive-button"))), ==,
                   pb_test_tr ("_Archive", "_Archiver"));

  /* The participants are the server's, with the same statuses. */
  expected = server_participants (campaign_id);
  participants = pb_campaign_detail_get_participants (detail);
  g_assert_cmpuint (g_list_model_get_n_items (participants), ==, expected->len);
  g_assert_cmpuint (g_list_model_get_n_items (participants), ==, row->n_participants);
  for (guint i = 0; i < expected->len; i++)
    {
      JsonObject *activity = g_ptr_array_index (expected, i);
      JsonObject *learner = json_object_get_object_member (json_object_get_object_member (
                              json_object_get_object_member (activity, "relationships"), "organization-learner"), "data");

      g_hash_table_insert (by_learner, (gpointer)json_object_get_string_member (learner, "id"), activity);
    }
  for (guint i = 0; i < g_list_model_get_n_items (participants); i++)
    {
      g_autoptr(PbParticipantItem) item = g_list_model_get_item (participants, i);
      const PbStoreParticipant *participant = pb_participant_item_get_row (item);
      JsonObject *activity = g_hash_table_lookup (by_learner, participant->learner_id);

      g_assert_nonnull (activity);
      g_assert_cmpstr (participant->status, ==, attribute (activity, "status"));
      g_assert_cmpstr (participant->last_name, ==, attribute (activity, "last-name"));
      if (g_strcmp0 (participant->status, "SHARED") == 0)
        {
          n_shared++;
          g_assert_cmpint (participant->pix_score, >=, 0);
        }
    }
  g_assert_cmpuint (n_shared, ==, row->n_shared);

  /* The table shows the statuses in Pix Orga's words. */
  {
    g_autoptr(GPtrArray) texts = cell_texts (pb_test_find_named (detail_widget, GTK_TYPE_COLUMN_VIEW, "participants-view"));
    const char *words[] = {
      pb_test_tr ("In progress", "En cours"), pb_test_tr ("Waiting to be sent", "En attente d’envoi"),
      pb_test_tr ("Results received", "Résultats reçus"),
    };
    guint shown = 0;

    g_assert_cmpuint (texts->len, >, 0);
    for (guint i = 0; i < texts->len; i++)
      for (guint j = 0; j < G_N_ELEMENTS (words); j++)
        shown += g_strcmp0 (g_ptr_array_index (texts, i), words[j]) == 0;
    g_assert_cmpuint (shown, >, 0);
  }
  screenshot ("campaign-detail");

  /* Back, as Escape does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.back", NULL));
  pb_test_spin (100);
  g_assert_cmpstr (visible_page ("pages"), ==, "list");
}

/* ------------------------------------------------------------------ */
/* Offline: create one, rename another; then sync                       */

static char *created_id;
static char *renamed_id;
static const char *new_name = "Sortie au musée – 2nde 3";
static const char *renamed_name = "Découverte de Pix – renommée hors ligne";

static gboolean
created_listed (gpointer data)
{
  for (guint i = 0; i < n_listed (); i++)
    if (g_strcmp0 (listed (i)->name, new_name) == 0)
      return TRUE;
  return FALSE;
}

static void
test_offline_edits (void)
{
  g_autoptr(GError) error = NULL;
  PbCampaignDialog *dialog;
  GtkWidget *dialog_widget;
  AdwMessageDialog *rename;
  GtkInscription *pending_cell;
  const PbStoreCampaign *row;
  guint n_before = n_listed ();
  guint other = G_MAXUINT;

  g_assert_true (pb_test_school_stop_server (school, &error));
  g_assert_no_error (error);

  /* Create a Campaign…: the dialog, filled as a teacher would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.create", NULL));
  dialog = PB_CAMPAIGN_DIALOG (pb_test_find_toplevel (PB_TYPE_CAMPAIGN_DIALOG));
  g_assert_nonnull (dialog);
  dialog_widget = GTK_WIDGET (dialog);
  pb_test_wait_for_draw (dialog_widget);
  g_assert_false (gtk_widget_get_sensitive (pb_test_find_named (dialog_widget, GTK_TYPE_BUTTON, "create-button")));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (pb_test_find_named (dialog_widget, ADW_TYPE_ACTION_ROW, "assess-row"))),
                   ==, pb_test_tr ("Assess participants", "Évaluer les participants"));
  /* A lycée (SCO) is offered the school profiles, not the SUP/PRO one. */
  {
    GListModel *profiles = adw_combo_row_get_model (ADW_COMBO_ROW (pb_test_find_named (dialog_widget, ADW_TYPE_COMBO_ROW, "profile-row")));
    gboolean lycee = FALSE;

    g_assert_cmpuint (g_list_model_get_n_items (profiles), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
      {
        const char *name = gtk_string_list_get_string (GTK_STRING_LIST (profiles), i);

        g_assert_cmpstr (name, !=, "Insertion professionnelle");
        lycee |= g_strcmp0 (name, "Découverte de Pix – Lycée") == 0;
      }
    g_assert_true (lycee);
  }
  gtk_editable_set_text (GTK_EDITABLE (pb_test_find_named (dialog_widget, ADW_TYPE_ENTRY_ROW, "name-row")), new_name);
  g_assert_true (gtk_widget_get_sensitive (pb_test_find_named (dialog_widget, GTK_TYPE_BUTTON, "create-button")));
  g_free (pb_test_save_screenshot (dialog_widget, "campaign-dialog"));
  g_signal_emit_by_name (pb_test_find_named (dialog_widget, GTK_TYPE_BUTTON, "create-button"), "clicked");

  g_assert_true (pb_test_school_wait_for (no_toplevel_of_type, GSIZE_TO_POINTER (PB_TYPE_CAMPAIGN_DIALOG), WAIT_MS));
  g_assert_true (pb_test_school_wait_for (created_listed, NULL, WAIT_MS));
  wait_for_view ();

  /* At once, offline: no code yet, and it says so. */
  g_assert_cmpuint (n_listed (), ==, n_before + 1);
  for (guint i = 0; i < n_listed (); i++)
    if (g_strcmp0 (listed (i)->name, new_name) == 0)
      created_id = g_strdup (listed (i)->id);
  row = listed_with_id (created_id);
  g_assert_null (row->code);
  g_assert_true (row->has_pending_changes);
  g_assert_cmpstr (row->owner_id, ==, pb_account_get_user_id (account));
  pending_cell = cell_with_text (pb_test_tr ("assigned at synchronization", "attribué à la synchronisation"));
  g_assert_nonnull (pending_cell);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pending_cell), "dim-label"));

  /* Rename another one (F2's action) through its dialog. */
  for (guint i = 0; i < n_listed () && other == G_MAXUINT; i++)
    if (g_strcmp0 (listed (i)->id, created_id) != 0 && listed (i)->code != NULL)
      other = i;
  g_assert_cmpuint (other, !=, G_MAXUINT);
  renamed_id = g_strdup (listed (other)->id);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (
                                       GTK_COLUMN_VIEW (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view")))), other);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.rename", NULL));
  rename = ADW_MESSAGE_DIALOG (pb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (rename);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pb_test_find_named (GTK_WIDGET (rename), GTK_TYPE_ENTRY, "rename-entry"))),
                   ==, listed (other)->name);
  gtk_editable_set_text (GTK_EDITABLE (pb_test_find_named (GTK_WIDGET (rename), GTK_TYPE_ENTRY, "rename-entry")), renamed_name);
  g_free (pb_test_save_screenshot (GTK_WIDGET (rename), "campaign-rename-dialog"));
  pb_test_click_button (GTK_WIDGET (rename), pb_test_tr ("_Rename", "_Renommer"));
  g_assert_true (pb_test_school_wait_for (no_toplevel_of_type, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG), WAIT_MS));
  wait_for_view ();

  row = listed_with_id (renamed_id);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->name, ==, renamed_name);
  g_assert_true (row->has_pending_changes);
  g_assert_true (table_shows ("campaigns-view", renamed_name));
  g_assert_cmpuint (pb_store_count_pending (pb_account_get_store (account), NULL), ==, 2);
  screenshot ("campaigns-offline-edits");
}

static void
test_synced (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) everything = NULL;
  JsonObject *renamed;
  const PbStoreCampaign *row;
  const char *code = NULL;
  guint copies = 0;

  g_assert_nonnull (created_id);
  g_assert_true (pb_test_school_restart_server (school, &error));
  g_assert_no_error (error);
  g_assert_true (pb_test_school_sync (account, &error));
  g_assert_no_error (error);
  wait_for_view ();

  /* On the server: the new campaign once, with a code; the rename. */
  everything = server_campaigns (NULL, NULL);
  g_assert_cmpuint (json_array_get_length (everything), ==, 6);
  for (guint i = 0; i < json_array_get_length (everything); i++)
    {
      JsonObject *resource = json_array_get_object_element (everything, i);

      if (g_strcmp0 (attribute (resource, "name"), new_name) == 0)
        {
          copies++;
          code = attribute (resource, "code");
          g_assert_cmpstr (json_object_get_string_member (resource, "id"), ==, created_id);
        }
    }
  g_assert_cmpuint (copies, ==, 1);
  g_assert_nonnull (code);
  g_assert_true (g_regex_match_simple ("^[A-Z]{6}[0-9]{3}$", code, 0, 0));
  renamed = find_resource (everything, renamed_id);
  g_assert_nonnull (renamed);
  g_assert_cmpstr (attribute (renamed, "name"), ==, renamed_name);

  /* The list shows the server's code; nothing waits any more. */
  row = listed_with_id (created_id);
  g_assert_nonnull (row);
  g_assert_cmpstr (row->code, ==, code);
  g_assert_false (row->has_pending_changes);
  g_assert_false (listed_with_id (renamed_id)->has_pending_changes);
  g_assert_true (table_shows ("campaigns-view", code));
  g_assert_null (cell_with_text (pb_test_tr ("assigned at synchronization", "attribué à la synchronisation")));
  g_assert_cmpuint (pb_store_count_pending (pb_account_get_store (account), NULL), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_pending_count (pb_account_get_sync_engine (account)), ==, 0);
  g_assert_cmpuint (pb_sync_engine_get_conflict_count (pb_account_get_sync_engine (account)), ==, 0);
  screenshot ("campaigns-synced");

  /* Syncing again sends nothing twice. */
  g_assert_true (pb_test_school_sync (account, &error));
  g_assert_no_error (error);
  g_clear_pointer (&everything, json_array_unref);
  everything = server_campaigns (NULL, NULL);
  g_assert_cmpuint (json_array_get_length (everything), ==, 6);
}

/* The label of an item of the toolbar's menu of actions. */
static char *
actions_menu_label (int position)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (view_widget (GTK_TYPE_MENU_BUTTON, "actions-button"));
  GMenuModel *menu = gtk_menu_button_get_menu_model (button);
  char *label = NULL;

  g_assert_nonnull (menu);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 3);
  g_assert_true (g_menu_model_get_item_attribute (menu, position, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static void
test_archive_undo (void)
{
  g_autoptr(JsonArray) archived = NULL;
  g_autofree char *id = g_strdup (created_id);
  g_autofree char *label = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  g_assert_nonnull (id);
  position = G_MAXUINT;
  for (guint i = 0; i < n_listed (); i++)
    if (g_strcmp0 (listed (i)->id, id) == 0)
      position = i;
  g_assert_cmpuint (position, !=, G_MAXUINT);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (
                                       GTK_COLUMN_VIEW (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view")))), position);
  label = actions_menu_label (2);
  g_assert_cmpstr (label, ==, pb_test_tr ("_Archive", "_Archiver"));
  g_clear_pointer (&label, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.toggle-archived", NULL));
  wait_for_view ();
  g_assert_null (listed_with_id (id));
  click_toggle ("archived-button");
  g_assert_nonnull (listed_with_id (id));
  g_assert_true (listed_with_id (id)->has_pending_changes);
  label = actions_menu_label (2);
  g_assert_cmpstr (label, ==, pb_test_tr ("_Unarchive", "_Désarchiver"));
  screenshot ("campaigns-archived");

  /* The toast's Undo is the opposite edit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.set-archived", "(sbs)", id, FALSE, new_name));
  wait_for_view ();
  g_assert_null (listed_with_id (id));
  click_toggle ("active-button");
  g_assert_nonnull (listed_with_id (id));

  /* Archive for real and sync: the server has it archived. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "campaigns.set-archived", "(sbs)", id, TRUE, new_name));
  wait_for_view ();
  g_assert_true (pb_test_school_sync (account, &error));
  g_assert_no_error (error);
  archived = server_campaigns ("archived", NULL);
  g_assert_nonnull (find_resource (archived, id));
  /* Archive, unarchive, archive: each sent over the version the one
   * before made, none a conflict. */
  g_assert_cmpuint (pb_store_count_conflicts (pb_account_get_store (account), &error), ==, 0);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* An organization with no campaign yet                                 */

static void
refreshed_cb (PbCampaignsView *campaigns_view,
              gpointer         user_data)
{
  refreshes++;
}

static void
search_changed_cb (GtkSearchEntry *entry,
                   gpointer        user_data)
{
  searches++;
  /* The view's own handler, connected first, has started its read. */
  refreshes_at_search = refreshes;
}

static gboolean
refreshed_since (gpointer data)
{
  return refreshes > GPOINTER_TO_UINT (data) && !pb_campaigns_view_is_loading (view);
}

static gboolean
searched_since (gpointer data)
{
  return searches > GPOINTER_TO_UINT (data);
}

/* Waits for a read of the cache started after @before refreshes to be
 * shown, and for nothing else to be on its way. */
static void
wait_refreshed (guint before)
{
  if (!pb_test_school_wait_for (refreshed_since, GUINT_TO_POINTER (before), WAIT_MS))
    g_error ("The view did not refresh (%u refreshes, loading: %d)", refreshes,
             pb_campaigns_view_is_loading (view));
}

/* Switches @name on (it must be off) and waits for the list it asks for. */
static void
toggle_and_wait (const char *name)
{
  GtkToggleButton *button = GTK_TOGGLE_BUTTON (view_widget (GTK_TYPE_TOGGLE_BUTTON, name));
  guint before = refreshes;

  g_assert_false (gtk_toggle_button_get_active (button));
  gtk_toggle_button_set_active (button, TRUE);
  wait_refreshed (before);
}

/* Types @text (not the entry's) and waits for the list it finds, after
 * the entry's delay. */
static void
search_and_wait (const char *text)
{
  GtkEditable *entry = GTK_EDITABLE (view_widget (GTK_TYPE_SEARCH_ENTRY, "search-entry"));
  guint before = searches;

  g_assert_cmpstr (gtk_editable_get_text (entry), !=, text);
  gtk_editable_set_text (entry, text);
  if (!pb_test_school_wait_for (searched_since, GUINT_TO_POINTER (before), WAIT_MS))
    g_error ("The search entry never said “%s” changed", text);
  wait_refreshed (refreshes_at_search);
}

/* The content stack shows @page_name, an AdwStatusPage saying @title and
 * @description, on screen, and no campaign is listed. */
static AdwStatusPage *
assert_status_page (const char *page_name,
                    const char *title,
                    const char *description)
{
  GtkStack *stack = GTK_STACK (view_widget (GTK_TYPE_STACK, "content-stack"));
  GtkWidget *page = gtk_stack_get_visible_child (stack);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, page_name);
  g_assert_true (ADW_IS_STATUS_PAGE (page));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_false (gtk_widget_get_mapped (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, title);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), ==, description);
  g_assert_cmpuint (n_listed (), ==, 0);
  return ADW_STATUS_PAGE (page);
}

static void
assert_no_campaign_yet (void)
{
  AdwStatusPage *page = assert_status_page ("empty",
                                            pb_test_tr ("No Campaign Yet", "Aucune campagne pour l’instant"),
                                            pb_test_tr ("Create a campaign to assess your pupils on a target profile or to collect their Pix profiles.",
                                                        "Créez une campagne pour évaluer vos élèves sur un parcours ou pour collecter leurs profils Pix."));
  GtkWidget *create = adw_status_page_get_child (page);

  /* Its button creates the first one. */
  g_assert_true (GTK_IS_BUTTON (create));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (create)), ==,
                   pb_test_tr ("_Create a Campaign…", "_Créer une campagne…"));
  g_assert_true (gtk_widget_is_sensitive (create));
}

static void
assert_no_match (void)
{
  assert_status_page ("no-match",
                      pb_test_tr ("No Matching Campaign", "Aucune campagne ne correspond"),
                      pb_test_tr ("No campaign matches these filters. Try “All Campaigns”, the archived ones or other words.",
                                  "Aucune campagne ne correspond à ces filtres. Essayez «\u202fToutes les campagnes\u202f», "
                                  "les campagnes archivées ou d’autres mots."));
}

static guint
count_campaigns (const char *id)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_campaigns (pb_account_get_store (account), id, &error);

  g_assert_no_error (error);
  return n;
}

typedef struct
{
  const char *id;
  gboolean    listed;
} ListedWait;

static gboolean
listed_is (gpointer data)
{
  ListedWait *wait = data;

  return !pb_campaigns_view_is_loading (view) && (listed_with_id (wait->id) != NULL) == wait->listed;
}

static void
wait_listed (const char *id,
             gboolean    listed)
{
  ListedWait wait = { id, listed };

  if (!pb_test_school_wait_for (listed_is, &wait, WAIT_MS))
    g_error ("Campaign %s is %s listed", id, listed ? "not" : "still");
}

/* Syncs, then waits for the view to show the server's answer for
 * @campaign_id: nothing of it waits any more, archived as @archived. */
static void
sync_campaign (const char *campaign_id,
               gboolean    archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStoreCampaign) campaign = NULL;
  guint before = refreshes;

  g_assert_true (pb_test_school_sync (account, &error));
  g_assert_no_error (error);
  campaign = pb_store_get_campaign (pb_account_get_store (account), campaign_id, &error);
  g_assert_no_error (error);
  g_assert_false (campaign->has_pending_changes);
  g_assert_cmpint (campaign->version, >, 0);
  g_assert_nonnull (campaign->code);
  g_assert_cmpint (campaign->archived_at != NULL, ==, archived);
  wait_refreshed (before);
}

/* A training body (PRO) the referent has just joined: no campaign at all
 * is "No Campaign Yet" whatever the filters; once it has one, archived, the
 * active list is "No Matching Campaign". */
static void
test_empty_organization (void)
{
  PbStore *store = pb_account_get_store (account);
  PbStoreNewCampaign collection = { "Premiers profils (test)", "PROFILES_COLLECTION", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStoreOrganization) organization = NULL;
  g_autofree char *id = NULL;
  g_autofree char *campaign_id = NULL;
  guint before;

  id = pb_test_school_add_organization (school, account, "Organisme de formation (test)", "PRO", &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  organization = pb_store_get_organization (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (organization);
  g_assert_cmpstr (organization->type, ==, "PRO");
  g_assert_cmpuint (count_campaigns (id), ==, 0);

  /* Everybody's active campaigns, nothing searched: the plainest list. */
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (view_widget (GTK_TYPE_TOGGLE_BUTTON, "mine-button"))))
    toggle_and_wait ("all-button");
  if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (view_widget (GTK_TYPE_TOGGLE_BUTTON, "active-button"))))
    toggle_and_wait ("active-button");
  if (*gtk_editable_get_text (GTK_EDITABLE (view_widget (GTK_TYPE_SEARCH_ENTRY, "search-entry"))) != '\0')
    search_and_wait ("");

  before = refreshes;
  pb_campaigns_view_set_account (view, account, id);
  wait_refreshed (before);
  assert_no_campaign_yet ();
  screenshot ("campaigns-empty");

  /* No filter makes it a "no match": there is nothing to match. */
  toggle_and_wait ("archived-button");
  assert_no_campaign_yet ();
  toggle_and_wait ("mine-button");
  assert_no_campaign_yet ();
  search_and_wait ("découverte");
  assert_no_campaign_yet ();
  search_and_wait ("");
  toggle_and_wait ("all-button");
  toggle_and_wait ("active-button");
  assert_no_campaign_yet ();

  /* Its first campaign, created here (the view follows the store), then
   * sent. */
  campaign_id = pb_store_create_campaign (store, id, &collection, &error);
  g_assert_no_error (error);
  g_assert_nonnull (campaign_id);
  wait_listed (campaign_id, TRUE);
  g_assert_cmpstr (visible_page ("content-stack"), ==, "campaigns");
  g_assert_true (gtk_widget_get_mapped (view_widget (GTK_TYPE_COLUMN_VIEW, "campaigns-view")));
  g_assert_true (listed_with_id (campaign_id)->has_pending_changes);
  sync_campaign (campaign_id, FALSE);

  /* Archived, offline: the active list is empty, but not the organization. */
  g_assert_true (pb_store_set_campaign_archived (store, campaign_id, TRUE, &error));
  g_assert_no_error (error);
  wait_listed (campaign_id, FALSE);
  assert_no_match ();
  g_assert_cmpuint (count_campaigns (id), ==, 1);
  screenshot ("campaigns-no-match-archived");

  /* The archived ones have it; a search that misses it is "no match". */
  toggle_and_wait ("archived-button");
  g_assert_cmpuint (n_listed (), ==, 1);
  g_assert_cmpstr (listed (0)->id, ==, campaign_id);
  g_assert_true (listed (0)->has_pending_changes);
  g_assert_cmpstr (visible_page ("content-stack"), ==, "campaigns");
  search_and_wait ("zzzqqq introuvable");
  assert_no_match ();
  search_and_wait ("");
  g_assert_cmpuint (n_listed (), ==, 1);
  toggle_and_wait ("active-button");
  assert_no_match ();

  /* Archived on the server too: still a "no match". */
  sync_campaign (campaign_id, TRUE);
  g_assert_cmpuint (count_campaigns (id), ==, 1);
  assert_no_match ();

  /* The demo school again. */
  before = refreshes;
  pb_campaigns_view_set_account (view, account, organization_id);
  wait_refreshed (before);
  g_assert_cmpstr (visible_page ("content-stack"), ==, "campaigns");
  g_assert_cmpuint (n_listed (), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  pb_application_setup_i18n ();
  g_test_init (&argc, &argv, NULL);
  adw_init ();
  french = pb_test_in_french ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE_PATH "/icons");

  school = pb_test_school_new (&error);
  g_assert_no_error (error);
  account = pb_test_school_sign_in (school, NULL, &error);
  g_assert_no_error (error);
  organization_id = pb_test_school_get_organization_id (account, &error);
  g_assert_no_error (error);

  server = pb_api_client_new (pb_test_school_get_url (school));
  g_assert_true (pb_api_client_sign_in (server, pb_test_school_get_referent_email (school),
                                        pb_test_school_get_referent_password (school), NULL, &error));
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 760);
  view = g_object_new (PB_TYPE_CAMPAIGNS_VIEW, NULL);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  g_signal_connect (view, "refreshed", G_CALLBACK (refreshed_cb), NULL);
  g_signal_connect (view_widget (GTK_TYPE_SEARCH_ENTRY, "search-entry"), "search-changed",
                    G_CALLBACK (search_changed_cb), NULL);

  g_test_add_func ("/gui/campaigns/signed-out", test_signed_out);
  g_test_add_func ("/gui/campaigns/list", test_list);
  g_test_add_func ("/gui/campaigns/filters", test_filters);
  g_test_add_func ("/gui/campaigns/detail", test_detail);
  g_test_add_func ("/gui/campaigns/offline-edits", test_offline_edits);
  g_test_add_func ("/gui/campaigns/synced", test_synced);
  g_test_add_func ("/gui/campaigns/archive-undo", test_archive_undo);
  g_test_add_func ("/gui/campaigns/empty-organization", test_empty_organization);

  ret = g_test_run ();

  gtk_window_destroy (window);
  g_clear_object (&server);
  g_clear_object (&account);
  g_free (organization_id);
  g_free (created_id);
  g_free (renamed_id);
  pb_test_school_free (school);

  return ret;
}
