/* pb-sync-time.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-sync-time.h"

/* Calendar days, not 24-hour spans: 23:50 yesterday is "yesterday", and a
 * day with a daylight-saving change (23 or 25 hours long) is still one
 * day. Both times are in the same time zone. */
static int
calendar_days_between (GDateTime *earlier,
                       GDateTime *later)
{
  GDate start, end;

  g_date_clear (&start, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&start, g_date_time_get_day_of_month (earlier),
                  g_date_time_get_month (earlier), g_date_time_get_year (earlier));
  g_date_set_dmy (&end, g_date_time_get_day_of_month (later),
                  g_date_time_get_month (later), g_date_time_get_year (later));

  return g_date_days_between (&start, &end);
}

/**
 * pb_sync_time_format_last_sync:
 * @last_sync: the last sync, in microseconds since the epoch (as
 *   PbSyncEngine:last-sync); 0 or less for never
 * @now: the present, in the time zone to write both in (the local one)
 *
 * "Last synced at 14:05" the same day, "…yesterday at 14:05" the calendar
 * day before, "…on 2026-11-20 at 14:05" (dd/mm/yyyy in French) earlier.
 * A last sync on a later day than @now (the computer's clock was put
 * back) also gets its date: "at 14:05" alone would say it was today. A
 * few minutes ahead on the same day is only clock skew between machines:
 * the time alone then.
 *
 * Returns: (transfer full): the line, translated
 */
char *
pb_sync_time_format_last_sync (gint64     last_sync,
                               GDateTime *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  if (last_sync <= 0)
    return g_strdup (_("Never synced"));

  utc = g_date_time_new_from_unix_utc (last_sync / G_USEC_PER_SEC);
  if (utc != NULL)
    when = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  if (when == NULL)
    return g_strdup (_("Never synced"));

  time = g_date_time_format (when, "%H:%M");

  days = calendar_days_between (when, now);
  if (days == 0)
    return g_strdup_printf (_("Last synced at %s"), time);
  if (days == 1)
    return g_strdup_printf (_("Last synced yesterday at %s"), time);

  /* TRANSLATORS: a date, as strftime() writes it (%d day, %m month, %Y year) */
  date = g_date_time_format (when, _("%Y-%m-%d"));
  /* TRANSLATORS: the first %s is a date, the second a time */
  return g_strdup_printf (_("Last synced on %s at %s"), date, time);
}
