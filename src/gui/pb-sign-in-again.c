/* pb-sign-in-again.c
 *
 * An AdwMessageDialog closes as soon as a response is chosen (libadwaita
 * 1.2 gives no way to keep it open while the password is checked), so a
 * refused password presents a new dialog with the server's reason: the
 * person is never left without a way to retry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-sign-in-again.h"

typedef struct
{
  PbWindow  *window;
  PbAccount *account;
} SignInAgain;

static SignInAgain *
sign_in_again_new (PbWindow  *window,
                   PbAccount *account)
{
  SignInAgain *data = g_new0 (SignInAgain, 1);

  data->window = g_object_ref (window);
  data->account = g_object_ref (account);
  return data;
}

static void
sign_in_again_free (SignInAgain *data)
{
  g_object_unref (data->window);
  g_object_unref (data->account);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInAgain, sign_in_again_free)

static void
sign_in_again_closure_free (gpointer  data,
                            GClosure *closure)
{
  sign_in_again_free (data);
}

static void
signed_in_again_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SignInAgain) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!pb_account_sign_in_again_finish (data->account, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pb_sign_in_again_present (data->window, data->account, error->message);
      return;
    }

  pb_sync_engine_sync_now (pb_account_get_sync_engine (data->account));
  pb_window_add_toast (data->window, _("Signed in again: synchronizing"));
}

static void
password_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "sign-in", *gtk_editable_get_text (entry) != '\0');
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             SignInAgain      *data)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "pb-password-entry");

  /* The dialog is destroyed after this handler; a GtkPasswordEntry that
   * still has the focus then gets its inner text's focus change while it
   * is being disposed (GTK 4.8): a warning, and a cast of a dead object. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  /* The window may have moved on to another account meanwhile. */
  if (g_strcmp0 (response, "sign-in") != 0 || pb_window_get_account (data->window) != data->account)
    return;

  pb_account_sign_in_again_async (data->account, gtk_editable_get_text (entry),
                                  pb_window_get_cancellable (data->window),
                                  signed_in_again_cb, sign_in_again_new (data->window, data->account));
}

static GtkWidget *
password_box (const char *error_message,
              GtkWidget **entry)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  if (error_message != NULL)
    {
      GtkWidget *label = gtk_label_new (error_message);

      gtk_widget_set_name (label, "sign-in-again-error");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }

  *entry = gtk_password_entry_new ();
  gtk_widget_set_name (*entry, "sign-in-again-password");
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (*entry), TRUE);
  g_object_set (*entry, "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (*entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  gtk_box_append (GTK_BOX (box), *entry);
  return box;
}

void
pb_sign_in_again_present (PbWindow   *window,
                          PbAccount  *account,
                          const char *error_message)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  SignInAgain *data;

  g_return_if_fail (PB_IS_WINDOW (window));
  g_return_if_fail (PB_IS_ACCOUNT (account));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window), _("Sign In Again"), NULL));
  gtk_widget_set_name (GTK_WIDGET (dialog), "sign-in-again");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  adw_message_dialog_format_body (dialog,
                                  _("Type the password of %s to synchronize again. "
                                    "Your unsent changes are kept."),
                                  pb_account_get_email (account));
  adw_message_dialog_set_extra_child (dialog, password_box (error_message, &entry));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-in", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "sign-in", FALSE);
  adw_message_dialog_set_default_response (dialog, "sign-in");
  adw_message_dialog_set_close_response (dialog, "cancel");

  data = sign_in_again_new (window, account);
  g_object_set_data (G_OBJECT (dialog), "pb-password-entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (password_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), data,
                         sign_in_again_closure_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
