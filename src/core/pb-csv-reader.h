/* pb-csv-reader.h
 *
 * Reads the CSV files teachers bring (learner lists exported from
 * spreadsheets), whatever their encoding and separator.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PB_CSV_ERROR (pb_csv_error_quark ())

typedef enum
{
  PB_CSV_ERROR_ENCODING,
  PB_CSV_ERROR_SYNTAX,
} PbCsvError;

GQuark pb_csv_error_quark (void);

#define PB_TYPE_CSV_READER (pb_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (PbCsvReader, pb_csv_reader, PB, CSV_READER, GObject)

PbCsvReader *pb_csv_reader_new           (GBytes       *data,
                                          GError      **error);
const char  *pb_csv_reader_get_encoding  (PbCsvReader  *self);
char         pb_csv_reader_get_separator (PbCsvReader  *self);
gboolean     pb_csv_reader_next          (PbCsvReader  *self,
                                          GStrv        *cells,
                                          GError      **error);
guint        pb_csv_reader_get_line      (PbCsvReader  *self);

G_END_DECLS
