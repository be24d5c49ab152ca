/* pb-participation-routes.c
 *
 * A learner in a campaign (pix-domain §5.4, §7.5): reconciliation with
 * the pupil a school imported, joining with the campaign's code (and a
 * retry, "envoi multiple"), improving before sharing, and sharing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-access.h"
#include "pb-changes.h"
#include "pb-content.h"
#include "pb-identity-routes.h"
#include "pb-jsonapi.h"
#include "pb-knowledge-store.h"
#include "pb-learning.h"
#include "pb-participation-routes.h"
#include "pb-participation-share.h"
#include "pb-resources.h"
#include "pb-search.h"
#include "pb-server.h"
#include "pb-timestamp.h"
#include "pb-uuid.h"
#include "pb-write.h"

#define MAX_NAME_LENGTH 255

#define text(row, column) pb_db_statement_get_text ((row), (column))

static const PbScoringRules *
request_rules (PbRequest *request)
{
  return &pb_server_get_settings (pb_request_get_server (request))->scoring;
}

static gboolean
conflict (PbRequest  *request,
          const char *code,
          const char *detail)
{
  pb_request_respond_error (request, SOUP_STATUS_CONFLICT, code, detail, NULL);
  return TRUE;
}

/* What joining and sharing need to know of a campaign. */
typedef struct
{
  char     *id;
  char     *organization_id;
  char     *organization_type;
  char     *type;
  char     *target_profile_id;
  char     *external_id_label;
  gboolean  is_archived;
  gboolean  multiple_sendings;
  gboolean  is_managing_students;
} CampaignInfo;

static void
campaign_info_clear (CampaignInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->organization_id, g_free);
  g_clear_pointer (&info->organization_type, g_free);
  g_clear_pointer (&info->type, g_free);
  g_clear_pointer (&info->target_profile_id, g_free);
  g_clear_pointer (&info->external_id_label, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CampaignInfo, campaign_info_clear)

#define CAMPAIGN_INFO_SELECT \
  "SELECT c.id, c.organization_id, o.type, c.type, c.target_profile_id, c.external_id_label, " \
  "c.archived_at, c.multiple_sendings, o.is_managing_students " \
  "FROM campaigns c JOIN organizations o ON o.id = c.organization_id "

static gboolean
load_campaign (PbDb          *db,
               const char    *where,
               const char    *value,
               CampaignInfo  *info,
               gboolean      *found,
               GError       **error)
{
  g_autofree char *sql = g_strconcat (CAMPAIGN_INFO_SELECT, where, NULL);
  g_autoptr(PbDbStatement) select = pb_db_select_one (db, sql, value, found, error);

  if (select == NULL)
    return FALSE;
  if (!*found)
    return TRUE;
  info->id = g_strdup (text (select, 0));
  info->organization_id = g_strdup (text (select, 1));
  info->organization_type = g_strdup (text (select, 2));
  info->type = g_strdup (text (select, 3));
  info->target_profile_id = g_strdup (text (select, 4));
  info->external_id_label = g_strdup (text (select, 5));
  info->is_archived = text (select, 6) != NULL;
  info->multiple_sendings = pb_db_statement_get_int64 (select, 7) != 0;
  info->is_managing_students = pb_db_statement_get_int64 (select, 8) != 0;
  return TRUE;
}

/* Codes are typed by people: case and surrounding spaces do not matter.
 * Answers 404 and returns FALSE (@error unset) for an unknown code. */
static gboolean
campaign_by_code (PbRequest     *request,
                  PbDb          *db,
                  const char    *code,
                  CampaignInfo  *info,
                  GError       **error)
{
  g_autofree char *normalized = g_ascii_strup (g_strstrip (g_strdup (code)), -1);
  gboolean found;

  if (!load_campaign (db, "WHERE c.code = $1", normalized, info, &found, error))
    return FALSE;
  if (!found)
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "CAMPAIGN_CODE_NOT_FOUND",
                                "No campaign has this code.", NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_sco_managing (const CampaignInfo *campaign)
{
  return campaign->is_managing_students && g_strcmp0 (campaign->organization_type, "SCO") == 0;
}

/* ------------------------------------------------------------------ */
/* POST /api/sco-organization-learners/association                     */

typedef struct
{
  char *first_name;
  char *last_name;
  char *birthdate;
  char *campaign_code;
} Association;

static void
association_free (Association *input)
{
  g_free (input->first_name);
  g_free (input->last_name);
  g_free (input->birthdate);
  g_free (input->campaign_code);
  g_free (input);
}

static gboolean
names_match (const char *typed,
             const char *stored)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (typed == NULL || stored == NULL)
    return FALSE;
  a = pb_search_key (typed);
  b = pb_search_key (stored);
  return g_str_equal (g_strstrip (a), g_strstrip (b));
}

/* The active pupil of the school with these names and birthdate: first
 * name, and birth or usage last name, compared without case, accents or
 * surrounding spaces. */
static gboolean
find_pupil (PbDb         *db,
            const char   *organization_id,
            Association  *input,
            char        **learner_id,
            char        **user_id,
            GError      **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_prepare (db,
                          "SELECT id, user_id, first_name, last_name, preferred_last_name FROM organization_learners "
                          "WHERE organization_id = $1 AND birthdate = $2 AND is_disabled = 0 ORDER BY id", error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, organization_id);
  pb_db_statement_bind_text (select, 2, input->birthdate);
  while (*learner_id == NULL && pb_db_statement_step (select, error))
    {
      if (names_match (input->first_name, text (select, 2)) &&
          (names_match (input->last_name, text (select, 3)) || names_match (input->last_name, text (select, 4))))
        {
          *learner_id = g_strdup (text (select, 0));
          *user_id = g_strdup (text (select, 1));
        }
    }
  g_clear_pointer (&select, pb_db_statement_free);
  return error == NULL || *error == NULL;
}

static gboolean
link_learner (PbDb        *db,
              const char  *organization_id,
              const char  *learner_id,
              const char  *user_id,
              GError     **error)
{
  g_autoptr(PbDbStatement) update = NULL;
  g_autofree char *now = pb_timestamp_now ();

  update = pb_db_prepare (db,
                          "UPDATE organization_learners SET user_id = $2, updated_at = $3, version = version + 1 "
                          "WHERE id = $1", error);
  if (update == NULL)
    return FALSE;
  pb_db_statement_bind_text (update, 1, learner_id);
  pb_db_statement_bind_text (update, 2, user_id);
  pb_db_statement_bind_text (update, 3, now);
  return pb_db_statement_run (update, error) &&
         pb_changes_record (db, organization_id, "organization-learners", learner_id, "put", error);
}

static gboolean
user_learner (PbDb        *db,
              const char  *organization_id,
              const char  *user_id,
              char       **learner_id,
              gboolean    *disabled,
              GError     **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_prepare (db, "SELECT id, is_disabled FROM organization_learners "
                              "WHERE organization_id = $1 AND user_id = $2", error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, organization_id);
  pb_db_statement_bind_text (select, 2, user_id);
  if (pb_db_statement_step (select, error))
    {
      *learner_id = g_strdup (text (select, 0));
      *disabled = pb_db_statement_get_int64 (select, 1) != 0;
    }
  return error == NULL || *error == NULL;
}

static gboolean
associate (PbRequest   *request,
           PbDb        *db,
           GError     **error)
{
  Association *input = pb_request_get_data (request);
  const char *me = pb_request_get_user_id (request);
  g_auto(CampaignInfo) campaign = { NULL };
  g_autofree char *learner_id = NULL;
  g_autofree char *linked_user = NULL;
  g_autofree char *mine = NULL;
  gboolean disabled = FALSE;

  if (!campaign_by_code (request, db, input->campaign_code, &campaign, error))
    return error == NULL || *error == NULL;
  if (!is_sco_managing (&campaign))
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "NOT_MANAGING_STUDENTS",
                                "This campaign's organization does not import its pupils.", NULL);
      return TRUE;
    }

  if (!find_pupil (db, campaign.organization_id, input, &learner_id, &linked_user, error) ||
      !user_learner (db, campaign.organization_id, me, &mine, &disabled, error))
    return FALSE;
  if (learner_id == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_NOT_FOUND, "NO_MATCHING_ORGANIZATION_LEARNER",
                                "No pupil of this school has these names and birthdate.", NULL);
      return TRUE;
    }
  if (linked_user != NULL && !g_str_equal (linked_user, me))
    return conflict (request, "ORGANIZATION_LEARNER_ALREADY_LINKED", "This pupil is linked to another account.");
  if (mine != NULL && !g_str_equal (mine, learner_id))
    return conflict (request, "USER_ALREADY_RECONCILED", "Your account is linked to another pupil of this school.");

  if (linked_user == NULL && !link_learner (db, campaign.organization_id, learner_id, me, error))
    return FALSE;
  return pb_resource_respond (request, db, &pb_resource_learners, learner_id, SOUP_STATUS_OK, error);
}

static void
associate_work (PbRequest *request,
                PbStorage *storage)
{
  pb_write_run (request, storage, associate);
}

static gboolean
is_date (const char *text)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *midnight = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  date = g_date_time_new_from_iso8601 (midnight, NULL);
  return date != NULL;
}

static void
associate_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  Association *input;
  gboolean present;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "sco-organization-learners"))
    return;

  input = g_new0 (Association, 1);
  pb_request_set_data (request, input, (GDestroyNotify)association_free);
  if (!pb_jsonapi_input_get_string (&json, request, "first-name", MAX_NAME_LENGTH, &present, &input->first_name) ||
      !pb_jsonapi_input_get_string (&json, request, "last-name", MAX_NAME_LENGTH, &present, &input->last_name) ||
      !pb_jsonapi_input_get_string (&json, request, "birthdate", 16, &present, &input->birthdate) ||
      !pb_jsonapi_input_get_string (&json, request, "campaign-code", 32, &present, &input->campaign_code))
    return;

  if (input->first_name == NULL || input->last_name == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "NAMES_REQUIRED",
                              "Give the pupil's first and last names.", "/data/attributes/first-name");
  else if (!is_date (input->birthdate))
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "INVALID_BIRTHDATE",
                              "birthdate is a date, YYYY-MM-DD.", "/data/attributes/birthdate");
  else if (input->campaign_code == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "CAMPAIGN_CODE_REQUIRED",
                              "Give the code of a campaign of the school.", "/data/attributes/campaign-code");
  else
    pb_request_defer (request, associate_work);
}

/* ------------------------------------------------------------------ */
/* POST /api/campaign-participations                                   */

typedef struct
{
  char *campaign_code;
  char *external_id;
} JoinInput;

static void
join_input_free (JoinInput *input)
{
  g_free (input->campaign_code);
  g_free (input->external_id);
  g_free (input);
}

/* Outside schools that import their pupils, the organization learner is
 * made from the account the first time the learner joins one of its
 * campaigns (pix-domain §7.4). */
static gboolean
create_learner (PbDb        *db,
                const char  *organization_id,
                const char  *user_id,
                char       **learner_id,
                GError     **error)
{
  g_autoptr(PbDbStatement) user = NULL;
  g_autoptr(PbDbStatement) insert = NULL;
  g_autofree char *now = pb_timestamp_now ();
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *names = NULL;
  g_autofree char *search_key = NULL;
  gboolean found;

  user = pb_db_select_one (db, "SELECT first_name, last_name, email FROM users WHERE id = $1", user_id, &found, error);
  if (user == NULL)
    return FALSE;
  names = g_strjoin (" ", text (user, 1), text (user, 0), NULL);
  search_key = pb_search_key (names);

  insert = pb_db_prepare (db,
                          "INSERT INTO organization_learners (id, organization_id, user_id, first_name, last_name, "
                          "email, search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                          error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, organization_id);
  pb_db_statement_bind_text (insert, 3, user_id);
  pb_db_statement_bind_text (insert, 4, text (user, 0));
  pb_db_statement_bind_text (insert, 5, text (user, 1));
  pb_db_statement_bind_text (insert, 6, text (user, 2));
  pb_db_statement_bind_text (insert, 7, search_key);
  pb_db_statement_bind_text (insert, 8, now);
  if (!pb_db_statement_run (insert, error) ||
      !pb_changes_record (db, organization_id, "organization-learners", id, "put", error))
    return FALSE;
  *learner_id = g_steal_pointer (&id);
  return TRUE;
}

/* The learner's organization learner for the campaign; answers 403 and
 * returns FALSE (@error unset) when the learner may not join. */
static gboolean
joining_learner (PbRequest     *request,
                 PbDb          *db,
                 CampaignInfo  *campaign,
                 char         **learner_id,
                 GError       **error)
{
  const char *me = pb_request_get_user_id (request);
  gboolean disabled = FALSE;

  if (!user_learner (db, campaign->organization_id, me, learner_id, &disabled, error))
    return FALSE;
  if (*learner_id == NULL && is_sco_managing (campaign))
    {
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "ORGANIZATION_LEARNER_NOT_RECONCILED",
                                "Link your account to your school's record first "
                                "(POST /api/sco-organization-learners/association).", NULL);
      return FALSE;
    }
  if (disabled)
    {
      pb_request_respond_error (request, SOUP_STATUS_FORBIDDEN, "ORGANIZATION_LEARNER_DISABLED",
                                "You are no longer a learner of this organization.", NULL);
      return FALSE;
    }
  if (*learner_id == NULL)
    return create_learner (db, campaign->organization_id, me, learner_id, error);
  return TRUE;
}

/* The current participation of the learner in the campaign, if any. */
typedef struct
{
  char     *id;
  char     *status;
  char     *shared_at;
  double    mastery_rate;
} CurrentParticipation;

static void
current_participation_clear (CurrentParticipation *current)
{
  g_clear_pointer (&current->id, g_free);
  g_clear_pointer (&current->status, g_free);
  g_clear_pointer (&current->shared_at, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CurrentParticipation, current_participation_clear)

static gboolean
load_current (PbDb                  *db,
              const char            *campaign_id,
              const char            *user_id,
              CurrentParticipation  *current,
              GError               **error)
{
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_prepare (db,
                          "SELECT id, status, shared_at, mastery_rate FROM campaign_participations "
                          "WHERE campaign_id = $1 AND user_id = $2 AND is_improved = 0", error);
  if (select == NULL)
    return FALSE;
  pb_db_statement_bind_text (select, 1, campaign_id);
  pb_db_statement_bind_text (select, 2, user_id);
  if (pb_db_statement_step (select, error))
    {
      current->id = g_strdup (text (select, 0));
      current->status = g_strdup (text (select, 1));
      current->shared_at = g_strdup (text (select, 2));
      current->mastery_rate = text (select, 3) != NULL ? g_ascii_strtod (text (select, 3), NULL) : 0.0;
    }
  return error == NULL || *error == NULL;
}

/* A retry ("envoi multiple", §4.5): the campaign allows several sendings,
 * the last one is old enough, and not everything is mastered yet. */
static gboolean
may_retry (PbRequest            *request,
           CampaignInfo         *campaign,
           CurrentParticipation *current)
{
  gint64 shared_at = pb_timestamp_parse (current->shared_at);
  gint64 delay = (gint64)request_rules (request)->retry_delay_days * G_TIME_SPAN_DAY;

  return campaign->multiple_sendings && g_strcmp0 (current->status, "SHARED") == 0 &&
         g_get_real_time () - shared_at >= delay && current->mastery_rate < 1.0;
}

static gboolean
insert_participation (PbDb          *db,
                      CampaignInfo  *campaign,
                      const char    *id,
                      const char    *learner_id,
                      const char    *user_id,
                      const char    *external_id,
                      GError       **error)
{
  g_autoptr(PbDbStatement) insert = NULL;
  g_autofree char *now = pb_timestamp_now ();
  gboolean collection = g_str_equal (campaign->type, "PROFILES_COLLECTION");

  insert = pb_db_prepare (db,
                          "INSERT INTO campaign_participations (id, campaign_id, organization_id, "
                          "organization_learner_id, user_id, participant_external_id, status, created_at, updated_at) "
                          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)", error);
  if (insert == NULL)
    return FALSE;
  pb_db_statement_bind_text (insert, 1, id);
  pb_db_statement_bind_text (insert, 2, campaign->id);
  pb_db_statement_bind_text (insert, 3, campaign->organization_id);
  pb_db_statement_bind_text (insert, 4, learner_id);
  pb_db_statement_bind_text (insert, 5, user_id);
  pb_db_statement_bind_text (insert, 6, external_id);
  /* A profiles collection has nothing to play: ready to share at once. */
  pb_db_statement_bind_text (insert, 7, collection ? "TO_SHARE" : "STARTED");
  pb_db_statement_bind_text (insert, 8, now);
  return pb_db_statement_run (insert, error) &&
         pb_changes_record (db, campaign->organization_id, "campaign-participations", id, "put", error);
}

static gboolean
join (PbRequest   *request,
      PbDb        *db,
      GError     **error)
{
  JoinInput *input = pb_request_get_data (request);
  const char *me = pb_request_get_user_id (request);
  g_auto(CampaignInfo) campaign = { NULL };
  g_auto(CurrentParticipation) current = { NULL };
  g_autofree char *learner_id = NULL;
  g_autofree char *id = pb_uuid_new_v7 ();
  g_autofree char *assessment_id = NULL;
  g_autofree char *location = NULL;

  if (!campaign_by_code (request, db, input->campaign_code, &campaign, error))
    return error == NULL || *error == NULL;
  if (campaign.is_archived)
    return conflict (request, "CAMPAIGN_ARCHIVED", "This campaign is archived.");
  if (campaign.external_id_label != NULL && input->external_id == NULL)
    {
      pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "PARTICIPANT_EXTERNAL_ID_REQUIRED",
                                campaign.external_id_label, "/data/attributes/participant-external-id");
      return TRUE;
    }

  if (!load_current (db, campaign.id, me, &current, error))
    return FALSE;
  if (current.id != NULL && !may_retry (request, &campaign, &current))
    return conflict (request, "CAMPAIGN_PARTICIPATION_ALREADY_EXISTS", "You are in this campaign already.");

  if (!joining_learner (request, db, &campaign, &learner_id, error))
    return error == NULL || *error == NULL;

  if ((current.id != NULL &&
       !pb_learning_update_participation (db, campaign.organization_id, current.id, "is_improved = 1", NULL, error)) ||
      !insert_participation (db, &campaign, id, learner_id, me, input->external_id, error))
    return FALSE;
  if (g_str_equal (campaign.type, "ASSESSMENT") &&
      !pb_learning_create_assessment (db, me, id, NULL, FALSE, &assessment_id, error))
    return FALSE;

  location = g_strconcat ("/api/campaign-participations/", id, NULL);
  pb_request_set_response_header (request, "Location", location);
  return pb_resource_respond (request, db, &pb_resource_participations, id, SOUP_STATUS_CREATED, error);
}

static void
join_work (PbRequest *request,
           PbStorage *storage)
{
  pb_write_run (request, storage, join);
}

static void
join_handler (PbRequest *request)
{
  g_auto(PbJsonApiInput) json = { NULL };
  JoinInput *input;
  gboolean present;

  if (!pb_identity_authenticate (request) || !pb_jsonapi_input_parse (&json, request, "campaign-participations"))
    return;

  input = g_new0 (JoinInput, 1);
  pb_request_set_data (request, input, (GDestroyNotify)join_input_free);
  if (!pb_jsonapi_input_get_string (&json, request, "campaign-code", 32, &present, &input->campaign_code) ||
      !pb_jsonapi_input_get_string (&json, request, "participant-external-id", MAX_NAME_LENGTH, &present,
                                    &input->external_id))
    return;

  if (input->campaign_code == NULL)
    pb_request_respond_error (request, SOUP_STATUS_UNPROCESSABLE_ENTITY, "CAMPAIGN_CODE_REQUIRED",
                              "Give the campaign's code.", "/data/attributes/campaign-code");
  else
    pb_request_defer (request, join_work);
}

/* ------------------------------------------------------------------ */
/* One participation: read, improve, share                             */

typedef struct
{
  char *id;
  char *user_id;
  char *status;
  char *organization_learner_id;
  char *campaign_id;
  char *assessment_id;
  char *assessment_state;
} Participation;

static void
participation_clear (Participation *participation)
{
  g_clear_pointer (&participation->id, g_free);
  g_clear_pointer (&participation->user_id, g_free);
  g_clear_pointer (&participation->status, g_free);
  g_clear_pointer (&participation->organization_learner_id, g_free);
  g_clear_pointer (&participation->campaign_id, g_free);
  g_clear_pointer (&participation->assessment_id, g_free);
  g_clear_pointer (&participation->assessment_state, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Participation, participation_clear)

/* The signed-in learner's participation named by the path, with its
 * latest assessment; answers 404 and returns FALSE (@error unset) for
 * anybody else's. */
static gboolean
own_participation (PbRequest      *request,
                   PbDb           *db,
                   Participation  *participation,
                   GError        **error)
{
  gboolean found;
  g_autoptr(PbDbStatement) select = NULL;

  select = pb_db_select_one (db,
                             "SELECT p.id, p.user_id, p.status, p.organization_learner_id, p.campaign_id, a.id, a.state "
                             "FROM campaign_participations p LEFT JOIN assessments a ON a.id = "
                             "(SELECT l.id FROM assessments l WHERE l.campaign_participation_id = p.id "
                             "ORDER BY l.created_at DESC LIMIT 1) WHERE p.id = $1",
                             pb_request_get_param (request, "id"), &found, error);
  if (select == NULL)
    return FALSE;
  if (!found || g_strcmp0 (text (select, 1), pb_request_get_user_id (request)) != 0)
    {
      pb_learning_respond_not_found (request);
      return FALSE;
    }
  participation->id = g_strdup (text (select, 0));
  participation->user_id = g_strdup (text (select, 1));
  participation->status = g_strdup (text (select, 2));
  participation->organization_learner_id = g_strdup (text (select, 3));
  participation->campaign_id = g_strdup (text (select, 4));
  participation->assessment_id = g_strdup (text (select, 5));
  participation->assessment_state = g_strdup (text (select, 6));
  return TRUE;
}

static gboolean
read_participation (PbRequest   *request,
                    PbDb        *db,
                    const char  *unused,
                    GError     **error)
{
  g_auto(Participation) participation = { NULL };

  if (!own_participation (request, db, &participation, error))
    return error == NULL || *error == NULL;
  return pb_resource_respond (request, db, &pb_resource_participations, participation.id, SOUP_STATUS_OK, error);
}

static void
participation_work (PbRequest *request,
                    PbStorage *storage)
{
  pb_access_read (request, storage, NULL, PB_ROLE_NONE, read_participation);
}

static gboolean
share (PbRequest   *request,
       PbDb        *db,
       GError     **error)
{
  g_auto(Participation) participation = { NULL };
  g_auto(CampaignInfo) campaign = { NULL };
  PbShareTarget target;
  gboolean found;

  if (!own_participation (request, db, &participation, error))
    return error == NULL || *error == NULL;
  if (!load_campaign (db, "WHERE c.id = $1", participation.campaign_id, &campaign, &found, error))
    return FALSE;

  if (g_str_equal (participation.status, "SHARED"))
    return conflict (request, "ALREADY_SHARED", "These results are shared already.");
  if (campaign.is_archived)
    return conflict (request, "CAMPAIGN_ARCHIVED", "This campaign is archived.");
  if (g_str_equal (campaign.type, "ASSESSMENT") && g_strcmp0 (participation.assessment_state, "completed") != 0)
    return conflict (request, "ASSESSMENT_NOT_COMPLETED", "Finish the test before sending its results.");

  target.participation_id = participation.id;
  target.organization_id = campaign.organization_id;
  target.organization_learner_id = participation.organization_learner_id;
  target.user_id = participation.user_id;
  target.target_profile_id = campaign.target_profile_id;
  if (!pb_participation_share (db, request_rules (request), &target, error))
    return FALSE;
  return pb_resource_respond (request, db, &pb_resource_participations, participation.id, SOUP_STATUS_OK, error);
}

/* Whether some target skill was failed long enough ago to be tested
 * again (§4.5: an improving assessment forgets those failures). */
static gboolean
has_old_failures (PbRequest   *request,
                  PbDb        *db,
                  const char  *user_id,
                  const char  *target_profile_id,
                  gboolean    *found,
                  GError     **error)
{
  g_autoptr(GArray) knowledge = NULL;
  g_autoptr(GPtrArray) targeted = pb_learning_profile_skills (target_profile_id);
  gint64 delay = (gint64)request_rules (request)->improve_delay_days * G_TIME_SPAN_DAY;
  gint64 now = g_get_real_time ();

  knowledge = pb_knowledge_store_load_current (db, pb_content_get_framework (), user_id, error);
  if (knowledge == NULL)
    return FALSE;

  *found = FALSE;
  for (guint i = 0; i < knowledge->len && !*found; i++)
    {
      const PbKnowledgeElement *element = &g_array_index (knowledge, PbKnowledgeElement, i);

      *found = element->status == PB_KE_STATUS_INVALIDATED && now - element->created_at >= delay &&
               g_ptr_array_find (targeted, element->skill, NULL);
    }
  return TRUE;
}

/* "Retenter" before sharing: a new assessment that may test again the
 * skills failed long enough ago; the participation is in progress again. */
static gboolean
begin_improvement (PbRequest   *request,
                   PbDb        *db,
                   GError     **error)
{
  g_auto(Participation) participation = { NULL };
  g_auto(CampaignInfo) campaign = { NULL };
  g_autofree char *assessment_id = NULL;
  gboolean found, improvable = FALSE;

  if (!own_participation (request, db, &participation, error))
    return error == NULL || *error == NULL;
  if (!load_campaign (db, "WHERE c.id = $1", participation.campaign_id, &campaign, &found, error))
    return FALSE;
  if (!g_str_equal (participation.status, "SHARED") && g_str_equal (campaign.type, "ASSESSMENT") &&
      !has_old_failures (request, db, participation.user_id, campaign.target_profile_id, &improvable, error))
    return FALSE;
  if (!improvable)
    return conflict (request, "CANNOT_IMPROVE", "Nothing to improve here yet.");

  if (!pb_learning_finish_assessment (db, participation.assessment_id, error) ||
      !pb_learning_create_assessment (db, participation.user_id, participation.id, NULL, TRUE, &assessment_id, error) ||
      !pb_learning_update_participation (db, campaign.organization_id, participation.id, "status = 'STARTED'", NULL,
                                         error))
    return FALSE;
  return pb_resource_respond (request, db, &pb_resource_participations, participation.id, SOUP_STATUS_OK, error);
}

static void
share_work (PbRequest *request,
            PbStorage *storage)
{
  pb_write_run (request, storage, share);
}

static void
improve_work (PbRequest *request,
              PbStorage *storage)
{
  pb_write_run (request, storage, begin_improvement);
}

static void
participation_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, participation_work);
}

static void
share_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, share_work);
}

static void
improve_handler (PbRequest *request)
{
  pb_identity_defer_authenticated (request, improve_work);
}

void
pb_participation_routes_add (PbRouter *router)
{
  pb_router_add (router, "POST", "/api/sco-organization-learners/association", associate_handler);
  pb_router_add (router, "POST", "/api/campaign-participations", join_handler);
  pb_router_add (router, "GET", "/api/campaign-participations/{id}", participation_handler);
  pb_router_add (router, "POST", "/api/campaign-participations/{id}/share", share_handler);
  pb_router_add (router, "PATCH", "/api/campaign-participations/{id}/begin-improvement", improve_handler);
}
