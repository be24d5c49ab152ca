/* test-simulate.c
 *
 * The learner simulator: its names, its ability model and answer draws
 * (same seed, same learner), its summary; then campaigns played to the end
 * by simulated learners over a real server, in-process and through the
 * `simulate` subcommand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include <unistd.h>

#include <glib/gstdio.h>

#include "pb-french-names.h"
#include "pb-sim-learner.h"
#include "pb-simulator.h"
#include "pb-test-api.h"
#include "pb-test-siecle.h"

#define SEED 20260901

/* Names */

static void
test_names_lists (void)
{
  PbFrenchSex sexes[] = { PB_FRENCH_SEX_FEMALE, PB_FRENCH_SEX_MALE };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint s = 0; s < G_N_ELEMENTS (sexes); s++)
    {
      g_assert_cmpuint (pb_french_names_get_n_first_names (sexes[s]), >=, 140);
      for (guint i = 0; i < pb_french_names_get_n_first_names (sexes[s]); i++)
        {
          const char *name = pb_french_names_get_first_name (sexes[s], i);

          g_assert_true (g_utf8_validate (name, -1, NULL));
          g_assert_cmpuint (strlen (name), >, 1);
          g_assert_false (g_hash_table_contains (seen, name));
          g_hash_table_add (seen, (gpointer) name);
        }
    }

  g_hash_table_remove_all (seen);
  g_assert_cmpuint (pb_french_names_get_n_last_names (), >=, 140);
  for (guint i = 0; i < pb_french_names_get_n_last_names (); i++)
    {
      const char *name = pb_french_names_get_last_name (i);

      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_false (g_hash_table_contains (seen, name));
      g_hash_table_add (seen, (gpointer) name);
    }

  /* The names a real class has, which search and reconciliation must fold. */
  g_assert_true (g_hash_table_contains (seen, "Dubœuf"));
  g_assert_true (g_hash_table_contains (seen, "N'Diaye"));
  g_assert_true (g_hash_table_contains (seen, "Le Gall"));
}

static gboolean
is_first_name_of (PbFrenchSex  sex,
                  const char  *name)
{
  for (guint i = 0; i < pb_french_names_get_n_first_names (sex); i++)
    {
      if (pb_french_names_get_first_name (sex, i) == name)
        return TRUE;
    }

  return FALSE;
}

static void
test_names_deterministic (void)
{
  g_autoptr(GRand) first = g_rand_new_with_seed (SEED);
  g_autoptr(GRand) second = g_rand_new_with_seed (SEED);
  g_autoptr(GRand) other = g_rand_new_with_seed (SEED + 1);
  g_autoptr(GHashTable) last_names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_different = 0, n_female = 0;

  for (guint i = 0; i < 1000; i++)
    {
      PbFrenchName a, b, c;

      pb_french_names_pick (first, &a);
      pb_french_names_pick (second, &b);
      pb_french_names_pick (other, &c);
      g_assert_cmpint (a.sex, ==, b.sex);
      g_assert_cmpstr (a.first_name, ==, b.first_name);
      g_assert_cmpstr (a.last_name, ==, b.last_name);
      if (g_strcmp0 (a.last_name, c.last_name) != 0)
        n_different++;
      if (a.sex == PB_FRENCH_SEX_FEMALE)
        n_female++;
      g_hash_table_add (last_names, (gpointer) a.last_name);

      g_assert_true (is_first_name_of (a.sex, a.first_name));
    }

  g_assert_cmpuint (n_different, >, 900);
  g_assert_cmpuint (n_female, >, 400);
  g_assert_cmpuint (n_female, <, 600);
  /* Varied: 1000 draws meet nearly every name. */
  g_assert_cmpuint (g_hash_table_size (last_names), >, pb_french_names_get_n_last_names () * 9 / 10);
}

/* The ability model */

static PbFramework *
framework (void)
{
  g_autoptr(GError) error = NULL;
  PbFramework *framework = pb_framework_new_default (&error);

  g_assert_no_error (error);
  return framework;
}

static PbChallengeBank *
bank (PbFramework *framework)
{
  g_autoptr(GError) error = NULL;
  PbChallengeBank *bank = pb_challenge_bank_new_default (framework, &error);

  g_assert_no_error (error);
  return bank;
}

static void
test_probability (void)
{
  g_assert_cmpfloat_with_epsilon (pb_sim_probability_right (2.0, 2), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (pb_sim_probability_right (3.0, 2), 1.0 / (1.0 + exp (-1.0)), 1e-12);
  g_assert_cmpfloat_with_epsilon (pb_sim_probability_right (2.5, 5), 1.0 / (1.0 + exp (2.5)), 1e-12);
  g_assert_cmpfloat (pb_sim_probability_right (0.0, 8), <, pb_sim_probability_right (0.0, 1));
}

static void
assert_same_learner (PbFramework  *framework,
                     PbSimLearner *a,
                     PbSimLearner *b)
{
  const char * const *indices = pb_framework_get_competence_indices (framework);
  const char * const *evaluated_a = pb_sim_learner_get_evaluated_competences (a);
  const char * const *evaluated_b = pb_sim_learner_get_evaluated_competences (b);

  g_assert_cmpfloat (pb_sim_learner_get_mean_ability (a), ==, pb_sim_learner_get_mean_ability (b));
  for (guint i = 0; indices[i] != NULL; i++)
    g_assert_cmpfloat (pb_sim_learner_get_ability (a, indices[i]), ==, pb_sim_learner_get_ability (b, indices[i]));
  g_assert_true (g_strv_equal ((const char * const *) evaluated_a, evaluated_b));
  g_assert_cmpstr (pb_sim_learner_get_first_name (a), ==, pb_sim_learner_get_first_name (b));
  g_assert_cmpstr (pb_sim_learner_get_last_name (a), ==, pb_sim_learner_get_last_name (b));

  for (guint c = 0; c < pb_framework_get_n_competences (framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (framework, c);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          for (guint s = 0; s < tube->skills->len; s++)
            g_assert_cmpint (pb_sim_learner_answers_right (a, g_ptr_array_index (tube->skills, s)), ==,
                             pb_sim_learner_answers_right (b, g_ptr_array_index (tube->skills, s)));
        }
    }
}

static void
test_learner_deterministic (void)
{
  g_autoptr(PbFramework) content = framework ();
  g_autoptr(PbSimLearner) a = pb_sim_learner_new (content, SEED, 7, NULL);
  g_autoptr(PbSimLearner) b = pb_sim_learner_new (content, SEED, 7, NULL);
  g_autoptr(PbSimLearner) next = pb_sim_learner_new (content, SEED, 8, NULL);
  g_autoptr(PbSimLearner) reseeded = pb_sim_learner_new (content, SEED + ((guint64) 1 << 32), 7, NULL);

  assert_same_learner (content, a, b);

  /* Another index, or another seed (even one that differs above 32 bits),
   * is another learner. */
  g_assert_cmpfloat (pb_sim_learner_get_mean_ability (a), !=, pb_sim_learner_get_mean_ability (next));
  g_assert_cmpfloat (pb_sim_learner_get_mean_ability (a), !=, pb_sim_learner_get_mean_ability (reseeded));
}

/* A roster pupil draws the same abilities as the learner of the same index
 * without a roster: only the name changes. */
static void
test_learner_pupil (void)
{
  g_autoptr(PbFramework) content = framework ();
  PbLearnerRecord pupil = {
    .national_student_id = (char *) "123456789AB", .first_name = (char *) "Zoé",
    .last_name = (char *) "Lefèvre", .birthdate = (char *) "2013-03-14", .division = (char *) "6A",
  };
  g_autoptr(PbSimLearner) named = pb_sim_learner_new (content, SEED, 3, NULL);
  g_autoptr(PbSimLearner) from_roster = pb_sim_learner_new (content, SEED, 3, &pupil);
  g_autofree char *email = pb_sim_learner_make_login (named, "abcdef");
  g_autofree char *username = pb_sim_learner_make_login (from_roster, "abcdef");
  g_autoptr(GRegex) email_form = g_regex_new ("^[a-z0-9]+\\.[a-z0-9]+\\.abcdef4@example\\.org$", 0, 0, NULL);

  g_assert_cmpstr (pb_sim_learner_get_first_name (from_roster), ==, "Zoé");
  g_assert_cmpstr (pb_sim_learner_get_last_name (from_roster), ==, "Lefèvre");
  g_assert_cmpfloat (pb_sim_learner_get_mean_ability (named), ==, pb_sim_learner_get_mean_ability (from_roster));
  g_assert_cmpfloat (pb_sim_learner_get_ability (named, "3.4"), ==, pb_sim_learner_get_ability (from_roster, "3.4"));

  /* Pix's username form, the run id and a hash of the INE */
  g_assert_cmpstr (username, ==, "zoe.lefevre1403.abcdef.aca5");
  g_assert_true (g_regex_match (email_form, email, 0, NULL));
}

static void
test_learner_logins (void)
{
  g_autoptr(PbFramework) content = framework ();
  PbLearnerRecord pupil = {
    .first_name = (char *) "Marie-Lou Anne-Sophie Éléonore", .last_name = (char *) "N'Diaye-Dubœuf de la Tour-Saint-Martin",
    .birthdate = (char *) "2012-11-02", .national_student_id = (char *) "1", .division = (char *) "5B",
  };
  g_autoptr(PbSimLearner) learner = pb_sim_learner_new (content, SEED, 123456, &pupil);
  g_autofree char *username = pb_sim_learner_make_login (learner, "qwerty");
  g_autoptr(GRegex) allowed = g_regex_new ("^[a-z0-9._-]{3,64}$", 0, 0, NULL);

  /* Within the server's username rule, however long the names. */
  g_assert_true (g_regex_match (allowed, username, 0, NULL));
  g_assert_cmpstr (username, ==, "marielouannesophieel.ndiayeduboeufdelatou0211.qwerty.b5d6");

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(PbSimLearner) other = pb_sim_learner_new (content, SEED, i, NULL);
      g_autofree char *email = pb_sim_learner_make_login (other, "qwerty");
      g_autofree char *local = g_strndup (email, strchr (email, '@') - email);

      g_assert_true (g_regex_match (allowed, local, 0, NULL));
    }
}

/* The model's parameters, measured on many learners: mean ability
 * N(2.5, 1.2²), deviations N(0, 0.7²), answers right with the logistic
 * probability, 3 to 8 distinct competences evaluated in framework order. */
static void
test_ability_model (void)
{
  g_autoptr(PbFramework) content = framework ();
  const char * const *indices = pb_framework_get_competence_indices (content);
  const guint n = 3000;
  double sum = 0, sum_squares = 0, deviation_squares = 0;
  double expected_right = 0, variance_right = 0;
  guint n_deviations = 0, n_right = 0;
  guint subset_sizes[9] = { 0 };
  double mean, sd;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbSimLearner) learner = pb_sim_learner_new (content, SEED, i, NULL);
      double mu = pb_sim_learner_get_mean_ability (learner);
      const char * const *evaluated = pb_sim_learner_get_evaluated_competences (learner);
      guint n_evaluated = g_strv_length ((char **) evaluated);
      const PbCompetence *competence = pb_framework_get_competence (content, i % pb_framework_get_n_competences (content));

      sum += mu;
      sum_squares += mu * mu;
      for (guint c = 0; indices[c] != NULL; c++)
        {
          double deviation = pb_sim_learner_get_ability (learner, indices[c]) - mu;

          deviation_squares += deviation * deviation;
          n_deviations++;
        }

      g_assert_cmpuint (n_evaluated, >=, 3);
      g_assert_cmpuint (n_evaluated, <=, 8);
      subset_sizes[n_evaluated]++;
      for (guint e = 1; e < n_evaluated; e++)
        g_assert_cmpint (strcmp (evaluated[e - 1], evaluated[e]), <, 0);

      /* Every skill of one competence per learner */
      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          for (guint s = 0; s < tube->skills->len; s++)
            {
              const PbSkill *skill = g_ptr_array_index (tube->skills, s);
              double p = pb_sim_probability_right (pb_sim_learner_get_ability (learner, competence->index), skill->level);

              expected_right += p;
              variance_right += p * (1 - p);
              n_right += pb_sim_learner_answers_right (learner, skill);
            }
        }
    }

  mean = sum / n;
  sd = sqrt (sum_squares / n - mean * mean);
  g_assert_cmpfloat_with_epsilon (mean, 2.5, 0.1);
  g_assert_cmpfloat_with_epsilon (sd, 1.2, 0.06);
  g_assert_cmpfloat_with_epsilon (sqrt (deviation_squares / n_deviations), 0.7, 0.02);
  /* Within five standard deviations of the binomial sum */
  g_assert_cmpfloat (fabs (n_right - expected_right), <, 5 * sqrt (variance_right));
  for (guint k = 3; k <= 8; k++)
    g_assert_cmpuint (subset_sizes[k], >, n / 6 / 2);
}

/* stop_percent and unshared_percent are shares of learners, each
 * learner's own draw deciding. */
static void
test_leaving_and_sharing (void)
{
  g_autoptr(PbFramework) content = framework ();
  const guint n = 2000;
  guint n_leaving = 0, n_keeping = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbSimLearner) learner = pb_sim_learner_new (content, SEED, i, NULL);
      guint stop_point = pb_sim_learner_get_stop_point (learner, 100);

      g_assert_cmpuint (pb_sim_learner_get_stop_point (learner, 0), ==, 0);
      g_assert_cmpuint (stop_point, >=, 2);
      g_assert_cmpuint (stop_point, <=, 12);
      g_assert_true (pb_sim_learner_shares (learner, 0));
      g_assert_false (pb_sim_learner_shares (learner, 100));
      n_leaving += pb_sim_learner_get_stop_point (learner, 25) > 0;
      n_keeping += !pb_sim_learner_shares (learner, 40);
    }

  g_assert_cmpfloat_with_epsilon ((double) n_leaving / n, 0.25, 0.03);
  g_assert_cmpfloat_with_epsilon ((double) n_keeping / n, 0.40, 0.03);
}

static void
test_answer_values (void)
{
  g_autoptr(PbFramework) content = framework ();
  g_autoptr(PbChallengeBank) challenges = bank (content);
  guint counts[3] = { 0 };

  g_assert_cmpuint (pb_challenge_bank_get_n_challenges (challenges), >, 0);
  for (guint i = 0; i < pb_challenge_bank_get_n_challenges (challenges); i++)
    {
      const PbChallenge *challenge = pb_challenge_bank_get_challenge (challenges, i);
      g_autofree char *right = pb_sim_answer_value (challenge, TRUE);
      g_autofree char *wrong = pb_sim_answer_value (challenge, FALSE);

      g_assert_nonnull (right);
      g_assert_nonnull (wrong);
      g_assert_true (pb_challenge_check_answer (challenge, right));
      g_assert_false (pb_challenge_check_answer (challenge, wrong));
      /* A plausible wrong answer, not a give-up */
      g_assert_cmpstr (wrong, !=, "aband");
      counts[challenge->type]++;
    }

  g_assert_cmpuint (counts[PB_CHALLENGE_TYPE_QCU], >, 0);
  g_assert_cmpuint (counts[PB_CHALLENGE_TYPE_QCM], >, 0);
  g_assert_cmpuint (counts[PB_CHALLENGE_TYPE_QROC], >, 0);
}

static void
test_answer_values_by_type (void)
{
  static const char json[] =
    "{\"version\": 1, \"challenges\": ["
    " {\"id\": \"u\", \"skill\": \"@rechercheWeb1\", \"type\": \"QCU\", \"instruction\": \"?\","
    "  \"proposals\": [\"a\", \"b\", \"c\"], \"answer\": 3},"
    " {\"id\": \"m\", \"skill\": \"@rechercheWeb1\", \"type\": \"QCM\", \"instruction\": \"?\","
    "  \"proposals\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [1, 2, 4]},"
    " {\"id\": \"r\", \"skill\": \"@rechercheWeb1\", \"type\": \"QROC\", \"instruction\": \"?\","
    "  \"answers\": [\"Île-de-France\", \"IDF\"]}]}";
  g_autoptr(PbFramework) content = framework ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbChallengeBank) challenges = pb_challenge_bank_new_from_bytes (content, bytes, &error);
  struct { const char *id; const char *right; const char *wrong; } expected[] = {
    { "u", "3", "1" },          /* the next proposal, wrapping */
    { "m", "1,2,4", "1,2" },    /* one right proposal missed */
    { "r", NULL, "je ne sais pas" },  /* the first accepted answer, normalized */
  };
  g_autofree char *first_accepted = pb_challenge_normalize_text ("Île-de-France");

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const PbChallenge *challenge = pb_challenge_bank_lookup (challenges, expected[i].id);
      g_autofree char *right = pb_sim_answer_value (challenge, TRUE);
      g_autofree char *wrong = pb_sim_answer_value (challenge, FALSE);
      g_autofree char *getter = pb_challenge_get_right_answer (challenge);
      const char *expected_right = expected[i].right != NULL ? expected[i].right : first_accepted;


      g_assert_cmpstr (right, ==, expected_right);
      g_assert_cmpstr (getter, ==, expected_right);
      g_assert_cmpstr (wrong, ==, expected[i].wrong);
    }
}

/* The summary */

static void
test_summary_format (void)
{
  PbSimulatorSummary summary = {
    .seed = 42, .n_requested = 20, .n_roster = 0, .n_learners = 20, .n_completed = 20,
    .n_scores = 20, .mean_pix_score = 87.25, .n_tests = 20, .n_answers = 251,
    .mean_challenges = 12.55, .n_requests = 604, .elapsed_seconds = 4.0,
    .first_error_learner = -1,
  };
  g_autofree char *text = pb_simulator_summary_format (&summary);
  g_autofree char *failed = NULL;
  g_autofree char *no_answer = NULL;
  g_autofree char *with_leavers = NULL;
  g_autofree char *short_roster = NULL;

  g_assert_cmpstr (text, ==,
                   "Learners completed: 20 of 20 (seed 42)\n"
                   "Mean pix score: 87.2 (20 shared participations)\n"
                   "Mean challenges per test: 12.6 (20 tests, 251 answers)\n"
                   "Requests: 604 in 4.0 s, 151.0 per second (0 retried)\n"
                   "Errors: 0\n");
  g_assert_cmpfloat (pb_simulator_summary_get_requests_per_second (&summary), ==, 151.0);

  summary.n_completed = 19;
  summary.n_failed = 1;
  summary.n_scores = 19;
  summary.n_errors = 1;
  summary.n_retries = 2;
  summary.n_unexpected_results = 1;
  summary.first_error_learner = 4;
  summary.first_error_request = (char *) "POST /api/answers";
  summary.first_error_status = 409;
  summary.first_error_code = (char *) "ASSESSMENT_ENDED";
  summary.first_error_detail = (char *) "The assessment is completed.";
  failed = pb_simulator_summary_format (&summary);
  g_assert_cmpstr (failed, ==,
                   "Learners completed: 19 of 20 (seed 42)\n"
                   "Mean pix score: 87.2 (19 shared participations)\n"
                   "Mean challenges per test: 12.6 (20 tests, 251 answers)\n"
                   "Requests: 604 in 4.0 s, 151.0 per second (2 retried)\n"
                   "Answers the server corrected otherwise than the simulator: 1\n"
                   "Errors: 1\n"
                   "First error (learner 5, POST /api/answers): 409 ASSESSMENT_ENDED: The assessment is completed.\n");

  summary.n_stopped = 2;
  summary.n_unshared = 1;
  with_leavers = pb_simulator_summary_format (&summary);
  g_assert_nonnull (strstr (with_leavers, "per second (2 retried)\n"
                                          "Left midway: 2\n"
                                          "Finished without sharing: 1\n"
                                          "Answers the server"));

  summary.first_error_status = 0;
  summary.first_error_code = NULL;
  summary.first_error_detail = (char *) "Connection refused";
  no_answer = pb_simulator_summary_format (&summary);
  g_assert_true (g_str_has_suffix (no_answer, "First error (learner 5, POST /api/answers): no answer: Connection refused\n"));

  summary.n_roster = 11;
  summary.n_learners = 11;
  short_roster = pb_simulator_summary_format (&summary);
  g_assert_true (g_str_has_prefix (short_roster, "The roster has 11 usable pupils: simulated all of them, not 20.\n"
                                                 "Learners completed: 19 of 11 (seed 42)\n"));
}

static void
assert_run_fails (const PbSimulatorOptions *options,
                  int                       code)
{
  g_autoptr(PbSimulator) simulator = pb_simulator_new (options);
  g_autoptr(PbSimulatorSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = pb_simulator_run (simulator, NULL, &error);
  g_assert_error (error, PB_SIMULATOR_ERROR, code);
  g_assert_null (summary);
}

/* Refused before any request: nothing listens on port 9 of loopback. */
static void
test_bad_options (void)
{
  g_autoptr(GBytes) not_siecle = g_bytes_new_static ("<html/>", 7);
  g_autoptr(GBytes) nobody = pb_test_siecle_xml ("0751234A", "UTF-8", NULL, 0);
  PbSimulatorOptions options = { "http://127.0.0.1:9", "ABCDEF234", 5, SEED, 2, NULL };

  options.server_url = NULL;
  assert_run_fails (&options, PB_SIMULATOR_ERROR_INVALID_OPTIONS);
  options.server_url = "ftp://127.0.0.1:9";
  assert_run_fails (&options, PB_SIMULATOR_ERROR_INVALID_OPTIONS);
  options.server_url = "http://127.0.0.1:9";
  options.campaign_code = "";
  assert_run_fails (&options, PB_SIMULATOR_ERROR_INVALID_OPTIONS);
  options.campaign_code = "ABCDEF234";
  options.n_learners = 0;
  assert_run_fails (&options, PB_SIMULATOR_ERROR_INVALID_OPTIONS);
  options.n_learners = 5;
  options.roster = not_siecle;
  assert_run_fails (&options, PB_SIMULATOR_ERROR_ROSTER);
  options.roster = nobody;
  assert_run_fails (&options, PB_SIMULATOR_ERROR_ROSTER);
}

/* Nobody listens on port 9 of loopback: the lookup tries four times, then
 * says the server cannot be reached. */
static void
test_no_server (void)
{
  PbSimulatorOptions options = { "http://127.0.0.1:9/", "ABCDEF234", 2, SEED, 2, NULL };

  assert_run_fails (&options, PB_SIMULATOR_ERROR_NETWORK);
}

/* Over a real server */

/* Learners' passwords are hashed as the server's settings say: cheaply
 * here, where dozens of learners sign up in each test. */
static void
hash_passwords_fast (Api *api)
{
  g_autofree char *path = g_build_filename (api->fixture.data_dir, "pix-bureau-server.conf", NULL);

  g_assert_true (g_file_set_contents (path, "[identity]\nfast-password-hashing=true\n", -1, NULL));
  api_restart (api);
}

static void
add_related (JsonBuilder *builder,
             const char  *name,
             const char  *type,
             const char  *id)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* Creates a campaign in @organization; returns its code. */
static char *
create_campaign (Api        *api,
                 const char *organization,
                 const char *type,
                 const char *target_profile,
                 const char *external_id_label)
{
  g_auto(ApiResponse) response = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "campaigns");
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Simulation");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (external_id_label != NULL)
    {
      json_builder_set_member_name (builder, "external-id-label");
      json_builder_add_string_value (builder, external_id_label);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  add_related (builder, "organization", "organizations", organization);
  if (target_profile != NULL)
    add_related (builder, "target-profile", "target-profiles", target_profile);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  api_send_json (api, &response, "POST", "/api/campaigns", api->admin_a, json, NULL);
  g_assert_cmpuint (response.status, ==, 201);
  return g_strdup (json_object_get_string_member (api_attributes (&response), "code"));
}

typedef struct
{
  guint n_signals;
  guint last_finished;
  guint n_completed;
} Progress;

static void
learner_finished_cb (PbSimulator *simulator,
                     guint        index,
                     gboolean     completed,
                     guint        n_finished,
                     guint        n_learners,
                     Progress    *progress)
{
  g_assert_cmpuint (n_finished, ==, progress->last_finished + 1);
  g_assert_cmpuint (index, <, n_learners);
  progress->n_signals++;
  progress->last_finished = n_finished;
  progress->n_completed += completed;
}

static PbSimulatorSummary *
simulate_options (const PbSimulatorOptions *options,
                  Progress                 *progress)
{
  g_autoptr(PbSimulator) simulator = pb_simulator_new (options);
  g_autoptr(GError) error = NULL;
  PbSimulatorSummary *summary;

  if (progress != NULL)
    g_signal_connect (simulator, "learner-finished", G_CALLBACK (learner_finished_cb), progress);
  summary = pb_simulator_run (simulator, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static PbSimulatorSummary *
simulate (Api        *api,
          const char *code,
          guint       n_learners,
          guint64     seed,
          guint       concurrency,
          GBytes     *roster,
          Progress   *progress)
{
  PbSimulatorOptions options = { api->server.base_url, code, n_learners, seed, concurrency, roster };

  return simulate_options (&options, progress);
}

static void
assert_all_completed (PbSimulatorSummary *summary,
                      guint               n_learners)
{
  if (summary->n_failed > 0)
    {
      g_autofree char *text = pb_simulator_summary_format (summary);

      g_printerr ("%s", text);
    }

  g_assert_cmpuint (summary->n_learners, ==, n_learners);
  g_assert_cmpuint (summary->n_completed, ==, n_learners);
  g_assert_cmpuint (summary->n_stopped, ==, 0);
  g_assert_cmpuint (summary->n_unshared, ==, 0);
  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_errors, ==, 0);
  g_assert_cmpint (summary->first_error_learner, ==, -1);
  g_assert_cmpuint (summary->n_scores, ==, n_learners);
  /* The server corrects every answer as the simulator meant it. */
  g_assert_cmpuint (summary->n_unexpected_results, ==, 0);
  g_assert_cmpuint (summary->n_requests, >, 0);
}

/* 20 learners through an assessment campaign that asks for an external
 * id; then the same seed on a fresh server: the same results. */
static int
compare_ability (gconstpointer a,
                 gconstpointer b)
{
  double x = ((const PbSimulatorLearner *)a)->mean_ability;
  double y = ((const PbSimulatorLearner *)b)->mean_ability;

  return (x > y) - (x < y);
}

/* Over 200 simulated learners, those of higher ability earn more pix:
 * the adaptive test measures what the model draws. The upper half by
 * ability must be ahead of the lower half, and ability and pix clearly
 * correlated. */
static void
test_ability_gives_pix (Api           *api,
                        gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  g_autoptr(GArray) sorted = NULL;
  double sum_x = 0, sum_y = 0, sum_xx = 0, sum_yy = 0, sum_xy = 0, lower = 0, upper = 0, r;
  guint n, half;

  hash_passwords_fast (api);
  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", NULL);
  summary = simulate (api, code, 200, SEED, 4, NULL, NULL);
  assert_all_completed (summary, 200);

  sorted = g_array_copy (summary->learners);
  g_array_sort (sorted, compare_ability);
  n = sorted->len;
  half = n / 2;
  for (guint i = 0; i < n; i++)
    {
      const PbSimulatorLearner *learner = &g_array_index (sorted, PbSimulatorLearner, i);

      g_assert_true (learner->has_pix_score);
      sum_x += learner->mean_ability;
      sum_y += learner->pix_score;
      sum_xx += learner->mean_ability * learner->mean_ability;
      sum_yy += learner->pix_score * learner->pix_score;
      sum_xy += learner->mean_ability * learner->pix_score;
      if (i < half)
        lower += learner->pix_score / half;
      else
        upper += learner->pix_score / (n - half);
    }
  r = (n * sum_xy - sum_x * sum_y) / sqrt ((n * sum_xx - sum_x * sum_x) * (n * sum_yy - sum_y * sum_y));
  g_test_message ("mean pix: lower half %.1f, upper half %.1f; correlation %.2f", lower, upper, r);
  g_assert_cmpfloat (upper, >, lower + 5.0);
  g_assert_cmpfloat (r, >, 0.5);
}

static void
test_assessment_campaign (Api           *api,
                          gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *second_code = NULL;
  g_autoptr(PbSimulatorSummary) first = NULL;
  g_autoptr(PbSimulatorSummary) second = NULL;
  g_autoptr(PbSimulatorSummary) again = NULL;
  Progress progress = { 0 };

  hash_passwords_fast (api);

  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", "Numéro étudiant");
  first = simulate (api, code, 20, SEED, 4, NULL, &progress);
  assert_all_completed (first, 20);
  g_assert_cmpuint (progress.n_signals, ==, 20);
  g_assert_cmpuint (progress.n_completed, ==, 20);
  g_assert_cmpuint (first->n_tests, ==, 20);
  g_assert_cmpfloat (first->mean_challenges, >, 1.0);
  g_assert_cmpfloat (first->mean_challenges, ==, (double) first->n_answers / 20);
  g_assert_cmpfloat (first->mean_pix_score, >, 0.0);

  /* A fresh server, other threads playing other learners: the same
   * results. */
  api_tear_down (api, NULL);
  api_set_up (api, NULL);
  hash_passwords_fast (api);
  second_code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", "Numéro étudiant");
  second = simulate (api, second_code, 20, SEED, 3, NULL, NULL);
  assert_all_completed (second, 20);
  g_assert_cmpfloat (second->mean_pix_score, ==, first->mean_pix_score);
  g_assert_cmpfloat (second->mean_challenges, ==, first->mean_challenges);
  g_assert_cmpuint (second->n_answers, ==, first->n_answers);

  /* The first of them again on the same server: same names, but logins
   * that do not collide with the earlier run's. */
  again = simulate (api, second_code, 5, SEED, 4, NULL, NULL);
  assert_all_completed (again, 5);
}

/* Nothing to play in the campaign: each learner evaluates their 3 to 8
 * competences first, then joins and shares. */
static void
test_profiles_collection (Api           *api,
                          gconstpointer  data)
{
  g_autoptr(PbFramework) content = framework ();
  g_autofree char *code = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  guint n_evaluations = 0;

  hash_passwords_fast (api);

  code = create_campaign (api, api->org_sup, "PROFILES_COLLECTION", NULL, NULL);
  summary = simulate (api, code, 5, SEED, 4, NULL, NULL);
  assert_all_completed (summary, 5);

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PbSimLearner) learner = pb_sim_learner_new (content, SEED, i, NULL);

      n_evaluations += g_strv_length ((char **) pb_sim_learner_get_evaluated_competences (learner));
    }
  g_assert_cmpuint (summary->n_tests, ==, n_evaluations);
}

static GBytes *
make_roster (guint n_pupils)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autofree TestPupil *pupils = g_new0 (TestPupil, n_pupils);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) xml = NULL;

  for (guint i = 0; i < n_pupils; i++)
    {
      PbFrenchName name;
      char *ine = g_strdup_printf ("%09u%c%c", 300000000 + i, 'A' + i % 26, 'K');
      /* Distinct birth dates: reconciliation must find exactly one pupil. */
      char *birthdate = g_strdup_printf ("%02u/%02u/2012", 1 + i % 28, 1 + i / 28);

      pb_french_names_pick (rand, &name);
      g_ptr_array_add (strings, ine);
      g_ptr_array_add (strings, birthdate);
      pupils[i] = (TestPupil) {
        NULL, ine, name.last_name, NULL, name.first_name, NULL, NULL, birthdate,
        name.sex == PB_FRENCH_SEX_MALE ? "1" : "2", "100", "075", "75115", "Paris",
        "10010012110", "ST", i % 2 == 0 ? "5A" : "5B", NULL,
      };
    }

  xml = pb_test_siecle_xml (API_UAI_A, "ISO-8859-15", pupils, n_pupils);
  return pb_test_zip ("ElevesSansAdresse.xml", xml);
}

/* Pupils of the school's SIECLE file: a username each, reconciled, then
 * the campaign. First those of one class; then, under the same run id,
 * every pupil in another campaign (those of the first class sign in to the
 * accounts they have); then new accounts for pupils linked already. */
static void
test_roster (Api           *api,
             gconstpointer  data)
{
  g_autoptr(GBytes) roster = make_roster (8);
  g_auto(ApiResponse) response = { 0 };
  g_autofree char *import = g_strdup_printf ("/api/organizations/%s/sco-organization-learners/import-siecle?format=xml",
                                             api->org_a);
  const char * const divisions[] = { "5A", NULL };
  PbSimulatorOptions options = { NULL, NULL, 12, SEED, 4, roster, divisions, 0, 0, "classe5a" };
  g_autofree char *code = NULL;
  g_autofree char *second_code = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PbSimulatorSummary) one_class = NULL;
  g_autoptr(PbSimulatorSummary) everyone = NULL;
  g_autoptr(PbSimulatorSummary) fewer = NULL;

  hash_passwords_fast (api);

  api_send (api, &response, "POST", import, api->admin_a, "application/zip", roster, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  code = create_campaign (api, api->org_a, "ASSESSMENT", "tp-decouverte-college", NULL);
  second_code = create_campaign (api, api->org_a, "ASSESSMENT", "tp-decouverte-college", NULL);

  options.server_url = api->server.base_url;
  options.campaign_code = code;
  one_class = simulate_options (&options, NULL);
  assert_all_completed (one_class, 4);
  g_assert_cmpuint (one_class->n_requested, ==, 12);
  g_assert_cmpuint (one_class->n_roster, ==, 4);
  text = pb_simulator_summary_format (one_class);
  g_assert_true (g_str_has_prefix (text, "The roster has 4 usable pupils: simulated all of them, not 12.\n"));

  options.campaign_code = second_code;
  options.divisions = NULL;
  everyone = simulate_options (&options, NULL);
  assert_all_completed (everyone, 8);
  g_assert_cmpuint (everyone->n_roster, ==, 8);

  /* The first N pupils of the file, with new accounts: they are linked to
   * the earlier ones, so reconciling them is refused. */
  fewer = simulate (api, second_code, 3, SEED, 4, roster, NULL);
  g_assert_cmpuint (fewer->n_learners, ==, 3);
  g_assert_cmpuint (fewer->n_failed, ==, 3);
  g_assert_cmpuint (fewer->n_completed, ==, 0);
  g_assert_cmpstr (fewer->first_error_request, ==, "POST /api/sco-organization-learners/association");
  g_assert_cmpuint (fewer->first_error_status, ==, 409);
  g_assert_cmpstr (fewer->first_error_code, ==, "ORGANIZATION_LEARNER_ALREADY_LINKED");
  g_assert_cmpint (fewer->first_error_learner, ==, 0);
}

/* Some learners leave midway, some finish without sharing: neither is a
 * failure, and the campaign shows them as started and as to share. */
static void
test_stop_and_unshared (Api           *api,
                        gconstpointer  data)
{
  g_autoptr(PbFramework) content = framework ();
  PbSimulatorOptions options = { NULL, NULL, 12, SEED, 4, NULL, NULL, 30, 30, NULL };
  g_autofree char *code = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  guint n_leaving = 0, n_keeping = 0;

  hash_passwords_fast (api);

  for (guint i = 0; i < options.n_learners; i++)
    {
      g_autoptr(PbSimLearner) learner = pb_sim_learner_new (content, SEED, i, NULL);

      if (pb_sim_learner_get_stop_point (learner, options.stop_percent) > 0)
        n_leaving++;
      else if (!pb_sim_learner_shares (learner, options.unshared_percent))
        n_keeping++;
    }
  /* The seed gives some of each, or the test would prove nothing. */
  g_assert_cmpuint (n_leaving, >, 0);
  g_assert_cmpuint (n_keeping, >, 0);

  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", NULL);
  options.server_url = api->server.base_url;
  options.campaign_code = code;
  summary = simulate_options (&options, NULL);

  g_assert_cmpuint (summary->n_failed, ==, 0);
  g_assert_cmpuint (summary->n_errors, ==, 0);
  g_assert_cmpuint (summary->n_completed + summary->n_stopped + summary->n_unshared, ==, 12);
  /* A learner due to leave after N answers of a shorter test finishes it. */
  g_assert_cmpuint (summary->n_stopped, >, 0);
  g_assert_cmpuint (summary->n_stopped, <=, n_leaving);
  g_assert_cmpuint (summary->n_unshared, >=, n_keeping);
  g_assert_cmpuint (summary->n_scores, ==, summary->n_completed);
  g_assert_cmpuint (summary->n_tests, ==, summary->n_completed + summary->n_unshared);
}

static void
test_unknown_campaign (Api           *api,
                       gconstpointer  data)
{
  PbSimulatorOptions options = { api->server.base_url, "ZZZZZZ999", 3, SEED, 2, NULL };
  g_autoptr(PbSimulator) simulator = pb_simulator_new (&options);
  g_autoptr(PbSimulatorSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = pb_simulator_run (simulator, NULL, &error);
  g_assert_error (error, PB_SIMULATOR_ERROR, PB_SIMULATOR_ERROR_CAMPAIGN);
  g_assert_null (summary);
}

/* A run cancelled before it starts reports the cancellation, not a
 * summary. Cancelling midway drops the connections of the requests in
 * flight, and the server then unpauses messages whose connection is gone
 * (a libsoup critical, fatal here): to be tested once it survives that. */
static void
test_cancel (Api           *api,
             gconstpointer  data)
{
  g_autofree char *code = NULL;
  PbSimulatorOptions options = { NULL, NULL, 6, SEED, 2, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PbSimulator) simulator = NULL;
  g_autoptr(PbSimulatorSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", NULL);
  options.server_url = api->server.base_url;
  options.campaign_code = code;
  simulator = pb_simulator_new (&options);
  g_cancellable_cancel (cancellable);
  summary = pb_simulator_run (simulator, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (summary);
}

typedef struct
{
  PbSimulatorSummary *summary;
  GError             *error;
  GThread            *thread;
  gboolean            progress_in_thread;
  guint               n_signals;
} AsyncRun;

static void
async_progress_cb (PbSimulator *simulator,
                   guint        index,
                   gboolean     completed,
                   guint        n_finished,
                   guint        n_learners,
                   AsyncRun    *run)
{
  run->n_signals++;
  if (g_thread_self () != run->thread)
    run->progress_in_thread = FALSE;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->summary = pb_simulator_run_finish (PB_SIMULATOR (source), result, &run->error);
}

/* As the demo will: the main loop keeps turning while learners play. */
static void
test_async (Api           *api,
            gconstpointer  data)
{
  g_autofree char *code = NULL;
  PbSimulatorOptions options = { NULL, NULL, 3, SEED, 2, NULL };
  g_autoptr(PbSimulator) simulator = NULL;
  AsyncRun run = { NULL, NULL, g_thread_self (), TRUE, 0 };

  hash_passwords_fast (api);

  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", NULL);
  options.server_url = api->server.base_url;
  options.campaign_code = code;
  simulator = pb_simulator_new (&options);
  g_signal_connect (simulator, "learner-finished", G_CALLBACK (async_progress_cb), &run);
  pb_simulator_run_async (simulator, NULL, async_done_cb, &run);
  while (run.summary == NULL && run.error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (run.error);
  assert_all_completed (run.summary, 3);
  g_assert_cmpuint (run.n_signals, ==, 3);
  g_assert_true (run.progress_in_thread);
  pb_simulator_summary_free (run.summary);
}

/* The subcommand, as a script runs it. */

static int
run_simulate (const char * const *args,
              char              **out,
              char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PB_SERVER_BINARY"));
  g_ptr_array_add (argv, (gpointer) "simulate");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_cli (Api           *api,
          gconstpointer  data)
{
  g_autofree char *code = NULL;
  g_autofree char *roster_path = NULL;
  g_autoptr(GBytes) roster = make_roster (2);
  char *out = NULL, *err = NULL;
  int fd;

  /* Usage errors need no server. */
  g_assert_cmpint (run_simulate ((const char *[]) { "--campaign", "ABCDEF234", "--learners", "2", NULL }, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--server is required"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_simulate ((const char *[]) { "--server", api->server.base_url, "--campaign", "ABCDEF234",
                                                    "--learners", "0", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_simulate ((const char *[]) { "--server", api->server.base_url, "--campaign", "ABCDEF234",
                                                    "--learners", "2", "--seed", "minus one", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_simulate ((const char *[]) { "--server", api->server.base_url, "--campaign", "ZZZZZZ999",
                                                    "--learners", "2", NULL }, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "No campaign has the code “ZZZZZZ999”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  hash_passwords_fast (api);

  code = create_campaign (api, api->org_sup, "ASSESSMENT", "tp-insertion-professionnelle", NULL);
  g_assert_cmpint (run_simulate ((const char *[]) { "--server", api->server.base_url, "--campaign", code,
                                                    "--learners", "3", "--seed", "7", "--concurrency", "2", NULL },
                                 &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Learners completed: 3 of 3 (seed 7)\n"));
  g_assert_nonnull (strstr (out, "\nErrors: 0\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Pupils of a roster in a university, which imports no SIECLE file:
   * every learner fails at reconciliation, and the exit status says so. */
  fd = g_file_open_tmp ("pb-roster-XXXXXX.zip", &roster_path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (roster_path, g_bytes_get_data (roster, NULL), g_bytes_get_size (roster), NULL));
  g_assert_cmpint (run_simulate ((const char *[]) { "--server", api->server.base_url, "--campaign", code,
                                                    "--learners", "2", "--roster", roster_path, NULL },
                                 &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "Learners completed: 0 of 2"));
  g_assert_nonnull (strstr (err, "2 of 2 learners failed; the first, learner 1, at POST /api/sco-organization-learners/association: 422 NOT_MANAGING_STUDENTS"));
  g_remove (roster_path);
  g_free (out);
  g_free (err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulate/names/lists", test_names_lists);
  g_test_add_func ("/simulate/names/deterministic", test_names_deterministic);
  g_test_add_func ("/simulate/model/probability", test_probability);
  g_test_add_func ("/simulate/model/deterministic", test_learner_deterministic);
  g_test_add_func ("/simulate/model/pupil", test_learner_pupil);
  g_test_add_func ("/simulate/model/logins", test_learner_logins);
  g_test_add_func ("/simulate/model/distribution", test_ability_model);
  g_test_add_func ("/simulate/model/leaving-and-sharing", test_leaving_and_sharing);
  g_test_add_func ("/simulate/answers/bank", test_answer_values);
  g_test_add_func ("/simulate/answers/by-type", test_answer_values_by_type);
  g_test_add_func ("/simulate/summary/format", test_summary_format);
  g_test_add_func ("/simulate/options", test_bad_options);
  g_test_add_func ("/simulate/no-server", test_no_server);

#define ADD(path, func) g_test_add (path, Api, NULL, api_set_up, func, api_tear_down)
  ADD ("/simulate/server/unknown-campaign", test_unknown_campaign);
  ADD ("/simulate/server/assessment", test_assessment_campaign);
  ADD ("/simulate/server/ability-gives-pix", test_ability_gives_pix);
  ADD ("/simulate/server/profiles-collection", test_profiles_collection);
  ADD ("/simulate/server/roster", test_roster);
  ADD ("/simulate/server/stop-and-unshared", test_stop_and_unshared);
  ADD ("/simulate/server/async", test_async);
  ADD ("/simulate/server/cancel", test_cancel);
  ADD ("/simulate/server/cli", test_cli);
#undef ADD

  return g_test_run ();
}
