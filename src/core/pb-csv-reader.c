/* pb-csv-reader.c
 *
 * Teachers bring files saved by whatever spreadsheet they have: Excel on
 * Windows still writes Windows-1252 by default, older tools write
 * ISO-8859-15, LibreOffice and recent Excel write UTF-8 (with or without a
 * BOM), and the separator is ";" in French locales but "," elsewhere. We
 * decode the whole file to UTF-8 once, then parse it in a single pass.
 *
 * Line numbers are physical lines of the file, counted from 1, because that
 * is what a teacher sees when opening the file in a text editor.
 */

#include <string.h>
#include <glib/gi18n-lib.h>

#include "pb-csv-reader.h"

#define UTF8_BOM "\xEF\xBB\xBF"
#define QUOTE '"'

struct _PbCsvReader
{
  GObject parent_instance;

  /* The decoded text, NUL-terminated, but read up to @len only: a NUL byte
   * inside the file must reach the parser so that it can report it. */
  char *text;
  gsize len;
  gsize pos;

  const char *encoding;
  char separator;

  /* Physical line of text[pos], and where the last returned record began */
  guint line;
  guint record_line;

  /* Once a syntax error is found, the reader cannot resynchronise: every
   * later call reports the same error rather than a misleading end. */
  GError *failure;
};

G_DEFINE_FINAL_TYPE (PbCsvReader, pb_csv_reader, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-csv-error-quark, pb_csv_error)

static void
pb_csv_reader_finalize (GObject *object)
{
  PbCsvReader *self = PB_CSV_READER (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (pb_csv_reader_parent_class)->finalize (object);
}

static void
pb_csv_reader_class_init (PbCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_csv_reader_finalize;
}

static void
pb_csv_reader_init (PbCsvReader *self)
{
  self->encoding = "UTF-8";
  self->separator = ';';
  self->line = 1;
}

/* Decoding */

/* The 1-based physical line holding data[offset]; "\r\n", "\n" and a lone
 * "\r" each end a line. Only used to report errors, so a rescan is fine. */
static guint
line_at_offset (const char *data,
                gsize       len,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset && i < len; i++)
    {
      if (data[i] == '\n')
        line++;
      else if (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'))
        line++;
    }

  return line;
}

/* The offset of the first byte that is not valid UTF-8, or @len if there is
 * none. Like g_utf8_validate_len(), except that NUL bytes are allowed: a
 * UTF-8 file with a stray NUL must still be decoded as UTF-8, and the NUL
 * reported by the parser with its line. */
static gsize
utf8_invalid_offset (const char *data,
                     gsize       len)
{
  const char *start = data;
  const char *end = data + len;

  while (data < end)
    {
      const char *nul = memchr (data, '\0', end - data);
      gsize segment = (nul != NULL) ? (gsize) (nul - data) : (gsize) (end - data);
      const char *invalid = NULL;

      if (!g_utf8_validate_len (data, segment, &invalid))
        return invalid - start;
      if (nul == NULL)
        break;
      data = nul + 1;
    }

  return len;
}

/* Bytes 0x80–0x9F are C1 control characters in ISO-8859-15, which no
 * spreadsheet writes, but printable in Windows-1252 (€ ’ œ Œ …). */
static gboolean
has_c1_byte (const char *data,
             gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if (c >= 0x80 && c <= 0x9F)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_undefined_in_windows_1252 (guchar c)
{
  return c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D;
}

static void
set_encoding_error (GError **error,
                    guint    line)
{
  g_set_error (error, PB_CSV_ERROR, PB_CSV_ERROR_ENCODING,
               /* Translators: %u is a line number in the file */
               _("Line %u contains a character that cannot be read. "
                 "Save the file again as “CSV UTF-8” and retry."),
               line);
}

/* Checked by hand rather than left to iconv, whose handling of these bytes
 * differs between C libraries, and so that we know the line. */
static gboolean
check_windows_1252 (const char  *data,
                    gsize        len,
                    GError     **error)
{
  for (gsize i = 0; i < len; i++)
    {
      if (is_undefined_in_windows_1252 (data[i]))
        {
          set_encoding_error (error, line_at_offset (data, len, i));
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
convert_to_utf8 (PbCsvReader  *self,
                 const char   *data,
                 gsize         len,
                 GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize bytes_read = 0;
  gsize bytes_written = 0;
  char *text;

  text = g_convert (data, len, "UTF-8", self->encoding,
                    &bytes_read, &bytes_written, &local_error);
  if (text == NULL)
    {
      /* Not expected once the bytes were checked, but iconv may lack the
       * charset; on an illegal sequence, bytes_read points at it. */
      g_debug ("Cannot convert from %s: %s", self->encoding, local_error->message);
      set_encoding_error (error, line_at_offset (data, len, bytes_read));
      return FALSE;
    }

  self->text = text;
  self->len = bytes_written;
  return TRUE;
}

static gboolean
is_utf16 (const char *data,
          gsize       len)
{
  return len >= 2 &&
         (((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE) ||
          ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF));
}

/* Whether @data holds at least one well-formed multi-byte UTF-8 sequence.
 * French text in a legacy charset practically never does: it would take a
 * letter from Â–ß followed by a C1 control or a sign such as « or ©.
 */
static gboolean
contains_utf8_sequence (const char *data,
                        gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      gunichar c;

      if ((guchar) data[i] < 0xC2)
        continue;

      c = g_utf8_get_char_validated (data + i, len - i);
      if (c != (gunichar) -1 && c != (gunichar) -2)
        return TRUE;
    }

  return FALSE;
}

static gboolean
decode (PbCsvReader  *self,
        const char   *data,
        gsize         len,
        GError      **error)
{
  gboolean has_bom = FALSE;
  gsize invalid;

  /* Excel's "Unicode text" is UTF-16; without this it would be taken for
   * ISO-8859-15 and fail later on a baffling NUL byte. */
  if (is_utf16 (data, len))
    {
      g_set_error_literal (error, PB_CSV_ERROR, PB_CSV_ERROR_ENCODING,
                           _("This file is saved as UTF-16 text, which is not supported. "
                             "Save it again as “CSV UTF-8” and retry."));
      return FALSE;
    }

  if (len >= strlen (UTF8_BOM) && memcmp (data, UTF8_BOM, strlen (UTF8_BOM)) == 0)
    {
      data += strlen (UTF8_BOM);
      len -= strlen (UTF8_BOM);
      has_bom = TRUE;
    }

  invalid = utf8_invalid_offset (data, len);
  if (invalid == len)
    {
      self->encoding = "UTF-8";
      self->text = g_malloc (len + 1);
      memcpy (self->text, data, len);
      self->text[len] = '\0';
      self->len = len;
      return TRUE;
    }

  /* A BOM says the file is UTF-8, and so do well-formed UTF-8 accents
   * elsewhere in it: a byte that is not UTF-8 must then be reported, not
   * taken as a sign of a legacy charset, which would silently turn every
   * "é" of the file into "Ã©". */
  if (has_bom || contains_utf8_sequence (data, len))
    {
      set_encoding_error (error, line_at_offset (data, len, invalid));
      return FALSE;
    }

  /* The two legacy charsets differ only on ¤ ¦ ¨ ´ ¸ ¼ ½ ¾ versus
   * € Š š Ž ž Œ œ Ÿ; without C1 bytes, ISO-8859-15 is the likelier one for
   * French names. */
  if (has_c1_byte (data, len))
    {
      if (!check_windows_1252 (data, len, error))
        return FALSE;
      self->encoding = "WINDOWS-1252";
    }
  else
    {
      self->encoding = "ISO-8859-15";
    }

  return convert_to_utf8 (self, data, len, error);
}

/* Counts both candidates outside quotes in the first record, which is
 * normally the header row. On a tie (e.g. a single column) we keep ";",
 * the French default. */
static char
detect_separator (const char *text,
                  gsize       len)
{
  gsize commas = 0;
  gsize semicolons = 0;
  gboolean quoted = FALSE;
  gsize i = 0;

  while (i < len && (text[i] == '\r' || text[i] == '\n'))
    i++;

  for (; i < len; i++)
    {
      /* Doubled quotes toggle twice, so a simple toggle is enough */
      if (text[i] == QUOTE)
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (text[i] == '\r' || text[i] == '\n')
        break;
      else if (text[i] == ',')
        commas++;
      else if (text[i] == ';')
        semicolons++;
    }

  return commas > semicolons ? ',' : ';';
}

/**
 * pb_csv_reader_new:
 * @data: the content of a CSV file
 * @error: return location for a #PB_CSV_ERROR_ENCODING error
 *
 * Decodes @data (UTF-8, Windows-1252 or ISO-8859-15, with or without a
 * UTF-8 BOM; a file with a BOM must be valid UTF-8) and detects its
 * separator. Syntax errors are reported later, by pb_csv_reader_next(), on
 * the record where they occur.
 *
 * Returns: (transfer full) (nullable): a reader, or %NULL if @data cannot
 *   be decoded
 */
PbCsvReader *
pb_csv_reader_new (GBytes  *data,
                   GError **error)
{
  g_autoptr(PbCsvReader) self = NULL;
  const char *bytes;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_CSV_READER, NULL);
  bytes = g_bytes_get_data (data, &len);

  if (!decode (self, bytes != NULL ? bytes : "", len, error))
    return NULL;

  self->separator = detect_separator (self->text, self->len);

  return g_steal_pointer (&self);
}

/**
 * pb_csv_reader_get_encoding:
 * @self: a #PbCsvReader
 *
 * Returns: the detected encoding: "UTF-8", "WINDOWS-1252" or "ISO-8859-15"
 */
const char *
pb_csv_reader_get_encoding (PbCsvReader *self)
{
  g_return_val_if_fail (PB_IS_CSV_READER (self), NULL);

  return self->encoding;
}

/**
 * pb_csv_reader_get_separator:
 * @self: a #PbCsvReader
 *
 * Returns: the detected separator, ';' or ','
 */
char
pb_csv_reader_get_separator (PbCsvReader *self)
{
  g_return_val_if_fail (PB_IS_CSV_READER (self), ';');

  return self->separator;
}

/**
 * pb_csv_reader_get_line:
 * @self: a #PbCsvReader
 *
 * Returns: the 1-based line on which the record last returned by
 *   pb_csv_reader_next() started, or 0 before the first record
 */
guint
pb_csv_reader_get_line (PbCsvReader *self)
{
  g_return_val_if_fail (PB_IS_CSV_READER (self), 0);

  return self->record_line;
}

/* Parsing */

static gboolean
at_line_end (PbCsvReader *self)
{
  return self->pos < self->len &&
         (self->text[self->pos] == '\n' || self->text[self->pos] == '\r');
}

/* Consumes one line end ("\r\n" counts as one), if there is one at pos */
static void
skip_line_end (PbCsvReader *self)
{
  if (!at_line_end (self))
    return;

  if (self->text[self->pos] == '\r' &&
      self->pos + 1 < self->len && self->text[self->pos + 1] == '\n')
    self->pos++;
  self->pos++;
  self->line++;
}

static void
set_nul_error (GError **error,
               guint    line)
{
  g_set_error (error, PB_CSV_ERROR, PB_CSV_ERROR_SYNTAX,
               /* Translators: %u is a line number in the file */
               _("Line %u contains a null character; "
                 "this does not look like a CSV text file."),
               line);
}

/* A cell not starting with a quote runs to the next separator or line end,
 * and may not contain quotes: a stray quote usually means the cell was meant
 * to be quoted, and guessing would silently shift the columns. */
static char *
read_plain_cell (PbCsvReader  *self,
                 GError      **error)
{
  gsize start = self->pos;

  for (; self->pos < self->len; self->pos++)
    {
      char c = self->text[self->pos];

      if (c == self->separator || c == '\n' || c == '\r')
        break;

      if (c == QUOTE)
        {
          g_set_error (error, PB_CSV_ERROR, PB_CSV_ERROR_SYNTAX,
                       /* Translators: %u is a line number in the file */
                       _("Line %u: a quote (\") appears inside a cell "
                         "that does not start with a quote."),
                       self->line);
          return NULL;
        }

      if (c == '\0')
        {
          set_nul_error (error, self->line);
          return NULL;
        }
    }

  return g_strndup (self->text + start, self->pos - start);
}

/* Reads the content of a quoted cell, pos being just after the opening
 * quote, up to and including the closing quote. Line ends inside are kept
 * as they are, but counted. */
static gboolean
read_quoted_content (PbCsvReader  *self,
                     GString      *cell,
                     GError      **error)
{
  guint start_line = self->line;

  while (self->pos < self->len)
    {
      char c = self->text[self->pos];

      if (c == QUOTE)
        {
          self->pos++;
          if (self->pos >= self->len || self->text[self->pos] != QUOTE)
            return TRUE;
        }
      else if (c == '\0')
        {
          set_nul_error (error, self->line);
          return FALSE;
        }
      else if (c == '\n' || (c == '\r' && (self->pos + 1 >= self->len ||
                                           self->text[self->pos + 1] != '\n')))
        {
          /* The "\r" of a "\r\n" is copied without counting a line */
          self->line++;
        }

      g_string_append_c (cell, c);
      self->pos++;
    }

  /* Report where the cell began: that is where the missing quote belongs,
   * while the end of the file may be thousands of lines further. */
  g_set_error (error, PB_CSV_ERROR, PB_CSV_ERROR_SYNTAX,
               /* Translators: %u is a line number in the file */
               _("Line %u: a cell starts with a quote (\") that is never closed."),
               start_line);
  return FALSE;
}

static char *
read_quoted_cell (PbCsvReader  *self,
                  GError      **error)
{
  GString *cell = g_string_new (NULL);

  self->pos++;  /* the opening quote */

  if (!read_quoted_content (self, cell, error))
    {
      g_string_free (cell, TRUE);
      return NULL;
    }

  if (self->pos < self->len &&
      self->text[self->pos] != self->separator &&
      !at_line_end (self))
    {
      g_set_error (error, PB_CSV_ERROR, PB_CSV_ERROR_SYNTAX,
                   /* Translators: %u is a line number in the file */
                   _("Line %u: unexpected text after the closing quote (\") of a cell."),
                   self->line);
      g_string_free (cell, TRUE);
      return NULL;
    }

  return g_string_free (cell, FALSE);
}

/* On return, pos is on a separator, a line end or the end of the text */
static char *
read_cell (PbCsvReader  *self,
           GError      **error)
{
  if (self->pos < self->len && self->text[self->pos] == QUOTE)
    return read_quoted_cell (self, error);
  else
    return read_plain_cell (self, error);
}

static gboolean
fail (PbCsvReader  *self,
      GError       *failure,
      GError      **error)
{
  g_clear_error (&self->failure);
  self->failure = failure;
  g_propagate_error (error, g_error_copy (failure));
  return FALSE;
}

/**
 * pb_csv_reader_next:
 * @self: a #PbCsvReader
 * @cells: (out) (transfer full): return location for the cells of the record
 * @error: return location for a #PB_CSV_ERROR_SYNTAX error
 *
 * Reads the next record, skipping empty lines. Once an error has been
 * returned, every later call returns it again.
 *
 * Returns: %TRUE with @cells set, or %FALSE with @cells set to %NULL, either
 *   at the end (@error unset) or on a syntax error (@error set)
 */
gboolean
pb_csv_reader_next (PbCsvReader  *self,
                    GStrv        *cells,
                    GError      **error)
{
  g_autoptr(GPtrArray) row = NULL;
  guint start_line;

  g_return_val_if_fail (PB_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (cells != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *cells = NULL;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }

  while (at_line_end (self))
    skip_line_end (self);

  if (self->pos >= self->len)
    return FALSE;

  start_line = self->line;
  row = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      GError *local_error = NULL;
      char *cell = read_cell (self, &local_error);

      if (cell == NULL)
        return fail (self, local_error, error);

      g_ptr_array_add (row, cell);

      if (self->pos < self->len && self->text[self->pos] == self->separator)
        self->pos++;
      else
        break;
    }

  skip_line_end (self);

  g_ptr_array_add (row, NULL);
  *cells = (GStrv) g_ptr_array_free (g_steal_pointer (&row), FALSE);
  self->record_line = start_line;

  return TRUE;
}
