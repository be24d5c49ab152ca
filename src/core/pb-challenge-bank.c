/* pb-challenge-bank.c — the challenges (épreuves) that assess the skills
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "pb-challenge-bank.h"
#include "pb-core-resources.h"

#define CHALLENGES_RESOURCE RESOURCE_BASE_PATH "/content/challenges.json"
#define CHALLENGES_FORMAT_VERSION 1

/* A timer is in seconds; more than an hour is surely a unit mistake */
#define MAX_TIMER_SECONDS 3600

/* A proposal number a learner sends has at most this many digits: enough for
 * any real list, and a bound that keeps the conversion from overflowing.
 */
#define MAX_CHOICE_DIGITS 6

struct _PbChallengeSolution
{
  guint  qcu;     /* QCU: the right proposal, counted from 1 */
  guint *qcm;     /* QCM: the right proposals, increasing, counted from 1 */
  guint  n_qcm;
  GStrv  qroc;    /* QROC: the accepted answers, already normalized */
};

/* A challenge and its solution in one block: the public part first, so the
 * bank hands out pointers to it.
 */
typedef struct
{
  PbChallenge         challenge;
  PbChallengeSolution solution;
} PbChallengeEntry;

struct _PbChallengeBank
{
  GObject      parent_instance;

  PbFramework *framework;   /* the skills the challenges point to */
  GPtrArray   *challenges;  /* of PbChallengeEntry, owning, file order */
  GHashTable  *by_id;       /* id → PbChallenge */
  GHashTable  *by_skill;    /* PbSkill → GPtrArray of PbChallenge, file order */
  GPtrArray   *empty;       /* what a skill without challenges gets */
};

G_DEFINE_FINAL_TYPE (PbChallengeBank, pb_challenge_bank, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-challenge-bank-error-quark, pb_challenge_bank_error)

static const char * const type_names[] = {
  [PB_CHALLENGE_TYPE_QCU] = "QCU",
  [PB_CHALLENGE_TYPE_QCM] = "QCM",
  [PB_CHALLENGE_TYPE_QROC] = "QROC",
};

static void
pb_challenge_entry_free (PbChallengeEntry *entry)
{
  g_free (entry->challenge.id);
  g_free (entry->challenge.instruction);
  g_strfreev (entry->challenge.proposals);
  g_free (entry->solution.qcm);
  g_strfreev (entry->solution.qroc);
  g_free (entry);
}

/* Parsing. Every error names the challenge by its id (or by its position
 * when the id itself is wrong), so whoever edits the bank finds it at once.
 * The bank is bundled and checked by the tests: these messages are for
 * developers and stay untranslated.
 */

static gboolean G_GNUC_PRINTF (3, 4)
invalid (GError     **error,
         const char  *where,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PB_CHALLENGE_BANK_ERROR, PB_CHALLENGE_BANK_ERROR_INVALID,
               "Invalid challenge bank at %s: %s", where, message);
  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/* Whether @node is a whole number from @min to @max, stored in @value */
static gboolean
node_get_whole (JsonNode *node,
                double    min,
                double    max,
                guint    *value)
{
  double number;

  if (!node_is_number (node))
    return FALSE;

  number = json_node_get_double (node);
  if (number != floor (number) || number < min || number > max)
    return FALSE;

  *value = (guint)number;
  return TRUE;
}

/* A non-empty string member; blank text counts as empty */
static const char *
get_text (JsonObject  *object,
          const char  *member,
          const char  *where,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *stripped = NULL;
  const char *value;

  if (!node_is_string (node))
    {
      invalid (error, where, "“%s” must be a non-empty string", member);
      return NULL;
    }

  value = json_node_get_string (node);
  stripped = g_strstrip (g_strdup (value));
  if (stripped[0] == '\0')
    {
      invalid (error, where, "“%s” must be a non-empty string", member);
      return NULL;
    }

  return value;
}

/* A non-empty array of non-blank strings, copied */
static GStrv
get_texts (JsonObject  *object,
           const char  *member,
           const char  *where,
           GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array = NULL;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);

  if (array == NULL || json_array_get_length (array) == 0)
    {
      invalid (error, where, "“%s” must be a non-empty array of strings", member);
      return NULL;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *stripped = NULL;

      if (!node_is_string (element) ||
          (stripped = g_strstrip (g_strdup (json_node_get_string (element))))[0] == '\0')
        {
          invalid (error, where, "“%s” must hold non-empty strings only (item %u is not one)",
                   member, i + 1);
          return NULL;
        }

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  return g_strv_builder_end (builder);
}

static gboolean
refuse_member (JsonObject  *object,
               const char  *member,
               const char  *where,
               const char  *reason,
               GError     **error)
{
  if (json_object_has_member (object, member))
    return invalid (error, where, "%s", reason);

  return TRUE;
}

/* Proposals of a QCU or a QCM: at least two, or there is nothing to choose */
static gboolean
parse_proposals (PbChallengeEntry  *entry,
                 JsonObject        *object,
                 const char        *where,
                 GError           **error)
{
  entry->challenge.proposals = get_texts (object, "proposals", where, error);
  if (entry->challenge.proposals == NULL)
    return FALSE;

  if (g_strv_length (entry->challenge.proposals) < 2)
    return invalid (error, where, "a %s needs at least 2 proposals",
                    type_names[entry->challenge.type]);

  return TRUE;
}

static gboolean
parse_qcu (PbChallengeEntry  *entry,
           JsonObject        *object,
           const char        *where,
           GError           **error)
{
  guint n_proposals;

  if (!refuse_member (object, "answers", where,
                      "a QCU has one right proposal in “answer”, not “answers”", error) ||
      !parse_proposals (entry, object, where, error))
    return FALSE;

  n_proposals = g_strv_length (entry->challenge.proposals);
  if (!node_get_whole (json_object_get_member (object, "answer"), 1, n_proposals,
                       &entry->solution.qcu))
    return invalid (error, where, "“answer” must be a proposal number from 1 to %u",
                    n_proposals);

  return TRUE;
}

static gboolean
parse_qcm (PbChallengeEntry  *entry,
           JsonObject        *object,
           const char        *where,
           GError           **error)
{
  JsonNode *node;
  JsonArray *array;
  guint n_proposals, n_right;

  if (!refuse_member (object, "answers", where,
                      "a QCM lists its right proposals in “answer”, not “answers”", error) ||
      !parse_proposals (entry, object, where, error))
    return FALSE;

  n_proposals = g_strv_length (entry->challenge.proposals);
  node = json_object_get_member (object, "answer");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, where, "“answer” must be an array of proposal numbers");

  /* One right proposal would make it a QCU; all of them would let anyone
   * succeed by ticking everything.
   */
  array = json_node_get_array (node);
  n_right = json_array_get_length (array);
  if (n_right < 2)
    return invalid (error, where, "a QCM needs at least 2 right proposals");
  if (n_right >= n_proposals)
    return invalid (error, where, "a QCM cannot have all its %u proposals right", n_proposals);

  entry->solution.qcm = g_new0 (guint, n_right);
  entry->solution.n_qcm = n_right;
  for (guint i = 0; i < n_right; i++)
    {
      guint number;

      if (!node_get_whole (json_array_get_element (array, i), 1, n_proposals, &number))
        return invalid (error, where,
                        "“answer” must hold proposal numbers from 1 to %u (item %u is not one)",
                        n_proposals, i + 1);

      /* Sorted lists make a wrong edit (a repeat, a typo) stand out */
      if (i > 0 && number <= entry->solution.qcm[i - 1])
        return invalid (error, where,
                        "the right proposals in “answer” must be increasing, without repeats");

      entry->solution.qcm[i] = number;
    }

  return TRUE;
}

static gboolean
parse_qroc (PbChallengeEntry  *entry,
            JsonObject        *object,
            const char        *where,
            GError           **error)
{
  g_auto(GStrv) answers = NULL;
  guint n_answers;

  if (!refuse_member (object, "proposals", where, "a QROC has no “proposals”", error) ||
      !refuse_member (object, "answer", where,
                      "a QROC lists its accepted answers in “answers”, not “answer”", error))
    return FALSE;

  if (!(answers = get_texts (object, "answers", where, error)))
    return FALSE;

  /* Learners' answers are compared once normalized: keep the accepted ones
   * normalized too. One that normalizes to nothing (only accents, say) could
   * never be matched.
   */
  n_answers = g_strv_length (answers);
  entry->solution.qroc = g_new0 (char *, n_answers + 1);
  for (guint i = 0; i < n_answers; i++)
    {
      entry->solution.qroc[i] = pb_challenge_normalize_text (answers[i]);
      if (entry->solution.qroc[i] == NULL || entry->solution.qroc[i][0] == '\0')
        return invalid (error, where, "the accepted answer “%s” is empty once normalized",
                        answers[i]);
    }

  return TRUE;
}

/* "timer" is optional; null, as some exports write it, means not timed */
static gboolean
parse_timer (PbChallengeEntry  *entry,
             JsonObject        *object,
             const char        *where,
             GError           **error)
{
  JsonNode *node = json_object_get_member (object, "timer");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_get_whole (node, 1, MAX_TIMER_SECONDS, &entry->challenge.timer))
    return invalid (error, where, "“timer” must be a whole number of seconds from 1 to %u",
                    MAX_TIMER_SECONDS);

  return TRUE;
}

static gboolean
parse_challenge (PbChallengeBank  *self,
                 JsonNode         *node,
                 guint             position,
                 GError          **error)
{
  g_autofree char *where = g_strdup_printf ("challenges[%u]", position);
  PbChallengeEntry *entry;
  JsonObject *object;
  const char *id, *skill_name, *type_name, *instruction;
  GPtrArray *skill_challenges;
  gboolean ok = FALSE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, "an object is expected");

  object = json_node_get_object (node);
  if (!(id = get_text (object, "id", where, error)))
    return FALSE;

  /* From here on the id names the challenge better than its position */
  g_free (where);
  where = g_strdup_printf ("challenge “%s”", id);

  if (g_hash_table_contains (self->by_id, id))
    return invalid (error, where, "the id is used twice");

  if (!(skill_name = get_text (object, "skill", where, error)) ||
      !(type_name = get_text (object, "type", where, error)) ||
      !(instruction = get_text (object, "instruction", where, error)))
    return FALSE;

  entry = g_new0 (PbChallengeEntry, 1);
  entry->challenge.solution = &entry->solution;
  /* Owned by the bank from now on, so every exit below frees it */
  g_ptr_array_add (self->challenges, entry);

  entry->challenge.skill = pb_framework_lookup_skill (self->framework, skill_name);
  if (entry->challenge.skill == NULL)
    return invalid (error, where, "unknown skill “%s”", skill_name);

  if (!pb_challenge_type_from_string (type_name, &entry->challenge.type))
    return invalid (error, where, "unknown type “%s” (QCU, QCM or QROC expected)", type_name);

  entry->challenge.id = g_strdup (id);
  entry->challenge.instruction = g_strdup (instruction);

  switch (entry->challenge.type)
    {
    case PB_CHALLENGE_TYPE_QCU:
      ok = parse_qcu (entry, object, where, error);
      break;

    case PB_CHALLENGE_TYPE_QCM:
      ok = parse_qcm (entry, object, where, error);
      break;

    case PB_CHALLENGE_TYPE_QROC:
      ok = parse_qroc (entry, object, where, error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok || !parse_timer (entry, object, where, error))
    return FALSE;

  g_hash_table_insert (self->by_id, entry->challenge.id, &entry->challenge);

  skill_challenges = g_hash_table_lookup (self->by_skill, entry->challenge.skill);
  if (skill_challenges == NULL)
    {
      skill_challenges = g_ptr_array_new ();
      g_hash_table_insert (self->by_skill, (gpointer)entry->challenge.skill, skill_challenges);
    }
  g_ptr_array_add (skill_challenges, &entry->challenge);

  return TRUE;
}

static gboolean
parse_root (PbChallengeBank  *self,
            JsonNode         *root,
            GError          **error)
{
  JsonObject *object;
  JsonNode *node;
  JsonArray *challenges;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "/", "an object is expected");

  object = json_node_get_object (root);
  node = json_object_get_member (object, "version");
  if (!node_is_number (node))
    return invalid (error, "/", "“version” must be a number");
  if (json_node_get_double (node) != CHALLENGES_FORMAT_VERSION)
    return invalid (error, "/", "format version %g is not supported", json_node_get_double (node));

  /* An empty list is valid: the framework exists before its challenges */
  node = json_object_get_member (object, "challenges");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "/", "“challenges” must be an array");

  challenges = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (challenges); i++)
    {
      if (!parse_challenge (self, json_array_get_element (challenges, i), i, error))
        return FALSE;
    }

  return TRUE;
}

/* Reads a proposal number a learner sent: digits only, blanks around
 * allowed. Returns 0 when @text is not a number from 1 to @max.
 */
static guint
parse_choice (const char *text,
              guint       max)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  guint value = 0;
  gsize length = strlen (stripped);

  if (length == 0 || length > MAX_CHOICE_DIGITS)
    return 0;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (stripped[i]))
        return 0;
      value = value * 10 + (guint)(stripped[i] - '0');
    }

  return value <= max ? value : 0;
}

static gboolean
check_qcu (const PbChallenge *challenge,
           const char        *value)
{
  guint choice = parse_choice (value, g_strv_length (challenge->proposals));

  return choice != 0 && choice == challenge->solution->qcu;
}

/* A QCM answer lists the ticked proposals, comma-separated, in any order:
 * right when it is exactly the set of right proposals. A proposal ticked
 * twice is not a set: the answer is malformed, hence wrong.
 */
static gboolean
check_qcm (const PbChallenge *challenge,
           const char        *value)
{
  const PbChallengeSolution *solution = challenge->solution;
  guint n_proposals = g_strv_length (challenge->proposals);
  g_autofree gboolean *ticked = g_new0 (gboolean, n_proposals + 1);
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  guint n_parts = g_strv_length (parts);

  if (n_parts != solution->n_qcm)
    return FALSE;

  for (guint i = 0; i < n_parts; i++)
    {
      guint choice = parse_choice (parts[i], n_proposals);

      if (choice == 0 || ticked[choice])
        return FALSE;
      ticked[choice] = TRUE;
    }

  /* As many distinct proposals as right ones: equal sets if each right one
   * was ticked.
   */
  for (guint i = 0; i < solution->n_qcm; i++)
    {
      if (!ticked[solution->qcm[i]])
        return FALSE;
    }

  return TRUE;
}

static gboolean
check_qroc (const PbChallenge *challenge,
            const char        *value)
{
  g_autofree char *normalized = pb_challenge_normalize_text (value);

  if (normalized == NULL || normalized[0] == '\0')
    return FALSE;

  return g_strv_contains ((const char * const *)challenge->solution->qroc, normalized);
}

static void
pb_challenge_bank_dispose (GObject *object)
{
  PbChallengeBank *self = (PbChallengeBank *)object;

  g_clear_object (&self->framework);

  G_OBJECT_CLASS (pb_challenge_bank_parent_class)->dispose (object);
}

static void
pb_challenge_bank_finalize (GObject *object)
{
  PbChallengeBank *self = (PbChallengeBank *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_skill, g_hash_table_unref);
  g_clear_pointer (&self->challenges, g_ptr_array_unref);
  g_clear_pointer (&self->empty, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_challenge_bank_parent_class)->finalize (object);
}

static void
pb_challenge_bank_class_init (PbChallengeBankClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_challenge_bank_dispose;
  object_class->finalize = pb_challenge_bank_finalize;
}

static void
pb_challenge_bank_init (PbChallengeBank *self)
{
  self->challenges = g_ptr_array_new_with_free_func ((GDestroyNotify)pb_challenge_entry_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_skill = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                          NULL, (GDestroyNotify)g_ptr_array_unref);
  self->empty = g_ptr_array_new ();
}

/**
 * pb_challenge_bank_new_from_bytes:
 * @framework: the framework whose skills the challenges assess
 * @json: the bank as JSON (see `data/content/challenges.json`)
 * @error: return location for a #GError
 *
 * Parses and checks a challenge bank: `{"version": 1, "challenges": […]}`,
 * each challenge with an "id" (unique), a "skill" of @framework by name
 * ("@recherche3"), a "type", a non-blank "instruction" and, by type:
 *  - QCU: "proposals" (2 or more) and "answer", the number of the right
 *    proposal counted from 1;
 *  - QCM: "proposals" (3 or more) and "answer", the numbers of the right
 *    proposals in increasing order, at least 2 and not all of them;
 *  - QROC: "answers", the accepted answers.
 * Any may carry a "timer" in seconds (1 to 3600) to be timed. Members
 * this format does not know are ignored, so content can grow ahead of the
 * code; members of another type (a QROC with "proposals") are refused.
 *
 * Returns: (transfer full): the bank, or %NULL with @error set: a
 *   #PB_CHALLENGE_BANK_ERROR_INVALID naming the challenge, or a
 *   #JSON_PARSER_ERROR for a document that is not JSON
 */
PbChallengeBank *
pb_challenge_bank_new_from_bytes (PbFramework  *framework,
                                  GBytes       *json,
                                  GError      **error)
{
  g_autoptr(PbChallengeBank) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (PB_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (json, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  self = g_object_new (PB_TYPE_CHALLENGE_BANK, NULL);
  self->framework = g_object_ref (framework);
  if (!parse_root (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pb_challenge_bank_new_default:
 * @framework: the framework bundled with the program
 * @error: return location for a #GError
 *
 * Loads the challenge bank bundled with the program.
 *
 * Returns: (transfer full): the bank, or %NULL with @error set
 */
PbChallengeBank *
pb_challenge_bank_new_default (PbFramework  *framework,
                               GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (PB_IS_FRAMEWORK (framework), NULL);

  bytes = g_resource_lookup_data (pb_core_get_resource (), CHALLENGES_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return pb_challenge_bank_new_from_bytes (framework, bytes, error);
}

/**
 * pb_challenge_bank_get_framework:
 * @self: a #PbChallengeBank
 *
 * Returns: (transfer none): the framework the challenges' skills belong to
 */
PbFramework *
pb_challenge_bank_get_framework (PbChallengeBank *self)
{
  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (self), NULL);

  return self->framework;
}

guint
pb_challenge_bank_get_n_challenges (PbChallengeBank *self)
{
  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (self), 0);

  return self->challenges->len;
}

/**
 * pb_challenge_bank_get_challenge:
 * @self: a #PbChallengeBank
 * @position: from 0, in the order of the file
 *
 * Returns: (transfer none): the challenge at @position
 */
const PbChallenge *
pb_challenge_bank_get_challenge (PbChallengeBank *self,
                                 guint            position)
{
  PbChallengeEntry *entry;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (self), NULL);
  g_return_val_if_fail (position < self->challenges->len, NULL);

  entry = g_ptr_array_index (self->challenges, position);
  return &entry->challenge;
}

/**
 * pb_challenge_bank_lookup:
 * @self: a #PbChallengeBank
 * @id: a challenge id
 *
 * Returns: (transfer none) (nullable): the challenge, or %NULL if the bank
 *   has none with that id
 */
const PbChallenge *
pb_challenge_bank_lookup (PbChallengeBank *self,
                          const char      *id)
{
  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

/**
 * pb_challenge_bank_get_skill_challenges:
 * @self: a #PbChallengeBank
 * @skill: a skill of the bank's framework
 *
 * Returns: (transfer none) (element-type PbChallenge): the challenges that
 *   assess @skill, in the order of the file; an empty array if there are
 *   none, never %NULL. Do not modify it.
 */
GPtrArray *
pb_challenge_bank_get_skill_challenges (PbChallengeBank *self,
                                        const PbSkill   *skill)
{
  GPtrArray *challenges;

  g_return_val_if_fail (PB_IS_CHALLENGE_BANK (self), NULL);

  challenges = skill != NULL ? g_hash_table_lookup (self->by_skill, skill) : NULL;
  return challenges != NULL ? challenges : self->empty;
}

/**
 * pb_challenge_check_answer:
 * @challenge: a challenge of a #PbChallengeBank
 * @value: (nullable): what the learner answered
 *
 * Corrects an answer. The learner's @value is, by type:
 *  - QCU: the number of the chosen proposal, counted from 1 ("2");
 *  - QCM: the numbers of the ticked proposals separated by commas, in any
 *    order, blanks allowed ("3, 1"); the answer is right when exactly the
 *    right proposals are ticked, and a proposal given twice makes it wrong;
 *  - QROC: free text, right when it matches one of the accepted answers once
 *    both are normalized by pb_challenge_normalize_text() (case, accents and
 *    blanks do not matter).
 * Anything malformed (%NULL, not a number, out of range, invalid UTF-8) is
 * simply a wrong answer: learners send what they like.
 *
 * Returns: %TRUE if the answer is right
 */
gboolean
pb_challenge_check_answer (const PbChallenge *challenge,
                           const char        *value)
{
  g_return_val_if_fail (challenge != NULL, FALSE);

  if (value == NULL || challenge->solution == NULL)
    return FALSE;

  switch (challenge->type)
    {
    case PB_CHALLENGE_TYPE_QCU:
      return check_qcu (challenge, value);

    case PB_CHALLENGE_TYPE_QCM:
      return check_qcm (challenge, value);

    case PB_CHALLENGE_TYPE_QROC:
      return check_qroc (challenge, value);

    default:
      return FALSE;
    }
}

/**
 * pb_challenge_get_right_answer:
 * @challenge: a challenge of a #PbChallengeBank
 *
 * A value pb_challenge_check_answer() accepts: the right proposal of a QCU
 * ("2"), the right proposals of a QCM in increasing order ("1,3"), the
 * first accepted answer of a QROC as normalized. For whoever plays the
 * learner's part (the simulator), not for what a learner may be shown.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL if @challenge
 *   has no solution
 */
char *
pb_challenge_get_right_answer (const PbChallenge *challenge)
{
  const PbChallengeSolution *solution;
  GString *value;

  g_return_val_if_fail (challenge != NULL, NULL);

  solution = challenge->solution;
  if (solution == NULL)
    return NULL;

  switch (challenge->type)
    {
    case PB_CHALLENGE_TYPE_QCU:
      return g_strdup_printf ("%u", solution->qcu);

    case PB_CHALLENGE_TYPE_QCM:
      value = g_string_new (NULL);
      for (guint i = 0; i < solution->n_qcm; i++)
        {
          if (i > 0)
            g_string_append_c (value, ',');
          g_string_append_printf (value, "%u", solution->qcm[i]);
        }
      return g_string_free (value, FALSE);

    case PB_CHALLENGE_TYPE_QROC:
      return g_strdup (solution->qroc != NULL ? solution->qroc[0] : NULL);

    default:
      return NULL;
    }
}

/**
 * pb_challenge_normalize_text:
 * @text: (nullable): a free-text answer
 *
 * Puts a free-text answer in the form QROC answers are compared in, so that
 * "  Île   de France " matches "ile de france": case folded, accents removed
 * (the text is decomposed, NFD, and its combining marks dropped), blanks
 * (any Unicode space, the no-break spaces of French typing included)
 * trimmed at both ends and collapsed to one space inside.
 *
 * Returns: (transfer full) (nullable): the normalized text, or %NULL if
 *   @text is %NULL or not valid UTF-8
 */
char *
pb_challenge_normalize_text (const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *normalized;
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Fold first: folding a precomposed letter gives a precomposed letter,
   * which the decomposition then splits into base and accent.
   */
  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFD);
  if (decomposed == NULL)
    return NULL;

  normalized = g_string_new (NULL);
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;

      if (g_unichar_isspace (c))
        {
          /* Leading blanks are dropped, trailing ones never written */
          pending_space = normalized->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (normalized, ' ');
      pending_space = FALSE;
      g_string_append_unichar (normalized, c);
    }

  return g_string_free (normalized, FALSE);
}

/**
 * pb_challenge_type_to_string:
 * @type: a challenge type
 *
 * Returns: "QCU", "QCM" or "QROC", as in the bank's files
 */
const char *
pb_challenge_type_to_string (PbChallengeType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), NULL);

  return type_names[type];
}

/**
 * pb_challenge_type_from_string:
 * @string: (nullable): "QCU", "QCM" or "QROC", exactly
 * @type: (out): the type
 *
 * Returns: %FALSE if @string names no type; @type is then untouched
 */
gboolean
pb_challenge_type_from_string (const char      *string,
                               PbChallengeType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (type_names); i++)
    {
      if (g_strcmp0 (string, type_names[i]) == 0)
        {
          *type = (PbChallengeType)i;
          return TRUE;
        }
    }

  return FALSE;
}
