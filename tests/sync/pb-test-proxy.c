/* pb-test-proxy.c
 *
 * One thread per client connection (GThreadedSocketService), each with its
 * own connection to the server; requests and answers are read whole
 * (Content-Length bodies: the server never answers chunked, and the client
 * must not send chunked bodies to it either) and passed on in turn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-test-proxy.h"

struct _TestProxy
{
  /* The service accepts in its own thread's main context: the test's main
   * thread blocks in synchronous calls that go through the proxy. */
  GThread        *thread;
  GMainContext   *context;
  GMainLoop      *loop;
  GCond           started;
  guint16         port;

  GSocketService *service;
  char           *url;
  char           *upstream_host;
  guint16         upstream_port;

  GMutex          lock;
  char           *lose_method;
  char           *lose_path;
  guint           lost;
  guint           replayed;
  char           *delay_method;
  char           *delay_path;
  guint           delay_ms;
  GPtrArray      *requests;     /* "METHOD path" of every request */
};

typedef struct
{
  char      *head;              /* request or status line and headers, CRLF-terminated */
  char      *first_line;
  gsize      content_length;
  gboolean   chunked;
  gboolean   replayed;
  GBytes    *body;
} Message;

static void
message_clear (Message *message)
{
  g_free (message->head);
  g_free (message->first_line);
  g_clear_pointer (&message->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Message, message_clear)

/* Reads a head and, when @with_body, its Content-Length body; FALSE at the
 * end of the stream. */
static gboolean
read_message (GDataInputStream *in,
              Message          *message,
              gboolean          with_body)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gsize n_read;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      if (line == NULL)
        return FALSE;
      g_string_append_printf (head, "%s\r\n", line);
      if (line[0] == '\0')
        break;
      if (message->first_line == NULL)
        message->first_line = g_strdup (line);
      else if (g_ascii_strncasecmp (line, "Content-Length:", strlen ("Content-Length:")) == 0)
        message->content_length = g_ascii_strtoull (line + strlen ("Content-Length:"), NULL, 10);
      else if (g_ascii_strncasecmp (line, "Transfer-Encoding:", strlen ("Transfer-Encoding:")) == 0)
        message->chunked = TRUE;
      else if (g_ascii_strcasecmp (line, "Idempotent-Replayed: true") == 0)
        message->replayed = TRUE;
    }
  message->head = g_string_free (g_steal_pointer (&head), FALSE);
  g_assert_false (message->chunked);

  if (with_body && message->content_length > 0)
    {
      guint8 *data = g_malloc (message->content_length);

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), data, message->content_length, &n_read, NULL, &error) ||
          n_read != message->content_length)
        {
          g_free (data);
          return FALSE;
        }
      message->body = g_bytes_new_take (data, message->content_length);
    }
  return TRUE;
}

static gboolean
write_message (GOutputStream *out,
               Message       *message)
{
  gsize written;

  if (!g_output_stream_write_all (out, message->head, strlen (message->head), &written, NULL, NULL))
    return FALSE;
  if (message->body != NULL &&
      !g_output_stream_write_all (out, g_bytes_get_data (message->body, NULL), g_bytes_get_size (message->body),
                                  &written, NULL, NULL))
    return FALSE;
  return g_output_stream_flush (out, NULL, NULL);
}

/* "POST /api/campaigns?x=1 HTTP/1.1" → method "POST", path "/api/campaigns" */
static void
split_request_line (const char  *line,
                    char       **method,
                    char       **path)
{
  g_auto(GStrv) parts = g_strsplit (line, " ", 3);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  *method = g_strdup (parts[0]);
  *path = g_strndup (parts[1], strcspn (parts[1], "?"));
}

static gboolean
take_lose_rule (TestProxy  *proxy,
                const char *method,
                const char *path)
{
  gboolean lose;

  g_mutex_lock (&proxy->lock);
  g_ptr_array_add (proxy->requests, g_strconcat (method, " ", path, NULL));
  lose = g_strcmp0 (proxy->lose_method, method) == 0 && g_strcmp0 (proxy->lose_path, path) == 0;
  if (lose)
    {
      g_clear_pointer (&proxy->lose_method, g_free);
      g_clear_pointer (&proxy->lose_path, g_free);
    }
  g_mutex_unlock (&proxy->lock);
  return lose;
}

/* Counts the answer; returns how long to hold it. */
static guint
note_answer (TestProxy  *proxy,
             const char *method,
             const char *path,
             Message    *answer)
{
  guint delay_ms = 0;

  g_mutex_lock (&proxy->lock);
  proxy->replayed += answer->replayed;
  if (g_strcmp0 (proxy->delay_method, method) == 0 && g_strcmp0 (proxy->delay_path, path) == 0)
    delay_ms = proxy->delay_ms;
  g_mutex_unlock (&proxy->lock);
  return delay_ms;
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  TestProxy *proxy = user_data;
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) upstream = NULL;
  g_autoptr(GDataInputStream) client_in = NULL;
  g_autoptr(GDataInputStream) server_in = NULL;
  GOutputStream *client_out, *server_out;

  upstream = g_socket_client_connect_to_host (socket_client, proxy->upstream_host, proxy->upstream_port, NULL, NULL);
  if (upstream == NULL)
    return TRUE;

  client_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  server_in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (upstream)));
  g_data_input_stream_set_newline_type (client_in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_data_input_stream_set_newline_type (server_in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  client_out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  server_out = g_io_stream_get_output_stream (G_IO_STREAM (upstream));

  for (;;)
    {
      g_auto(Message) request = { 0 };
      g_auto(Message) answer = { 0 };
      g_autofree char *method = NULL;
      g_autofree char *path = NULL;
      gboolean lose;

      if (!read_message (client_in, &request, TRUE))
        break;
      split_request_line (request.first_line, &method, &path);
      lose = take_lose_rule (proxy, method, path);

      /* The client never sends HEAD: every answer's Content-Length is
       * its body's. */
      if (!write_message (server_out, &request) || !read_message (server_in, &answer, TRUE))
        break;
      g_usleep (note_answer (proxy, method, path, &answer) * G_TIME_SPAN_MILLISECOND);

      if (lose)
        {
          g_mutex_lock (&proxy->lock);
          proxy->lost++;
          g_mutex_unlock (&proxy->lock);
          break;
        }
      if (!write_message (client_out, &answer))
        break;
    }

  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  TestProxy *proxy = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (proxy->context);
  proxy->service = g_threaded_socket_service_new (8);
  g_signal_connect (proxy->service, "run", G_CALLBACK (on_run), proxy);

  g_mutex_lock (&proxy->lock);
  proxy->port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (proxy->service), NULL, &error);
  g_assert_no_error (error);
  g_socket_service_start (proxy->service);
  g_cond_signal (&proxy->started);
  g_mutex_unlock (&proxy->lock);

  g_main_loop_run (proxy->loop);

  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_main_context_pop_thread_default (proxy->context);
  return NULL;
}

TestProxy *
test_proxy_new (const char *upstream_url)
{
  TestProxy *proxy = g_new0 (TestProxy, 1);
  g_autoptr(GUri) uri = g_uri_parse (upstream_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->started);
  proxy->requests = g_ptr_array_new_with_free_func (g_free);
  proxy->upstream_host = g_strdup (g_uri_get_host (uri));
  proxy->upstream_port = (guint16)g_uri_get_port (uri);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);

  g_mutex_lock (&proxy->lock);
  proxy->thread = g_thread_new ("test-proxy", proxy_thread, proxy);
  while (proxy->port == 0)
    g_cond_wait (&proxy->started, &proxy->lock);
  g_mutex_unlock (&proxy->lock);

  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
  return proxy;
}

const char *
test_proxy_get_url (TestProxy *proxy)
{
  return proxy->url;
}

void
test_proxy_lose_answer (TestProxy  *proxy,
                        const char *method,
                        const char *path)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->lose_method);
  g_free (proxy->lose_path);
  proxy->lose_method = g_strdup (method);
  proxy->lose_path = g_strdup (path);
  g_mutex_unlock (&proxy->lock);
}

guint
test_proxy_get_lost (TestProxy *proxy)
{
  guint lost;

  g_mutex_lock (&proxy->lock);
  lost = proxy->lost;
  g_mutex_unlock (&proxy->lock);
  return lost;
}

guint
test_proxy_get_replayed (TestProxy *proxy)
{
  guint replayed;

  g_mutex_lock (&proxy->lock);
  replayed = proxy->replayed;
  g_mutex_unlock (&proxy->lock);
  return replayed;
}

void
test_proxy_delay_answers (TestProxy  *proxy,
                          const char *method,
                          const char *path,
                          guint       delay_ms)
{
  g_mutex_lock (&proxy->lock);
  g_free (proxy->delay_method);
  g_free (proxy->delay_path);
  proxy->delay_method = g_strdup (method);
  proxy->delay_path = g_strdup (path);
  proxy->delay_ms = delay_ms;
  g_mutex_unlock (&proxy->lock);
}

guint
test_proxy_count_requests (TestProxy  *proxy,
                           const char *method,
                           const char *path)
{
  g_autofree char *wanted = g_strconcat (method, " ", path, NULL);
  guint count = 0;

  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->requests->len; i++)
    count += g_str_equal (g_ptr_array_index (proxy->requests, i), wanted);
  g_mutex_unlock (&proxy->lock);
  return count;
}

/* Free it after its clients are gone: a connection's thread uses the proxy
 * until its client closes the connection. */
void
test_proxy_free (TestProxy *proxy)
{
  g_main_loop_quit (proxy->loop);
  g_thread_join (proxy->thread);
  g_main_loop_unref (proxy->loop);
  g_main_context_unref (proxy->context);
  g_free (proxy->url);
  g_free (proxy->upstream_host);
  g_free (proxy->lose_method);
  g_free (proxy->lose_path);
  g_free (proxy->delay_method);
  g_free (proxy->delay_path);
  g_ptr_array_unref (proxy->requests);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->started);
  g_free (proxy);
}
