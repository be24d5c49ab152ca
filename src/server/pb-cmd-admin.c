/* pb-cmd-admin.c
 *
 * `pix-bureau-server admin …`: what a school's IT person does before anyone
 * can sign in — create users and organizations, add members.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pb-admin.h"
#include "pb-password.h"
#include "pb-server-cli.h"

#define MAX_PASSWORD_BYTES 1024

typedef struct
{
  char *data_dir;
  char *database;
} CommonOptions;

static void
common_options_clear (CommonOptions *options)
{
  g_clear_pointer (&options->data_dir, g_free);
  g_clear_pointer (&options->database, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommonOptions, common_options_clear)

static GOptionContext *
new_context (const char          *summary,
             CommonOptions       *common,
             const GOptionEntry  *entries)
{
  GOptionContext *context = g_option_context_new (summary);
  const GOptionEntry common_entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &common->data_dir, "The server's data directory (required)", "DIR" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &common->database, "A postgresql:// URL instead of SQLite", "URL" },
    { NULL }
  };

  g_option_context_add_main_entries (context, common_entries, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  return context;
}

/* Names and addresses are read as G_OPTION_ARG_FILENAME, that is as the
 * raw bytes given: G_OPTION_ARG_STRING would convert them from the locale's
 * charset and refuse "Lycée" under LANG=C, though arguments are UTF-8 in
 * practice. They are checked here instead.
 */
static gboolean
require (const char  *value,
         const char  *option,
         GError     **error)
{
  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "%s is required", option);
      return FALSE;
    }

  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s must be UTF-8 text", option);
      return FALSE;
    }

  return TRUE;
}

/* The password comes on stdin so it never shows in `ps` or shell history. */
static char *
read_password (GError **error)
{
  char buffer[MAX_PASSWORD_BYTES + 2];
  gsize length;

  length = fread (buffer, 1, sizeof buffer - 1, stdin);
  buffer[length] = '\0';
  if (length > MAX_PASSWORD_BYTES)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "The password is too long");
      return NULL;
    }

  /* One final line end, as `echo` or a terminal adds, is not part of it. */
  if (length > 0 && buffer[length - 1] == '\n')
    buffer[--length] = '\0';
  if (length > 0 && buffer[length - 1] == '\r')
    buffer[--length] = '\0';

  if (!g_utf8_validate (buffer, -1, NULL) || strlen (buffer) != length)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "The password must be UTF-8 text");
      return NULL;
    }

  return g_strdup (buffer);
}

static int
admin_create_user (int    argc,
                   char **argv)
{
  g_auto(CommonOptions) common = { NULL };
  g_autofree char *email = NULL;
  g_autofree char *first_name = NULL;
  g_autofree char *last_name = NULL;
  g_autofree char *password = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_FILENAME, &email, "The user's e-mail address, used to sign in", "EMAIL" },
    { "first-name", 0, 0, G_OPTION_ARG_FILENAME, &first_name, "First name", "NAME" },
    { "last-name", 0, 0, G_OPTION_ARG_FILENAME, &last_name, "Last name", "NAME" },
    { NULL }
  };

  context = new_context ("— create a user; the password is read from standard input", &common, entries);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (!require (email, "--email", &error) ||
      !require (first_name, "--first-name", &error) ||
      !require (last_name, "--last-name", &error) ||
      !(password = read_password (&error)) ||
      !pb_password_check_rule (password, &error) ||
      !(storage = pb_server_cli_open_storage (common.data_dir, common.database, &error)) ||
      !(id = pb_admin_create_user (storage, email, g_strstrip (first_name), g_strstrip (last_name), password, &error)))
    return pb_server_cli_fail ("admin create-user", error);

  printf ("%s\n", id);
  return 0;
}

static int
admin_create_organization (int    argc,
                           char **argv)
{
  g_auto(CommonOptions) common = { NULL };
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autofree char *uai = NULL;
  g_autofree char *organization_id = NULL;
  g_autofree char *center_id = NULL;
  gboolean with_center = FALSE;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, "The organization's name", "NAME" },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, "SCO (school), SUP (higher education) or PRO", "TYPE" },
    { "uai", 0, 0, G_OPTION_ARG_STRING, &uai, "The school's UAI, such as 0751234A (SCO)", "UAI" },
    { "with-certification-center", 0, 0, G_OPTION_ARG_NONE, &with_center, "Also create its certification centre", NULL },
    { NULL }
  };

  context = new_context ("— create an organization; prints its id (and its centre's)", &common, entries);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (!require (name, "--name", &error) || !require (type, "--type", &error))
    return pb_server_cli_fail ("admin create-organization", error);

  if (!g_str_equal (type, "SCO") && !g_str_equal (type, "SUP") && !g_str_equal (type, "PRO"))
    {
      fprintf (stderr, "pix-bureau-server admin create-organization: --type must be SCO, SUP or PRO\n");
      return 2;
    }

  if (uai != NULL && !pb_admin_is_uai (uai))
    {
      fprintf (stderr, "pix-bureau-server admin create-organization: “%s” is not a UAI (7 digits and a letter)\n", uai);
      return 2;
    }
  if (uai != NULL)
    uai[7] = g_ascii_toupper (uai[7]);

  storage = pb_server_cli_open_storage (common.data_dir, common.database, &error);
  if (storage == NULL ||
      !pb_admin_create_organization (storage, g_strstrip (name), type, uai, with_center,
                            &organization_id, &center_id, &error))
    return pb_server_cli_fail ("admin create-organization", error);

  printf ("%s\n", organization_id);
  if (center_id != NULL)
    printf ("%s\n", center_id);
  return 0;
}

static int
admin_add_member (int    argc,
                  char **argv)
{
  g_auto(CommonOptions) common = { NULL };
  g_autofree char *organization = NULL;
  g_autofree char *email = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *role = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "organization", 0, 0, G_OPTION_ARG_STRING, &organization, "The organization's id", "ID" },
    { "email", 0, 0, G_OPTION_ARG_FILENAME, &email, "The user's e-mail address", "EMAIL" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, "ADMIN (may import learners and add members) or MEMBER", "ROLE" },
    { NULL }
  };

  context = new_context ("— make a user a member of an organization", &common, entries);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (!require (organization, "--organization", &error) ||
      !require (email, "--email", &error) ||
      !require (role, "--role", &error) ||
      !(normalized = pb_admin_normalize_email (email, &error)))
    return pb_server_cli_fail ("admin add-member", error);

  if (!g_str_equal (role, "ADMIN") && !g_str_equal (role, "MEMBER"))
    {
      fprintf (stderr, "pix-bureau-server admin add-member: --role must be ADMIN or MEMBER\n");
      return 2;
    }

  storage = pb_server_cli_open_storage (common.data_dir, common.database, &error);
  if (storage == NULL || !pb_admin_add_member (storage, organization, normalized, role, &error))
    return pb_server_cli_fail ("admin add-member", error);

  return 0;
}

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} AdminCommand;

static const AdminCommand admin_commands[] = {
  { "create-user", "Create a user (password on standard input); prints its id", admin_create_user },
  { "create-organization", "Create an organization, and its certification centre; prints the ids", admin_create_organization },
  { "add-member", "Make a user an ADMIN or MEMBER of an organization", admin_add_member },
};

static void
print_admin_usage (FILE *stream)
{
  fprintf (stream, "Usage: pix-bureau-server admin COMMAND --data-dir DIR [OPTION…]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (admin_commands); i++)
    fprintf (stream, "  %-20s %s\n", admin_commands[i].name, admin_commands[i].summary);
  fprintf (stream, "\nRun “pix-bureau-server admin COMMAND --help” for its options.\n");
}

int
pb_cmd_admin (int    argc,
              char **argv)
{
  if (argc < 2)
    {
      print_admin_usage (stderr);
      return 2;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_admin_usage (stdout);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (admin_commands); i++)
    {
      if (g_str_equal (argv[1], admin_commands[i].name))
        return admin_commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, "pix-bureau-server admin: unknown command “%s”; see admin --help\n", argv[1]);
  return 2;
}
