/* pb-campaign-export.c — the CSV results of a campaign, as Pix Orga exports them
 *
 * Copyright 2026 The Pix Bureau team
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server and the desktop (offline) both write campaign results through
 * this builder, so a teacher gets the same file whichever made it, and the
 * same file as Pix Orga's "Exporter les résultats": same columns in the same
 * order, same French titles, same values.
 *
 * The columns are decided once, when the export is created, as a list of
 * column kinds; the header and every row are then written from that one list,
 * so a row can never have more or fewer cells than the header.
 *
 * Values, where Pix's rules are not obvious:
 * - dates are the date part of the UTC timestamp ("YYYY-MM-DD"), as Pix's
 *   server formats them: a participation shared at 00:30 in Paris on the 16th
 *   is dated the 15th;
 * - booleans are "Oui" / "Non"; a result that does not exist yet (the
 *   participation is not shared) is "NA";
 * - learner fields a participant does not have (no class, no student number,
 *   no external id) are empty, not "NA": Pix writes them as empty cells, "NA"
 *   only marks results that are not available;
 * - rates are written in the C locale with a dot, rounded half up like Pix
 *   (lodash's _.round), without trailing zeros: "0.5", "1", "0.67".
 *
 * Known difference: Pix's own line serializer writes numbers unquoted with a
 * decimal comma (0,67), leaves text made only of digits and "-" (dates, ids)
 * unquoted, and prefixes text starting with = + - @ with a "'". We quote
 * every cell verbatim through PbCsvWriter, as our format rules say; the
 * decimal mark is the one character to change in format_fixed() if that
 * rule changes.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pb-campaign-export.h"
#include "pb-csv-writer.h"

#define NOT_AVAILABLE "NA"
#define YES "Oui"
#define NO "Non"

/* Rates have 2 decimals, the progression 3, as in Pix */
#define RATE_DECIMALS 2
#define PROGRESSION_DECIMALS 3

/* Knowledge-element statuses of PbCampaignExportRow.skill_status */
#define STATUS_VALIDATED "validated"
#define STATUS_INVALIDATED "invalidated"

#define CET_OFFSET (1 * 3600)
#define CEST_OFFSET (2 * 3600)

/* Most file systems (ext4, NTFS, APFS) refuse longer names */
#define FILE_NAME_MAX_BYTES 255
/* '/' and '\\' separate folders; the others are forbidden on Windows */
#define FILE_NAME_UNSAFE_CHARS "/\\:*?\"<>|"

typedef enum
{
  COLUMN_ORGANIZATION_NAME,
  COLUMN_CAMPAIGN_ID,
  COLUMN_CAMPAIGN_CODE,
  COLUMN_CAMPAIGN_NAME,
  COLUMN_TARGET_PROFILE_NAME,
  COLUMN_LAST_NAME,
  COLUMN_FIRST_NAME,
  COLUMN_DIVISION,
  COLUMN_GROUP,
  COLUMN_STUDENT_NUMBER,
  COLUMN_EXTERNAL_ID,
  /* Assessment */
  COLUMN_PROGRESSION,
  COLUMN_STARTED_ON,
  COLUMN_IS_SHARED,
  COLUMN_SHARED_ON,
  COLUMN_MASTERY_RATE,
  COLUMN_COMPETENCE_RATE,
  COLUMN_COMPETENCE_TARGETED,
  COLUMN_COMPETENCE_VALIDATED,
  COLUMN_AREA_RATE,
  COLUMN_AREA_TARGETED,
  COLUMN_AREA_VALIDATED,
  COLUMN_SKILL,
  /* Profiles collection ("Envoi (O/N)" and "Date de l'envoi" are
   * COLUMN_IS_SHARED and COLUMN_SHARED_ON under other titles) */
  COLUMN_PIX_SCORE,
  COLUMN_IS_CERTIFIABLE,
  COLUMN_CERTIFIABLE_COUNT,
  COLUMN_COMPETENCE_LEVEL,
  COLUMN_COMPETENCE_PIX,
} ColumnKind;

typedef struct
{
  ColumnKind  kind;
  guint       slot;   /* which competence, area or skill, for those kinds */
  char       *title;
} Column;

/* A skill of the target profile, in framework order */
typedef struct
{
  const PbSkill *skill;
  guint          competence_slot;
} TargetSkill;

/* A competence with at least one target skill */
typedef struct
{
  const PbCompetence *competence;
  guint               area_slot;
  guint               n_skills;
} TargetCompetence;

/* An area with at least one target skill */
typedef struct
{
  const PbArea *area;
  guint         n_skills;
} TargetArea;

typedef enum
{
  SKILL_NOT_TESTED,
  SKILL_VALIDATED,
  SKILL_INVALIDATED,
} SkillResult;

static const char * const skill_result_labels[] = {
  [SKILL_NOT_TESTED] = "Non testé",
  [SKILL_VALIDATED] = "OK",
  [SKILL_INVALIDATED] = "KO",
};

/* What one participation's knowledge gives on the target profile */
typedef struct
{
  guint        tested;                /* target skills validated or invalidated */
  guint       *competence_validated;  /* per target competence */
  guint       *area_validated;        /* per target area */
  SkillResult *skill_results;         /* per target skill */
} RowStats;

struct _PbCampaignExport
{
  GObject               parent_instance;

  PbFramework          *framework;
  PbCampaignExportType  type;
  PbCampaignExportInfo  info;         /* owns its strings */

  GArray               *skills;       /* of TargetSkill */
  GArray               *competences;  /* of TargetCompetence */
  GArray               *areas;        /* of TargetArea */
  GArray               *columns;      /* of Column */

  PbCsvWriter          *writer;
};

G_DEFINE_FINAL_TYPE (PbCampaignExport, pb_campaign_export, G_TYPE_OBJECT)

/* Number formatting */

static gint64
power_of_ten (guint exponent)
{
  gint64 value = 1;

  while (exponent-- > 0)
    value *= 10;

  return value;
}

/* @units in 10^-@decimals, as the shortest decimal: 50 in hundredths is
 * "0.5", 100 is "1", 67 is "0.67".
 */
static char *
format_fixed (gint64 units,
              guint  decimals)
{
  gint64 scale = power_of_ten (decimals);
  gint64 magnitude = ABS (units);
  g_autofree char *fraction = NULL;
  gsize len;

  if (magnitude % scale == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, units / scale);

  fraction = g_strdup_printf ("%0*" G_GINT64_FORMAT, (int)decimals, magnitude % scale);
  for (len = strlen (fraction); len > 0 && fraction[len - 1] == '0'; len--)
    fraction[len - 1] = '\0';

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%s",
                          units < 0 ? "-" : "", magnitude / scale, fraction);
}

/* @numerator / @denominator rounded half up, computed on integers so that it
 * is exact: lodash rounds the decimal value, and 5/8 = 0.625 must give 0.63.
 */
static char *
format_ratio (guint numerator,
              guint denominator,
              guint decimals)
{
  guint64 scale = power_of_ten (decimals);

  g_return_val_if_fail (denominator > 0, g_strdup (NOT_AVAILABLE));

  return format_fixed ((2 * (guint64)numerator * scale + denominator) / (2 * (guint64)denominator),
                       decimals);
}

/* Rounds @value to @decimals the way lodash's _.round does: it shifts the
 * shortest decimal text of the number ("0.285" → "0.285e2" = 28.5) and rounds
 * that half up, so 0.285 gives 0.29 although its binary value is 0.28499….
 */
static gint64
round_half_up (double value,
               guint  decimals)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE + 16];
  char format[16];
  char *exponent;

  /* The shortest "%.Ne" that reads back as the same double */
  for (guint precision = 0; precision <= 16; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%ue", precision);
      g_ascii_formatd (text, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (text, NULL) == value)
        break;
    }

  exponent = strchr (text, 'e');
  g_assert (exponent != NULL);
  g_snprintf (exponent, sizeof text - (exponent - text), "e%d",
              (int)g_ascii_strtoll (exponent + 1, NULL, 10) + (int)decimals);

  return (gint64)floor (g_ascii_strtod (text, NULL) + 0.5);
}

/* A rate is 0 … 1: a value that is not a number, or too large to scale to
 * an integer, is written "NA" rather than as garbage */
static char *
format_rate (double value,
             guint  decimals)
{
  if (!isfinite (value) || fabs (value) > 1e9)
    return g_strdup (NOT_AVAILABLE);

  return format_fixed (round_half_up (value, decimals), decimals);
}

/* The date part of a timestamp in UTC, as Pix's server writes dates.
 * Timestamps are ISO-8601; one without an offset is read as UTC, which is how
 * both programs store them.
 */
static char *
format_date (const char *timestamp)
{
  g_autoptr(GTimeZone) utc_zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) datetime = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (timestamp == NULL || timestamp[0] == '\0')
    return g_strdup (NOT_AVAILABLE);

  datetime = g_date_time_new_from_iso8601 (timestamp, utc_zone);
  if (datetime == NULL)
    {
      g_warning ("Campaign export: “%s” is not an ISO-8601 timestamp", timestamp);
      return g_strdup (NOT_AVAILABLE);
    }

  utc = g_date_time_to_utc (datetime);
  return g_date_time_format (utc, "%Y-%m-%d");
}

static const char *
yes_no (gboolean value)
{
  return value ? YES : NO;
}

/* Columns */

static void
column_clear (Column *column)
{
  g_free (column->title);
}

static void
add_column (PbCampaignExport *self,
            ColumnKind        kind,
            guint             slot,
            char             *title)
{
  Column column = { kind, slot, title };

  g_array_append_val (self->columns, column);
}

static void
add_fixed_column (PbCampaignExport *self,
                  ColumnKind        kind,
                  const char       *title)
{
  add_column (self, kind, 0, g_strdup (title));
}

/* Results: "NA" as long as the participant has not shared them. In the
 * assessment export, that is "Date du partage" and every column from
 * "% maitrise de l'ensemble des acquis du profil" on; in the profiles
 * collection, every column from "Date de l'envoi" on.
 */
static gboolean
column_needs_share (ColumnKind kind)
{
  switch (kind)
    {
    case COLUMN_SHARED_ON:
    case COLUMN_MASTERY_RATE:
    case COLUMN_COMPETENCE_RATE:
    case COLUMN_COMPETENCE_TARGETED:
    case COLUMN_COMPETENCE_VALIDATED:
    case COLUMN_AREA_RATE:
    case COLUMN_AREA_TARGETED:
    case COLUMN_AREA_VALIDATED:
    case COLUMN_SKILL:
    case COLUMN_PIX_SCORE:
    case COLUMN_IS_CERTIFIABLE:
    case COLUMN_CERTIFIABLE_COUNT:
    case COLUMN_COMPETENCE_LEVEL:
    case COLUMN_COMPETENCE_PIX:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_organization_type (PbCampaignExport *self,
                      const char       *type)
{
  /* Pix compares the exact type: an "SCO-1D" school is not "SCO" */
  return g_strcmp0 (self->info.organization_type, type) == 0;
}

/* Classe: SCO organizations that manage (import) their students */
static gboolean
has_division (PbCampaignExport *self)
{
  return self->info.organization_is_managing_students && is_organization_type (self, "SCO");
}

/* Groupe and Numéro Étudiant: SUP organizations that manage their students */
static gboolean
has_group_and_student_number (PbCampaignExport *self)
{
  return self->info.organization_is_managing_students && is_organization_type (self, "SUP");
}

static gboolean
has_external_id (PbCampaignExport *self)
{
  /* An empty label asks nothing, as in Pix where "" is falsy */
  return self->info.external_id_label != NULL && self->info.external_id_label[0] != '\0';
}

/* Columns 1 to 7 of the assessment export, 1 to 6 of the profiles collection */
static void
add_campaign_and_name_columns (PbCampaignExport *self)
{
  add_fixed_column (self, COLUMN_ORGANIZATION_NAME, "Nom de l'organisation");
  add_fixed_column (self, COLUMN_CAMPAIGN_ID, "ID Campagne");
  add_fixed_column (self, COLUMN_CAMPAIGN_CODE, "Code");
  add_fixed_column (self, COLUMN_CAMPAIGN_NAME, "Nom de la campagne");
  /* The target profile is "Parcours" in Pix Orga today ("Nom du Profil
   * Cible" in older exports); a profiles collection has none. */
  if (self->type == PB_CAMPAIGN_EXPORT_ASSESSMENT)
    add_fixed_column (self, COLUMN_TARGET_PROFILE_NAME, "Parcours");
  add_fixed_column (self, COLUMN_LAST_NAME, "Nom du Participant");
  add_fixed_column (self, COLUMN_FIRST_NAME, "Prénom du Participant");
  /* The extra columns of an organization's generic learner-import format
   * (Pix's LEARNER_IMPORT feature) would go here; we have no such import. */
}

static void
add_learner_columns (PbCampaignExport *self)
{
  /* Pix orders these differently in the two exports: Classe, Groupe,
   * Numéro Étudiant for assessments; Groupe, Classe, Numéro Étudiant for
   * profiles collections. Classe and Groupe never appear together (SCO
   * against SUP), but the order is kept as Pix writes it. */
  if (self->type == PB_CAMPAIGN_EXPORT_ASSESSMENT)
    {
      if (has_division (self))
        add_fixed_column (self, COLUMN_DIVISION, "Classe");
      if (has_group_and_student_number (self))
        add_fixed_column (self, COLUMN_GROUP, "Groupe");
    }
  else
    {
      if (has_group_and_student_number (self))
        add_fixed_column (self, COLUMN_GROUP, "Groupe");
      if (has_division (self))
        add_fixed_column (self, COLUMN_DIVISION, "Classe");
    }

  if (has_group_and_student_number (self))
    add_fixed_column (self, COLUMN_STUDENT_NUMBER, "Numéro Étudiant");

  if (has_external_id (self))
    add_fixed_column (self, COLUMN_EXTERNAL_ID, self->info.external_id_label);
}

static void
add_assessment_result_columns (PbCampaignExport *self)
{
  add_fixed_column (self, COLUMN_PROGRESSION, "% de progression");
  add_fixed_column (self, COLUMN_STARTED_ON, "Date de début");
  add_fixed_column (self, COLUMN_IS_SHARED, "Partage (O/N)");
  add_fixed_column (self, COLUMN_SHARED_ON, "Date du partage");
  /* Pix adds "Palier obtenu (/N)" here when the target profile has stages,
   * then one "{badge title} obtenu (O/N)" per badge; our target profiles
   * have neither stages nor badges. */
  add_fixed_column (self, COLUMN_MASTERY_RATE, "% maitrise de l'ensemble des acquis du profil");

  for (guint i = 0; i < self->competences->len; i++)
    {
      const char *name = g_array_index (self->competences, TargetCompetence, i).competence->name;

      add_column (self, COLUMN_COMPETENCE_RATE, i,
                  g_strdup_printf ("%% de maitrise des acquis de la compétence %s", name));
      add_column (self, COLUMN_COMPETENCE_TARGETED, i,
                  g_strdup_printf ("Nombre d'acquis du profil cible dans la compétence %s", name));
      add_column (self, COLUMN_COMPETENCE_VALIDATED, i,
                  g_strdup_printf ("Acquis maitrisés dans la compétence %s", name));
    }

  for (guint i = 0; i < self->areas->len; i++)
    {
      const char *title = g_array_index (self->areas, TargetArea, i).area->title;

      add_column (self, COLUMN_AREA_RATE, i,
                  g_strdup_printf ("%% de maitrise des acquis du domaine %s", title));
      add_column (self, COLUMN_AREA_TARGETED, i,
                  g_strdup_printf ("Nombre d'acquis du profil cible du domaine %s", title));
      add_column (self, COLUMN_AREA_VALIDATED, i,
                  g_strdup_printf ("Acquis maitrisés du domaine %s", title));
    }

  if (self->info.show_skills)
    {
      for (guint i = 0; i < self->skills->len; i++)
        add_column (self, COLUMN_SKILL, i,
                    g_strdup (g_array_index (self->skills, TargetSkill, i).skill->name));
    }
}

static void
add_profiles_collection_result_columns (PbCampaignExport *self)
{
  add_fixed_column (self, COLUMN_IS_SHARED, "Envoi (O/N)");
  add_fixed_column (self, COLUMN_SHARED_ON, "Date de l'envoi");
  add_fixed_column (self, COLUMN_PIX_SCORE, "Nombre de pix total");
  add_fixed_column (self, COLUMN_IS_CERTIFIABLE, "Certifiable (O/N)");
  add_fixed_column (self, COLUMN_CERTIFIABLE_COUNT, "Nombre de compétences certifiables");

  /* Every competence of the framework, whatever the participant worked on */
  for (guint i = 0; i < pb_framework_get_n_competences (self->framework); i++)
    {
      const char *name = pb_framework_get_competence (self->framework, i)->name;

      add_column (self, COLUMN_COMPETENCE_LEVEL, i,
                  g_strdup_printf ("Niveau pour la compétence %s", name));
      add_column (self, COLUMN_COMPETENCE_PIX, i,
                  g_strdup_printf ("Nombre de pix pour la compétence %s", name));
    }
}

/* Sorts the target skills into framework order (area, competence, tube,
 * level) and keeps the competences and areas that have some, in that order
 * too: the order of Pix's columns.
 */
static void
collect_target_skills (PbCampaignExport *self,
                       GPtrArray        *target_skills)
{
  g_autoptr(GHashTable) wanted = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < target_skills->len; i++)
    g_hash_table_add (wanted, g_ptr_array_index (target_skills, i));

  for (guint a = 0; a < pb_framework_get_n_areas (self->framework); a++)
    {
      const PbArea *area = pb_framework_get_area (self->framework, a);
      TargetArea target_area = { area, 0 };

      for (guint c = 0; c < area->competences->len; c++)
        {
          const PbCompetence *competence = g_ptr_array_index (area->competences, c);
          TargetCompetence target_competence = { competence, self->areas->len, 0 };

          for (guint t = 0; t < competence->tubes->len; t++)
            {
              const PbTube *tube = g_ptr_array_index (competence->tubes, t);

              for (guint s = 0; s < tube->skills->len; s++)
                {
                  TargetSkill target_skill = { g_ptr_array_index (tube->skills, s),
                                               self->competences->len };

                  if (!g_hash_table_contains (wanted, target_skill.skill))
                    continue;
                  g_array_append_val (self->skills, target_skill);
                  target_competence.n_skills++;
                }
            }

          if (target_competence.n_skills == 0)
            continue;
          g_array_append_val (self->competences, target_competence);
          target_area.n_skills += target_competence.n_skills;
        }

      if (target_area.n_skills > 0)
        g_array_append_val (self->areas, target_area);
    }

  if (self->skills->len != g_hash_table_size (wanted))
    g_critical ("%s: %u target skills are not skills of the framework",
                G_STRFUNC, g_hash_table_size (wanted) - self->skills->len);
}

/* Rows */

static SkillResult
lookup_skill_result (const PbCampaignExportRow *row,
                     const PbSkill             *skill)
{
  const char *status;

  if (row->skill_status == NULL)
    return SKILL_NOT_TESTED;

  /* Any other status (Pix's "reset", say) leaves the skill untested */
  status = g_hash_table_lookup (row->skill_status, skill->name);
  if (g_strcmp0 (status, STATUS_VALIDATED) == 0)
    return SKILL_VALIDATED;
  if (g_strcmp0 (status, STATUS_INVALIDATED) == 0)
    return SKILL_INVALIDATED;
  return SKILL_NOT_TESTED;
}

static void
row_stats_init (RowStats                  *stats,
                PbCampaignExport          *self,
                const PbCampaignExportRow *row)
{
  stats->tested = 0;
  stats->competence_validated = g_new0 (guint, self->competences->len);
  stats->area_validated = g_new0 (guint, self->areas->len);
  stats->skill_results = g_new0 (SkillResult, self->skills->len);

  for (guint i = 0; i < self->skills->len; i++)
    {
      const TargetSkill *target_skill = &g_array_index (self->skills, TargetSkill, i);
      const TargetCompetence *target_competence =
        &g_array_index (self->competences, TargetCompetence, target_skill->competence_slot);

      stats->skill_results[i] = lookup_skill_result (row, target_skill->skill);
      if (stats->skill_results[i] == SKILL_NOT_TESTED)
        continue;

      stats->tested++;
      if (stats->skill_results[i] == SKILL_VALIDATED)
        {
          stats->competence_validated[target_skill->competence_slot]++;
          stats->area_validated[target_competence->area_slot]++;
        }
    }
}

static void
row_stats_clear (RowStats *stats)
{
  g_clear_pointer (&stats->competence_validated, g_free);
  g_clear_pointer (&stats->area_validated, g_free);
  g_clear_pointer (&stats->skill_results, g_free);
}

/* 1 once the assessment is completed, else the share of target skills
 * tested so far, to 3 decimals. A target profile without skills (which Pix
 * does not allow) counts as nothing done rather than dividing by zero.
 */
static char *
format_progression (PbCampaignExport          *self,
                    const PbCampaignExportRow *row,
                    const RowStats            *stats)
{
  if (row->is_completed)
    return g_strdup ("1");
  if (self->skills->len == 0)
    return g_strdup ("0");

  return format_ratio (stats->tested, self->skills->len, PROGRESSION_DECIMALS);
}

static char *
format_competence_cell (PbCampaignExport *self,
                        const Column     *column,
                        const RowStats   *stats)
{
  const TargetCompetence *competence =
    &g_array_index (self->competences, TargetCompetence, column->slot);
  guint validated = stats->competence_validated[column->slot];

  if (column->kind == COLUMN_COMPETENCE_RATE)
    return format_ratio (validated, competence->n_skills, RATE_DECIMALS);
  if (column->kind == COLUMN_COMPETENCE_TARGETED)
    return g_strdup_printf ("%u", competence->n_skills);
  return g_strdup_printf ("%u", validated);
}

static char *
format_area_cell (PbCampaignExport *self,
                  const Column     *column,
                  const RowStats   *stats)
{
  const TargetArea *area = &g_array_index (self->areas, TargetArea, column->slot);
  guint validated = stats->area_validated[column->slot];

  if (column->kind == COLUMN_AREA_RATE)
    return format_ratio (validated, area->n_skills, RATE_DECIMALS);
  if (column->kind == COLUMN_AREA_TARGETED)
    return g_strdup_printf ("%u", area->n_skills);
  return g_strdup_printf ("%u", validated);
}

/* Returns: (transfer full) (nullable): the cell, %NULL for an empty one */
static char *
format_cell (PbCampaignExport          *self,
             const Column              *column,
             const PbCampaignExportRow *row,
             const RowStats            *stats)
{
  if (column_needs_share (column->kind) && !row->is_shared)
    return g_strdup (NOT_AVAILABLE);

  switch (column->kind)
    {
    case COLUMN_ORGANIZATION_NAME:
      return g_strdup (self->info.organization_name);
    case COLUMN_CAMPAIGN_ID:
      return g_strdup (self->info.campaign_id);
    case COLUMN_CAMPAIGN_CODE:
      return g_strdup (self->info.campaign_code);
    case COLUMN_CAMPAIGN_NAME:
      return g_strdup (self->info.campaign_name);
    case COLUMN_TARGET_PROFILE_NAME:
      return g_strdup (self->info.target_profile_name);
    case COLUMN_LAST_NAME:
      return g_strdup (row->last_name);
    case COLUMN_FIRST_NAME:
      return g_strdup (row->first_name);
    case COLUMN_DIVISION:
      return g_strdup (row->division);
    case COLUMN_GROUP:
      return g_strdup (row->group);
    case COLUMN_STUDENT_NUMBER:
      return g_strdup (row->student_number);
    case COLUMN_EXTERNAL_ID:
      return g_strdup (row->external_id);
    case COLUMN_PROGRESSION:
      return format_progression (self, row, stats);
    case COLUMN_STARTED_ON:
      return format_date (row->created_at);
    case COLUMN_IS_SHARED:
      return g_strdup (yes_no (row->is_shared));
    case COLUMN_SHARED_ON:
      return format_date (row->shared_at);
    case COLUMN_MASTERY_RATE:
      return format_rate (row->mastery_rate, RATE_DECIMALS);
    case COLUMN_COMPETENCE_RATE:
    case COLUMN_COMPETENCE_TARGETED:
    case COLUMN_COMPETENCE_VALIDATED:
      return format_competence_cell (self, column, stats);
    case COLUMN_AREA_RATE:
    case COLUMN_AREA_TARGETED:
    case COLUMN_AREA_VALIDATED:
      return format_area_cell (self, column, stats);
    case COLUMN_SKILL:
      return g_strdup (skill_result_labels[stats->skill_results[column->slot]]);
    case COLUMN_PIX_SCORE:
      return g_strdup_printf ("%u", row->pix_score);
    case COLUMN_IS_CERTIFIABLE:
      return g_strdup (yes_no (row->is_certifiable));
    case COLUMN_CERTIFIABLE_COUNT:
      return g_strdup_printf ("%u", row->certifiable_competences_count);
    case COLUMN_COMPETENCE_LEVEL:
      return g_strdup_printf ("%u", row->competence_scores[column->slot].level);
    case COLUMN_COMPETENCE_PIX:
      return g_strdup_printf ("%u", row->competence_scores[column->slot].pix);
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/* The writer refuses text that is not UTF-8 and would drop the cell, shifting
 * the rest of the row under the wrong titles: repair it instead. */
static void
add_cell (PbCsvWriter *writer,
          char        *cell)
{
  g_autofree char *owned = cell;

  if (owned != NULL && !g_utf8_validate (owned, -1, NULL))
    {
      char *valid = g_utf8_make_valid (owned, -1);

      g_free (owned);
      owned = valid;
    }

  pb_csv_writer_add_cell (writer, owned);
}

static void
write_header (PbCampaignExport *self)
{
  for (guint i = 0; i < self->columns->len; i++)
    add_cell (self->writer, g_strdup (g_array_index (self->columns, Column, i).title));

  pb_csv_writer_end_row (self->writer);
}

/* File names */

static char *
sanitize_file_name_part (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  GString *sanitized = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || (c < 0x80 && strchr (FILE_NAME_UNSAFE_CHARS, (int)c) != NULL))
        g_string_append_c (sanitized, '_');
      else
        g_string_append_len (sanitized, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (sanitized, FALSE);
}

/* Cuts @text to at most @max_bytes without splitting a UTF-8 character */
static void
truncate_utf8 (char  *text,
               gsize  max_bytes)
{
  char *end;

  if (strlen (text) <= max_bytes)
    return;

  end = text + max_bytes;
  while (end > text && (*end & 0xC0) == 0x80)
    end--;
  *end = '\0';
}

/* 01:00 UTC on the last Sunday of @month (whose last day is @last_day) */
static GDateTime *
last_sunday_at_one_utc (int year,
                        int month,
                        int last_day)
{
  g_autoptr(GDateTime) last_day_at_one = g_date_time_new_utc (year, month, last_day, 1, 0, 0);
  /* GLib numbers the days from Monday (1) to Sunday (7) */
  int days_since_sunday = g_date_time_get_day_of_week (last_day_at_one) % 7;

  return g_date_time_add_days (last_day_at_one, -days_since_sunday);
}

/* GObject */

static void
pb_campaign_export_dispose (GObject *object)
{
  PbCampaignExport *self = PB_CAMPAIGN_EXPORT (object);

  g_clear_object (&self->writer);
  g_clear_object (&self->framework);

  G_OBJECT_CLASS (pb_campaign_export_parent_class)->dispose (object);
}

static void
pb_campaign_export_finalize (GObject *object)
{
  PbCampaignExport *self = PB_CAMPAIGN_EXPORT (object);

  g_free ((char *)self->info.organization_name);
  g_free ((char *)self->info.organization_type);
  g_free ((char *)self->info.campaign_id);
  g_free ((char *)self->info.campaign_code);
  g_free ((char *)self->info.campaign_name);
  g_free ((char *)self->info.target_profile_name);
  g_free ((char *)self->info.external_id_label);
  g_clear_pointer (&self->skills, g_array_unref);
  g_clear_pointer (&self->competences, g_array_unref);
  g_clear_pointer (&self->areas, g_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);

  G_OBJECT_CLASS (pb_campaign_export_parent_class)->finalize (object);
}

static void
pb_campaign_export_class_init (PbCampaignExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_campaign_export_dispose;
  object_class->finalize = pb_campaign_export_finalize;
}

static void
pb_campaign_export_init (PbCampaignExport *self)
{
  self->skills = g_array_new (FALSE, FALSE, sizeof (TargetSkill));
  self->competences = g_array_new (FALSE, FALSE, sizeof (TargetCompetence));
  self->areas = g_array_new (FALSE, FALSE, sizeof (TargetArea));
  self->columns = g_array_new (FALSE, FALSE, sizeof (Column));
  g_array_set_clear_func (self->columns, (GDestroyNotify)column_clear);
  self->writer = pb_csv_writer_new ();
}

/* Public API */

/**
 * pb_campaign_export_new:
 * @framework: the competence framework the target skills belong to
 * @type: which export
 * @info: the organization and the campaign
 * @target_skills: (nullable) (element-type PbSkill): for
 *   %PB_CAMPAIGN_EXPORT_ASSESSMENT, the skills of the target profile, taken
 *   from @framework, in any order; %NULL for a profiles collection
 *
 * Starts an export: the header row is written at once, then one row per
 * participation with pb_campaign_export_add_row().
 *
 * Returns: (transfer full): the export
 */
PbCampaignExport *
pb_campaign_export_new (PbFramework                *framework,
                        PbCampaignExportType        type,
                        const PbCampaignExportInfo *info,
                        GPtrArray                  *target_skills)
{
  PbCampaignExport *self;

  g_return_val_if_fail (PB_IS_FRAMEWORK (framework), NULL);
  g_return_val_if_fail (type == PB_CAMPAIGN_EXPORT_ASSESSMENT ||
                        type == PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION, NULL);
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail ((type == PB_CAMPAIGN_EXPORT_ASSESSMENT) == (target_skills != NULL), NULL);

  self = g_object_new (PB_TYPE_CAMPAIGN_EXPORT, NULL);
  self->framework = g_object_ref (framework);
  self->type = type;
  self->info.organization_name = g_strdup (info->organization_name);
  self->info.organization_type = g_strdup (info->organization_type);
  self->info.organization_is_managing_students = info->organization_is_managing_students;
  /* Skill columns only exist in assessment exports */
  self->info.show_skills = info->show_skills && type == PB_CAMPAIGN_EXPORT_ASSESSMENT;
  self->info.campaign_id = g_strdup (info->campaign_id);
  self->info.campaign_code = g_strdup (info->campaign_code);
  self->info.campaign_name = g_strdup (info->campaign_name);
  self->info.target_profile_name = g_strdup (info->target_profile_name);
  self->info.external_id_label = g_strdup (info->external_id_label);

  add_campaign_and_name_columns (self);
  add_learner_columns (self);
  if (type == PB_CAMPAIGN_EXPORT_ASSESSMENT)
    {
      collect_target_skills (self, target_skills);
      add_assessment_result_columns (self);
    }
  else
    {
      add_profiles_collection_result_columns (self);
    }

  write_header (self);
  return self;
}

PbCampaignExportType
pb_campaign_export_get_export_type (PbCampaignExport *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_EXPORT (self), PB_CAMPAIGN_EXPORT_ASSESSMENT);

  return self->type;
}

/**
 * pb_campaign_export_get_n_columns:
 *
 * Returns: the number of cells of the header and of every row
 */
guint
pb_campaign_export_get_n_columns (PbCampaignExport *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_EXPORT (self), 0);

  return self->columns->len;
}

/**
 * pb_campaign_export_add_row:
 * @self: a #PbCampaignExport
 * @row: one participation
 *
 * Writes the row of one participation. Rows come out in the order they are
 * added: Pix sorts them by participant name, let the query do the same.
 */
void
pb_campaign_export_add_row (PbCampaignExport          *self,
                            const PbCampaignExportRow *row)
{
  RowStats stats;

  g_return_if_fail (PB_IS_CAMPAIGN_EXPORT (self));
  g_return_if_fail (row != NULL);
  g_return_if_fail (self->type != PB_CAMPAIGN_EXPORT_PROFILES_COLLECTION ||
                    !row->is_shared || row->competence_scores != NULL);

  row_stats_init (&stats, self, row);

  for (guint i = 0; i < self->columns->len; i++)
    {
      const Column *column = &g_array_index (self->columns, Column, i);

      add_cell (self->writer, format_cell (self, column, row, &stats));
    }
  pb_csv_writer_end_row (self->writer);

  row_stats_clear (&stats);
}

/**
 * pb_campaign_export_to_bytes:
 * @self: a #PbCampaignExport
 *
 * Returns: (transfer full): the CSV document so far, header and rows: UTF-8
 *   with a BOM, ";" between cells, every cell quoted, "\n" after each row
 */
GBytes *
pb_campaign_export_to_bytes (PbCampaignExport *self)
{
  g_return_val_if_fail (PB_IS_CAMPAIGN_EXPORT (self), NULL);

  return pb_csv_writer_to_bytes (self->writer);
}

/**
 * pb_campaign_export_build_file_name:
 * @campaign_name: the campaign's name
 * @campaign_id: the campaign's id
 * @now: (nullable): the time of the export; %NULL for now
 *
 * Names the export as Pix does, `Resultats-{name}-{id}-{YYYY-MM-DD-HHmm}.csv`,
 * the time taken in French local time (Pix's server uses Europe/Berlin, the
 * same rules). Where the time-zone database is missing (Windows knows no
 * "Europe/Berlin", minimal containers have no tzdata), the EU rule is applied
 * in code: see pb_campaign_export_get_central_european_offset().
 *
 * Characters that no file system or browser accepts in a name — '/', '\\',
 * control characters and the Windows-forbidden : * ? " < > | — become '_'.
 * The campaign name is shortened, if needed, so that the whole name fits in
 * 255 bytes, the limit of most file systems.
 *
 * Returns: (transfer full): the file name, in UTF-8
 */
char *
pb_campaign_export_build_file_name (const char *campaign_name,
                                    const char *campaign_id,
                                    GDateTime  *now)
{
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  gsize fixed_len;

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  zone = g_time_zone_new_identifier ("Europe/Berlin");
  if (zone == NULL)
    zone = g_time_zone_new_offset (pb_campaign_export_get_central_european_offset (current));
  local = g_date_time_to_timezone (current, zone);
  stamp = g_date_time_format (local, "%Y-%m-%d-%H%M");

  name = sanitize_file_name_part (campaign_name);
  id = sanitize_file_name_part (campaign_id);

  fixed_len = strlen ("Resultats--") + strlen (id) + strlen ("-") + strlen (stamp) +
              strlen (".csv");
  truncate_utf8 (name, fixed_len < FILE_NAME_MAX_BYTES ? FILE_NAME_MAX_BYTES - fixed_len : 0);

  return g_strdup_printf ("Resultats-%s-%s-%s.csv", name, id, stamp);
}

/**
 * pb_campaign_export_get_central_european_offset:
 * @instant: a time, in any time zone
 *
 * The offset of French (and German) local time from UTC at @instant by the
 * EU rule in force since 1996: UTC+2 from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October, UTC+1 otherwise. It is
 * the fallback of pb_campaign_export_build_file_name() when the system has no
 * time-zone database.
 *
 * Returns: the offset in seconds, 3600 or 7200
 */
gint32
pb_campaign_export_get_central_european_offset (GDateTime *instant)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) summer_start = NULL;
  g_autoptr(GDateTime) summer_end = NULL;
  int year;

  g_return_val_if_fail (instant != NULL, CET_OFFSET);

  utc = g_date_time_to_utc (instant);
  year = g_date_time_get_year (utc);
  summer_start = last_sunday_at_one_utc (year, 3, 31);
  summer_end = last_sunday_at_one_utc (year, 10, 31);

  if (g_date_time_compare (utc, summer_start) >= 0 && g_date_time_compare (utc, summer_end) < 0)
    return CEST_OFFSET;

  return CET_OFFSET;
}
