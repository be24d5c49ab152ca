/* pb-timestamp.c
 *
 * Times as both programs store and exchange them: ISO-8601 in UTC with
 * milliseconds, "2026-11-22T08:30:05.123Z". Text of this fixed shape sorts
 * in time order, on SQLite and PostgreSQL alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-timestamp.h"

char *
pb_timestamp_format (GDateTime *datetime)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;

  g_return_val_if_fail (datetime != NULL, NULL);

  utc = g_date_time_to_utc (datetime);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

/**
 * pb_timestamp_format_usec:
 * @time: microseconds since the epoch
 *
 * Returns: (transfer full): @time in the stored format
 */
char *
pb_timestamp_format_usec (gint64 time)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) datetime = g_date_time_add (seconds, time % G_USEC_PER_SEC);

  return pb_timestamp_format (datetime);
}

/**
 * pb_timestamp_parse:
 * @timestamp: (nullable): an ISO-8601 time, as stored
 *
 * Returns: microseconds since the epoch, or 0 if @timestamp is not a time
 */
gint64
pb_timestamp_parse (const char *timestamp)
{
  g_autoptr(GDateTime) time = NULL;

  if (timestamp == NULL || (time = g_date_time_new_from_iso8601 (timestamp, NULL)) == NULL)
    return 0;
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

char *
pb_timestamp_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return pb_timestamp_format (now);
}
