/* pb-test-learner.h
 *
 * A learner's side of the API for tests: sign up, join a campaign, play
 * its adaptive test with chosen answers, share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-challenge-bank.h"
#include "pb-test-api.h"

G_BEGIN_DECLS

#define LEARNER_PASSWORD "Eleve2026"

/* Whether to answer @challenge, the @n-th of the test (from 0), right. */
typedef gboolean (*AnswerChoice) (guint              n,
                                  const PbChallenge *challenge,
                                  gpointer           user_data);

gboolean  answer_always_right  (guint n, const PbChallenge *challenge, gpointer user_data);
gboolean  answer_always_wrong  (guint n, const PbChallenge *challenge, gpointer user_data);

char     *campaign_create      (Api          *api,
                                const char   *token,
                                const char   *organization_id,
                                const char   *type,
                                const char   *target_profile_id,
                                const char   *extra_attributes,
                                char        **id);
char     *learner_sign_up      (Api          *api,
                                const char   *first_name,
                                const char   *last_name,
                                const char   *username,
                                char        **user_id);
char     *learner_join         (Api          *api,
                                const char   *token,
                                const char   *code,
                                char        **assessment_id);
guint     learner_play         (Api          *api,
                                const char   *token,
                                const char   *assessment_id,
                                AnswerChoice  choice,
                                gpointer      user_data);
void      learner_share        (Api          *api,
                                const char   *token,
                                const char   *participation_id);
void      assert_learner_view  (JsonObject   *challenge);

G_END_DECLS
