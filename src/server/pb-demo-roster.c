/* pb-demo-roster.c
 *
 * The demo school's pupils as its secretary would export them from
 * SIECLE: an ElevesSansAdresse.xml in ISO-8859-15, as BEE writes it, with
 * realistic French names, INEs, birthplaces and the lycée's divisions
 * (2nde, 1re, Terminale) of about 35 pupils. The demo imports it through
 * the same route a referent uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-demo-roster.h"
#include "pb-french-names.h"

#define PUPILS_PER_DIVISION 35

typedef struct
{
  const char *department;
  const char *insee;
  const char *city;
} Birthplace;

/* Real INSEE codes, so the import's birthplace checks pass as for a real
 * file. */
static const Birthplace birthplaces[] = {
  { "075", "75056", "PARIS" },
  { "069", "69123", "LYON" },
  { "013", "13055", "MARSEILLE" },
  { "059", "59350", "LILLE" },
  { "044", "44109", "NANTES" },
  { "031", "31555", "TOULOUSE" },
  { "033", "33063", "BORDEAUX" },
  { "067", "67482", "STRASBOURG" },
  { "035", "35238", "RENNES" },
  { "038", "38185", "GRENOBLE" },
  { "093", "93066", "SAINT-DENIS" },
  { "092", "92012", "BOULOGNE-BILLANCOURT" },
};

/* Levels of a lycée, with the MEF of its general track and the year the
 * pupils of the 2026 school year were born (one year ahead for a few). */
typedef struct
{
  const char *prefix;
  const char *mef;
  int         birth_year;
} Level;

static const Level levels[] = {
  { "2nde ", "20010018110", 2011 },
  { "1re ", "20111010110", 2010 },
  { "Tle ", "20211010110", 2009 },
};

static void
append_text_element (GString    *xml,
                     const char *indent,
                     const char *name,
                     const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (xml, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

/* An INE of the newer form: ten digits and a letter, unique through
 * @index. */
static char *
make_ine (guint   index,
          GRand  *rand)
{
  return g_strdup_printf ("%02u%08u%c", g_rand_int_range (rand, 10, 99), 10000000 + index,
                          'A' + g_rand_int_range (rand, 0, 26));
}

static void
append_pupil (GString  *xml,
              guint     index,
              guint     level,
              GRand    *rand)
{
  const Birthplace *place = &birthplaces[g_rand_int_range (rand, 0, G_N_ELEMENTS (birthplaces))];
  g_autofree char *ine = make_ine (index, rand);
  g_autofree char *birthdate = NULL;
  PbFrenchName name;
  int year = levels[level].birth_year - (g_rand_int_range (rand, 0, 10) == 0 ? 1 : 0);

  pb_french_names_pick (rand, &name);
  birthdate = g_strdup_printf ("%02d/%02d/%d", g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13), year);

  g_string_append_printf (xml, "      <ELEVE ELEVE_ID=\"%u\" ELENOET=\"%u\">\n", 100000 + index, 50000 + index);
  append_text_element (xml, "        ", "ID_NATIONAL", ine);
  append_text_element (xml, "        ", "NOM_DE_FAMILLE", name.last_name);
  append_text_element (xml, "        ", "PRENOM", name.first_name);
  append_text_element (xml, "        ", "DATE_NAISS", birthdate);
  append_text_element (xml, "        ", "CODE_PAYS", "100");
  append_text_element (xml, "        ", "CODE_DEPARTEMENT_NAISS", place->department);
  append_text_element (xml, "        ", "CODE_COMMUNE_INSEE_NAISS", place->insee);
  append_text_element (xml, "        ", "VILLE_NAISS", place->city);
  append_text_element (xml, "        ", "CODE_MEF", levels[level].mef);
  append_text_element (xml, "        ", "CODE_STATUT", "ST");
  append_text_element (xml, "        ", "CODE_SEXE", name.sex == PB_FRENCH_SEX_MALE ? "1" : "2");
  g_string_append (xml, "      </ELEVE>\n");
}

static void
append_structure (GString    *xml,
                  guint       index,
                  const char *division)
{
  g_string_append_printf (xml, "      <STRUCTURES_ELEVE ELEVE_ID=\"%u\" ELENOET=\"%u\">\n", 100000 + index,
                          50000 + index);
  g_string_append (xml, "        <STRUCTURE>\n");
  append_text_element (xml, "          ", "CODE_STRUCTURE", division);
  append_text_element (xml, "          ", "TYPE_STRUCTURE", "D");
  g_string_append (xml, "        </STRUCTURE>\n      </STRUCTURES_ELEVE>\n");
}

/* Divisions of about 35, spread over the three levels: "2nde 1"…,
 * "1re 1"…, "Tle 1"…; pupil i is in division_of[i]. */
static GPtrArray *
make_divisions (guint   n_pupils,
                guint **division_of,
                guint **level_of)
{
  GPtrArray *divisions = g_ptr_array_new_with_free_func (g_free);
  guint n_divisions = MAX (3, (n_pupils + PUPILS_PER_DIVISION / 2) / PUPILS_PER_DIVISION);

  *division_of = g_new (guint, MAX (n_pupils, 1));
  *level_of = g_new (guint, MAX (n_divisions, 1));
  for (guint d = 0; d < n_divisions; d++)
    {
      guint level = d * G_N_ELEMENTS (levels) / n_divisions;
      guint first_of_level = (level * n_divisions + G_N_ELEMENTS (levels) - 1) / G_N_ELEMENTS (levels);

      (*level_of)[d] = level;
      g_ptr_array_add (divisions, g_strdup_printf ("%s%u", levels[level].prefix, d - first_of_level + 1));
    }
  for (guint i = 0; i < n_pupils; i++)
    (*division_of)[i] = (guint)((guint64)i * n_divisions / n_pupils);
  return divisions;
}

/**
 * pb_demo_roster_generate:
 * @uai: the school's UAI
 * @n_pupils: how many pupils
 * @seed: the same seed gives the same file
 * @divisions: (out) (transfer full) (element-type utf8): the divisions, in
 *   order (2nde first)
 *
 * Returns: (transfer full): ElevesSansAdresse.xml in ISO-8859-15
 */
GBytes *
pb_demo_roster_generate (const char  *uai,
                         guint        n_pupils,
                         guint64      seed,
                         GPtrArray  **divisions)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed_array ((const guint32 *)&seed, 2);
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n");
  g_autofree guint *division_of = NULL;
  g_autofree guint *level_of = NULL;
  g_autoptr(GPtrArray) made = make_divisions (n_pupils, &division_of, &level_of);
  gsize length = 0;
  char *latin;

  g_string_append (xml, "<BEE_ELEVES VERSION=\"3.1\">\n  <PARAMETRES>\n");
  append_text_element (xml, "    ", "UAJ", uai);
  append_text_element (xml, "    ", "ANNEE_SCOLAIRE", "2026");
  g_string_append (xml, "  </PARAMETRES>\n  <DONNEES>\n    <ELEVES>\n");
  for (guint i = 0; i < n_pupils; i++)
    append_pupil (xml, i, level_of[division_of[i]], rand);
  g_string_append (xml, "    </ELEVES>\n    <STRUCTURES>\n");
  for (guint i = 0; i < n_pupils; i++)
    append_structure (xml, i, g_ptr_array_index (made, division_of[i]));
  g_string_append (xml, "    </STRUCTURES>\n  </DONNEES>\n</BEE_ELEVES>\n");

  /* Every name of pb-french-names is Latin-9: the conversion cannot fail. */
  latin = g_convert (xml->str, xml->len, "ISO-8859-15", "UTF-8", NULL, &length, NULL);
  g_assert (latin != NULL);
  if (divisions != NULL)
    *divisions = g_steal_pointer (&made);
  return g_bytes_new_take (latin, length);
}
