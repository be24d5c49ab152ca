/* pb-welcome-page.c
 *
 * What the window shows with no account: sign in to a server (address,
 * e-mail, password), or try the app on the demo school. The page only
 * collects and checks the form; whoever listens to ::sign-in-requested and
 * ::demo-requested does the work and reports back through
 * pb_welcome_page_set_busy() and pb_welcome_page_show_error().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-api-client.h"
#include "pb-demo-host.h"
#include "pb-server-address.h"
#include "pb-welcome-page.h"

struct _PbWelcomePage
{
  AdwBin          parent_instance;

  gboolean        busy;

  /* Template children */
  AdwStatusPage  *status_page;
  GtkStack       *stack;
  AdwEntryRow    *server_row;
  AdwEntryRow    *email_row;
  AdwEntryRow    *password_row;
  GtkLabel       *error_label;
  GtkButton      *sign_in_button;
  GtkSpinner     *sign_in_spinner;
  GtkButton      *demo_button;
  GtkSpinner     *preparing_spinner;
};

G_DEFINE_FINAL_TYPE (PbWelcomePage, pb_welcome_page, ADW_TYPE_BIN)

enum {
  SIGN_IN_REQUESTED,
  DEMO_REQUESTED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* The app's own icon travels in the resource (icons/scalable/apps), so an
 * uninstalled build shows it too, whatever the profile's app id. */
#define APP_ICON "fr.pixbureau.PixBureau"

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return *copy == '\0';
}

static gboolean
form_complete (PbWelcomePage *self)
{
  return !is_blank (row_text (self->server_row)) &&
         !is_blank (row_text (self->email_row)) &&
         *row_text (self->password_row) != '\0';
}

static void
update_sensitivity (PbWelcomePage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !self->busy && form_complete (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !self->busy);
  /* Read-only rather than insensitive: the row being typed in keeps the
   * focus (GTK 4.8 warns when a focused text turns insensitive). */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !self->busy);
}

static void
mark_row (AdwEntryRow *row,
          const char  *problem)
{
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
set_error_text (PbWelcomePage *self,
                const char    *text)
{
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
form_changed_cb (PbWelcomePage *self,
                 GtkEditable   *row)
{
  /* Once edited, the refusal no longer describes what is typed. */
  if (ADW_IS_ENTRY_ROW (row))
    mark_row (ADW_ENTRY_ROW (row), NULL);
  update_sensitivity (self);
}

static void
request_sign_in (PbWelcomePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *email = NULL;

  if (self->busy || !form_complete (self))
    return;

  /* A typo in the address is caught here, before any network. */
  address = pb_server_address_normalize (row_text (self->server_row), &error);
  if (address == NULL)
    {
      mark_row (self->server_row, error->message);
      set_error_text (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
      return;
    }

  set_error_text (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), address);
  email = g_strstrip (g_strdup (row_text (self->email_row)));
  g_signal_emit (self, signals [SIGN_IN_REQUESTED], 0, address, email, row_text (self->password_row));
}

static void
sign_in_clicked_cb (PbWelcomePage *self)
{
  request_sign_in (self);
}

/* Enter in a row signs in once the form is complete, and otherwise moves
 * on to the first row still empty. */
static void
row_activated_cb (PbWelcomePage *self)
{
  AdwEntryRow *rows[] = { self->server_row, self->email_row, self->password_row };

  if (form_complete (self))
    {
      request_sign_in (self);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      if (is_blank (row_text (rows[i])))
        {
          gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
          return;
        }
    }
}

static void
demo_clicked_cb (PbWelcomePage *self)
{
  if (self->busy)
    return;

  set_error_text (self, NULL);
  g_signal_emit (self, signals [DEMO_REQUESTED], 0);
}

static void
pb_welcome_page_dispose (GObject *object)
{
  /* The bin's child is a template child: unparented by the template, it
   * would be unparented a second time by AdwBin. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (pb_welcome_page_parent_class)->dispose (object);
}

static void
pb_welcome_page_class_init (PbWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_welcome_page_dispose;

  /**
   * PbWelcomePage::sign-in-requested:
   * @server_url: the normalized address
   * @email: the e-mail address, trimmed
   * @password: the password as typed
   *
   * The form is complete and the address makes sense.
   */
  signals [SIGN_IN_REQUESTED] =
    g_signal_new ("sign-in-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * PbWelcomePage::demo-requested:
   *
   * The demo school button was clicked.
   */
  signals [DEMO_REQUESTED] =
    g_signal_new ("demo-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/pb-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, server_row);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, PbWelcomePage, preparing_spinner);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
}

static void
pb_welcome_page_init (PbWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_status_page_set_icon_name (self->status_page, APP_ICON);
}

GtkWidget *
pb_welcome_page_new (void)
{
  return g_object_new (PB_TYPE_WELCOME_PAGE, NULL);
}

/* While a sign-in runs: the form is frozen and the button spins. */
void
pb_welcome_page_set_busy (PbWelcomePage *self,
                          gboolean       busy)
{
  g_return_if_fail (PB_IS_WELCOME_PAGE (self));

  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_spinner), self->busy);
  gtk_spinner_set_spinning (self->sign_in_spinner, self->busy);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->busy ? "progress" : NULL);
  update_sensitivity (self);
}

/* While the demo school is copied, served and synced: a spinner in place
 * of the form. */
void
pb_welcome_page_set_preparing_demo (PbWelcomePage *self,
                                    gboolean       preparing)
{
  g_return_if_fail (PB_IS_WELCOME_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, preparing ? "preparing" : "form");
  gtk_spinner_set_spinning (self->preparing_spinner, preparing);
  pb_welcome_page_set_busy (self, preparing);
}

/**
 * pb_welcome_page_describe_error:
 *
 * Returns: what went wrong with a sign-in or the demo, for people (in
 * French in the French interface); NULL for a cancellation.
 */
char *
pb_welcome_page_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;

  if (error->domain == PB_API_ERROR)
    {
      switch ((PbApiError)error->code)
        {
        case PB_API_ERROR_INVALID_CREDENTIALS:
          return g_strdup (_("The e-mail address or the password is wrong."));

        case PB_API_ERROR_TOO_MANY_ATTEMPTS:
          /* The client words it with the server's Retry-After: "Too many
           * attempts: try again in 120 s". */
          return g_strdup (error->message);

        case PB_API_ERROR_BAD_ANSWER:
        case PB_API_ERROR_REFUSED:
          return g_strdup (_("This address does not answer like a Pix Bureau server. Check the address."));

        case PB_API_ERROR_SERVER:
          return g_strdup (_("The server met an error. Try again later."));

        case PB_API_ERROR_SIGN_IN_REQUIRED:
        default:
          break;
        }
    }

  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
      error->domain == G_TLS_ERROR)
    return g_strdup (_("The server cannot be reached. Check its address and your network connection."));

  /* Written for people already: a refused address, a missing demo school. */
  if (error->domain == PB_SERVER_ADDRESS_ERROR || error->domain == PB_DEMO_HOST_ERROR)
    return g_strdup (error->message);

  return g_strdup_printf (_("Sign-in failed: %s"), error->message);
}

/* Shows what went wrong under the form, and leaves the busy state. */
void
pb_welcome_page_show_error (PbWelcomePage *self,
                            const GError  *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (PB_IS_WELCOME_PAGE (self));
  g_return_if_fail (error != NULL);

  pb_welcome_page_set_preparing_demo (self, FALSE);
  text = pb_welcome_page_describe_error (error);
  set_error_text (self, text);

  if (g_error_matches (error, PB_API_ERROR, PB_API_ERROR_INVALID_CREDENTIALS))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
}

/* Back to an empty form, keeping the address and e-mail for next time but
 * never the password. */
void
pb_welcome_page_clear (PbWelcomePage *self)
{
  g_return_if_fail (PB_IS_WELCOME_PAGE (self));

  pb_welcome_page_set_preparing_demo (self, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  set_error_text (self, NULL);
  mark_row (self->server_row, NULL);
}
