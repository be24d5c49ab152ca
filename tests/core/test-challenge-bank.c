/* test-challenge-bank.c — loading challenges and correcting answers
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-challenge-bank.h"
#include "pb-framework.h"

/* One competence with two tubes: @web (levels 1–3) and @mail (level 1) */
static const char framework_json[] =
  "{\"version\": 1, \"areas\": [{\"code\": \"1\", \"title\": \"A\", \"color\": \"#112233\","
  " \"competences\": [{\"index\": \"1.1\", \"id\": \"c1\", \"name\": \"C\", \"tubes\": ["
  "  {\"id\": \"t1\", \"name\": \"@web\", \"title\": \"Web\", \"skills\": ["
  "    {\"id\": \"s1\", \"name\": \"@web1\", \"level\": 1, \"pix\": 4},"
  "    {\"id\": \"s2\", \"name\": \"@web2\", \"level\": 2, \"pix\": 8},"
  "    {\"id\": \"s3\", \"name\": \"@web3\", \"level\": 3, \"pix\": 8}]},"
  "  {\"id\": \"t2\", \"name\": \"@mail\", \"title\": \"Mail\", \"skills\": ["
  "    {\"id\": \"s4\", \"name\": \"@mail1\", \"level\": 1, \"pix\": 4}]}]}]}]}";

/* One challenge of each type, the QROC timed */
static const char bank_json[] =
  "{\"version\": 1, \"challenges\": ["
  " {\"id\": \"qcu-1\", \"skill\": \"@web1\", \"type\": \"QCU\", \"instruction\": \"Which?\","
  "  \"proposals\": [\"a\", \"b\", \"c\"], \"answer\": 2},"
  " {\"id\": \"qcm-1\", \"skill\": \"@web2\", \"type\": \"QCM\", \"instruction\": \"Which ones?\","
  "  \"proposals\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [1, 3]},"
  " {\"id\": \"qroc-1\", \"skill\": \"@web2\", \"type\": \"QROC\", \"instruction\": \"Where?\","
  "  \"answers\": [\"Île-de-France\", \"IDF\"], \"timer\": 60, \"tutorial\": \"ignored\"},"
  " {\"id\": \"qroc-2\", \"skill\": \"@web3\", \"type\": \"QROC\", \"instruction\": \"Word?\","
  "  \"answers\": [\"mot de passe\", \"Straße\"], \"timer\": null}"
  "]}";

static PbFramework *
framework_new (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (framework_json, strlen (framework_json));
  g_autoptr(GError) error = NULL;
  PbFramework *framework = pb_framework_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (framework);
  return framework;
}

static PbChallengeBank *
load (PbFramework  *framework,
      const char   *json,
      GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return pb_challenge_bank_new_from_bytes (framework, bytes, error);
}

static PbChallengeBank *
bank_new (PbFramework *framework)
{
  g_autoptr(GError) error = NULL;
  PbChallengeBank *bank = load (framework, bank_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bank);
  return bank;
}

static void
test_load (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  const PbChallenge *qcu, *qcm, *qroc;
  const char * const qcu_proposals[] = { "a", "b", "c", NULL };

  g_assert_true (pb_challenge_bank_get_framework (bank) == framework);
  g_assert_cmpuint (pb_challenge_bank_get_n_challenges (bank), ==, 4);

  qcu = pb_challenge_bank_get_challenge (bank, 0);
  g_assert_cmpstr (qcu->id, ==, "qcu-1");
  g_assert_cmpint (qcu->type, ==, PB_CHALLENGE_TYPE_QCU);
  g_assert_true (qcu->skill == pb_framework_lookup_skill (framework, "@web1"));
  g_assert_cmpstr (qcu->instruction, ==, "Which?");
  g_assert_cmpstrv (qcu->proposals, qcu_proposals);
  g_assert_cmpuint (qcu->timer, ==, 0);
  g_assert_nonnull (qcu->solution);

  qcm = pb_challenge_bank_lookup (bank, "qcm-1");
  g_assert_true (qcm == pb_challenge_bank_get_challenge (bank, 1));
  g_assert_cmpint (qcm->type, ==, PB_CHALLENGE_TYPE_QCM);
  g_assert_cmpuint (g_strv_length (qcm->proposals), ==, 4);

  qroc = pb_challenge_bank_lookup (bank, "qroc-1");
  g_assert_cmpint (qroc->type, ==, PB_CHALLENGE_TYPE_QROC);
  g_assert_null (qroc->proposals);
  g_assert_cmpuint (qroc->timer, ==, 60);
  /* null is "not timed" */
  g_assert_cmpuint (pb_challenge_bank_lookup (bank, "qroc-2")->timer, ==, 0);

  g_assert_null (pb_challenge_bank_lookup (bank, "nope"));
  g_assert_null (pb_challenge_bank_lookup (bank, NULL));
}

static void
test_skill_challenges (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  GPtrArray *challenges;

  /* File order */
  challenges = pb_challenge_bank_get_skill_challenges (bank, pb_framework_lookup_skill (framework, "@web2"));
  g_assert_cmpuint (challenges->len, ==, 2);
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (challenges, 0))->id, ==, "qcm-1");
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (challenges, 1))->id, ==, "qroc-1");

  /* Never NULL */
  challenges = pb_challenge_bank_get_skill_challenges (bank, pb_framework_lookup_skill (framework, "@mail1"));
  g_assert_nonnull (challenges);
  g_assert_cmpuint (challenges->len, ==, 0);
  challenges = pb_challenge_bank_get_skill_challenges (bank, NULL);
  g_assert_nonnull (challenges);
  g_assert_cmpuint (challenges->len, ==, 0);
}

static void
test_type_strings (void)
{
  PbChallengeType type = PB_CHALLENGE_TYPE_QCM;

  g_assert_cmpstr (pb_challenge_type_to_string (PB_CHALLENGE_TYPE_QCU), ==, "QCU");
  g_assert_cmpstr (pb_challenge_type_to_string (PB_CHALLENGE_TYPE_QCM), ==, "QCM");
  g_assert_cmpstr (pb_challenge_type_to_string (PB_CHALLENGE_TYPE_QROC), ==, "QROC");

  g_assert_true (pb_challenge_type_from_string ("QROC", &type));
  g_assert_cmpint (type, ==, PB_CHALLENGE_TYPE_QROC);
  g_assert_true (pb_challenge_type_from_string ("QCU", &type));
  g_assert_cmpint (type, ==, PB_CHALLENGE_TYPE_QCU);
  g_assert_false (pb_challenge_type_from_string ("qcu", &type));
  g_assert_false (pb_challenge_type_from_string ("QROCM-ind", &type));
  g_assert_false (pb_challenge_type_from_string (NULL, &type));
  g_assert_cmpint (type, ==, PB_CHALLENGE_TYPE_QCU);
}

/* The bundled bank loads against the bundled framework, whatever its size,
 * and its challenges are consistent with their type.
 */
static void
test_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbFramework) framework = pb_framework_new_default (&error);
  g_autoptr(PbChallengeBank) bank = NULL;

  g_assert_no_error (error);
  bank = pb_challenge_bank_new_default (framework, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bank);

  for (guint i = 0; i < pb_challenge_bank_get_n_challenges (bank); i++)
    {
      const PbChallenge *challenge = pb_challenge_bank_get_challenge (bank, i);

      g_assert_true (pb_framework_lookup_skill (framework, challenge->skill->name) == challenge->skill);
      g_assert_true (pb_challenge_bank_lookup (bank, challenge->id) == challenge);
      g_assert_true ((challenge->type == PB_CHALLENGE_TYPE_QROC) == (challenge->proposals == NULL));
    }
}

typedef struct
{
  const char *value;
  gboolean    right;
} AnswerVector;

static void
check_vectors (const PbChallenge  *challenge,
               const AnswerVector *vectors,
               guint               n_vectors)
{
  for (guint i = 0; i < n_vectors; i++)
    {
      gboolean right = pb_challenge_check_answer (challenge, vectors[i].value);

      if (right != vectors[i].right)
        g_test_fail_printf ("%s: “%s” should be %s", challenge->id,
                            vectors[i].value ? vectors[i].value : "(null)",
                            vectors[i].right ? "right" : "wrong");
    }
}

static void
test_check_qcu (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  const AnswerVector vectors[] = {
    { "2", TRUE },
    { " 2 ", TRUE },
    { "\t2\n", TRUE },
    { "02", TRUE },
    { "1", FALSE },
    { "3", FALSE },
    { "4", FALSE },
    { "0", FALSE },
    { "", FALSE },
    { " ", FALSE },
    { NULL, FALSE },
    { "2.0", FALSE },
    { "+2", FALSE },
    { "-2", FALSE },
    { "2,2", FALSE },
    { "2 2", FALSE },
    { "b", FALSE },
    { "4294967298", FALSE },  /* 2 + 2³²: no wrap-around */
    { "99999999999999999999999", FALSE },
    { "\xff", FALSE },
  };

  check_vectors (pb_challenge_bank_lookup (bank, "qcu-1"), vectors, G_N_ELEMENTS (vectors));
}

static void
test_check_qcm (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  const AnswerVector vectors[] = {
    { "1,3", TRUE },
    { "3,1", TRUE },
    { " 3 , 1 ", TRUE },
    { "1, 3", TRUE },
    { "1,3,3", FALSE },     /* a repeat is malformed, even of a right one */
    { "1,1,3", FALSE },
    { "1,1", FALSE },
    { "1", FALSE },
    { "3", FALSE },
    { "1,2", FALSE },
    { "1,2,3", FALSE },
    { "1,2,3,4", FALSE },
    { "1,,3", FALSE },
    { "1,3,", FALSE },
    { ",1,3", FALSE },
    { "1;3", FALSE },
    { "1 3", FALSE },
    { "1,5", FALSE },
    { "1,0,3", FALSE },
    { "", FALSE },
    { NULL, FALSE },
    { "a,c", FALSE },
  };

  check_vectors (pb_challenge_bank_lookup (bank, "qcm-1"), vectors, G_N_ELEMENTS (vectors));
}

static void
test_check_qroc (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  const AnswerVector place[] = {
    { "Île-de-France", TRUE },
    { "ile-de-france", TRUE },
    { "  ÎLE-DE-FRANCE  ", TRUE },
    { "I\xcc\x82le-de-France", TRUE },   /* I + combining circumflex (NFD) */
    { "idf", TRUE },
    { "IdF\n", TRUE },
    { "ile de france", FALSE },           /* hyphens are not blanks */
    { "iledefrance", FALSE },
    { "i d f", FALSE },
    { "Ile-de-France, IDF", FALSE },
    { "", FALSE },
    { "   ", FALSE },
    { NULL, FALSE },
    { "\xff\xfe", FALSE },
    { "idf\xff", FALSE },
  };
  const AnswerVector word[] = {
    { "mot de passe", TRUE },
    { "Mot\xc2\xa0" "de \t passe", TRUE },   /* no-break space, tab */
    { "MOT DE PASSE ", TRUE },
    { "motdepasse", FALSE },
    { "STRASSE", TRUE },                      /* ß folds to ss */
    { "straße", TRUE },
    { "strase", FALSE },
  };

  check_vectors (pb_challenge_bank_lookup (bank, "qroc-1"), place, G_N_ELEMENTS (place));
  check_vectors (pb_challenge_bank_lookup (bank, "qroc-2"), word, G_N_ELEMENTS (word));
}

static void
test_normalize (void)
{
  const struct {
    const char *text;
    const char *normalized;
  } vectors[] = {
    { "Élève", "eleve" },
    { "E\xcc\x81l\xc3\xa8ve", "eleve" },
    { "  a \t\n b  ", "a b" },
    { "\xc2\xa0" "Ça\xe2\x80\xaf" "va\xc2\xa0", "ca va" },  /* no-break and narrow no-break spaces */
    { "ŒUVRE", "œuvre" },        /* a ligature is a letter, not an accent */
    { "Straße", "strasse" },
    { "", "" },
    { "\xcc\x81", "" },          /* a lone combining accent */
    { "l'été", "l'ete" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *normalized = pb_challenge_normalize_text (vectors[i].text);

      g_assert_cmpstr (normalized, ==, vectors[i].normalized);
    }

  g_assert_null (pb_challenge_normalize_text (NULL));
  g_assert_null (pb_challenge_normalize_text ("\xc3"));
}

/* A bank of one challenge with @members (the members after "id") */
static void
assert_invalid (const char *members,
                const char *expected_fragment)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  json = g_strdup_printf ("{\"version\": 1, \"challenges\": ["
                          "{\"id\": \"ok\", \"skill\": \"@web1\", \"type\": \"QCU\", \"instruction\": \"I\","
                          " \"proposals\": [\"a\", \"b\"], \"answer\": 1},"
                          "{\"id\": \"bad\", %s}]}", members);
  bank = load (framework, json, &error);
  g_assert_null (bank);
  g_assert_error (error, PB_CHALLENGE_BANK_ERROR, PB_CHALLENGE_BANK_ERROR_INVALID);
  if (error != NULL && strstr (error->message, expected_fragment) == NULL)
    g_test_fail_printf ("“%s” not found in “%s”", expected_fragment, error->message);
  if (error != NULL && strstr (error->message, "challenge “bad”") == NULL)
    g_test_fail_printf ("“%s” does not name the challenge", error->message);
}

/* A challenge on @web1 of @type with "instruction": "I" and @extra members */
#define ON_WEB1(type, extra) "\"skill\": \"@web1\", \"type\": \"" type "\", \"instruction\": \"I\", " extra

static void
test_invalid_references (void)
{
  assert_invalid ("\"skill\": \"@web9\", \"type\": \"QCU\", \"instruction\": \"I\","
                  " \"proposals\": [\"a\", \"b\"], \"answer\": 1", "unknown skill “@web9”");
  assert_invalid ("\"skill\": \"web1\", \"type\": \"QCU\", \"instruction\": \"I\","
                  " \"proposals\": [\"a\", \"b\"], \"answer\": 1", "unknown skill “web1”");
  assert_invalid (ON_WEB1 ("QROCM-dep", "\"answers\": [\"a\"]"), "unknown type “QROCM-dep”");
  assert_invalid (ON_WEB1 ("qcu", "\"proposals\": [\"a\", \"b\"], \"answer\": 1"), "unknown type “qcu”");
  assert_invalid ("\"skill\": 3, \"type\": \"QCU\", \"instruction\": \"I\"",
                  "“skill” must be a non-empty string");
  assert_invalid ("\"skill\": \"@web1\", \"instruction\": \"I\"", "“type” must be a non-empty string");
}

static void
test_invalid_duplicate (void)
{
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PbChallengeBank) bank = NULL;

  bank = load (framework,
               "{\"version\": 1, \"challenges\": ["
               "{\"id\": \"twice\", \"skill\": \"@web1\", \"type\": \"QROC\", \"instruction\": \"I\","
               " \"answers\": [\"a\"]},"
               "{\"id\": \"twice\", \"skill\": \"@web2\", \"type\": \"QROC\", \"instruction\": \"J\","
               " \"answers\": [\"b\"]}]}",
               &error);
  g_assert_null (bank);
  g_assert_error (error, PB_CHALLENGE_BANK_ERROR, PB_CHALLENGE_BANK_ERROR_INVALID);
  if (error != NULL && strstr (error->message, "challenge “twice”: the id is used twice") == NULL)
    g_test_fail_printf ("unexpected message “%s”", error->message);
}

static void
test_invalid_instruction (void)
{
  assert_invalid ("\"skill\": \"@web1\", \"type\": \"QROC\", \"instruction\": \"\", \"answers\": [\"a\"]",
                  "“instruction” must be a non-empty string");
  assert_invalid ("\"skill\": \"@web1\", \"type\": \"QROC\", \"instruction\": \" \\n \", \"answers\": [\"a\"]",
                  "“instruction” must be a non-empty string");
  assert_invalid ("\"skill\": \"@web1\", \"type\": \"QROC\", \"answers\": [\"a\"]",
                  "“instruction” must be a non-empty string");
}

static void
test_invalid_qcu (void)
{
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": 3"),
                  "“answer” must be a proposal number from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": 0"), "from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": 1.5"), "from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": \"1\""), "from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": [1]"), "from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"]"), "from 1 to 2");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\"], \"answer\": 1"),
                  "a QCU needs at least 2 proposals");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [], \"answer\": 1"),
                  "“proposals” must be a non-empty array of strings");
  assert_invalid (ON_WEB1 ("QCU", "\"answer\": 1"), "“proposals” must be a non-empty array of strings");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \" \"], \"answer\": 1"),
                  "item 2 is not one");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", 2], \"answer\": 1"), "item 2 is not one");
  assert_invalid (ON_WEB1 ("QCU", "\"proposals\": [\"a\", \"b\"], \"answer\": 1, \"answers\": [\"a\"]"),
                  "not “answers”");
}

static void
test_invalid_qcm (void)
{
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": [2]"),
                  "a QCM needs at least 2 right proposals");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": []"),
                  "a QCM needs at least 2 right proposals");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": [1, 2, 3]"),
                  "a QCM cannot have all its 3 proposals right");
  /* Two proposals leave no room for a QCM: 2 right ones are all of them */
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\"], \"answer\": [1, 2]"),
                  "cannot have all its 2 proposals right");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\"], \"answer\": [1, 2]"),
                  "a QCM needs at least 2 proposals");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": [1, 4]"),
                  "proposal numbers from 1 to 3 (item 2 is not one)");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": [0, 2]"),
                  "(item 1 is not one)");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [3, 1]"),
                  "must be increasing, without repeats");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [2, 2]"),
                  "must be increasing, without repeats");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\"], \"answer\": 1"),
                  "“answer” must be an array of proposal numbers");
  assert_invalid (ON_WEB1 ("QCM", "\"proposals\": [\"a\", \"b\", \"c\", \"d\"], \"answer\": [1, \"2\"]"),
                  "(item 2 is not one)");
}

static void
test_invalid_qroc (void)
{
  assert_invalid (ON_WEB1 ("QROC", "\"timer\": 30"), "“answers” must be a non-empty array of strings");
  assert_invalid (ON_WEB1 ("QROC", "\"answers\": []"), "“answers” must be a non-empty array of strings");
  assert_invalid (ON_WEB1 ("QROC", "\"answers\": \"a\""), "“answers” must be a non-empty array of strings");
  assert_invalid (ON_WEB1 ("QROC", "\"answers\": [\"a\", \"\"]"), "(item 2 is not one)");
  assert_invalid (ON_WEB1 ("QROC", "\"answers\": [\"\\u0301\"]"), "is empty once normalized");
  assert_invalid (ON_WEB1 ("QROC", "\"answers\": [\"a\"], \"proposals\": [\"a\", \"b\"]"),
                  "a QROC has no “proposals”");
  assert_invalid (ON_WEB1 ("QROC", "\"answer\": \"a\""), "in “answers”, not “answer”");
}

static void
test_invalid_timer (void)
{
  const char *timers[] = { "0", "-5", "1.5", "\"30\"", "3601", "true", "[30]" };

  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    {
      g_autofree char *members = g_strdup_printf (ON_WEB1 ("QROC", "\"answers\": [\"a\"], \"timer\": %s"),
                                                  timers[i]);

      assert_invalid (members, "“timer” must be a whole number of seconds from 1 to 3600");
    }
}

/* Errors before the id is known name the challenge by its position */
static void
test_invalid_position (void)
{
  const char *documents[] = {
    "{\"version\": 1, \"challenges\": [42]}",
    "{\"version\": 1, \"challenges\": [{\"skill\": \"@web1\"}]}",
    "{\"version\": 1, \"challenges\": [{\"id\": \"  \"}]}",
  };
  const char *fragments[] = {
    "challenges[0]: an object is expected",
    "challenges[0]: “id” must be a non-empty string",
    "challenges[0]: “id” must be a non-empty string",
  };
  g_autoptr(PbFramework) framework = framework_new ();

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PbChallengeBank) bank = load (framework, documents[i], &error);

      g_assert_null (bank);
      g_assert_error (error, PB_CHALLENGE_BANK_ERROR, PB_CHALLENGE_BANK_ERROR_INVALID);
      if (error != NULL && strstr (error->message, fragments[i]) == NULL)
        g_test_fail_printf ("“%s” not found in “%s”", fragments[i], error->message);
    }
}

static void
test_invalid_document (void)
{
  const char *documents[] = {
    "{\"version\": 2, \"challenges\": []}",
    "{\"challenges\": []}",
    "{\"version\": 1}",
    "{\"version\": 1, \"challenges\": {}}",
    "[1, 2]",
  };
  g_autoptr(PbFramework) framework = framework_new ();
  g_autoptr(PbChallengeBank) empty = NULL;
  g_autoptr(GError) error = NULL;
  PbChallengeBank *bank;

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      bank = load (framework, documents[i], &error);
      g_assert_null (bank);
      g_assert_error (error, PB_CHALLENGE_BANK_ERROR, PB_CHALLENGE_BANK_ERROR_INVALID);
      g_clear_error (&error);
    }

  bank = load (framework, "{\"version\": 1, \"challenges\": [", &error);
  g_assert_null (bank);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);

  /* An empty bank is valid: the content arrives after the framework */
  empty = load (framework, "{\"version\": 1, \"challenges\": []}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_challenge_bank_get_n_challenges (empty), ==, 0);
}

/* The bank keeps its framework alive: the skills it points to stay valid */
static void
test_keeps_framework (void)
{
  PbFramework *framework = framework_new ();
  g_autoptr(PbChallengeBank) bank = bank_new (framework);
  GWeakRef weak;

  g_weak_ref_init (&weak, framework);
  g_object_unref (framework);
  g_assert_cmpstr (pb_challenge_bank_get_challenge (bank, 0)->skill->name, ==, "@web1");

  g_clear_object (&bank);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/challenge-bank/load", test_load);
  g_test_add_func ("/challenge-bank/skill-challenges", test_skill_challenges);
  g_test_add_func ("/challenge-bank/type-strings", test_type_strings);
  g_test_add_func ("/challenge-bank/default", test_default);
  g_test_add_func ("/challenge-bank/keeps-framework", test_keeps_framework);
  g_test_add_func ("/challenge-bank/check/qcu", test_check_qcu);
  g_test_add_func ("/challenge-bank/check/qcm", test_check_qcm);
  g_test_add_func ("/challenge-bank/check/qroc", test_check_qroc);
  g_test_add_func ("/challenge-bank/normalize", test_normalize);
  g_test_add_func ("/challenge-bank/invalid/references", test_invalid_references);
  g_test_add_func ("/challenge-bank/invalid/duplicate", test_invalid_duplicate);
  g_test_add_func ("/challenge-bank/invalid/instruction", test_invalid_instruction);
  g_test_add_func ("/challenge-bank/invalid/qcu", test_invalid_qcu);
  g_test_add_func ("/challenge-bank/invalid/qcm", test_invalid_qcm);
  g_test_add_func ("/challenge-bank/invalid/qroc", test_invalid_qroc);
  g_test_add_func ("/challenge-bank/invalid/timer", test_invalid_timer);
  g_test_add_func ("/challenge-bank/invalid/position", test_invalid_position);
  g_test_add_func ("/challenge-bank/invalid/document", test_invalid_document);

  return g_test_run ();
}
