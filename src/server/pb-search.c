/* pb-search.c
 *
 * Searching names the way teachers type them: without accents or capitals
 * ("zoe" finds "Zoé", "oedipe" finds "Œdipe"). Stored records keep a
 * search key folded the same way, and queries compare with LIKE, so both
 * database engines give the same answers (their own lower() functions
 * differ outside ASCII).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-search.h"

/**
 * pb_search_key:
 *
 * Returns: (transfer full): @text transliterated to ASCII and lower-cased
 */
char *
pb_search_key (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text != NULL ? text : "", "C");

  return g_ascii_strdown (ascii, -1);
}

/**
 * pb_search_words:
 *
 * Returns: (transfer full): the folded words of a search, every one of
 *   which a match must contain; none for a blank search
 */
GStrv
pb_search_words (const char *text)
{
  g_autofree char *key = pb_search_key (text);
  g_auto(GStrv) parts = g_strsplit_set (key, " \t'-", -1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_strv_builder_add (words, parts[i]);
  return g_strv_builder_end (words);
}

/**
 * pb_search_like_pattern:
 *
 * Returns: (transfer full): a LIKE pattern (with ESCAPE '\') matching
 *   @word anywhere; a "_" or "%" typed by a teacher matches only itself
 */
static char *
pb_search_like_pattern (const char *word)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

/**
 * pb_search_add_conditions:
 * @where: a WHERE clause being built
 * @parameters: its parameters so far, after $1 (which the caller binds)
 * @words: from pb_search_words()
 *
 * Requires every word in the row's search_key (alias r).
 */
void
pb_search_add_conditions (GString   *where,
                          GPtrArray *parameters,
                          GStrv      words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_ptr_array_add (parameters, pb_search_like_pattern (words[i]));
      g_string_append_printf (where, " AND r.search_key LIKE $%u ESCAPE '\\'", parameters->len + 1);
    }
}

/**
 * pb_search_add_in_condition:
 * @where: a WHERE clause being built
 * @parameters: its parameters so far, after $1 (which the caller binds)
 * @column: the column, such as "r.division"
 * @values: the values it may take; none adds no condition
 *
 * The filters a list takes as filter[NAME][]=…, repeated.
 */
void
pb_search_add_in_condition (GString    *where,
                            GPtrArray  *parameters,
                            const char *column,
                            GStrv       values)
{
  if (values[0] == NULL)
    return;
  g_string_append_printf (where, " AND %s IN (", column);
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_ptr_array_add (parameters, g_strdup (values[i]));
      g_string_append_printf (where, "%s$%u", i > 0 ? ", " : "", parameters->len + 1);
    }
  g_string_append (where, ")");
}
