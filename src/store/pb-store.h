/* pb-store.h
 *
 * The desktop's offline cache of one account (one server, one user): an
 * SQLite file holding what the app shows, the outbox of local edits not yet
 * acknowledged by the server, their conflicts and rejections, and one feed
 * cursor per organization.
 *
 * Threads. One writer thread owns the only write connection; every write
 * below is a job posted to it, and the calling thread waits for the job's
 * end. Reads use read-only connections (WAL lets them run beside the
 * writer), one per calling thread. Every function here therefore blocks:
 * call them from a worker (GTask thread, the sync thread, a test), never
 * from the GTK main thread.
 *
 * ::changed is emitted on the main context of the thread that opened the
 * store, after each committed write, with the tables touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PB_STORE_ERROR (pb_store_error_quark ())

typedef enum
{
  PB_STORE_ERROR_FAILED,
  PB_STORE_ERROR_CORRUPT,        /* not an SQLite file, or damaged */
  PB_STORE_ERROR_TOO_NEW,        /* written by a newer Pix Bureau */
  PB_STORE_ERROR_NOT_FOUND,      /* no such record */
  PB_STORE_ERROR_INVALID,        /* a resource the cache cannot use (bad id, missing attribute) */
  PB_STORE_ERROR_CLOSED,
} PbStoreError;

/* What ::changed reports; several at once. */
typedef enum
{
  PB_STORE_TABLE_ACCOUNT       = 1 << 0,   /* account, organizations, memberships */
  PB_STORE_TABLE_LEARNERS      = 1 << 1,   /* learners and divisions */
  PB_STORE_TABLE_CAMPAIGNS     = 1 << 2,
  PB_STORE_TABLE_PARTICIPATIONS = 1 << 3,  /* participations and scorecards */
  PB_STORE_TABLE_OUTBOX        = 1 << 4,   /* outbox, conflicts, rejections */
  PB_STORE_TABLE_SYNC          = 1 << 5,   /* cursors, last sync */
} PbStoreTables;

/* ------------------------------------------------------------------ */
/* Rows, as the UI reads them. Free with their _free functions.         */

typedef struct
{
  char     *id;
  char     *name;
  char     *type;                 /* SCO, SUP, PRO */
  char     *external_id;          /* UAI */
  char     *role;                 /* the account's organization-role: ADMIN or MEMBER */
} PbStoreOrganization;

typedef struct
{
  char     *name;
  guint     n_learners;           /* active learners of the class */
} PbStoreDivision;

typedef enum
{
  PB_STORE_LEARNER_SORT_NAME,        /* last name, first name */
  PB_STORE_LEARNER_SORT_FIRST_NAME,
  PB_STORE_LEARNER_SORT_BIRTHDATE,
  PB_STORE_LEARNER_SORT_DIVISION,    /* then name */
  PB_STORE_LEARNER_SORT_PIX,         /* then name */
} PbStoreLearnerSort;

typedef struct
{
  const char         *organization_id;
  const char         *search;        /* NULL or words that must all match name, first name or INE;
                                        case and accents ignored */
  const char         *division;      /* NULL: every class */
  PbStoreLearnerSort  sort;
  gboolean            descending;
} PbStoreLearnerQuery;

typedef struct
{
  char     *id;
  char     *last_name;
  char     *first_name;
  char     *birthdate;            /* YYYY-MM-DD or NULL */
  char     *division;
  char     *national_student_id;  /* INE, or NULL */
  char     *user_id;              /* the linked Pix account, or NULL */
  gboolean  is_certifiable;
  int       pix_score;            /* -1: unknown */
} PbStoreLearner;

typedef struct
{
  const char *organization_id;
  const char *owner_id;           /* NULL: every campaign; else that owner's */
  gboolean    archived;           /* FALSE: active ones; TRUE: archived ones */
  const char *search;             /* NULL or words of the name or code; case and accents ignored */
} PbStoreCampaignQuery;

typedef struct
{
  char     *id;
  char     *organization_id;
  char     *name;
  char     *code;                 /* NULL until the server assigned it */
  char     *type;                 /* ASSESSMENT or PROFILES_COLLECTION */
  char     *title;
  char     *target_profile_id;
  char     *owner_id;
  char     *owner_name;           /* "First Last" from the memberships, or NULL */
  char     *created_at;           /* ISO 8601 UTC */
  char     *archived_at;          /* NULL when active */
  gint64    version;              /* 0: created here, not on the server yet */
  guint     n_participants;
  guint     n_shared;
  gboolean  has_pending_changes;  /* outbox entries not acknowledged yet */
} PbStoreCampaign;

typedef struct
{
  char     *id;
  char     *learner_id;
  char     *last_name;
  char     *first_name;
  char     *division;
  char     *status;               /* STARTED, TO_SHARE, SHARED */
  char     *created_at;
  char     *shared_at;
  double    mastery_rate;         /* 0..1; < 0: none yet */
  int       pix_score;            /* -1: none yet */
} PbStoreParticipant;

typedef struct
{
  const char *name;
  const char *type;               /* ASSESSMENT or PROFILES_COLLECTION */
  const char *target_profile_id;  /* ASSESSMENT only */
  const char *title;              /* ASSESSMENT only, may be NULL */
  const char *owner_id;           /* NULL: the account's user */
} PbStoreNewCampaign;

/* ------------------------------------------------------------------ */
/* The outbox, as the sync engine reads it.                             */

typedef enum
{
  PB_OUTBOX_CREATE_CAMPAIGN,      /* payload: the JSON:API document to POST */
  PB_OUTBOX_RENAME_CAMPAIGN,      /* payload: the JSON:API document to PATCH */
  PB_OUTBOX_ARCHIVE_CAMPAIGN,     /* no payload */
  PB_OUTBOX_UNARCHIVE_CAMPAIGN,   /* no payload */
  PB_OUTBOX_IMPORT_LEARNERS,      /* payload: the file's bytes; format "xml" or "csv" */
} PbOutboxOp;

typedef enum
{
  PB_OUTBOX_PENDING,              /* to send */
  PB_OUTBOX_CONFLICT,             /* 412: waits for the user's choice */
  PB_OUTBOX_REJECTED,             /* other 4xx: kept with the reason, shown */
} PbOutboxState;

typedef struct
{
  gint64         mid;             /* order of the edits */
  char          *key;             /* Idempotency-Key, the same for every retry */
  PbOutboxOp     op;
  PbOutboxState  state;
  char          *organization_id;
  char          *entity_id;       /* the campaign's id; NULL for imports */
  gint64         if_version;      /* If-Match; 0: none */
  GBytes        *payload;         /* NULL when none */
  char          *format;          /* imports: "xml" or "csv" */
  char          *label;           /* for people: the campaign's name, the file's name */
  char          *created_at;
  guint          attempts;
  char          *last_error;      /* the last temporary failure, or NULL */
} PbOutboxEntry;

/* ------------------------------------------------------------------ */
/* Conflicts and rejections, as the Conflits list shows them.           */

typedef struct
{
  char *name;                     /* attribute, e.g. "name", "is-archived" */
  char *mine;                     /* display text; NULL for none */
  char *theirs;
} PbConflictField;

typedef struct
{
  gint64         id;
  gint64         mid;             /* the outbox entry */
  PbOutboxOp     op;
  PbOutboxState  state;           /* CONFLICT or REJECTED */
  char          *entity_id;
  char          *label;           /* the campaign's name or the file's name */
  GPtrArray     *fields;          /* (element-type PbConflictField) CONFLICT only: colliding fields */
  gint64         server_version;  /* CONFLICT: the server's version */
  guint          status;          /* REJECTED: HTTP status */
  char          *code;            /* REJECTED: the server's error code */
  char          *reason;          /* REJECTED: the server's detail(s), one per line */
  char          *created_at;
} PbConflict;

#define PB_TYPE_STORE (pb_store_get_type ())

G_DECLARE_FINAL_TYPE (PbStore, pb_store, PB, STORE, GObject)

GQuark      pb_store_error_quark            (void);

/* Opening, closing, purging */
PbStore    *pb_store_open                   (const char  *path,
                                             GError     **error);
void        pb_store_close                  (PbStore                    *self);
gboolean    pb_store_purge                  (PbStore  *self,
                                             GError  **error);
const char *pb_store_get_path               (PbStore                    *self);
guint       pb_store_get_schema_version     (PbStore                    *self);

/* Account: the user and organizations from GET /api/me */
gboolean    pb_store_set_account            (PbStore   *self,
                                             JsonNode  *me_document,
                                             GError   **error);
char       *pb_store_get_user_id            (PbStore  *self,
                                             GError  **error);
char       *pb_store_get_user_name          (PbStore  *self,
                                             GError  **error);
GPtrArray  *pb_store_list_organizations     (PbStore  *self,
                                             GError  **error);
/* NULL without error when the account is not a member of it */
PbStoreOrganization *pb_store_get_organization (PbStore     *self,
                                                const char  *organization_id,
                                                GError     **error);
char       *pb_store_get_meta               (PbStore     *self,
                                             const char  *key,
                                             GError     **error);
gboolean    pb_store_set_meta               (PbStore     *self,
                                             const char  *key,
                                             const char  *value,
                                             GError     **error);

/* Pull: one page of the changes feed and its cursor, in one transaction */
char       *pb_store_get_cursor             (PbStore     *self,
                                             const char  *organization_id,
                                             GError     **error);
gboolean    pb_store_apply_changes          (PbStore     *self,
                                             const char  *organization_id,
                                             JsonArray   *resources,
                                             const char  *next_cursor,
                                             GError     **error);
gboolean    pb_store_forget_organization_data (PbStore     *self,
                                               const char  *organization_id,
                                               GError     **error);

/* Reads for the views */
GPtrArray  *pb_store_list_divisions         (PbStore     *self,
                                             const char  *organization_id,
                                             GError     **error);
GPtrArray  *pb_store_list_learners          (PbStore                    *self,
                                             const PbStoreLearnerQuery  *query,
                                             GError                    **error);
guint       pb_store_count_learners         (PbStore     *self,
                                             const char  *organization_id,
                                             GError     **error);
/* Every campaign of the organization: any owner, archived or not, unsent */
guint       pb_store_count_campaigns        (PbStore     *self,
                                             const char  *organization_id,
                                             GError     **error);
GPtrArray  *pb_store_list_campaigns         (PbStore                     *self,
                                             const PbStoreCampaignQuery  *query,
                                             GError                     **error);
PbStoreCampaign *pb_store_get_campaign      (PbStore     *self,
                                             const char  *campaign_id,
                                             GError     **error);
GPtrArray  *pb_store_list_participants      (PbStore     *self,
                                             const char  *campaign_id,
                                             GError     **error);

/* Local edits: the row and its outbox entry in one transaction */
char       *pb_store_create_campaign        (PbStore                   *self,
                                             const char                *organization_id,
                                             const PbStoreNewCampaign  *campaign,
                                             GError                   **error);
gboolean    pb_store_rename_campaign        (PbStore     *self,
                                             const char  *campaign_id,
                                             const char  *name,
                                             GError     **error);
gboolean    pb_store_set_campaign_archived  (PbStore     *self,
                                             const char  *campaign_id,
                                             gboolean     archived,
                                             GError     **error);
gboolean    pb_store_queue_learner_import   (PbStore     *self,
                                             const char  *organization_id,
                                             const char  *format,
                                             const char  *file_name,
                                             GBytes      *contents,
                                             GError     **error);

/* The outbox, for the sync engine */
GPtrArray  *pb_store_list_outbox            (PbStore  *self,
                                             GError  **error);
guint       pb_store_count_pending          (PbStore  *self,
                                             GError  **error);
gboolean    pb_store_outbox_acknowledge     (PbStore     *self,
                                             gint64       mid,
                                             JsonObject  *answer,
                                             GError     **error);
gboolean    pb_store_outbox_note_failure    (PbStore     *self,
                                             gint64       mid,
                                             const char  *message,
                                             GError     **error);
gboolean    pb_store_outbox_conflict        (PbStore     *self,
                                             gint64       mid,
                                             JsonObject  *current,
                                             GError     **error);
gboolean    pb_store_outbox_reject          (PbStore     *self,
                                             gint64       mid,
                                             guint        status,
                                             const char  *code,
                                             const char  *reason,
                                             GError     **error);

/* Conflicts and rejections, for the Conflits list */
GPtrArray  *pb_store_list_conflicts         (PbStore  *self,
                                             GError  **error);
guint       pb_store_count_conflicts        (PbStore  *self,
                                             GError  **error);
gboolean    pb_store_resolve_conflict       (PbStore   *self,
                                             gint64     conflict_id,
                                             gboolean   keep_mine,
                                             GError   **error);

void        pb_store_organization_free      (PbStoreOrganization        *row);
void        pb_store_division_free          (PbStoreDivision            *row);
void        pb_store_learner_free           (PbStoreLearner             *row);
void        pb_store_campaign_free          (PbStoreCampaign            *row);
void        pb_store_participant_free       (PbStoreParticipant         *row);
void        pb_outbox_entry_free            (PbOutboxEntry              *entry);
void        pb_conflict_free                (PbConflict                 *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbStoreOrganization, pb_store_organization_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbStoreCampaign, pb_store_campaign_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbOutboxEntry, pb_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbConflict, pb_conflict_free)

G_END_DECLS
