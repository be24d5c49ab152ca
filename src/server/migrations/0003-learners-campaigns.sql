-- Organization learners and their divisions, campaigns, the per-organization
-- changes feed, idempotent writes and learner imports.

CREATE TABLE organization_learners (
  id                    TEXT PRIMARY KEY,
  organization_id       TEXT NOT NULL REFERENCES organizations (id),
  national_student_id   TEXT,                  -- INE (SCO), upper-case
  student_number        TEXT,                  -- "Numéro étudiant" (SUP)
  last_name             TEXT NOT NULL,
  preferred_last_name   TEXT,
  first_name            TEXT NOT NULL,
  middle_name           TEXT,
  third_name            TEXT,
  sex                   TEXT,
  birthdate             TEXT,                  -- YYYY-MM-DD
  birth_city            TEXT,
  birth_city_code       TEXT,
  birth_province_code   TEXT,
  birth_country_code    TEXT,
  mef_code              TEXT,
  status                TEXT,
  division              TEXT,
  email                 TEXT,
  department            TEXT,
  educational_team      TEXT,
  group_name            TEXT,
  diploma               TEXT,
  study_scheme          TEXT,
  is_disabled           INTEGER NOT NULL DEFAULT 0,
  search_key            TEXT NOT NULL,         -- names lower-cased without accents, for filter[search]
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, national_student_id),
  UNIQUE (organization_id, student_number)
);

CREATE INDEX organization_learners_list
  ON organization_learners (organization_id, is_disabled, last_name, first_name);

CREATE TABLE divisions (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations (id),
  name             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, name)
);

CREATE TABLE campaigns (
  id                        TEXT PRIMARY KEY,
  organization_id           TEXT NOT NULL REFERENCES organizations (id),
  code                      TEXT NOT NULL UNIQUE,
  name                      TEXT NOT NULL,
  search_key                TEXT NOT NULL,     -- name folded, for filter[name]
  type                      TEXT NOT NULL CHECK (type IN ('ASSESSMENT', 'PROFILES_COLLECTION')),
  title                     TEXT,
  custom_landing_page_text  TEXT,
  external_id_label         TEXT,
  external_id_type          TEXT,
  multiple_sendings         INTEGER NOT NULL DEFAULT 0,
  target_profile_id         TEXT,
  creator_id                TEXT NOT NULL REFERENCES users (id),
  owner_id                  TEXT NOT NULL REFERENCES users (id),
  archived_at               TEXT,
  archived_by               TEXT REFERENCES users (id),
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL,
  version                   INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX campaigns_organization ON campaigns (organization_id, created_at);

-- The feed keeps the last change of each record: a record written again
-- moves to the end with a new seq, so a client paging through never misses
-- it. seq comes from organizations.change_seq, advanced in the same
-- transaction as the write.
CREATE TABLE changes (
  organization_id  TEXT NOT NULL REFERENCES organizations (id),
  resource_type    TEXT NOT NULL,
  resource_id      TEXT NOT NULL,
  seq              INTEGER NOT NULL,
  op               TEXT NOT NULL CHECK (op IN ('put', 'del')),
  PRIMARY KEY (organization_id, resource_type, resource_id)
);

CREATE UNIQUE INDEX changes_feed ON changes (organization_id, seq);

-- Responses to writes, replayed for the same Idempotency-Key.
CREATE TABLE idempotency_keys (
  user_id       TEXT NOT NULL REFERENCES users (id),
  idempotency_key TEXT NOT NULL,
  request_hash  TEXT NOT NULL,               -- SHA-256 of method, path, query and body
  status        INTEGER NOT NULL,
  content_type  TEXT,
  headers       TEXT NOT NULL,
  body          TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

CREATE TABLE organization_imports (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations (id),
  format           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('IMPORTED', 'VALIDATION_ERROR')),
  created_count    INTEGER NOT NULL DEFAULT 0,
  updated_count    INTEGER NOT NULL DEFAULT 0,
  disabled_count   INTEGER NOT NULL DEFAULT 0,
  warnings_count   INTEGER NOT NULL DEFAULT 0,
  errors_count     INTEGER NOT NULL DEFAULT 0,
  created_by       TEXT NOT NULL REFERENCES users (id),
  created_at       TEXT NOT NULL
);

CREATE INDEX organization_imports_latest ON organization_imports (organization_id, created_at);
