/* pb-server-address.c
 *
 * The address of a pix-bureau-server as a person types it in the
 * preferences: "pix.lycee-curie.fr", "https://pix.lycee-curie.fr/",
 * "localhost:8080"… normalized to the base URL the client talks to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pb-server-address.h"

G_DEFINE_QUARK (pb-server-address-error-quark, pb_server_address_error)

/* "127." must start an IP address: "127.college.fr" is a remote name. */
static gboolean
is_loopback_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 ||
         (g_str_has_prefix (host, "127.") && g_hostname_is_ip_address (host)) ||
         strcmp (host, "::1") == 0;
}

/* GUri percent-encodes what a host name cannot hold ("pix lycee" becomes
 * "pix%20lycee"); refuse it instead of sending the person to a name that
 * cannot resolve.
 */
static gboolean
is_valid_host (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  for (const char *c = host; *c != '\0'; c++)
    {
      if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
        return FALSE;
    }

  return TRUE;
}

/* Without a scheme, HTTPS is assumed: a school's server carries pupils'
 * personal data and must not be reached in clear text by accident. Only a
 * server on this very machine (the demo, a test) is assumed to be plain HTTP.
 */
static char *
with_scheme (const char *text)
{
  g_autofree char *host = NULL;
  const char *end;

  if (strstr (text, "://") != NULL)
    return g_strdup (text);

  if (text[0] == '[')
    end = strchr (text, ']');
  else
    end = text + strcspn (text, ":/");

  host = end != NULL ? g_strndup (text + (text[0] == '['), end - text - (text[0] == '[')) : g_strdup (text);

  return g_strconcat (is_loopback_host (host) ? "http://" : "https://", text, NULL);
}


/**
 * pb_server_address_normalize:
 * @text: what the person typed
 *
 * Returns: (transfer full): "scheme://host[:port][/path]" with no trailing
 * slash, or %NULL with @error set
 */
char *
pb_server_address_normalize (const char  *text,
                             GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *full = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    {
      g_set_error_literal (error, PB_SERVER_ADDRESS_ERROR, PB_SERVER_ADDRESS_ERROR_EMPTY,
                           _("Enter the address of your Pix Bureau server"));
      return NULL;
    }

  full = with_scheme (trimmed);
  uri = g_uri_parse (full, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !is_valid_host (g_uri_get_host (uri)) ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, PB_SERVER_ADDRESS_ERROR, PB_SERVER_ADDRESS_ERROR_INVALID,
                           _("This is not a server address. Enter an address such as https://pix.my-school.fr"));
      return NULL;
    }

  /* GUri lower-cases the scheme. */
  scheme = g_uri_get_scheme (uri);
  if (strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0)
    {
      g_set_error_literal (error, PB_SERVER_ADDRESS_ERROR, PB_SERVER_ADDRESS_ERROR_SCHEME,
                           _("Only http:// and https:// addresses are supported"));
      return NULL;
    }

  /* A server behind a reverse proxy may live under a path; keep it, without
   * the trailing slash, so "/api/…" can be appended.
   */
  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';

  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), path, NULL, NULL);
}
