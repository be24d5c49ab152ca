/* test-classes.c
 *
 * The Classes view on a real cache: the real server serves a copy of the
 * demo school (Lycée Marie Curie, 37 classes), a real account signs in and
 * syncs it, and the view is driven in-process under Xvfb, in English and in
 * French. What the view shows is checked against the cache itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pb-application.h"
#include "pb-classes-view.h"
#include "pb-learner-list.h"
#include "pb-test-gtk.h"
#include "pb-test-school.h"
#include "pb-uuid.h"

#define WAIT_MS 60000
#define DEMO_DIVISIONS 37
#define BIG_SCHOOL 100000
#define BIG_PAGE 5000

static gboolean french;
static PbTestSchool *school;
static PbAccount *account;
static char *organization_id;
static GtkWindow *window;
static PbClassesView *view;
static char *scratch_dir;
static guint searches;              /* ::search-changed emissions of the search entry */

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

static void
require_account (void)
{
  g_assert_nonnull (account);
  g_assert_nonnull (view);
}

static GtkWidget *
find (const char *name)
{
  GtkWidget *widget = pb_test_find_descendant (GTK_WIDGET (view), GTK_TYPE_WIDGET, name);

  g_assert_nonnull (widget);
  return widget;
}

static PbLearnerList *
table_model (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (find ("learners-table"));
  GtkSelectionModel *selection = gtk_column_view_get_model (column_view);

  return PB_LEARNER_LIST (gtk_no_selection_get_model (GTK_NO_SELECTION (selection)));
}

static const char *
visible_table_page (void)
{
  GtkWidget *page = find ("no-results-page");
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (page, GTK_TYPE_STACK));

  return gtk_stack_get_visible_child_name (stack);
}

static GPtrArray *
store_learners (const char         *search,
                const char         *division,
                PbStoreLearnerSort  sort,
                gboolean            descending)
{
  g_autoptr(GError) error = NULL;
  PbStoreLearnerQuery query = {
    .organization_id = organization_id,
    .search = search,
    .division = division,
    .sort = sort,
    .descending = descending,
  };
  GPtrArray *rows = pb_store_list_learners (pb_account_get_store (account), &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

/* The table shows exactly @expected, in its order. */
typedef struct
{
  GPtrArray *expected;
} TableWait;

static gboolean
table_shows (gpointer data)
{
  TableWait *wait = data;
  PbLearnerList *model = table_model ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (pb_classes_view_get_loading (view) || n != wait->expected->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const PbStoreLearner *shown = pb_learner_list_get_learner (model, i);
      const PbStoreLearner *want = g_ptr_array_index (wait->expected, i);

      if (g_strcmp0 (shown->id, want->id) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
assert_table_shows (GPtrArray *expected)
{
  TableWait wait = { expected };

  if (!pb_test_school_wait_for (table_shows, &wait, WAIT_MS))
    g_error ("The table shows %u learners (loading: %d), not the %u expected",
             g_list_model_get_n_items (G_LIST_MODEL (table_model ())),
             pb_classes_view_get_loading (view), expected->len);
}

static gboolean
is_idle (gpointer data)
{
  return !pb_classes_view_get_loading (view);
}

static void
set_search (const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find ("search-entry")), text);
}

static GPtrArray *
division_rows (void)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *list = find ("division-list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row))
      g_ptr_array_add (rows, row);
  return rows;
}

static const char *
row_label (GtkWidget  *row,
           const char *name)
{
  GtkWidget *label = pb_test_find_descendant (row, GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
divisions_filled (gpointer data)
{
  g_autoptr(GPtrArray) rows = division_rows ();

  return rows->len == GPOINTER_TO_UINT (data);
}

static char *
write_scratch (const char *name,
               const char *contents)
{
  g_autofree char *path = g_build_filename (scratch_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_steal_pointer (&path);
}

static gboolean
revealed (gpointer data)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (find (data)));
}

static gboolean
hidden (gpointer data)
{
  return !gtk_revealer_get_reveal_child (GTK_REVEALER (find (data)));
}

static void
import_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pb_classes_view_import_file (view, file);
}

static GPtrArray *
rejection_lines (void)
{
  GPtrArray *lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = pb_test_find_all (find ("import-rejected-lines"), GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    g_ptr_array_add (lines, (gpointer)gtk_label_get_text (labels->pdata[i]));
  return lines;
}

static guint
count_conflicts (void)
{
  g_autoptr(GError) error = NULL;
  guint n = pb_store_count_conflicts (pb_account_get_store (account), &error);

  g_assert_no_error (error);
  return n;
}

static gboolean
conflicts_gone (gpointer data)
{
  return count_conflicts () == 0;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_signed_out (void)
{
  GtkWidget *page = find ("signed-out-page");

  pb_classes_view_set_account (view, NULL, NULL);
  pb_test_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, pb_test_tr ("No Classes", "Aucune classe"));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-signed-out"));
}

static void
test_sign_in (void)
{
  g_autoptr(GError) error = NULL;

  school = pb_test_school_new (&error);
  g_assert_no_error (error);
  account = pb_test_school_sign_in (school, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  organization_id = pb_test_school_get_organization_id (account, &error);
  g_assert_no_error (error);

  pb_classes_view_set_account (view, account, organization_id);
}

static void
test_divisions (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) divisions = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gboolean seen_2nde_2 = FALSE;
  guint total, sum = 0;

  require_account ();

  divisions = pb_store_list_divisions (pb_account_get_store (account), organization_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (divisions->len, ==, DEMO_DIVISIONS);
  total = pb_store_count_learners (pb_account_get_store (account), organization_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >=, 1000);

  g_assert_true (pb_test_school_wait_for (divisions_filled, GUINT_TO_POINTER (DEMO_DIVISIONS + 1), WAIT_MS));
  rows = division_rows ();

  /* "All classes" first, with every learner. */
  g_assert_cmpstr (gtk_widget_get_name (rows->pdata[0]), ==, "all-divisions");
  g_assert_cmpstr (row_label (rows->pdata[0], "division-name"), ==, pb_test_tr ("All Classes", "Toutes les classes"));
  g_assert_cmpuint (g_ascii_strtoull (row_label (rows->pdata[0], "division-count"), NULL, 10), ==, total);
  g_assert_true (gtk_list_box_row_is_selected (rows->pdata[0]));

  for (guint i = 0; i < divisions->len; i++)
    {
      PbStoreDivision *division = g_ptr_array_index (divisions, i);

      g_hash_table_insert (counts, division->name, GUINT_TO_POINTER (division->n_learners));
    }

  /* Every class once, with the cache's count, in the order people count
   * ("2nde 2" before "2nde 10"). */
  for (guint i = 1; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      const char *name = row_label (row, "division-name");
      guint count = g_ascii_strtoull (row_label (row, "division-count"), NULL, 10);

      g_assert_true (g_hash_table_contains (counts, name));
      g_assert_cmpuint (count, ==, GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)));
      g_assert_cmpuint (count, >, 0);
      g_hash_table_remove (counts, name);
      sum += count;

      if (g_strcmp0 (name, "2nde 2") == 0)
        seen_2nde_2 = TRUE;
      if (g_strcmp0 (name, "2nde 10") == 0)
        g_assert_true (seen_2nde_2);
    }
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_cmpuint (sum, ==, total);

  /* The SCO demo school imports its pupils. */
  g_assert_true (gtk_widget_get_visible (find ("import-button")));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-divisions"));
}

static void
test_table (void)
{
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) inscriptions = NULL;
  g_autofree char *count = NULL;
  GtkColumnView *column_view;
  GListModel *view_columns;
  const char *english[] = { "Last Name", "First Name", "Date of Birth", "Class", "INE", "Linked Account", "Certifiable", "Pix" };
  const char *in_french[] = { "Nom", "Prénom", "Date de naissance", "Classe", "INE", "Compte lié", "Certifiable", "Pix" };
  gboolean date_seen = FALSE;

  require_account ();

  expected = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  assert_table_shows (expected);
  g_assert_cmpstr (visible_table_page (), ==, "table");

  count = g_strdup_printf (french ? "%u élèves" : "%u learners", expected->len);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find ("count-label"))), ==, count);

  column_view = GTK_COLUMN_VIEW (find ("learners-table"));
  view_columns = gtk_column_view_get_columns (column_view);
  g_assert_cmpuint (g_list_model_get_n_items (view_columns), ==, G_N_ELEMENTS (english));
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, pb_test_tr (english[i], in_french[i]));
    }

  /* The cells on screen: the first learner's name, dates dd/mm/yyyy. */
  pb_test_wait_for_draw (GTK_WIDGET (window));
  inscriptions = pb_test_find_all (GTK_WIDGET (column_view), GTK_TYPE_INSCRIPTION);
  g_assert_cmpuint (inscriptions->len, >, 8);
  /* Only the rows on screen (GTK 4.8 keeps about 200) have cells, not the
   * 1 300 of the school: 100 000 rows will not make 800 000 widgets. */
  g_assert_cmpuint (inscriptions->len, <, 8 * 300);
  g_assert_cmpuint (expected->len, >, 300);
  for (guint i = 0; i < inscriptions->len; i++)
    {
      const char *text = gtk_inscription_get_text (inscriptions->pdata[i]);

      if (text != NULL && strlen (text) == 10 && text[2] == '/' && text[5] == '/')
        date_seen = TRUE;
      g_assert_false (text != NULL && strlen (text) == 10 && text[4] == '-' && text[7] == '-');
    }
  g_assert_true (date_seen);
  {
    const PbStoreLearner *first = g_ptr_array_index (expected, 0);
    gboolean first_seen = FALSE;

    for (guint i = 0; i < inscriptions->len; i++)
      if (g_strcmp0 (gtk_inscription_get_text (inscriptions->pdata[i]), first->last_name) == 0)
        first_seen = TRUE;
    g_assert_true (first_seen);
  }

  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-table"));
}

static void
test_search (void)
{
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *count = NULL;

  require_account ();

  all = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  expected = store_learners ("mart", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, all->len);

  /* Ctrl+F: the search entry takes the focus. */
  gtk_widget_grab_focus (find ("learners-table"));
  g_assert_false (gtk_widget_is_focus (find ("search-entry")) ||
                  gtk_widget_get_focus_child (find ("search-entry")) != NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "classes.find", NULL));
  g_assert_true (gtk_widget_get_focus_child (find ("search-entry")) != NULL ||
                 gtk_widget_is_focus (find ("search-entry")));

  set_search ("mart");
  assert_table_shows (expected);

  count = g_strdup_printf (expected->len == 1 ? (french ? "%u élève" : "%u learner")
                                              : (french ? "%u élèves" : "%u learners"), expected->len);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find ("count-label"))), ==, count);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-search"));

  /* No match: the "No Results" page. */
  set_search ("zzqxw");
  {
    g_autoptr(GPtrArray) none = store_learners ("zzqxw", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);

    g_assert_cmpuint (none->len, ==, 0);
    assert_table_shows (none);
  }
  g_assert_cmpstr (visible_table_page (), ==, "no-results");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find ("no-results-page"))), ==,
                   pb_test_tr ("No Results", "Aucun résultat"));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-no-results"));

  set_search ("");
  assert_table_shows (all);
  g_assert_cmpstr (visible_table_page (), ==, "table");
}

static void
test_division_filter (void)
{
  g_autoptr(GPtrArray) rows = division_rows ();
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) searched = NULL;
  g_autoptr(GPtrArray) all = NULL;
  GtkWidget *row;
  const char *division;

  require_account ();
  g_assert_cmpuint (rows->len, >, 3);

  row = rows->pdata[3];
  division = row_label (row, "division-name");
  expected = store_learners (NULL, division, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (expected->len, ==, g_ascii_strtoull (row_label (row, "division-count"), NULL, 10));

  gtk_list_box_select_row (GTK_LIST_BOX (find ("division-list")), GTK_LIST_BOX_ROW (row));
  assert_table_shows (expected);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (((PbStoreLearner *)expected->pdata[i])->division, ==, division);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-division"));

  /* Search within the class. */
  searched = store_learners ("a", division, PB_STORE_LEARNER_SORT_NAME, FALSE);
  set_search ("a");
  assert_table_shows (searched);
  set_search ("");
  assert_table_shows (expected);

  gtk_list_box_select_row (GTK_LIST_BOX (find ("division-list")), GTK_LIST_BOX_ROW (rows->pdata[0]));
  all = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  assert_table_shows (all);
}

static GtkColumnViewColumn *
column_titled (const char *title)
{
  GListModel *view_columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (find ("learners-table")));

  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("No column %s", title);
  return NULL;
}

static void
test_sort (void)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (find ("learners-table"));
  g_autoptr(GPtrArray) by_pix = NULL;
  g_autoptr(GPtrArray) by_pix_up = NULL;
  g_autoptr(GPtrArray) by_first_name = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  const PbStoreLearner *top;

  require_account ();

  by_pix = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_PIX, TRUE);
  top = g_ptr_array_index (by_pix, 0);
  g_assert_cmpint (top->pix_score, >, 0);
  gtk_column_view_sort_by_column (column_view, column_titled ("Pix"), GTK_SORT_DESCENDING);
  assert_table_shows (by_pix);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-sort-pix"));

  by_pix_up = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_PIX, FALSE);
  gtk_column_view_sort_by_column (column_view, column_titled ("Pix"), GTK_SORT_ASCENDING);
  assert_table_shows (by_pix_up);

  by_first_name = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_FIRST_NAME, FALSE);
  gtk_column_view_sort_by_column (column_view, column_titled (pb_test_tr ("First Name", "Prénom")), GTK_SORT_ASCENDING);
  assert_table_shows (by_first_name);

  by_name = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  gtk_column_view_sort_by_column (column_view, column_titled (pb_test_tr ("Last Name", "Nom")), GTK_SORT_ASCENDING);
  assert_table_shows (by_name);

  /* One arrow: the table is sorted by one column, not by the ones clicked
   * before. GTK draws an arrow (a GtkBuiltinIcon of CSS name "sort-indicator")
   * on each column its sorter keeps, with class ascending or descending. */
  {
    g_autoptr(GPtrArray) widgets = pb_test_find_all (GTK_WIDGET (column_view), GTK_TYPE_WIDGET);
    guint arrows = 0;

    for (guint i = 0; i < widgets->len; i++)
      if (g_strcmp0 (gtk_widget_get_css_name (widgets->pdata[i]), "sort-indicator") == 0 &&
          (gtk_widget_has_css_class (widgets->pdata[i], "ascending") ||
           gtk_widget_has_css_class (widgets->pdata[i], "descending")))
        arrows++;
    g_assert_cmpuint (arrows, ==, 1);
  }
}

/* Pix's SCO template without most of its columns. */
static const char missing_columns_csv[] =
  "Nom de famille*;Premier prénom*;Division*\n"
  "Martin;Léa;2nde 1\n";

/* Every column, and two rows the server refuses. */
static const char bad_rows_csv[] =
  "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;"
  "Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;Libellé commune naissance**;"
  "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;Division*\n"
  "123456789AA;Léa;;;Martin;;F;31/06/2010;69123;LYON;069;100;ST;20010018110;2nde 1\n"
  "123456789BB;Tom;;;;;M;12/03/2010;69123;LYON;069;100;ZZ;20010018110;2nde 1\n";

static void
sync_expecting_success (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_test_school_sync (account, &error));
  g_assert_no_error (error);
}

static void
assert_rejected (const char *file_name,
                 guint       min_lines)
{
  g_autoptr(GPtrArray) lines = NULL;
  const char *title;

  g_assert_true (pb_test_school_wait_for (revealed, (gpointer)"import-rejected", WAIT_MS));
  title = gtk_label_get_text (GTK_LABEL (find ("import-rejected-label")));
  g_assert_nonnull (strstr (title, file_name));

  lines = rejection_lines ();
  g_assert_cmpuint (lines->len, >=, min_lines);
  for (guint i = 0; i < lines->len; i++)
    {
      g_assert_cmpstr (lines->pdata[i], !=, "");
      g_assert_null (strchr (lines->pdata[i], '\n'));
      g_test_message ("server error: %s", (const char *)lines->pdata[i]);
    }
}

static void
dismiss (void)
{
  gtk_widget_activate (find ("import-dismiss"));
  g_assert_true (pb_test_school_wait_for (hidden, (gpointer)"import-rejected", WAIT_MS));
  g_assert_true (pb_test_school_wait_for (conflicts_gone, NULL, WAIT_MS));
}

static void
test_import_rejected (void)
{
  g_autofree char *path = NULL;
  g_autofree char *bad_rows = NULL;
  g_autoptr(GPtrArray) before = NULL;

  require_account ();
  before = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (count_conflicts (), ==, 0);

  /* Queued: the banner says it is on its way. */
  path = write_scratch ("eleves-incomplet.csv", missing_columns_csv);
  import_file (path);
  g_assert_true (pb_test_school_wait_for (revealed, (gpointer)"import-queued", WAIT_MS));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find ("import-queued-label"))), "eleves-incomplet.csv"));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-import-queued"));

  /* Sent and refused: the server's errors, and the school unchanged. */
  sync_expecting_success ();
  assert_rejected ("eleves-incomplet.csv", 1);
  g_assert_true (pb_test_school_wait_for (hidden, (gpointer)"import-queued", WAIT_MS));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-import-rejected"));
  dismiss ();

  /* Errors on rows: one line each. */
  bad_rows = write_scratch ("eleves-erreurs.csv", bad_rows_csv);
  import_file (bad_rows);
  g_assert_true (pb_test_school_wait_for (revealed, (gpointer)"import-queued", WAIT_MS));
  sync_expecting_success ();
  assert_rejected ("eleves-erreurs.csv", 3);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-import-rejected-lines"));
  dismiss ();

  assert_table_shows (before);
}

static void
test_import_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *text;

  require_account ();

  g_assert_true (pb_test_school_stop_server (school, &error));
  g_assert_no_error (error);

  path = write_scratch ("eleves-hors-ligne.csv", missing_columns_csv);
  import_file (path);
  g_assert_true (pb_test_school_wait_for (revealed, (gpointer)"import-queued", WAIT_MS));

  /* The engine finds the server gone: the import waits, and says so. */
  g_assert_false (pb_test_school_sync (account, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (pb_sync_engine_get_state (pb_account_get_sync_engine (account)), ==, PB_SYNC_STATE_OFFLINE);

  text = gtk_label_get_text (GTK_LABEL (find ("import-queued-label")));
  g_assert_nonnull (strstr (text, "eleves-hors-ligne.csv"));
  g_assert_nonnull (strstr (text, pb_test_tr ("it will be sent when the server is reachable",
                                      "il sera envoyé quand le serveur sera joignable")));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-import-offline"));

  /* Back online: sent, refused, shown. */
  g_assert_true (pb_test_school_restart_server (school, &error));
  g_assert_no_error (error);
  sync_expecting_success ();
  assert_rejected ("eleves-hors-ligne.csv", 1);
  g_assert_true (pb_test_school_wait_for (hidden, (gpointer)"import-queued", WAIT_MS));
  dismiss ();
}

/* ------------------------------------------------------------------ */
/* Other organizations, empty pages                                    */

static void
search_changed_cb (GtkSearchEntry *entry,
                   gpointer        user_data)
{
  searches++;
}

static gboolean
searched_since (gpointer data)
{
  return searches > GPOINTER_TO_UINT (data);
}

/* Types @text (different from the entry's) and waits for the view's
 * answer: the entry emits ::search-changed after its delay, and the view's
 * own handler, which runs before ours, starts the query. */
static void
search_and_wait (const char *text)
{
  guint before = searches;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find ("search-entry"))), !=, text);
  set_search (text);
  if (!pb_test_school_wait_for (searched_since, GUINT_TO_POINTER (before), WAIT_MS))
    g_error ("The search entry never said “%s” changed", text);
  g_assert_true (pb_test_school_wait_for (is_idle, NULL, WAIT_MS));
}

/* Shows @id and waits for both of the view's reads: the classes (with the
 * organization's type) and the learners. */
static void
show_organization (const char *id,
                   guint       n_divisions)
{
  pb_classes_view_set_account (view, account, id);
  /* The list is emptied at once; only the new read fills it. */
  if (!pb_test_school_wait_for (divisions_filled, GUINT_TO_POINTER (n_divisions + 1), WAIT_MS))
    {
      g_autoptr(GPtrArray) rows = division_rows ();

      g_error ("The class list has %u rows, not %u", rows->len, n_divisions + 1);
    }
  g_assert_true (pb_test_school_wait_for (is_idle, NULL, WAIT_MS));
}

static guint
store_division_count (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) divisions = pb_store_list_divisions (pb_account_get_store (account), id, &error);

  g_assert_no_error (error);
  return divisions->len;
}

static char *
add_organization (const char *name,
                  const char *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbStoreOrganization) organization = NULL;
  char *id;
  guint n_learners;

  id = pb_test_school_add_organization (school, account, name, type, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  /* What the view reads: that type, and nobody in it. */
  organization = pb_store_get_organization (pb_account_get_store (account), id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (organization);
  g_assert_cmpstr (organization->name, ==, name);
  g_assert_cmpstr (organization->type, ==, type);
  n_learners = pb_store_count_learners (pb_account_get_store (account), id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_learners, ==, 0);
  g_assert_cmpuint (store_division_count (id), ==, 0);
  return id;
}

/* The table's stack shows @stack_page, an AdwStatusPage saying @title and
 * @description, on screen, instead of the table. */
static void
assert_status_page (const char *stack_page,
                    const char *widget_name,
                    const char *title,
                    const char *description)
{
  AdwStatusPage *page = ADW_STATUS_PAGE (find (widget_name));

  g_assert_cmpstr (visible_table_page (), ==, stack_page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_false (gtk_widget_get_mapped (find ("learners-table")));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, title);
  g_assert_cmpstr (adw_status_page_get_description (page), ==, description);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table_model ())), ==, 0);
  /* French says "0 élève": only more than one is plural. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find ("count-label"))), ==, pb_test_tr ("0 learners", "0 élève"));
}

static void
assert_no_learners_page (void)
{
  assert_status_page ("empty", "no-learners-page",
                      pb_test_tr ("No Learners Yet", "Aucun élève pour l’instant"),
                      pb_test_tr ("Import your school’s SIECLE file or a CSV file to see your pupils here.",
                                  "Importez le fichier SIECLE de votre établissement ou un fichier CSV pour voir vos élèves ici."));
}

/* A class chosen on the left and a search that matches learners of other
 * classes only: "No Results", then the same search in every class finds
 * them. */
static void
test_no_results_in_class (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) in_class = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) elsewhere = NULL;
  g_autofree char *word = NULL;
  g_autofree char *division = NULL;
  GtkListBox *list;

  require_account ();
  g_assert_true (pb_test_school_wait_for (is_idle, NULL, WAIT_MS));
  rows = division_rows ();
  g_assert_cmpuint (rows->len, >, 2);
  list = GTK_LIST_BOX (find ("division-list"));
  division = g_strdup (row_label (rows->pdata[1], "division-name"));

  all = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  in_class = store_learners (NULL, division, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (in_class->len, >, 0);

  /* A last name of another class that matches nobody of this one (the
   * search looks at first names and INEs too). */
  for (guint i = 0; i < all->len && word == NULL; i++)
    {
      const PbStoreLearner *learner = g_ptr_array_index (all, i);
      g_autoptr(GPtrArray) found = NULL;

      if (g_strcmp0 (learner->division, division) == 0)
        continue;
      found = store_learners (learner->last_name, division, PB_STORE_LEARNER_SORT_NAME, FALSE);
      if (found->len == 0)
        word = g_strdup (learner->last_name);
    }
  g_assert_nonnull (word);
  elsewhere = store_learners (word, NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (elsewhere->len, >, 0);

  gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (rows->pdata[1]));
  assert_table_shows (in_class);
  g_assert_cmpstr (visible_table_page (), ==, "table");

  search_and_wait (word);
  assert_status_page ("no-results", "no-results-page",
                      pb_test_tr ("No Results", "Aucun résultat"),
                      pb_test_tr ("No learner matches your search.", "Aucun élève ne correspond à votre recherche."));
  /* The class stays chosen: the school is not empty. */
  g_assert_true (gtk_list_box_row_is_selected (rows->pdata[1]));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-no-results-in-class"));

  /* Every class: the same search finds them. */
  gtk_list_box_select_row (list, GTK_LIST_BOX_ROW (rows->pdata[0]));
  assert_table_shows (elsewhere);
  g_assert_cmpstr (visible_table_page (), ==, "table");
  g_assert_true (gtk_widget_get_mapped (find ("learners-table")));

  search_and_wait ("");
  assert_table_shows (all);
  g_assert_cmpstr (visible_table_page (), ==, "table");
}

static char *empty_sco_id;

/* A school with no learners yet: "No Learners Yet" and its import button,
 * whatever is typed in the search. */
static void
test_empty_organization (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *empty_import;

  require_account ();
  empty_sco_id = add_organization ("Nouveau lycée (test)", "SCO");

  show_organization (empty_sco_id, 0);
  assert_no_learners_page ();

  /* "All classes", nobody in it, and no class. */
  rows = division_rows ();
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (gtk_widget_get_name (rows->pdata[0]), ==, "all-divisions");
  g_assert_cmpstr (row_label (rows->pdata[0], "division-count"), ==, "0");

  /* An SCO school imports its first pupils from here, or from the toolbar. */
  empty_import = find ("empty-import-button");
  g_assert_true (gtk_widget_get_mapped (empty_import));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (empty_import)), ==, pb_test_tr ("_Import…", "_Importer…"));
  g_assert_true (gtk_widget_get_mapped (find ("import-button")));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-empty"));

  /* Nothing to find is not "No Results". */
  search_and_wait ("martin");
  assert_no_learners_page ();
  search_and_wait ("");
  assert_no_learners_page ();

  /* Back to the demo school: its table. */
  show_organization (organization_id, store_division_count (organization_id));
  g_assert_cmpstr (visible_table_page (), ==, "table");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (table_model ())), >, 0);
}

/* Only SCO organizations import SIECLE and CSV files: a university (SUP)
 * or a training body (PRO) has no Import button, in the toolbar or on its
 * empty page; the demo school (SCO) has one again. */
static void
test_non_sco (void)
{
  const char *types[] = { "SUP", "PRO" };
  const char *names[] = { "Université Lumière (test)", "Organisme de formation (test)" };

  require_account ();
  g_assert_true (pb_test_school_wait_for (is_idle, NULL, WAIT_MS));
  g_assert_true (gtk_widget_get_mapped (find ("import-button")));

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *id = add_organization (names[i], types[i]);
      g_autofree char *screenshot = g_strdup_printf ("classes-%s", types[i]);

      g_test_message ("%s organization %s", types[i], id);
      show_organization (id, 0);
      g_assert_false (gtk_widget_get_visible (find ("import-button")));
      g_assert_false (gtk_widget_get_mapped (find ("import-button")));
      g_assert_cmpstr (visible_table_page (), ==, "empty");
      g_assert_true (gtk_widget_get_mapped (find ("no-learners-page")));
      /* Nothing to import there: its learners come with the campaigns. */
      g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (find ("no-learners-page"))), ==,
                       pb_test_tr ("Learners appear here once they have joined one of your campaigns.",
                                   "Les participants apparaîtront ici dès qu’ils auront rejoint l’une de vos campagnes."));
      g_assert_false (gtk_widget_get_visible (find ("empty-import-button")));
      g_assert_false (gtk_widget_get_mapped (find ("empty-import-button")));
      g_free (pb_test_save_screenshot (GTK_WIDGET (window), screenshot));

      /* The SCO school with no learners shows both again. */
      if (empty_sco_id != NULL)
        {
          show_organization (empty_sco_id, 0);
          g_assert_true (gtk_widget_get_mapped (find ("import-button")));
          g_assert_true (gtk_widget_get_mapped (find ("empty-import-button")));
          assert_no_learners_page ();
        }
    }

  show_organization (organization_id, store_division_count (organization_id));
  g_assert_true (gtk_widget_get_mapped (find ("import-button")));
  g_assert_cmpstr (visible_table_page (), ==, "table");
}

static JsonNode *
big_learner (guint i)
{
  static const char * const first_names[] = { "Camille", "Louis", "Emma", "Hugo", "Chloé", "Jules", "Inès", "Léo" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *last_name = g_strdup_printf ("Banc%06u", i);
  g_autofree char *ine = g_strdup_printf ("%09uZZ", 900000000 + i);
  g_autofree char *division = g_strdup_printf ("Banc %02u", i % 50);
  g_autofree char *birthdate = g_strdup_printf ("20%02u-%02u-%02u", 8 + i % 4, 1 + i % 12, 1 + i % 28);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "organization-learners");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "last-name");
  json_builder_add_string_value (builder, last_name);
  json_builder_set_member_name (builder, "first-name");
  json_builder_add_string_value (builder, first_names[i % G_N_ELEMENTS (first_names)]);
  json_builder_set_member_name (builder, "birthdate");
  json_builder_add_string_value (builder, birthdate);
  json_builder_set_member_name (builder, "national-student-id");
  json_builder_add_string_value (builder, ine);
  json_builder_set_member_name (builder, "division");
  json_builder_add_string_value (builder, division);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ST");
  json_builder_set_member_name (builder, "is-disabled");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "user-id");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "pix-score");
  if (i % 3 == 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, i % 640);
  json_builder_set_member_name (builder, "is-certifiable");
  json_builder_add_boolean_value (builder, i % 5 == 0);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "organization");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "organizations");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, organization_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "put");
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
all_count_is (gpointer data)
{
  g_autoptr(GPtrArray) rows = division_rows ();

  return rows->len > 0 &&
         g_ascii_strtoull (row_label (rows->pdata[0], "division-count"), NULL, 10) == GPOINTER_TO_UINT (data);
}

static gboolean
table_has (gpointer data)
{
  return !pb_classes_view_get_loading (view) &&
         g_list_model_get_n_items (G_LIST_MODEL (table_model ())) == GPOINTER_TO_UINT (data);
}

static void
test_hundred_thousand (void)
{
  PbStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autofree char *cursor = NULL;
  guint before, total;
  gint64 start;

  require_account ();
  store = pb_account_get_store (account);
  before = pb_store_count_learners (store, organization_id, &error);
  g_assert_no_error (error);

  /* The feed's way in, in pages, as a sync of a very big school would;
   * the cursor stays where the real sync left it. */
  cursor = pb_store_get_cursor (store, organization_id, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint page = 0; page < BIG_SCHOOL / BIG_PAGE; page++)
    {
      g_autoptr(JsonArray) resources = json_array_new ();

      for (guint i = page * BIG_PAGE; i < (page + 1) * BIG_PAGE; i++)
        json_array_add_element (resources, big_learner (i));
      g_assert_true (pb_store_apply_changes (store, organization_id, resources, cursor, &error));
      g_assert_no_error (error);
    }
  g_test_message ("%u learners written in %.0f ms", BIG_SCHOOL, (g_get_monotonic_time () - start) / 1000.0);

  total = pb_store_count_learners (store, organization_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, before + BIG_SCHOOL);

  /* The view follows the store's ::changed. */
  start = g_get_monotonic_time ();
  if (!pb_test_school_wait_for (table_has, GUINT_TO_POINTER (total), WAIT_MS * 2))
    g_error ("The table shows %u learners, not %u",
             g_list_model_get_n_items (G_LIST_MODEL (table_model ())), total);
  g_test_message ("the table shows %u learners (%.0f ms after the last write)",
                  total, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_true (pb_test_school_wait_for (all_count_is, GUINT_TO_POINTER (total), WAIT_MS));
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-100000"));

  /* A search narrows them, in one query round trip off the main thread. */
  expected = store_learners ("banc00012", NULL, PB_STORE_LEARNER_SORT_NAME, FALSE);
  g_assert_cmpuint (expected->len, >, 0);
  g_assert_cmpuint (expected->len, <, 1000);
  start = g_get_monotonic_time ();
  set_search ("banc00012");
  assert_table_shows (expected);
  g_test_message ("search among %u learners: %u found, shown %.0f ms after typing (150 ms of it the entry's delay)",
                  total, expected->len, (g_get_monotonic_time () - start) / 1000.0);
  g_free (pb_test_save_screenshot (GTK_WIDGET (window), "classes-100000-search"));

  /* And back to all of them, sorted by Pix. */
  start = g_get_monotonic_time ();
  set_search ("");
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (find ("learners-table")), column_titled ("Pix"),
                                  GTK_SORT_DESCENDING);
  g_assert_true (pb_test_school_wait_for (table_has, GUINT_TO_POINTER (total), WAIT_MS * 2));
  g_assert_true (pb_test_school_wait_for (is_idle, NULL, WAIT_MS));
  g_test_message ("all %u learners by Pix: %.0f ms", total, (g_get_monotonic_time () - start) / 1000.0);
  {
    g_autoptr(GPtrArray) by_pix = store_learners (NULL, NULL, PB_STORE_LEARNER_SORT_PIX, TRUE);

    assert_table_shows (by_pix);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  int ret;

  pb_application_setup_i18n ();
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  french = pb_test_in_french ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_BASE_PATH "/icons");

  scratch_dir = g_dir_make_tmp ("pb-test-classes-XXXXXX", NULL);
  g_assert_nonnull (scratch_dir);

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (window, 1200, 760);
  view = g_object_new (PB_TYPE_CLASSES_VIEW, NULL);
  adw_window_set_content (ADW_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (window);
  g_signal_connect (find ("search-entry"), "search-changed", G_CALLBACK (search_changed_cb), NULL);

  g_test_add_func ("/gui/classes/signed-out", test_signed_out);
  g_test_add_func ("/gui/classes/sign-in", test_sign_in);
  g_test_add_func ("/gui/classes/divisions", test_divisions);
  g_test_add_func ("/gui/classes/table", test_table);
  g_test_add_func ("/gui/classes/search", test_search);
  g_test_add_func ("/gui/classes/division-filter", test_division_filter);
  g_test_add_func ("/gui/classes/sort", test_sort);
  g_test_add_func ("/gui/classes/import-rejected", test_import_rejected);
  g_test_add_func ("/gui/classes/import-offline", test_import_offline);
  g_test_add_func ("/gui/classes/no-results-in-class", test_no_results_in_class);
  g_test_add_func ("/gui/classes/empty-organization", test_empty_organization);
  g_test_add_func ("/gui/classes/non-sco", test_non_sco);
  g_test_add_func ("/gui/classes/hundred-thousand", test_hundred_thousand);

  ret = g_test_run ();

  pb_classes_view_set_account (view, NULL, NULL);
  gtk_window_destroy (window);
  g_clear_object (&account);
  g_clear_pointer (&school, pb_test_school_free);
  g_free (organization_id);
  g_free (empty_sco_id);
  {
    g_autoptr(GDir) dir = g_dir_open (scratch_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (scratch_dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (scratch_dir);
  g_free (scratch_dir);

  return ret;
}
