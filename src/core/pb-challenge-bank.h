/* pb-challenge-bank.h — the challenges (épreuves) that assess the skills
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-framework.h"

G_BEGIN_DECLS

#define PB_CHALLENGE_BANK_ERROR (pb_challenge_bank_error_quark ())

typedef enum
{
  PB_CHALLENGE_BANK_ERROR_INVALID,
} PbChallengeBankError;

/**
 * PbChallengeType:
 * @PB_CHALLENGE_TYPE_QCU: one right proposal among several ("question à
 *   choix unique")
 * @PB_CHALLENGE_TYPE_QCM: several right proposals, all to be ticked
 *   ("question à choix multiples")
 * @PB_CHALLENGE_TYPE_QROC: a short free-text answer ("question à réponse
 *   ouverte et courte")
 */
typedef enum
{
  PB_CHALLENGE_TYPE_QCU,
  PB_CHALLENGE_TYPE_QCM,
  PB_CHALLENGE_TYPE_QROC,
} PbChallengeType;

/* The expected answer. Opaque on purpose: only the side that corrects (the
 * server) should need it, through pb_challenge_check_answer().
 */
typedef struct _PbChallengeSolution PbChallengeSolution;

/**
 * PbChallenge:
 * @id: the challenge's id, unique in the bank
 * @type: how it is answered
 * @skill: the skill it assesses, owned by the bank's framework
 * @instruction: the question shown to the learner
 * @proposals: (nullable): the proposals of a QCU or a QCM, in display order
 *   (answers refer to them from 1); %NULL for a QROC
 * @timer: seconds allowed for a timed challenge, 0 when it is not timed
 * @solution: server-only and opaque; see pb_challenge_check_answer()
 *
 * A challenge of a #PbChallengeBank: owned by the bank and read-only, it
 * lives as long as the bank.
 */
typedef struct
{
  char                      *id;
  PbChallengeType            type;
  const PbSkill             *skill;
  char                      *instruction;
  GStrv                      proposals;
  guint                      timer;
  const PbChallengeSolution *solution;
} PbChallenge;

#define PB_TYPE_CHALLENGE_BANK (pb_challenge_bank_get_type ())

G_DECLARE_FINAL_TYPE (PbChallengeBank, pb_challenge_bank, PB, CHALLENGE_BANK, GObject)

GQuark             pb_challenge_bank_error_quark          (void);
PbChallengeBank   *pb_challenge_bank_new_from_bytes       (PbFramework        *framework,
                                                           GBytes             *json,
                                                           GError            **error);
PbChallengeBank   *pb_challenge_bank_new_default          (PbFramework        *framework,
                                                           GError            **error);
PbFramework       *pb_challenge_bank_get_framework        (PbChallengeBank    *self);
guint              pb_challenge_bank_get_n_challenges     (PbChallengeBank    *self);
const PbChallenge *pb_challenge_bank_get_challenge        (PbChallengeBank    *self,
                                                           guint               position);
const PbChallenge *pb_challenge_bank_lookup               (PbChallengeBank    *self,
                                                           const char         *id);
GPtrArray         *pb_challenge_bank_get_skill_challenges (PbChallengeBank    *self,
                                                           const PbSkill      *skill);

gboolean           pb_challenge_check_answer              (const PbChallenge  *challenge,
                                                           const char         *value);
char              *pb_challenge_get_right_answer          (const PbChallenge  *challenge);
char              *pb_challenge_normalize_text            (const char         *text);
const char        *pb_challenge_type_to_string            (PbChallengeType     type);
gboolean           pb_challenge_type_from_string          (const char         *string,
                                                           PbChallengeType    *type);

G_END_DECLS
