/* pb-classes-view.c
 *
 * The Classes view: the school's classes (divisions) with their counts on
 * the left, the learners table on the right, and the import of a SIECLE or
 * CSV file.
 *
 * Everything comes from the offline cache, whose calls block: each refresh
 * is one query in a GTask thread, and its answer replaces the table in one
 * ::items-changed. Search, class filter and sort are done by SQLite, so the
 * table stays smooth with 100 000 learners; the column headers only tell
 * which order to ask for. An answer that arrives after a newer query was
 * started is dropped (serial numbers), so fast typing never shows stale
 * results.
 *
 * An import is queued in the cache's outbox (it works offline) and sent by
 * the sync engine; the view shows it waiting, then, if the server refused
 * the file, the server's errors one per line until the user dismisses them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pb-classes-view.h"
#include "pb-learner-item.h"
#include "pb-learner-list.h"

/* What a column shows. */
typedef enum
{
  FIELD_LAST_NAME,
  FIELD_FIRST_NAME,
  FIELD_BIRTHDATE,
  FIELD_DIVISION,
  FIELD_INE,
  FIELD_LINKED,
  FIELD_CERTIFIABLE,
  FIELD_PIX,
} Field;

#define NO_SORT (-1)

static const struct
{
  const char *title;
  Field       field;
  int         sort;      /* a PbStoreLearnerSort, or NO_SORT */
  int         chars;     /* natural width in characters */
  float       xalign;
  gboolean    expand;
} columns[] = {
  { N_("Last Name"), FIELD_LAST_NAME, PB_STORE_LEARNER_SORT_NAME, 14, 0.0f, TRUE },
  { N_("First Name"), FIELD_FIRST_NAME, PB_STORE_LEARNER_SORT_FIRST_NAME, 12, 0.0f, TRUE },
  { N_("Date of Birth"), FIELD_BIRTHDATE, PB_STORE_LEARNER_SORT_BIRTHDATE, 10, 0.0f, FALSE },
  { N_("Class"), FIELD_DIVISION, PB_STORE_LEARNER_SORT_DIVISION, 8, 0.0f, FALSE },
  { N_("INE"), FIELD_INE, NO_SORT, 13, 0.0f, FALSE },
  { N_("Linked Account"), FIELD_LINKED, NO_SORT, 4, 0.5f, FALSE },
  { N_("Certifiable"), FIELD_CERTIFIABLE, NO_SORT, 4, 0.5f, FALSE },
  { N_("Pix"), FIELD_PIX, PB_STORE_LEARNER_SORT_PIX, 4, 1.0f, FALSE },
};

struct _PbClassesView
{
  AdwBin           parent_instance;

  PbAccount       *account;
  PbStore         *store;
  PbSyncEngine    *engine;
  char            *organization_id;
  /* Cancelled when the account changes or the view goes: answers for the
   * previous account never reach the new one. */
  GCancellable    *cancellable;

  /* The query the table shows, or is about to. */
  char            *search;
  char            *division;            /* NULL: every class */
  PbStoreLearnerSort sort;
  gboolean         descending;

  guint            learners_serial;
  guint            overview_serial;
  guint            imports_serial;
  gboolean         learners_loading;

  guint            n_total;             /* active learners of the organization */
  gboolean         filling_divisions;   /* row-selected while rebuilding the list */
  int              probed_sort;         /* see read_column_sort() */
  gboolean         resorting;           /* column_sort_changed_cb() sets the arrows */

  char            *pending_label;       /* the import waiting in the outbox, if any */
  gint64           rejected_id;         /* the rejected import shown, 0 for none */

  PbLearnerList   *learners;

  /* Template children */
  GtkStack        *main_stack;
  GtkListBox      *division_list;
  GtkSearchEntry  *search_entry;
  GtkLabel        *count_label;
  GtkButton       *import_button;
  GtkButton       *empty_import_button;
  AdwStatusPage   *empty_page;
  GtkRevealer     *queued_revealer;
  GtkLabel        *queued_label;
  GtkRevealer     *rejected_revealer;
  GtkLabel        *rejected_label;
  GtkListBox      *rejected_lines;
  GtkStack        *table_stack;
  GtkColumnView   *column_view;
};

G_DEFINE_FINAL_TYPE (PbClassesView, pb_classes_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void refresh_learners (PbClassesView *self);
static GtkColumnViewColumn *column_for_sort (PbClassesView      *self,
                                             PbStoreLearnerSort  sort);
static void refresh_overview (PbClassesView *self);
static void refresh_imports  (PbClassesView *self);

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ------------------------------------------------------------------ */
/* Cells                                                               */

/* "2011-10-15" → "15/10/2011", the French order; anything else as is. */
static char *
format_birthdate (const char *iso)
{
  if (iso == NULL || *iso == '\0')
    return g_strdup ("—");
  if (strlen (iso) >= 10 && iso[4] == '-' && iso[7] == '-')
    return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
  return g_strdup (iso);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), columns[column].chars);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), columns[column].xalign);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (columns[column].field == FIELD_PIX || columns[column].field == FIELD_BIRTHDATE ||
      columns[column].field == FIELD_INE)
    gtk_widget_add_css_class (inscription, "numeric");
  gtk_list_item_set_child (list_item, inscription);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  const PbStoreLearner *learner = pb_learner_item_get_learner (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  switch (columns[column].field)
    {
    case FIELD_LAST_NAME:
      gtk_inscription_set_text (inscription, learner->last_name);
      break;
    case FIELD_FIRST_NAME:
      gtk_inscription_set_text (inscription, learner->first_name);
      break;
    case FIELD_BIRTHDATE:
      text = format_birthdate (learner->birthdate);
      gtk_inscription_set_text (inscription, text);
      break;
    case FIELD_DIVISION:
      gtk_inscription_set_text (inscription, learner->division != NULL ? learner->division : "—");
      break;
    case FIELD_INE:
      gtk_inscription_set_text (inscription, learner->national_student_id != NULL ? learner->national_student_id : "—");
      break;
    case FIELD_LINKED:
      /* TRANSLATORS: the learner has a Pix account linked */
      gtk_inscription_set_text (inscription, learner->user_id != NULL ? _("Yes") : "—");
      break;
    case FIELD_CERTIFIABLE:
      gtk_inscription_set_text (inscription, learner->is_certifiable ? _("Yes") : _("No"));
      break;
    case FIELD_PIX:
      if (learner->pix_score >= 0)
        text = g_strdup_printf ("%d", learner->pix_score);
      gtk_inscription_set_text (inscription, text != NULL ? text : "—");
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), NULL);
}

/* ------------------------------------------------------------------ */
/* Sorting: the column headers choose, SQLite sorts                    */

typedef struct
{
  PbClassesView      *self;
  PbStoreLearnerSort  sort;
} SortProbe;

/* Never used to sort anything: called only by read_column_sort(), it
 * reports which column the column view's sorter asks first. */
static int
sort_probe_cb (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  probe->self->probed_sort = probe->sort;
  return -1;
}

/* GTK 4.8 has no API for the column view's primary sort column (4.10
 * does). Its sorter asks the columns' sorters in order and stops at the
 * first that tells two items apart, inverting it for a descending column:
 * every probe says "smaller", so the one called is the primary column, and
 * a "larger" overall answer means descending. */
static void
read_column_sort (PbClassesView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  /* Two different objects: gtk_sorter_compare() calls no one for an item
   * compared with itself. Neither is looked at. */
  self->probed_sort = NO_SORT;
  order = gtk_sorter_compare (sorter, self, self->learners);
  if (self->probed_sort == NO_SORT)
    {
      self->sort = PB_STORE_LEARNER_SORT_NAME;
      self->descending = FALSE;
      return;
    }

  self->sort = self->probed_sort;
  self->descending = order == GTK_ORDERING_LARGER;
}

/* GTK 4.8 redraws the arrow of the column it sorts by, not the one of the
 * column it sorted by before: a title set anew redraws its arrow. */
static void
refresh_sort_arrows (PbClassesView *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (view_columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);
      g_autofree char *title = g_strdup (gtk_column_view_column_get_title (column));

      if (gtk_column_view_column_get_sorter (column) == NULL)
        continue;
      gtk_column_view_column_set_title (column, "");
      gtk_column_view_column_set_title (column, title);
    }
}

static void
column_sort_changed_cb (PbClassesView *self)
{
  PbStoreLearnerSort sort = self->sort;
  gboolean descending = self->descending;

  /* The columns go with the view: nothing to sort any more. */
  if (self->column_view == NULL || self->resorting)
    return;

  read_column_sort (self);

  /* GTK keeps the columns clicked before as secondary keys and shows their
   * arrows too, but SQLite sorts by one column (each key has its own
   * tie-breaker): leave only the primary one. */
  self->resorting = TRUE;
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, self->sort),
                                  self->descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->resorting = FALSE;
  refresh_sort_arrows (self);

  if (sort != self->sort || descending != self->descending)
    refresh_learners (self);
}

static void
add_columns (PbClassesView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), GUINT_TO_POINTER (i));

      column = gtk_column_view_column_new (_(columns[i].title), g_steal_pointer (&factory));
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);

      if (columns[i].sort != NO_SORT)
        {
          SortProbe *probe = g_new0 (SortProbe, 1);
          g_autoptr(GtkSorter) sorter = NULL;

          probe->self = self;
          probe->sort = columns[i].sort;
          sorter = GTK_SORTER (gtk_custom_sorter_new (sort_probe_cb, probe, g_free));
          gtk_column_view_column_set_sorter (column, sorter);
        }

      gtk_column_view_append_column (self->column_view, column);
    }
}

static GtkColumnViewColumn *
column_for_sort (PbClassesView      *self,
                 PbStoreLearnerSort  sort)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (columns[i].sort == (int)sort)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, i);

          return column;
        }
    }

  return NULL;
}

/* ------------------------------------------------------------------ */
/* The learners query                                                  */

/* What a job in a thread needs; each job uses some of it. */
typedef struct
{
  PbStore            *store;
  char               *organization_id;
  guint               serial;
  /* learners */
  char               *search;
  char               *division;
  PbStoreLearnerSort  sort;
  gboolean            descending;
  /* dismiss */
  gint64              conflict_id;
  /* import */
  char               *format;
  char               *file_name;
  GBytes             *contents;
} Query;

typedef struct
{
  GPtrArray *rows;
  guint      n_total;
  guint      serial;
  gint64     elapsed_us;
} LearnersAnswer;

static Query *
query_new (PbClassesView *self)
{
  Query *query = g_new0 (Query, 1);

  query->store = g_object_ref (self->store);
  query->organization_id = g_strdup (self->organization_id);
  return query;
}

static void
query_free (Query *query)
{
  g_clear_object (&query->store);
  g_free (query->organization_id);
  g_free (query->search);
  g_free (query->division);
  g_free (query->format);
  g_free (query->file_name);
  g_clear_pointer (&query->contents, g_bytes_unref);
  g_free (query);
}

static void
learners_answer_free (LearnersAnswer *answer)
{
  g_clear_pointer (&answer->rows, g_ptr_array_unref);
  g_free (answer);
}

static void
learners_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Query *query = task_data;
  PbStoreLearnerQuery store_query = {
    .organization_id = query->organization_id,
    .search = query->search,
    .division = query->division,
    .sort = query->sort,
    .descending = query->descending,
  };
  g_autoptr(GError) error = NULL;
  LearnersAnswer *answer = g_new0 (LearnersAnswer, 1);
  gint64 start = g_get_monotonic_time ();

  answer->serial = query->serial;
  answer->rows = pb_store_list_learners (query->store, &store_query, &error);
  if (answer->rows != NULL)
    answer->n_total = pb_store_count_learners (query->store, query->organization_id, &error);
  answer->elapsed_us = g_get_monotonic_time () - start;

  if (error != NULL)
    {
      learners_answer_free (answer);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, answer, (GDestroyNotify)learners_answer_free);
}

static void
set_loading (PbClassesView *self,
             gboolean       loading)
{
  if (self->learners_loading == loading)
    return;
  self->learners_loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
show_learner_count (PbClassesView *self,
                    guint          n_shown)
{
  g_autofree char *text = g_strdup_printf (ngettext ("%u learner", "%u learners", n_shown), n_shown);

  gtk_label_set_text (self->count_label, text);
}

static void
learners_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PbClassesView *self = PB_CLASSES_VIEW (source);
  g_autoptr(GError) error = NULL;
  LearnersAnswer *answer;
  guint n_shown;

  answer = g_task_propagate_pointer (G_TASK (result), &error);
  if (answer == NULL)
    {
      Query *query = g_task_get_task_data (G_TASK (result));

      if (is_cancelled (error))
        return;
      g_warning ("Cannot list the learners: %s", error->message);
      /* A failed query still ends the loading it started. */
      if (query->serial == self->learners_serial)
        set_loading (self, FALSE);
      return;
    }

  /* A newer query is on its way: this answer is already stale. */
  if (answer->serial != self->learners_serial)
    {
      learners_answer_free (answer);
      return;
    }

  g_debug ("%u learners in %.1f ms", answer->rows->len, answer->elapsed_us / 1000.0);

  self->n_total = answer->n_total;
  n_shown = answer->rows->len;
  pb_learner_list_set_rows (self->learners, g_steal_pointer (&answer->rows));
  learners_answer_free (answer);

  show_learner_count (self, n_shown);
  if (self->n_total == 0)
    gtk_stack_set_visible_child_name (self->table_stack, "empty");
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->table_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->table_stack, "table");

  set_loading (self, FALSE);
}

static void
refresh_learners (PbClassesView *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  if (self->store == NULL || self->organization_id == NULL)
    return;

  query = query_new (self);
  query->search = g_strdup (self->search);
  query->division = g_strdup (self->division);
  query->sort = self->sort;
  query->descending = self->descending;
  query->serial = ++self->learners_serial;

  set_loading (self, TRUE);

  task = g_task_new (self, self->cancellable, learners_done_cb, NULL);
  g_task_set_source_tag (task, refresh_learners);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, learners_thread);
}

/* ------------------------------------------------------------------ */
/* The overview: classes, their counts, the organization's type        */

typedef struct
{
  GPtrArray *divisions;     /* (element-type PbStoreDivision) */
  guint      n_total;
  gboolean   is_sco;
  guint      serial;
} Overview;

static void
overview_free (Overview *overview)
{
  g_clear_pointer (&overview->divisions, g_ptr_array_unref);
  g_free (overview);
}

static int
compare_divisions (gconstpointer a,
                   gconstpointer b)
{
  const PbStoreDivision *first = *(PbStoreDivision * const *)a;
  const PbStoreDivision *second = *(PbStoreDivision * const *)b;
  g_autofree char *first_key = g_utf8_collate_key_for_filename (first->name, -1);
  g_autofree char *second_key = g_utf8_collate_key_for_filename (second->name, -1);

  return strcmp (first_key, second_key);
}

static void
overview_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(PbStoreOrganization) organization = NULL;
  g_autoptr(GError) error = NULL;
  Overview *overview = g_new0 (Overview, 1);

  overview->serial = query->serial;
  overview->divisions = pb_store_list_divisions (query->store, query->organization_id, &error);
  if (overview->divisions != NULL)
    overview->n_total = pb_store_count_learners (query->store, query->organization_id, &error);
  if (error == NULL)
    organization = pb_store_get_organization (query->store, query->organization_id, &error);

  if (error != NULL)
    {
      overview_free (overview);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* "2nde 2" before "2nde 10", as people count. */
  g_ptr_array_sort (overview->divisions, compare_divisions);

  /* An organization the account just left is no SCO either. */
  overview->is_sco = organization != NULL && g_strcmp0 (organization->type, "SCO") == 0;

  g_task_return_pointer (task, overview, (GDestroyNotify)overview_free);
}

static GtkWidget *
division_row_new (const char *division,
                  const char *title,
                  guint       n_learners)
{
  g_autofree char *count = g_strdup_printf ("%u", n_learners);
  g_autofree char *accessible = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name_label = gtk_label_new (title);
  GtkWidget *count_label = gtk_label_new (count);

  gtk_widget_set_name (name_label, "division-name");
  gtk_label_set_xalign (GTK_LABEL (name_label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_set_name (count_label, "division-count");
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* NULL for "every class". */
  g_object_set_data_full (G_OBJECT (row), "pb-division", g_strdup (division), g_free);
  gtk_widget_set_name (row, division != NULL ? "division" : "all-divisions");

  /* TRANSLATORS: a class in the list of classes, e.g. "2nde 1, 35 learners" */
  accessible = g_strdup_printf (ngettext ("%s, %u learner", "%s, %u learners", n_learners), title, n_learners);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  return row;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
fill_divisions (PbClassesView *self,
                Overview      *overview)
{
  GtkListBoxRow *selected = NULL;
  GtkWidget *row;
  gboolean division_kept = FALSE;

  self->filling_divisions = TRUE;
  clear_list_box (self->division_list);

  row = division_row_new (NULL, _("All Classes"), overview->n_total);
  gtk_list_box_append (self->division_list, row);
  selected = GTK_LIST_BOX_ROW (row);

  for (guint i = 0; i < overview->divisions->len; i++)
    {
      PbStoreDivision *division = g_ptr_array_index (overview->divisions, i);

      row = division_row_new (division->name, division->name, division->n_learners);
      gtk_list_box_append (self->division_list, row);
      if (g_strcmp0 (division->name, self->division) == 0)
        {
          selected = GTK_LIST_BOX_ROW (row);
          division_kept = TRUE;
        }
    }

  gtk_list_box_select_row (self->division_list, selected);
  self->filling_divisions = FALSE;

  /* The class shown is gone (emptied by an import): show them all. */
  if (self->division != NULL && !division_kept)
    {
      g_clear_pointer (&self->division, g_free);
      refresh_learners (self);
    }
}

static void
overview_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PbClassesView *self = PB_CLASSES_VIEW (source);
  g_autoptr(GError) error = NULL;
  Overview *overview;

  overview = g_task_propagate_pointer (G_TASK (result), &error);
  if (overview == NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Cannot list the classes: %s", error->message);
      return;
    }

  if (overview->serial == self->overview_serial)
    {
      fill_divisions (self, overview);
      /* Only SCO organizations import SIECLE files and their CSV; the
       * others' learners come with their campaigns' participants. */
      gtk_widget_set_visible (GTK_WIDGET (self->import_button), overview->is_sco);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_import_button), overview->is_sco);
      adw_status_page_set_description (self->empty_page,
                                       overview->is_sco
                                       ? _("Import your school’s SIECLE file or a CSV file to see your pupils here.")
                                       : _("Learners appear here once they have joined one of your campaigns."));
    }

  overview_free (overview);
}

static void
refresh_overview (PbClassesView *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  if (self->store == NULL || self->organization_id == NULL)
    return;

  query = query_new (self);
  query->serial = ++self->overview_serial;

  task = g_task_new (self, self->cancellable, overview_done_cb, NULL);
  g_task_set_source_tag (task, refresh_overview);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, overview_thread);
}

/* ------------------------------------------------------------------ */
/* Imports: waiting in the outbox, or refused by the server            */

typedef struct
{
  char       *pending_label;   /* the newest import still to send */
  PbConflict *rejected;        /* the oldest refused import */
  guint       serial;
} ImportState;

static void
import_state_free (ImportState *state)
{
  g_free (state->pending_label);
  g_clear_pointer (&state->rejected, pb_conflict_free);
  g_free (state);
}

static void
imports_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GHashTable) other_mids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  ImportState *state;

  outbox = pb_store_list_outbox (query->store, &error);
  if (outbox != NULL)
    conflicts = pb_store_list_conflicts (query->store, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state = g_new0 (ImportState, 1);
  state->serial = query->serial;

  for (guint i = 0; i < outbox->len; i++)
    {
      PbOutboxEntry *entry = g_ptr_array_index (outbox, i);

      if (entry->op != PB_OUTBOX_IMPORT_LEARNERS)
        continue;
      if (g_strcmp0 (entry->organization_id, query->organization_id) != 0)
        {
          /* A refusal for another organization is not this view's. */
          gint64 *mid = g_new (gint64, 1);

          *mid = entry->mid;
          g_hash_table_add (other_mids, mid);
          continue;
        }
      if (entry->state == PB_OUTBOX_PENDING)
        {
          g_free (state->pending_label);
          state->pending_label = g_strdup (entry->label);
        }
    }

  for (guint i = 0; i < conflicts->len && state->rejected == NULL; i++)
    {
      PbConflict *conflict = g_ptr_array_index (conflicts, i);

      if (conflict->op == PB_OUTBOX_IMPORT_LEARNERS &&
          conflict->state == PB_OUTBOX_REJECTED &&
          !g_hash_table_contains (other_mids, &conflict->mid))
        state->rejected = g_ptr_array_steal_index (conflicts, i);
    }

  g_task_return_pointer (task, state, (GDestroyNotify)import_state_free);
}

static void
update_queued_banner (PbClassesView *self)
{
  g_autofree char *text = NULL;
  gboolean offline;

  if (self->pending_label == NULL)
    {
      gtk_revealer_set_reveal_child (self->queued_revealer, FALSE);
      return;
    }

  offline = self->engine != NULL && pb_sync_engine_get_state (self->engine) == PB_SYNC_STATE_OFFLINE;
  if (offline)
    text = g_strdup_printf (_("Import of “%s” queued: it will be sent when the server is reachable."),
                            self->pending_label);
  else
    text = g_strdup_printf (_("Import of “%s” in progress…"), self->pending_label);

  gtk_label_set_text (self->queued_label, text);
  /* Ellipsized in a narrow window: the whole sentence on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->queued_label), text);
  gtk_revealer_set_reveal_child (self->queued_revealer, TRUE);
}

static GtkWidget *
rejection_line_new (const char *line)
{
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "import-error-line");
  return label;
}

static void
show_rejection (PbClassesView *self,
                PbConflict    *rejected)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_lines = 0;

  clear_list_box (self->rejected_lines);

  if (rejected == NULL)
    {
      self->rejected_id = 0;
      gtk_revealer_set_reveal_child (self->rejected_revealer, FALSE);
      return;
    }

  self->rejected_id = rejected->id;
  title = g_strdup_printf (_("The server refused the import of “%s”:"),
                           rejected->label != NULL ? rejected->label : "");
  gtk_label_set_text (self->rejected_label, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->rejected_label), title);

  /* The reason holds one error of the server per line ("Ligne 3 : …"). */
  if (rejected->reason != NULL)
    lines = g_strsplit (rejected->reason, "\n", -1);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      gtk_list_box_append (self->rejected_lines, rejection_line_new (lines[i]));
      n_lines++;
    }
  if (n_lines == 0)
    {
      g_autofree char *fallback = NULL;

      if (rejected->code != NULL)
        fallback = g_strdup_printf (_("Error %u: %s"), rejected->status, rejected->code);
      else
        fallback = g_strdup_printf (_("Error %u"), rejected->status);
      gtk_list_box_append (self->rejected_lines, rejection_line_new (fallback));
    }

  gtk_revealer_set_reveal_child (self->rejected_revealer, TRUE);
}

static void
imports_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PbClassesView *self = PB_CLASSES_VIEW (source);
  g_autoptr(GError) error = NULL;
  ImportState *state;

  state = g_task_propagate_pointer (G_TASK (result), &error);
  if (state == NULL)
    {
      if (!is_cancelled (error))
        g_warning ("Cannot read the imports: %s", error->message);
      return;
    }

  if (state->serial == self->imports_serial)
    {
      g_free (self->pending_label);
      self->pending_label = g_steal_pointer (&state->pending_label);
      update_queued_banner (self);
      show_rejection (self, state->rejected);
    }

  import_state_free (state);
}

static void
refresh_imports (PbClassesView *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  if (self->store == NULL || self->organization_id == NULL)
    return;

  query = query_new (self);
  query->serial = ++self->imports_serial;

  task = g_task_new (self, self->cancellable, imports_done_cb, NULL);
  g_task_set_source_tag (task, refresh_imports);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, imports_thread);
}

/* Dismiss: the refusal is forgotten (the file stays refused). */
static void
dismiss_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(GError) error = NULL;

  if (!pb_store_resolve_conflict (query->store, query->conflict_id, FALSE, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
dismiss_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The store's ::changed refreshes the view. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) && !is_cancelled (error))
    g_warning ("Cannot dismiss the refused import: %s", error->message);
}

static void
dismiss_clicked_cb (PbClassesView *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  if (self->store == NULL || self->rejected_id == 0)
    return;

  query = query_new (self);
  query->conflict_id = self->rejected_id;

  task = g_task_new (self, self->cancellable, dismiss_done_cb, NULL);
  g_task_set_source_tag (task, dismiss_clicked_cb);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, dismiss_thread);
}

/* ------------------------------------------------------------------ */
/* Importing a file                                                    */

/* SIECLE exports are XML, often zipped; everything else is read as CSV.
 * The extension decides; without one, the first bytes. */
static const char *
guess_format (const char *file_name,
              GBytes     *contents)
{
  g_autofree char *lower = g_ascii_strdown (file_name != NULL ? file_name : "", -1);
  gsize size;
  const char *data = g_bytes_get_data (contents, &size);

  if (g_str_has_suffix (lower, ".xml") || g_str_has_suffix (lower, ".zip"))
    return "xml";
  if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".txt"))
    return "csv";

  /* A UTF-8 byte order mark before the XML declaration. */
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      size -= 3;
    }
  if ((size >= 1 && data[0] == '<') || (size >= 2 && memcmp (data, "PK", 2) == 0))
    return "xml";
  return "csv";
}

static void
queue_import_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Query *query = task_data;
  g_autoptr(GError) error = NULL;

  if (!pb_store_queue_learner_import (query->store, query->organization_id, query->format,
                                      query->file_name, query->contents, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_toast (PbClassesView *self,
            const char    *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
  else
    g_message ("%s", text);
}

static void
queue_import_done_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PbClassesView *self = PB_CLASSES_VIEW (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (is_cancelled (error))
        return;
      text = g_strdup_printf (_("Cannot queue the import: %s"), error->message);
      show_toast (self, text);
      return;
    }

  /* Send it now rather than at the next poll; offline, this only retries. */
  if (self->engine != NULL)
    pb_sync_engine_sync_now (self->engine);
  refresh_imports (self);
}

static void
queue_import (PbClassesView *self,
              const char    *file_name,
              GBytes        *contents)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  query = query_new (self);
  query->file_name = g_strdup (file_name);
  query->contents = g_bytes_ref (contents);
  query->format = g_strdup (guess_format (file_name, contents));

  task = g_task_new (self, self->cancellable, queue_import_done_cb, NULL);
  g_task_set_source_tag (task, queue_import);
  g_task_set_task_data (task, query, (GDestroyNotify)query_free);
  g_task_run_in_thread (task, queue_import_thread);
}

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(PbClassesView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *file_name = g_file_get_basename (G_FILE (source));
  g_autoptr(GBytes) contents = NULL;
  gsize size;

  if (!g_file_load_contents_finish (G_FILE (source), result, &data, &size, NULL, &error))
    {
      g_autofree char *text = NULL;

      if (is_cancelled (error))
        return;
      text = g_strdup_printf (_("Cannot read “%s”: %s"), file_name, error->message);
      show_toast (self, text);
      return;
    }

  /* The account may have gone while the file was read. */
  if (self->store == NULL || self->organization_id == NULL)
    return;

  contents = g_bytes_new_take (g_steal_pointer (&data), size);
  queue_import (self, file_name, contents);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     PbClassesView   *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);

  if (file != NULL)
    pb_classes_view_import_file (self, file);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *first_pattern,
            ...)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  va_list args;

  gtk_file_filter_set_name (filter, name);
  va_start (args, first_pattern);
  for (const char *pattern = first_pattern; pattern != NULL; pattern = va_arg (args, const char *))
    gtk_file_filter_add_pattern (filter, pattern);
  va_end (args);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
import_clicked_cb (PbClassesView *self)
{
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->store == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import Pupils"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Upper case too: SIECLE files often come from Windows machines. */
  add_filter (GTK_FILE_CHOOSER (chooser), _("SIECLE and CSV files"),
              "*.xml", "*.XML", "*.zip", "*.ZIP", "*.csv", "*.CSV", NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("SIECLE files (XML, ZIP)"),
              "*.xml", "*.XML", "*.zip", "*.ZIP", NULL);
  add_filter (GTK_FILE_CHOOSER (chooser), _("CSV files"), "*.csv", "*.CSV", NULL);

  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------ */
/* Search, class filter, store changes                                 */

static void
search_changed_cb (PbClassesView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  refresh_learners (self);
}

static void
stop_search_cb (PbClassesView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
division_selected_cb (PbClassesView *self,
                      GtkListBoxRow *row)
{
  const char *division;

  if (self->filling_divisions || row == NULL)
    return;

  division = g_object_get_data (G_OBJECT (row), "pb-division");
  if (g_strcmp0 (division, self->division) == 0)
    return;

  g_free (self->division);
  self->division = g_strdup (division);
  refresh_learners (self);
}

static void
store_changed_cb (PbClassesView *self,
                  guint          tables)
{
  if (tables & PB_STORE_TABLE_LEARNERS)
    {
      refresh_overview (self);
      refresh_learners (self);
    }
  else if (tables & PB_STORE_TABLE_ACCOUNT)
    refresh_overview (self);

  if (tables & PB_STORE_TABLE_OUTBOX)
    refresh_imports (self);
}

static void
find_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PbClassesView *self = PB_CLASSES_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
disconnect_account (PbClassesView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);

  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_pointer (&self->organization_id, g_free);
  g_clear_pointer (&self->pending_label, g_free);
}

static void
pb_classes_view_dispose (GObject *object)
{
  PbClassesView *self = (PbClassesView *)object;

  disconnect_account (self);
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      /* Before the template goes (gtk-anchors §6.6). */
      gtk_column_view_set_model (self->column_view, NULL);
    }
  /* The bin's child is a template child: unparent it through AdwBin, so
   * that its pointer to it never outlives it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_CLASSES_VIEW);

  G_OBJECT_CLASS (pb_classes_view_parent_class)->dispose (object);
}

static void
pb_classes_view_finalize (GObject *object)
{
  PbClassesView *self = (PbClassesView *)object;

  g_clear_object (&self->learners);
  g_free (self->search);
  g_free (self->division);

  G_OBJECT_CLASS (pb_classes_view_parent_class)->finalize (object);
}

static void
pb_classes_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PbClassesView *self = PB_CLASSES_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->learners_loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_classes_view_class_init (PbClassesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_classes_view_dispose;
  object_class->finalize = pb_classes_view_finalize;
  object_class->get_property = pb_classes_view_get_property;

  /**
   * PbClassesView:loading:
   *
   * Whether a learners query is on its way (the table still shows the
   * previous answer meanwhile).
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-classes-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, division_list);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, count_label);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, import_button);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, queued_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, queued_label);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, rejected_revealer);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, rejected_lines);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, table_stack);
  gtk_widget_class_bind_template_child (widget_class, PbClassesView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, division_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);

  gtk_widget_class_install_action (widget_class, "classes.find", NULL, find_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "classes.find", NULL);
}

static void
pb_classes_view_init (PbClassesView *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sort = PB_STORE_LEARNER_SORT_NAME;
  self->learners = pb_learner_list_new ();
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->learners)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  add_columns (self);
  gtk_column_view_sort_by_column (self->column_view, column_for_sort (self, PB_STORE_LEARNER_SORT_NAME),
                                  GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (column_sort_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->main_stack, "signed-out");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "classes.find", FALSE);
}

void
pb_classes_view_set_account (PbClassesView *self,
                             PbAccount     *account,
                             const char    *organization_id)
{
  g_return_if_fail (PB_IS_CLASSES_VIEW (self));
  g_return_if_fail (account == NULL || PB_IS_ACCOUNT (account));

  disconnect_account (self);
  self->cancellable = g_cancellable_new ();

  /* Whatever the previous account showed goes at once. */
  pb_learner_list_set_rows (self->learners, NULL);
  clear_list_box (self->division_list);
  show_rejection (self, NULL);
  update_queued_banner (self);
  self->n_total = 0;
  set_loading (self, FALSE);

  if (account == NULL || organization_id == NULL)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "classes.find", FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "signed-out");
      return;
    }

  self->account = g_object_ref (account);
  self->store = g_object_ref (pb_account_get_store (account));
  self->engine = g_object_ref (pb_account_get_sync_engine (account));
  self->organization_id = g_strdup (organization_id);

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (update_queued_banner), self,
                           G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->main_stack, "content");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "classes.find", TRUE);
  refresh_overview (self);
  refresh_learners (self);
  refresh_imports (self);
}

gboolean
pb_classes_view_get_loading (PbClassesView *self)
{
  g_return_val_if_fail (PB_IS_CLASSES_VIEW (self), FALSE);

  return self->learners_loading;
}

void
pb_classes_view_import_file (PbClassesView *self,
                             GFile         *file)
{
  g_return_if_fail (PB_IS_CLASSES_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    return;

  g_file_load_contents_async (file, self->cancellable, file_loaded_cb, g_object_ref (self));
}
