/* pb-demo.c
 *
 * The demo school, *Lycée Marie Curie (démo)*, built through the same
 * code paths as real use: accounts and the organization as `admin` makes
 * them, then, over HTTP on a server started in-process on loopback, the
 * referent's SIECLE import, the teachers' campaigns, and learners played
 * by the simulator — some finished and shared, some in progress, some
 * not shared yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "pb-admin.h"
#include "pb-demo.h"
#include "pb-demo-roster.h"
#include "pb-server.h"
#include "pb-simulator.h"

#define SCHOOL_NAME "Lycée Marie Curie (démo)"
#define SCHOOL_UAI "0690099Z"
#define JSON_API "application/vnd.api+json"

typedef struct
{
  const char *email;
  const char *first_name;
  const char *last_name;
  const char *role;
} Staff;

/* The referent (organization ADMIN) and two teachers. */
static const Staff staff[] = {
  { "referente@lycee-marie-curie.fr", "Sophie", "Lambert", "ADMIN" },
  { "lucie.bernard@lycee-marie-curie.fr", "Lucie", "Bernard", "MEMBER" },
  { "karim.haddad@lycee-marie-curie.fr", "Karim", "Haddad", "MEMBER" },
};

/* Who runs which campaign for which pupils, and how far they got:
 * stop_percent of the learners leave their test midway, unshared_percent
 * of those who finish do not send their results yet. */
typedef struct
{
  guint       owner;            /* index in staff[] */
  const char *name;
  const char *type;
  const char *target_profile;   /* NULL for a profiles collection */
  const char *level_prefix;     /* the pupils of these divisions… */
  guint       max_divisions;    /* …the first ones of the level, 0 for all */
  guint       stop_percent;
  guint       unshared_percent;
} CampaignPlan;

/* Most pupils play a short parcours; one class each goes through a long
 * one, and two Terminale classes send their profiles before the
 * certification. */
static const CampaignPlan plans[] = {
  { 0, "Découverte de Pix – 2nde", "ASSESSMENT", "tp-decouverte-lycee", "2nde ", 0, 8, 10 },
  { 1, "SNT – positionnement de rentrée", "ASSESSMENT", "tp-snt-global", "2nde ", 1, 25, 20 },
  { 2, "Découverte de Pix – 1re", "ASSESSMENT", "tp-decouverte-lycee", "1re ", 0, 10, 15 },
  { 2, "Humanités et langues – 1re 1", "ASSESSMENT", "tp-humanites-lv-2nde", "1re ", 1, 20, 20 },
  { 0, "Profils Pix – Terminale (certification)", "PROFILES_COLLECTION", NULL, "Tle ", 2, 0, 15 },
};

struct _PbDemo
{
  GObject        parent_instance;
  PbDemoOptions  options;
  char          *data_dir;
  GRand         *rand;
  GBytes        *roster;
  GPtrArray     *divisions;
  char          *passwords[G_N_ELEMENTS (staff)];
  char          *organization_id;
  char          *center_id;
  char          *url;
  SoupSession   *session;
  PbDemoReport   report;
};

G_DEFINE_QUARK (pb-demo-error-quark, pb_demo_error)

G_DEFINE_FINAL_TYPE (PbDemo, pb_demo, G_TYPE_OBJECT)

static void
pb_demo_finalize (GObject *object)
{
  PbDemo *self = PB_DEMO (object);

  g_free (self->data_dir);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->roster, g_bytes_unref);
  g_clear_pointer (&self->divisions, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    g_free (self->passwords[i]);
  g_free (self->organization_id);
  g_free (self->center_id);
  g_free (self->url);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (pb_demo_parent_class)->finalize (object);
}

static void
pb_demo_class_init (PbDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_demo_finalize;
}

static void
pb_demo_init (PbDemo *self)
{
}

/**
 * pb_demo_new:
 * @options: where, how many learners, which seed
 */
PbDemo *
pb_demo_new (const PbDemoOptions *options)
{
  PbDemo *self = g_object_new (PB_TYPE_DEMO, NULL);

  self->options = *options;
  self->data_dir = g_strdup (options->data_dir);
  self->options.data_dir = self->data_dir;
  self->rand = g_rand_new_with_seed_array ((const guint32 *)&self->options.seed, 2);
  return self;
}

/* Readable, Pix's rule (upper, lower, digit, 8 or more), from the seed. */
static char *
make_password (GRand *rand)
{
  static const char letters[] = "abcdefghjkmnpqrstuvwxyz";

  return g_strdup_printf ("Curie%04d%c%c", g_rand_int_range (rand, 1000, 10000),
                          letters[g_rand_int_range (rand, 0, sizeof letters - 1)],
                          letters[g_rand_int_range (rand, 0, sizeof letters - 1)]);
}

/* The demo writes a new school: never over someone's data. */
static gboolean
prepare_directory (const char  *data_dir,
                   GError     **error)
{
  g_autoptr(GDir) dir = NULL;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot create %s: %s",
                   data_dir, g_strerror (errno));
      return FALSE;
    }
  dir = g_dir_open (data_dir, 0, error);
  if (dir == NULL)
    return FALSE;
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, PB_DEMO_ERROR, PB_DEMO_ERROR_NOT_EMPTY,
                   "%s is not empty: the demo builds its school in a new directory", data_dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
create_accounts (PbDemo     *self,
                 PbStorage  *storage,
                 GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autofree char *id = NULL;

      self->passwords[i] = make_password (self->rand);
      id = pb_admin_create_user (storage, staff[i].email, staff[i].first_name, staff[i].last_name,
                                 self->passwords[i], error);
      if (id == NULL)
        return FALSE;
    }
  if (!pb_admin_create_organization (storage, SCHOOL_NAME, "SCO", SCHOOL_UAI, TRUE,
                                     &self->organization_id, &self->center_id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    if (!pb_admin_add_member (storage, self->organization_id, staff[i].email, staff[i].role, error))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The staff's part, over HTTP                                         */

static JsonNode *
send_request (PbDemo      *self,
              const char  *method,
              const char  *path,
              const char  *token,
              const char  *content_type,
              GBytes      *body,
              guint        expected,
              GError     **error)
{
  g_autofree char *url = g_strconcat (self->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *authorization = NULL;

  if (token != NULL)
    {
      authorization = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  response = soup_session_send_and_read (self->session, msg, NULL, error);
  if (response == NULL)
    return NULL;
  if (soup_message_get_status (msg) != expected)
    {
      g_set_error (error, PB_DEMO_ERROR, PB_DEMO_ERROR_FAILED, "%s %s answered %u: %.*s", method, path,
                   soup_message_get_status (msg), (int)MIN (g_bytes_get_size (response), 400),
                   (const char *)g_bytes_get_data (response, NULL));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (response, NULL), (gssize)g_bytes_get_size (response),
                                   error))
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

static char *
sign_in (PbDemo      *self,
         guint        who,
         GError     **error)
{
  g_autofree char *form = soup_form_encode ("grant_type", "password", "username", staff[who].email,
                                            "password", self->passwords[who], NULL);
  g_autoptr(GBytes) body = g_bytes_new (form, strlen (form));
  g_autoptr(JsonNode) answer = send_request (self, "POST", "/api/token", NULL, "application/x-www-form-urlencoded",
                                             body, SOUP_STATUS_OK, error);

  if (answer == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "access_token"));
}

static gboolean
import_roster (PbDemo      *self,
               const char  *token,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml",
                                           self->organization_id);
  g_autoptr(JsonNode) answer = send_request (self, "POST", path, token, "application/xml", self->roster,
                                             SOUP_STATUS_OK, error);

  return answer != NULL;
}

static char *
create_campaign (PbDemo              *self,
                 const char          *token,
                 const CampaignPlan  *plan,
                 GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "campaigns");
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, plan->name);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, plan->type);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "organization");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "organizations");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->organization_id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  if (plan->target_profile != NULL)
    {
      json_builder_set_member_name (builder, "target-profile");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "target-profiles");
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, plan->target_profile);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  json = json_to_string (document, FALSE);
  body = g_bytes_new_take (json, strlen (json));
  answer = send_request (self, "POST", "/api/campaigns", token, JSON_API, body, SOUP_STATUS_CREATED, error);
  if (answer == NULL)
    return NULL;
  return g_strdup (json_object_get_string_member (
    json_object_get_object_member (json_object_get_object_member (json_node_get_object (answer), "data"),
                                   "attributes"), "code"));
}

/* The divisions of a plan: its level's, the first max_divisions ones. */
static GStrv
plan_divisions (PbDemo             *self,
                const CampaignPlan *plan)
{
  g_autoptr(GStrvBuilder) chosen = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; i < self->divisions->len; i++)
    {
      const char *division = g_ptr_array_index (self->divisions, i);

      if (g_str_has_prefix (division, plan->level_prefix) && (plan->max_divisions == 0 || n < plan->max_divisions))
        {
          g_strv_builder_add (chosen, division);
          n++;
        }
    }
  return g_strv_builder_end (chosen);
}

static gboolean
play_campaign (PbDemo              *self,
               const CampaignPlan  *plan,
               const char          *code,
               guint                index,
               GError             **error)
{
  g_auto(GStrv) divisions = plan_divisions (self, plan);
  g_autoptr(PbSimulator) simulator = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  PbSimulatorOptions options = { NULL };

  options.server_url = self->url;
  options.campaign_code = code;
  options.n_learners = self->options.n_learners;
  options.seed = self->options.seed * 31 + index;
  options.concurrency = 4;
  options.roster = self->roster;
  options.divisions = (const char * const *)divisions;
  options.stop_percent = plan->stop_percent;
  options.unshared_percent = plan->unshared_percent;
  /* One run id for the whole school: a pupil keeps one account, reconciled
   * once, across the campaigns. */
  options.run_id = "curie";
  simulator = pb_simulator_new (&options);
  summary = pb_simulator_run (simulator, NULL, error);
  if (summary == NULL)
    return FALSE;
  if (summary->n_failed > 0)
    {
      g_set_error (error, PB_DEMO_ERROR, PB_DEMO_ERROR_FAILED, "Simulated learners failed in “%s”: %s %u %s",
                   plan->name, summary->first_error_request, summary->first_error_status,
                   summary->first_error_detail != NULL ? summary->first_error_detail : "");
      return FALSE;
    }
  self->report.n_participations += summary->n_learners;
  self->report.n_shared += summary->n_completed;
  self->report.n_answers += summary->n_answers;
  self->report.n_requests += summary->n_requests;
  return TRUE;
}

/* What the staff and the pupils do, from the referent's import to the
 * last share; runs in a thread while the main loop serves. */
static gboolean
run_school_year (PbDemo  *self,
                 GError **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      char *token = sign_in (self, i, error);

      if (token == NULL)
        return FALSE;
      g_ptr_array_add (tokens, token);
    }
  if (!import_roster (self, g_ptr_array_index (tokens, 0), error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autofree char *code = create_campaign (self, g_ptr_array_index (tokens, plans[i].owner), &plans[i], error);

      if (code == NULL || !play_campaign (self, &plans[i], code, i, error))
        return FALSE;
      self->report.n_campaigns++;
    }
  return TRUE;
}

static void
school_year_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PbDemo *self = source;
  GError *error = NULL;

  self->session = soup_session_new_with_options ("timeout", 120, NULL);
  if (run_school_year (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
school_year_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
}

/* The server answers on this thread's main context while the school year
 * runs in another thread, as two programs would. */
static gboolean
serve_school_year (PbDemo     *self,
                   PbStorage  *storage,
                   GError    **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(PbServer) server = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  PbServerSettings settings;
  gboolean done = FALSE;
  gboolean ok;

  /* Over a thousand sign-ups: libsodium's cheapest argon2id, for the
   * simulated pupils of this one run only (each hash records its cost). */
  pb_server_settings_init_default (&settings);
  settings.fast_password_hashing = TRUE;
  if ((server = pb_server_new (storage, &settings, NULL, error)) == NULL ||
      (uri = pb_server_listen (server, loopback, 0, error)) == NULL)
    return FALSE;
  self->url = g_uri_to_string (uri);
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  task = g_task_new (self, NULL, school_year_done, &done);
  g_task_run_in_thread (task, school_year_thread);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  ok = g_task_propagate_boolean (task, error);

  pb_server_shutdown (server);
  while (!pb_server_is_stopped (server))
    g_main_context_iteration (NULL, TRUE);
  return ok;
}

/* DATA_DIR/demo-accounts.ini: the staff's sign-in, so that a copy of the
 * school (`pix-bureau --demo` starts from one built with the app) can sign
 * in without knowing the seed. Demo passwords only: nothing real. */
static gboolean
write_accounts_file (PbDemo  *self,
                     GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = g_build_filename (self->data_dir, PB_DEMO_ACCOUNTS_FILE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_key_file_set_string (file, staff[i].email, "password", self->passwords[i]);
      g_key_file_set_string (file, staff[i].email, "role", staff[i].role);
    }
  g_key_file_set_string (file, "school", "name", SCHOOL_NAME);
  g_key_file_set_string (file, "school", "referent", staff[0].email);
  return g_key_file_save_to_file (file, path, error);
}

/**
 * pb_demo_build:
 *
 * Builds the school in the (new or empty) data directory.
 */
gboolean
pb_demo_build (PbDemo  *self,
               GError **error)
{
  g_autoptr(PbStorage) storage = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_migrations;

  if (!prepare_directory (self->data_dir, error) ||
      (storage = pb_storage_open (self->data_dir, NULL, error)) == NULL ||
      !pb_storage_migrate (storage, &n_migrations, error) ||
      !pb_storage_relax_durability (storage, error) ||
      !create_accounts (self, storage, error))
    return FALSE;

  self->roster = pb_demo_roster_generate (SCHOOL_UAI, self->options.n_learners, self->options.seed, &self->divisions);
  self->report.n_pupils = self->options.n_learners;
  self->report.n_divisions = self->divisions->len;
  if (!serve_school_year (self, storage, error))
    return FALSE;
  self->report.seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  return write_accounts_file (self, error);
}

guint
pb_demo_get_n_accounts (PbDemo *self)
{
  return G_N_ELEMENTS (staff);
}

/**
 * pb_demo_get_account:
 * @role: (out): "ADMIN" (the referent) or "MEMBER" (a teacher)
 */
void
pb_demo_get_account (PbDemo      *self,
                     guint        position,
                     const char **email,
                     const char **password,
                     const char **role)
{
  g_return_if_fail (position < G_N_ELEMENTS (staff));

  *email = staff[position].email;
  *password = self->passwords[position];
  *role = staff[position].role;
}

const PbDemoReport *
pb_demo_get_report (PbDemo *self)
{
  return &self->report;
}
