-- Users, organizations, certification centres and memberships.
-- One SQL subset for SQLite and PostgreSQL: TEXT ids (UUIDs), ISO-8601 UTC
-- times as TEXT, INTEGER 0/1 booleans, a version per record (ETag).

CREATE TABLE users (
  id             TEXT PRIMARY KEY,
  email          TEXT UNIQUE,                  -- lower-cased; NULL for username-only learners
  username       TEXT UNIQUE,
  first_name     TEXT NOT NULL,
  last_name      TEXT NOT NULL,
  password_hash  TEXT NOT NULL,                -- argon2id, libsodium's string format
  created_at     TEXT NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1,
  CHECK (email IS NOT NULL OR username IS NOT NULL)
);

CREATE TABLE organizations (
  id                    TEXT PRIMARY KEY,
  name                  TEXT NOT NULL,
  type                  TEXT NOT NULL CHECK (type IN ('SCO', 'SUP', 'PRO')),
  uai                   TEXT,                  -- école/établissement code (UAI/UAJ) of SCO organizations
  is_managing_students  INTEGER NOT NULL DEFAULT 0,
  change_seq            INTEGER NOT NULL DEFAULT 0,  -- last change number of its feed
  created_at            TEXT NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE certification_centers (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT REFERENCES organizations (id),
  name             TEXT NOT NULL,
  type             TEXT NOT NULL CHECK (type IN ('SCO', 'SUP', 'PRO')),
  uai              TEXT,
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE memberships (
  id               TEXT PRIMARY KEY,
  organization_id  TEXT NOT NULL REFERENCES organizations (id),
  user_id          TEXT NOT NULL REFERENCES users (id),
  role             TEXT NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
  created_at       TEXT NOT NULL,
  version          INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id);
