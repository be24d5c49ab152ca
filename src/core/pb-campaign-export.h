/* pb-campaign-export.h — the CSV results of a campaign, as Pix Orga exports them
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-framework.h"
#include "pb-scoring.h"

G_BEGIN_DECLS

/**
 * PbCampaignExportType:
 * @PB_CAMPAIGN_EXPORT_ASSESSMENT: "Évaluer les participants": progression,
 *   mastery per competence and area of the target profile, and per skill
 * @PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION: "Collecter les profils Pix des
 *   participants": pix, levels and certifiability over the whole framework
 */
typedef enum
{
  PB_CAMPAIGN_EXPORT_ASSESSMENT,
  PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION,
} PbCampaignExportType;

/**
 * PbCampaignExportInfo:
 * @organization_name: "Nom de l'organisation"
 * @organization_type: "SCO", "SUP", "PRO"…
 * @organization_is_managing_students: adds "Classe" for SCO organizations,
 *   "Groupe" and "Numéro Étudiant" for SUP ones
 * @show_skills: (ASSESSMENT) one column per target skill with OK / KO /
 *   Non testé; callers pass %TRUE for organizations that are not SCO
 * @campaign_id: "ID Campagne"
 * @campaign_code: "Code"
 * @campaign_name: "Nom de la campagne"
 * @target_profile_name: (ASSESSMENT) "Parcours"
 * @external_id_label: (nullable): the label of the participant's external id,
 *   which is also its column title; %NULL or "" when the campaign asks none
 *
 * What the export needs to know of the campaign; the strings are copied.
 */
typedef struct
{
  const char *organization_name;
  const char *organization_type;
  gboolean    organization_is_managing_students;
  gboolean    show_skills;
  const char *campaign_id;
  const char *campaign_code;
  const char *campaign_name;
  const char *target_profile_name;
  const char *external_id_label;
} PbCampaignExportInfo;

/**
 * PbCampaignExportRow:
 * @last_name: "Nom du Participant"
 * @first_name: "Prénom du Participant"
 * @division: (nullable): "Classe" (SCO managing students)
 * @group: (nullable): "Groupe" (SUP managing students)
 * @student_number: (nullable): "Numéro Étudiant" (SUP managing students)
 * @external_id: (nullable): the participant's external id
 * @created_at: when the participation started, ISO-8601
 *   ("2026-03-14T09:12:00.000Z")
 * @is_completed: (ASSESSMENT) the participation's assessment is completed
 * @is_shared: the participant shared (sent) the results
 * @shared_at: (nullable): when, ISO-8601
 * @mastery_rate: (ASSESSMENT) the mastery rate stored at share time, 0 … 1
 * @skill_status: (nullable) (element-type utf8 utf8): (ASSESSMENT) skill name
 *   → "validated" or "invalidated"; a skill absent (or with any other status)
 *   was not tested. The snapshot taken at share time when shared, else the
 *   current knowledge (it gives "% de progression")
 * @pix_score: (PROFILES_COLLECTION) the profile's pix at share time
 * @is_certifiable: (PROFILES_COLLECTION) the profile is certifiable
 * @certifiable_competences_count: (PROFILES_COLLECTION) competences at a
 *   certifiable level
 * @competence_scores: (PROFILES_COLLECTION) (array): one score per competence
 *   of the framework, in framework order (16); may be %NULL when not shared
 *
 * One participation; nothing is kept after pb_campaign_export_add_row().
 */
typedef struct
{
  const char              *last_name;
  const char              *first_name;
  const char              *division;
  const char              *group;
  const char              *student_number;
  const char              *external_id;
  const char              *created_at;
  gboolean                 is_completed;
  gboolean                 is_shared;
  const char              *shared_at;
  double                   mastery_rate;
  GHashTable              *skill_status;
  guint                    pix_score;
  gboolean                 is_certifiable;
  guint                    certifiable_competences_count;
  const PbCompetenceScore *competence_scores;
} PbCampaignExportRow;

#define PB_TYPE_CAMPAIGN_EXPORT (pb_campaign_export_get_type ())

G_DECLARE_FINAL_TYPE (PbCampaignExport, pb_campaign_export, PB, CAMPAIGN_EXPORT, GObject)

PbCampaignExport     *pb_campaign_export_new                         (PbFramework                *framework,
                                                                      PbCampaignExportType        type,
                                                                      const PbCampaignExportInfo *info,
                                                                      GPtrArray                  *target_skills);
PbCampaignExportType  pb_campaign_export_get_export_type             (PbCampaignExport           *self);
guint                 pb_campaign_export_get_n_columns               (PbCampaignExport           *self);
void                  pb_campaign_export_add_row                     (PbCampaignExport           *self,
                                                                      const PbCampaignExportRow  *row);
GBytes               *pb_campaign_export_to_bytes                    (PbCampaignExport           *self);
char                 *pb_campaign_export_build_file_name             (const char                 *campaign_name,
                                                                      const char                 *campaign_id,
                                                                      GDateTime                  *now);
gint32                pb_campaign_export_get_central_european_offset (GDateTime                  *instant);

G_END_DECLS
