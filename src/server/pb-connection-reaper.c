/* pb-connection-reaper.c
 *
 * Closes the connections clients closed while idle. libsoup 3.2 (Debian
 * 12) leaks them: when a client closes a kept-alive connection between
 * two requests, the server reads the end of the stream and drops its
 * reader, but never closes its side (fixed in libsoup 3.3, commit
 * d20c6601). Each such connection keeps a file descriptor in CLOSE_WAIT
 * until the server runs out of them. The reaper remembers the socket of
 * every request; once a second, a socket with no request under way whose
 * peer has hung up for two looks in a row (libsoup has long stopped
 * reading it by then) is closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "pb-connection-reaper.h"

#define REAP_INTERVAL_SECONDS 1

typedef struct
{
  GSocket  *socket;
  guint     active;       /* requests read and not yet answered */
  gboolean  hung_up;      /* the peer had hung up at the last look */
} Watched;

struct _PbConnectionReaper
{
  GObject     parent_instance;
  GHashTable *watched;     /* GSocket* → Watched* */
  GSource    *timer;
};

G_DEFINE_FINAL_TYPE (PbConnectionReaper, pb_connection_reaper, G_TYPE_OBJECT)

static void
watched_free (Watched *watched)
{
  g_object_unref (watched->socket);
  g_free (watched);
}

/* The peer has closed (or reset) and nothing is left to read. */
static gboolean
peer_hung_up (GSocket *socket)
{
  char byte;
  ssize_t got;

  if (g_socket_is_closed (socket))
    return TRUE;
  got = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

/* One look at every watched socket, every second. */
static void
reap (PbConnectionReaper *self)
{
  GHashTableIter iter;
  Watched *watched;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&watched))
    {
      gboolean hung_up = watched->active == 0 && peer_hung_up (watched->socket);

      if (hung_up && watched->hung_up)
        {
          if (!g_socket_is_closed (watched->socket))
            g_socket_close (watched->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
      else
        watched->hung_up = hung_up;
    }
}

static gboolean
reap_cb (gpointer user_data)
{
  reap (user_data);
  return G_SOURCE_CONTINUE;
}

static void
pb_connection_reaper_finalize (GObject *object)
{
  PbConnectionReaper *self = PB_CONNECTION_REAPER (object);

  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);

  G_OBJECT_CLASS (pb_connection_reaper_parent_class)->finalize (object);
}

static void
pb_connection_reaper_class_init (PbConnectionReaperClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_connection_reaper_finalize;
}

static void
pb_connection_reaper_init (PbConnectionReaper *self)
{
  self->watched = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)watched_free);
}

/**
 * pb_connection_reaper_new:
 * @context: the main context the server runs on
 */
PbConnectionReaper *
pb_connection_reaper_new (GMainContext *context)
{
  PbConnectionReaper *self = g_object_new (PB_TYPE_CONNECTION_REAPER, NULL);

  self->timer = g_timeout_source_new_seconds (REAP_INTERVAL_SECONDS);
  g_source_set_callback (self->timer, reap_cb, self, NULL);
  g_source_set_static_name (self->timer, "[pix-bureau] connection reaper");
  g_source_attach (self->timer, context);
  return self;
}

static void
request_finished_cb (SoupServerMessage *msg,
                     Watched           *watched)
{
  if (watched->active > 0)
    watched->active--;
}

/**
 * pb_connection_reaper_watch:
 * @msg: a request just read
 *
 * Watches the request's connection; it counts as busy until @msg is
 * finished.
 */
void
pb_connection_reaper_watch (PbConnectionReaper *self,
                            SoupServerMessage  *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Watched *watched;

  if (socket == NULL)
    return;
  watched = g_hash_table_lookup (self->watched, socket);
  if (watched == NULL)
    {
      watched = g_new0 (Watched, 1);
      watched->socket = g_object_ref (socket);
      g_hash_table_insert (self->watched, socket, watched);
    }
  watched->active++;
  watched->hung_up = FALSE;
  /* The entry cannot go while this request is active: the handler never
   * outlives it. */
  g_signal_connect (msg, "finished", G_CALLBACK (request_finished_cb), watched);
}
