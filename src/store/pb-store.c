/* pb-store.c
 *
 * PbStore runs the cache's threads: one writer thread owns the only write
 * connection and runs the write jobs one after the other, each in BEGIN
 * IMMEDIATE … COMMIT (ROLLBACK when it fails), while the caller waits for
 * its end; reads take a read-only connection from a small pool, so
 * several threads read at once beside the writer (WAL). The modules that
 * do the work take the connection they need (pb-store-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pb-store-private.h"

typedef gboolean (*JobFunc) (PbStoreTx  *tx,
                             gpointer    data,
                             GError    **error);

/* A write waiting for the writer; lives on the caller's stack. */
typedef struct
{
  JobFunc   func;       /* NULL: the writer stops */
  gpointer  data;
  gboolean  ok;
  gboolean  done;
  GError   *error;
} Job;

struct _PbStore
{
  GObject        parent_instance;

  char          *path;
  guint          schema_version;
  GMainContext  *context;        /* where ::changed is emitted */

  GThread       *writer;
  GAsyncQueue   *jobs;           /* of Job */
  PbStoreDb          *write_db;       /* the writer thread's alone */

  GMutex         lock;           /* guards what follows, and Job.done */
  GCond          cond;
  gboolean       closed;
  GPtrArray     *idle_readers;   /* of PbStoreDb */
};

G_DEFINE_FINAL_TYPE (PbStore, pb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (pb-store-error-quark, pb_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Job stop_job = { NULL };

typedef struct
{
  GWeakRef  store;
  guint     tables;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_weak_ref_clear (&emission->store);
  g_free (emission);
}

static gboolean
emit_changed (gpointer data)
{
  Emission *emission = data;
  g_autoptr(PbStore) self = g_weak_ref_get (&emission->store);

  if (self != NULL)
    g_signal_emit (self, signals[CHANGED], 0, emission->tables);
  return G_SOURCE_REMOVE;
}

static void
schedule_changed (PbStore *self,
                  guint    tables)
{
  Emission *emission = g_new0 (Emission, 1);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_weak_ref_init (&emission->store, self);
  emission->tables = tables;
  /* Not g_main_context_invoke(): for a store opened without a
   * thread-default context, the global default is the writer thread's
   * default too, and invoke() would run the handlers right here. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed, emission, emission_free);
  g_source_set_static_name (source, "[pb-store] changed");
  g_source_attach (source, self->context);
}

static void
run_job (PbStore *self,
         Job     *job)
{
  PbStoreTx tx = { self->write_db, 0 };

  job->ok = pb_store_db_exec (tx.db, "BEGIN IMMEDIATE", &job->error);
  if (job->ok)
    job->ok = job->func (&tx, job->data, &job->error);
  pb_store_db_reset_all (tx.db);
  if (job->ok)
    job->ok = pb_store_db_exec (tx.db, "COMMIT", &job->error);
  if (!sqlite3_get_autocommit (tx.db->handle))
    pb_store_db_exec (tx.db, "ROLLBACK", NULL);
  if (job->ok && tx.changed != 0)
    schedule_changed (self, tx.changed);
}

static gpointer
writer_main (gpointer data)
{
  PbStore *self = data;
  Job *job;

  while ((job = g_async_queue_pop (self->jobs))->func != NULL)
    {
      run_job (self, job);
      g_mutex_lock (&self->lock);
      job->done = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  /* Leaves no WAL behind with deleted rows in it. */
  pb_store_db_exec (self->write_db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  g_clear_pointer (&self->write_db, pb_store_db_close);
  return NULL;
}

static gboolean
set_closed_error (GError **error)
{
  g_set_error_literal (error, PB_STORE_ERROR, PB_STORE_ERROR_CLOSED, _("The local copy of the data is closed."));
  return FALSE;
}

/* Posts a job to the writer and waits for its end. */
static gboolean
run_write (PbStore   *self,
           JobFunc    func,
           gpointer   data,
           GError   **error)
{
  Job job = { func, data, FALSE, FALSE, NULL };

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return set_closed_error (error);
    }
  g_async_queue_push (self->jobs, &job);
  while (!job.done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  if (!job.ok)
    g_propagate_error (error, job.error);
  return job.ok;
}

static PbStoreDb *
acquire_reader (PbStore  *self,
                GError  **error)
{
  PbStoreDb *db = NULL;

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      set_closed_error (error);
      return NULL;
    }
  if (self->idle_readers->len > 0)
    db = g_ptr_array_steal_index (self->idle_readers, self->idle_readers->len - 1);
  g_mutex_unlock (&self->lock);
  return db != NULL ? db : pb_store_db_open (self->path, TRUE, error);
}

static void
release_reader (PbStore   *self,
                PbStoreDb *db)
{
  pb_store_db_reset_all (db);
  g_mutex_lock (&self->lock);
  if (!self->closed)
    {
      g_ptr_array_add (self->idle_readers, db);
      db = NULL;
    }
  g_mutex_unlock (&self->lock);
  /* Closed meanwhile: the last reader out closes its connection. */
  pb_store_db_close (db);
}

static gboolean
unlink_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               "Cannot delete %s: %s", path, g_strerror (errno));
  return FALSE;
}

static void
pb_store_dispose (GObject *object)
{
  pb_store_close (PB_STORE (object));
  G_OBJECT_CLASS (pb_store_parent_class)->dispose (object);
}

static void
pb_store_finalize (GObject *object)
{
  PbStore *self = PB_STORE (object);

  g_free (self->path);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->jobs, g_async_queue_unref);
  g_clear_pointer (&self->idle_readers, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (pb_store_parent_class)->finalize (object);
}

static void
pb_store_class_init (PbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_store_dispose;
  object_class->finalize = pb_store_finalize;

  /**
   * PbStore::changed:
   * @tables: the #PbStoreTables a committed write touched
   *
   * Emitted on the main context that was the thread's default when the
   * store was opened, after the commit.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
pb_store_init (PbStore *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->jobs = g_async_queue_new ();
  self->idle_readers = g_ptr_array_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------ */
/* Opening, closing, purging                                            */

/**
 * pb_store_open:
 * @path: the SQLite file, created when missing
 *
 * Opens the cache and brings its schema up to date. Refuses a file that
 * is not an SQLite database (%PB_STORE_ERROR_CORRUPT) and one a newer Pix
 * Bureau wrote (%PB_STORE_ERROR_TOO_NEW).
 *
 * Returns: (transfer full): the store, or %NULL
 */
PbStore *
pb_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(PbStore) self = NULL;
  PbStoreDb *db;
  guint version = 0;

  g_return_val_if_fail (path != NULL, NULL);

  db = pb_store_db_open (path, FALSE, error);
  if (db == NULL)
    return NULL;
  if (!pb_store_schema_migrate (db, &version, error))
    {
      pb_store_db_close (db);
      return NULL;
    }
  self = g_object_new (PB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->schema_version = version;
  /* Opened here, used only by the writer thread from now on. */
  self->write_db = db;
  self->writer = g_thread_try_new ("pb-store-writer", writer_main, self, error);
  if (self->writer == NULL)
    {
      g_clear_pointer (&self->write_db, pb_store_db_close);
      self->closed = TRUE;
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * pb_store_close:
 *
 * Runs the writes already posted, stops the writer and closes the
 * connections; later calls fail with %PB_STORE_ERROR_CLOSED. Idempotent.
 */
void
pb_store_close (PbStore *self)
{
  g_autoptr(GPtrArray) readers = NULL;
  GThread *writer;

  g_return_if_fail (PB_IS_STORE (self));

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->closed = TRUE;
  readers = g_steal_pointer (&self->idle_readers);
  self->idle_readers = g_ptr_array_new ();
  writer = g_steal_pointer (&self->writer);
  g_async_queue_push (self->jobs, &stop_job);
  g_mutex_unlock (&self->lock);

  for (guint i = 0; i < readers->len; i++)
    pb_store_db_close (g_ptr_array_index (readers, i));
  g_thread_join (writer);
}

static gboolean
purge_job (PbStoreTx  *tx,
           gpointer    data,
           GError    **error)
{
  return pb_store_tx_purge (tx, error);
}

/* A store already closed is purged all the same, on a connection of its
 * own: signing out must not leave the rows in free pages. */
static gboolean
purge_closed (PbStore  *self,
              GError  **error)
{
  PbStoreDb *db;
  PbStoreTx tx = { NULL, 0 };
  gboolean ok;

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return TRUE;
  if ((db = pb_store_db_open (self->path, FALSE, error)) == NULL)
    return FALSE;
  tx.db = db;
  ok = pb_store_db_exec (db, "BEGIN IMMEDIATE", error)
       && pb_store_tx_purge (&tx, error)
       && pb_store_db_exec (db, "COMMIT", error);
  pb_store_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  pb_store_db_close (db);
  return ok;
}

/**
 * pb_store_purge:
 *
 * Deletes every row (overwritten in the file: secure_delete), closes the
 * store and deletes the file with its -wal and -shm. For signing out of a
 * laptop others use. Works on a closed store too.
 */
gboolean
pb_store_purge (PbStore  *self,
                GError  **error)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  gboolean closed;

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  g_mutex_lock (&self->lock);
  closed = self->closed;
  g_mutex_unlock (&self->lock);
  if (!closed && !run_write (self, purge_job, NULL, error))
    return FALSE;
  pb_store_close (self);
  if (closed && !purge_closed (self, error))
    return FALSE;
  wal = g_strconcat (self->path, "-wal", NULL);
  shm = g_strconcat (self->path, "-shm", NULL);
  return unlink_file (self->path, error) && unlink_file (wal, error) && unlink_file (shm, error);
}

const char *
pb_store_get_path (PbStore *self)
{
  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  return self->path;
}

guint
pb_store_get_schema_version (PbStore *self)
{
  g_return_val_if_fail (PB_IS_STORE (self), 0);
  return self->schema_version;
}

/* ------------------------------------------------------------------ */
/* Account                                                              */

static gboolean
set_account_job (PbStoreTx  *tx,
                 gpointer    data,
                 GError    **error)
{
  return pb_store_tx_set_account (tx, data, error);
}

/**
 * pb_store_set_account:
 * @me_document: the document of GET /api/me
 *
 * Keeps the user (id, name, e-mail) and the organizations with the
 * account's role in each; organizations no longer listed go with all
 * their data.
 */
gboolean
pb_store_set_account (PbStore   *self,
                      JsonNode  *me_document,
                      GError   **error)
{
  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (me_document != NULL, FALSE);

  return run_write (self, set_account_job, me_document, error);
}

char *
pb_store_get_user_id (PbStore  *self,
                      GError  **error)
{
  return pb_store_get_meta (self, "user-id", error);
}

char *
pb_store_get_user_name (PbStore  *self,
                        GError  **error)
{
  return pb_store_get_meta (self, "user-name", error);
}

/**
 * pb_store_list_organizations:
 *
 * Returns: (transfer container) (element-type PbStoreOrganization): by name
 */
GPtrArray *
pb_store_list_organizations (PbStore  *self,
                             GError  **error)
{
  PbStoreDb *db;
  GPtrArray *rows;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  rows = pb_store_query_organizations (db, error);
  release_reader (self, db);
  return rows;
}

/**
 * pb_store_get_organization:
 *
 * One organization of the account, as pb_store_list_organizations() lists
 * it.
 *
 * Returns: (transfer full) (nullable): the organization; %NULL without
 *   error when the account is not (or no longer) a member of it, %NULL
 *   with @error set when the cache cannot be read
 */
PbStoreOrganization *
pb_store_get_organization (PbStore     *self,
                           const char  *organization_id,
                           GError     **error)
{
  PbStoreDb *db;
  PbStoreOrganization *row;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  row = pb_store_query_organization (db, organization_id, error);
  release_reader (self, db);
  return row;
}

/**
 * pb_store_get_meta:
 *
 * Returns: (transfer full) (nullable): the value; %NULL without error when
 *   the key is not set
 */
char *
pb_store_get_meta (PbStore     *self,
                   const char  *key,
                   GError     **error)
{
  PbStoreDb *db;
  char *value = NULL;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  pb_store_query_meta (db, key, &value, error);
  release_reader (self, db);
  return value;
}

typedef struct
{
  const char *key;
  const char *value;
} MetaArgs;

static gboolean
set_meta_job (PbStoreTx  *tx,
              gpointer    data,
              GError    **error)
{
  MetaArgs *args = data;

  return pb_store_tx_set_meta (tx, args->key, args->value, error);
}

/**
 * pb_store_set_meta:
 * @value: (nullable): %NULL removes the key
 */
gboolean
pb_store_set_meta (PbStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  MetaArgs args = { key, value };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return run_write (self, set_meta_job, &args, error);
}

/* ------------------------------------------------------------------ */
/* Pull                                                                 */

/**
 * pb_store_get_cursor:
 *
 * Returns: (transfer full) (nullable): the cursor saved with the last page
 *   applied; %NULL without error before the first
 */
char *
pb_store_get_cursor (PbStore     *self,
                     const char  *organization_id,
                     GError     **error)
{
  PbStoreDb *db;
  char *cursor = NULL;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  pb_store_query_cursor (db, organization_id, &cursor, error);
  release_reader (self, db);
  return cursor;
}

typedef struct
{
  const char *organization_id;
  JsonArray  *resources;
  const char *next_cursor;
} ApplyArgs;

static gboolean
apply_changes_job (PbStoreTx  *tx,
                   gpointer    data,
                   GError    **error)
{
  ApplyArgs *args = data;

  return pb_store_tx_apply_changes (tx, args->organization_id, args->resources, args->next_cursor, error);
}

/**
 * pb_store_apply_changes:
 * @resources: the `data` of one page of the changes feed
 * @next_cursor: (nullable): its `meta.next-cursor`, saved with it
 *
 * Applies the page and saves the cursor in one transaction; nothing of it
 * when a resource cannot be read (%PB_STORE_ERROR_INVALID).
 */
gboolean
pb_store_apply_changes (PbStore     *self,
                        const char  *organization_id,
                        JsonArray   *resources,
                        const char  *next_cursor,
                        GError     **error)
{
  ApplyArgs args = { organization_id, resources, next_cursor };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);

  return run_write (self, apply_changes_job, &args, error);
}

static gboolean
forget_job (PbStoreTx  *tx,
            gpointer    data,
            GError    **error)
{
  return pb_store_tx_forget_organization (tx, data, TRUE, error);
}

/**
 * pb_store_forget_organization_data:
 *
 * Before reading the feed again from the start (the server answered 410
 * to the cursor): deletes the organization's synced rows and its cursor,
 * but keeps the outbox and the campaigns its entries touch.
 */
gboolean
pb_store_forget_organization_data (PbStore     *self,
                                   const char  *organization_id,
                                   GError     **error)
{
  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);

  return run_write (self, forget_job, (gpointer) organization_id, error);
}

/* ------------------------------------------------------------------ */
/* Reads for the views                                                  */

/**
 * pb_store_list_divisions:
 *
 * Returns: (transfer container) (element-type PbStoreDivision): by name
 */
GPtrArray *
pb_store_list_divisions (PbStore     *self,
                         const char  *organization_id,
                         GError     **error)
{
  PbStoreDb *db;
  GPtrArray *rows;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  rows = pb_store_query_divisions (db, organization_id, error);
  release_reader (self, db);
  return rows;
}

/**
 * pb_store_list_learners:
 *
 * Returns: (transfer container) (element-type PbStoreLearner): the active
 *   learners the query selects, in its order
 */
GPtrArray *
pb_store_list_learners (PbStore                    *self,
                        const PbStoreLearnerQuery  *query,
                        GError                    **error)
{
  PbStoreDb *db;
  GPtrArray *rows;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && query->organization_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  rows = pb_store_query_learners (db, query, error);
  release_reader (self, db);
  return rows;
}

/* Returns: the organization's active learners; 0 on error */
guint
pb_store_count_learners (PbStore     *self,
                         const char  *organization_id,
                         GError     **error)
{
  PbStoreDb *db;
  guint count = 0;

  g_return_val_if_fail (PB_IS_STORE (self), 0);
  g_return_val_if_fail (organization_id != NULL, 0);

  if ((db = acquire_reader (self, error)) == NULL)
    return 0;
  pb_store_query_count (db, "SELECT count (*) FROM learners WHERE organization_id = ?1 AND is_disabled = 0",
                        organization_id, &count, error);
  release_reader (self, db);
  return count;
}

/**
 * pb_store_count_campaigns:
 *
 * Every campaign of the organization the cache holds, whatever its owner,
 * active or archived, synced or created here and not sent yet: what tells
 * "no campaign yet" from "no campaign matches these filters".
 *
 * Returns: the count; 0 on error
 */
guint
pb_store_count_campaigns (PbStore     *self,
                          const char  *organization_id,
                          GError     **error)
{
  PbStoreDb *db;
  guint count = 0;

  g_return_val_if_fail (PB_IS_STORE (self), 0);
  g_return_val_if_fail (organization_id != NULL, 0);

  if ((db = acquire_reader (self, error)) == NULL)
    return 0;
  pb_store_query_count (db, "SELECT count (*) FROM campaigns WHERE organization_id = ?1",
                        organization_id, &count, error);
  release_reader (self, db);
  return count;
}

/**
 * pb_store_list_campaigns:
 *
 * Returns: (transfer container) (element-type PbStoreCampaign): newest first
 */
GPtrArray *
pb_store_list_campaigns (PbStore                     *self,
                         const PbStoreCampaignQuery  *query,
                         GError                     **error)
{
  PbStoreDb *db;
  GPtrArray *rows;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && query->organization_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  rows = pb_store_query_campaigns (db, query, error);
  release_reader (self, db);
  return rows;
}

/**
 * pb_store_get_campaign:
 *
 * Returns: (transfer full): the campaign, or %NULL (%PB_STORE_ERROR_NOT_FOUND)
 */
PbStoreCampaign *
pb_store_get_campaign (PbStore     *self,
                       const char  *campaign_id,
                       GError     **error)
{
  PbStoreDb *db;
  PbStoreCampaign *row;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  row = pb_store_query_campaign (db, campaign_id, error);
  release_reader (self, db);
  return row;
}

/**
 * pb_store_list_participants:
 *
 * Returns: (transfer container) (element-type PbStoreParticipant): by the
 *   learners' names
 */
GPtrArray *
pb_store_list_participants (PbStore     *self,
                            const char  *campaign_id,
                            GError     **error)
{
  PbStoreDb *db;
  GPtrArray *rows;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  rows = pb_store_query_participants (db, campaign_id, error);
  release_reader (self, db);
  return rows;
}

/* ------------------------------------------------------------------ */
/* Local edits                                                          */

typedef struct
{
  const char                *organization_id;
  const PbStoreNewCampaign  *campaign;
  char                      *campaign_id;
} CreateArgs;

static gboolean
create_campaign_job (PbStoreTx  *tx,
                     gpointer    data,
                     GError    **error)
{
  CreateArgs *args = data;

  return pb_store_tx_create_campaign (tx, args->organization_id, args->campaign, &args->campaign_id, error);
}

/**
 * pb_store_create_campaign:
 *
 * Creates the campaign here (version 0, no code yet) and queues its
 * creation.
 *
 * Returns: (transfer full): its id (a UUIDv7 the server will keep), or
 *   %NULL (%PB_STORE_ERROR_INVALID, with a message for the user)
 */
char *
pb_store_create_campaign (PbStore                   *self,
                          const char                *organization_id,
                          const PbStoreNewCampaign  *campaign,
                          GError                   **error)
{
  CreateArgs args = { organization_id, campaign, NULL };

  g_return_val_if_fail (PB_IS_STORE (self), NULL);
  g_return_val_if_fail (organization_id != NULL, NULL);
  g_return_val_if_fail (campaign != NULL, NULL);

  if (!run_write (self, create_campaign_job, &args, error))
    {
      g_free (args.campaign_id);
      return NULL;
    }
  return args.campaign_id;
}

typedef struct
{
  const char *campaign_id;
  const char *name;
  gboolean    archived;
} CampaignArgs;

static gboolean
rename_campaign_job (PbStoreTx  *tx,
                     gpointer    data,
                     GError    **error)
{
  CampaignArgs *args = data;

  return pb_store_tx_rename_campaign (tx, args->campaign_id, args->name, error);
}

gboolean
pb_store_rename_campaign (PbStore     *self,
                          const char  *campaign_id,
                          const char  *name,
                          GError     **error)
{
  CampaignArgs args = { campaign_id, name, FALSE };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);

  return run_write (self, rename_campaign_job, &args, error);
}

static gboolean
set_archived_job (PbStoreTx  *tx,
                  gpointer    data,
                  GError    **error)
{
  CampaignArgs *args = data;

  return pb_store_tx_set_campaign_archived (tx, args->campaign_id, args->archived, error);
}

gboolean
pb_store_set_campaign_archived (PbStore     *self,
                                const char  *campaign_id,
                                gboolean     archived,
                                GError     **error)
{
  CampaignArgs args = { campaign_id, NULL, archived };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);

  return run_write (self, set_archived_job, &args, error);
}

typedef struct
{
  const char *organization_id;
  const char *format;
  const char *file_name;
  GBytes     *contents;
} ImportArgs;

static gboolean
import_job (PbStoreTx  *tx,
            gpointer    data,
            GError    **error)
{
  ImportArgs *args = data;

  return pb_store_tx_queue_learner_import (tx, args->organization_id, args->format, args->file_name,
                                           args->contents, error);
}

/**
 * pb_store_queue_learner_import:
 * @format: "xml" (SIECLE) or "csv"
 * @file_name: shown to people while the import waits
 */
gboolean
pb_store_queue_learner_import (PbStore     *self,
                               const char  *organization_id,
                               const char  *format,
                               const char  *file_name,
                               GBytes      *contents,
                               GError     **error)
{
  ImportArgs args = { organization_id, format, file_name, contents };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);
  g_return_val_if_fail (organization_id != NULL, FALSE);

  return run_write (self, import_job, &args, error);
}

/* ------------------------------------------------------------------ */
/* The outbox                                                           */

/**
 * pb_store_list_outbox:
 *
 * Returns: (transfer container) (element-type PbOutboxEntry): the pending
 *   entries, in the order of the edits
 */
GPtrArray *
pb_store_list_outbox (PbStore  *self,
                      GError  **error)
{
  PbStoreDb *db;
  GPtrArray *entries;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  entries = pb_store_query_outbox (db, error);
  release_reader (self, db);
  return entries;
}

static guint
count (PbStore     *self,
       const char  *sql,
       GError     **error)
{
  PbStoreDb *db;
  guint n = 0;

  if ((db = acquire_reader (self, error)) == NULL)
    return 0;
  pb_store_query_count (db, sql, NULL, &n, error);
  release_reader (self, db);
  return n;
}

/* Returns: the entries not acknowledged yet, whatever their state */
guint
pb_store_count_pending (PbStore  *self,
                        GError  **error)
{
  g_return_val_if_fail (PB_IS_STORE (self), 0);

  return count (self, "SELECT count (*) FROM outbox", error);
}

typedef struct
{
  gint64       mid;
  JsonObject  *object;
  const char  *message;
  guint        status;
  const char  *code;
} EntryArgs;

static gboolean
acknowledge_job (PbStoreTx  *tx,
                 gpointer    data,
                 GError    **error)
{
  EntryArgs *args = data;

  return pb_store_tx_acknowledge (tx, args->mid, args->object, error);
}

/**
 * pb_store_outbox_acknowledge:
 * @answer: (nullable): the `data` of the server's answer (a campaign);
 *   %NULL for an import
 *
 * The server did it: the row takes the answer's values, the later entries
 * of the campaign follow its version, and the entry goes.
 */
gboolean
pb_store_outbox_acknowledge (PbStore     *self,
                             gint64       mid,
                             JsonObject  *answer,
                             GError     **error)
{
  EntryArgs args = { mid, answer, NULL, 0, NULL };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  return run_write (self, acknowledge_job, &args, error);
}

static gboolean
note_failure_job (PbStoreTx  *tx,
                  gpointer    data,
                  GError    **error)
{
  EntryArgs *args = data;

  return pb_store_tx_note_failure (tx, args->mid, args->message, error);
}

/* A temporary failure (network, 5xx): the entry stays pending. */
gboolean
pb_store_outbox_note_failure (PbStore     *self,
                              gint64       mid,
                              const char  *message,
                              GError     **error)
{
  EntryArgs args = { mid, NULL, message, 0, NULL };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  return run_write (self, note_failure_job, &args, error);
}

static gboolean
conflict_job (PbStoreTx  *tx,
              gpointer    data,
              GError    **error)
{
  EntryArgs *args = data;

  return pb_store_tx_conflict (tx, args->mid, args->object, error);
}

/**
 * pb_store_outbox_conflict:
 * @current: the record the server answered a 412 with
 */
gboolean
pb_store_outbox_conflict (PbStore     *self,
                          gint64       mid,
                          JsonObject  *current,
                          GError     **error)
{
  EntryArgs args = { mid, current, NULL, 0, NULL };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  return run_write (self, conflict_job, &args, error);
}

static gboolean
reject_job (PbStoreTx  *tx,
            gpointer    data,
            GError    **error)
{
  EntryArgs *args = data;

  return pb_store_tx_reject (tx, args->mid, args->status, args->code, args->message, error);
}

/**
 * pb_store_outbox_reject:
 * @reason: the server's detail(s), one per line
 *
 * The server refused the edit (a 4xx other than 412): kept and shown.
 */
gboolean
pb_store_outbox_reject (PbStore     *self,
                        gint64       mid,
                        guint        status,
                        const char  *code,
                        const char  *reason,
                        GError     **error)
{
  EntryArgs args = { mid, NULL, reason, status, code };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  return run_write (self, reject_job, &args, error);
}

/* ------------------------------------------------------------------ */
/* Conflicts                                                            */

/**
 * pb_store_list_conflicts:
 *
 * Returns: (transfer container) (element-type PbConflict): in the order
 *   of the edits
 */
GPtrArray *
pb_store_list_conflicts (PbStore  *self,
                         GError  **error)
{
  PbStoreDb *db;
  GPtrArray *conflicts;

  g_return_val_if_fail (PB_IS_STORE (self), NULL);

  if ((db = acquire_reader (self, error)) == NULL)
    return NULL;
  conflicts = pb_store_query_conflicts (db, error);
  release_reader (self, db);
  return conflicts;
}

guint
pb_store_count_conflicts (PbStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (PB_IS_STORE (self), 0);

  return count (self, "SELECT count (*) FROM outbox WHERE state IN ('CONFLICT', 'REJECTED')", error);
}

typedef struct
{
  gint64   conflict_id;
  gboolean keep_mine;
} ResolveArgs;

static gboolean
resolve_job (PbStoreTx  *tx,
             gpointer    data,
             GError    **error)
{
  ResolveArgs *args = data;

  return pb_store_tx_resolve_conflict (tx, args->conflict_id, args->keep_mine, error);
}

gboolean
pb_store_resolve_conflict (PbStore   *self,
                           gint64     conflict_id,
                           gboolean   keep_mine,
                           GError   **error)
{
  ResolveArgs args = { conflict_id, keep_mine };

  g_return_val_if_fail (PB_IS_STORE (self), FALSE);

  return run_write (self, resolve_job, &args, error);
}
