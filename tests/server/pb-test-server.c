/* pb-test-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>

#include "pb-test-server.h"

void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static const char *
server_binary (void)
{
  const char *path = g_getenv ("PB_SERVER_BINARY");

  g_assert_nonnull (path);
  return path;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->data_dir = g_dir_make_tmp ("pb-server-XXXXXX", NULL);
  g_assert_nonnull (fixture->data_dir);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

/* Runs the server binary with @args (NULL-terminated, without the binary)
 * and @input on stdin. The input comes from a file, not a pipe: a command
 * that refuses its options exits before reading it, and writing into a
 * pipe nobody reads would kill the test with SIGPIPE.
 */
void
run_argv (Result             *result,
          const char         *input,
          const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input_path = NULL;
  int fd;

  fd = g_file_open_tmp ("pb-input-XXXXXX", &input_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (input_path, input != NULL ? input : "", -1, NULL));

  g_ptr_array_add (argv, (gpointer)server_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_exit_status (process);
  g_unlink (input_path);
}

void
run (Result      *result,
     const char  *input,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  run_argv (result, input, (const char * const *)args->pdata);
}

/* Starts `serve`; @extra: more arguments, NULL-terminated. */
void
server_start (Server     *server,
              Fixture    *fixture,
              const char *listen,
              ...)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer)server_binary ());
  g_ptr_array_add (argv, (gpointer)"serve");
  g_ptr_array_add (argv, (gpointer)"--data-dir");
  g_ptr_array_add (argv, fixture->data_dir);
  g_ptr_array_add (argv, (gpointer)"--listen");
  g_ptr_array_add (argv, (gpointer)listen);
  va_start (args, listen);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  server->process = g_subprocess_newv ((const char * const *)argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                       &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  /* server_stop() reads the rest of stdout: keep the pipe open. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (out), FALSE);
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on http"));
  server->base_url = g_strdup (line + strlen ("Listening on "));
}

char *
server_stop (Server *server,
             int     signal_number)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_send_signal (server->process, signal_number);
  g_subprocess_communicate_utf8 (server->process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);
  return g_steal_pointer (&err);
}

JsonObject *
first_error (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_ref (json_array_get_object_element (json_object_get_array_member (root, "errors"), 0));
}
