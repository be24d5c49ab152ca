/* pb-siecle-input.c
 *
 * Schools upload ElevesSansAdresse.xml as SIECLE saved it, often zipped
 * (the export portal offers it so), and SIECLE declares ISO-8859-15 while
 * other tools write UTF-8 or Windows-1252. The parser gets one stream of
 * UTF-8 whatever the case, pulled as it reads: a zip entry is inflated a
 * buffer at a time, never whole into memory, and counted so that a zip
 * bomb stops at PB_SIECLE_INPUT_MAX_INFLATED.
 *
 * We convert the encoding ourselves rather than leave it to libxml2: its
 * conversion errors go to the process-wide error handler (stderr) instead
 * of the reader's, with no line. libxml2 is told to ignore the declaration
 * (XML_PARSE_IGNORE_ENC), since what it reads is UTF-8 by then.
 *
 * Whatever stops the reading early (a damaged zip, the size limit, a byte
 * the encoding cannot have) is kept in @failure and shows to the parser as
 * the end of the file: libxml2 has nothing better to say about a failed
 * read than "I/O error", and some versions say it on stderr. The caller
 * asks pb_siecle_input_check() first when the parse fails, since the real
 * cause is here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#include "pb-learner-import.h"
#include "pb-siecle-input.h"

#define ZIP_MAGIC "PK\x03\x04"

/* Holds the XML declaration, to read the encoding from it, and is the unit
 * of conversion afterwards */
#define BUFFER_SIZE 16384

struct _PbSiecleInput
{
  /* Where the raw bytes come from: @data itself, or @archive positioned on
   * its XML entry */
  GBytes         *data;
  gsize           offset;
  struct archive *archive;
  guint64         inflated;
  gboolean        at_end;

  /* Raw bytes read but not handed over yet */
  char            buffer[BUFFER_SIZE];
  gsize           start;
  gsize           len;

  /* From the file's encoding to UTF-8; (GIConv) -1 for a UTF-8 file */
  GIConv          converter;
  char           *encoding;
  guint           line;  /* of the next converted byte, for errors */

  GError         *failure;
};

static void fail (PbSiecleInput *self,
                  int            code,
                  const char    *format,
                  ...) G_GNUC_PRINTF (3, 4);

static void
fail (PbSiecleInput *self,
      int            code,
      const char    *format,
      ...)
{
  va_list args;

  if (self->failure != NULL)
    return;

  va_start (args, format);
  self->failure = g_error_new_valist (PB_LEARNER_IMPORT_ERROR, code, format, args);
  va_end (args);
  self->at_end = TRUE;
}

static const char *
archive_message (PbSiecleInput *self)
{
  const char *message = archive_error_string (self->archive);

  return message != NULL ? message : "unknown error";
}

/* Raw bytes */

static gsize
read_plain (PbSiecleInput *self,
            char          *buffer,
            gsize          len)
{
  gsize size;
  const char *data = g_bytes_get_data (self->data, &size);
  gsize count = MIN (len, size - self->offset);

  memcpy (buffer, data + self->offset, count);
  self->offset += count;

  return count;
}

static gsize
read_zipped (PbSiecleInput *self,
             char          *buffer,
             gsize          len)
{
  la_ssize_t count = archive_read_data (self->archive, buffer, len);

  if (count < 0)
    {
      fail (self, PB_LEARNER_IMPORT_ERROR_FORMAT,
            "The zip file is damaged: %s.", archive_message (self));
      return 0;
    }

  /* The sizes a zip declares can lie: count what really comes out */
  self->inflated += count;
  if (self->inflated > PB_SIECLE_INPUT_MAX_INFLATED)
    {
      fail (self, PB_LEARNER_IMPORT_ERROR_TOO_LARGE,
            "The XML file in the zip is larger than %d MB once unzipped.",
            PB_SIECLE_INPUT_MAX_INFLATED / (1024 * 1024));
      return 0;
    }

  return count;
}

static gsize
read_raw (PbSiecleInput *self,
          char          *buffer,
          gsize          len)
{
  gsize count;

  if (self->at_end)
    return 0;

  count = self->archive != NULL ? read_zipped (self, buffer, len)
                                : read_plain (self, buffer, len);
  if (count == 0)
    self->at_end = TRUE;

  return count;
}

/* Moves the bytes not handed over yet to the front of the buffer, and
 * tops it up from the file */
static void
fill_buffer (PbSiecleInput *self)
{
  if (self->start > 0)
    {
      memmove (self->buffer, self->buffer + self->start, self->len);
      self->start = 0;
    }

  while (self->len < sizeof self->buffer && !self->at_end)
    self->len += read_raw (self, self->buffer + self->len, sizeof self->buffer - self->len);
}

/* Zip */

static gboolean
is_zip (GBytes *data)
{
  gsize size;
  const char *bytes = g_bytes_get_data (data, &size);

  return size >= strlen (ZIP_MAGIC) && memcmp (bytes, ZIP_MAGIC, strlen (ZIP_MAGIC)) == 0;
}

/* A regular file named *.xml in any case. macOS's Archive Utility stores
 * "__MACOSX/._Name.xml" beside "Name.xml": a resource fork, not XML. */
static gboolean
is_xml_entry (struct archive_entry *entry)
{
  const char *path = archive_entry_pathname (entry);
  const char *base;
  gsize len;

  if (path == NULL || archive_entry_filetype (entry) != AE_IFREG)
    return FALSE;

  base = strrchr (path, '/');
  base = base != NULL ? base + 1 : path;
  len = strlen (base);

  return !g_str_has_prefix (path, "__MACOSX/") && !g_str_has_prefix (base, "._") &&
         len > strlen (".xml") && g_ascii_strcasecmp (base + len - strlen (".xml"), ".xml") == 0;
}

/* Leaves the archive on the first XML entry */
static gboolean
open_zip (PbSiecleInput  *self,
          GError        **error)
{
  struct archive_entry *entry;
  gsize size;
  const void *bytes = g_bytes_get_data (self->data, &size);
  int status;

  self->archive = archive_read_new ();
  archive_read_support_format_zip (self->archive);

  status = archive_read_open_memory (self->archive, bytes, size);
  while (status == ARCHIVE_OK || status == ARCHIVE_WARN)
    {
      status = archive_read_next_header (self->archive, &entry);
      if ((status != ARCHIVE_OK && status != ARCHIVE_WARN) || !is_xml_entry (entry))
        continue;

      /* What the zip admits to is refused at once; what it hides is
       * caught by read_zipped() */
      if (archive_entry_size_is_set (entry) &&
          archive_entry_size (entry) > PB_SIECLE_INPUT_MAX_INFLATED)
        {
          g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_TOO_LARGE,
                       "The XML file in the zip is larger than %d MB once unzipped.",
                       PB_SIECLE_INPUT_MAX_INFLATED / (1024 * 1024));
          return FALSE;
        }

      return TRUE;
    }

  if (status == ARCHIVE_EOF)
    g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                         "The zip file holds no XML file.");
  else
    g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                 "The zip file is damaged: %s.", archive_message (self));
  return FALSE;
}

/* Encoding */

/* A byte order mark, or the "<?" of a UTF-16 document without one, tells
 * the encoding before any declaration can be read */
static const struct
{
  const char *bytes;
  gsize       len;
  gsize       skip;  /* a mark is dropped, the "<?" is not */
  const char *encoding;
} signatures[] = {
  { "\xEF\xBB\xBF", 3, 3, "UTF-8" },
  { "\xFF\xFE", 2, 2, "UTF-16LE" },
  { "\xFE\xFF", 2, 2, "UTF-16BE" },
  { "<\0?\0", 4, 0, "UTF-16LE" },
  { "\0<\0?", 4, 0, "UTF-16BE" },
};

static const char *
unicode_signature (const char *data,
                   gsize       len,
                   gsize      *skip)
{
  for (gsize i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      if (len >= signatures[i].len && memcmp (data, signatures[i].bytes, signatures[i].len) == 0)
        {
          *skip = signatures[i].skip;
          return signatures[i].encoding;
        }
    }

  *skip = 0;
  return NULL;
}

/* The encoding="…" of an XML declaration at the start of @data, or NULL.
 * A declaration this cannot read is left for libxml2 to report. */
static char *
declared_encoding (const char *data,
                   gsize       len)
{
  const char *end;
  const char *p;
  const char *close;

  if (len < strlen ("<?xml") || memcmp (data, "<?xml", strlen ("<?xml")) != 0)
    return NULL;

  end = g_strstr_len (data, len, "?>");
  p = end != NULL ? g_strstr_len (data, end - data, "encoding") : NULL;
  if (p == NULL)
    return NULL;

  for (p += strlen ("encoding"); p < end && g_ascii_isspace (*p); p++)
    ;
  if (p >= end || *p++ != '=')
    return NULL;
  for (; p < end && g_ascii_isspace (*p); p++)
    ;
  if (p >= end || (*p != '"' && *p != '\''))
    return NULL;

  close = memchr (p + 1, *p, end - (p + 1));
  return close != NULL ? g_strndup (p + 1, close - (p + 1)) : NULL;
}

/* XML's EncName: it also keeps iconv suffixes such as "//IGNORE" out */
static gboolean
is_encoding_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]))
    return FALSE;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
choose_encoding (PbSiecleInput  *self,
                 GError        **error)
{
  g_autofree char *declared = NULL;
  gsize skip;
  const char *encoding = unicode_signature (self->buffer, self->len, &skip);

  self->start += skip;
  self->len -= skip;

  if (encoding == NULL)
    encoding = declared = declared_encoding (self->buffer + self->start, self->len);

  /* No declaration means UTF-8, which libxml2 reads as it is */
  if (encoding == NULL || g_ascii_strcasecmp (encoding, "UTF-8") == 0 ||
      g_ascii_strcasecmp (encoding, "UTF8") == 0)
    return TRUE;

  if (!is_encoding_name (encoding))
    {
      g_set_error_literal (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                           "The encoding declaration of the XML file is malformed.");
      return FALSE;
    }

  self->converter = g_iconv_open ("UTF-8", encoding);
  if (self->converter == (GIConv) -1)
    {
      g_set_error (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_FORMAT,
                   "The XML file is written in the encoding “%s”, which is not supported.",
                   encoding);
      return FALSE;
    }

  self->encoding = g_strdup (encoding);
  return TRUE;
}

/* Reading */

/* UTF-8 goes through untouched: libxml2 reports a bad sequence itself,
 * with its line */
static gsize
read_utf8 (PbSiecleInput *self,
           char          *out,
           gsize          len)
{
  gsize count;

  if (self->len == 0)
    return read_raw (self, out, len);

  count = MIN (len, self->len);
  memcpy (out, self->buffer + self->start, count);
  self->start += count;
  self->len -= count;

  return count;
}

static guint
count_lines (const char *text,
             gsize       len)
{
  guint lines = 0;

  for (const char *p = text; (p = memchr (p, '\n', len - (p - text))) != NULL; p++)
    lines++;

  return lines;
}

/* Converts buffered bytes into @out, reading more when the buffer runs
 * dry or ends inside a character. Loops until something comes out, since
 * a conversion step may consume bytes and produce none. */
static gsize
read_converted (PbSiecleInput *self,
                char          *out,
                gsize          len)
{
  char *out_p = out;
  gsize out_left = len;

  while (out_p == out && self->failure == NULL)
    {
      char *in_p;
      gsize result;
      int saved_errno;

      fill_buffer (self);
      if (self->len == 0)
        break;

      in_p = self->buffer + self->start;
      result = g_iconv (self->converter, &in_p, &self->len, &out_p, &out_left);
      saved_errno = errno;
      self->start = in_p - self->buffer;
      self->line += count_lines (out, out_p - out);

      if (result == (gsize) -1 && saved_errno == EILSEQ)
        fail (self, PB_LEARNER_IMPORT_ERROR_FORMAT,
              "Line %u of the XML file holds a byte that cannot be %s text, "
              "the encoding the file declares.", self->line, self->encoding);
      else if (result == (gsize) -1 && saved_errno == EINVAL && self->at_end)
        fail (self, PB_LEARNER_IMPORT_ERROR_FORMAT,
              "The XML file ends in the middle of a %s character.", self->encoding);
    }

  return out_p - out;
}

/**
 * pb_siecle_input_new:
 * @data: the uploaded file: XML, or a zip holding it
 * @error: return location for a %PB_LEARNER_IMPORT_ERROR
 *
 * Opens the XML file (the first *.xml entry of a zip) and reads its
 * encoding. Fails with %PB_LEARNER_IMPORT_ERROR_FORMAT on a damaged zip,
 * one without XML, or an unknown encoding, and with
 * %PB_LEARNER_IMPORT_ERROR_TOO_LARGE when the zip says the XML file
 * inflates beyond the limit.
 *
 * Returns: (transfer full) (nullable): the input
 */
PbSiecleInput *
pb_siecle_input_new (GBytes  *data,
                     GError **error)
{
  g_autoptr(PbSiecleInput) self = g_new0 (PbSiecleInput, 1);

  self->data = g_bytes_ref (data);
  self->converter = (GIConv) -1;
  self->line = 1;

  if (is_zip (data) && !open_zip (self, error))
    return NULL;

  fill_buffer (self);
  if (!pb_siecle_input_check (self, error) || !choose_encoding (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pb_siecle_input_read:
 * @input: a #PbSiecleInput
 * @buffer: where to put the bytes
 * @len: the size of @buffer
 *
 * An xmlInputReadCallback: fills @buffer with the next UTF-8 bytes.
 *
 * Returns: how many bytes were put, 0 at the end or when the reading
 *   failed (see pb_siecle_input_check())
 */
int
pb_siecle_input_read (void *input,
                      char *buffer,
                      int   len)
{
  PbSiecleInput *self = input;

  if (len <= 0 || self->failure != NULL)
    return 0;

  if (self->converter != (GIConv) -1)
    return (int) read_converted (self, buffer, len);
  else
    return (int) read_utf8 (self, buffer, len);
}

/**
 * pb_siecle_input_check:
 * @self: a #PbSiecleInput
 * @error: return location for why the reading stopped early
 *
 * Returns: %FALSE if the reading stopped before the end of the file
 */
gboolean
pb_siecle_input_check (PbSiecleInput  *self,
                       GError        **error)
{
  if (self->failure == NULL)
    return TRUE;

  g_propagate_error (error, g_error_copy (self->failure));
  return FALSE;
}

void
pb_siecle_input_free (PbSiecleInput *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->archive, archive_read_free);
  if (self->converter != (GIConv) -1)
    g_iconv_close (self->converter);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_error (&self->failure);
  g_free (self);
}
