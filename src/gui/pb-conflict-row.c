/* pb-conflict-row.c
 *
 * One change the server did not take as it was. A CONFLICT (412: someone
 * changed the record since) shows each colliding field, my value beside the
 * server's, and lets the user keep either. A REJECTED change (any other
 * 4xx) shows the server's reason, line by line and selectable so it can be
 * copied into a message to the school's administrator, and lets the user
 * send it again (after fixing things on the server) or drop it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-conflict-row.h"

struct _PbConflictRow
{
  AdwBin     parent_instance;

  gint64     conflict_id;

  GtkLabel  *title_label;
  GtkLabel  *subtitle_label;
  GtkGrid   *fields_grid;
  GtkBox    *reason_box;
  GtkLabel  *status_label;
  GtkLabel  *error_label;
  GtkButton *mine_button;
  GtkButton *theirs_button;
};

G_DEFINE_FINAL_TYPE (PbConflictRow, pb_conflict_row, ADW_TYPE_BIN)

enum {
  RESOLVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
conflict_title (const PbConflict *conflict)
{
  const char *label = conflict->label != NULL ? conflict->label : "";

  switch (conflict->op)
    {
    case PB_OUTBOX_CREATE_CAMPAIGN:
      return g_strdup_printf (_("Creation of “%s”"), label);
    case PB_OUTBOX_RENAME_CAMPAIGN:
      return g_strdup_printf (_("Renaming of “%s”"), label);
    case PB_OUTBOX_ARCHIVE_CAMPAIGN:
      return g_strdup_printf (_("Archiving of “%s”"), label);
    case PB_OUTBOX_UNARCHIVE_CAMPAIGN:
      return g_strdup_printf (_("Unarchiving of “%s”"), label);
    case PB_OUTBOX_IMPORT_LEARNERS:
      return g_strdup_printf (_("Import of “%s”"), label);
    default:
      return g_strdup (label);
    }
}

/* The attributes a campaign edit can collide on, in the teacher's words. */
static const char *
field_title (const char *name)
{
  if (g_strcmp0 (name, "name") == 0)
    return C_("conflict field", "Name");
  if (g_strcmp0 (name, "is-archived") == 0 || g_strcmp0 (name, "archived-at") == 0)
    return C_("conflict field", "State");
  if (g_strcmp0 (name, "title") == 0)
    return C_("conflict field", "Title");
  if (g_strcmp0 (name, "custom-landing-page-text") == 0)
    return C_("conflict field", "Landing page text");
  if (g_strcmp0 (name, "owner-id") == 0)
    return C_("conflict field", "Owner");

  return name;
}

/* The store gives display text; is-archived may still come as a JSON
 * boolean, which means nothing to a teacher. */
static const char *
field_value (const char *name,
             const char *value)
{
  if (value == NULL || *value == '\0')
    return NULL;

  if (g_strcmp0 (name, "is-archived") == 0)
    {
      if (g_strcmp0 (value, "true") == 0)
        return C_("campaign state", "Archived");
      if (g_strcmp0 (value, "false") == 0)
        return C_("campaign state", "Active");
    }

  return value;
}

static GtkWidget *
value_label (const char *text)
{
  GtkWidget *label;

  /* An em dash for "no value", dimmed so that it does not read as text. */
  label = gtk_label_new (text != NULL ? text : "—");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static void
add_fields (PbConflictRow    *self,
            const PbConflict *conflict)
{
  guint n = conflict->fields != NULL ? conflict->fields->len : 0;

  for (guint i = 0; i < n; i++)
    {
      const PbConflictField *field = g_ptr_array_index (conflict->fields, i);
      GtkWidget *name, *mine, *theirs;

      name = gtk_label_new (field_title (field->name));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "dim-label");
      mine = value_label (field_value (field->name, field->mine));
      theirs = value_label (field_value (field->name, field->theirs));
      gtk_widget_set_name (mine, "conflict-mine");
      gtk_widget_set_name (theirs, "conflict-theirs");

      gtk_grid_attach (self->fields_grid, name, 0, i + 1, 1, 1);
      gtk_grid_attach (self->fields_grid, mine, 1, i + 1, 1, 1);
      gtk_grid_attach (self->fields_grid, theirs, 2, i + 1, 1, 1);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->fields_grid), n > 0);
}

static void
add_reason (PbConflictRow    *self,
            const PbConflict *conflict)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *status = NULL;
  gboolean any = FALSE;

  if (conflict->reason != NULL)
    lines = g_strsplit (conflict->reason, "\n", -1);

  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    {
      GtkWidget *label;

      if (*g_strstrip (lines[i]) == '\0')
        continue;

      label = value_label (lines[i]);
      gtk_widget_set_name (label, "conflict-reason-line");
      gtk_box_append (self->reason_box, label);
      any = TRUE;
    }

  if (!any)
    {
      GtkWidget *label = value_label (_("The server gave no reason."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->reason_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->reason_box), TRUE);

  /* For the administrator, not the teacher: small and dim. */
  if (conflict->code != NULL && *conflict->code != '\0')
    status = g_strdup_printf (_("HTTP %u · %s"), conflict->status, conflict->code);
  else
    status = g_strdup_printf (_("HTTP %u"), conflict->status);
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
}

static void
set_button (GtkButton  *button,
            const char *label,
            const char *tooltip)
{
  gtk_button_set_label (button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
}

static void
mine_clicked_cb (PbConflictRow *self)
{
  g_signal_emit (self, signals[RESOLVE], 0, TRUE);
}

static void
theirs_clicked_cb (PbConflictRow *self)
{
  g_signal_emit (self, signals[RESOLVE], 0, FALSE);
}

static void
pb_conflict_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_CONFLICT_ROW);

  G_OBJECT_CLASS (pb_conflict_row_parent_class)->dispose (object);
}

static void
pb_conflict_row_class_init (PbConflictRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_conflict_row_dispose;

  /**
   * PbConflictRow::resolve:
   * @keep_mine: TRUE to send my change again, FALSE to drop it
   */
  signals[RESOLVE] =
    g_signal_new ("resolve",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, fields_grid);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, reason_box);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, mine_button);
  gtk_widget_class_bind_template_child (widget_class, PbConflictRow, theirs_button);
  gtk_widget_class_bind_template_callback (widget_class, mine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, theirs_clicked_cb);
}

static void
pb_conflict_row_init (PbConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_conflict_row_new (const PbConflict *conflict)
{
  PbConflictRow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (conflict != NULL, NULL);

  self = g_object_new (PB_TYPE_CONFLICT_ROW, NULL);
  self->conflict_id = conflict->id;

  title = conflict_title (conflict);
  gtk_label_set_text (self->title_label, title);

  if (conflict->state == PB_OUTBOX_CONFLICT)
    {
      gtk_label_set_text (self->subtitle_label,
                          _("The campaign was changed on the server after your change was made."));
      add_fields (self, conflict);
      set_button (self->mine_button, _("_Keep My Version"),
                  _("Send your version again, over the server’s"));
      set_button (self->theirs_button, _("Keep the _Server’s Version"),
                  _("Drop your change and keep what is on the server"));
    }
  else
    {
      gtk_label_set_text (self->subtitle_label, _("The server refused this change:"));
      add_reason (self, conflict);
      set_button (self->mine_button, _("_Try Again"),
                  _("Send this change again, once the problem is fixed"));
      set_button (self->theirs_button, _("_Discard My Change"),
                  _("Drop this change; the server keeps what it has"));
    }

  /* Each card reads as one item: its title names it for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);

  return GTK_WIDGET (self);
}

gint64
pb_conflict_row_get_conflict_id (PbConflictRow *self)
{
  g_return_val_if_fail (PB_IS_CONFLICT_ROW (self), 0);

  return self->conflict_id;
}

void
pb_conflict_row_set_busy (PbConflictRow *self,
                          gboolean       busy)
{
  g_return_if_fail (PB_IS_CONFLICT_ROW (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->mine_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->theirs_button), !busy);
}

void
pb_conflict_row_set_error (PbConflictRow *self,
                           const char    *message)
{
  g_return_if_fail (PB_IS_CONFLICT_ROW (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}
