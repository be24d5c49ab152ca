/* pb-csv-writer.h
 *
 * Writes CSV in Pix's export dialect.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_TYPE_CSV_WRITER (pb_csv_writer_get_type ())

G_DECLARE_FINAL_TYPE (PbCsvWriter, pb_csv_writer, PB, CSV_WRITER, GObject)

PbCsvWriter *pb_csv_writer_new      (void);
void         pb_csv_writer_add_row  (PbCsvWriter        *self,
                                     const char * const *cells);
void         pb_csv_writer_add_cell (PbCsvWriter        *self,
                                     const char         *cell);
void         pb_csv_writer_end_row  (PbCsvWriter        *self);
GBytes      *pb_csv_writer_to_bytes (PbCsvWriter        *self);

G_END_DECLS
