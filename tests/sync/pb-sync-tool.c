/* pb-sync-tool.c
 *
 * pb-sync-tool --server URL --email E --password P --cache FILE
 *
 * One sync of FILE with the real engine, in a process of its own so that a
 * test can kill it with SIGKILL halfway and start it again. Prints, each
 * line flushed at once:
 *   resume-from CURSOR    per organization in the cache before the sync
 *                         ("-" when it has none; one "resume-from -" when
 *                         the cache knows no organization yet)
 *   page N                after each page of a first sync is kept
 *   done                  at the end, exit status 0
 *   error MESSAGE         exit status 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "pb-sync-engine.h"

typedef struct
{
  PbSyncEngine *engine;
  GMainLoop    *loop;
  GError       *error;
  guint         pages;
} Tool;

static void
say (const char *format,
     ...) G_GNUC_PRINTF (1, 2);

static void
say (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  putchar ('\n');
  fflush (stdout);
}

static void
print_cursors (PbStore *store)
{
  g_autoptr(GPtrArray) organizations = pb_store_list_organizations (store, NULL);

  if (organizations == NULL || organizations->len == 0)
    {
      say ("resume-from -");
      return;
    }
  for (guint i = 0; i < organizations->len; i++)
    {
      PbStoreOrganization *organization = g_ptr_array_index (organizations, i);
      g_autofree char *cursor = pb_store_get_cursor (store, organization->id, NULL);

      say ("resume-from %s", cursor != NULL ? cursor : "-");
    }
}

/* The engine publishes its progress after each page it kept (below 1:
 * 1 is the end of the sync, -1 back to idle). */
static void
on_progress (Tool *tool)
{
  double progress = pb_sync_engine_get_progress (tool->engine);

  if (progress > 0.0 && progress < 1.0)
    say ("page %u", ++tool->pages);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Tool *tool = data;

  g_task_propagate_boolean (G_TASK (result), &tool->error);
  g_main_loop_quit (tool->loop);
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Tool *tool = data;
  GError *error = NULL;

  if (pb_sync_engine_run_once (tool->engine, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *server = NULL;
  g_autofree char *email = NULL;
  g_autofree char *password = NULL;
  g_autofree char *cache = NULL;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, "The server's URL", "URL" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "Sign in as", "EMAIL" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &password, "The password", "PASSWORD" },
    { "cache", 0, 0, G_OPTION_ARG_FILENAME, &cache, "The cache file", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync a cache once");
  g_autoptr(PbStore) store = NULL;
  g_autoptr(PbApiClient) client = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Tool tool = { 0 };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      server == NULL || email == NULL || password == NULL || cache == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--server, --email, --password and --cache are required");
      return 2;
    }

  store = pb_store_open (cache, &error);
  client = pb_api_client_new (server);
  if (store == NULL || !pb_api_client_sign_in (client, email, password, NULL, &error))
    {
      say ("error %s", error->message);
      return 1;
    }
  print_cursors (store);

  tool.engine = pb_sync_engine_new (store, client);
  tool.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect_swapped (tool.engine, "notify::progress", G_CALLBACK (on_progress), &tool);

  task = g_task_new (NULL, NULL, sync_done, &tool);
  g_task_set_task_data (task, &tool, NULL);
  g_task_run_in_thread (task, sync_thread);
  g_main_loop_run (tool.loop);

  g_clear_object (&tool.engine);
  g_main_loop_unref (tool.loop);
  pb_store_close (store);
  if (tool.error != NULL)
    {
      say ("error %s", tool.error->message);
      g_error_free (tool.error);
      return 1;
    }
  say ("done");
  return 0;
}
