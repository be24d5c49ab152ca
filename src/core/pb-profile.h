/* pb-profile.h — a learner's profile over the framework's competences
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-scoring.h"

G_BEGIN_DECLS

#define PB_TYPE_PROFILE (pb_profile_get_type ())

G_DECLARE_FINAL_TYPE (PbProfile, pb_profile, PB, PROFILE, GObject)

PbProfile            *pb_profile_new                               (const PbScoringRules *rules,
                                                                    const char * const   *competence_indices);
const PbScoringRules *pb_profile_get_rules                         (PbProfile            *self);
guint                 pb_profile_get_n_competences                 (PbProfile            *self);
const char * const   *pb_profile_get_competence_indices            (PbProfile            *self);
gboolean              pb_profile_has_competence                    (PbProfile            *self,
                                                                    const char           *competence_index);
gboolean              pb_profile_set_raw_pix                       (PbProfile            *self,
                                                                    const char           *competence_index,
                                                                    double                raw_pix);
double                pb_profile_get_raw_pix                       (PbProfile            *self,
                                                                    const char           *competence_index);
gboolean              pb_profile_get_competence_score              (PbProfile            *self,
                                                                    const char           *competence_index,
                                                                    PbCompetenceScore    *out);
guint                 pb_profile_get_pix_score                     (PbProfile            *self);
guint                 pb_profile_get_max_pix_score                 (PbProfile            *self);
guint                 pb_profile_get_certifiable_competences_count (PbProfile            *self);
gboolean              pb_profile_is_certifiable                    (PbProfile            *self);

G_END_DECLS
