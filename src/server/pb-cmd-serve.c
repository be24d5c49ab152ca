/* pb-cmd-serve.c
 *
 * `pix-bureau-server serve`: migrate, listen, print "Listening on URL" as the
 * first line on stdout (scripts and tests wait for it), and run until
 * SIGTERM or SIGINT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include "pb-server.h"
#include "pb-server-cli.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

/* HOST:PORT with an IP literal host ("[::1]:8080" for IPv6), or
 * localhost. The server binds addresses, it does not resolve names.
 */
static gboolean
parse_listen (const char    *text,
              GInetAddress **address,
              guint         *port,
              GError       **error)
{
  g_autofree char *host = NULL;
  const char *colon = strrchr (text, ':');
  guint64 value;
  char *end;

  if (colon == NULL || colon == text)
    goto invalid;

  value = g_ascii_strtoull (colon + 1, &end, 10);
  if (colon[1] == '\0' || *end != '\0' || value > 65535)
    goto invalid;

  host = g_strndup (text, colon - text);
  if (host[0] == '[' && g_str_has_suffix (host, "]"))
    {
      memmove (host, host + 1, strlen (host) - 2);
      host[strlen (host) - 2] = '\0';
    }
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  *address = g_inet_address_new_from_string (host);
  if (*address == NULL)
    goto invalid;

  *port = (guint)value;
  return TRUE;

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--listen expects HOST:PORT with an IP address, such as 127.0.0.1:8080 or [::1]:0, not “%s”",
               text);
  return FALSE;
}

static gboolean
stop_cb (gpointer user_data)
{
  pb_server_shutdown (user_data);
  return G_SOURCE_CONTINUE;
}

static GTlsCertificate *
load_certificate (const char  *cert,
                  const char  *key,
                  GError     **error)
{
  if (cert == NULL && key == NULL)
    return NULL;

  if (cert == NULL || key == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "--tls-cert and --tls-key go together");
      return NULL;
    }

  return g_tls_certificate_new_from_files (cert, key, error);
}

int
pb_cmd_serve (int    argc,
              char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *database = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(PbStorage) storage = NULL;
  g_autoptr(PbServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  PbServerSettings settings;
  guint port = 0, sigterm, sigint;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "The server's data directory (required)", "DIR" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port to listen on; port 0 picks a free one (default " DEFAULT_LISTEN ")", "HOST:PORT" },
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "A postgresql:// URL instead of SQLite in the data directory", "URL" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's PEM private key", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("— run the server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pb_server_cli_parse (context, &argc, &argv))
    return 2;

  if (!parse_listen (listen != NULL ? listen : DEFAULT_LISTEN, &address, &port, &error))
    return pb_server_cli_fail ("serve", error);

  certificate = load_certificate (tls_cert, tls_key, &error);
  if (error != NULL)
    return pb_server_cli_fail ("serve", error);

  if (data_dir != NULL && !pb_server_settings_load (&settings, data_dir, &error))
    return pb_server_cli_fail ("serve", error);

  storage = pb_server_cli_open_storage (data_dir, database, &error);
  if (storage == NULL)
    return pb_server_cli_fail ("serve", error);

  server = pb_server_new (storage, &settings, certificate, &error);
  if (server == NULL)
    return pb_server_cli_fail ("serve", error);

  uri = pb_server_listen (server, address, port, &error);
  if (uri == NULL)
    return pb_server_cli_fail ("serve", error);

  /* Handlers first: whoever reads the "Listening" line may signal at once. */
  sigterm = g_unix_signal_add (SIGTERM, stop_cb, server);
  sigint = g_unix_signal_add (SIGINT, stop_cb, server);

  /* The URL without a trailing slash, as clients join "/api/…" to it. */
  url = g_uri_to_string (uri);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  printf ("Listening on %s\n", url);
  fflush (stdout);

  while (!pb_server_is_stopped (server))
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigterm);
  g_source_remove (sigint);

  return 0;
}
