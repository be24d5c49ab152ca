/* pb-test-siecle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <archive.h>
#include <archive_entry.h>

#include "pb-test-siecle.h"

#define FIRST_PUPIL_ID 1001

static const char * const generated_first_names[] = {
  "Zoé", "Noël", "Léa", "Chloé", "Anaïs", "Maël", "Inès", "Jérôme", "François",
  "Hélène", "Océane", "Loïc", "Éloïse", "Gaëlle", "Benoît", "Joël", "Héloïse",
  "Cécile", "Raphaël", "Maëlys", "Thaïs", "Clément", "Aurélien", "Bérénice",
};

static const char * const generated_last_names[] = {
  "Lefèvre", "Bénard", "Crépin", "Dubœuf", "Lemaître", "Ménard", "Sénéchal",
  "Châtelain", "Bréhault", "Thérault", "Gaël", "Lécuyer", "Hervé-Pérès",
  "Le Nôtre", "Desprès", "Moreau", "Éluard", "Fénelon", "Goüin", "Péron",
};

static const char * const generated_cities[][3] = {
  /* code INSEE, département, ville */
  { "35238", "035", "RENNES" },
  { "29019", "029", "BREST" },
  { "44109", "044", "NANTES" },
  { "56260", "056", "VANNES" },
  { "22278", "022", "SAINT-BRIEUC" },
};

/* XML */

/* <NAME>value</NAME>; nothing for NULL, <NAME/> for "" */
static void
append_element (GString    *xml,
                const char *indent,
                const char *name,
                const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  if (value[0] == '\0')
    {
      g_string_append_printf (xml, "%s<%s/>\n", indent, name);
      return;
    }

  escaped = g_markup_escape_text (value, -1);
  g_string_append_printf (xml, "%s<%s>%s</%s>\n", indent, name, escaped, name);
}

static char *
pupil_id (const TestPupil *pupil,
          guint            index)
{
  if (pupil->pupil_id != NULL)
    return g_strdup (pupil->pupil_id);

  return g_strdup_printf ("%u", FIRST_PUPIL_ID + index);
}

static void
append_pupil (GString         *xml,
              const TestPupil *pupil,
              guint            index)
{
  const char *in = "        ";
  g_autofree char *id = pupil_id (pupil, index);
  g_autofree char *escaped_id = g_markup_escape_text (id, -1);

  g_string_append_printf (xml, "      <ELEVE ELEVE_ID=\"%s\" ELENOET=\"%u\">\n",
                          escaped_id, 5000 + index);
  append_element (xml, in, "ID_NATIONAL", pupil->ine);
  g_string_append_printf (xml, "%s<ELENOET>%u</ELENOET>\n", in, 5000 + index);
  append_element (xml, in, "NOM_DE_FAMILLE", pupil->last_name);
  append_element (xml, in, "NOM_USAGE", pupil->preferred_last_name);
  append_element (xml, in, "PRENOM", pupil->first_name);
  append_element (xml, in, "PRENOM2", pupil->middle_name);
  append_element (xml, in, "PRENOM3", pupil->third_name);
  append_element (xml, in, "DATE_NAISS", pupil->birthdate);
  append_element (xml, in, "DOUBLEMENT", "N");
  append_element (xml, in, "CODE_PAYS", pupil->country);
  append_element (xml, in, "ACCEPTE_SMS", "0");
  append_element (xml, in, "CODE_DEPARTEMENT_NAISS", pupil->province_code);
  append_element (xml, in, "CODE_COMMUNE_INSEE_NAISS", pupil->city_code);
  append_element (xml, in, "VILLE_NAISS", pupil->city);
  append_element (xml, in, "CODE_REGIME", "2");
  append_element (xml, in, "DATE_ENTREE", "02/09/2024");
  append_element (xml, in, "DATE_SORTIE", pupil->date_sortie);
  append_element (xml, in, "CODE_MEF", pupil->mef_code);
  append_element (xml, in, "CODE_STATUT", pupil->status);
  append_element (xml, in, "CODE_SEXE", pupil->sex_code);
  /* Last year's class and MEF: same names as this year's, one level down */
  g_string_append_printf (xml,
                          "%s<SCOLARITE_AN_DERNIER>\n"
                          "%s  <CODE_MEF>99999999999</CODE_MEF>\n"
                          "%s  <CODE_STRUCTURE>ANCIENNE</CODE_STRUCTURE>\n"
                          "%s  <CODE_RNE>0350000X</CODE_RNE>\n"
                          "%s</SCOLARITE_AN_DERNIER>\n",
                          in, in, in, in, in);
  g_string_append (xml, "      </ELEVE>\n");
}

static void
append_structure (GString    *xml,
                  const char *code,
                  const char *type)
{
  g_autofree char *escaped = g_markup_escape_text (code, -1);

  g_string_append_printf (xml,
                          "        <STRUCTURE>\n"
                          "          <CODE_STRUCTURE>%s</CODE_STRUCTURE>\n"
                          "          <TYPE_STRUCTURE>%s</TYPE_STRUCTURE>\n"
                          "        </STRUCTURE>\n",
                          escaped, type);
}

/* A language group first, so that the reader must pick the class by its type */
static void
append_structures (GString         *xml,
                   const TestPupil *pupil,
                   guint            index)
{
  g_autofree char *id = pupil_id (pupil, index);
  g_autofree char *escaped_id = g_markup_escape_text (id, -1);

  g_string_append_printf (xml, "      <STRUCTURES_ELEVE ELEVE_ID=\"%s\" ELENOET=\"%u\">\n",
                          escaped_id, 5000 + index);
  append_structure (xml, "LV2ESP", "G");
  if (pupil->division != NULL)
    append_structure (xml, pupil->division, "D");
  g_string_append (xml, "      </STRUCTURES_ELEVE>\n");
}

static void
append_options (GString         *xml,
                const TestPupil *pupils,
                guint            n_pupils)
{
  g_string_append (xml, "    <OPTIONS>\n");
  for (guint i = 0; i < n_pupils; i++)
    {
      g_autofree char *id = pupil_id (&pupils[i], i);
      g_autofree char *escaped_id = g_markup_escape_text (id, -1);

      g_string_append_printf (xml,
                              "      <OPTION ELEVE_ID=\"%s\">\n"
                              "        <OPTIONS_ELEVE><CODE_MATIERE>030201</CODE_MATIERE></OPTIONS_ELEVE>\n"
                              "      </OPTION>\n",
                              escaped_id);
    }
  g_string_append (xml, "    </OPTIONS>\n");
}

static GBytes *
encode (GString    *xml,
        const char *encoding)
{
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  char *converted;

  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    return g_string_free_to_bytes (xml);

  converted = g_convert (xml->str, xml->len, encoding, "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  g_string_free (xml, TRUE);

  return g_bytes_new_take (converted, len);
}

GBytes *
pb_test_siecle_xml (const char      *uai,
                    const char      *encoding,
                    const TestPupil *pupils,
                    guint            n_pupils)
{
  GString *xml = g_string_new (NULL);

  g_string_append_printf (xml,
                          "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
                          "<BEE_ELEVES VERSION=\"3.1\">\n"
                          "  <PARAMETRES>\n",
                          encoding);
  append_element (xml, "    ", "UAJ", uai);
  g_string_append (xml,
                   "    <ANNEE_SCOLAIRE>2024</ANNEE_SCOLAIRE>\n"
                   "    <DATE_EXPORT>02/09/2024</DATE_EXPORT>\n"
                   "    <HORODATAGE>02/09/2024 08:15:00</HORODATAGE>\n"
                   "  </PARAMETRES>\n"
                   "  <DONNEES>\n"
                   "    <ELEVES>\n");
  for (guint i = 0; i < n_pupils; i++)
    append_pupil (xml, &pupils[i], i);
  g_string_append (xml, "    </ELEVES>\n");

  append_options (xml, pupils, n_pupils);

  g_string_append (xml, "    <STRUCTURES>\n");
  for (guint i = 0; i < n_pupils; i++)
    append_structures (xml, &pupils[i], i);
  g_string_append (xml,
                   "    </STRUCTURES>\n"
                   "  </DONNEES>\n"
                   "</BEE_ELEVES>\n");

  return encode (xml, encoding);
}

/* Generated files */

/* Nine digits and two letters, or ten digits and a letter, as INEs are
 * (the digits tell pupils apart, so INEs are unique by construction) */
static char *
generated_ine (GRand *rand,
               guint  index)
{
  char first = 'A' + g_rand_int_range (rand, 0, 26);
  char second = 'A' + g_rand_int_range (rand, 0, 26);

  if (index % 2 == 0)
    return g_strdup_printf ("%09u%c%c", 100000000 + index, first, second);

  return g_strdup_printf ("%010u%c", 1000000000 + index, first);
}

static void
generate_pupil (TestPupil    *pupil,
                GStringChunk *strings,
                GRand        *rand,
                guint         index)
{
  static const char levels[] = "6543";
  const char * const *city = generated_cities[g_rand_int_range (rand, 0, G_N_ELEMENTS (generated_cities))];
  guint level = g_rand_int_range (rand, 0, 4);
  g_autofree char *ine = generated_ine (rand, index);
  g_autofree char *birthdate = g_strdup_printf ("%02d/%02d/%d",
                                                g_rand_int_range (rand, 1, 29),
                                                g_rand_int_range (rand, 1, 13),
                                                2014 - (gint) level);
  char division[3] = { levels[level], 'A' + g_rand_int_range (rand, 0, 4), '\0' };

  pupil->ine = g_string_chunk_insert (strings, ine);
  pupil->last_name = generated_last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (generated_last_names))];
  pupil->first_name = generated_first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (generated_first_names))];
  pupil->birthdate = g_string_chunk_insert (strings, birthdate);
  pupil->sex_code = g_rand_boolean (rand) ? "1" : "2";
  pupil->country = "100";
  pupil->city_code = city[0];
  pupil->province_code = city[1];
  pupil->city = city[2];
  pupil->mef_code = "10010012110";
  pupil->status = "ST";
  pupil->division = g_string_chunk_insert (strings, division);
}

GBytes *
pb_test_siecle_generate (const char *uai,
                         guint       n_pupils,
                         guint       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GStringChunk *strings = g_string_chunk_new (4096);
  g_autofree TestPupil *pupils = g_new0 (TestPupil, n_pupils);
  GBytes *xml;

  for (guint i = 0; i < n_pupils; i++)
    generate_pupil (&pupils[i], strings, rand, i);

  xml = pb_test_siecle_xml (uai, "UTF-8", pupils, n_pupils);
  g_string_chunk_free (strings);

  return xml;
}

/* Zip */

static la_ssize_t
write_to_array (struct archive *archive,
                void           *user_data,
                const void     *buffer,
                size_t          len)
{
  g_byte_array_append (user_data, buffer, len);
  return len;
}

static void
write_entry (struct archive *archive,
             const char     *name,
             GBytes         *content)
{
  struct archive_entry *entry = archive_entry_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (content, &size);

  archive_entry_set_pathname (entry, name);
  archive_entry_set_filetype (entry, AE_IFREG);
  archive_entry_set_perm (entry, 0644);
  archive_entry_set_size (entry, size);
  archive_entry_set_mtime (entry, 1725264000, 0);
  g_assert_cmpint (archive_write_header (archive, entry), ==, ARCHIVE_OK);

  /* In slices: archive_write_data() takes at most an ssize_t, and a test
   * zip bomb is large */
  for (gsize done = 0; done < size;)
    {
      la_ssize_t written = archive_write_data (archive, data + done, MIN (size - done, 1 << 20));

      g_assert_cmpint (written, >, 0);
      done += written;
    }

  archive_entry_free (entry);
}

GBytes *
pb_test_zip_entries (const char * const *entry_names,
                     GBytes * const     *contents,
                     guint               n_entries)
{
  GByteArray *zip = g_byte_array_new ();
  struct archive *archive = archive_write_new ();

  g_assert_cmpint (archive_write_set_format_zip (archive), ==, ARCHIVE_OK);
  /* No padding after the end of the zip, as zip tools write it */
  archive_write_set_bytes_in_last_block (archive, 1);
  g_assert_cmpint (archive_write_open (archive, zip, NULL, write_to_array, NULL), ==, ARCHIVE_OK);

  for (guint i = 0; i < n_entries; i++)
    write_entry (archive, entry_names[i], contents[i]);

  g_assert_cmpint (archive_write_close (archive), ==, ARCHIVE_OK);
  archive_write_free (archive);

  return g_byte_array_free_to_bytes (zip);
}

GBytes *
pb_test_zip (const char *entry_name,
             GBytes     *content)
{
  return pb_test_zip_entries (&entry_name, &content, 1);
}
