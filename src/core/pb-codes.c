/* pb-codes.c — the short codes people type: campaign, session access and
 * certificate verification codes
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gi18n-lib.h>

#include "pb-codes.h"
#include "pb-random.h"

/* A code is a fixed prefix followed by two parts, each a fixed number of
 * characters drawn from one alphabet; a code with a single part leaves the
 * second one empty (no character). */
typedef struct
{
  const char *alphabet;
  guint       count;
  /* TRUE when no character may appear twice in this part */
  gboolean    distinct;
} PbCodePart;

typedef struct
{
  const char *prefix;
  PbCodePart  parts[2];
} PbCodeFormat;

static const PbCodeFormat campaign_format = {
  "",
  {
    { PB_CODE_CAMPAIGN_LETTERS, 6, FALSE },
    { PB_CODE_CAMPAIGN_DIGITS, 3, FALSE },
  },
};

static const PbCodeFormat session_access_format = {
  "",
  {
    { PB_CODE_SESSION_ACCESS_LETTERS, 4, FALSE },
    { PB_CODE_SESSION_ACCESS_DIGITS, 2, FALSE },
  },
};

static const PbCodeFormat verification_format = {
  PB_CODE_VERIFICATION_PREFIX,
  {
    { PB_CODE_VERIFICATION_CHARS, 8, TRUE },
    { "", 0, FALSE },  /* unused */
  },
};

/* Random bytes are read from the kernel a block at a time and handed out one
 * by one, so one code costs a single system call. */
typedef struct
{
  guint8 bytes[64];
  gsize  n_left;
} PbRandomPool;

G_DEFINE_QUARK (pb-code-error-quark, pb_code_error)

static const PbCodeFormat *
pb_code_format_for_kind (PbCodeKind kind)
{
  switch (kind)
    {
    case PB_CODE_CAMPAIGN:
      return &campaign_format;
    case PB_CODE_SESSION_ACCESS:
      return &session_access_format;
    case PB_CODE_VERIFICATION:
      return &verification_format;
    default:
      g_return_val_if_reached (NULL);
    }
}

static gsize
pb_code_format_get_length (const PbCodeFormat *format)
{
  gsize length = strlen (format->prefix);

  for (guint i = 0; i < G_N_ELEMENTS (format->parts); i++)
    length += format->parts[i].count;

  return length;
}

static guint8
pb_random_pool_next_byte (PbRandomPool *pool)
{
  if (pool->n_left == 0)
    {
      pb_random_fill (pool->bytes, sizeof pool->bytes);
      pool->n_left = sizeof pool->bytes;
    }

  return pool->bytes[--pool->n_left];
}

/* Returns a uniform integer in [0, @n), 1 ≤ @n ≤ 256. Taking a byte modulo @n
 * would favour the first 256 % @n values, so bytes at or above the largest
 * multiple of @n are thrown away: each value keeps exactly 256 / @n bytes. */
static guint
pb_random_pool_uniform (PbRandomPool *pool,
                        guint         n)
{
  guint limit = 256 - 256 % n;

  for (;;)
    {
      guint byte = pb_random_pool_next_byte (pool);

      if (byte < limit)
        return byte % n;
    }
}

/* The bytes left in the pool are the start of a code nobody generated yet;
 * wipe them rather than leave them on the stack. */
static void
pb_random_pool_clear (PbRandomPool *pool)
{
  explicit_bzero (pool, sizeof *pool);
}

/* Each character is drawn independently, so characters may repeat. */
static void
pb_code_append_independent (GString          *code,
                            const PbCodePart *part,
                            PbRandomPool     *pool)
{
  guint n = strlen (part->alphabet);

  for (guint i = 0; i < part->count; i++)
    g_string_append_c (code, part->alphabet[pb_random_pool_uniform (pool, n)]);
}

/* Draws @part->count distinct characters, every ordered choice equally likely:
 * the first steps of a Fisher–Yates shuffle of the alphabet. Step i swaps a
 * character picked among the not yet used ones (positions i..n-1) into
 * position i and emits it. */
static void
pb_code_append_distinct (GString          *code,
                         const PbCodePart *part,
                         PbRandomPool     *pool)
{
  char chars[256];
  guint n = strlen (part->alphabet);

  g_assert (part->count <= n && n <= sizeof chars);
  memcpy (chars, part->alphabet, n);

  for (guint i = 0; i < part->count; i++)
    {
      guint j = i + pb_random_pool_uniform (pool, n - i);
      char picked = chars[j];

      chars[j] = chars[i];
      chars[i] = picked;
      g_string_append_c (code, picked);
    }
}

static gboolean
pb_char_in_set (char        c,
                const char *set)
{
  /* strchr() would find the terminating NUL of @set */
  return c != '\0' && strchr (set, c) != NULL;
}

/* Checks the @part->count characters at @chars; @chars holds at least that
 * many bytes (the caller checked the total length). */
static gboolean
pb_code_part_matches (const PbCodePart *part,
                      const char       *chars,
                      gboolean          check_distinct)
{
  for (guint i = 0; i < part->count; i++)
    {
      if (!pb_char_in_set (chars[i], part->alphabet))
        return FALSE;

      if (check_distinct && part->distinct && memchr (chars, chars[i], i) != NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
pb_code_matches (PbCodeKind  kind,
                 const char *code,
                 gboolean    check_distinct)
{
  const PbCodeFormat *format = pb_code_format_for_kind (kind);
  gsize length;
  const char *p;

  if (format == NULL || code == NULL)
    return FALSE;

  /* strnlen() stops early on a huge string: anything longer is wrong anyway */
  length = pb_code_format_get_length (format);
  if (strnlen (code, length + 1) != length)
    return FALSE;

  if (!g_str_has_prefix (code, format->prefix))
    return FALSE;

  p = code + strlen (format->prefix);
  for (guint i = 0; i < G_N_ELEMENTS (format->parts); i++)
    {
      if (!pb_code_part_matches (&format->parts[i], p, check_distinct))
        return FALSE;
      p += format->parts[i].count;
    }

  return TRUE;
}

/**
 * pb_code_get_length:
 * @kind: a #PbCodeKind
 *
 * Returns: the number of characters of a code of @kind, prefix included
 *   (9 for campaigns, 6 for session access, 10 for verification)
 */
gsize
pb_code_get_length (PbCodeKind kind)
{
  const PbCodeFormat *format = pb_code_format_for_kind (kind);

  g_return_val_if_fail (format != NULL, 0);

  return pb_code_format_get_length (format);
}

/**
 * pb_code_generate:
 * @kind: a #PbCodeKind
 *
 * Draws a new code of @kind from the kernel's cryptographic random source,
 * every allowed code being equally likely. Nothing checks that the code is
 * unused; see pb_code_generate_unique().
 *
 * Returns: (transfer full): a code for which pb_code_is_valid() holds
 */
char *
pb_code_generate (PbCodeKind kind)
{
  const PbCodeFormat *format = pb_code_format_for_kind (kind);
  PbRandomPool pool = { .n_left = 0 };
  GString *code;

  g_return_val_if_fail (format != NULL, NULL);

  code = g_string_sized_new (pb_code_format_get_length (format));
  g_string_append (code, format->prefix);

  for (guint i = 0; i < G_N_ELEMENTS (format->parts); i++)
    {
      const PbCodePart *part = &format->parts[i];

      if (part->distinct)
        pb_code_append_distinct (code, part, &pool);
      else
        pb_code_append_independent (code, part, &pool);
    }

  pb_random_pool_clear (&pool);

  return g_string_free (code, FALSE);
}

/**
 * pb_code_generate_unique:
 * @kind: a #PbCodeKind
 * @is_taken: (scope call): tells whether a code is already in use
 * @user_data: data for @is_taken
 * @max_tries: how many codes to draw before giving up (Pix uses 1000 for
 *   verification codes)
 * @error: return location for a #GError
 *
 * Draws codes of @kind until @is_taken says one is free: a code must never
 * be handed out twice, and @is_taken is where the caller looks it up (a
 * campaign code among all campaigns, for instance).
 *
 * Returns: (transfer full) (nullable): an unused code, or %NULL with
 *   %PB_CODE_ERROR_EXHAUSTED after @max_tries taken codes
 */
char *
pb_code_generate_unique (PbCodeKind          kind,
                         PbCodeIsTakenFunc   is_taken,
                         gpointer            user_data,
                         guint               max_tries,
                         GError            **error)
{
  g_return_val_if_fail (pb_code_format_for_kind (kind) != NULL, NULL);
  g_return_val_if_fail (is_taken != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < max_tries; i++)
    {
      g_autofree char *code = pb_code_generate (kind);

      if (!is_taken (code, user_data))
        return g_steal_pointer (&code);
    }

  g_set_error (error, PB_CODE_ERROR, PB_CODE_ERROR_EXHAUSTED,
               g_dngettext (GETTEXT_PACKAGE,
                            "No unused code was found in %u attempt",
                            "No unused code was found in %u attempts",
                            max_tries),
               max_tries);

  return NULL;
}

/**
 * pb_code_is_valid:
 * @kind: a #PbCodeKind
 * @code: (nullable): the text to check
 *
 * Tells whether @code could have come from pb_code_generate(): exact length,
 * prefix, upper-case characters from the right alphabets, and for
 * verification codes 8 distinct characters. Nothing is trimmed or upper-cased;
 * normalize user input first.
 *
 * Returns: %TRUE if @code is a well-formed code of @kind
 */
gboolean
pb_code_is_valid (PbCodeKind  kind,
                  const char *code)
{
  return pb_code_matches (kind, code, TRUE);
}

/**
 * pb_code_is_well_formed:
 * @kind: a #PbCodeKind
 * @code: (nullable): the text to check
 *
 * Like pb_code_is_valid() but lets a verification code repeat a character,
 * as those printed on certificates issued before Pix drew distinct ones do
 * (e.g. "P-C3YFQ8GC"). Use it to accept a code typed in to be looked up;
 * for campaign and session access codes it is pb_code_is_valid().
 *
 * Returns: %TRUE if @code has the length, prefix and alphabets of @kind
 */
gboolean
pb_code_is_well_formed (PbCodeKind  kind,
                        const char *code)
{
  return pb_code_matches (kind, code, FALSE);
}
