/* test-server-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "pb-server-address.h"

static void
assert_normalized (const char *text,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = pb_server_address_normalize (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (address, ==, expected);
}

static void
assert_refused (const char *text,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = pb_server_address_normalize (text, &error);

  g_assert_null (address);
  g_assert_error (error, PB_SERVER_ADDRESS_ERROR, code);
}

static void
test_kept (void)
{
  assert_normalized ("https://pix.lycee-curie.fr", "https://pix.lycee-curie.fr");
  assert_normalized ("http://10.0.0.5:8080", "http://10.0.0.5:8080");
}

static void
test_trimmed (void)
{
  assert_normalized ("  https://pix.lycee-curie.fr/  ", "https://pix.lycee-curie.fr");
  assert_normalized ("HTTPS://pix.lycee-curie.fr/pix//", "https://pix.lycee-curie.fr/pix");
}

static void
test_default_scheme (void)
{
  /* Remote servers get HTTPS, this machine's own server plain HTTP. */
  assert_normalized ("pix.lycee-curie.fr", "https://pix.lycee-curie.fr");
  assert_normalized ("pix.lycee-curie.fr:8443/bureau", "https://pix.lycee-curie.fr:8443/bureau");
  assert_normalized ("localhost:8080", "http://localhost:8080");
  assert_normalized ("127.0.0.1:8080", "http://127.0.0.1:8080");
  assert_normalized ("[::1]:8080", "http://[::1]:8080");
}

/* Only an IP address starting with 127 is this machine: a host name that
 * merely starts with "127." is remote, and must not get plain HTTP. */
static void
test_loopback_lookalike (void)
{
  assert_normalized ("127.college.fr", "https://127.college.fr");
  assert_normalized ("127.0.0.1.example.fr:8080", "https://127.0.0.1.example.fr:8080");
  assert_normalized ("127.0.0.2", "http://127.0.0.2");
}

static void
test_refused (void)
{
  assert_refused ("", PB_SERVER_ADDRESS_ERROR_EMPTY);
  assert_refused ("   ", PB_SERVER_ADDRESS_ERROR_EMPTY);
  assert_refused ("ftp://pix.lycee-curie.fr", PB_SERVER_ADDRESS_ERROR_SCHEME);
  assert_refused ("https://", PB_SERVER_ADDRESS_ERROR_INVALID);
  assert_refused ("https://user:secret@pix.lycee-curie.fr", PB_SERVER_ADDRESS_ERROR_INVALID);
  assert_refused ("https://pix.lycee-curie.fr/?a=b", PB_SERVER_ADDRESS_ERROR_INVALID);
  assert_refused ("https://pix lycee", PB_SERVER_ADDRESS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/server-address/kept", test_kept);
  g_test_add_func ("/sync/server-address/trimmed", test_trimmed);
  g_test_add_func ("/sync/server-address/default-scheme", test_default_scheme);
  g_test_add_func ("/sync/server-address/loopback-lookalike", test_loopback_lookalike);
  g_test_add_func ("/sync/server-address/refused", test_refused);

  return g_test_run ();
}
