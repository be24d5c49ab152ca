/* pb-csv-writer.c
 *
 * Pix's export dialect, which we reproduce byte for byte so that files made
 * here open the same way as files exported from Pix: UTF-8 with a BOM (the
 * only way to make Excel read UTF-8), ";" between cells (French spreadsheets
 * use "," as the decimal mark), every cell quoted, quotes doubled, "\n" after
 * every row.
 *
 * Cell content is never altered: Pix does not neutralise formulas ("=…"), and
 * neither do we, so a round trip through Pix gives back what was written.
 */

#include "pb-csv-writer.h"

#define UTF8_BOM "\xEF\xBB\xBF"
#define SEPARATOR ';'
#define QUOTE '"'

struct _PbCsvWriter
{
  GObject parent_instance;

  GString *document;
  guint cells_in_row;
};

G_DEFINE_FINAL_TYPE (PbCsvWriter, pb_csv_writer, G_TYPE_OBJECT)

static void
pb_csv_writer_finalize (GObject *object)
{
  PbCsvWriter *self = PB_CSV_WRITER (object);

  g_string_free (self->document, TRUE);

  G_OBJECT_CLASS (pb_csv_writer_parent_class)->finalize (object);
}

static void
pb_csv_writer_class_init (PbCsvWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_csv_writer_finalize;
}

static void
pb_csv_writer_init (PbCsvWriter *self)
{
  self->document = g_string_new (UTF8_BOM);
}

/**
 * pb_csv_writer_new:
 *
 * Returns: (transfer full): a writer holding an empty document (just the BOM)
 */
PbCsvWriter *
pb_csv_writer_new (void)
{
  return g_object_new (PB_TYPE_CSV_WRITER, NULL);
}

/**
 * pb_csv_writer_add_cell:
 * @self: a #PbCsvWriter
 * @cell: (nullable): UTF-8 text of the cell; %NULL writes an empty cell
 *
 * Appends one cell to the current row. Call pb_csv_writer_end_row() once the
 * row is complete.
 */
void
pb_csv_writer_add_cell (PbCsvWriter *self,
                        const char  *cell)
{
  const char *p;

  g_return_if_fail (PB_IS_CSV_WRITER (self));
  g_return_if_fail (cell == NULL || g_utf8_validate (cell, -1, NULL));

  if (self->cells_in_row > 0)
    g_string_append_c (self->document, SEPARATOR);

  g_string_append_c (self->document, QUOTE);
  for (p = cell; p != NULL && *p != '\0'; p++)
    {
      /* Inside quotes, only the quote itself needs escaping: separators and
       * line ends are literal there. */
      if (*p == QUOTE)
        g_string_append_c (self->document, QUOTE);
      g_string_append_c (self->document, *p);
    }
  g_string_append_c (self->document, QUOTE);

  self->cells_in_row++;
}

/**
 * pb_csv_writer_end_row:
 * @self: a #PbCsvWriter
 *
 * Ends the current row. A row with no cells is written as one empty cell:
 * an empty line would be skipped by readers and the row would be lost.
 */
void
pb_csv_writer_end_row (PbCsvWriter *self)
{
  g_return_if_fail (PB_IS_CSV_WRITER (self));

  if (self->cells_in_row == 0)
    pb_csv_writer_add_cell (self, NULL);

  g_string_append_c (self->document, '\n');
  self->cells_in_row = 0;
}

/**
 * pb_csv_writer_add_row:
 * @self: a #PbCsvWriter
 * @cells: (array zero-terminated=1): the cells of the row, in UTF-8
 *
 * Appends a whole row; the same as pb_csv_writer_add_cell() for each cell
 * followed by pb_csv_writer_end_row().
 */
void
pb_csv_writer_add_row (PbCsvWriter        *self,
                       const char * const *cells)
{
  g_return_if_fail (PB_IS_CSV_WRITER (self));
  g_return_if_fail (cells != NULL);

  for (guint i = 0; cells[i] != NULL; i++)
    pb_csv_writer_add_cell (self, cells[i]);

  pb_csv_writer_end_row (self);
}

/**
 * pb_csv_writer_to_bytes:
 * @self: a #PbCsvWriter
 *
 * Returns the document written so far, BOM included. The writer can still be
 * used afterwards; the bytes are a copy. A row not yet ended is included
 * without its line end.
 *
 * Returns: (transfer full): the document
 */
GBytes *
pb_csv_writer_to_bytes (PbCsvWriter *self)
{
  g_return_val_if_fail (PB_IS_CSV_WRITER (self), NULL);

  return g_bytes_new (self->document->str, self->document->len);
}
