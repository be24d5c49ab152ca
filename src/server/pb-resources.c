/* pb-resources.c
 *
 * The resources clients read: one place says which columns make each one
 * and how it looks in JSON:API, so GET routes, write responses, 412 bodies
 * and the changes feed always agree. Every resource carries
 * meta.version, the number its ETag and If-Match use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "pb-jsonapi.h"
#include "pb-resources.h"

#define text(row, column) pb_db_statement_get_text ((row), (column))

static void
add_text_columns (JsonBuilder         *builder,
                  PbDbStatement       *row,
                  guint                first_column,
                  const char * const  *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    pb_jsonapi_add_string (builder, names[i], text (row, first_column + i));
}

/* NULL columns are JSON nulls: "not computed yet" differs from 0. */
static void
add_optional_int (JsonBuilder   *builder,
                  const char    *name,
                  PbDbStatement *row,
                  guint          column)
{
  json_builder_set_member_name (builder, name);
  if (text (row, column) == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, pb_db_statement_get_int64 (row, column));
}

static void
add_optional_bool (JsonBuilder   *builder,
                   const char    *name,
                   PbDbStatement *row,
                   guint          column)
{
  json_builder_set_member_name (builder, name);
  if (text (row, column) == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, pb_db_statement_get_int64 (row, column) != 0);
}

static void
add_optional_double (JsonBuilder   *builder,
                     const char    *name,
                     PbDbStatement *row,
                     guint          column)
{
  json_builder_set_member_name (builder, name);
  if (text (row, column) == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, g_ascii_strtod (text (row, column), NULL));
}

static void
render_organization (JsonBuilder   *builder,
                     PbDbStatement *row)
{
  static const char * const names[] = { "name", "type", "external-id", NULL };

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  add_text_columns (builder, row, 3, names);
  pb_jsonapi_add_bool (builder, "is-managing-students", pb_db_statement_get_int64 (row, 6) != 0);
  json_builder_end_object (builder);
}

const PbResourceKind pb_resource_organizations = {
  "organizations",
  "SELECT r.id, r.version, r.id, r.name, r.type, r.uai, r.is_managing_students FROM organizations r",
  render_organization,
};

/* Learner columns from 3 on, in the order of learner_attributes. */
#define LEARNER_COLUMNS \
  "r.last_name, r.preferred_last_name, r.first_name, r.middle_name, r.third_name, r.sex, " \
  "r.birthdate, r.birth_city, r.birth_city_code, r.birth_province_code, r.birth_country_code, " \
  "r.national_student_id, r.student_number, r.mef_code, r.status, r.division, r.email, " \
  "r.department, r.educational_team, r.group_name, r.diploma, r.study_scheme, r.is_disabled, " \
  "r.user_id, r.pix_score, r.is_certifiable, r.certifiable_at"

static void
render_learner (JsonBuilder   *builder,
                PbDbStatement *row)
{
  static const char * const names[] = {
    "last-name", "preferred-last-name", "first-name", "middle-name", "third-name", "sex",
    "birthdate", "birth-city", "birth-city-code", "birth-province-code", "birth-country-code",
    "national-student-id", "student-number", "mef-code", "status", "division", "email",
    "department", "educational-team", "group", "diploma", "study-scheme", NULL
  };

  guint next = 3 + G_N_ELEMENTS (names) - 1;

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  add_text_columns (builder, row, 3, names);
  pb_jsonapi_add_bool (builder, "is-disabled", pb_db_statement_get_int64 (row, next) != 0);
  /* The account the pupil reconciled with, and the profile of the last
   * share: null until then. */
  pb_jsonapi_add_string (builder, "user-id", text (row, next + 1));
  add_optional_int (builder, "pix-score", row, next + 2);
  add_optional_bool (builder, "is-certifiable", row, next + 3);
  pb_jsonapi_add_string (builder, "certifiable-at", text (row, next + 4));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "organization", "organizations", text (row, 2));
  json_builder_end_object (builder);
}

const PbResourceKind pb_resource_learners = {
  "organization-learners",
  "SELECT r.id, r.version, r.organization_id, " LEARNER_COLUMNS " FROM organization_learners r",
  render_learner,
};

static void
render_division (JsonBuilder   *builder,
                 PbDbStatement *row)
{
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "name", text (row, 3));
  json_builder_end_object (builder);
}

const PbResourceKind pb_resource_divisions = {
  "divisions",
  "SELECT r.id, r.version, r.organization_id, r.name FROM divisions r",
  render_division,
};

static void
render_campaign (JsonBuilder   *builder,
                 PbDbStatement *row)
{
  static const char * const names[] = {
    "name", "code", "type", "title", "custom-landing-page-text", "external-id-label",
    "external-id-type", "created-at", "archived-at", NULL
  };

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  add_text_columns (builder, row, 3, names);
  pb_jsonapi_add_bool (builder, "multiple-sendings", pb_db_statement_get_int64 (row, 12) != 0);
  pb_jsonapi_add_bool (builder, "is-archived", text (row, 11) != NULL);
  pb_jsonapi_add_string (builder, "owner-id", text (row, 14));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "organization", "organizations", text (row, 2));
  pb_jsonapi_add_relationship (builder, "target-profile", "target-profiles", text (row, 13));
  pb_jsonapi_add_relationship (builder, "owner", "users", text (row, 14));
  pb_jsonapi_add_relationship (builder, "creator", "users", text (row, 15));
  json_builder_end_object (builder);
}

const PbResourceKind pb_resource_campaigns = {
  "campaigns",
  "SELECT r.id, r.version, r.organization_id, r.name, r.code, r.type, r.title, "
  "r.custom_landing_page_text, r.external_id_label, r.external_id_type, r.created_at, r.archived_at, "
  "r.multiple_sendings, r.target_profile_id, r.owner_id, r.creator_id FROM campaigns r",
  render_campaign,
};

static void
render_membership (JsonBuilder   *builder,
                   PbDbStatement *row)
{
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "organization-role", text (row, 3));
  pb_jsonapi_add_string (builder, "first-name", text (row, 5));
  pb_jsonapi_add_string (builder, "last-name", text (row, 6));
  pb_jsonapi_add_string (builder, "email", text (row, 7));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "organization", "organizations", text (row, 2));
  pb_jsonapi_add_relationship (builder, "user", "users", text (row, 4));
  json_builder_end_object (builder);
}

/* Members are shown with their names: a membership alone means nothing to
 * a teacher looking at the team list. */
const PbResourceKind pb_resource_memberships = {
  "memberships",
  "SELECT r.id, r.version, r.organization_id, r.role, r.user_id, u.first_name, u.last_name, u.email "
  "FROM users u JOIN memberships r ON r.user_id = u.id",
  render_membership,
};

/* The results columns are null until the learner shares; "results" is
 * the JSON snapshot made then (per competence, and per target skill for an
 * ASSESSMENT campaign). */
static void
render_participation (JsonBuilder   *builder,
                      PbDbStatement *row)
{
  static const char * const names[] = { "status", "participant-external-id", "created-at", "shared-at", NULL };
  g_autoptr(JsonNode) results = NULL;

  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  add_text_columns (builder, row, 3, names);
  pb_jsonapi_add_bool (builder, "is-improved", pb_db_statement_get_int64 (row, 7) != 0);
  add_optional_int (builder, "validated-skills-count", row, 8);
  add_optional_int (builder, "pix-score", row, 9);
  add_optional_double (builder, "mastery-rate", row, 10);
  add_optional_bool (builder, "is-certifiable", row, 11);
  add_optional_int (builder, "certifiable-competences-count", row, 12);
  json_builder_set_member_name (builder, "results");
  results = text (row, 13) != NULL ? json_from_string (text (row, 13), NULL) : NULL;
  json_builder_add_value (builder, results != NULL ? g_steal_pointer (&results) : json_node_new (JSON_NODE_NULL));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "campaign", "campaigns", text (row, 17));
  pb_jsonapi_add_relationship (builder, "organization-learner", "organization-learners", text (row, 14));
  pb_jsonapi_add_relationship (builder, "user", "users", text (row, 15));
  pb_jsonapi_add_relationship (builder, "assessment", "assessments", text (row, 16));
  json_builder_end_object (builder);
}

/* The assessment is the latest one. */
const PbResourceKind pb_resource_participations = {
  "campaign-participations",
  "SELECT r.id, r.version, r.organization_id, r.status, r.participant_external_id, r.created_at, r.shared_at, "
  "r.is_improved, r.validated_skills_count, r.pix_score, r.mastery_rate, r.is_certifiable, "
  "r.certifiable_competences_count, r.results, r.organization_learner_id, r.user_id, "
  "(SELECT a.id FROM assessments a WHERE a.campaign_participation_id = r.id ORDER BY a.created_at DESC LIMIT 1), "
  "r.campaign_id "
  "FROM campaign_participations r",
  render_participation,
};

static void
render_scorecard (JsonBuilder   *builder,
                  PbDbStatement *row)
{
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "competence-index", text (row, 4));
  pb_jsonapi_add_int (builder, "earned-pix", pb_db_statement_get_int64 (row, 5));
  pb_jsonapi_add_int (builder, "level", pb_db_statement_get_int64 (row, 6));
  pb_jsonapi_add_string (builder, "shared-at", text (row, 7));
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "relationships");
  json_builder_begin_object (builder);
  pb_jsonapi_add_relationship (builder, "organization-learner", "organization-learners", text (row, 3));
  json_builder_end_object (builder);
}

/* A learner's profile as last shared with the organization, one
 * competence per record. */
const PbResourceKind pb_resource_scorecards = {
  "scorecards",
  "SELECT r.id, r.version, r.organization_id, r.organization_learner_id, r.competence_index, r.pix, "
  "r.level, r.shared_at "
  "FROM shared_scorecards r",
  render_scorecard,
};

const PbResourceKind *
pb_resource_kind_lookup (const char *type)
{
  static const PbResourceKind *kinds[] = {
    &pb_resource_organizations, &pb_resource_learners, &pb_resource_divisions,
    &pb_resource_campaigns, &pb_resource_memberships, &pb_resource_participations,
    &pb_resource_scorecards,
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i]->type, type))
      return kinds[i];
  return NULL;
}

/* One resource object, with meta.version, and meta.seq and meta.op when
 * @seq is not 0 (the changes feed). */
void
pb_resource_add_change (JsonBuilder          *builder,
                        const PbResourceKind *kind,
                        PbDbStatement        *row,
                        gint64                seq)
{
  pb_jsonapi_begin_resource (builder, kind->type, text (row, 0));
  kind->render (builder, row);
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  pb_jsonapi_add_int (builder, "version", pb_db_statement_get_int64 (row, 1));
  if (seq != 0)
    {
      pb_jsonapi_add_int (builder, "seq", seq);
      pb_jsonapi_add_string (builder, "op", "put");
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
pb_resource_add (JsonBuilder          *builder,
                 const PbResourceKind *kind,
                 PbDbStatement        *row)
{
  pb_resource_add_change (builder, kind, row, 0);
}

/**
 * pb_resource_fetch:
 * @document: (out) (optional) (transfer full): {"data": resource}, or
 *   %NULL when there is no such record
 * @version: (out) (optional): its version
 * @organization_id: (out) (optional) (transfer full): its organization
 */
gboolean
pb_resource_fetch (const PbResourceKind  *kind,
                   PbDb                  *db,
                   const char            *id,
                   JsonNode             **document,
                   gint64                *version,
                   char                 **organization_id,
                   GError               **error)
{
  g_autofree char *sql = g_strconcat (kind->select, " WHERE r.id = $1", NULL);
  g_autoptr(PbDbStatement) select = pb_db_prepare (db, sql, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) local_error = NULL;
  gboolean found;

  if (document != NULL)
    *document = NULL;
  if (organization_id != NULL)
    *organization_id = NULL;
  if (select == NULL)
    return FALSE;

  pb_db_statement_bind_text (select, 1, id);
  found = pb_db_statement_step (select, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!found)
    return TRUE;

  if (version != NULL)
    *version = pb_db_statement_get_int64 (select, 1);
  if (organization_id != NULL)
    *organization_id = g_strdup (text (select, 2));
  if (document != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "data");
      pb_resource_add (builder, kind, select);
      json_builder_end_object (builder);
      *document = json_builder_get_root (builder);
    }

  return TRUE;
}

/* Adds every row of @rows as a resource to the open array of @builder. */
gboolean
pb_resource_write_list (JsonBuilder          *builder,
                        PbDbStatement        *rows,
                        const PbResourceKind *kind,
                        GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  while (pb_db_statement_step (rows, &local_error))
    pb_resource_add (builder, kind, rows);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static PbDbStatement *
prepare_bound (PbDb        *db,
               const char  *sql,
               GPtrArray   *parameters,
               GError     **error)
{
  PbDbStatement *statement = pb_db_prepare (db, sql, error);

  for (guint i = 0; statement != NULL && i < parameters->len; i++)
    pb_db_statement_bind_text (statement, i + 1, g_ptr_array_index (parameters, i));
  return statement;
}

static gboolean
count_rows (PbDb        *db,
            const char  *sql,
            GPtrArray   *parameters,
            gint64      *count,
            GError     **error)
{
  g_autofree char *count_sql = g_strconcat ("SELECT COUNT(*) FROM (", sql, ") t", NULL);
  g_autoptr(PbDbStatement) select = prepare_bound (db, count_sql, parameters, error);
  g_autoptr(GError) local_error = NULL;

  if (select == NULL)
    return FALSE;
  if (!pb_db_statement_step (select, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, PB_DB_ERROR, PB_DB_ERROR_FAILED, "COUNT returned no row");
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  *count = pb_db_statement_get_int64 (select, 0);
  return TRUE;
}

/**
 * pb_resource_respond_page:
 * @where: " WHERE …" over the kind's select, with $1… for @parameters
 * @order: the ORDER BY list; end it with a unique column so that pages
 *   never overlap
 *
 * Answers one page of @kind with Pix's paging meta. Call within one
 * transaction so that the count and the page agree.
 */
gboolean
pb_resource_respond_page (PbRequest             *request,
                          PbDb                  *db,
                          const PbResourceKind  *kind,
                          const char            *where,
                          const char            *order,
                          GPtrArray             *parameters,
                          gint64                 page,
                          gint64                 page_size,
                          GError               **error)
{
  g_autofree char *filtered = g_strconcat (kind->select, where, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(PbDbStatement) rows = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;
  gint64 count;

  if (!count_rows (db, filtered, parameters, &count, error))
    return FALSE;

  sql = g_strdup_printf ("%s ORDER BY %s LIMIT %" G_GINT64_FORMAT " OFFSET %" G_GINT64_FORMAT,
                         filtered, order, page_size, (page - 1) * page_size);
  rows = prepare_bound (db, sql, parameters, error);
  if (rows == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  if (!pb_resource_write_list (builder, rows, kind, error))
    return FALSE;
  json_builder_end_array (builder);
  pb_jsonapi_add_page_meta (builder, page, page_size, count);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

/**
 * pb_resource_respond:
 *
 * Answers with one record as stored, its ETag, and @status; 404 when there
 * is no such record.
 */
gboolean
pb_resource_respond (PbRequest             *request,
                     PbDb                  *db,
                     const PbResourceKind  *kind,
                     const char            *id,
                     guint                  status,
                     GError               **error)
{
  g_autoptr(JsonNode) document = NULL;
  gint64 version;

  if (!pb_resource_fetch (kind, db, id, &document, &version, NULL, error))
    return FALSE;
  if (document == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such resource on this server.", NULL);
      return TRUE;
    }
  pb_request_set_etag (request, version);
  pb_request_respond_json (request, status, NULL, document);
  return TRUE;
}
