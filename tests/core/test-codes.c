/* test-codes.c — campaign, session access and verification codes
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib.h>

#include "pb-codes.h"

/* The alphabets are spelled out again here, on purpose: a change to the ones
 * in pb-codes.h must break these tests. */
#define CAMPAIGN_LETTERS     "ABCDEFGHJKMNPQRSTUVWXYZ"
#define CAMPAIGN_DIGITS      "23456789"
#define ACCESS_LETTERS       "BCDFGHJKMPQRTVWXY"
#define ACCESS_DIGITS        "2346789"
#define VERIFICATION_CHARS   "2346789BCDFGHJKMPQRTVWXY"

#define N_FORMAT_DRAWS     1000
#define N_FREQUENCY_DRAWS 20000

static void
assert_chars_in (const char *chars,
                 gsize       n,
                 const char *alphabet)
{
  for (gsize i = 0; i < n; i++)
    {
      if (chars[i] == '\0' || strchr (alphabet, chars[i]) == NULL)
        {
          g_test_fail_printf ("“%s”: character %" G_GSIZE_FORMAT " is not one of “%s”",
                              chars, i, alphabet);
          return;
        }
    }
}

static void
assert_distinct (const char *chars,
                 gsize       n)
{
  for (gsize i = 0; i < n; i++)
    g_assert_null (memchr (chars, chars[i], i));
}

static void
test_campaign_format (void)
{
  for (guint i = 0; i < N_FORMAT_DRAWS && !g_test_failed (); i++)
    {
      g_autofree char *code = pb_code_generate (PB_CODE_CAMPAIGN);

      g_assert_cmpuint (strlen (code), ==, 9);
      if (g_test_failed ())
        break;
      assert_chars_in (code, 6, CAMPAIGN_LETTERS);
      assert_chars_in (code + 6, 3, CAMPAIGN_DIGITS);
      g_assert_true (pb_code_is_valid (PB_CODE_CAMPAIGN, code));
    }
}

static void
test_session_access_format (void)
{
  for (guint i = 0; i < N_FORMAT_DRAWS && !g_test_failed (); i++)
    {
      g_autofree char *code = pb_code_generate (PB_CODE_SESSION_ACCESS);

      g_assert_cmpuint (strlen (code), ==, 6);
      if (g_test_failed ())
        break;
      assert_chars_in (code, 4, ACCESS_LETTERS);
      assert_chars_in (code + 4, 2, ACCESS_DIGITS);
      g_assert_true (pb_code_is_valid (PB_CODE_SESSION_ACCESS, code));
    }
}

static void
test_verification_format (void)
{
  for (guint i = 0; i < N_FORMAT_DRAWS && !g_test_failed (); i++)
    {
      g_autofree char *code = pb_code_generate (PB_CODE_VERIFICATION);

      g_assert_cmpuint (strlen (code), ==, 10);
      if (g_test_failed ())
        break;
      g_assert_true (g_str_has_prefix (code, "P-"));
      assert_chars_in (code + 2, 8, VERIFICATION_CHARS);
      assert_distinct (code + 2, 8);
      g_assert_true (pb_code_is_valid (PB_CODE_VERIFICATION, code));
    }
}

static void
test_lengths (void)
{
  g_assert_cmpuint (pb_code_get_length (PB_CODE_CAMPAIGN), ==, 9);
  g_assert_cmpuint (pb_code_get_length (PB_CODE_SESSION_ACCESS), ==, 6);
  g_assert_cmpuint (pb_code_get_length (PB_CODE_VERIFICATION), ==, 10);
}

/* Puts every printable ASCII character at position @pos of the valid code
 * @base and checks that the validator accepts exactly those of @expected. */
static void
assert_position_accepts (PbCodeKind  kind,
                         const char *base,
                         gsize       pos,
                         const char *expected)
{
  g_autofree char *code = g_strdup (base);

  g_assert_true (pb_code_is_valid (kind, base));

  for (int c = 0x21; c < 0x7f; c++)
    {
      gboolean in_expected = strchr (expected, c) != NULL;

      code[pos] = c;
      if (pb_code_is_well_formed (kind, code) != in_expected)
        g_test_fail_printf ("“%s”: expected %s", code, in_expected ? "valid" : "invalid");
    }
}

static void
assert_none_of (const char *alphabet,
                const char *forbidden)
{
  for (const char *c = forbidden; *c != '\0'; c++)
    g_assert_null (strchr (alphabet, *c));
}

static void
test_alphabets (void)
{
  /* Campaign: A–Z without I, L, O, which read as 1 and 0; digits 2–9. */
  assert_none_of (CAMPAIGN_LETTERS, "ILO01");
  g_assert_cmpuint (strlen (CAMPAIGN_LETTERS), ==, 26 - 3);
  assert_position_accepts (PB_CODE_CAMPAIGN, "SDRUYE745", 0, CAMPAIGN_LETTERS);
  assert_position_accepts (PB_CODE_CAMPAIGN, "SDRUYE745", 5, CAMPAIGN_LETTERS);
  assert_position_accepts (PB_CODE_CAMPAIGN, "SDRUYE745", 6, CAMPAIGN_DIGITS);
  assert_position_accepts (PB_CODE_CAMPAIGN, "SDRUYE745", 8, CAMPAIGN_DIGITS);

  /* Session access and verification: no vowel, no 0, 1 or 5; among the
   * consonants L, N, S and Z are left out too. */
  assert_none_of (ACCESS_LETTERS, "AEIOU015LNSZ");
  assert_none_of (ACCESS_DIGITS, "015");
  assert_none_of (VERIFICATION_CHARS, "AEIOU015");
  assert_position_accepts (PB_CODE_SESSION_ACCESS, "BCDF22", 0, ACCESS_LETTERS);
  assert_position_accepts (PB_CODE_SESSION_ACCESS, "BCDF22", 3, ACCESS_LETTERS);
  assert_position_accepts (PB_CODE_SESSION_ACCESS, "BCDF22", 4, ACCESS_DIGITS);
  assert_position_accepts (PB_CODE_SESSION_ACCESS, "BCDF22", 5, ACCESS_DIGITS);
  assert_position_accepts (PB_CODE_VERIFICATION, "P-C3YFQ8GD", 2, VERIFICATION_CHARS);
  assert_position_accepts (PB_CODE_VERIFICATION, "P-C3YFQ8GD", 9, VERIFICATION_CHARS);
}

static void
test_validate_campaign (void)
{
  g_assert_true (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYE745"));
  g_assert_true (pb_code_is_valid (PB_CODE_CAMPAIGN, "ZZZZZZ999"));

  /* The seed's example SDRUYE145 predates the current alphabet: 1 is out. */
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYE145"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "ABCDEF123"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "ABCDEI234"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "ABCDEL234"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "ABCDEO234"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "ABCDEF230"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "sdruye745"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYe745"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUY2745"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYEA45"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYE74"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYE7455"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, " SDRUYE745"));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, "SDRUYE745 "));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, ""));
  g_assert_false (pb_code_is_valid (PB_CODE_CAMPAIGN, NULL));
}

static void
test_validate_session_access (void)
{
  g_assert_true (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF22"));
  g_assert_true (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "YXWV99"));

  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDA22"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDL22"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF25"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF21"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF20"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "bcdf22"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCD22F"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF2"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, "BCDF222"));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, ""));
  g_assert_false (pb_code_is_valid (PB_CODE_SESSION_ACCESS, NULL));
}

static void
test_validate_verification (void)
{
  g_assert_true (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8GD"));
  g_assert_true (pb_code_is_valid (PB_CODE_VERIFICATION, "P-2346789B"));

  /* A real code from a 2021 certificate: it repeats C, which the current
   * generator never does, yet it must still be accepted for a look-up. */
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8GC"));
  g_assert_true (pb_code_is_well_formed (PB_CODE_VERIFICATION, "P-C3YFQ8GC"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-BBCDFGHJ"));
  g_assert_true (pb_code_is_well_formed (PB_CODE_VERIFICATION, "P-BBCDFGHJ"));

  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8GA"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8G5"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8G0"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8G1"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-c3yfq8gd"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "p-C3YFQ8GD"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P_C3YFQ8GD"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "PC3YFQ8GDB"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "C3YFQ8GD"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8G"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, "P-C3YFQ8GDB"));
  g_assert_false (pb_code_is_valid (PB_CODE_VERIFICATION, NULL));
  g_assert_false (pb_code_is_well_formed (PB_CODE_VERIFICATION, NULL));
}

/* Counts, over many codes, how often each character shows up in the
 * [@start, @start + @n) span, and checks that every character of @alphabet
 * appears and that none is more than 3 times as frequent as another. With
 * thousands of draws per character a fair generator is nowhere near 3×. */
static void
assert_rough_uniformity (PbCodeKind  kind,
                         gsize       start,
                         gsize       n,
                         const char *alphabet)
{
  guint counts[256] = { 0 };
  guint min_count = G_MAXUINT;
  guint max_count = 0;

  for (guint i = 0; i < N_FREQUENCY_DRAWS; i++)
    {
      g_autofree char *code = pb_code_generate (kind);

      for (gsize j = start; j < start + n; j++)
        counts[(guchar) code[j]]++;
    }

  for (const char *c = alphabet; *c != '\0'; c++)
    {
      min_count = MIN (min_count, counts[(guchar) *c]);
      max_count = MAX (max_count, counts[(guchar) *c]);
    }

  g_assert_cmpuint (min_count, >, 0);
  g_assert_cmpuint (max_count, <=, 3 * min_count);
}

static void
test_uniformity (void)
{
  assert_rough_uniformity (PB_CODE_CAMPAIGN, 0, 6, CAMPAIGN_LETTERS);
  assert_rough_uniformity (PB_CODE_CAMPAIGN, 6, 3, CAMPAIGN_DIGITS);
  assert_rough_uniformity (PB_CODE_SESSION_ACCESS, 0, 4, ACCESS_LETTERS);
  assert_rough_uniformity (PB_CODE_SESSION_ACCESS, 4, 2, ACCESS_DIGITS);

  /* Distinct draws must stay uniform at every position, the last included */
  for (gsize pos = 2; pos < 10; pos++)
    assert_rough_uniformity (PB_CODE_VERIFICATION, pos, 1, VERIFICATION_CHARS);
}

/* A byte modulo 23 would make A, B and C (256 % 23 = 3 values) 12/11 as likely
 * as the other letters, about 9 % more. Over 300 000 letters the unbiased
 * difference between the two means has a standard deviation near 0.5 %, so a
 * 4.5 % threshold sits more than 8 deviations from either case. */
static void
test_no_modulo_bias (void)
{
  guint counts[256] = { 0 };
  double first_three = 0, others = 0;

  for (guint i = 0; i < 50000; i++)
    {
      g_autofree char *code = pb_code_generate (PB_CODE_CAMPAIGN);

      for (gsize j = 0; j < 6; j++)
        counts[(guchar) code[j]]++;
    }

  for (gsize i = 0; i < strlen (CAMPAIGN_LETTERS); i++)
    {
      if (i < 3)
        first_three += counts[(guchar) CAMPAIGN_LETTERS[i]] / 3.0;
      else
        others += counts[(guchar) CAMPAIGN_LETTERS[i]] / 20.0;
    }

  g_assert_cmpfloat (first_three / others, <, 1.045);
  g_assert_cmpfloat (first_three / others, >, 1 / 1.045);
}

typedef struct
{
  guint  n_calls;
  guint  n_taken;      /* answer "taken" to this many calls first */
  char  *last_code;
} TakenState;

static gboolean
first_n_taken (const char *code,
               gpointer    user_data)
{
  TakenState *state = user_data;

  g_assert_true (pb_code_is_valid (PB_CODE_SESSION_ACCESS, code));
  g_free (state->last_code);
  state->last_code = g_strdup (code);

  return state->n_calls++ < state->n_taken;
}

static void
test_unique_retries (void)
{
  TakenState state = { 0, 5, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = pb_code_generate_unique (PB_CODE_SESSION_ACCESS, first_n_taken, &state, 10, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (state.n_calls, ==, 6);
  g_assert_cmpstr (code, ==, state.last_code);
  g_free (state.last_code);
}

static gboolean
taken_unless_starts_with_z (const char *code,
                            gpointer    user_data)
{
  guint *n_calls = user_data;

  (*n_calls)++;
  return code[0] != 'Z';
}

static void
test_unique_returns_untaken (void)
{
  guint n_calls = 0;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  /* 1 code in 23 starts with Z; 10 000 tries cannot all miss in practice */
  code = pb_code_generate_unique (PB_CODE_CAMPAIGN, taken_unless_starts_with_z, &n_calls,
                                  10000, &error);

  g_assert_no_error (error);
  g_assert_true (pb_code_is_valid (PB_CODE_CAMPAIGN, code));
  g_assert_cmpint (code[0], ==, 'Z');
  g_assert_cmpuint (n_calls, >=, 1);
}

static void
test_unique_exhausted (void)
{
  TakenState state = { 0, G_MAXUINT, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  code = pb_code_generate_unique (PB_CODE_SESSION_ACCESS, first_n_taken, &state, 7, &error);

  g_assert_null (code);
  g_assert_error (error, PB_CODE_ERROR, PB_CODE_ERROR_EXHAUSTED);
  g_assert_cmpuint (state.n_calls, ==, 7);
  g_free (state.last_code);

  /* No try at all: nothing can be found */
  g_clear_error (&error);
  state.n_calls = 0;
  state.last_code = NULL;
  code = pb_code_generate_unique (PB_CODE_SESSION_ACCESS, first_n_taken, &state, 0, &error);
  g_assert_null (code);
  g_assert_error (error, PB_CODE_ERROR, PB_CODE_ERROR_EXHAUSTED);
  g_assert_cmpuint (state.n_calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* With -k, a failed check marks its case failed and the run goes on */
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/codes/campaign/format", test_campaign_format);
  g_test_add_func ("/codes/session-access/format", test_session_access_format);
  g_test_add_func ("/codes/verification/format", test_verification_format);
  g_test_add_func ("/codes/lengths", test_lengths);
  g_test_add_func ("/codes/alphabets", test_alphabets);
  g_test_add_func ("/codes/campaign/validate", test_validate_campaign);
  g_test_add_func ("/codes/session-access/validate", test_validate_session_access);
  g_test_add_func ("/codes/verification/validate", test_validate_verification);
  g_test_add_func ("/codes/uniformity", test_uniformity);
  g_test_add_func ("/codes/campaign/no-modulo-bias", test_no_modulo_bias);
  g_test_add_func ("/codes/unique/retries", test_unique_retries);
  g_test_add_func ("/codes/unique/returns-untaken", test_unique_returns_untaken);
  g_test_add_func ("/codes/unique/exhausted", test_unique_exhausted);

  return g_test_run ();
}
