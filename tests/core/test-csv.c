/* test-csv.c
 *
 * Pix's CSV dialect: the writer must match Pix's export byte for byte, the
 * reader must accept what spreadsheets produce and point teachers at the
 * right line when it cannot.
 */

#include <string.h>

#include "pb-csv-reader.h"
#include "pb-csv-writer.h"

#define BOM "\xEF\xBB\xBF"

/* Helpers */

static void
assert_bytes (GBytes     *bytes,
              const char *expected,
              gsize       expected_len)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, expected_len);
}

#define assert_bytes_literal(bytes, literal) \
  assert_bytes ((bytes), (literal), sizeof (literal) - 1)

/* Literals may hold NUL bytes, so their length comes from sizeof */
#define new_reader_literal(literal, error) \
  new_reader ((literal), sizeof (literal) - 1, (error))

static PbCsvReader *
new_reader (const char  *data,
            gsize        len,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);

  return pb_csv_reader_new (bytes, error);
}

/* Reads the next record, which must exist, start on @line and hold @expected
 * (NULL-terminated) */
static void
assert_next (PbCsvReader        *reader,
             guint               line,
             const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cells = NULL;
  gboolean ok;

  ok = pb_csv_reader_next (reader, &cells, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (cells);
  g_assert_cmpstrv (cells, expected);
  g_assert_cmpuint (pb_csv_reader_get_line (reader), ==, line);
}

#define ROW(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
assert_end (PbCsvReader *reader)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cells = NULL;

  g_assert_false (pb_csv_reader_next (reader, &cells, &error));
  g_assert_no_error (error);
  g_assert_null (cells);
}

/* The line must be the first number of the message, so that the check holds
 * once the message is translated */
static void
assert_error_line (const GError *error,
                   int           code,
                   guint         line)
{
  const char *p;

  g_assert_error (error, PB_CSV_ERROR, code);

  for (p = error->message; *p != '\0' && !g_ascii_isdigit (*p); p++)
    ;
  g_assert_true (g_ascii_isdigit (*p));
  g_assert_cmpuint (g_ascii_strtoull (p, NULL, 10), ==, line);
}

/* Reads the next record, which must fail with a syntax error on @line */
static void
assert_next_fails (PbCsvReader *reader,
                   guint        line)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) cells = NULL;

  g_assert_false (pb_csv_reader_next (reader, &cells, &error));
  g_assert_null (cells);
  assert_error_line (error, PB_CSV_ERROR_SYNTAX, line);
}

/* Writer */

static void
test_writer_quoting (void)
{
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(GBytes) bytes = NULL;

  pb_csv_writer_add_row (writer, ROW ("Nom", "Prénom"));
  pb_csv_writer_add_row (writer, ROW ("Il a dit \"oui\"", "a;b", "", "\"\""));
  bytes = pb_csv_writer_to_bytes (writer);

  assert_bytes_literal (bytes,
                        BOM "\"Nom\";\"Pr\xC3\xA9nom\"\n"
                        "\"Il a dit \"\"oui\"\"\";\"a;b\";\"\";\"\"\"\"\"\"\n");
}

static void
test_writer_empty (void)
{
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(GBytes) bytes = pb_csv_writer_to_bytes (writer);

  assert_bytes_literal (bytes, BOM);
}

static void
test_writer_cells (void)
{
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(GBytes) bytes = NULL;

  pb_csv_writer_add_cell (writer, "a");
  pb_csv_writer_add_cell (writer, NULL);
  pb_csv_writer_add_cell (writer, "b");
  pb_csv_writer_end_row (writer);
  /* A row without cells must not vanish as an empty line */
  pb_csv_writer_end_row (writer);
  pb_csv_writer_add_cell (writer, NULL);
  pb_csv_writer_end_row (writer);
  bytes = pb_csv_writer_to_bytes (writer);

  assert_bytes_literal (bytes, BOM "\"a\";\"\";\"b\"\n\"\"\n\"\"\n");
}

static void
test_writer_verbatim (void)
{
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(GBytes) bytes = NULL;

  /* No formula neutralising, no trimming, no line end conversion */
  pb_csv_writer_add_row (writer, ROW ("=1+2", "@SUM(A1)", "  x  ", "a\r\nb", "-3"));
  bytes = pb_csv_writer_to_bytes (writer);

  assert_bytes_literal (bytes, BOM "\"=1+2\";\"@SUM(A1)\";\"  x  \";\"a\r\nb\";\"-3\"\n");
}

static void
test_writer_to_bytes_snapshot (void)
{
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;

  pb_csv_writer_add_row (writer, ROW ("a"));
  first = pb_csv_writer_to_bytes (writer);
  pb_csv_writer_add_row (writer, ROW ("b"));
  second = pb_csv_writer_to_bytes (writer);

  assert_bytes_literal (first, BOM "\"a\"\n");
  assert_bytes_literal (second, BOM "\"a\"\n\"b\"\n");
}

static void
test_round_trip (void)
{
  const char * const *rows[] = {
    ROW ("Nom, prénom", "Classe"),
    ROW ("O'Connor \"Jo\"", "a;b", "c,d"),
    ROW ("ligne 1\nligne 2", "", "Éloïse Cœur"),
    ROW ("\"", ";", ","),
    ROW ("", "", ""),
    ROW ("", "\n"),
  };
  const guint lines[] = { 1, 2, 3, 5, 6, 7 };
  g_autoptr(PbCsvWriter) writer = pb_csv_writer_new ();
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    pb_csv_writer_add_row (writer, rows[i]);
  bytes = pb_csv_writer_to_bytes (writer);

  reader = pb_csv_reader_new (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_csv_reader_get_encoding (reader), ==, "UTF-8");
  /* The comma of the header is inside quotes, so it does not count */
  g_assert_cmpint (pb_csv_reader_get_separator (reader), ==, ';');

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    assert_next (reader, lines[i], rows[i]);
  assert_end (reader);
}

/* Reader: layout */

static void
test_reader_bom (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal (BOM "Nom;Pr\xC3\xA9nom\nDupont;Zo\xC3\xA9\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_csv_reader_get_encoding (reader), ==, "UTF-8");

  assert_next (reader, 1, ROW ("Nom", "Prénom"));
  assert_next (reader, 2, ROW ("Dupont", "Zoé"));
  assert_end (reader);
}

static void
test_reader_empty (void)
{
  g_autoptr(PbCsvReader) empty = NULL;
  g_autoptr(PbCsvReader) bom_only = NULL;
  g_autoptr(GError) error = NULL;

  empty = new_reader_literal ("", &error);
  g_assert_no_error (error);
  assert_end (empty);
  g_assert_cmpuint (pb_csv_reader_get_line (empty), ==, 0);

  bom_only = new_reader_literal (BOM "\r\n\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_csv_reader_get_separator (bom_only), ==, ';');
  assert_end (bom_only);
}

static void
test_reader_comma (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("Nom,Pr\xC3\xA9nom,\"Classe;groupe;option\"\n"
                               "Dupont,Zo\xC3\xA9,\"6e;A\"\n",
                               &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_csv_reader_get_separator (reader), ==, ',');

  assert_next (reader, 1, ROW ("Nom", "Prénom", "Classe;groupe;option"));
  assert_next (reader, 2, ROW ("Dupont", "Zoé", "6e;A"));
  assert_end (reader);
}

static void
test_reader_separator_choice (void)
{
  struct {
    const char *data;
    char separator;
  } cases[] = {
    { "Nom\nDupont\n", ';' },            /* a tie keeps the French default */
    { "a;b,c\n", ';' },                  /* a tie again */
    { "a;b,c,d\n", ',' },
    { "\"a,b,c\";d\n", ';' },            /* quoted commas do not count */
    { "\n\na,b\nc;d;e;f\n", ',' },       /* only the first record counts */
    { "\"x\n;;;\";v,u,t\n;;;;\n", ',' }, /* which may span lines */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PbCsvReader) reader = NULL;
      g_autoptr(GError) error = NULL;

      reader = new_reader (cases[i].data, strlen (cases[i].data), &error);
      g_assert_no_error (error);
      g_assert_cmpint (pb_csv_reader_get_separator (reader), ==, cases[i].separator);
    }
}

static void
test_reader_line_ends (void)
{
  g_autoptr(PbCsvReader) crlf = NULL;
  g_autoptr(PbCsvReader) cr = NULL;
  g_autoptr(GError) error = NULL;

  crlf = new_reader_literal ("a;b\r\nc;d\r\n\r\ne;f", &error);
  g_assert_no_error (error);
  assert_next (crlf, 1, ROW ("a", "b"));
  assert_next (crlf, 2, ROW ("c", "d"));
  assert_next (crlf, 4, ROW ("e", "f"));
  assert_end (crlf);

  cr = new_reader_literal ("a;b\rc;\"d\"\r\re\r", &error);
  g_assert_no_error (error);
  assert_next (cr, 1, ROW ("a", "b"));
  assert_next (cr, 2, ROW ("c", "d"));
  assert_next (cr, 4, ROW ("e"));
  assert_end (cr);
}

static void
test_reader_final_line_end (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(PbCsvReader) trailing = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("a;b\n\"c\";\"d\"", &error);
  g_assert_no_error (error);
  assert_next (reader, 1, ROW ("a", "b"));
  assert_next (reader, 2, ROW ("c", "d"));
  assert_end (reader);

  /* A separator at the very end still ends an (empty) cell */
  trailing = new_reader_literal ("a;\n;", &error);
  g_assert_no_error (error);
  assert_next (trailing, 1, ROW ("a", ""));
  assert_next (trailing, 2, ROW ("", ""));
  assert_end (trailing);
}

static void
test_reader_quoted_newline (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("Nom;Remarque\n"
                               "Dupont;\"ligne 1\nligne 2\r\nligne 3\"\n"
                               "\"Mar\ntin\";\"a;b\"\r\n"
                               "Durand;\"\"\"cit\xC3\xA9\"\"\"\n",
                               &error);
  g_assert_no_error (error);

  assert_next (reader, 1, ROW ("Nom", "Remarque"));
  /* Line ends inside a cell are kept as written */
  assert_next (reader, 2, ROW ("Dupont", "ligne 1\nligne 2\r\nligne 3"));
  assert_next (reader, 5, ROW ("Mar\ntin", "a;b"));
  assert_next (reader, 7, ROW ("Durand", "\"cité\""));
  assert_end (reader);
}

static void
test_reader_blank_lines (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("\n\nNom\n\n\r\n\rDupont\n\n", &error);
  g_assert_no_error (error);

  assert_next (reader, 3, ROW ("Nom"));
  assert_next (reader, 7, ROW ("Dupont"));
  assert_end (reader);
  /* The end does not count as a record */
  g_assert_cmpuint (pb_csv_reader_get_line (reader), ==, 7);
}

/* Reader: encodings */

static void
test_reader_windows_1252 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("\"C\x9cur\";\"l\x92\xe9t\xe9\";\"\x80\";\"\x8c\x9f\"\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_csv_reader_get_encoding (reader), ==, "WINDOWS-1252");

  assert_next (reader, 1, ROW ("Cœur", "l’été", "€", "ŒŸ"));
  assert_end (reader);
}

static void
test_reader_iso_8859_15 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("C\xbdur;\xa4;\xa6\xa8\xb4\xb8\xbc\xbe\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_csv_reader_get_encoding (reader), ==, "ISO-8859-15");

  assert_next (reader, 1, ROW ("Cœur", "€", "ŠšŽžŒŸ"));
  assert_end (reader);
}

static void
test_reader_latin1 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("Nom;Pr\xe9nom\n\xc9l\xe8ve;Lo\xefs \xe0 No\xebl\n", &error);
  g_assert_no_error (error);

  assert_next (reader, 1, ROW ("Nom", "Prénom"));
  assert_next (reader, 2, ROW ("Élève", "Loïs à Noël"));
  assert_end (reader);
}

static void
test_reader_undefined_byte (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(PbCsvReader) crlf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) crlf_error = NULL;

  reader = new_reader_literal ("Nom;Pr\xe9nom\nC\x9cur;Zo\xe9\nMartin;L\x81" "a\n", &error);
  g_assert_null (reader);
  assert_error_line (error, PB_CSV_ERROR_ENCODING, 3);

  crlf = new_reader_literal ("\x80\r\n\r\n\r\"\n\x9d\"\r\n", &crlf_error);
  g_assert_null (crlf);
  assert_error_line (crlf_error, PB_CSV_ERROR_ENCODING, 5);
}

/* A BOM means UTF-8: a byte that is not valid UTF-8 is an error on its line,
 * not a reason to read the whole file as a legacy charset ("Zoé" would come
 * back as "ZoÃ©"). */
static void
test_reader_bom_invalid_utf8 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(PbCsvReader) truncated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) truncated_error = NULL;

  reader = new_reader_literal (BOM "Nom;Pr\xC3\xA9nom\r\nDupont;Zo\xC3\xA9\r\nMartin;Andr\xE9\r\n",
                               &error);
  g_assert_null (reader);
  assert_error_line (error, PB_CSV_ERROR_ENCODING, 3);

  /* A sequence cut short by the end of the file */
  truncated = new_reader_literal (BOM "a\n\nb;\"Zo\xC3", &truncated_error);
  g_assert_null (truncated);
  assert_error_line (truncated_error, PB_CSV_ERROR_ENCODING, 3);
}

/* No BOM, but UTF-8 accents and one stray Latin-1 byte: a damaged UTF-8
 * file, refused on the stray byte's line rather than decoded as Latin-9
 * with every accent garbled.
 */
static void
test_reader_mixed_utf8 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("Nom;Pr\xC3\xA9nom\nDupont;Zo\xC3\xA9\nMartin;Andr\xE9\n", &error);
  g_assert_null (reader);
  assert_error_line (error, PB_CSV_ERROR_ENCODING, 3);
}

static void
test_reader_utf16 (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("\xff\xfeN\0o\0m\0\r\0\n\0", &error);
  g_assert_null (reader);
  g_assert_error (error, PB_CSV_ERROR, PB_CSV_ERROR_ENCODING);
}

/* Reader: syntax errors */

static void
test_reader_unterminated_quote (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("Nom;Note\n\nDupont;\"ouvert\nsuite\nfin\n", &error);
  g_assert_no_error (error);

  assert_next (reader, 1, ROW ("Nom", "Note"));
  assert_next_fails (reader, 3);
  /* The error sticks rather than turning into a normal end */
  assert_next_fails (reader, 3);
  g_assert_cmpuint (pb_csv_reader_get_line (reader), ==, 1);
}

static void
test_reader_quote_in_plain_cell (void)
{
  g_autoptr(PbCsvReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = new_reader_literal ("a;b\r\nc;d\r\ne;f\"g\"\r\n", &error);
  g_assert_no_error (error);

  assert_next (reader, 1, ROW ("a", "b"));
  assert_next (reader, 2, ROW ("c", "d"));
  assert_next_fails (reader, 3);
}

static void
test_reader_after_closing_quote (void)
{
  const char *cases[] = {
    "a;b\n\"x\ny\"z;w\n",
    "a;b\n\"x\ny\" ;w\n",
    "a;b\n\"x\ny\"\"\n\"w\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PbCsvReader) reader = NULL;
      g_autoptr(GError) error = NULL;

      reader = new_reader (cases[i], strlen (cases[i]), &error);
      g_assert_no_error (error);

      assert_next (reader, 1, ROW ("a", "b"));
      assert_next_fails (reader, i == 2 ? 4 : 3);
    }
}

static void
test_reader_nul_byte (void)
{
  g_autoptr(PbCsvReader) plain = NULL;
  g_autoptr(PbCsvReader) quoted = NULL;
  g_autoptr(GError) error = NULL;

  plain = new_reader_literal ("Zo\xC3\xA9;b\nc\0d;e\n", &error);
  g_assert_no_error (error);
  /* The NUL must not make a UTF-8 file look like a legacy one */
  g_assert_cmpstr (pb_csv_reader_get_encoding (plain), ==, "UTF-8");
  assert_next (plain, 1, ROW ("Zoé", "b"));
  assert_next_fails (plain, 2);

  quoted = new_reader_literal ("\"a\nb\nc\0\"\n", &error);
  g_assert_no_error (error);
  assert_next_fails (quoted, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/writer/quoting", test_writer_quoting);
  g_test_add_func ("/core/csv/writer/empty", test_writer_empty);
  g_test_add_func ("/core/csv/writer/cells", test_writer_cells);
  g_test_add_func ("/core/csv/writer/verbatim", test_writer_verbatim);
  g_test_add_func ("/core/csv/writer/to-bytes-snapshot", test_writer_to_bytes_snapshot);
  g_test_add_func ("/core/csv/round-trip", test_round_trip);
  g_test_add_func ("/core/csv/reader/bom", test_reader_bom);
  g_test_add_func ("/core/csv/reader/empty", test_reader_empty);
  g_test_add_func ("/core/csv/reader/comma", test_reader_comma);
  g_test_add_func ("/core/csv/reader/separator-choice", test_reader_separator_choice);
  g_test_add_func ("/core/csv/reader/line-ends", test_reader_line_ends);
  g_test_add_func ("/core/csv/reader/final-line-end", test_reader_final_line_end);
  g_test_add_func ("/core/csv/reader/quoted-newline", test_reader_quoted_newline);
  g_test_add_func ("/core/csv/reader/blank-lines", test_reader_blank_lines);
  g_test_add_func ("/core/csv/reader/windows-1252", test_reader_windows_1252);
  g_test_add_func ("/core/csv/reader/iso-8859-15", test_reader_iso_8859_15);
  g_test_add_func ("/core/csv/reader/latin1", test_reader_latin1);
  g_test_add_func ("/core/csv/reader/undefined-byte", test_reader_undefined_byte);
  g_test_add_func ("/core/csv/reader/bom-invalid-utf8", test_reader_bom_invalid_utf8);
  g_test_add_func ("/core/csv/reader/mixed-utf8", test_reader_mixed_utf8);
  g_test_add_func ("/core/csv/reader/utf16", test_reader_utf16);
  g_test_add_func ("/core/csv/reader/unterminated-quote", test_reader_unterminated_quote);
  g_test_add_func ("/core/csv/reader/quote-in-plain-cell", test_reader_quote_in_plain_cell);
  g_test_add_func ("/core/csv/reader/after-closing-quote", test_reader_after_closing_quote);
  g_test_add_func ("/core/csv/reader/nul-byte", test_reader_nul_byte);

  return g_test_run ();
}
