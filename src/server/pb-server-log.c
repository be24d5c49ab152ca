/* pb-server-log.c
 *
 * The server logs to stderr, one line per event, "key=value" after the
 * message so logs can be grepped and parsed:
 *   2026-11-22T08:30:05.123Z INFO pb-server: request method=GET path=/api/me status=200 ms=1.2
 * Paths are logged without their query string, which may hold a pupil's
 * name (filter[search]=…); bodies, tokens and passwords are never logged.
 * Debug lines appear with PB_DEBUG=1.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "pb-server-log.h"
#include "pb-timestamp.h"

/* Read once at install, before any thread logs. */
static gboolean debug_enabled;
/* Set before serving; the demo's in-process server keeps its tens of
 * thousands of request lines to itself. */
static gint info_enabled = TRUE;

static const char *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "ERROR";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "CRITICAL";
  if (level & G_LOG_LEVEL_WARNING)
    return "WARNING";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "NOTICE";
  if (level & G_LOG_LEVEL_INFO)
    return "INFO";
  return "DEBUG";
}

static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  g_autofree char *now = NULL;
  const char *domain = "pix-bureau-server";
  const char *message = "";

  if ((level & G_LOG_LEVEL_DEBUG) && !debug_enabled)
    return G_LOG_WRITER_HANDLED;
  if ((level & G_LOG_LEVEL_INFO) && !g_atomic_int_get (&info_enabled) && !debug_enabled)
    return G_LOG_WRITER_HANDLED;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
        message = fields[i].value;
    }

  now = pb_timestamp_now ();
  fprintf (stderr, "%s %s %s: %s\n", now, level_name (level), domain, message);
  fflush (stderr);

  return G_LOG_WRITER_HANDLED;
}

void
pb_server_log_install (void)
{
  debug_enabled = g_getenv ("PB_DEBUG") != NULL;
  g_log_set_writer_func (write_log, NULL, NULL);
}

/* Informational lines (one per request) on or off; warnings and errors
 * are always written. */
void
pb_server_log_set_info_enabled (gboolean enabled)
{
  g_atomic_int_set (&info_enabled, enabled);
}
