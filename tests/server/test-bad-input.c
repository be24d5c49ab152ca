/* test-bad-input.c
 *
 * Garbage at every route, over raw HTTP so that exactly the bytes meant
 * reach the server: random bytes, truncated and mistyped JSON:API
 * documents, huge numbers, deep nesting, long and non-UTF-8 strings,
 * broken query strings and paths, wrong headers, bodies over the limits.
 *
 * Whatever comes in, the server answers — no 5xx, no dropped connection,
 * no hang — and every error is a JSON:API error whose code is one the
 * server's sources spell out. Afterwards it still serves a normal request
 * and nothing it stores has changed. Each failing request is reported on
 * its own (the barrage goes on); a server that dies is reported and
 * started again, so that one crash does not hide the other findings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "pb-test-api.h"
#include "pb-test-siecle.h"

/* The server's limits (src/server/pb-server.c, pb-learner-routes.h). */
#define MAX_JSON_BODY (1024 * 1024)
#define MAX_IMPORT_BODY (20 * 1024 * 1024)

#define REPLY_TIMEOUT_SECONDS 20
#define DEPTH 100000
#define LONG_VALUE 8000
#define SEED 20261122

/* ------------------------------------------------------------------ */
/* The server's log                                                    */

/* The last @n lines of @text. */
static const char *
tail_lines (const char *text,
            guint       n)
{
  const char *p = text + strlen (text);

  while (p > text && n > 0)
    {
      p--;
      if (*p == '\n' && p[1] != '\0')
        n--;
    }
  return p == text ? p : p + 1;
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */

typedef struct
{
  Api         api;
  char       *authority;     /* 127.0.0.1:PORT */
  char       *campaign;      /* org A's */
  char       *code;
  char       *sup_code;      /* a campaign of org SUP, which imports no pupils */
  char       *participation; /* admin_a's, as a pupil of org A, in its campaign */
  char       *assessment;    /* its assessment */
  char       *challenge;     /* the challenge the assessment asked */
  char       *tag;           /* org A's cursor tag, after the dot */
  char       *before;        /* snapshot () at the start */
  GHashTable *known_codes;   /* every "UPPER_CASE" literal of the server's sources */
  GHashTable *seen_codes;    /* code → answers */
  GRand      *rand;
  guint       n_requests;
  guint       n_failures;
  guint       deaths;
} Bad;

typedef struct
{
  const char *method;
  const char *target;        /* sent as is: may be malformed */
  const char *token;
  const char *content_type;
  GBytes     *body;
  const char *headers;       /* more header lines, each ending in \r\n */
  gboolean    framed;        /* @headers give Content-Length or Transfer-Encoding */
} Request;

typedef struct
{
  char     *failure;         /* why no whole answer came back; NULL if one did */
  guint     status;
  char     *head;            /* status line and headers */
  GBytes   *body;
  JsonNode *json;
} Reply;

typedef enum
{
  CLIENT_ERROR,              /* 400…499 */
  NO_SERVER_ERROR,           /* anything but 5xx: the input is odd but well-formed */
  REFUSED_BY_LIBSOUP,        /* a URI libsoup cannot parse: it answers a bare 400 itself,
                              * before the server sees the request (no JSON:API body) */
} Expect;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->failure, g_free);
  g_clear_pointer (&reply->head, g_free);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  reply->status = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

/* A header of the reply, or NULL. */
static char *
reply_header (Reply      *reply,
              const char *name)
{
  g_auto(GStrv) lines = NULL;
  gsize length = strlen (name);

  if (reply->head == NULL)
    return NULL;
  lines = g_strsplit (reply->head, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_strncasecmp (lines[i], name, length) == 0 && lines[i][length] == ':')
      return g_strstrip (g_strdup (lines[i] + length + 1));
  return NULL;
}

static void
parse_reply (Reply        *reply,
             const guint8 *data,
             gsize         size,
             const char   *read_error)
{
  const char *end = size > 0 ? g_strstr_len ((const char *)data, (gssize)size, "\r\n\r\n") : NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *length_text = NULL;
  gsize body_size;

  if (size == 0)
    {
      reply->failure = g_strdup_printf ("connection closed without an answer%s%s",
                                        read_error != NULL ? ": " : "", read_error != NULL ? read_error : "");
      return;
    }
  if (end == NULL || sscanf ((const char *)data, "HTTP/1.%*d %u", &reply->status) != 1)
    {
      reply->failure = g_strdup_printf ("not an HTTP answer (%" G_GSIZE_FORMAT " bytes)%s%s", size,
                                        read_error != NULL ? ": " : "", read_error != NULL ? read_error : "");
      return;
    }

  reply->head = g_strndup ((const char *)data, (gsize)(end - (const char *)data));
  body_size = size - (gsize)(end + 4 - (const char *)data);
  length_text = reply_header (reply, "Content-Length");
  if (length_text != NULL)
    {
      guint64 length = g_ascii_strtoull (length_text, NULL, 10);

      if (length > body_size)
        {
          reply->failure = g_strdup_printf ("answer cut short: %" G_GSIZE_FORMAT " of %" G_GUINT64_FORMAT
                                            " body bytes%s%s", body_size, length,
                                            read_error != NULL ? ": " : "", read_error != NULL ? read_error : "");
          return;
        }
      body_size = (gsize)length;
    }

  reply->body = g_bytes_new (end + 4, body_size);
  if (body_size > 0 && json_parser_load_from_data (parser, end + 4, (gssize)body_size, NULL))
    reply->json = json_node_ref (json_parser_get_root (parser));
}

/* One request on a connection of its own (Connection: close), read to
 * the end. The body goes in slices: a server that answers early (413)
 * and stops reading must not leave the test blocked on a full socket. */
static void
exchange (Bad           *bad,
          const Request *request,
          Reply         *reply)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *read_error = NULL;
  GOutputStream *out;
  GInputStream *in;
  GSocket *socket;
  gsize body_size = request->body != NULL ? g_bytes_get_size (request->body) : 0;
  const guint8 *body = request->body != NULL ? g_bytes_get_data (request->body, NULL) : NULL;
  guint8 buffer[65536];
  gsize sent = 0;

  reply_clear (reply);
  bad->n_requests++;

  g_string_append_printf (head, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
                          request->method, request->target);
  if (request->token != NULL)
    g_string_append_printf (head, "Authorization: Bearer %s\r\n", request->token);
  if (request->content_type != NULL)
    g_string_append_printf (head, "Content-Type: %s\r\n", request->content_type);
  if (request->headers != NULL)
    g_string_append (head, request->headers);
  if (request->body != NULL && !request->framed)
    g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", body_size);
  g_string_append (head, "\r\n");

  g_socket_client_set_timeout (client, REPLY_TIMEOUT_SECONDS);
  connection = g_socket_client_connect_to_host (client, bad->authority, 0, NULL, &error);
  if (connection == NULL)
    {
      reply->failure = g_strdup_printf ("cannot connect: %s", error->message);
      return;
    }
  socket = g_socket_connection_get_socket (connection);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  /* A write error is no verdict yet: the answer may be waiting. */
  if (g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL))
    while (sent < body_size && g_socket_condition_check (socket, G_IO_IN | G_IO_HUP) == 0)
      {
        gsize slice = MIN (body_size - sent, 256 * 1024);

        if (!g_output_stream_write_all (out, body + sent, slice, NULL, NULL, NULL))
          break;
        sent += slice;
      }

  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      if (n < 0)
        {
          read_error = g_strdup (error->message);
          break;
        }
      if (n == 0)
        break;
      g_byte_array_append (received, buffer, (guint)n);
    }

  parse_reply (reply, received->data, received->len, read_error);
}

/* Reports one wrong answer and lets the test go on: the whole barrage
 * is reported, not only its first casualty. */
static void
fail (Bad        *bad,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
fail (Bad        *bad,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  bad->n_failures++;
  g_test_message ("FAILED: %s", message);
  g_test_fail ();
}

/* Where the server listens, from the harness's base URL. */
static void
update_authority (Bad *bad)
{
  g_autoptr(GUri) uri = g_uri_parse (bad->api.server.base_url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  g_free (bad->authority);
  bad->authority = g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

/* GSubprocess reaps its child from GLib's worker thread: a dead server
 * loses its identifier within moments. */
static gboolean
server_died (Bad *bad)
{
  for (guint i = 0; i < 40; i++)
    {
      if (g_subprocess_get_identifier (bad->api.server.process) == NULL)
        return TRUE;
      g_usleep (G_USEC_PER_SEC / 20);
    }
  return FALSE;
}

/* Reports a dead server with the end of its log, and starts another on
 * the same data, so that the rest of the barrage still means something. */
static void
revive (Bad        *bad,
        const char *what)
{
  g_autofree char *log = server_read_log (&bad->api.server);
  GSubprocess *process = bad->api.server.process;
  g_autofree char *how = NULL;

  if (g_subprocess_get_if_signaled (process))
    how = g_strdup_printf ("killed by signal %d", g_subprocess_get_term_sig (process));
  else
    how = g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (process));

  bad->deaths++;
  fail (bad, "%s: the server DIED (%s); the end of its log:\n%s", what, how, tail_lines (log, 4));

  g_unlink (bad->api.server.log_path);
  g_clear_pointer (&bad->api.server.log_path, g_free);
  g_clear_object (&bad->api.server.process);
  g_clear_pointer (&bad->api.server.base_url, g_free);
  server_start (&bad->api.server, &bad->api.fixture, "127.0.0.1:0", NULL);
  update_authority (bad);
}

static char *
excerpt (GBytes *bytes)
{
  gsize size = bytes != NULL ? g_bytes_get_size (bytes) : 0;
  g_autofree char *text = g_strndup (size > 0 ? g_bytes_get_data (bytes, NULL) : "", MIN (size, 240));

  return g_strescape (text, NULL);
}

/* json-glib 1.6 has no get_*_member_with_default for these. */
static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A string member, or NULL; never a critical on odd JSON. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;
}

/* Why @reply is not a JSON:API error document, or NULL. */
static char *
error_document_problem (Bad   *bad,
                        Reply *reply)
{
  g_autofree char *content_type = reply_header (reply, "Content-Type");
  g_autofree char *status = g_strdup_printf ("%u", reply->status);
  JsonArray *errors;

  if (content_type == NULL || !g_str_has_prefix (content_type, "application/vnd.api+json"))
    return g_strdup_printf ("Content-Type %s, not application/vnd.api+json",
                            content_type != NULL ? content_type : "missing");
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return g_strdup ("the body is not a JSON object (not JSON, or not UTF-8)");
  errors = array_member (json_node_get_object (reply->json), "errors");
  if (errors == NULL || json_array_get_length (errors) == 0)
    return g_strdup ("no errors[]");

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *error;
      const char *code;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return g_strdup_printf ("errors[%u] is not an object", i);
      error = json_node_get_object (node);
      code = string_member (error, "code");
      if (code == NULL)
        return g_strdup_printf ("errors[%u] has no code", i);
      if (!g_hash_table_contains (bad->known_codes, code))
        return g_strdup_printf ("errors[%u].code %s is not a code of the server's sources", i, code);
      if (g_strcmp0 (string_member (error, "status"), status) != 0)
        return g_strdup_printf ("errors[%u].status is not \"%s\"", i, status);
      g_hash_table_replace (bad->seen_codes, g_strdup (code),
                            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (bad->seen_codes, code)) + 1));
    }
  return NULL;
}

/* The first error's code; only for a checked error document. */
static const char *
first_code (Reply *reply)
{
  JsonArray *errors;

  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return NULL;
  errors = array_member (json_node_get_object (reply->json), "errors");
  if (errors == NULL || json_array_get_length (errors) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, 0)))
    return NULL;
  return string_member (json_array_get_object_element (errors, 0), "code");
}

/* Why @reply breaks the rules for any request, or NULL. */
static char *
reply_problem (Bad        *bad,
               Reply      *reply,
               Expect      expect,
               guint       status,
               const char *code)
{
  g_autofree char *authenticate = NULL;
  g_autofree char *etag = NULL;

  if (reply->failure != NULL)
    return g_strdup_printf ("no answer: %s", reply->failure);
  if (reply->status >= 500)
    return g_strdup_printf ("server error %u", reply->status);
  if (status != 0 && reply->status != status)
    return g_strdup_printf ("status %u, expected %u", reply->status, status);
  if (expect == CLIENT_ERROR && (reply->status < 400 || reply->status > 499))
    return g_strdup_printf ("status %u, expected a client error (4xx)", reply->status);
  if (expect == REFUSED_BY_LIBSOUP)
    return reply->status == 400 ? NULL : g_strdup_printf ("status %u, expected libsoup's 400", reply->status);

  if (reply->status == 412)
    {
      /* Documented: a stale If-Match gets the record as it is now. */
      etag = reply_header (reply, "ETag");
      if (etag == NULL || reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json) ||
          object_member (json_node_get_object (reply->json), "data") == NULL)
        return g_strdup ("a 412 without the current record and its ETag");
      return NULL;
    }

  if (reply->status >= 400)
    {
      char *problem = error_document_problem (bad, reply);

      if (problem != NULL)
        return problem;
      if (code != NULL && g_strcmp0 (first_code (reply), code) != 0)
        return g_strdup_printf ("code %s, expected %s", first_code (reply), code);
    }

  /* A route that wants a token says which kind. */
  if (reply->status == 401 && g_strcmp0 (first_code (reply), "UNAUTHORIZED") == 0)
    {
      authenticate = reply_header (reply, "WWW-Authenticate");
      if (g_strcmp0 (authenticate, "Bearer") != 0)
        return g_strdup_printf ("a 401 with WWW-Authenticate %s", authenticate != NULL ? authenticate : "missing");
    }
  return NULL;
}

/* Sends @request and checks the answer. A failure is reported and the
 * barrage goes on. Returns whether the answer was right. */
static gboolean
check (Bad           *bad,
       const char    *what,
       const Request *request,
       Expect         expect,
       guint          status,
       const char    *code)
{
  g_auto(Reply) reply = { 0 };
  g_autofree char *problem = NULL;
  g_autofree char *body = NULL;
  g_autofree char *target = NULL;

  exchange (bad, request, &reply);
  problem = reply_problem (bad, &reply, expect, status, code);
  if (problem == NULL)
    return TRUE;

  body = excerpt (reply.body);
  target = g_strndup (request->target, 160);
  fail (bad, "%s — %s %s%s (%" G_GSIZE_FORMAT " body bytes): %s; answer: %u %s",
        what, request->method, target, strlen (request->target) > 160 ? "…" : "",
        request->body != NULL ? g_bytes_get_size (request->body) : 0, problem, reply.status, body);
  if (reply.failure != NULL && server_died (bad))
    revive (bad, what);
  return FALSE;
}

/* @template with the fixture's ids: {a}, {sup}, {campaign}, {code},
 * {sup_code}, {tag}, admin_a's {me}, {participation}, {assessment} and
 * {challenge}, and {long} for LONG_VALUE letters. */
static char *
expand (Bad        *bad,
        const char *template)
{
  GString *text = g_string_new (template);
  g_autofree char *long_value = g_strnfill (LONG_VALUE, 'a');

  g_string_replace (text, "{a}", bad->api.org_a, 0);
  g_string_replace (text, "{sup}", bad->api.org_sup, 0);
  g_string_replace (text, "{campaign}", bad->campaign, 0);
  g_string_replace (text, "{code}", bad->code, 0);
  g_string_replace (text, "{tag}", bad->tag, 0);
  g_string_replace (text, "{sup_code}", bad->sup_code, 0);
  g_string_replace (text, "{me}", bad->api.admin_a_id, 0);
  g_string_replace (text, "{participation}", bad->participation, 0);
  g_string_replace (text, "{assessment}", bad->assessment, 0);
  g_string_replace (text, "{challenge}", bad->challenge, 0);
  g_string_replace (text, "{long}", long_value, 0);
  return g_string_free (text, FALSE);
}

/* ------------------------------------------------------------------ */
/* What is stored                                                      */

static JsonObject *
response_meta (ApiResponse *response)
{
  return json_object_get_object_member (json_node_get_object (response->json), "meta");
}

static void
get_ok (Bad         *bad,
        ApiResponse *response,
        const char  *path)
{
  api_send (&bad->api, response, "GET", path, bad->api.admin_a, NULL, NULL, NULL);
  g_assert_cmpuint (response->status, ==, 200);
}

static void
count_rows (Bad        *bad,
            GString    *out,
            const char *sql)
{
  g_autofree char *value = fixture_query_text (&bad->api.fixture, sql);

  g_string_append_printf (out, "%s: %s\n", sql, value);
}

/* Everything garbage could have changed, as text. */
static char *
snapshot (Bad *bad)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *feed = g_strdup_printf ("/api/organizations/%s/changes?limit=1000", bad->api.org_a);
  g_autofree char *sup_feed = g_strdup_printf ("/api/organizations/%s/changes?limit=1000", bad->api.org_sup);
  g_autofree char *campaigns = g_strdup_printf ("/api/organizations/%s/campaigns?page[size]=1", bad->api.org_a);
  g_autofree char *learners = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                               bad->api.org_a);
  g_autofree char *sup_learners = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                                   bad->api.org_sup);
  g_autofree char *campaign = g_strconcat ("/api/campaigns/", bad->campaign, NULL);
  GString *out = g_string_new (NULL);

  get_ok (bad, &response, feed);
  g_string_append_printf (out, "org A feed: %s\n",
                          json_object_get_string_member (response_meta (&response), "next-cursor"));
  get_ok (bad, &response, sup_feed);
  g_string_append_printf (out, "org SUP feed: %s\n",
                          json_object_get_string_member (response_meta (&response), "next-cursor"));
  get_ok (bad, &response, campaigns);
  g_string_append_printf (out, "org A campaigns: %" G_GINT64_FORMAT "\n", api_meta_int (&response, "rowCount"));
  get_ok (bad, &response, learners);
  g_string_append_printf (out, "org A learners: %" G_GINT64_FORMAT "\n", api_meta_int (&response, "rowCount"));
  get_ok (bad, &response, sup_learners);
  g_string_append_printf (out, "org SUP learners: %" G_GINT64_FORMAT "\n", api_meta_int (&response, "rowCount"));
  get_ok (bad, &response, campaign);
  g_string_append_printf (out, "campaign: %s %s\n", api_header (&response, "ETag"),
                          json_object_get_string_member (api_attributes (&response), "name"));

  count_rows (bad, out, "SELECT COUNT(*) FROM users");
  count_rows (bad, out, "SELECT SUM(failed_logins) FROM users");
  count_rows (bad, out, "SELECT COUNT(*) FROM organizations");
  count_rows (bad, out, "SELECT SUM(change_seq) FROM organizations");
  count_rows (bad, out, "SELECT COUNT(*) FROM memberships");
  count_rows (bad, out, "SELECT COUNT(*) FROM refresh_tokens");
  count_rows (bad, out, "SELECT COUNT(*) FROM campaigns");
  count_rows (bad, out, "SELECT SUM(version) FROM campaigns");
  count_rows (bad, out, "SELECT COUNT(*) FROM organization_learners");
  count_rows (bad, out, "SELECT SUM(version) FROM organization_learners");
  count_rows (bad, out, "SELECT COUNT(*) FROM divisions");
  count_rows (bad, out, "SELECT COUNT(*) FROM organization_imports");
  count_rows (bad, out, "SELECT COUNT(*) FROM changes");
  count_rows (bad, out, "SELECT COUNT(*) FROM campaign_participations");
  count_rows (bad, out, "SELECT SUM(version) FROM campaign_participations");
  count_rows (bad, out, "SELECT COUNT(*) FROM assessments");
  count_rows (bad, out, "SELECT SUM(version) FROM assessments");
  count_rows (bad, out, "SELECT COUNT(*) FROM answers");
  count_rows (bad, out, "SELECT COUNT(*) FROM knowledge_elements");
  count_rows (bad, out, "SELECT COUNT(*) FROM competence_evaluations");
  count_rows (bad, out, "SELECT COUNT(*) FROM shared_scorecards");
  count_rows (bad, out, "SELECT COUNT(*) FROM organization_learners WHERE user_id IS NOT NULL");
  return g_string_free (out, FALSE);
}

/* Soft: names what the data changed after. */
static void
check_unchanged (Bad        *bad,
                 const char *after_what)
{
  g_autofree char *now = snapshot (bad);

  if (!g_str_equal (now, bad->before))
    fail (bad, "After %s, stored data CHANGED.\nBefore:\n%sNow:\n%s", after_what, bad->before, now);
}

/* The end of every test: a normal request works, the process has lived
 * through it all, and nothing stored changed. */
static void
finish (Bad *bad)
{
  g_auto(Reply) reply = { 0 };
  g_autoptr(GString) codes = g_string_new (NULL);
  GHashTableIter iter;
  gpointer code, count;
  Request me = { "GET", "/api/me", bad->api.admin_a, NULL, NULL, NULL, FALSE };

  g_hash_table_iter_init (&iter, bad->seen_codes);
  while (g_hash_table_iter_next (&iter, &code, &count))
    g_string_append_printf (codes, " %s×%u", (char *)code, GPOINTER_TO_UINT (count));
  g_test_message ("%u requests, %u wrong answers, %u server deaths; codes:%s",
                  bad->n_requests, bad->n_failures, bad->deaths, codes->str);

  if (bad->deaths > 0)
    fail (bad, "The server died %u times during this test (see above)", bad->deaths);

  exchange (bad, &me, &reply);
  g_assert_null (reply.failure);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_nonnull (g_subprocess_get_identifier (bad->api.server.process));

  check_unchanged (bad, "the whole test");
}

/* ------------------------------------------------------------------ */
/* Set-up                                                              */

#define SCO_CSV_HEADER \
  "Identifiant unique*;Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;" \
  "Code sexe*;Date de naissance (jj/mm/aaaa)*;Code commune naissance**;Libellé commune naissance**;" \
  "Code département naissance*;Code pays naissance*;Statut*;Code MEF*;Division*\n"

#define SUP_CSV_HEADER \
  "Premier prénom*;Deuxième prénom;Troisième prénom;Nom de famille*;Nom d'usage;" \
  "Date de naissance (jj/mm/aaaa)*;Email;Numéro étudiant*;Composante;Équipe pédagogique;Groupe;Diplôme;Régime\n"

#define SUP_CSV SUP_CSV_HEADER \
  "Léa;;;Moreau;;02/05/2004;lea.moreau@univ.fr;E2024001;Sciences;;L1 G2;Licence;FI\n" \
  "Hugo;;;Petit;;12/11/2003;;E2024002;Sciences;;L1 G1;Licence;FI\n"

/* Every string literal of the server's sources that could be an error
 * code: a code outside them is not a stable one. */
static GHashTable *
read_known_codes (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "src", "server", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GRegex) literal = g_regex_new ("\"([A-Z][A-Z0-9_]+)\"", 0, 0, NULL);
  GHashTable *codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *source = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;
      g_assert_true (g_file_get_contents (path, &source, NULL, NULL));
      g_regex_match (literal, source, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        g_hash_table_add (codes, g_match_info_fetch (match, 1));
    }
  g_assert_true (g_hash_table_contains (codes, "NOT_FOUND"));
  return codes;
}

/* The learner routes need a learner: admin_a claims one of org A's
 * pupils and joins its campaign, whose test asks a first challenge; and
 * org SUP has a campaign. */
static void
learner_set_up (Bad *bad)
{
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *learners = g_strdup_printf ("/api/organizations/%s/organization-learners?page[size]=1",
                                               bad->api.org_a);
  g_autofree char *association = NULL;
  g_autofree char *join = NULL;
  g_autofree char *next = NULL;
  g_autofree char *campaign = NULL;
  JsonObject *pupil;

  get_ok (bad, &response, learners);
  pupil = json_object_get_object_member (json_array_get_object_element (api_data_array (&response), 0), "attributes");
  association = g_strdup_printf ("{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": "
                                 "{\"first-name\": \"%s\", \"last-name\": \"%s\", \"birthdate\": \"%s\", "
                                 "\"campaign-code\": \"%s\"}}}",
                                 json_object_get_string_member (pupil, "first-name"),
                                 json_object_get_string_member (pupil, "last-name"),
                                 json_object_get_string_member (pupil, "birthdate"), bad->code);
  api_send_json (&bad->api, &response, "POST", "/api/sco-organization-learners/association", bad->api.admin_a,
                 association, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  join = g_strdup_printf ("{\"data\": {\"type\": \"campaign-participations\", "
                          "\"attributes\": {\"campaign-code\": \"%s\"}}}", bad->code);
  api_send_json (&bad->api, &response, "POST", "/api/campaign-participations", bad->api.admin_a, join, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  bad->participation = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  bad->assessment = g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (
      json_object_get_object_member (api_data (&response), "relationships"), "assessment"), "data"), "id"));

  next = g_strdup_printf ("/api/assessments/%s/next-challenge", bad->assessment);
  get_ok (bad, &response, next);
  bad->challenge = g_strdup (json_object_get_string_member (api_data (&response), "id"));

  campaign = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Profils L1\", "
                              "\"type\": \"PROFILES_COLLECTION\"}, \"relationships\": {\"organization\": "
                              "{\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}}}}", bad->api.org_sup);
  api_send_json (&bad->api, &response, "POST", "/api/campaigns", bad->api.admin_a, campaign, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  bad->sup_code = g_strdup (json_object_get_string_member (api_attributes (&response), "code"));
}

static void
bad_set_up (Bad           *bad,
            gconstpointer  data)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(GBytes) siecle = pb_test_siecle_generate (API_UAI_A, 5, 3);
  g_autoptr(GBytes) sup = g_bytes_new_static (SUP_CSV, strlen (SUP_CSV));
  g_autofree char *import = NULL;
  g_autofree char *sup_import = NULL;
  g_autofree char *feed = NULL;
  g_autofree char *json = NULL;
  const char *cursor;

  api_set_up (&bad->api, data);
  update_authority (bad);
  bad->known_codes = read_known_codes ();
  bad->seen_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bad->rand = g_rand_new_with_seed (SEED);

  json = g_strdup_printf ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Évaluation 6e\", "
                          "\"type\": \"ASSESSMENT\", \"title\": \"Parcours\"}, \"relationships\": {\"organization\": "
                          "{\"data\": {\"type\": \"organizations\", \"id\": \"%s\"}}, \"target-profile\": {\"data\": "
                          "{\"type\": \"target-profiles\", \"id\": \"tp-decouverte-college\"}}}}}", bad->api.org_a);
  api_send_json (&bad->api, &response, "POST", "/api/campaigns", bad->api.admin_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  bad->campaign = g_strdup (json_object_get_string_member (api_data (&response), "id"));
  bad->code = g_strdup (json_object_get_string_member (api_attributes (&response), "code"));

  import = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml", bad->api.org_a);
  api_send (&bad->api, &response, "POST", import, bad->api.admin_a, "application/xml", siecle, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  sup_import = g_strdup_printf ("/api/organizations/%s/sup-organization-learners/import-csv", bad->api.org_sup);
  api_send (&bad->api, &response, "POST", sup_import, bad->api.admin_a, "text/csv", sup, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  learner_set_up (bad);

  feed = g_strdup_printf ("/api/organizations/%s/changes", bad->api.org_a);
  get_ok (bad, &response, feed);
  cursor = json_object_get_string_member (response_meta (&response), "next-cursor");
  g_assert_nonnull (strchr (cursor, '.'));
  bad->tag = g_strdup (strchr (cursor, '.') + 1);

  bad->before = snapshot (bad);
}

static void
bad_tear_down (Bad           *bad,
               gconstpointer  data)
{
  g_free (bad->authority);
  g_free (bad->campaign);
  g_free (bad->code);
  g_free (bad->sup_code);
  g_free (bad->participation);
  g_free (bad->assessment);
  g_free (bad->challenge);
  g_free (bad->tag);
  g_free (bad->before);
  g_hash_table_unref (bad->known_codes);
  g_hash_table_unref (bad->seen_codes);
  g_rand_free (bad->rand);
  api_tear_down (&bad->api, data);
}

/* ------------------------------------------------------------------ */
/* Routes and garbage                                                  */

typedef enum
{
  READS_NOTHING,     /* GET: a body is ignored */
  READS_VERSIONED,   /* PUT/DELETE …/archive: without If-Match, 428 */
  READS_FORM,
  READS_JSON,
  READS_FILE,
} Reads;

typedef struct
{
  const char *method;
  const char *path;
  Reads       reads;
  const char *kind;  /* READS_JSON: the resource type; READS_FILE: xml, csv or sup; READS_FORM: token or revoke */
} Route;

/* Every route the server has, on org A's data (admin_a may do anything
 * there: the garbage goes as deep as it can). */
static const Route routes[] = {
  { "POST", "/api/token", READS_FORM, "token" },
  { "POST", "/api/revoke", READS_FORM, "revoke" },
  { "GET", "/api/me", READS_NOTHING, NULL },
  { "GET", "/api/organizations/{a}", READS_NOTHING, NULL },
  { "GET", "/api/organizations/{a}/divisions", READS_NOTHING, NULL },
  { "GET", "/api/organizations/{a}/memberships", READS_NOTHING, NULL },
  { "POST", "/api/organizations/{a}/memberships", READS_JSON, "memberships" },
  { "GET", "/api/organizations/{a}/organization-learners", READS_NOTHING, NULL },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=xml", READS_FILE, "xml" },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=csv", READS_FILE, "csv" },
  { "POST", "/api/organizations/{sup}/sup-organization-learners/import-csv", READS_FILE, "sup" },
  { "GET", "/api/target-profiles?filter[organization-id]={a}", READS_NOTHING, NULL },
  { "GET", "/api/organizations/{a}/target-profiles", READS_NOTHING, NULL },
  { "POST", "/api/campaigns", READS_JSON, "campaigns" },
  { "GET", "/api/campaigns?filter[code]={code}", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}", READS_NOTHING, NULL },
  { "PATCH", "/api/campaigns/{campaign}", READS_JSON, "campaigns" },
  { "PUT", "/api/campaigns/{campaign}/archive", READS_VERSIONED, NULL },
  { "DELETE", "/api/campaigns/{campaign}/archive", READS_VERSIONED, NULL },
  { "GET", "/api/organizations/{a}/campaigns", READS_NOTHING, NULL },
  { "GET", "/api/organizations/{a}/changes", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/participants-activity", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/assessment-results", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/profiles-collection-participations", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/collective-results", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/csv-assessment-results", READS_NOTHING, NULL },
  { "GET", "/api/campaigns/{campaign}/csv-profiles-collection-results", READS_NOTHING, NULL },
  /* The learner's side, admin_a being a pupil of org A too. */
  { "POST", "/api/users", READS_JSON, "users" },
  { "POST", "/api/sco-organization-learners/association", READS_JSON, "sco-organization-learners" },
  { "POST", "/api/campaign-participations", READS_JSON, "campaign-participations" },
  { "GET", "/api/campaign-participations/{participation}", READS_NOTHING, NULL },
  { "POST", "/api/campaign-participations/{participation}/share", READS_NOTHING, NULL },
  { "PATCH", "/api/campaign-participations/{participation}/begin-improvement", READS_NOTHING, NULL },
  { "GET", "/api/assessments/{assessment}", READS_NOTHING, NULL },
  { "GET", "/api/assessments/{assessment}/next-challenge", READS_NOTHING, NULL },
  { "POST", "/api/answers", READS_JSON, "answers" },
  { "POST", "/api/competence-evaluations/start-or-resume", READS_JSON, "competence-evaluations" },
  { "GET", "/api/users/{me}/scorecards", READS_NOTHING, NULL },
  { "POST", "/api/users/{me}/competences/5.2/reset", READS_NOTHING, NULL },
};

typedef struct
{
  char       *name;
  GBytes     *body;
  Expect      expect;
  guint       status;    /* 0: any that @expect allows */
  const char *code;      /* NULL: any stable one */
} Garbage;

static void
garbage_free (Garbage *garbage)
{
  g_free (garbage->name);
  g_bytes_unref (garbage->body);
  g_free (garbage);
}

static void
add (GPtrArray  *list,
     Expect      expect,
     guint       status,
     const char *code,
     GBytes     *body,
     const char *format,
     ...) G_GNUC_PRINTF (6, 7);

static void
add (GPtrArray  *list,
     Expect      expect,
     guint       status,
     const char *code,
     GBytes     *body,
     const char *format,
     ...)
{
  Garbage *garbage = g_new0 (Garbage, 1);
  va_list args;

  va_start (args, format);
  garbage->name = g_strdup_vprintf (format, args);
  va_end (args);
  garbage->body = body;
  garbage->expect = expect;
  garbage->status = status;
  garbage->code = code;
  g_ptr_array_add (list, garbage);
}

static GBytes *
text_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static GBytes *
text_take (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static GBytes *
random_bytes (Bad   *bad,
              gsize  size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)g_rand_int_range (bad->rand, 0, 256);
  return g_bytes_new_take (data, size);
}

/* @template with {type} and the fixture's ids. */
static GBytes *
document (Bad        *bad,
          const char *template,
          const char *type)
{
  g_autofree char *expanded = expand (bad, template);
  GString *text = g_string_new (expanded);
  gsize length;

  g_string_replace (text, "{type}", type, 0);
  length = text->len;
  return g_bytes_new_take (g_string_free (text, FALSE), length);
}

/* A valid document for a JSON route: cut short, it must never pass. */
static GBytes *
valid_document (Bad         *bad,
                const Route *route)
{
  if (g_str_equal (route->kind, "users"))
    return document (bad, "{\"data\": {\"type\": \"users\", \"attributes\": {\"first-name\": \"Léa\", "
                          "\"last-name\": \"Martin\", \"username\": \"lea.martin\", \"password\": \"Eleve2026\"}}}", "");
  if (g_str_equal (route->kind, "sco-organization-learners"))
    return document (bad, "{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": "
                          "{\"first-name\": \"Léa\", \"last-name\": \"Martin\", \"birthdate\": \"2012-01-01\", "
                          "\"campaign-code\": \"{code}\"}}}", "");
  if (g_str_equal (route->kind, "campaign-participations"))
    return document (bad, "{\"data\": {\"type\": \"campaign-participations\", \"attributes\": "
                          "{\"campaign-code\": \"{code}\"}}}", "");
  if (g_str_equal (route->kind, "answers"))
    return document (bad, "{\"data\": {\"type\": \"answers\", \"attributes\": {\"value\": \"aband\"}, "
                          "\"relationships\": {\"assessment\": {\"data\": {\"type\": \"assessments\", "
                          "\"id\": \"{assessment}\"}}, \"challenge\": {\"data\": {\"type\": \"challenges\", "
                          "\"id\": \"{challenge}\"}}}}}", "");
  if (g_str_equal (route->kind, "competence-evaluations"))
    return document (bad, "{\"data\": {\"type\": \"competence-evaluations\", \"attributes\": "
                          "{\"competence-index\": \"1.1\"}}}", "");
  if (g_str_equal (route->kind, "memberships"))
    return document (bad, "{\"data\": {\"type\": \"memberships\", \"attributes\": "
                          "{\"email\": \"bea.admin@college-b.fr\", \"organization-role\": \"MEMBER\"}}}", "");
  if (g_str_equal (route->method, "PATCH"))
    return document (bad, "{\"data\": {\"type\": \"campaigns\", \"attributes\": "
                          "{\"name\": \"Renommée\", \"title\": null}}}", "");
  return document (bad, "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"Profils\", "
                        "\"type\": \"PROFILES_COLLECTION\"}, \"relationships\": {\"organization\": "
                        "{\"data\": {\"type\": \"organizations\", \"id\": \"{a}\"}}}}}", "");
}

/* Documents no JSON route may accept. Where a route reads what it is
 * given, something in each is wrong: an attribute of the wrong type, a
 * malformed relationship, a missing member. {type} is the route's. */
static const char * const wrong_types[] = {
  "[]",
  "[{\"data\": {\"type\": \"{type}\"}}]",
  "42",
  "\"{type}\"",
  "null",
  "true",
  "{}",
  "{\"data\": \"{type}\"}",
  "{\"data\": []}",
  "{\"data\": [{\"type\": \"{type}\", \"attributes\": {}}]}",
  "{\"data\": 42}",
  "{\"data\": null}",
  "{\"data\": false}",
  "{\"data\": {}}",
  "{\"data\": {\"type\": 42}}",
  "{\"data\": {\"type\": null}}",
  "{\"data\": {\"type\": [\"{type}\"]}}",
  "{\"data\": {\"type\": {\"{type}\": true}}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": 42}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": {}}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": true}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": [\"01936b2e-0000-7000-8000-000000000001\"]}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": []}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": \"name\"}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": 42}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": [{\"name\": \"X\", \"email\": \"bea.admin@college-b.fr\"}]}}",
  "{\"data\": {\"type\": \"{type}\", \"relationships\": []}}",
  "{\"data\": {\"type\": \"{type}\", \"relationships\": \"organization\"}}",
  "{\"data\": {\"type\": \"{type}\", \"relationships\": 42}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": 42, \"email\": 42, \"type\": \"PROFILES_COLLECTION\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": [\"X\"], \"email\": [\"bea.admin@college-b.fr\"]}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": {\"fr\": \"X\"}, \"email\": {}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": true, \"email\": false}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"title\": 7, \"email\": \"bea.admin@college-b.fr\", "
    "\"organization-role\": 7, \"type\": 7}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"owner-id\": 42, \"email\": 42}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"custom-landing-page-text\": [], "
    "\"email\": \"bea.admin@college-b.fr\", \"organization-role\": [\"ADMIN\"]}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\", "
    "\"multiple-sendings\": \"yes\", \"email\": \"bea.admin@college-b.fr\", \"organization-role\": \"OWNER\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": \"{a}\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": 42}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": []}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": \"{a}\"}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": [\"{a}\"]}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": [{\"type\": \"organizations\", \"id\": \"{a}\"}]}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"users\", \"id\": \"{a}\"}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": 42}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": null}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\"}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"id\": \"{a}\"}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"ASSESSMENT\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": \"{a}\"}}, "
    "\"target-profile\": {\"data\": {\"type\": \"target-profiles\", \"id\": 42}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"ASSESSMENT\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": \"{a}\"}}, "
    "\"target-profile\": \"tp-decouverte-college\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": [\"organizations\"], \"id\": \"{a}\"}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": {\"organizations\": 1}, \"id\": \"{a}\"}}}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\"}, "
    "\"relationships\": {\"organization\": {\"data\": {\"type\": \"organizations\", \"id\": [\"{a}\"]}}}}}",
  "{\"data\": {\"type\": \"{type}\"}} trailing",
  "{\"data\": {\"type\": \"{type}\"}}{\"data\": {\"type\": \"{type}\"}}",
  "{\"data\": {\"type\": \"{type}\",}}",
  "{'data': {'type': '{type}'}}",
  "{data: {type: \"{type}\"}}",
};

static const char * const huge_numbers[] = {
  "1e400",
  "-1e400",
  "1e-400",
  "99999999999999999999",
  "-99999999999999999999999999999999999999999",
  "123456789012345678901234567890e999999999999",
  "{\"data\": {\"type\": 1e400}}",
  "{\"data\": {\"type\": 99999999999999999999}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": 1e400}}",
  "{\"data\": {\"type\": \"{type}\", \"id\": 99999999999999999999}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": 1e400, \"email\": 1e400}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": 99999999999999999999, "
    "\"email\": -99999999999999999999}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": 1e-400, \"email\": 0.0000000000000000000000001}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"email\": \"bea.admin@college-b.fr\", "
    "\"organization-role\": 1e400, \"title\": 1e400, \"multiple-sendings\": 1e400}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\", \"type\": \"PROFILES_COLLECTION\", "
    "\"multiple-sendings\": 99999999999999999999, \"email\": \"bea.admin@college-b.fr\", "
    "\"organization-role\": 99999999999999999999}}}",
};

/* Bytes that are not UTF-8, raw or escaped, where strings go. */
static const char * const not_utf8[] = {
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\xff\xfe\", \"email\": \"\xff\xfe\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\xc0\xaf\", \"email\": \"\xc0\xaf@x.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\xed\xa0\x80\", \"email\": \"\xed\xa0\x80@x.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\xf4\x90\x80\x80\", \"email\": \"\x80\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"Zo\xe9\", \"email\": \"b\xe9" "a@college-b.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\xe2\x82\", \"email\": \"\xe2\x82\"}}}",
  "{\"data\": {\"type\": \"{type}\xff\"}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"n\xff" "ame\": \"X\", \"em\xff" "ail\": \"X\"}}}",
  "\xef\xbb\xbf\xff{\"data\": {\"type\": \"{type}\"}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\\ud800\", \"email\": \"\\ud800@college-b.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\\udc00\\ud800\", \"email\": \"\\udfff@x.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"a\\u0000b\", \"email\": \"a\\u0000@x.fr\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"\\uZZZZ\", \"email\": \"\\u12\"}}}",
  "{\"data\": {\"type\": \"{type}\", \"attributes\": {\"name\": \"X\\q\", \"email\": \"\\\"}}}",
};

/* A document of exactly @total bytes whose attribute @name is as long
 * as that allows. */
static GBytes *
sized_document (const char *type,
                const char *name,
                gsize       total)
{
  g_autofree char *head = g_strdup_printf ("{\"data\": {\"type\": \"%s\", \"attributes\": {\"%s\": \"", type, name);
  const char *tail = "\"}}}";
  gsize fill = total - strlen (head) - strlen (tail);
  char *text = g_malloc (total);

  memcpy (text, head, strlen (head));
  memset (text + strlen (head), 'a', fill);
  memcpy (text + strlen (head) + fill, tail, strlen (tail));
  return g_bytes_new_take (text, total);
}

/* The attribute a route reads first, with a length limit. */
static const char *
limited_attribute (const Route *route)
{
  static const char * const attributes[][2] = {
    { "memberships", "email" },
    { "users", "first-name" },
    { "sco-organization-learners", "first-name" },
    { "campaign-participations", "campaign-code" },
    { "answers", "value" },
    { "competence-evaluations", "competence-index" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    if (g_str_equal (route->kind, attributes[i][0]))
      return attributes[i][1];
  return "name";
}

static void
add_json_garbage (Bad         *bad,
                  const Route *route,
                  GPtrArray   *list)
{
  g_autoptr(GBytes) valid = valid_document (bad, route);
  const char *attribute = limited_attribute (route);
  gsize valid_size = g_bytes_get_size (valid);
  GString *text;

  for (gsize cut = 0; cut < valid_size; cut++)
    add (list, CLIENT_ERROR, 0, NULL, g_bytes_new_from_bytes (valid, 0, cut),
         "a valid document cut at %" G_GSIZE_FORMAT, cut);
  /* json-glib parses these without error, and without a root. */
  add (list, CLIENT_ERROR, 400, "INVALID_JSON", text_bytes (" "), "one space");
  add (list, CLIENT_ERROR, 400, "INVALID_JSON", text_bytes ("\r\n\t \n"), "white space");
  add (list, CLIENT_ERROR, 400, "INVALID_JSON", text_bytes ("\xef\xbb\xbf"), "a byte order mark alone");
  for (guint i = 0; i < G_N_ELEMENTS (wrong_types); i++)
    add (list, CLIENT_ERROR, 0, NULL, document (bad, wrong_types[i], route->kind), "wrong types #%u", i);
  for (guint i = 0; i < G_N_ELEMENTS (huge_numbers); i++)
    add (list, CLIENT_ERROR, 0, NULL, document (bad, huge_numbers[i], route->kind), "huge numbers #%u", i);
  for (guint i = 0; i < G_N_ELEMENTS (not_utf8); i++)
    add (list, CLIENT_ERROR, 0, NULL, document (bad, not_utf8[i], route->kind), "not UTF-8 #%u", i);

  /* At the limit, the document is read and the attribute refused. */
  add (list, CLIENT_ERROR, 422, "ATTRIBUTE_TOO_LONG", sized_document (route->kind, attribute, MAX_JSON_BODY - 1),
       "a document of 1 MB - 1 byte, one long %s", attribute);
  add (list, CLIENT_ERROR, 422, "ATTRIBUTE_TOO_LONG", sized_document (route->kind, attribute, MAX_JSON_BODY),
       "a document of exactly 1 MB, one long %s", attribute);
  add (list, CLIENT_ERROR, 413, "PAYLOAD_TOO_LARGE", sized_document (route->kind, attribute, MAX_JSON_BODY + 1),
       "a document of 1 MB + 1 byte");
  add (list, CLIENT_ERROR, 413, "PAYLOAD_TOO_LARGE",
       sized_document (route->kind, attribute, MAX_JSON_BODY - 1 + 64), "a string of 1 MB - 1 byte");

  text = g_string_new ("{\"data\": {\"type\": \"");
  g_string_append (text, route->kind);
  g_string_append_printf (text, "\", \"attributes\": {\"%s\": \"", attribute);
  while (text->len < MAX_JSON_BODY - 16)
    g_string_append (text, "é");
  g_string_append (text, "\"}}}");
  add (list, CLIENT_ERROR, 422, "ATTRIBUTE_TOO_LONG", g_bytes_new (text->str, text->len),
       "a %s of half a million “é”", attribute);
  g_string_free (text, TRUE);

  text = g_string_new ("{\"data\": {\"type\": \"");
  while (text->len < MAX_JSON_BODY - 100)
    g_string_append_c (text, 't');
  g_string_append (text, "\"}}");
  add (list, CLIENT_ERROR, 409, "WRONG_TYPE", g_bytes_new (text->str, text->len), "a type of 1 MB");
  g_string_free (text, TRUE);

  text = g_string_new ("{\"data\": {\"type\": \"");
  g_string_append (text, route->kind);
  g_string_append (text, "\", \"attributes\": {\"");
  while (text->len < MAX_JSON_BODY - 100)
    g_string_append_c (text, 'k');
  g_string_append (text, "\": \"X\"}}}");
  add (list, CLIENT_ERROR, 0, NULL, g_bytes_new (text->str, text->len), "an attribute name of 1 MB");
  g_string_free (text, TRUE);
}

static void
add_form_garbage (Bad         *bad,
                  const Route *route,
                  GPtrArray   *list)
{
  static const char * const token_forms[] = {
    "grant_type=password&username=%FF%FE&password=x",
    "grant_type=password&username=%C0%AF%40college-a.fr&password=%FF",
    "grant_type=password&username=\xff\xfe@x.fr&password=\xff",
    "grant_type=refresh_token&refresh_token=%ED%A0%80",
    "grant_type=refresh_token&refresh_token=\xff\xfe",
    "grant_type=%FF",
    "grant_type=password%00&username=x&password=y",
    "grant_type=refresh_token&refresh_token=x%00y",
    "grant_type=refresh_token&refresh_token=1e400",
    "grant_type=refresh_token&refresh_token=99999999999999999999",
    "%",
    "%zz=1",
    "grant_type=%zz",
    "=",
    "&&&&",
    "grant_type",
    "grant_type=password&grant_type=refresh_token",
    "grant_type=password&username=&password=",
    "grant_type[]=password",
    "{\"grant_type\": \"password\", \"username\": \"x\", \"password\": \"y\"}",
  };
  static const char * const revoke_forms[] = {
    "%",
    "%zz=1",
    "=",
    "&&&&",
    "token",
    "token=",
    "token[]=x",
    "{\"token\": \"x\"}",
  };
  /* Well-formed, odd tokens: RFC 7009 says 204. */
  static const char * const odd_revocations[] = {
    "token=%FF%FE",
    "token=\xff\xfe",
    "token=%ED%A0%80&token_type_hint=%FF",
    "token=x%00y",
    "token=99999999999999999999&token_type_hint=1e400",
  };
  gboolean token = g_str_equal (route->kind, "token");
  const char *valid = token ? "grant_type=refresh_token&refresh_token=not-a-refresh-token"
                            : "token=not-a-refresh-token&token_type_hint=refresh_token";
  g_autofree char *long_value = g_strnfill (MAX_JSON_BODY - 64, 'a');

  for (gsize cut = 0; cut < strlen (valid); cut++)
    add (list, token ? CLIENT_ERROR : NO_SERVER_ERROR, 0, NULL, g_bytes_new (valid, cut),
         "a valid form cut at %" G_GSIZE_FORMAT, cut);

  if (token)
    {
      for (guint i = 0; i < G_N_ELEMENTS (token_forms); i++)
        add (list, CLIENT_ERROR, 0, NULL, text_bytes (token_forms[i]), "form #%u", i);
      add (list, CLIENT_ERROR, 401, "INVALID_CREDENTIALS",
           text_take (g_strconcat ("grant_type=password&password=x&username=", long_value, NULL)),
           "a username of 1 MB");
      add (list, CLIENT_ERROR, 401, "INVALID_REFRESH_TOKEN",
           text_take (g_strconcat ("grant_type=refresh_token&refresh_token=", long_value, NULL)),
           "a refresh token of 1 MB");
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (revoke_forms); i++)
        add (list, CLIENT_ERROR, 0, NULL, text_bytes (revoke_forms[i]), "form #%u", i);
      for (guint i = 0; i < G_N_ELEMENTS (odd_revocations); i++)
        add (list, NO_SERVER_ERROR, 0, NULL, text_bytes (odd_revocations[i]), "odd revocation #%u", i);
      add (list, NO_SERVER_ERROR, 0, NULL,
           text_take (g_strconcat ("token=", long_value, NULL)),
           "a token of 1 MB");
    }
}

/* @file with “<@tag>” followed by @bytes. */
static GBytes *
insert_after (GBytes     *file,
              const char *tag,
              const char *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (file, &size);
  g_autofree char *text = g_strndup (data, size);
  const char *at = strstr (text, tag);
  GString *out = g_string_new (NULL);
  gsize length;

  g_assert_nonnull (at);
  at += strlen (tag);
  g_string_append_len (out, text, at - text);
  g_string_append (out, bytes);
  g_string_append (out, at);
  length = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), length);
}

/* A zip of a few hundred kB whose XML file inflates beyond what an
 * import may unzip (100 MB): well-formed so far as it goes, so that only
 * the limit stops it. */
static GBytes *
zip_bomb (void)
{
  const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"3.1\"><DONNEES>";
  gsize size = 105 * 1024 * 1024;
  char *text = g_malloc (size);
  g_autoptr(GBytes) xml = NULL;
  gsize i;

  memcpy (text, head, strlen (head));
  for (i = strlen (head); i + 4 <= size; i += 4)
    memcpy (text + i, "<X/>", 4);
  memset (text + i, ' ', size - i);
  xml = g_bytes_new_take (text, size);
  return pb_test_zip ("ElevesSansAdresse.xml", xml);
}

static void
add_file_garbage (Bad         *bad,
                  const Route *route,
                  GPtrArray   *list)
{
  static const TestPupil absurd = {
    "99999999999999999999", "99999999999999999999", "1e400", NULL, "-1e400", NULL, NULL, "99/99/99999", "3",
    "99999999999999999999", "1e400", "99999999999999999999", "X", "99999999999999999999", "ZZ", "6A", NULL
  };
  const char *billion_laughs =
    "<?xml version=\"1.0\"?><!DOCTYPE BEE_ELEVES [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
    "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
    "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>"
    "<BEE_ELEVES><PARAMETRES><UAJ>&g;</UAJ></PARAMETRES></BEE_ELEVES>";
  const char *external_entity =
    "<?xml version=\"1.0\"?><!DOCTYPE BEE_ELEVES [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
    "<BEE_ELEVES><PARAMETRES><UAJ>&e;</UAJ></PARAMETRES></BEE_ELEVES>";
  g_autoptr(GBytes) siecle = pb_test_siecle_generate (API_UAI_A, 5, 3);
  g_autoptr(GBytes) zipped = pb_test_zip ("ElevesSansAdresse.xml", siecle);
  const char *header = g_str_equal (route->kind, "sup") ? SUP_CSV_HEADER : SCO_CSV_HEADER;

  add (list, CLIENT_ERROR, 400, "EMPTY_FILE", g_bytes_new (NULL, 0), "an empty file");

  if (g_str_equal (route->kind, "xml"))
    {
      gsize size = g_bytes_get_size (siecle);

      for (guint k = 1; k < 12; k++)
        add (list, CLIENT_ERROR, 0, NULL, g_bytes_new_from_bytes (siecle, 0, size * k / 12),
             "a SIECLE file cut at %u/12", k);
      for (guint k = 1; k < 10; k += 2)
        add (list, CLIENT_ERROR, 0, NULL, g_bytes_new_from_bytes (zipped, 0, g_bytes_get_size (zipped) * k / 10),
             "a zipped SIECLE file cut at %u/10", k);
      add (list, CLIENT_ERROR, 0, NULL, insert_after (siecle, "<NOM_DE_FAMILLE>", "\xff\xfe"),
           "a UTF-8 SIECLE file with bytes that are not UTF-8");
      add (list, CLIENT_ERROR, 0, NULL, insert_after (siecle, "<PRENOM>", "\xed\xa0\x80\xc0\xaf"),
           "a UTF-8 SIECLE file with a surrogate and an overlong sequence");
      add (list, CLIENT_ERROR, 0, NULL, pb_test_siecle_xml (API_UAI_A, "UTF-8", &absurd, 1), "absurd values");
      add (list, CLIENT_ERROR, 422, "UAI_MISMATCHED", pb_test_siecle_generate (API_UAI_B, 2, 5),
           "another school's file");
      add (list, CLIENT_ERROR, 0, NULL, text_bytes (billion_laughs), "a billion laughs");
      add (list, CLIENT_ERROR, 0, NULL, text_bytes (external_entity), "an external entity");
      add (list, CLIENT_ERROR, 413, "FILE_TOO_LARGE", zip_bomb (), "a zip that inflates to 105 MB");
      add (list, CLIENT_ERROR, 0, NULL, text_bytes (SUP_CSV), "a SUP CSV file");
    }
  else
    {
      const guint cuts[] = { 1, 10, 60, 120 };

      for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
        add (list, CLIENT_ERROR, 0, NULL, g_bytes_new (header, cuts[i]), "the header cut at %u", cuts[i]);
      add (list, CLIENT_ERROR, 0, NULL, text_take (g_strconcat (header, "Zo\xe9;No\xebl;\xff\xfe;;;;;;;;;;;;\n", NULL)),
           "a line that is not UTF-8");
      add (list, CLIENT_ERROR, 0, NULL,
           text_take (g_strconcat (header, "99999999999999999999;1e400;;;-1e400;;9;99/99/99999;"
                                   "99999999999999999999;x;1e400;99999999999999999999;ZZ;1e400;6A\n", NULL)),
           "a line of huge numbers");
      add (list, CLIENT_ERROR, 0, NULL,
           text_bytes (g_str_equal (route->kind, "sup") ? SCO_CSV_HEADER : SUP_CSV), "the other kind of CSV");
      add (list, CLIENT_ERROR, 0, NULL, g_bytes_ref (siecle), "a SIECLE XML file");
    }
}

/* Everything but deep nesting and oversized bodies. */
static GPtrArray *
garbage_for (Bad         *bad,
             const Route *route)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify)garbage_free);
  const gsize sizes[] = { 1, 16, 1000, 100000 };
  Expect expect = route->reads == READS_NOTHING ? NO_SERVER_ERROR : CLIENT_ERROR;
  guint status = route->reads == READS_VERSIONED ? 428 : 0;
  const char *code = route->reads == READS_VERSIONED ? "PRECONDITION_REQUIRED" : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    add (list, expect, status, code, random_bytes (bad, sizes[i]), "%" G_GSIZE_FORMAT " random bytes", sizes[i]);

  switch (route->reads)
    {
    case READS_JSON:
      add_json_garbage (bad, route, list);
      break;
    case READS_FORM:
      add_form_garbage (bad, route, list);
      break;
    case READS_FILE:
      add_file_garbage (bad, route, list);
      break;
    case READS_VERSIONED:
      add (list, expect, status, code, document (bad, "{\"data\": {\"type\": \"campaigns\"}}", ""), "a document");
      break;
    case READS_NOTHING:
    default:
      add (list, expect, status, code, document (bad, "{\"data\": {\"type\": \"campaigns\"}}", ""), "a document");
      break;
    }
  return list;
}

static const char *
content_type_for (const Route *route)
{
  switch (route->reads)
    {
    case READS_JSON:
      return "application/vnd.api+json";
    case READS_FORM:
      return "application/x-www-form-urlencoded";
    case READS_FILE:
    case READS_VERSIONED:
    case READS_NOTHING:
    default:
      return "application/octet-stream";
    }
}

/* Sends every piece of @garbage to @route as admin_a. */
static void
barrage (Bad         *bad,
         const Route *route,
         GPtrArray   *garbage)
{
  g_autofree char *target = expand (bad, route->path);
  g_autofree char *where = g_strdup_printf ("garbage at %s %s", route->method, route->path);

  for (guint i = 0; i < garbage->len; i++)
    {
      Garbage *piece = g_ptr_array_index (garbage, i);
      g_autofree char *what = g_strdup_printf ("%s %s ← %s", route->method, route->path, piece->name);
      Request request = { route->method, target, bad->api.admin_a, content_type_for (route), piece->body, NULL, FALSE };

      check (bad, what, &request, piece->expect, piece->status, piece->code);
    }
  check_unchanged (bad, where);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void
test_bodies (Bad           *bad,
             gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(GPtrArray) garbage = garbage_for (bad, &routes[i]);

      barrage (bad, &routes[i], garbage);
    }
  finish (bad);
}

/* Recursive parsers run out of stack long before 100 000 levels. */
static void
test_deep_nesting (Bad           *bad,
                   gconstpointer  data)
{
  GString *open = g_string_new (NULL);
  GString *balanced;
  GString *objects = g_string_new (NULL);
  GString *inside;
  GString *xml = g_string_new (NULL);

  for (guint i = 0; i < DEPTH; i++)
    {
      g_string_append_c (open, '[');
      g_string_append (objects, "{\"a\":");
      g_string_append (xml, "<a>");
    }
  balanced = g_string_new (open->str);
  for (guint i = 0; i < DEPTH; i++)
    g_string_append_c (balanced, ']');
  inside = g_string_new ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": ");
  g_string_append (inside, balanced->str);
  g_string_append (inside, ", \"email\": \"x\"}}}");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];
      g_autoptr(GPtrArray) garbage = g_ptr_array_new_with_free_func ((GDestroyNotify)garbage_free);
      Expect expect = route->reads == READS_NOTHING ? NO_SERVER_ERROR : CLIENT_ERROR;
      guint status = route->reads == READS_VERSIONED ? 428 : 0;

      add (garbage, expect, status, NULL, g_bytes_new (open->str, open->len), "%u “[”", DEPTH);
      add (garbage, expect, status, NULL, g_bytes_new (balanced->str, balanced->len), "%u nested arrays", DEPTH);
      add (garbage, expect, status, NULL, g_bytes_new (objects->str, objects->len), "%u “{\"a\":”", DEPTH);
      add (garbage, expect, status, NULL, g_bytes_new (inside->str, inside->len),
           "a name of %u nested arrays", DEPTH);
      if (route->reads == READS_FILE)
        add (garbage, expect, status, NULL, g_bytes_new (xml->str, xml->len), "%u nested XML elements", DEPTH);
      barrage (bad, route, garbage);
    }

  g_string_free (open, TRUE);
  g_string_free (balanced, TRUE);
  g_string_free (objects, TRUE);
  g_string_free (inside, TRUE);
  g_string_free (xml, TRUE);
  finish (bad);
}

typedef struct
{
  const char *method;
  const char *target;   /* expanded */
  Expect      expect;
  guint       status;
  const char *code;
} Query;

#define L "/api/organizations/{a}/organization-learners"
#define C "/api/organizations/{a}/campaigns"
#define F "/api/organizations/{a}/changes"
#define P "/api/campaigns/{campaign}/participants-activity"
#define R "/api/campaigns/{campaign}/assessment-results"

/* Malformed numbers, encodings and cursors are client errors; odd but
 * well-formed filter values may find nothing, never fail. */
static const Query queries[] = {
  { "GET", L "?page[size]=-1", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=0", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=abc", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=99999999999", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=99999999999999999999999", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=1e3", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=10.5", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=%2B10", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=%2010", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]={long}", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  /* A query that does not decode to text is refused whole. */
  { "GET", L "?page[size]=%FF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[size]=%00", CLIENT_ERROR, 400, NULL },
  { "GET", L "?page[size]=1%00", CLIENT_ERROR, 400, NULL },
  { "GET", L "?page[size]=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", L "?page[size]=%", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", L "?page[number]=99999999999", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=2147483648", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=-1", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=0", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=abc", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=1e400", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", L "?page[number]=2147483647&page[size]=100", NO_SERVER_ERROR, 200, NULL },
  { "GET", L "?filter[search]=%E2", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[search]=%FF%FE", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[search]=%ED%A0%80", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[search]=%25%5F%5C", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[search]={long}", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[divisions][]=%FF", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[divisions][]=%C0%AF&filter[divisions][]=%E2%82", NO_SERVER_ERROR, 0, NULL },
  { "GET", L "?filter[divisions][]={long}", NO_SERVER_ERROR, 0, NULL },
  { "GET", C "?page[size]=-1", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", C "?page[number]=99999999999", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", C "?filter[status]=%FF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", C "?filter[status]=active%00", CLIENT_ERROR, 400, NULL },
  { "GET", C "?filter[name]=%FF%FE", NO_SERVER_ERROR, 0, NULL },
  { "GET", C "?filter[name]=%E2", NO_SERVER_ERROR, 0, NULL },
  { "GET", C "?filter[owner]=%FF", NO_SERVER_ERROR, 0, NULL },
  { "GET", C "?filter[owner]=%ED%A0%80", NO_SERVER_ERROR, 0, NULL },
  { "GET", C "?filter[owner]={long}", NO_SERVER_ERROR, 0, NULL },
  { "GET", P "?page[size]=0", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", P "?page[size]=201", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", P "?page[number]=abc", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", P "?page[number]=2147483647&page[size]=200", NO_SERVER_ERROR, 200, NULL },
  { "GET", P "?filter[status][]=%FF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", P "?filter[status][]=NOPE&filter[status][]={long}", NO_SERVER_ERROR, 200, NULL },
  { "GET", P "?filter[status]=SHARED%00", CLIENT_ERROR, 400, NULL },
  { "GET", P "?filter[divisions][]={long}&filter[search]={long}", NO_SERVER_ERROR, 200, NULL },
  { "GET", P "?filter[search]=%25%5F%5C", NO_SERVER_ERROR, 200, NULL },
  { "GET", P "?filter[search]=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", R "?page[size]=-1", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", R "?filter[divisions][]=%C0%AF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", "/api/campaigns/{campaign}/profiles-collection-participations?page[size]=1e3", CLIENT_ERROR, 400,
    "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=-1", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=0", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=1001", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=abc", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=99999999999999999999", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?limit=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", F "?cursor=%00", CLIENT_ERROR, 0, NULL },
  { "GET", F "?cursor=a%00b", CLIENT_ERROR, 0, NULL },
  { "GET", F "?cursor=1.{tag}%00", CLIENT_ERROR, 0, NULL },
  { "GET", F "?cursor=%FF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "GET", F "?cursor=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", F "?cursor=-1.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor=99999999999999999999.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor=9223372036854775807.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor=1e400.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor={tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor=.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor=1.{tag}.{tag}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", F "?cursor={long}", CLIENT_ERROR, 410, "CURSOR_EXPIRED" },
  { "GET", "/api/target-profiles?filter[organization-id]=%FF", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/target-profiles?filter[organization-id]=%ED%A0%80", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/target-profiles?filter[organization-id]=", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/target-profiles?filter[organization-id]={long}", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/target-profiles?filter[organization-id]=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", "/api/campaigns?filter[code]=%FF", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/campaigns?filter[code]=%00", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/campaigns?filter[code]={code}%00", CLIENT_ERROR, 0, NULL },
  { "GET", "/api/campaigns?filter[code]={long}", CLIENT_ERROR, 404, "CAMPAIGN_CODE_NOT_FOUND" },
  { "GET", "/api/campaigns?filter[code]=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", "/api/campaigns?filter[code]=", CLIENT_ERROR, 0, NULL },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=%FF", CLIENT_ERROR, 400, "INVALID_QUERY_PARAMETER" },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=xml%00", CLIENT_ERROR, 400, NULL },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=%zz", REFUSED_BY_LIBSOUP, 400, NULL },
  { "POST", "/api/organizations/{a}/sco-organization-learners/import-siecle?format={long}", CLIENT_ERROR, 400, "INVALID_FORMAT" },
  /* Paths: every id is looked up as given. */
  { "GET", "/api/organizations/%FF", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%FF%FE/changes", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%C0%AF/memberships", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%ED%A0%80/organization-learners", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%FF/divisions", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%FF/campaigns", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/%FF/target-profiles", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaigns/%FF", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "PUT", "/api/campaigns/%FF/archive", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/'%20OR%20'1'='1/memberships", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/{a}'%20OR%20'1'='1", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/organizations/{long}", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaigns/{long}", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaigns/%FF/participants-activity", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaigns/%ED%A0%80/csv-assessment-results", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaigns/{long}/collective-results", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/campaign-participations/%FF", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/campaign-participations/{long}/share", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/assessments/%C0%AF/next-challenge", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/assessments/{assessment}'%20OR%20'1'='1", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "GET", "/api/users/%FF/scorecards", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/users/{me}/competences/%FF/reset", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/users/{me}/competences/{long}/reset", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/users/{me}/competences/9.9/reset", CLIENT_ERROR, 404, "NOT_FOUND" },
  /* libsoup hands the path over decoded: "%2F" is a "/" like any other. */
  { "GET", "/api/organizations/{a}%2Fchanges", NO_SERVER_ERROR, 200, NULL },
  { "GET", "/api/organizations/..%2F..%2Fetc/changes", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", "/api/organizations/%zz/changes", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", "/api/organizations/%/changes", REFUSED_BY_LIBSOUP, 400, NULL },
  { "GET", "/api/campaigns/{campaign}%00", REFUSED_BY_LIBSOUP, 400, NULL },
};

#undef L
#undef C
#undef F
#undef P
#undef R

/* Valid bodies at paths whose ids are not UTF-8: the id reaches the
 * database. */
static const Query writes_at_odd_paths[] = {
  { "POST", "/api/organizations/%FF/memberships", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/organizations/%ED%A0%80/memberships", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "PATCH", "/api/campaigns/%FF", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/organizations/%FF/sco-organization-learners/import-siecle?format=xml", CLIENT_ERROR, 404, "NOT_FOUND" },
  { "POST", "/api/organizations/%FF/sup-organization-learners/import-csv", CLIENT_ERROR, 404, "NOT_FOUND" },
};

static void
test_query_and_path (Bad           *bad,
                     gconstpointer  data)
{
  g_autoptr(GBytes) junk = text_bytes ("junk");
  g_autoptr(GBytes) siecle = pb_test_siecle_generate (API_UAI_A, 5, 3);
  g_autoptr(GBytes) sup = text_bytes (SUP_CSV);
  g_autoptr(GBytes) membership = text_bytes ("{\"data\": {\"type\": \"memberships\", \"attributes\": "
                                             "{\"email\": \"bea.admin@college-b.fr\"}}}");
  g_autoptr(GBytes) patch = text_bytes ("{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": \"X\"}}}");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *target = expand (bad, queries[i].target);
      g_autofree char *what = g_strdup_printf ("query/path #%u %s %s", i, queries[i].method, queries[i].target);
      Request request = { queries[i].method, target, bad->api.admin_a, NULL, NULL, NULL, FALSE };

      if (g_str_equal (queries[i].method, "POST"))
        {
          request.content_type = "application/octet-stream";
          request.body = junk;
        }
      check (bad, what, &request, queries[i].expect, queries[i].status, queries[i].code);
    }

  /* Decoded once by HTTP, the id is "%30…": no such campaign. Decoded
   * twice, it would be the campaign itself. */
  {
    g_autofree char *twice = g_strdup_printf ("/api/campaigns/%%25%02X%s", (guint)bad->campaign[0], bad->campaign + 1);
    Request request = { "GET", twice, bad->api.admin_a, NULL, NULL, NULL, FALSE };

    check (bad, "a path id encoded twice", &request, CLIENT_ERROR, 404, "NOT_FOUND");
  }
  check_unchanged (bad, "the odd queries and paths");

  for (guint i = 0; i < G_N_ELEMENTS (writes_at_odd_paths); i++)
    {
      const Query *query = &writes_at_odd_paths[i];
      g_autofree char *what = g_strdup_printf ("write at an odd path #%u %s %s", i, query->method, query->target);
      Request request = { query->method, query->target, bad->api.admin_a, "application/vnd.api+json", NULL,
                          "If-Match: \"1\"\r\n", FALSE };

      if (strstr (query->target, "memberships") != NULL)
        request.body = membership;
      else if (strstr (query->target, "format=xml") != NULL)
        request.body = siecle;
      else if (strstr (query->target, "import-csv") != NULL)
        request.body = sup;
      else
        request.body = patch;
      check (bad, what, &request, query->expect, query->status, query->code);
    }
  check_unchanged (bad, "the writes at odd paths");
  finish (bad);
}

/* Well-formed documents the learner routes refuse for what they say:
 * each gets its 4xx and code. admin_a is a pupil of org A, in its
 * campaign, asked {challenge}. */
typedef struct
{
  const char *path;
  const char *document;
  guint       status;
  const char *code;
} Refused;

#define USER(attributes) "{\"data\": {\"type\": \"users\", \"attributes\": {" attributes "}}}"
#define NAMES "\"first-name\": \"Léa\", \"last-name\": \"Martin\", "
#define PUPIL(attributes) "{\"data\": {\"type\": \"sco-organization-learners\", \"attributes\": {" attributes "}}}"
#define JOIN(attributes) "{\"data\": {\"type\": \"campaign-participations\", \"attributes\": {" attributes "}}}"
#define ANSWER(attributes, relationships) \
  "{\"data\": {\"type\": \"answers\", \"attributes\": {" attributes "}, \"relationships\": {" relationships "}}}"
#define ASSESSMENT "\"assessment\": {\"data\": {\"type\": \"assessments\", \"id\": \"{assessment}\"}}"
#define CHALLENGE "\"challenge\": {\"data\": {\"type\": \"challenges\", \"id\": \"{challenge}\"}}"
#define EVALUATION(attributes) "{\"data\": {\"type\": \"competence-evaluations\", \"attributes\": {" attributes "}}}"

static const Refused refused_documents[] = {
  { "/api/users", USER ("\"last-name\": \"Martin\", \"username\": \"lea.martin\", \"password\": \"Eleve2026\""),
    422, "FIRST_NAME_REQUIRED" },
  { "/api/users", USER ("\"first-name\": \" \\t \", \"last-name\": \"Martin\", \"username\": \"lea.martin\", "
                        "\"password\": \"Eleve2026\""), 422, "FIRST_NAME_REQUIRED" },
  { "/api/users", USER ("\"first-name\": \"Léa\", \"username\": \"lea.martin\", \"password\": \"Eleve2026\""),
    422, "LAST_NAME_REQUIRED" },
  { "/api/users", USER (NAMES "\"password\": \"Eleve2026\""), 422, "EMAIL_OR_USERNAME_REQUIRED" },
  { "/api/users", USER (NAMES "\"email\": \"\", \"username\": null, \"password\": \"Eleve2026\""),
    422, "EMAIL_OR_USERNAME_REQUIRED" },
  { "/api/users", USER (NAMES "\"email\": \"lea@\", \"password\": \"Eleve2026\""), 422, "INVALID_EMAIL" },
  { "/api/users", USER (NAMES "\"email\": \"lea martin@ecole.fr\", \"password\": \"Eleve2026\""), 422, "INVALID_EMAIL" },
  { "/api/users", USER (NAMES "\"username\": \"Léa Martin\", \"password\": \"Eleve2026\""), 422, "INVALID_USERNAME" },
  { "/api/users", USER (NAMES "\"username\": \"lm\", \"password\": \"Eleve2026\""), 422, "INVALID_USERNAME" },
  { "/api/users", USER (NAMES "\"username\": \"lea.martin\""), 422, "INVALID_PASSWORD" },
  { "/api/users", USER (NAMES "\"username\": \"lea.martin\", \"password\": \"eleve2026\""), 422, "INVALID_PASSWORD" },
  { "/api/users", USER (NAMES "\"username\": \"lea.martin\", \"password\": \"Eleve\""), 422, "INVALID_PASSWORD" },
  { "/api/users", USER (NAMES "\"username\": \"lea.martin\", \"password\": 20262026"), 422, "INVALID_ATTRIBUTE" },
  { "/api/users", USER ("\"first-name\": [\"Léa\"], \"last-name\": \"Martin\", \"username\": \"lea.martin\", "
                        "\"password\": \"Eleve2026\""), 422, "INVALID_ATTRIBUTE" },
  { "/api/users", USER (NAMES "\"email\": {}, \"password\": \"Eleve2026\""), 422, "INVALID_ATTRIBUTE" },
  { "/api/users", USER (NAMES "\"username\": true, \"password\": \"Eleve2026\""), 422, "INVALID_ATTRIBUTE" },
  { "/api/users", USER (NAMES "\"username\": \"{long}\", \"password\": \"Eleve2026\""), 422, "ATTRIBUTE_TOO_LONG" },
  { "/api/users", USER (NAMES "\"email\": \"ANNE.ADMIN@college-a.fr\", \"password\": \"Eleve2026\""),
    422, "EMAIL_ALREADY_EXISTS" },
  { "/api/users", "{\"data\": {\"type\": \"memberships\", \"attributes\": {" NAMES "\"username\": \"lea.martin\", "
                  "\"password\": \"Eleve2026\"}}}", 409, "WRONG_TYPE" },
  { "/api/users", "{\"data\": {\"type\": \"users\", \"id\": 7, \"attributes\": {" NAMES "\"username\": "
                  "\"lea.martin\", \"password\": \"Eleve2026\"}}}", 422, "INVALID_ID" },

  { "/api/sco-organization-learners/association",
    PUPIL ("\"last-name\": \"Martin\", \"birthdate\": \"2012-01-01\", \"campaign-code\": \"{code}\""),
    422, "NAMES_REQUIRED" },
  { "/api/sco-organization-learners/association",
    PUPIL ("\"first-name\": \"Léa\", \"last-name\": \"\", \"birthdate\": \"2012-01-01\", "
           "\"campaign-code\": \"{code}\""), 422, "NAMES_REQUIRED" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"campaign-code\": \"{code}\""), 422, "INVALID_BIRTHDATE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"01/01/2012\", \"campaign-code\": \"{code}\""), 422, "INVALID_BIRTHDATE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-02-30\", \"campaign-code\": \"{code}\""), 422, "INVALID_BIRTHDATE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-1-1\", \"campaign-code\": \"{code}\""), 422, "INVALID_BIRTHDATE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": 20120101, \"campaign-code\": \"{code}\""), 422, "INVALID_ATTRIBUTE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"{long}\", \"campaign-code\": \"{code}\""), 422, "ATTRIBUTE_TOO_LONG" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-01-01\""), 422, "CAMPAIGN_CODE_REQUIRED" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-01-01\", \"campaign-code\": [\"{code}\"]"), 422, "INVALID_ATTRIBUTE" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-01-01\", \"campaign-code\": \"ZZZZZZ999\""), 404, "CAMPAIGN_CODE_NOT_FOUND" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"1900-01-01\", \"campaign-code\": \"{code}\""),
    404, "NO_MATCHING_ORGANIZATION_LEARNER" },
  { "/api/sco-organization-learners/association",
    PUPIL (NAMES "\"birthdate\": \"2012-01-01\", \"campaign-code\": \"{sup_code}\""), 422, "NOT_MANAGING_STUDENTS" },

  { "/api/campaign-participations", JOIN (""), 422, "CAMPAIGN_CODE_REQUIRED" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"  \""), 422, "CAMPAIGN_CODE_REQUIRED" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": 42"), 422, "INVALID_ATTRIBUTE" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"{long}\""), 422, "ATTRIBUTE_TOO_LONG" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"ZZZZZZ999\""), 404, "CAMPAIGN_CODE_NOT_FOUND" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"{code}\", \"participant-external-id\": {}"),
    422, "INVALID_ATTRIBUTE" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"{code}\", \"participant-external-id\": \"{long}\""),
    422, "ATTRIBUTE_TOO_LONG" },
  { "/api/campaign-participations", JOIN ("\"campaign-code\": \"{code}\""), 409, "CAMPAIGN_PARTICIPATION_ALREADY_EXISTS" },

  { "/api/answers", ANSWER ("", ASSESSMENT ", " CHALLENGE), 422, "VALUE_REQUIRED" },
  { "/api/answers", ANSWER ("\"value\": null", ASSESSMENT ", " CHALLENGE), 422, "VALUE_REQUIRED" },
  { "/api/answers", ANSWER ("\"value\": 2", ASSESSMENT ", " CHALLENGE), 422, "INVALID_ATTRIBUTE" },
  { "/api/answers", ANSWER ("\"value\": [\"1\", \"2\"]", ASSESSMENT ", " CHALLENGE), 422, "INVALID_ATTRIBUTE" },
  { "/api/answers", ANSWER ("\"value\": \"{long}\"", ASSESSMENT ", " CHALLENGE), 422, "ATTRIBUTE_TOO_LONG" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", CHALLENGE), 422, "ASSESSMENT_REQUIRED" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", "\"assessment\": {\"data\": null}, " CHALLENGE),
    422, "ASSESSMENT_REQUIRED" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", ASSESSMENT), 422, "CHALLENGE_REQUIRED" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", "\"assessment\": {\"data\": {\"type\": \"users\", "
                            "\"id\": \"{assessment}\"}}, " CHALLENGE), 422, "INVALID_RELATIONSHIP" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", "\"assessment\": \"{assessment}\", " CHALLENGE),
    422, "INVALID_RELATIONSHIP" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", ASSESSMENT ", \"challenge\": {\"data\": [\"{challenge}\"]}"),
    422, "INVALID_RELATIONSHIP" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", ASSESSMENT ", \"challenge\": {\"data\": {\"type\": "
                            "\"challenges\", \"id\": 42}}"), 422, "INVALID_RELATIONSHIP" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", "\"assessment\": {\"data\": {\"type\": \"assessments\", "
                            "\"id\": \"01936b2e-0000-7000-8000-000000000001\"}}, " CHALLENGE), 404, "NOT_FOUND" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", ASSESSMENT ", \"challenge\": {\"data\": {\"type\": "
                            "\"challenges\", \"id\": \"challenge-nope\"}}"), 409, "CHALLENGE_NOT_ASKED" },
  { "/api/answers", ANSWER ("\"value\": \"1\"", ASSESSMENT ", \"challenge\": {\"data\": {\"type\": "
                            "\"challenges\", \"id\": \"{long}\"}}"), 409, "CHALLENGE_NOT_ASKED" },

  { "/api/competence-evaluations/start-or-resume", EVALUATION (""), 422, "UNKNOWN_COMPETENCE" },
  { "/api/competence-evaluations/start-or-resume", EVALUATION ("\"competence-index\": \"\""), 422, "UNKNOWN_COMPETENCE" },
  { "/api/competence-evaluations/start-or-resume", EVALUATION ("\"competence-index\": \"9.9\""), 422, "UNKNOWN_COMPETENCE" },
  { "/api/competence-evaluations/start-or-resume", EVALUATION ("\"competence-index\": \"@rechercheWeb\""),
    422, "ATTRIBUTE_TOO_LONG" },
  { "/api/competence-evaluations/start-or-resume", EVALUATION ("\"competence-index\": 1.1"), 422, "INVALID_ATTRIBUTE" },
  { "/api/competence-evaluations/start-or-resume", EVALUATION ("\"competence-index\": [\"1.1\"]"),
    422, "INVALID_ATTRIBUTE" },
};

#undef USER
#undef NAMES
#undef PUPIL
#undef JOIN
#undef ANSWER
#undef ASSESSMENT
#undef CHALLENGE
#undef EVALUATION

static void
test_refused_documents (Bad           *bad,
                        gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused_documents); i++)
    {
      const Refused *refused = &refused_documents[i];
      g_autoptr(GBytes) body = document (bad, refused->document, "");
      g_autofree char *what = g_strdup_printf ("refused document #%u at %s", i, refused->path);
      Request request = { "POST", refused->path, bad->api.admin_a, "application/vnd.api+json", body, NULL, FALSE };

      check (bad, what, &request, CLIENT_ERROR, refused->status, refused->code);
    }
  check_unchanged (bad, "the refused documents");
  finish (bad);
}

static void
test_headers (Bad           *bad,
              gconstpointer  data)
{
  static const char * const authorizations[] = {
    "Bearer",
    "Bearer ",
    "Bearer x",
    "Basic YW5uZTpQaXgyMDI2c2VjcmV0",
    "Bearer a.b.c",
    "Bearer 01936b2e-0000-7000-8000-000000000001.99999999999999999999.x",
    "Bearer 01936b2e-0000-7000-8000-000000000001.-1.x",
    "Bearer 01936b2e-0000-7000-8000-000000000001.1e10.x",
    "Bearer 01936b2e-0000-7000-8000-000000000001..",
    "Bearer ...",
    "Bearer \xff\xfe",
    "Bearer \xed\xa0\x80.\xc0\xaf.x",
  };
  static const char * const keys[] = {
    "Idempotency-Key: \r\n",
    "Idempotency-Key: a b\r\n",
    "Idempotency-Key: cl\xc3\xa9\r\n",
    "Idempotency-Key: \xff\xfe\r\n",
    "Idempotency-Key: a\x7f\r\n",
    "Idempotency-Key: a\tb\r\n",
  };
  static const char * const if_matches[] = {
    "abc",
    "\"abc\"",
    "-1",
    "\"-1\"",
    "0",
    "\"0\"",
    "99999999999999999999",
    "\"99999999999999999999\"",
    "1e400",
    "W/",
    "\"\"",
    "\"",
    "1.0",
    "0x1",
    "\xff",
  };
  static const char * const content_types[] = {
    NULL,
    "text/plain",
    "application/json",
    "application/vnd.api+json",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencodedx",
    "application/x-www-form",
    "\xff\xfe",
  };
  g_autoptr(GBytes) campaign = document (bad, "{\"data\": {\"type\": \"campaigns\", \"attributes\": {\"name\": "
                                              "\"Profils\", \"type\": \"PROFILES_COLLECTION\"}, \"relationships\": "
                                              "{\"organization\": {\"data\": {\"type\": \"organizations\", "
                                              "\"id\": \"{a}\"}}}}}", "");
  g_autoptr(GBytes) patch = text_bytes ("{\"data\": {\"type\": \"campaigns\", \"attributes\": "
                                        "{\"name\": \"Renommée\"}}}");
  g_autoptr(GBytes) token_form = text_bytes ("grant_type=refresh_token&refresh_token=not-a-refresh-token");
  g_autoptr(GBytes) revoke_form = text_bytes ("token=not-a-refresh-token");
  g_autofree char *path = g_strconcat ("/api/campaigns/", bad->campaign, NULL);
  g_autofree char *archive = g_strconcat (path, "/archive", NULL);
  g_autofree char *key_256 = g_strnfill (256, 'k');
  g_autofree char *long_key = g_strdup_printf ("Idempotency-Key: %s\r\n", key_256);
  g_autofree char *bearer_value = g_strnfill (LONG_VALUE, 'x');
  g_autofree char *long_bearer = g_strdup_printf ("Bearer %s", bearer_value);
  g_autofree char *spoiled = g_strconcat (bad->api.admin_a, "x", NULL);
  g_autofree char *extended = g_strconcat (bad->api.admin_a, ".x", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (authorizations) + 3; i++)
    {
      const char *value = i < G_N_ELEMENTS (authorizations) ? authorizations[i]
                          : i == G_N_ELEMENTS (authorizations) ? long_bearer
                          : i == G_N_ELEMENTS (authorizations) + 1 ? spoiled : extended;
      g_autofree char *header = g_strdup_printf ("Authorization: %s%s\r\n",
                                                 i > G_N_ELEMENTS (authorizations) ? "Bearer " : "", value);
      g_autofree char *what = g_strdup_printf ("Authorization #%u", i);
      Request me = { "GET", "/api/me", NULL, NULL, NULL, header, FALSE };
      Request create = { "POST", "/api/campaigns", NULL, "application/vnd.api+json", campaign, header, FALSE };

      check (bad, what, &me, CLIENT_ERROR, 401, "UNAUTHORIZED");
      check (bad, what, &create, CLIENT_ERROR, 401, "UNAUTHORIZED");
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys) + 1; i++)
    {
      const char *header = i < G_N_ELEMENTS (keys) ? keys[i] : long_key;
      g_autofree char *what = g_strdup_printf ("Idempotency-Key #%u on a valid creation", i);
      Request create = { "POST", "/api/campaigns", bad->api.admin_a, "application/vnd.api+json", campaign,
                         header, FALSE };

      check (bad, what, &create, CLIENT_ERROR, 400, "INVALID_IDEMPOTENCY_KEY");
    }

  for (guint i = 0; i < G_N_ELEMENTS (if_matches); i++)
    {
      g_autofree char *header = g_strdup_printf ("If-Match: %s\r\n", if_matches[i]);
      g_autofree char *what = g_strdup_printf ("If-Match #%u", i);
      Request update = { "PATCH", path, bad->api.admin_a, "application/vnd.api+json", patch, header, FALSE };
      Request put = { "PUT", archive, bad->api.admin_a, NULL, NULL, header, FALSE };

      /* Not version 1: either refused as malformed, or stale (412). */
      check (bad, what, &update, CLIENT_ERROR, 0, NULL);
      check (bad, what, &put, CLIENT_ERROR, 0, NULL);
    }

  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    {
      g_autofree char *what = g_strdup_printf ("Content-Type #%u (%s)", i, content_types[i]);
      Request token = { "POST", "/api/token", NULL, content_types[i], token_form, NULL, FALSE };
      Request revoke = { "POST", "/api/revoke", NULL, content_types[i], revoke_form, NULL, FALSE };

      check (bad, what, &token, CLIENT_ERROR, 400, "INVALID_REQUEST");
      check (bad, what, &revoke, CLIENT_ERROR, 400, "INVALID_REQUEST");
    }

  check_unchanged (bad, "the odd headers");
  finish (bad);
}

/* Peak resident memory of the server, in kB. */
static guint64
server_peak_kb (Bad *bad)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (bad->api.server.process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

/* Bodies over the limits are refused with 413 whatever the route; the
 * limit of an import is 20 MB, of anything else 1 MB. Bodies without a
 * length are refused with 411. */
static void
test_body_size (Bad           *bad,
                gconstpointer  data)
{
  g_autoptr(GBytes) over_json = random_bytes (bad, MAX_JSON_BODY + 1);
  g_autoptr(GBytes) over_import = random_bytes (bad, MAX_IMPORT_BODY + 1);
  g_autoptr(GBytes) chunked = text_bytes ("5\r\nhello\r\n0\r\n\r\n");
  gsize huge_size = 128 * 1024 * 1024;
  g_autoptr(GBytes) huge = g_bytes_new_take (g_malloc0 (huge_size), huge_size);
  guint64 peak_before, peak_after;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];
      g_autofree char *target = expand (bad, route->path);
      g_autofree char *what = g_strdup_printf ("%s %s", route->method, route->path);
      Request over = { route->method, target, bad->api.admin_a, content_type_for (route), over_json, NULL, FALSE };
      Request unknown_length = { route->method, target, bad->api.admin_a, content_type_for (route), chunked,
                                 "Transfer-Encoding: chunked\r\n", TRUE };
      Request announced = { route->method, target, bad->api.admin_a, content_type_for (route), NULL,
                            "Expect: 100-continue\r\nContent-Length: 10737418240\r\n", TRUE };

      if (route->reads == READS_FILE)
        {
          /* 1 MB + 1 is nothing for an import: it is read, and refused for what it says. */
          check (bad, what, &over, CLIENT_ERROR, 422, NULL);
          over.body = over_import;
        }
      check (bad, what, &over, CLIENT_ERROR, 413, "PAYLOAD_TOO_LARGE");
      check (bad, what, &unknown_length, CLIENT_ERROR, 411, "LENGTH_REQUIRED");
      /* Refused on the headers: the client need not send 10 GB first. */
      check (bad, what, &announced, CLIENT_ERROR, 413, "PAYLOAD_TOO_LARGE");
    }

  /* Refused bodies never reach memory: 128 MB sent to a route that takes
   * 1 MB leaves the server's peak memory where it was. */
  {
    Request flood = { "POST", "/api/token", NULL, "application/x-www-form-urlencoded", huge, NULL, FALSE };

    peak_before = server_peak_kb (bad);
    check (bad, "128 MB to POST /api/token", &flood, CLIENT_ERROR, 413, "PAYLOAD_TOO_LARGE");
    peak_after = server_peak_kb (bad);
    g_test_message ("Peak memory: %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT " kB after", peak_before,
                    peak_after);
    if (peak_after > peak_before + 32 * 1024)
      {
        fail (bad, "A refused 128 MB body reached the server's memory: its peak grew from %" G_GUINT64_FORMAT
                            " kB to %" G_GUINT64_FORMAT " kB", peak_before, peak_after);
      }
  }

  check_unchanged (bad, "the oversized bodies");
  finish (bad);
}

typedef struct
{
  const char *method;
  const char *path;
  const char *allow;   /* NULL: 404 */
} Unknown;

static const Unknown unknown_routes[] = {
  { "GET", "/", NULL },
  { "GET", "/api", NULL },
  { "GET", "/api/", NULL },
  { "GET", "/api/nothing", NULL },
  { "POST", "/api/nothing", NULL },
  { "DELETE", "/api/nothing", NULL },
  { "GET", "/api/me/", NULL },
  { "GET", "/API/ME", NULL },
  { "GET", "/api//me", NULL },
  { "GET", "/api/organizations", NULL },
  { "GET", "/api/organizations/", NULL },
  { "GET", "/api/organizations//changes", NULL },
  { "GET", "/api/campaigns//archive", NULL },
  { "GET", "/api/organizations/{a}/nothing", NULL },
  { "GET", "/api/organizations/{a}/changes/more", NULL },
  { "PUT", "/api/campaigns/{campaign}/archive/more", NULL },
  { "GET", "/favicon.ico", NULL },
  { "GET", "/api/{long}", NULL },
  { "GET", "/api/token", "POST" },
  { "DELETE", "/api/token", "POST" },
  { "PUT", "/api/revoke", "POST" },
  { "POST", "/api/me", "GET" },
  { "DELETE", "/api/me", "GET" },
  { "OPTIONS", "/api/me", "GET" },
  { "FOO", "/api/me", "GET" },
  { "PUT", "/api/campaigns", "GET, POST" },
  { "DELETE", "/api/campaigns", "GET, POST" },
  { "POST", "/api/campaigns/{campaign}", "GET, PATCH" },
  { "PUT", "/api/campaigns/{campaign}", "GET, PATCH" },
  { "DELETE", "/api/campaigns/{campaign}", "GET, PATCH" },
  { "GET", "/api/campaigns/{campaign}/archive", "DELETE, PUT" },
  { "POST", "/api/campaigns/{campaign}/archive", "DELETE, PUT" },
  { "PATCH", "/api/campaigns/{campaign}/archive", "DELETE, PUT" },
  { "POST", "/api/organizations/{a}", "GET" },
  { "PATCH", "/api/organizations/{a}", "GET" },
  { "DELETE", "/api/organizations/{a}", "GET" },
  { "PUT", "/api/organizations/{a}/memberships", "GET, POST" },
  { "DELETE", "/api/organizations/{a}/memberships", "GET, POST" },
  { "POST", "/api/organizations/{a}/divisions", "GET" },
  { "POST", "/api/organizations/{a}/organization-learners", "GET" },
  { "DELETE", "/api/organizations/{a}/organization-learners", "GET" },
  { "GET", "/api/organizations/{a}/sco-organization-learners/import-siecle", "POST" },
  { "PUT", "/api/organizations/{a}/sco-organization-learners/import-siecle?format=xml", "POST" },
  { "GET", "/api/organizations/{sup}/sup-organization-learners/import-csv", "POST" },
  { "POST", "/api/target-profiles", "GET" },
  { "POST", "/api/organizations/{a}/target-profiles", "GET" },
  { "POST", "/api/organizations/{a}/campaigns", "GET" },
  { "POST", "/api/organizations/{a}/changes", "GET" },
  { "DELETE", "/api/organizations/{a}/changes", "GET" },
};

/* "PUT, DELETE" and "DELETE, PUT" are the same answer. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
test_unknown_routes (Bad           *bad,
                     gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (unknown_routes); i++)
    {
      const Unknown *unknown = &unknown_routes[i];
      g_autofree char *target = expand (bad, unknown->path);
      g_autofree char *what = g_strdup_printf ("unknown route #%u %s %s", i, unknown->method, unknown->path);

      /* With and without a token: routing comes first. */
      for (guint with_token = 0; with_token < 2; with_token++)
        {
          g_auto(Reply) reply = { 0 };
          Request request = { unknown->method, target, with_token ? bad->api.admin_a : NULL, NULL, NULL, NULL,
                              FALSE };
          g_autofree char *problem = NULL;
          g_autofree char *allow = NULL;
          g_autofree char *sorted = NULL;

          exchange (bad, &request, &reply);
          problem = reply_problem (bad, &reply, CLIENT_ERROR, unknown->allow != NULL ? 405 : 404,
                                   unknown->allow != NULL ? "METHOD_NOT_ALLOWED" : "NOT_FOUND");
          if (problem == NULL && unknown->allow != NULL)
            {
              char **methods;

              allow = reply_header (&reply, "Allow");
              methods = g_strsplit (allow != NULL ? allow : "", ",", -1);
              for (guint j = 0; methods[j] != NULL; j++)
                g_strstrip (methods[j]);
              qsort (methods, g_strv_length (methods), sizeof (char *), compare_strings);
              sorted = g_strjoinv (", ", methods);
              g_strfreev (methods);
              if (g_strcmp0 (sorted, unknown->allow) != 0)
                problem = g_strdup_printf ("Allow: %s, expected the methods %s", allow, unknown->allow);
            }
          if (problem != NULL)
            {
              fail (bad, "%s%s: %s", what, with_token ? " (signed in)" : "", problem);
              if (reply.failure != NULL && server_died (bad))
                revive (bad, what);
            }
        }
    }
  check_unchanged (bad, "the unknown routes");
  finish (bad);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Bad, NULL, bad_set_up, func, bad_tear_down)
  ADD ("/bad-input/unknown-routes", test_unknown_routes);
  ADD ("/bad-input/bodies", test_bodies);
  ADD ("/bad-input/query-and-path", test_query_and_path);
  ADD ("/bad-input/headers", test_headers);
  ADD ("/bad-input/body-size", test_body_size);
  ADD ("/bad-input/deep-nesting", test_deep_nesting);
  ADD ("/bad-input/refused-documents", test_refused_documents);
#undef ADD

  return g_test_run ();
}
