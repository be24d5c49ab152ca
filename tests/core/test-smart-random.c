/* test-smart-random.c — the adaptive test, step by step
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "pb-challenge-bank.h"
#include "pb-framework.h"
#include "pb-test-framework.h"
#include "pb-knowledge-element.h"
#include "pb-smart-random.h"

/* 2026-01-01T00:00:00Z */
#define NOW ((gint64)1767225600 * G_USEC_PER_SEC)

#define ASSERT_LEVEL(value, expected) g_assert_cmpfloat_with_epsilon ((value), (expected), 1e-12)

/* A bank of QCU challenges given by @spec, blank-separated: "id=@skill", or
 * "id=@skill:t" for a timed one (30 s). Each one's right answer is "1".
 */
static PbChallengeBank *
bank_new (PbFramework *framework,
          const char  *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);
  g_autoptr(GString) json = g_string_new ("{\"version\": 1, \"challenges\": [");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PbChallengeBank *bank;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit_set (items[i], "=:", -1);

      g_string_append_printf (json, "%s{\"id\": \"%s\", \"skill\": \"%s\", \"type\": \"QCU\","
                              " \"instruction\": \"?\", \"proposals\": [\"yes\", \"no\"], \"answer\": 1%s}",
                              i > 0 ? "," : "", parts[0], parts[1],
                              parts[2] != NULL ? ", \"timer\": 30" : "");
    }
  g_string_append (json, "]}");

  bytes = g_bytes_new (json->str, json->len);
  bank = pb_challenge_bank_new_from_bytes (framework, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bank);
  return bank;
}

/* A learner in an assessment that targets every skill of the framework (or
 * those of set_targeted()), in framework order.
 */
typedef struct
{
  PbFramework        *framework;
  PbChallengeBank    *bank;
  GPtrArray          *targeted;
  GArray             *knowledge_elements;
  GHashTable         *answered;
  PbSmartRandomInput  input;
} Fixture;

static void
fixture_init (Fixture    *f,
              const char *framework_spec,
              const char *bank_spec)
{
  f->framework = test_framework_new (framework_spec);
  f->bank = bank_new (f->framework, bank_spec);
  f->targeted = g_ptr_array_new ();
  f->knowledge_elements = pb_knowledge_elements_new ();
  f->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint c = 0; c < pb_framework_get_n_competences (f->framework); c++)
    {
      const PbCompetence *competence = pb_framework_get_competence (f->framework, c);

      for (guint t = 0; t < competence->tubes->len; t++)
        {
          const PbTube *tube = g_ptr_array_index (competence->tubes, t);

          g_ptr_array_extend (f->targeted, tube->skills, NULL, NULL);
        }
    }

  f->input = (PbSmartRandomInput) {
    .targeted_skills = f->targeted,
    .knowledge_elements = f->knowledge_elements,
    .answered_challenges = f->answered,
    .last_challenge = NULL,
    .seed = 42,
  };
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->answered, g_hash_table_unref);
  g_clear_pointer (&f->knowledge_elements, g_array_unref);
  g_clear_pointer (&f->targeted, g_ptr_array_unref);
  g_clear_object (&f->bank);
  g_clear_object (&f->framework);
}

/* Targets only the blank-separated skill names of @names, in that order */
static void
set_targeted (Fixture    *f,
              const char *names)
{
  g_auto(GStrv) list = g_strsplit (names, " ", -1);

  g_ptr_array_set_size (f->targeted, 0);
  for (guint i = 0; list[i] != NULL; i++)
    g_ptr_array_add (f->targeted, (gpointer)test_skill (f->framework, list[i]));
}

/* Records a knowledge element from earlier, as is */
static void
add_ke (Fixture    *f,
        const char *name,
        PbKeStatus  status,
        PbKeSource  source)
{
  const PbSkill *s = test_skill (f->framework, name);
  PbKnowledgeElement ke = {
    .skill = s,
    .status = status,
    .source = source,
    .earned_pix = status == PB_KE_STATUS_VALIDATED ? s->pix_value : 0,
    .created_at = NOW - G_TIME_SPAN_DAY,
  };

  g_array_append_val (f->knowledge_elements, ke);
}

/* Marks a challenge answered without learning anything from it */
static const PbChallenge *
mark_answered (Fixture    *f,
               const char *id)
{
  const PbChallenge *challenge = pb_challenge_bank_lookup (f->bank, id);

  g_assert_nonnull (challenge);
  g_hash_table_add (f->answered, g_strdup (id));
  f->input.last_challenge = challenge;
  return challenge;
}

/* Answers a challenge the way the server does: record it, then add the
 * knowledge elements the answer creates.
 */
static void
answer (Fixture           *f,
        const PbChallenge *challenge,
        gboolean           correct)
{
  g_autoptr(GHashTable) targeted = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) created = NULL;

  for (guint i = 0; i < f->targeted->len; i++)
    g_hash_table_add (targeted, g_ptr_array_index (f->targeted, i));

  mark_answered (f, challenge->id);
  created = pb_knowledge_elements_for_answer (challenge->skill, correct, targeted,
                                              f->knowledge_elements, NOW);
  g_array_append_vals (f->knowledge_elements, created->data, created->len);
}

/* "@a1 @b2": the names of @skills, to compare in one go; frees @skills */
static char *
names (GPtrArray *skills)
{
  g_autoptr(GPtrArray) owned = skills;
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < owned->len; i++)
    {
      const PbSkill *s = g_ptr_array_index (owned, i);

      g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", s->name);
    }

  return g_strdup (joined->str);
}

static void
assert_skills (GPtrArray  *skills,
               const char *expected)
{
  g_autofree char *actual = names (skills);

  g_assert_cmpstr (actual, ==, expected);
}

static GPtrArray *
skill_list (Fixture    *f,
            const char *list)
{
  g_auto(GStrv) items = g_strsplit (list, " ", -1);
  GPtrArray *skills = g_ptr_array_new ();

  for (guint i = 0; items[i] != NULL; i++)
    g_ptr_array_add (skills, (gpointer)test_skill (f->framework, items[i]));

  return skills;
}

/* --- Probability and level estimate --- */

static void
test_probability (void)
{
  ASSERT_LEVEL (pb_smart_random_probability (2, 2), 0.5);
  /* 1 / (1 + e^−1) */
  ASSERT_LEVEL (pb_smart_random_probability (3, 2), 0.7310585786300049);
  ASSERT_LEVEL (pb_smart_random_probability (2, 4), 0.11920292202211755);
  ASSERT_LEVEL (pb_smart_random_probability (2, 4) + pb_smart_random_probability (4, 2), 1.0);
  g_assert_cmpfloat (pb_smart_random_probability (0, 7), <, 0.001);
}

/* The virtual answers alone balance at 3.5: there the easy one's surprise
 * (1 − P(3.5, 0)) equals the hard one's (P(3.5, 7)), by symmetry.
 */
static void
test_estimate_no_answer (void)
{
  g_autoptr(GArray) none = pb_knowledge_elements_new ();

  ASSERT_LEVEL (pb_smart_random_estimate_level (NULL), 3.5);
  ASSERT_LEVEL (pb_smart_random_estimate_level (none), 3.5);
}

/* One success at level 2. The sum at a level L is
 *   (1 − P(L, 0)) − P(L, 7) + (1 − P(L, 2)):
 * at 4.5 it is 0.01099 − 0.07586 + 0.07586… = +0.0110, at 5 it is
 * 0.00669 − 0.11920 + 0.04743 = −0.0651, at 4 it is +0.0898: 4.5 wins.
 * One failure at 2 (sum −P(L, 2) instead): −0.0025 at 1, +0.1936 at 0.5:
 * 1 wins.
 */
static void
test_estimate_one_answer (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567", "w1=@web1");

  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 4.5);

  g_array_set_size (f.knowledge_elements, 0);
  add_ke (&f, "@web2", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 1.0);

  /* The ends: one success at 5 gives 6; one failure at 1 the lowest, 0.5 */
  g_array_set_size (f.knowledge_elements, 0);
  add_ke (&f, "@web5", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 6.0);

  g_array_set_size (f.knowledge_elements, 0);
  add_ke (&f, "@web1", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 0.5);

  fixture_clear (&f);
}

/* Successes at 1, 2 and 3 and a failure at 4: the sums are +0.2583 at 3.5
 * and −0.0939 at 4, so 4. Success at 2, failure and success at 3: −0.0625
 * at 3.5, +0.2984 at 3, so 3.5.
 */
static void
test_estimate_mixed (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567 url:3", "w1=@web1");

  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web3", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web4", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 4.0);

  g_array_set_size (f.knowledge_elements, 0);
  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web3", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@url3", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 3.5);

  fixture_clear (&f);
}

/* Inferred elements were not answered, reset ones say nothing: neither
 * moves the estimate.
 */
static void
test_estimate_direct_only (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567", "w1=@web1");

  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED);
  add_ke (&f, "@web6", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED);
  add_ke (&f, "@web7", PB_KE_STATUS_RESET, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 4.5);

  g_array_set_size (f.knowledge_elements, 0);
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED);
  ASSERT_LEVEL (pb_smart_random_estimate_level (f.knowledge_elements), 3.5);

  fixture_clear (&f);
}

/* --- First challenge --- */

static void
test_first_is_first (void)
{
  Fixture f;

  fixture_init (&f, "web:12", "w1=@web1 w2=@web2");
  g_assert_true (pb_smart_random_is_first_challenge (&f.input));

  /* Knowledge from earlier assessments does not make it a next one */
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  g_assert_true (pb_smart_random_is_first_challenge (&f.input));
  f.input.answered_challenges = NULL;
  g_assert_true (pb_smart_random_is_first_challenge (&f.input));

  f.input.answered_challenges = f.answered;
  mark_answered (&f, "w1");
  g_assert_false (pb_smart_random_is_first_challenge (&f.input));
  f.input.last_challenge = NULL;
  g_assert_false (pb_smart_random_is_first_challenge (&f.input));

  fixture_clear (&f);
}

/* The easy tube (hardest skill at level 3) goes first, at level 2 */
static void
test_first_easy_tube (void)
{
  Fixture f;
  const PbChallenge *challenge;
  double level = 0;

  fixture_init (&f, "web:1234567 mid:1234 ez:123",
                "w1=@web1 w2=@web2 w3=@web3 w4=@web4 w5=@web5 w6=@web6 w7=@web7 "
                "m1=@mid1 m2=@mid2 m3=@mid3 m4=@mid4 e1=@ez1 e2=@ez2 e3=@ez3");

  g_assert_false (pb_smart_random_is_easy_tube (f.bank, &f.input, test_skill (f.framework, "@web1")->tube));
  g_assert_false (pb_smart_random_is_easy_tube (f.bank, &f.input, test_skill (f.framework, "@mid1")->tube));
  g_assert_true (pb_smart_random_is_easy_tube (f.bank, &f.input, test_skill (f.framework, "@ez1")->tube));
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez2");

  challenge = pb_smart_random_next_challenge (f.bank, &f.input, &level);
  g_assert_nonnull (challenge);
  g_assert_cmpstr (challenge->id, ==, "e2");
  ASSERT_LEVEL (level, 2.0);

  /* Without the easy tube in the target, the level-2 skills of the others */
  set_targeted (&f, "@web1 @web2 @web3 @web4 @web5 @web6 @web7 @mid1 @mid2 @mid3 @mid4");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@web2 @mid2");

  fixture_clear (&f);
}

/* Without a level-2 skill, the lowest level present */
static void
test_first_lowest_level (void)
{
  Fixture f;

  fixture_init (&f, "hard:3456 mid:45",
                "h3=@hard3 h4=@hard4 h5=@hard5 h6=@hard6 m4=@mid4 m5=@mid5");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@hard3");
  fixture_clear (&f);

  /* The easy tube first, even without level 2: its level 1 */
  fixture_init (&f, "web:1234567 ez:13", "w2=@web2 w3=@web3 w7=@web7 e1=@ez1 e3=@ez3");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez1");
  fixture_clear (&f);

  /* Several skills at the wanted level all stay, in target order */
  fixture_init (&f, "a:123 b:23 c:12", "a1=@a1 a2=@a2 a3=@a3 b2=@b2 b3=@b3 c1=@c1 c2=@c2");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@a2 @b2 @c2");
  set_targeted (&f, "@c2 @b2 @a1 @b2");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@c2 @b2");
  fixture_clear (&f);
}

/* Timed skills are dropped before the level is chosen, unless nothing else
 * remains
 */
static void
test_first_timed_dropped (void)
{
  Fixture f;
  const PbChallenge *challenge;

  fixture_init (&f, "ez:123", "e1=@ez1 e2t=@ez2:t e3=@ez3");
  g_assert_true (pb_smart_random_is_skill_timed (f.bank, &f.input, test_skill (f.framework, "@ez2")));
  g_assert_false (pb_smart_random_is_skill_timed (f.bank, &f.input, test_skill (f.framework, "@ez1")));
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez1");
  fixture_clear (&f);

  fixture_init (&f, "ez:123", "e1t=@ez1:t e2t=@ez2:t e3t=@ez3:t");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez2");
  challenge = pb_smart_random_next_challenge (f.bank, &f.input, NULL);
  g_assert_cmpstr (challenge->id, ==, "e2t");
  fixture_clear (&f);

  /* A skill with one untimed challenge is not timed; the first challenge
   * is its untimed one, whatever the seed
   */
  fixture_init (&f, "ez:123", "e1=@ez1 e2a=@ez2:t e2b=@ez2 e2c=@ez2:t e3=@ez3");
  g_assert_false (pb_smart_random_is_skill_timed (f.bank, &f.input, test_skill (f.framework, "@ez2")));
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez2");
  for (guint32 seed = 0; seed < 32; seed++)
    {
      f.input.seed = seed;
      g_assert_cmpstr (pb_smart_random_next_challenge (f.bank, &f.input, NULL)->id, ==, "e2b");
    }
  fixture_clear (&f);
}

/* Only playable, untested skills; a tube is what the assessment can test */
static void
test_first_untested_playable (void)
{
  Fixture f;

  /* @ez2 known from an earlier campaign */
  fixture_init (&f, "ez:123", "e1=@ez1 e2=@ez2 e3=@ez3");
  add_ke (&f, "@ez2", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez1");
  fixture_clear (&f);

  /* @ez2 without any challenge */
  fixture_init (&f, "ez:123", "e1=@ez1 e3=@ez3");
  g_assert_false (pb_smart_random_is_skill_playable (f.bank, &f.input, test_skill (f.framework, "@ez2")));
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@ez1");
  fixture_clear (&f);

  /* @hard4 and @hard5 have no challenge: as the test sees it, @hard is
   * easy (up to level 3) and goes first
   */
  fixture_init (&f, "web:12345 hard:12345",
                "w1=@web1 w2=@web2 w3=@web3 w4=@web4 w5=@web5 h1=@hard1 h2=@hard2 h3=@hard3");
  assert_skills (pb_smart_random_tube_skills (f.bank, &f.input, test_skill (f.framework, "@hard1")->tube),
                 "@hard1 @hard2 @hard3");
  g_assert_true (pb_smart_random_is_easy_tube (f.bank, &f.input, test_skill (f.framework, "@hard1")->tube));
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@hard2");

  /* Untargeted skills do not count either */
  set_targeted (&f, "@web1 @web2 @web3 @hard1 @hard2 @hard3");
  assert_skills (pb_smart_random_tube_skills (f.bank, &f.input, test_skill (f.framework, "@web1")->tube),
                 "@web1 @web2 @web3");
  assert_skills (pb_smart_random_first_skills (f.bank, &f.input), "@web2 @hard2");
  fixture_clear (&f);

  /* Nothing targeted: nothing to ask */
  fixture_init (&f, "ez:123", "e1=@ez1");
  set_targeted (&f, "@ez2 @ez3");
  g_assert_null (pb_smart_random_next_challenge (f.bank, &f.input, NULL));
  fixture_clear (&f);
}

/* --- Filters --- */

#define WEB_1_7 "w1=@web1 w2=@web2 w3=@web3 w4=@web4 w5=@web5 w6=@web6 w7=@web7"

/* A skill more than 2 levels above the estimate is dropped */
static void
test_filter_too_hard (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567", WEB_1_7);
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 2.0), "@web1 @web2 @web3 @web4");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 2.5), "@web1 @web2 @web3 @web4");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 3.0),
                 "@web1 @web2 @web3 @web4 @web5");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 0.5), "@web1 @web2");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 7.5),
                 "@web1 @web2 @web3 @web4 @web5 @web6 @web7");
  fixture_clear (&f);
}

static void
test_filter_tested_answered (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567", WEB_1_7 " w4b=@web4");
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED);
  /* Reset means untested */
  add_ke (&f, "@web6", PB_KE_STATUS_RESET, PB_KE_SOURCE_DIRECT);
  /* @web3's only challenge is answered; @web4 has another */
  mark_answered (&f, "w3");
  mark_answered (&f, "w4");
  g_assert_false (pb_smart_random_is_skill_playable (f.bank, &f.input, test_skill (f.framework, "@web3")));
  g_assert_true (pb_smart_random_is_skill_playable (f.bank, &f.input, test_skill (f.framework, "@web4")));
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 4.0), "@web4 @web5 @web6");
  fixture_clear (&f);
}

static void
test_filter_easy_tubes (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567 ez:123", WEB_1_7 " e1=@ez1 e2=@ez2 e3=@ez3");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 2.0), "@ez1 @ez2 @ez3");

  /* Once the easy tube is settled, the others */
  add_ke (&f, "@ez1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED);
  add_ke (&f, "@ez2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@ez3", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 2.0), "@web1 @web2 @web3 @web4");
  fixture_clear (&f);
}

/* After a timed challenge, timed skills are dropped unless nothing else
 * remains
 */
static void
test_filter_timed_after_timed (void)
{
  Fixture f;

  fixture_init (&f, "web:12345", "x1t=@web1:t x1=@web1 w2t=@web2:t w3=@web3 w3t=@web3:t w4t=@web4:t w5=@web5");
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);

  mark_answered (&f, "x1t");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 3.0), "@web3 @web5");

  /* After an untimed one, all */
  f.input.last_challenge = pb_challenge_bank_lookup (f.bank, "x1");
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 3.0), "@web2 @web3 @web4 @web5");

  /* Only timed skills left: kept rather than ending the test */
  f.input.last_challenge = pb_challenge_bank_lookup (f.bank, "x1t");
  add_ke (&f, "@web3", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web5", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 3.0), "@web2 @web4");

  /* The too-hard filter comes after: a timed skill kept is still dropped
   * if too hard
   */
  assert_skills (pb_smart_random_filter_skills (f.bank, &f.input, 1.5), "@web2");
  fixture_clear (&f);
}

/* --- Reward --- */

static void
test_reward (void)
{
  Fixture f;

  fixture_init (&f, "web:1234567", WEB_1_7);

  /* At level 2, nothing tested, 7 skills in the tube:
   *   @web1: P = 1/(1+e^−1) = 0.7311; 0.7311 × 1 + 0.2689 × 7 = 2.6136
   *   @web2: P = ½;                   ½ × 2 + ½ × 6          = 4
   *   @web3: P = 0.2689;               0.2689 × 3 + 0.7311 × 5 = 4.4621
   *   @web4: P = 0.1192;               0.1192 × 4 + 0.8808 × 4 = 4
   */
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web1"), 2.0), 2.6136485282199704);
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web2"), 2.0), 4.0);
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web3"), 2.0), 4.46211715726001);
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web4"), 2.0), 4.0);

  /* Tested skills no longer count: with @web1, @web6 and @web7 settled, at
   * level 3 @web3 has ½ × 2 (@web2, @web3) + ½ × 3 (@web3 to @web5)
   */
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web6", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED);
  add_ke (&f, "@web7", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web3"), 3.0), 2.5);

  /* Untargeted skills neither: without @web2, ½ × 1 + ½ × 3 */
  set_targeted (&f, "@web1 @web3 @web4 @web5 @web6 @web7");
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web3"), 3.0), 2.0);

  fixture_clear (&f);

  /* Nor skills without a challenge: @web7 has none, so at level 4 @web4
   * has ½ × 4 + ½ × 3 (not 4)
   */
  fixture_init (&f, "web:1234567", "w1=@web1 w2=@web2 w3=@web3 w4=@web4 w5=@web5 w6=@web6");
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@web4"), 4.0), 3.5);
  fixture_clear (&f);
}

static void
test_max_reward (void)
{
  Fixture f;
  g_autoptr(GPtrArray) candidates = NULL;

  /* From the rewards above, @web3 wins at level 2 */
  fixture_init (&f, "web:1234567", WEB_1_7);
  candidates = pb_smart_random_filter_skills (f.bank, &f.input, 2.0);
  assert_skills (pb_smart_random_max_reward_skills (f.bank, &f.input, candidates, 2.0), "@web3");
  g_clear_pointer (&candidates, g_ptr_array_unref);
  fixture_clear (&f);

  /* Equal rewards are all kept, in their order: two identical tubes, at
   * level 2 their level-2 skills score ½ × 2 + ½ × 2 = 2, the others
   * 0.7311 × 1 + 0.2689 × 3 = 1.5379
   */
  fixture_init (&f, "a:123 b:123", "a1=@a1 a2=@a2 a3=@a3 b1=@b1 b2=@b2 b3=@b3");
  candidates = pb_smart_random_filter_skills (f.bank, &f.input, 2.0);
  assert_skills (pb_smart_random_max_reward_skills (f.bank, &f.input, candidates, 2.0), "@a2 @b2");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* A skill that would teach nothing (reward 0) is dropped, even alone */
  add_ke (&f, "@a1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@a2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@a3", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  candidates = skill_list (&f, "@a2");
  ASSERT_LEVEL (pb_smart_random_reward (f.bank, &f.input, test_skill (f.framework, "@a2"), 2.0), 0.0);
  assert_skills (pb_smart_random_max_reward_skills (f.bank, &f.input, candidates, 2.0), "");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  candidates = g_ptr_array_new ();
  assert_skills (pb_smart_random_max_reward_skills (f.bank, &f.input, candidates, 2.0), "");
  fixture_clear (&f);
}

/* --- End of the test --- */

static void
test_end (void)
{
  Fixture f;
  double level = 0;

  /* Every skill settled */
  fixture_init (&f, "web:123", "w1=@web1 w2=@web2 w3=@web3");
  mark_answered (&f, "w2");
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED);
  add_ke (&f, "@web2", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web3", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  g_assert_null (pb_smart_random_next_challenge (f.bank, &f.input, &level));
  /* One success at 2, one failure at 3 */
  ASSERT_LEVEL (level, pb_smart_random_estimate_level (f.knowledge_elements));
  fixture_clear (&f);

  /* Untested skills left, but no challenge left to play */
  fixture_init (&f, "web:123", "w1=@web1 w2=@web2 w3=@web3");
  mark_answered (&f, "w1");
  mark_answered (&f, "w2");
  mark_answered (&f, "w3");
  g_assert_null (pb_smart_random_next_challenge (f.bank, &f.input, NULL));
  fixture_clear (&f);

  /* Untested skills left, all out of reach: failures at 1 and 2 estimate
   * 0.5, and @web3 is 2.5 levels above
   */
  fixture_init (&f, "web:1234567", WEB_1_7);
  mark_answered (&f, "w1");
  mark_answered (&f, "w2");
  add_ke (&f, "@web1", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web2", PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT);
  g_assert_null (pb_smart_random_next_challenge (f.bank, &f.input, &level));
  ASSERT_LEVEL (level, 0.5);
  fixture_clear (&f);
}

/* Knowledge elements on untargeted skills do not move the estimate */
static void
test_next_targeted_knowledge (void)
{
  Fixture f;
  double level = 0;

  fixture_init (&f, "web:1234567 other:5", WEB_1_7 " o5=@other5");
  set_targeted (&f, "@web1 @web2 @web3 @web4 @web5 @web6 @web7");
  mark_answered (&f, "o5");
  add_ke (&f, "@other5", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  g_assert_nonnull (pb_smart_random_next_challenge (f.bank, &f.input, &level));
  ASSERT_LEVEL (level, 3.5);
  fixture_clear (&f);
}

/* --- Timed challenges and the final pick --- */

/* After a timed challenge the next is untimed whenever one can be */
static void
test_timed_never_twice (void)
{
  Fixture f;

  /* No knowledge yet, so the estimate is 3.5, where @web4 is the best
   * skill (½ × 4 + ½ × 4 = 4, see test_reward for the formula). It has
   * timed and untimed challenges: after a timed one, always the untimed
   * one. (@web2's timed challenge was answered without effect: an input
   * made for the test.)
   */
  fixture_init (&f, "web:1234567", WEB_1_7 " w4t=@web4:t w4u=@web4 w4v=@web4:t x2t=@web2:t");
  mark_answered (&f, "w4");
  mark_answered (&f, "x2t");
  for (guint32 seed = 0; seed < 64; seed++)
    {
      const PbChallenge *challenge;

      f.input.seed = seed;
      challenge = pb_smart_random_next_challenge (f.bank, &f.input, NULL);
      g_assert_nonnull (challenge);
      g_assert_cmpstr (challenge->id, ==, "w4u");
    }
  fixture_clear (&f);

  /* At 3.5 with nothing tested, @web3 would be best in @web:12345 (3 against
   * 2.755 for @web4); it is timed only, so after a timed challenge @web4
   * comes instead, and after an untimed one @web3 does.
   */
  fixture_init (&f, "web:12345",
                "w1=@web1 w2=@web2 w3t=@web3:t w4=@web4 w5=@web5 x5u=@web5 x5t=@web5:t");
  mark_answered (&f, "x5u");
  mark_answered (&f, "x5t");
  g_assert_cmpstr (pb_smart_random_next_challenge (f.bank, &f.input, NULL)->id, ==, "w4");
  f.input.last_challenge = pb_challenge_bank_lookup (f.bank, "x5u");
  g_assert_cmpstr (pb_smart_random_next_challenge (f.bank, &f.input, NULL)->id, ==, "w3t");
  fixture_clear (&f);

  /* Only a timed challenge left: it follows anyway */
  fixture_init (&f, "web:12 other:1", "w1=@web1 w2t=@web2:t o1t=@other1:t");
  add_ke (&f, "@other1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  add_ke (&f, "@web1", PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT);
  mark_answered (&f, "w1");
  mark_answered (&f, "o1t");
  g_assert_cmpstr (pb_smart_random_next_challenge (f.bank, &f.input, NULL)->id, ==, "w2t");
  fixture_clear (&f);
}

/* The pick is the candidate at a position drawn by a GRand of the seed,
 * among the candidates sorted by id: same input and seed, same challenge,
 * whatever the order of the bank.
 */
static void
test_determinism (void)
{
  Fixture f;
  g_autoptr(PbChallengeBank) reversed = NULL;
  g_autoptr(GHashTable) picked = g_hash_table_new (g_str_hash, g_str_equal);

  fixture_init (&f, "ez:123", "e2d=@ez2 e2b=@ez2 e2a=@ez2 e2c=@ez2 e1=@ez1 e3=@ez3");
  reversed = bank_new (f.framework, "e3=@ez3 e1=@ez1 e2c=@ez2 e2a=@ez2 e2b=@ez2 e2d=@ez2");

  for (guint32 seed = 0; seed < 32; seed++)
    {
      const char * const sorted[] = { "e2a", "e2b", "e2c", "e2d" };
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      const PbChallenge *first, *again, *other;

      f.input.seed = seed;
      first = pb_smart_random_next_challenge (f.bank, &f.input, NULL);
      again = pb_smart_random_next_challenge (f.bank, &f.input, NULL);
      other = pb_smart_random_next_challenge (reversed, &f.input, NULL);

      g_assert_true (first == again);
      g_assert_cmpstr (first->id, ==, other->id);
      g_assert_cmpstr (first->id, ==, sorted[g_rand_int_range (rand, 0, 4)]);
      g_hash_table_add (picked, first->id);
    }

  /* …and the seed does matter */
  g_assert_cmpuint (g_hash_table_size (picked), >, 1);
  fixture_clear (&f);
}

static void
test_candidates (void)
{
  Fixture f;
  g_autoptr(GPtrArray) skills = NULL;
  g_autoptr(GPtrArray) candidates = NULL;

  fixture_init (&f, "web:12 other:1", "w2c=@web2 w2a=@web2:t w1=@web1 w2b=@web2 w2d=@web2 o1=@other1");
  mark_answered (&f, "w2d");
  skills = skill_list (&f, "@web2 @web1 @web2");
  candidates = pb_smart_random_candidate_challenges (f.bank, &f.input, skills);
  g_assert_cmpuint (candidates->len, ==, 4);
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (candidates, 0))->id, ==, "w1");
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (candidates, 1))->id, ==, "w2a");
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (candidates, 2))->id, ==, "w2b");
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (candidates, 3))->id, ==, "w2c");
  g_clear_pointer (&candidates, g_ptr_array_unref);

  /* After a timed challenge: the untimed ones */
  f.input.last_challenge = pb_challenge_bank_lookup (f.bank, "w2a");
  candidates = pb_smart_random_candidate_challenges (f.bank, &f.input, skills);
  g_assert_cmpuint (candidates->len, ==, 3);
  g_assert_cmpstr (((PbChallenge *)g_ptr_array_index (candidates, 1))->id, ==, "w2b");
  fixture_clear (&f);
}

/* --- A whole test --- */

/* A learner who masters exactly the skills up to level 3 takes a whole
 * test: it starts on the easy tube at level 2, never repeats a challenge,
 * ends by itself, and leaves every skill rightly settled, with fewer
 * questions than skills thanks to inference.
 */
static void
test_simulation (void)
{
  const char *spec = "web:1234567 url:23456 ez:123";
  const char *bank_spec =
    "w1=@web1 w2=@web2 w3=@web3 w4=@web4 w5=@web5 w6=@web6 w7=@web7 "
    "w1b=@web1 w2b=@web2:t w3b=@web3 w4b=@web4:t w5b=@web5 w6b=@web6 w7b=@web7 "
    "u2=@url2 u3=@url3:t u3b=@url3 u4=@url4 u5=@url5 u6=@url6 "
    "e1=@ez1 e2=@ez2 e3=@ez3 e3b=@ez3:t";

  for (guint32 seed = 0; seed < 16; seed++)
    {
      Fixture f;
      const PbChallenge *challenge;
      const PbChallenge *previous = NULL;
      guint n_questions = 0;

      fixture_init (&f, spec, bank_spec);
      f.input.seed = seed;

      while ((challenge = pb_smart_random_next_challenge (f.bank, &f.input, NULL)) != NULL)
        {
          g_assert_false (g_hash_table_contains (f.answered, challenge->id));
          if (n_questions == 0)
            {
              g_assert_cmpstr (challenge->skill->name, ==, "@ez2");
              g_assert_cmpuint (challenge->timer, ==, 0);
            }
          /* Every skill of this bank has an untimed challenge */
          if (previous != NULL && previous->timer > 0)
            g_assert_cmpuint (challenge->timer, ==, 0);

          answer (&f, challenge, challenge->skill->level <= 3);
          previous = challenge;
          n_questions++;
          g_assert_cmpuint (n_questions, <=, f.targeted->len);
        }

      g_assert_cmpuint (n_questions, <, f.targeted->len);
      g_assert_cmpuint (f.knowledge_elements->len, ==, f.targeted->len);
      for (guint i = 0; i < f.targeted->len; i++)
        {
          const PbSkill *s = g_ptr_array_index (f.targeted, i);
          const PbKnowledgeElement *ke = pb_knowledge_elements_lookup (f.knowledge_elements, s);

          g_assert_nonnull (ke);
          g_assert_cmpint (ke->status, ==, s->level <= 3 ? PB_KE_STATUS_VALIDATED : PB_KE_STATUS_INVALIDATED);
        }

      fixture_clear (&f);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/smart-random/probability", test_probability);
  g_test_add_func ("/smart-random/estimate/no-answer", test_estimate_no_answer);
  g_test_add_func ("/smart-random/estimate/one-answer", test_estimate_one_answer);
  g_test_add_func ("/smart-random/estimate/mixed", test_estimate_mixed);
  g_test_add_func ("/smart-random/estimate/direct-only", test_estimate_direct_only);
  g_test_add_func ("/smart-random/first/is-first", test_first_is_first);
  g_test_add_func ("/smart-random/first/easy-tube", test_first_easy_tube);
  g_test_add_func ("/smart-random/first/lowest-level", test_first_lowest_level);
  g_test_add_func ("/smart-random/first/timed-dropped", test_first_timed_dropped);
  g_test_add_func ("/smart-random/first/untested-playable", test_first_untested_playable);
  g_test_add_func ("/smart-random/filter/too-hard", test_filter_too_hard);
  g_test_add_func ("/smart-random/filter/tested-answered", test_filter_tested_answered);
  g_test_add_func ("/smart-random/filter/easy-tubes", test_filter_easy_tubes);
  g_test_add_func ("/smart-random/filter/timed-after-timed", test_filter_timed_after_timed);
  g_test_add_func ("/smart-random/reward", test_reward);
  g_test_add_func ("/smart-random/max-reward", test_max_reward);
  g_test_add_func ("/smart-random/end", test_end);
  g_test_add_func ("/smart-random/next/targeted-knowledge", test_next_targeted_knowledge);
  g_test_add_func ("/smart-random/pick/timed-never-twice", test_timed_never_twice);
  g_test_add_func ("/smart-random/pick/candidates", test_candidates);
  g_test_add_func ("/smart-random/pick/determinism", test_determinism);
  g_test_add_func ("/smart-random/simulation", test_simulation);

  return g_test_run ();
}
