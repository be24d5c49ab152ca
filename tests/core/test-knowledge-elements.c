/* test-knowledge-elements.c — knowledge elements: current state, answers,
 * improving and reset
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "pb-framework.h"
#include "pb-test-framework.h"
#include "pb-knowledge-element.h"

/* 2026-01-01T00:00:00Z */
#define NOW ((gint64)1767225600 * G_USEC_PER_SEC)
#define DAY G_TIME_SPAN_DAY

/* @web1…@web5 and @mail1, @mail2 in 1.1: levels 1 and 2 are shared by two
 * skills (4 pix each), levels 3 to 5 are @web's alone (8 pix each)
 */
#define SPEC "web:12345 mail:12|file:12"

static PbKnowledgeElement
ke (const PbSkill *skill,
    PbKeStatus     status,
    PbKeSource     source,
    gint64         created_at)
{
  return (PbKnowledgeElement) {
    .skill = skill,
    .status = status,
    .source = source,
    .earned_pix = status == PB_KE_STATUS_VALIDATED ? skill->pix_value : 0,
    .created_at = created_at,
  };
}

static void
append (GArray        *array,
        const PbSkill *skill,
        PbKeStatus     status,
        PbKeSource     source,
        gint64         created_at)
{
  PbKnowledgeElement element = ke (skill, status, source, created_at);

  g_array_append_val (array, element);
}

static void
assert_ke (GArray        *array,
           guint          position,
           const PbSkill *skill,
           PbKeStatus     status,
           PbKeSource     source,
           double         earned_pix,
           gint64         created_at)
{
  const PbKnowledgeElement *element;

  g_assert_cmpuint (position, <, array->len);
  if (position >= array->len)
    return;

  element = &g_array_index (array, PbKnowledgeElement, position);
  g_assert_cmpstr (element->skill->name, ==, skill->name);
  g_assert_cmpstr (pb_ke_status_to_string (element->status), ==, pb_ke_status_to_string (status));
  g_assert_cmpstr (pb_ke_source_to_string (element->source), ==, pb_ke_source_to_string (source));
  g_assert_cmpfloat (element->earned_pix, ==, earned_pix);
  g_assert_cmpint (element->created_at, ==, created_at);
}

/* The set of the skills of competence 1.1, minus those named in @except */
static GHashTable *
targeted_1_1 (PbFramework        *framework,
              const char * const *except)
{
  const PbCompetence *competence = pb_framework_lookup_competence (framework, "1.1");
  GHashTable *targeted = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint t = 0; t < competence->tubes->len; t++)
    {
      const PbTube *tube = g_ptr_array_index (competence->tubes, t);

      for (guint s = 0; s < tube->skills->len; s++)
        {
          const PbSkill *skill = g_ptr_array_index (tube->skills, s);

          if (except == NULL || !g_strv_contains (except, skill->name))
            g_hash_table_add (targeted, (gpointer)skill);
        }
    }

  return targeted;
}

static void
test_strings (void)
{
  PbKeStatus status = PB_KE_STATUS_RESET;
  PbKeSource source = PB_KE_SOURCE_INFERRED;

  g_assert_cmpstr (pb_ke_status_to_string (PB_KE_STATUS_VALIDATED), ==, "validated");
  g_assert_cmpstr (pb_ke_status_to_string (PB_KE_STATUS_INVALIDATED), ==, "invalidated");
  g_assert_cmpstr (pb_ke_status_to_string (PB_KE_STATUS_RESET), ==, "reset");
  g_assert_cmpstr (pb_ke_source_to_string (PB_KE_SOURCE_DIRECT), ==, "direct");
  g_assert_cmpstr (pb_ke_source_to_string (PB_KE_SOURCE_INFERRED), ==, "inferred");

  g_assert_true (pb_ke_status_from_string ("validated", &status));
  g_assert_cmpint (status, ==, PB_KE_STATUS_VALIDATED);
  g_assert_true (pb_ke_status_from_string ("invalidated", &status));
  g_assert_cmpint (status, ==, PB_KE_STATUS_INVALIDATED);
  g_assert_true (pb_ke_status_from_string ("reset", &status));
  g_assert_cmpint (status, ==, PB_KE_STATUS_RESET);
  g_assert_false (pb_ke_status_from_string ("Validated", &status));
  g_assert_false (pb_ke_status_from_string ("", &status));
  g_assert_false (pb_ke_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, PB_KE_STATUS_RESET);

  g_assert_true (pb_ke_source_from_string ("direct", &source));
  g_assert_cmpint (source, ==, PB_KE_SOURCE_DIRECT);
  g_assert_true (pb_ke_source_from_string ("inferred", &source));
  g_assert_cmpint (source, ==, PB_KE_SOURCE_INFERRED);
  g_assert_false (pb_ke_source_from_string ("indirect", &source));
  g_assert_false (pb_ke_source_from_string (NULL, &source));
  g_assert_cmpint (source, ==, PB_KE_SOURCE_INFERRED);
}

static void
test_current (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const PbSkill *web1 = test_skill (fw, "@web1"), *web2 = test_skill (fw, "@web2"), *web3 = test_skill (fw, "@web3");
  const PbSkill *web4 = test_skill (fw, "@web4"), *web5 = test_skill (fw, "@web5"), *mail1 = test_skill (fw, "@mail1");
  const PbKeStatus V = PB_KE_STATUS_VALIDATED, I = PB_KE_STATUS_INVALIDATED, R = PB_KE_STATUS_RESET;
  const PbKeSource D = PB_KE_SOURCE_DIRECT, F = PB_KE_SOURCE_INFERRED;
  const PbKnowledgeElement history[] = {
    ke (web1, V, D, NOW + 1),
    ke (web2, I, F, NOW + 2),
    ke (web1, I, D, NOW + 3),    /* supersedes web1 validated */
    ke (mail1, V, D, NOW + 5),
    ke (mail1, R, D, NOW + 6),   /* mail1 is forgotten */
    ke (web3, V, D, NOW + 4),    /* stored out of creation order */
    ke (web2, V, D, NOW + 2),    /* same instant as web2 invalidated, stored after: wins */
    ke (web4, R, F, NOW + 7),
    ke (web4, V, D, NOW + 8),    /* reset, then assessed again */
    ke (web5, V, D, NOW + 10),
    ke (web5, I, D, NOW + 9),    /* stored later but created earlier: loses */
  };
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) empty = NULL;

  current = pb_knowledge_elements_current (history, G_N_ELEMENTS (history));
  g_assert_cmpuint (current->len, ==, 5);
  assert_ke (current, 0, web2, V, D, 4, NOW + 2);
  assert_ke (current, 1, web1, I, D, 0, NOW + 3);
  assert_ke (current, 2, web3, V, D, 8, NOW + 4);
  assert_ke (current, 3, web4, V, D, 8, NOW + 8);
  assert_ke (current, 4, web5, V, D, 8, NOW + 10);

  g_assert_true (pb_knowledge_elements_lookup (current, web3) == &g_array_index (current, PbKnowledgeElement, 2));
  g_assert_null (pb_knowledge_elements_lookup (current, mail1));
  g_assert_null (pb_knowledge_elements_lookup (NULL, web3));

  empty = pb_knowledge_elements_current (NULL, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

/* A right answer on @web3 validates it and, inferred, the easier @web1 and
 * @web2; @mail is another tube: untouched.
 */
static void
test_answer_right (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GHashTable) targeted = targeted_1_1 (fw, NULL);
  g_autoptr(GArray) created = NULL;

  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, targeted, NULL, NOW);
  g_assert_cmpuint (created->len, ==, 3);
  assert_ke (created, 0, test_skill (fw, "@web3"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT, 8, NOW);
  assert_ke (created, 1, test_skill (fw, "@web1"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED, 4, NOW);
  assert_ke (created, 2, test_skill (fw, "@web2"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED, 4, NOW);
}

/* A wrong answer on @web3 invalidates it and, inferred, @web4 and @web5 */
static void
test_answer_wrong (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GHashTable) targeted = targeted_1_1 (fw, NULL);
  g_autoptr(GArray) current = pb_knowledge_elements_new ();
  g_autoptr(GArray) created = NULL;

  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), FALSE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 3);
  assert_ke (created, 0, test_skill (fw, "@web3"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT, 0, NOW);
  assert_ke (created, 1, test_skill (fw, "@web4"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED, 0, NOW);
  assert_ke (created, 2, test_skill (fw, "@web5"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED, 0, NOW);

  /* At the ends of a tube there is nothing to infer */
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web5"), FALSE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 1);
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web1"), TRUE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 1);
}

/* Only targeted skills are assessed, directly or by inference */
static void
test_answer_not_targeted (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const char * const without_web2_web5[] = { "@web2", "@web5", NULL };
  const char * const without_web3[] = { "@web3", NULL };
  g_autoptr(GHashTable) targeted = targeted_1_1 (fw, without_web2_web5);
  g_autoptr(GHashTable) other = targeted_1_1 (fw, without_web3);
  g_autoptr(GArray) created = NULL;

  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, targeted, NULL, NOW);
  g_assert_cmpuint (created->len, ==, 2);
  assert_ke (created, 0, test_skill (fw, "@web3"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT, 8, NOW);
  assert_ke (created, 1, test_skill (fw, "@web1"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED, 4, NOW);

  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), FALSE, targeted, NULL, NOW);
  g_assert_cmpuint (created->len, ==, 2);
  assert_ke (created, 1, test_skill (fw, "@web4"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED, 0, NOW);

  /* An untargeted skill answered teaches nothing, not even by inference */
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, other, NULL, NOW);
  g_assert_cmpuint (created->len, ==, 0);
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@file1"), TRUE, targeted, NULL, NOW);
  g_assert_cmpuint (created->len, ==, 0);
}

/* A skill already validated or invalidated is never assessed again */
static void
test_answer_already_assessed (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GHashTable) targeted = targeted_1_1 (fw, NULL);
  g_autoptr(GArray) current = pb_knowledge_elements_new ();
  g_autoptr(GArray) created = NULL;

  append (current, test_skill (fw, "@web3"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT, NOW - DAY);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), FALSE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 0);
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 0);

  /* Neither by inference: @web1 failed earlier stays failed */
  g_array_set_size (current, 0);
  append (current, test_skill (fw, "@web1"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_DIRECT, NOW - DAY);
  append (current, test_skill (fw, "@web5"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT, NOW - DAY);
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 2);
  assert_ke (created, 0, test_skill (fw, "@web3"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_DIRECT, 8, NOW);
  assert_ke (created, 1, test_skill (fw, "@web2"), PB_KE_STATUS_VALIDATED, PB_KE_SOURCE_INFERRED, 4, NOW);

  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), FALSE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 2);
  assert_ke (created, 1, test_skill (fw, "@web4"), PB_KE_STATUS_INVALIDATED, PB_KE_SOURCE_INFERRED, 0, NOW);

  /* A reset element means nothing is known: the skill is assessed again */
  g_array_set_size (current, 0);
  append (current, test_skill (fw, "@web3"), PB_KE_STATUS_RESET, PB_KE_SOURCE_DIRECT, NOW - DAY);
  g_clear_pointer (&created, g_array_unref);
  created = pb_knowledge_elements_for_answer (test_skill (fw, "@web3"), TRUE, targeted, current, NOW);
  g_assert_cmpuint (created->len, ==, 3);
}

/* Improving forgets the invalidated elements at least 4 days old */
static void
test_improving (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  g_autoptr(GArray) current = pb_knowledge_elements_new ();
  g_autoptr(GArray) kept = NULL;
  const PbKeStatus V = PB_KE_STATUS_VALIDATED, I = PB_KE_STATUS_INVALIDATED;
  const PbKeSource D = PB_KE_SOURCE_DIRECT, F = PB_KE_SOURCE_INFERRED;

  append (current, test_skill (fw, "@web1"), V, D, NOW - 10 * DAY);        /* validated: kept */
  append (current, test_skill (fw, "@web2"), I, D, NOW - 5 * DAY);         /* dropped */
  append (current, test_skill (fw, "@web3"), I, D, NOW - 4 * DAY);         /* exactly the delay: dropped */
  append (current, test_skill (fw, "@web4"), I, D, NOW - 4 * DAY + 1);     /* 1 µs short: kept */
  append (current, test_skill (fw, "@web5"), I, F, NOW - 6 * DAY);         /* inferred: dropped too */
  append (current, test_skill (fw, "@mail1"), I, D, NOW - 1 * DAY);        /* recent: kept */
  append (current, test_skill (fw, "@file1"), V, D, NOW);                  /* kept */

  kept = pb_knowledge_elements_for_improving (current, NOW, 4);
  g_assert_cmpuint (kept->len, ==, 4);
  assert_ke (kept, 0, test_skill (fw, "@web1"), V, D, 4, NOW - 10 * DAY);
  assert_ke (kept, 1, test_skill (fw, "@web4"), I, D, 0, NOW - 4 * DAY + 1);
  assert_ke (kept, 2, test_skill (fw, "@mail1"), I, D, 0, NOW - 1 * DAY);
  assert_ke (kept, 3, test_skill (fw, "@file1"), V, D, 8, NOW);

  /* With no delay every failure may be retried; with a long one, none */
  g_clear_pointer (&kept, g_array_unref);
  kept = pb_knowledge_elements_for_improving (current, NOW, 0);
  g_assert_cmpuint (kept->len, ==, 2);
  g_clear_pointer (&kept, g_array_unref);
  kept = pb_knowledge_elements_for_improving (current, NOW, 30);
  g_assert_cmpuint (kept->len, ==, current->len);
  g_clear_pointer (&kept, g_array_unref);
  kept = pb_knowledge_elements_for_improving (NULL, NOW, 4);
  g_assert_cmpuint (kept->len, ==, 0);
}

/* A reset copies the competence's elements with status reset and 0 pix;
 * the learner's current state then forgets the competence.
 */
static void
test_reset (void)
{
  g_autoptr(PbFramework) fw = test_framework_new (SPEC);
  const PbCompetence *competence = pb_framework_lookup_competence (fw, "1.1");
  g_autoptr(GArray) history = pb_knowledge_elements_new ();
  g_autoptr(GArray) current = NULL;
  g_autoptr(GArray) reset = NULL;
  g_autoptr(GArray) after = NULL;
  const PbKeStatus V = PB_KE_STATUS_VALIDATED, I = PB_KE_STATUS_INVALIDATED, R = PB_KE_STATUS_RESET;
  const PbKeSource D = PB_KE_SOURCE_DIRECT, F = PB_KE_SOURCE_INFERRED;

  append (history, test_skill (fw, "@web2"), V, D, NOW - 9 * DAY);
  append (history, test_skill (fw, "@web1"), V, F, NOW - 9 * DAY);
  append (history, test_skill (fw, "@file1"), V, D, NOW - 8 * DAY);
  append (history, test_skill (fw, "@web3"), I, D, NOW - 8 * DAY);

  current = pb_knowledge_elements_current ((PbKnowledgeElement *)history->data, history->len);
  reset = pb_knowledge_elements_reset (current, competence, NOW);
  g_assert_cmpuint (reset->len, ==, 3);
  assert_ke (reset, 0, test_skill (fw, "@web2"), R, D, 0, NOW);
  assert_ke (reset, 1, test_skill (fw, "@web1"), R, F, 0, NOW);
  assert_ke (reset, 2, test_skill (fw, "@web3"), R, D, 0, NOW);

  g_array_append_vals (history, reset->data, reset->len);
  after = pb_knowledge_elements_current ((PbKnowledgeElement *)history->data, history->len);
  g_assert_cmpuint (after->len, ==, 1);
  assert_ke (after, 0, test_skill (fw, "@file1"), V, D, 8, NOW - 8 * DAY);

  /* Nothing left to reset */
  g_clear_pointer (&reset, g_array_unref);
  reset = pb_knowledge_elements_reset (after, competence, NOW + DAY);
  g_assert_cmpuint (reset->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/knowledge-elements/strings", test_strings);
  g_test_add_func ("/knowledge-elements/current", test_current);
  g_test_add_func ("/knowledge-elements/answer/right", test_answer_right);
  g_test_add_func ("/knowledge-elements/answer/wrong", test_answer_wrong);
  g_test_add_func ("/knowledge-elements/answer/not-targeted", test_answer_not_targeted);
  g_test_add_func ("/knowledge-elements/answer/already-assessed", test_answer_already_assessed);
  g_test_add_func ("/knowledge-elements/improving", test_improving);
  g_test_add_func ("/knowledge-elements/reset", test_reset);

  return g_test_run ();
}
