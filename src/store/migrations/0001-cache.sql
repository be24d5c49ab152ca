-- 0001-cache.sql: the first schema of the desktop's offline cache.
--
-- Synced tables mirror the server's records of one account: TEXT UUID ids,
-- ISO 8601 UTC times, and the server's `version` on every row, so a page of
-- the changes feed applied twice (after a crash) changes nothing. There are
-- no foreign keys between synced tables: the feed sends a record's latest
-- change only, so a participation may arrive pages before its learner.
--
-- Never edit this file once shipped: add 0002-….sql.

CREATE TABLE meta (
  key    TEXT PRIMARY KEY,
  value  TEXT
) WITHOUT ROWID;

-- From GET /api/me: the account's organizations and its role in each.
CREATE TABLE organizations (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  type         TEXT,
  external_id  TEXT,
  role         TEXT
) WITHOUT ROWID;

CREATE TABLE memberships (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL,
  user_id          TEXT,
  role             TEXT,
  first_name       TEXT,
  last_name        TEXT,
  email            TEXT,
  version          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX memberships_by_user ON memberships (organization_id, user_id);

CREATE TABLE divisions (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL,
  name             TEXT NOT NULL,
  version          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX divisions_by_organization ON divisions (organization_id, name);

-- last_key, first_key and search_key are folded (lower case, no accents):
-- sorting on them puts "Bénard" before "Berger", and searching them with
-- LIKE finds "Lefèvre" when "lefevre" is typed.
CREATE TABLE learners (
  id                   TEXT PRIMARY KEY,
  organization_id      TEXT NOT NULL,
  last_name            TEXT NOT NULL,
  first_name           TEXT NOT NULL,
  birthdate            TEXT,
  division             TEXT,
  national_student_id  TEXT,
  user_id              TEXT,
  is_certifiable       INTEGER NOT NULL DEFAULT 0,
  is_disabled          INTEGER NOT NULL DEFAULT 0,
  pix_score            INTEGER,
  last_key             TEXT NOT NULL,
  first_key            TEXT NOT NULL,
  search_key           TEXT NOT NULL,
  version              INTEGER NOT NULL
);
CREATE INDEX learners_by_division ON learners (organization_id, division, last_key, first_key);
CREATE INDEX learners_by_name ON learners (organization_id, last_key, first_key);

-- version 0: created here, not on the server yet. server_data is the last
-- server copy applied to the row (the JSON:API resource), to restore it
-- when a local edit is dropped; NULL for a campaign created offline.
CREATE TABLE campaigns (
  id                 TEXT PRIMARY KEY,
  organization_id    TEXT NOT NULL,
  name               TEXT NOT NULL,
  code               TEXT,
  type               TEXT NOT NULL,
  title              TEXT,
  target_profile_id  TEXT,
  owner_id           TEXT,
  created_at         TEXT NOT NULL,
  archived_at        TEXT,
  search_key         TEXT NOT NULL,
  version            INTEGER NOT NULL,
  server_data        TEXT
);
CREATE INDEX campaigns_by_organization ON campaigns (organization_id, created_at);

CREATE TABLE participations (
  id                      TEXT PRIMARY KEY,
  organization_id         TEXT NOT NULL,
  campaign_id             TEXT NOT NULL,
  learner_id              TEXT,
  user_id                 TEXT,
  status                  TEXT NOT NULL,
  created_at              TEXT,
  shared_at               TEXT,
  mastery_rate            REAL,
  pix_score               INTEGER,
  validated_skills_count  INTEGER,
  is_improved             INTEGER NOT NULL DEFAULT 0,
  results                 TEXT,
  version                 INTEGER NOT NULL
);
CREATE INDEX participations_by_campaign ON participations (campaign_id, status);
CREATE INDEX participations_by_learner ON participations (learner_id);

-- id is "<learnerId>_<competence index>", as the server makes it.
CREATE TABLE scorecards (
  id                TEXT PRIMARY KEY,
  organization_id   TEXT NOT NULL,
  learner_id        TEXT NOT NULL,
  competence_index  TEXT NOT NULL,
  earned_pix        INTEGER NOT NULL DEFAULT 0,
  level             INTEGER NOT NULL DEFAULT 0,
  shared_at         TEXT,
  version           INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX scorecards_by_learner ON scorecards (learner_id, competence_index);

-- The feed cursor, saved in the same transaction as the page it covers.
CREATE TABLE cursors (
  organization_id  TEXT PRIMARY KEY,
  cursor           TEXT NOT NULL,
  saved_at         TEXT NOT NULL
) WITHOUT ROWID;

-- Local edits not yet acknowledged by the server, in the order made (mid).
-- key is the Idempotency-Key, the same for every retry of one request.
CREATE TABLE outbox (
  mid              INTEGER PRIMARY KEY AUTOINCREMENT,
  key              TEXT NOT NULL UNIQUE,
  op               TEXT NOT NULL CHECK (op IN ('CREATE_CAMPAIGN', 'RENAME_CAMPAIGN',
                                               'ARCHIVE_CAMPAIGN', 'UNARCHIVE_CAMPAIGN',
                                               'IMPORT_LEARNERS')),
  state            TEXT NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'CONFLICT', 'REJECTED')),
  organization_id  TEXT NOT NULL,
  entity_id        TEXT,
  if_version       INTEGER NOT NULL DEFAULT 0,
  payload          BLOB,
  format           TEXT,
  label            TEXT,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT
);
CREATE INDEX outbox_by_entity ON outbox (entity_id, mid);

-- A 412 (fields: [{name, mine, theirs}], the server's record and version)
-- or a rejection (status, code, reason) of one outbox entry.
CREATE TABLE conflicts (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  mid             INTEGER NOT NULL UNIQUE REFERENCES outbox (mid) ON DELETE CASCADE,
  fields          TEXT,
  server_version  INTEGER,
  server_data     TEXT,
  status          INTEGER,
  code            TEXT,
  reason          TEXT,
  created_at      TEXT NOT NULL
);

-- The server's copy of a record received while the row has unacknowledged
-- outbox entries; data NULL when the server deleted it.
CREATE TABLE server_shadow (
  type             TEXT NOT NULL,
  id               TEXT NOT NULL,
  organization_id  TEXT NOT NULL,
  version          INTEGER NOT NULL,
  data             TEXT,
  PRIMARY KEY (type, id)
) WITHOUT ROWID;
