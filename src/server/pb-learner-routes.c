/* pb-learner-routes.c
 *
 * An organization's learners: the paged list teachers browse, and the
 * imports that fill it — SIECLE (XML, plain or zipped) or the SCO CSV on
 * …/sco-organization-learners/import-siecle?format=xml|csv, and the SUP
 * CSV on …/sup-organization-learners/import-csv. Only administrators
 * import. An import is all or nothing: a file with any error changes
 * nothing and the answer lists every error, so the referent fixes the file
 * once rather than error by error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-access.h"
#include "pb-api-response.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-learner-import.h"
#include "pb-learner-routes.h"
#include "pb-learner-store.h"
#include "pb-resources.h"
#include "pb-search.h"
#include "pb-server.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"
#include "pb-write.h"

typedef struct
{
  gint64  page;
  gint64  page_size;
  GStrv   divisions;
  GStrv   search_words;
} LearnerQuery;

static void
learner_query_free (LearnerQuery *query)
{
  g_strfreev (query->divisions);
  g_strfreev (query->search_words);
  g_free (query);
}

/* WHERE clause and its parameters ($1 is the organization). */
static char *
learner_filter (LearnerQuery *query,
                GPtrArray    *parameters)
{
  GString *where = g_string_new (" WHERE r.organization_id = $1 AND r.is_disabled = 0");

  pb_search_add_in_condition (where, parameters, "r.division", query->divisions);
  pb_search_add_conditions (where, parameters, query->search_words);

  return g_string_free (where, FALSE);
}

static gboolean
read_learners (PbRequest   *request,
               PbDb        *db,
               const char  *organization_id,
               GError     **error)
{
  LearnerQuery *query = pb_request_get_data (request);
  g_autoptr(GPtrArray) parameters = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *where = learner_filter (query, parameters);

  g_ptr_array_insert (parameters, 0, g_strdup (organization_id));
  return pb_resource_respond_page (request, db, &pb_resource_learners, where,
                                   "r.last_name, r.first_name, r.id", parameters,
                                   query->page, query->page_size, error);
}

static void
learners_work (PbRequest *request,
               PbStorage *storage)
{
  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_MEMBER, read_learners);
}

static void
learners_handler (PbRequest *request)
{
  LearnerQuery *query = g_new0 (LearnerQuery, 1);
  g_autofree char *search = NULL;

  pb_request_set_data (request, query, (GDestroyNotify)learner_query_free);
  if (!pb_identity_authenticate (request) ||
      !pb_jsonapi_parse_page (request, &query->page, &query->page_size))
    return;

  query->divisions = pb_jsonapi_get_list_filter (request, "divisions");
  search = pb_request_dup_query (request, "filter[search]");
  query->search_words = pb_search_words (search);

  pb_request_defer (request, learners_work);
}

/* ------------------------------------------------------------------ */
/* Imports                                                             */

typedef struct
{
  PbLearnerFormat  format;
  char            *organization_type;
  char            *uai;
  gboolean         managing_students;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->organization_type);
  g_free (job->uai);
  g_free (job);
}

static gboolean
read_organization_kind (PbRequest   *request,
                        PbDb        *db,
                        const char  *organization_id,
                        GError     **error)
{
  ImportJob *job = pb_request_get_data (request);
  gboolean found;
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, "SELECT type, uai, is_managing_students FROM organizations WHERE id = $1",
                                                      organization_id, &found, error);

  if (found)
    {
      job->organization_type = g_strdup (pb_db_statement_get_text (select, 0));
      job->uai = g_strdup (pb_db_statement_get_text (select, 1));
      job->managing_students = pb_db_statement_get_int64 (select, 2) != 0;
    }
  return select != NULL;
}

/* An error (with @status) or a warning (@status 0: no status or title, a
 * warning is not an HTTP error). */
static void
add_issue (JsonBuilder         *builder,
           const PbImportIssue *issue,
           guint                status)
{
  if (status != 0)
    pb_api_begin_error (builder, status, issue->code, issue->detail, NULL);
  else
    {
      json_builder_begin_object (builder);
      pb_jsonapi_add_string (builder, "code", issue->code);
      pb_jsonapi_add_string (builder, "detail", issue->detail);
    }
  json_builder_set_member_name (builder, "meta");
  json_builder_begin_object (builder);
  if (issue->line > 0)
    pb_jsonapi_add_int (builder, "line", issue->line);
  if (issue->pupil_id != NULL)
    pb_jsonapi_add_string (builder, "pupil-id", issue->pupil_id);
  if (issue->field != NULL)
    pb_jsonapi_add_string (builder, "field", issue->field);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
respond_invalid_file (PbRequest    *request,
                      PbLearnerSet *set)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < set->errors->len; i++)
    add_issue (builder, g_ptr_array_index (set->errors, i), SOUP_STATUS_UNPROCESSABLE_ENTITY);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, NULL, document);
}

static const char *
format_name (PbLearnerFormat format)
{
  switch (format)
    {
    case PB_LEARNER_FORMAT_SIECLE_XML:
      return "SIECLE_XML";
    case PB_LEARNER_FORMAT_SCO_CSV:
      return "SCO_CSV";
    case PB_LEARNER_FORMAT_SUP_CSV:
    default:
      return "SUP_CSV";
    }
}

static gboolean
record_import (PbRequest             *request,
               PbDb                  *db,
               const char            *organization_id,
               PbLearnerSet          *set,
               const PbImportCounts  *counts,
               GError               **error)
{
  ImportJob *job = pb_request_get_data (request);
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *now = pb_timestamp_now ();
  g_autoptr(PbDbStatement) insert = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) document = NULL;

  insert = pb_db_prepare (db,
                          "INSERT INTO organization_imports (id, organization_id, format, status, created_count, "
                          "updated_count, disabled_count, warnings_count, created_by, created_at) "
                          "VALUES ($1, $2, $3, 'IMPORTED', $4, $5, $6, $7, $8, $9)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, organization_id);
  pb_db_statement_bind_text (insert, 3, format_name (job->format));
  pb_db_statement_bind_int64 (insert, 4, counts->created);
  pb_db_statement_bind_int64 (insert, 5, counts->updated);
  pb_db_statement_bind_int64 (insert, 6, counts->disabled);
  pb_db_statement_bind_int64 (insert, 7, set->warnings->len);
  pb_db_statement_bind_text (insert, 8, pb_request_get_user_id (request));
  pb_db_statement_bind_text (insert, 9, now);
  if (!pb_db_statement_run (insert, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  pb_jsonapi_begin_resource (builder, "organization-imports", id);
  json_builder_set_member_name (builder, "attributes");
  json_builder_begin_object (builder);
  pb_jsonapi_add_string (builder, "status", "IMPORTED");
  pb_jsonapi_add_string (builder, "format", format_name (job->format));
  pb_jsonapi_add_int (builder, "created", counts->created);
  pb_jsonapi_add_int (builder, "updated", counts->updated);
  pb_jsonapi_add_int (builder, "disabled", counts->disabled);
  pb_jsonapi_add_string (builder, "created-at", now);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < set->warnings->len; i++)
    add_issue (builder, g_ptr_array_index (set->warnings, i), 0);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  document = json_builder_get_root (builder);
  pb_request_respond_json (request, SOUP_STATUS_OK, NULL, document);
  return TRUE;
}

static void
apply_import (PbRequest    *request,
              PbStorage    *storage,
              PbLearnerSet *set)
{
  ImportJob *job = pb_request_get_data (request);
  const char *organization_id = pb_request_get_param (request, "id");
  g_autoptr(GError) error = NULL;
  PbImportCounts counts;
  PbAccess access;
  gboolean ok;
  PbDb *db;

  if ((db = pb_write_begin (request, storage)) == NULL)
    return;

  /* Again, inside the transaction: the role may have changed meanwhile. */
  access = pb_access_require (request, db, organization_id, PB_ROLE_ADMIN, &error);
  ok = access != PB_ACCESS_FAILED;
  if (access == PB_ACCESS_GRANTED)
    ok = pb_learner_store_apply (db, organization_id, set, job->format != PB_LEARNER_FORMAT_SUP_CSV,
                                 &counts, &error) &&
         record_import (request, db, organization_id, set, &counts, &error);

  pb_write_finish (request, storage, db, ok, error);
}

static gboolean
organization_takes_format (PbRequest *request,
                           ImportJob *job)
{
  const char *needed = job->format == PB_LEARNER_FORMAT_SUP_CSV ? "SUP" : "SCO";
  g_autofree char *detail = NULL;

  if (g_strcmp0 (job->organization_type, needed) != 0)
    {
      detail = g_strdup_printf ("This import is for %s organizations.", needed);
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "WRONG_ORGANIZATION_TYPE", detail, NULL);
      return FALSE;
    }

  /* Only a school known by its UAI manages its pupils (pix-domain §7.1):
   * without one, nothing could tell its SIECLE file from another school's. */
  if (job->format != PB_LEARNER_FORMAT_SUP_CSV && !job->managing_students)
    {
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "NOT_MANAGING_STUDENTS",
                                "This organization does not manage its pupils: it has no UAI. "
                                "Ask the server's administrator to set it.", NULL);
      return FALSE;
    }
  return TRUE;
}

/* In a worker: who, then what the file says, then the write. The file is
 * parsed with no database connection held: a 20 MB SIECLE file takes a
 * moment and must not stall other requests.
 */
static void
import_work (PbRequest *request,
             PbStorage *storage)
{
  ImportJob *job = pb_request_get_data (request);
  g_autoptr(PbLearnerSet) set = NULL;
  g_autoptr(GError) error = NULL;

  pb_access_read (request, storage, pb_request_get_param (request, "id"), PB_ROLE_ADMIN, read_organization_kind);
  if (pb_request_get_status (request) != 0 || !organization_takes_format (request, job))
    return;

  set = pb_learner_set_parse (job->format, pb_request_get_body (request),
                              job->format == PB_LEARNER_FORMAT_SIECLE_XML ? job->uai : NULL, &error);
  if (set == NULL)
    pb_request_respond_error (request,
                              g_error_matches (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_TOO_LARGE)
                                ? SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE : SOUP_STATUS_UNPROCESSABLE_ENTITY,
                              g_error_matches (error, PB_LEARNER_IMPORT_ERROR, PB_LEARNER_IMPORT_ERROR_TOO_LARGE)
                                ? "FILE_TOO_LARGE" : "INVALID_FILE",
                              error->message, NULL);
  else if (set->errors->len > 0)
    respond_invalid_file (request, set);
  else
    apply_import (request, storage, set);
}

static void
start_import (PbRequest       *request,
              PbLearnerFormat  format)
{
  ImportJob *job = g_new0 (ImportJob, 1);

  job->format = format;
  pb_request_set_data (request, job, (GDestroyNotify)import_job_free);
  if (g_bytes_get_size (pb_request_get_body (request)) == 0)
    {
      pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "EMPTY_FILE",
                                "Send the file as the request body.", NULL);
      return;
    }
  pb_request_defer (request, import_work);
}

static void
import_siecle_handler (PbRequest *request)
{
  g_autofree char *format = NULL;

  if (!pb_identity_authenticate (request))
    return;

  format = pb_request_dup_query (request, "format");
  if (g_strcmp0 (format, "xml") == 0)
    start_import (request, PB_LEARNER_FORMAT_SIECLE_XML);
  else if (g_strcmp0 (format, "csv") == 0)
    start_import (request, PB_LEARNER_FORMAT_SCO_CSV);
  else
    pb_request_respond_error (request, SOUP_STATUS_BAD_REQUEST, "INVALID_FORMAT",
                              "format must be “xml” (SIECLE) or “csv”.", NULL);
}

static void
import_sup_handler (PbRequest *request)
{
  if (pb_identity_authenticate (request))
    start_import (request, PB_LEARNER_FORMAT_SUP_CSV);
}

void
pb_learner_routes_add (PbRouter *router)
{
  pb_router_add (router, "GET", "/api/organizations/{id}/organization-learners", learners_handler);
  pb_router_add (router, "POST", "/api/organizations/{id}/sco-organization-learners/import-siecle",
                 import_siecle_handler);
  pb_router_add (router, "POST", "/api/organizations/{id}/sup-organization-learners/import-csv",
                 import_sup_handler);
}
