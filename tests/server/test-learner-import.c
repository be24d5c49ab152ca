/* test-learner-import.c
 *
 * Reading learner files: SIECLE XML (plain, zipped, in several encodings),
 * SCO and SUP CSV; every rule of pix-domain §7.1–7.3 and every way a file
 * can be broken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>
#include <glib/gstdio.h>

#include "pb-learner-import.h"
#include "pb-test-siecle.h"

#define UAI "0351234X"
#define MB (1024 * 1024)

/* The bytes of a string literal, NULs inside included */
#define LITERAL_BYTES(literal) g_bytes_new_static (literal, sizeof (literal) - 1)

/* Helpers */

static PbLearnerSet *
parse_ok (PbLearnerFormat  format,
          GBytes          *data)
{
  g_autoptr(GError) error = NULL;
  PbLearnerSet *set = pb_learner_set_parse (format, data, UAI, &error);

  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static PbLearnerSet *
parse_xml (const TestPupil *pupils,
           guint            n_pupils)
{
  g_autoptr(GBytes) xml = pb_test_siecle_xml (UAI, "UTF-8", pupils, n_pupils);

  return parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, xml);
}

static PbLearnerSet *
parse_csv (PbLearnerFormat  format,
           const char      *text)
{
  g_autoptr(GBytes) csv = g_bytes_new (text, strlen (text));

  return parse_ok (format, csv);
}

/* The whole file is refused with @code, and the message has @part */
static void
assert_refused (PbLearnerFormat  format,
                GBytes          *data,
                int              code,
                const char      *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbLearnerSet) set = pb_learner_set_parse (format, data, UAI, &error);

  g_assert_null (set);
  g_assert_error (error, PB_LEARNER_IMPORT_ERROR, code);
  /* Compared whole only to show both in the failure */
  if (part != NULL && strstr (error->message, part) == NULL)
    g_assert_cmpstr (error->message, ==, part);
}

static void
assert_text_refused (PbLearnerFormat  format,
                     const char      *text,
                     const char      *part)
{
  g_autoptr(GBytes) data = g_bytes_new (text, strlen (text));

  assert_refused (format, data, PB_LEARNER_IMPORT_ERROR_FORMAT, part);
}

static guint
count_issues (GPtrArray  *issues,
              const char *code)
{
  guint count = 0;

  for (guint i = 0; i < issues->len; i++)
    {
      const PbImportIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->code, code))
        count++;
    }

  return count;
}

/* The issue @code of pupil @pupil_id (any if NULL) on @line (any if 0) */
static const PbImportIssue *
find_issue (GPtrArray  *issues,
            const char *code,
            const char *pupil_id,
            guint       line)
{
  for (guint i = 0; i < issues->len; i++)
    {
      const PbImportIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->code, code) &&
          (pupil_id == NULL || g_strcmp0 (issue->pupil_id, pupil_id) == 0) &&
          (line == 0 || issue->line == line))
        return issue;
    }

  return NULL;
}

static void
assert_issue (GPtrArray  *issues,
              const char *code,
              const char *pupil_id,
              guint       line,
              const char *field)
{
  const PbImportIssue *issue = find_issue (issues, code, pupil_id, line);

  if (issue == NULL)
    g_test_message ("No %s for pupil %s, line %u", code, pupil_id, line);
  g_assert_nonnull (issue);
  g_assert_cmpstr (issue->field, ==, field);
  g_assert_nonnull (issue->detail);
  g_assert_true (g_utf8_validate (issue->detail, -1, NULL));
}

static const PbLearnerRecord *
learner (PbLearnerSet *set,
         guint         index)
{
  g_assert_cmpuint (index, <, set->learners->len);
  return g_ptr_array_index (set->learners, index);
}

static TestPupil
valid_pupil (const char *ine,
             const char *division)
{
  TestPupil pupil = {
    .ine = ine,
    .last_name = "Dupont",
    .first_name = "Zoé",
    .birthdate = "05/03/2011",
    .sex_code = "2",
    .country = "100",
    .province_code = "035",
    .city_code = "35238",
    .city = "RENNES",
    .mef_code = "10010012110",
    .status = "ST",
    .division = division,
  };

  return pupil;
}

/* Whether @data holds @bytes anywhere (it may hold NUL bytes too) */
static gboolean
contains (GBytes     *data,
          const char *bytes)
{
  gsize len;
  const char *text = g_bytes_get_data (data, &len);
  gsize n = strlen (bytes);

  for (gsize i = 0; i + n <= len; i++)
    {
      if (memcmp (text + i, bytes, n) == 0)
        return TRUE;
    }

  return FALSE;
}

/* SIECLE XML */

static void
test_garbage_refused (void)
{
  g_autoptr(GBytes) data = LITERAL_BYTES ("\x01\x02garbage");
  g_autoptr(GBytes) empty = LITERAL_BYTES ("");

  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, data, PB_LEARNER_IMPORT_ERROR_FORMAT, "Line 1");
  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, empty, PB_LEARNER_IMPORT_ERROR_FORMAT, NULL);
  assert_text_refused (PB_LEARNER_FORMAT_SIECLE_XML, "Nom;Prénom\r\nDupont;Zoé\r\n", "Line 1");
  assert_text_refused (PB_LEARNER_FORMAT_SIECLE_XML,
                       "<?xml version=\"1.0\"?>\n<html><body/></html>\n", "<html>");
}

static void
test_valid_utf8 (void)
{
  TestPupil pupils[] = {
    {
      .ine = "123456789ab", .last_name = " Dupont ", .preferred_last_name = "Martin",
      .first_name = "Zoé", .middle_name = "Marie", .third_name = "Louise",
      .birthdate = "05/03/2011", .sex_code = "2", .country = "100", .province_code = "035",
      .city_code = "35238", .city = "RENNES", .mef_code = "10010012110", .status = "ST",
      .division = "6A",
    },
    {
      .pupil_id = "A-42", .ine = "1234567890K", .last_name = "Lefèvre", .first_name = "Noël",
      .birthdate = "31/12/2010", .sex_code = "1", .country = "216", .province_code = "990",
      .city = "TUNIS", .mef_code = "10110001110", .status = "AP", .division = "5B",
    },
  };
  g_autoptr(PbLearnerSet) set = parse_xml (pupils, G_N_ELEMENTS (pupils));
  const PbLearnerRecord *zoe;
  const PbLearnerRecord *noel;

  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->warnings->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 2);

  zoe = learner (set, 0);
  g_assert_cmpstr (zoe->pupil_id, ==, "1001");
  g_assert_cmpstr (zoe->national_student_id, ==, "123456789AB");
  g_assert_cmpstr (zoe->last_name, ==, "Dupont");
  g_assert_cmpstr (zoe->preferred_last_name, ==, "Martin");
  g_assert_cmpstr (zoe->first_name, ==, "Zoé");
  g_assert_cmpstr (zoe->middle_name, ==, "Marie");
  g_assert_cmpstr (zoe->third_name, ==, "Louise");
  g_assert_cmpstr (zoe->birthdate, ==, "2011-03-05");
  g_assert_cmpstr (zoe->sex, ==, "F");
  g_assert_cmpstr (zoe->birth_country_code, ==, "100");
  g_assert_cmpstr (zoe->birth_province_code, ==, "035");
  g_assert_cmpstr (zoe->birth_city_code, ==, "35238");
  g_assert_cmpstr (zoe->birth_city, ==, "RENNES");
  /* This year's MEF and class, not SCOLARITE_AN_DERNIER's, nor the group */
  g_assert_cmpstr (zoe->mef_code, ==, "10010012110");
  g_assert_cmpstr (zoe->status, ==, "ST");
  g_assert_cmpstr (zoe->division, ==, "6A");
  g_assert_cmpuint (zoe->line, ==, 0);
  g_assert_null (zoe->student_number);
  g_assert_null (zoe->email);
  g_assert_null (zoe->group);

  noel = learner (set, 1);
  g_assert_cmpstr (noel->pupil_id, ==, "A-42");
  g_assert_cmpstr (noel->national_student_id, ==, "1234567890K");
  g_assert_cmpstr (noel->last_name, ==, "Lefèvre");
  g_assert_cmpstr (noel->first_name, ==, "Noël");
  g_assert_null (noel->preferred_last_name);
  g_assert_null (noel->middle_name);
  g_assert_cmpstr (noel->birthdate, ==, "2010-12-31");
  g_assert_cmpstr (noel->sex, ==, "M");
  g_assert_cmpstr (noel->birth_country_code, ==, "216");
  g_assert_null (noel->birth_city_code);
  g_assert_cmpstr (noel->status, ==, "AP");
  g_assert_cmpstr (noel->division, ==, "5B");
}

static void
test_legacy_encodings (void)
{
  static const struct
  {
    const char *encoding;
    const char *oe;  /* how the encoding writes "Œ" */
  } cases[] = {
    { "ISO-8859-15", "\xBC" },
    { "WINDOWS-1252", "\x8C" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TestPupil pupil = valid_pupil ("123456789AB", "4C");
      g_autoptr(GBytes) xml = NULL;
      g_autoptr(PbLearnerSet) set = NULL;

      pupil.last_name = "Œdipe";
      pupil.first_name = "Zoé";
      pupil.middle_name = "Noël";
      xml = pb_test_siecle_xml (UAI, cases[i].encoding, &pupil, 1);
      g_assert_true (contains (xml, cases[i].oe));
      g_assert_true (contains (xml, "Zo\xE9"));
      g_assert_false (contains (xml, "Zo\xC3\xA9"));

      set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, xml);
      g_assert_cmpuint (set->errors->len, ==, 0);
      g_assert_cmpstr (learner (set, 0)->last_name, ==, "Œdipe");
      g_assert_cmpstr (learner (set, 0)->first_name, ==, "Zoé");
      g_assert_cmpstr (learner (set, 0)->middle_name, ==, "Noël");
    }
}

static void
test_bad_encodings (void)
{
  /* 0x81 is no character in Windows-1252 */
  assert_text_refused (PB_LEARNER_FORMAT_SIECLE_XML,
                       "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<BEE_ELEVES>\n"
                       "<PARAMETRES><UAJ>0351234X\x81</UAJ></PARAMETRES>\n</BEE_ELEVES>\n",
                       "Line 3");
  assert_text_refused (PB_LEARNER_FORMAT_SIECLE_XML,
                       "<?xml version=\"1.0\" encoding=\"X-KLINGON\"?>\n<BEE_ELEVES/>\n",
                       "X-KLINGON");
  /* Latin-1 bytes in a file that says it is UTF-8 */
  assert_text_refused (PB_LEARNER_FORMAT_SIECLE_XML,
                       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES>\n"
                       "<PARAMETRES><UAJ>Zo\xE9</UAJ></PARAMETRES>\n</BEE_ELEVES>\n",
                       "Line 3");
}

static void
test_zipped (void)
{
  TestPupil pupils[] = { valid_pupil ("123456789AB", "6A"), valid_pupil ("223456789AB", "6B") };
  g_autoptr(GBytes) xml = pb_test_siecle_xml (UAI, "ISO-8859-15", pupils, G_N_ELEMENTS (pupils));
  g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.xml", xml);
  g_autoptr(PbLearnerSet) set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, zip);

  g_assert_true (contains (zip, "PK\x03\x04"));
  g_assert_false (contains (zip, "BEE_ELEVES"));
  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 2);
  g_assert_cmpstr (learner (set, 0)->first_name, ==, "Zoé");
  g_assert_cmpstr (learner (set, 1)->national_student_id, ==, "223456789AB");
  g_assert_cmpstr (learner (set, 1)->division, ==, "6B");
}

/* The first XML entry, whatever the case of its name, past a macOS
 * resource fork and a text file */
static void
test_zip_first_xml_entry (void)
{
  TestPupil pupil = valid_pupil ("123456789AB", "3D");
  g_autoptr(GBytes) xml = pb_test_siecle_xml (UAI, "UTF-8", &pupil, 1);
  g_autoptr(GBytes) fork = LITERAL_BYTES ("\x00\x05\x16\x07 AppleDouble");
  g_autoptr(GBytes) readme = LITERAL_BYTES ("Export SIECLE");
  const char *names[] = { "__MACOSX/Export/._ElevesSansAdresse.xml", "LISEZMOI.txt",
                          "Export/ELEVESSANSADRESSE.XML" };
  GBytes *contents[] = { fork, readme, xml };
  g_autoptr(GBytes) zip = pb_test_zip_entries (names, contents, G_N_ELEMENTS (names));
  g_autoptr(PbLearnerSet) set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, zip);

  g_assert_cmpuint (set->learners->len, ==, 1);
  g_assert_cmpstr (learner (set, 0)->division, ==, "3D");
}

static void
test_zip_without_xml (void)
{
  g_autoptr(GBytes) text = LITERAL_BYTES ("<BEE_ELEVES/>");
  g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.txt", text);

  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, zip, PB_LEARNER_IMPORT_ERROR_FORMAT, "no XML");
}

static void
test_corrupt_zip (void)
{
  g_autoptr(GBytes) garbage = LITERAL_BYTES ("PK\x03\x04 this is not a zip at all, only its magic");
  g_autoptr(GBytes) xml = pb_test_siecle_generate (UAI, 200, 3);
  g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.xml", xml);
  gsize len = g_bytes_get_size (zip);
  guint8 *damaged = g_memdup2 (g_bytes_get_data (zip, NULL), len);
  g_autoptr(GBytes) damaged_zip = NULL;

  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, garbage, PB_LEARNER_IMPORT_ERROR_FORMAT, "zip");

  /* Scramble the middle of the deflated data: the headers are fine */
  g_assert_cmpuint (len, >, 2000);
  for (gsize i = len / 2; i < len / 2 + 64; i++)
    damaged[i] ^= 0x5A;
  damaged_zip = g_bytes_new_take (damaged, len);
  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, damaged_zip, PB_LEARNER_IMPORT_ERROR_FORMAT, NULL);
}

static void
test_zip_bomb (void)
{
  g_autoptr(GBytes) zeros = g_bytes_new_take (g_malloc0 (101 * MB), 101 * MB);
  g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.xml", zeros);

  /* It compresses about a thousand times */
  g_assert_cmpuint (g_bytes_get_size (zip), <, 1 * MB);
  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, zip, PB_LEARNER_IMPORT_ERROR_TOO_LARGE, "100 MB");
}

static guint32
get32 (const guint8 *p)
{
  return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24;
}

static void
put32 (guint8  *p,
       guint32  value)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (value >> (8 * i)) & 0xFF;
}

/* @zip, its only entry said to be @size bytes long, as a zip bomb would
 * say: in the local header, the data descriptor and the central directory */
static GBytes *
zip_lying_about_size (GBytes  *zip,
                      guint32  size)
{
  gsize len = g_bytes_get_size (zip);
  guint8 *data = g_memdup2 (g_bytes_get_data (zip, NULL), len);
  guint8 *end = data + len - 22;  /* the end record, no comment */
  guint32 directory;

  g_assert_cmpmem (end, 4, "PK\x05\x06", 4);
  directory = get32 (end + 16);
  g_assert_cmpmem (data + directory, 4, "PK\x01\x02", 4);

  put32 (data + 22, size);
  put32 (data + directory + 24, size);
  if (data[6] & 0x08)
    {
      g_assert_cmpmem (data + directory - 16, 4, "PK\x07\x08", 4);
      put32 (data + directory - 4, size);
    }

  return g_bytes_new_take (data, len);
}

/* A well-formed document padded with blanks beyond the limit, in a zip
 * that claims a small size: only counting while inflating catches it */
static void
test_zip_bomb_lying (void)
{
  static const char head[] = "<?xml version=\"1.0\"?>\n<BEE_ELEVES>\n";
  static const char tail[] = "</BEE_ELEVES>\n";
  gsize size = 101 * MB;
  char *xml = g_malloc (size);
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GBytes) zip = NULL;
  g_autoptr(GBytes) lying = NULL;

  memset (xml, ' ', size);
  memcpy (xml, head, strlen (head));
  for (gsize i = 4096; i + 8 < size - strlen (tail); i += 4096)
    memcpy (xml + i, "<PAD/>\n", 7);
  memcpy (xml + size - strlen (tail), tail, strlen (tail));
  content = g_bytes_new_take (xml, size);

  zip = pb_test_zip ("ElevesSansAdresse.xml", content);
  lying = zip_lying_about_size (zip, 4096);
  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, lying, PB_LEARNER_IMPORT_ERROR_TOO_LARGE, "100 MB");
}

static void
test_uaj_mismatch (void)
{
  TestPupil pupil = valid_pupil ("123456789AB", "6A");
  g_autoptr(GBytes) other = pb_test_siecle_xml ("0359999Z", "UTF-8", &pupil, 1);
  g_autoptr(GBytes) same = pb_test_siecle_xml (" 0351234x ", "UTF-8", &pupil, 1);
  g_autoptr(PbLearnerSet) other_set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, other);
  g_autoptr(PbLearnerSet) same_set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, same);
  g_autoptr(PbLearnerSet) unchecked = pb_learner_set_parse (PB_LEARNER_FORMAT_SIECLE_XML,
                                                            other, NULL, NULL);
  const PbImportIssue *issue;

  g_assert_cmpuint (other_set->errors->len, ==, 1);
  assert_issue (other_set->errors, "UAI_MISMATCHED", NULL, 0, "UAJ");
  issue = g_ptr_array_index (other_set->errors, 0);
  g_assert_null (issue->pupil_id);
  g_assert_nonnull (strstr (issue->detail, "0359999Z"));
  /* The pupils are still read, to report everything at once */
  g_assert_cmpuint (other_set->learners->len, ==, 1);

  /* Case and spaces do not matter */
  g_assert_cmpuint (same_set->errors->len, ==, 0);

  g_assert_nonnull (unchecked);
  g_assert_cmpuint (unchecked->errors->len, ==, 0);
}

static void
test_uaj_absent (void)
{
  TestPupil pupil = valid_pupil ("123456789AB", "6A");
  g_autoptr(GBytes) xml = pb_test_siecle_xml (NULL, "UTF-8", &pupil, 1);
  g_autoptr(GBytes) empty = pb_test_siecle_xml ("", "UTF-8", &pupil, 1);
  g_autoptr(PbLearnerSet) set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, xml);
  g_autoptr(PbLearnerSet) empty_set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, empty);

  g_assert_false (contains (xml, "UAJ"));
  g_assert_cmpuint (set->errors->len, ==, 1);
  assert_issue (set->errors, "UAI_MISMATCHED", NULL, 0, "UAJ");
  g_assert_cmpuint (empty_set->errors->len, ==, 1);
  assert_issue (empty_set->errors, "UAI_MISMATCHED", NULL, 0, "UAJ");
}

static void
test_missing_ine (void)
{
  TestPupil pupils[] = {
    valid_pupil (NULL, "6A"), valid_pupil ("", "6A"), valid_pupil ("   ", "6A"),
    valid_pupil ("123456789AB", "6A"),
  };
  g_autoptr(PbLearnerSet) set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  g_assert_cmpuint (set->errors->len, ==, 3);
  assert_issue (set->errors, "INE_REQUIRED", "1001", 0, "ID_NATIONAL");
  assert_issue (set->errors, "INE_REQUIRED", "1002", 0, "ID_NATIONAL");
  assert_issue (set->errors, "INE_REQUIRED", "1003", 0, "ID_NATIONAL");
  g_assert_null (learner (set, 0)->national_student_id);
  g_assert_null (learner (set, 2)->national_student_id);
}

static void
test_duplicate_ine (void)
{
  TestPupil pupils[] = {
    valid_pupil ("111111111AA", "6A"), valid_pupil ("222222222BB", "6A"),
    valid_pupil ("111111111aa", "6B"), valid_pupil ("111111111AA", "6C"),
  };
  g_autoptr(PbLearnerSet) set = parse_xml (pupils, G_N_ELEMENTS (pupils));
  const PbImportIssue *issue;

  g_assert_cmpuint (set->errors->len, ==, 2);
  assert_issue (set->errors, "INE_UNIQUE", "1003", 0, "ID_NATIONAL");
  assert_issue (set->errors, "INE_UNIQUE", "1004", 0, "ID_NATIONAL");
  g_assert_null (find_issue (set->errors, "INE_UNIQUE", "1001", 0));

  /* Where the first one is */
  issue = find_issue (set->errors, "INE_UNIQUE", "1003", 0);
  g_assert_nonnull (strstr (issue->detail, "pupil 1001"));
  g_assert_nonnull (strstr (issue->detail, "111111111AA"));
}

static void
test_left_school (void)
{
  TestPupil pupils[] = { valid_pupil ("111111111AA", "6A"), valid_pupil ("111111111AA", "6B") };
  g_autoptr(PbLearnerSet) set = NULL;
  const PbImportIssue *warning;

  pupils[0].date_sortie = "15/01/2025";
  set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  /* Skipped, so the same INE again is no duplicate */
  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 1);
  g_assert_cmpstr (learner (set, 0)->pupil_id, ==, "1002");
  g_assert_cmpuint (set->warnings->len, ==, 1);
  assert_issue (set->warnings, "LEFT_SCHOOL", "1001", 0, "DATE_SORTIE");
  warning = g_ptr_array_index (set->warnings, 0);
  g_assert_nonnull (strstr (warning->detail, "15/01/2025"));
}

static void
test_no_division (void)
{
  TestPupil pupils[] = {
    valid_pupil ("111111111AA", NULL), valid_pupil ("222222222BB", "Inactifs"),
    valid_pupil ("333333333CC", "6B"),
  };
  g_autoptr(PbLearnerSet) set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->warnings->len, ==, 2);
  assert_issue (set->warnings, "NO_DIVISION", "1001", 0, "CODE_STRUCTURE");
  assert_issue (set->warnings, "NO_DIVISION", "1002", 0, "CODE_STRUCTURE");
  g_assert_cmpuint (set->learners->len, ==, 1);
  g_assert_cmpstr (learner (set, 0)->pupil_id, ==, "1003");
  g_assert_cmpstr (learner (set, 0)->division, ==, "6B");
}

static void
test_all_errors_reported (void)
{
  TestPupil pupils[] = { valid_pupil (NULL, "6A"), valid_pupil ("222222222BB", "6A") };
  g_autoptr(PbLearnerSet) set = NULL;

  pupils[0].last_name = NULL;
  pupils[0].first_name = "";
  pupils[0].sex_code = "3";
  pupils[0].birthdate = "31/02/2011";
  pupils[0].city_code = NULL;
  pupils[1].birthdate = NULL;
  pupils[1].sex_code = NULL;
  pupils[1].first_name = "Jean\tPierre";
  set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  assert_issue (set->errors, "INE_REQUIRED", "1001", 0, "ID_NATIONAL");
  assert_issue (set->errors, "LAST_NAME_REQUIRED", "1001", 0, "NOM_DE_FAMILLE");
  assert_issue (set->errors, "FIRST_NAME_REQUIRED", "1001", 0, "PRENOM");
  assert_issue (set->errors, "SEX_CODE_REQUIRED", "1001", 0, "CODE_SEXE");
  assert_issue (set->errors, "INVALID_BIRTHDATE_FORMAT", "1001", 0, "DATE_NAISS");
  assert_issue (set->errors, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", "1001", 0,
                "CODE_COMMUNE_INSEE_NAISS");
  assert_issue (set->errors, "BIRTHDATE_REQUIRED", "1002", 0, "DATE_NAISS");
  assert_issue (set->errors, "SEX_CODE_REQUIRED", "1002", 0, "CODE_SEXE");
  assert_issue (set->errors, "INVALID_CHAR_DETECTED", "1002", 0, "PRENOM");
  g_assert_cmpuint (set->errors->len, ==, 9);

  /* Values that cannot be right are not passed on */
  g_assert_null (learner (set, 0)->sex);
  g_assert_null (learner (set, 0)->birthdate);
  g_assert_cmpuint (set->learners->len, ==, 2);
}

static void
test_birthdates (void)
{
  static const char * const invalid[] = {
    "31/02/2011", "2011-03-05", "05/13/2011", "00/01/2011", "5/3/11", "05/03/1850",
    "05/03/2011x", "aa/bb/cccc", "05-03-2011", "105/03/2011",
  };
  static const char * const valid[][2] = {
    { "5/3/2011", "2011-03-05" },
    { "29/02/2012", "2012-02-29" },
    { "01/01/1999", "1999-01-01" },
  };
  TestPupil pupils[G_N_ELEMENTS (invalid) + G_N_ELEMENTS (valid)];
  g_autoptr(PbLearnerSet) set = NULL;
  char ines[G_N_ELEMENTS (pupils)][12];

  for (guint i = 0; i < G_N_ELEMENTS (pupils); i++)
    {
      g_snprintf (ines[i], sizeof ines[i], "%09uXY", i);
      pupils[i] = valid_pupil (ines[i], "5A");
      pupils[i].birthdate = i < G_N_ELEMENTS (invalid) ? invalid[i] : valid[i - G_N_ELEMENTS (invalid)][0];
    }
  set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  g_assert_cmpuint (set->errors->len, ==, G_N_ELEMENTS (invalid));
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1001 + i);

      assert_issue (set->errors, "INVALID_BIRTHDATE_FORMAT", id, 0, "DATE_NAISS");
    }
  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_cmpstr (learner (set, G_N_ELEMENTS (invalid) + i)->birthdate, ==, valid[i][1]);
}

static void
test_birth_city_code (void)
{
  TestPupil pupils[] = {
    valid_pupil ("111111111AA", "6A"), valid_pupil ("222222222BB", "6A"),
    valid_pupil ("333333333CC", "6A"),
  };
  g_autoptr(PbLearnerSet) set = NULL;

  pupils[0].city_code = NULL;
  pupils[1].country = "216";
  pupils[1].city_code = NULL;
  pupils[1].city = NULL;
  pupils[2].city_code = "";
  set = parse_xml (pupils, G_N_ELEMENTS (pupils));

  g_assert_cmpuint (set->errors->len, ==, 2);
  assert_issue (set->errors, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", "1001", 0,
                "CODE_COMMUNE_INSEE_NAISS");
  assert_issue (set->errors, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", "1003", 0,
                "CODE_COMMUNE_INSEE_NAISS");
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) xml = pb_test_siecle_generate (UAI, 10, 1);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (xml, 0, g_bytes_get_size (xml) / 2);
  g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.xml", half);

  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, half, PB_LEARNER_IMPORT_ERROR_FORMAT, "Line ");
  assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, zip, PB_LEARNER_IMPORT_ERROR_FORMAT, "Line ");
}

/* An external entity would read a file of the server: it must stay an
 * unresolved reference, so the UAJ it stands for is missing */
static void
test_no_external_entities (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pb-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "uaj.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(PbLearnerSet) set = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, UAI, -1, &error);
  g_assert_no_error (error);

  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                          "<!DOCTYPE BEE_ELEVES [<!ENTITY uaj SYSTEM \"file://%s\">]>\n"
                          "<BEE_ELEVES><PARAMETRES><UAJ>&uaj;</UAJ></PARAMETRES></BEE_ELEVES>\n",
                          path);
  xml = g_bytes_new (text, strlen (text));
  set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, xml);
  g_unlink (path);
  g_rmdir (dir);

  assert_issue (set->errors, "UAI_MISMATCHED", NULL, 0, "UAJ");
}

static void
test_generated (void)
{
  g_autoptr(GBytes) xml = pb_test_siecle_generate (UAI, 2500, 42);
  g_autoptr(GBytes) again = pb_test_siecle_generate (UAI, 2500, 42);
  g_autoptr(PbLearnerSet) set = parse_ok (PB_LEARNER_FORMAT_SIECLE_XML, xml);
  g_autoptr(GHashTable) ines = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) divisions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GRegex) ine_format = g_regex_new ("^([0-9]{9}[A-Z]{2}|[0-9]{10}[A-Z])$", 0, 0, NULL);
  g_autoptr(GRegex) division_format = g_regex_new ("^[6543][A-D]$", 0, 0, NULL);
  g_autoptr(GRegex) date_format = g_regex_new ("^20[01][0-9]-[01][0-9]-[0-3][0-9]$", 0, 0, NULL);
  guint accented = 0;

  g_assert_true (g_bytes_equal (xml, again));
  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->warnings->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 2500);

  for (guint i = 0; i < set->learners->len; i++)
    {
      const PbLearnerRecord *record = learner (set, i);

      g_assert_true (g_regex_match (ine_format, record->national_student_id, 0, NULL));
      g_assert_true (g_hash_table_add (ines, record->national_student_id));
      g_assert_true (g_regex_match (division_format, record->division, 0, NULL));
      g_hash_table_add (divisions, record->division);
      g_assert_true (g_regex_match (date_format, record->birthdate, 0, NULL));
      g_assert_true (g_str_equal (record->sex, "M") || g_str_equal (record->sex, "F"));
      if (!g_str_is_ascii (record->first_name) || !g_str_is_ascii (record->last_name))
        accented++;
    }

  g_assert_cmpuint (g_hash_table_size (divisions), ==, 16);
  g_assert_cmpuint (accented, >, 1000);
}

typedef struct
{
  GBytes *valid;
  GBytes *truncated;
} ThreadFiles;

static gpointer
parse_in_thread (gpointer data)
{
  ThreadFiles *files = data;

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PbLearnerSet) set = pb_learner_set_parse (PB_LEARNER_FORMAT_SIECLE_XML,
                                                          files->valid, UAI, &error);
      g_autoptr(PbLearnerSet) none = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (set->learners->len, ==, 50);

      none = pb_learner_set_parse (PB_LEARNER_FORMAT_SIECLE_XML, files->truncated, UAI, &error);
      g_assert_null (none);
      g_assert_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "Line "));
    }

  return NULL;
}

/* The server parses uploads in its worker threads: each parse keeps its
 * own errors */
static void
test_threads (void)
{
  g_autoptr(GBytes) valid = pb_test_siecle_generate (UAI, 50, 7);
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (valid, 0, g_bytes_get_size (valid) / 3);
  ThreadFiles files = { valid, truncated };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("parse", parse_in_thread, &files);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

/* libxml2 and libarchive say nothing on stderr, whatever the file */
static void
test_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GBytes) xml = pb_test_siecle_generate (UAI, 20, 5);
      g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (xml, 0, g_bytes_get_size (xml) / 2);
      g_autoptr(GBytes) zip = pb_test_zip ("ElevesSansAdresse.xml", truncated);
      g_autoptr(GBytes) damaged = LITERAL_BYTES ("PK\x03\x04\x14\0\0\0\x08\0garbage");

      test_garbage_refused ();
      test_bad_encodings ();
      assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, truncated, PB_LEARNER_IMPORT_ERROR_FORMAT, NULL);
      assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, zip, PB_LEARNER_IMPORT_ERROR_FORMAT, NULL);
      assert_refused (PB_LEARNER_FORMAT_SIECLE_XML, damaged, PB_LEARNER_IMPORT_ERROR_FORMAT, NULL);
      test_corrupt_zip ();
      test_no_external_entities ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_passed ();
}

/* SCO CSV */

#define SCO_HEADER \
  "Division*;Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;" \
  "Nom de famille*;Nom d'usage;Code sexe*;Date de naissance (jj/mm/aaaa)*;" \
  "Code commune naissance**;Libellé commune naissance**;Code département naissance*;" \
  "Code pays naissance*;Statut*;Code MEF*\r\n"

static void
test_sco_csv_valid (void)
{
  const char *text =
    SCO_HEADER
    "3A;123456789ab;Zoé;Marie;;Œdipe;;F;05/03/2011;35238;RENNES;035;99100;ST;10010012110\r\n"
    ";;;;;;;;;;;;;;\r\n"
    "3B;1234567890K;Noël;;;Lefèvre;Martin;1;5/3/2010;;TUNIS;990;99352;ap;10010012110\r\n";
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  char *cp1252 = g_convert (text, -1, "WINDOWS-1252", "UTF-8", NULL, &len, &error);
  g_autoptr(GBytes) csv = g_bytes_new_take (cp1252, len);
  g_autoptr(PbLearnerSet) set = NULL;
  const PbLearnerRecord *zoe;
  const PbLearnerRecord *noel;

  g_assert_no_error (error);
  g_assert_true (contains (csv, "\x8C" "dipe"));
  set = parse_ok (PB_LEARNER_FORMAT_SCO_CSV, csv);

  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->warnings->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 2);

  zoe = learner (set, 0);
  g_assert_cmpuint (zoe->line, ==, 2);
  g_assert_null (zoe->pupil_id);
  g_assert_cmpstr (zoe->national_student_id, ==, "123456789AB");
  g_assert_cmpstr (zoe->first_name, ==, "Zoé");
  g_assert_cmpstr (zoe->middle_name, ==, "Marie");
  g_assert_null (zoe->third_name);
  g_assert_cmpstr (zoe->last_name, ==, "Œdipe");
  g_assert_null (zoe->preferred_last_name);
  g_assert_cmpstr (zoe->sex, ==, "F");
  g_assert_cmpstr (zoe->birthdate, ==, "2011-03-05");
  g_assert_cmpstr (zoe->birth_city_code, ==, "35238");
  g_assert_cmpstr (zoe->birth_city, ==, "RENNES");
  g_assert_cmpstr (zoe->birth_province_code, ==, "035");
  g_assert_cmpstr (zoe->birth_country_code, ==, "99100");
  g_assert_cmpstr (zoe->status, ==, "ST");
  g_assert_cmpstr (zoe->mef_code, ==, "10010012110");
  g_assert_cmpstr (zoe->division, ==, "3A");

  noel = learner (set, 1);
  g_assert_cmpuint (noel->line, ==, 4);
  g_assert_cmpstr (noel->last_name, ==, "Lefèvre");
  g_assert_cmpstr (noel->preferred_last_name, ==, "Martin");
  g_assert_cmpstr (noel->sex, ==, "M");
  g_assert_cmpstr (noel->birthdate, ==, "2010-03-05");
  g_assert_null (noel->birth_city_code);
  g_assert_cmpstr (noel->birth_city, ==, "TUNIS");
  g_assert_cmpstr (noel->status, ==, "AP");
  g_assert_cmpstr (noel->division, ==, "3B");
}

static void
test_sco_csv_columns (void)
{
  /* Division missing */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       "Identifiant unique;Premier prénom;Nom de famille;Code sexe;"
                       "Date de naissance (jj/mm/aaaa);Code commune naissance;"
                       "Code département naissance;Code pays naissance;Statut;Code MEF\r\n",
                       "“Division”");
  /* An unknown column */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       "Classe;Identifiant unique*;Premier prénom*;Nom de famille*;Code sexe*;"
                       "Date de naissance (jj/mm/aaaa)*;Code commune naissance**;"
                       "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;"
                       "Division*\r\n",
                       "“Classe”");
  /* A column twice */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       "Division;" SCO_HEADER, "twice");
  /* Neither birth city column */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       "Identifiant unique*;Premier prénom*;Nom de famille*;Code sexe*;"
                       "Date de naissance (jj/mm/aaaa)*;"
                       "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;"
                       "Division*\r\n",
                       "Libellé commune naissance");
  /* No header at all */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV, "", "header");
  /* A value past the last column: the row is shifted */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       SCO_HEADER
                       "3A;123456789AB;Zoé;;;Dupont;;F;05/03/2011;35238;RENNES;035;99100;ST;"
                       "10010012110;en trop\r\n",
                       "Line 2");
  /* A CSV syntax error, with its line */
  assert_text_refused (PB_LEARNER_FORMAT_SCO_CSV,
                       SCO_HEADER
                       "3A;123456789AB;\"Zoé;;;Dupont;;F;05/03/2011;35238;RENNES;035;99100;ST;"
                       "10010012110\r\n",
                       "Line 2");
}

static void
test_sco_csv_row_errors (void)
{
  g_autoptr(PbLearnerSet) set = parse_csv (
    PB_LEARNER_FORMAT_SCO_CSV,
    SCO_HEADER                                                                                       /* 1 */
    "3A;123456789AB;Zoé;;;Dupont;;F;05/03/2011;35238;RENNES;035;99100;ST;10010012110\r\n"          /* 2 */
    "\r\n"                                                                                           /* 3 */
    "3A;123456789ab;Léa;;;Durand;;F;06/03/2011;35238;RENNES;035;99100;ST;10010012110\r\n"          /* 4 */
    "3A;223456789AB;Léo;;;Morel;;M;07/03/2011;35238;RENNES;035;99100;XX;\r\n"                      /* 5 */
    "3A;323456789AB;Noé;;;Petit;;H;08/03/2011;;RENNES;035;99100;ST;10010012110\r\n"                /* 6 */
    "3A;423456789AB;Ana;;;;;F;2011-03-05;;;990;99352;ST;10010012110\r\n"                            /* 7 */
    "3A;523456789AB;Eva;;;\"Le\nGall\";;F;09/03/2011;35238;RENNES;035;99100;ST;10010012110\r\n"    /* 8-9 */
    "3A;;Ilan;;;Roux;;M;10/03/2011;35238;RENNES;035;99100;ST;10010012110\r\n");                    /* 10 */

  assert_issue (set->errors, "INE_UNIQUE", NULL, 4, "Identifiant unique");
  assert_issue (set->errors, "FIELD_BAD_VALUE", NULL, 5, "Statut");
  assert_issue (set->errors, "FIELD_REQUIRED", NULL, 5, "Code MEF");
  assert_issue (set->errors, "SEX_CODE_REQUIRED", NULL, 6, "Code sexe");
  assert_issue (set->errors, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", NULL, 6,
                "Code commune naissance");
  assert_issue (set->errors, "LAST_NAME_REQUIRED", NULL, 7, "Nom de famille");
  assert_issue (set->errors, "INVALID_BIRTHDATE_FORMAT", NULL, 7, "Date de naissance (jj/mm/aaaa)");
  assert_issue (set->errors, "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT", NULL, 7,
                "Code commune naissance");
  assert_issue (set->errors, "INVALID_CHAR_DETECTED", NULL, 8, "Nom de famille");
  assert_issue (set->errors, "INE_REQUIRED", NULL, 10, "Identifiant unique");
  g_assert_cmpuint (set->errors->len, ==, 10);
  g_assert_null (find_issue (set->errors, "INE_UNIQUE", NULL, 2));
  g_assert_nonnull (strstr (((PbImportIssue *) g_ptr_array_index (set->errors, 0))->detail, "line 2"));
  g_assert_cmpuint (set->learners->len, ==, 7);
}

static void
test_header_only (void)
{
  g_autoptr(PbLearnerSet) sco = parse_csv (PB_LEARNER_FORMAT_SCO_CSV, SCO_HEADER);
  g_autoptr(PbLearnerSet) sup = parse_csv (PB_LEARNER_FORMAT_SUP_CSV,
                                           "Premier prénom*;Nom de famille*;"
                                           "Date de naissance (jj/mm/aaaa)*;Numéro étudiant*\n;;;\n");

  g_assert_cmpuint (sco->learners->len, ==, 0);
  g_assert_cmpuint (sco->errors->len, ==, 0);
  g_assert_cmpuint (sup->learners->len, ==, 0);
  g_assert_cmpuint (sup->errors->len, ==, 0);
}

/* SUP CSV */

#define SUP_HEADER \
  "Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;" \
  "Date de naissance (jj/mm/aaaa)*;Email;Numéro étudiant*;Composante;Équipe pédagogique;" \
  "Groupe;Diplôme;Régime\n"

static void
test_sup_csv_valid (void)
{
  g_autoptr(PbLearnerSet) set = parse_csv (
    PB_LEARNER_FORMAT_SUP_CSV,
    "\xEF\xBB\xBF" SUP_HEADER
    "Zoé;Marie;Louise;Dupont;Martin;05/03/2003;zoe.dupont@etu.univ-rennes.fr;E2023-001;"
    "UFR Sciences;Équipe L1;TD 3;Licence informatique;Formation initiale\n"
    "Noël;;;Lefèvre;;31/12/2002;;E2023-002;;;;;\n");
  const PbLearnerRecord *zoe;
  const PbLearnerRecord *noel;

  g_assert_cmpuint (set->errors->len, ==, 0);
  g_assert_cmpuint (set->learners->len, ==, 2);

  zoe = learner (set, 0);
  g_assert_cmpuint (zoe->line, ==, 2);
  g_assert_cmpstr (zoe->first_name, ==, "Zoé");
  g_assert_cmpstr (zoe->middle_name, ==, "Marie");
  g_assert_cmpstr (zoe->third_name, ==, "Louise");
  g_assert_cmpstr (zoe->last_name, ==, "Dupont");
  g_assert_cmpstr (zoe->preferred_last_name, ==, "Martin");
  g_assert_cmpstr (zoe->birthdate, ==, "2003-03-05");
  g_assert_cmpstr (zoe->email, ==, "zoe.dupont@etu.univ-rennes.fr");
  g_assert_cmpstr (zoe->student_number, ==, "E2023-001");
  g_assert_cmpstr (zoe->department, ==, "UFR Sciences");
  g_assert_cmpstr (zoe->educational_team, ==, "Équipe L1");
  g_assert_cmpstr (zoe->group, ==, "TD 3");
  g_assert_cmpstr (zoe->diploma, ==, "Licence informatique");
  g_assert_cmpstr (zoe->study_scheme, ==, "Formation initiale");
  g_assert_null (zoe->national_student_id);
  g_assert_null (zoe->division);
  g_assert_null (zoe->sex);

  noel = learner (set, 1);
  g_assert_cmpuint (noel->line, ==, 3);
  g_assert_cmpstr (noel->student_number, ==, "E2023-002");
  g_assert_null (noel->email);
  g_assert_null (noel->group);
}

static void
test_sup_csv_errors (void)
{
  g_autoptr(PbLearnerSet) set = parse_csv (
    PB_LEARNER_FORMAT_SUP_CSV,
    SUP_HEADER                                                      /* 1 */
    "Zoé;;;Dupont;;05/03/2003;zoe@univ.fr;E1;;;;;\n"                /* 2 */
    "Léa;;;Durand;;06/03/2003;lea@univ.fr;E1;;;;;\n"                /* 3 */
    "Léo;;;Morel;;07/03/2003;leo.univ.fr;E2;;;;;\n"                 /* 4 */
    "Noé;;;Petit;;08/03/2003;;E1;;;;;\n"                            /* 5 */
    ";;;Roux;;;noe@univ..fr;;;;;;\n");                              /* 6 */

  assert_issue (set->errors, "STUDENT_NUMBER_UNIQUE", NULL, 3, "Numéro étudiant");
  assert_issue (set->errors, "STUDENT_NUMBER_UNIQUE", NULL, 5, "Numéro étudiant");
  assert_issue (set->errors, "EMAIL_INVALID", NULL, 4, "Email");
  assert_issue (set->errors, "EMAIL_INVALID", NULL, 6, "Email");
  assert_issue (set->errors, "FIRST_NAME_REQUIRED", NULL, 6, "Premier prénom");
  assert_issue (set->errors, "BIRTHDATE_REQUIRED", NULL, 6, "Date de naissance (jj/mm/aaaa)");
  assert_issue (set->errors, "FIELD_REQUIRED", NULL, 6, "Numéro étudiant");
  g_assert_cmpuint (count_issues (set->errors, "STUDENT_NUMBER_UNIQUE"), ==, 2);
  g_assert_cmpuint (set->errors->len, ==, 7);
  g_assert_nonnull (strstr (find_issue (set->errors, "STUDENT_NUMBER_UNIQUE", NULL, 5)->detail,
                            "line 2"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learner-import/garbage-refused", test_garbage_refused);
  g_test_add_func ("/learner-import/siecle/valid-utf8", test_valid_utf8);
  g_test_add_func ("/learner-import/siecle/legacy-encodings", test_legacy_encodings);
  g_test_add_func ("/learner-import/siecle/bad-encodings", test_bad_encodings);
  g_test_add_func ("/learner-import/siecle/zipped", test_zipped);
  g_test_add_func ("/learner-import/siecle/zip-first-xml-entry", test_zip_first_xml_entry);
  g_test_add_func ("/learner-import/siecle/zip-without-xml", test_zip_without_xml);
  g_test_add_func ("/learner-import/siecle/corrupt-zip", test_corrupt_zip);
  g_test_add_func ("/learner-import/siecle/zip-bomb", test_zip_bomb);
  g_test_add_func ("/learner-import/siecle/zip-bomb-lying", test_zip_bomb_lying);
  g_test_add_func ("/learner-import/siecle/uaj-mismatch", test_uaj_mismatch);
  g_test_add_func ("/learner-import/siecle/uaj-absent", test_uaj_absent);
  g_test_add_func ("/learner-import/siecle/missing-ine", test_missing_ine);
  g_test_add_func ("/learner-import/siecle/duplicate-ine", test_duplicate_ine);
  g_test_add_func ("/learner-import/siecle/left-school", test_left_school);
  g_test_add_func ("/learner-import/siecle/no-division", test_no_division);
  g_test_add_func ("/learner-import/siecle/all-errors-reported", test_all_errors_reported);
  g_test_add_func ("/learner-import/siecle/birthdates", test_birthdates);
  g_test_add_func ("/learner-import/siecle/birth-city-code", test_birth_city_code);
  g_test_add_func ("/learner-import/siecle/truncated", test_truncated);
  g_test_add_func ("/learner-import/siecle/no-external-entities", test_no_external_entities);
  g_test_add_func ("/learner-import/siecle/generated", test_generated);
  g_test_add_func ("/learner-import/siecle/threads", test_threads);
  g_test_add_func ("/learner-import/siecle/quiet", test_quiet);
  g_test_add_func ("/learner-import/sco-csv/valid", test_sco_csv_valid);
  g_test_add_func ("/learner-import/sco-csv/columns", test_sco_csv_columns);
  g_test_add_func ("/learner-import/sco-csv/row-errors", test_sco_csv_row_errors);
  g_test_add_func ("/learner-import/csv/header-only", test_header_only);
  g_test_add_func ("/learner-import/sup-csv/valid", test_sup_csv_valid);
  g_test_add_func ("/learner-import/sup-csv/errors", test_sup_csv_errors);

  return g_test_run ();
}
