-- The learners' side: accounts reconciled with organization learners,
-- campaign participations, adaptive-test assessments, answers, knowledge
-- elements, competence evaluations, and the profiles shared with an
-- organization (what its teachers see).

-- The Pix account a learner reconciled with (one per organization), and
-- the profile of the learner's last share in this organization.
ALTER TABLE organization_learners ADD COLUMN user_id TEXT REFERENCES users (id);
ALTER TABLE organization_learners ADD COLUMN pix_score INTEGER;
ALTER TABLE organization_learners ADD COLUMN is_certifiable INTEGER;
ALTER TABLE organization_learners ADD COLUMN certifiable_at TEXT;

CREATE UNIQUE INDEX organization_learners_user ON organization_learners (organization_id, user_id);
CREATE INDEX organization_learners_reconciliation ON organization_learners (organization_id, birthdate);

-- is_improved: replaced by a newer participation (a retry, "envoi
-- multiple"); only one participation per campaign and user is current.
-- Results (validated skills, pix, mastery, certifiability, and the JSON
-- snapshot per competence and skill) are computed when the learner shares.
CREATE TABLE campaign_participations (
  id                             TEXT PRIMARY KEY,
  campaign_id                    TEXT NOT NULL REFERENCES campaigns (id),
  organization_id                TEXT NOT NULL REFERENCES organizations (id),
  organization_learner_id        TEXT NOT NULL REFERENCES organization_learners (id),
  user_id                        TEXT NOT NULL REFERENCES users (id),
  participant_external_id        TEXT,
  status                         TEXT NOT NULL CHECK (status IN ('STARTED', 'TO_SHARE', 'SHARED')),
  is_improved                    INTEGER NOT NULL DEFAULT 0,
  shared_at                      TEXT,
  validated_skills_count         INTEGER,
  pix_score                      INTEGER,
  mastery_rate                   DOUBLE PRECISION,
  is_certifiable                 INTEGER,
  certifiable_competences_count  INTEGER,
  results                        TEXT,
  created_at                     TEXT NOT NULL,
  updated_at                     TEXT NOT NULL,
  version                        INTEGER NOT NULL DEFAULT 1
);

CREATE UNIQUE INDEX campaign_participations_current
  ON campaign_participations (campaign_id, user_id) WHERE is_improved = 0;
CREATE INDEX campaign_participations_campaign ON campaign_participations (campaign_id, created_at);
CREATE INDEX campaign_participations_user ON campaign_participations (user_id);

-- last_challenge_id: the challenge asked and not answered yet, so a
-- learner who reloads gets the same one and cannot answer another.
CREATE TABLE assessments (
  id                         TEXT PRIMARY KEY,
  user_id                    TEXT NOT NULL REFERENCES users (id),
  type                       TEXT NOT NULL CHECK (type IN ('CAMPAIGN', 'COMPETENCE_EVALUATION')),
  state                      TEXT NOT NULL CHECK (state IN ('started', 'completed', 'aborted')),
  campaign_participation_id  TEXT REFERENCES campaign_participations (id),
  competence_index           TEXT,
  is_improving               INTEGER NOT NULL DEFAULT 0,
  last_challenge_id          TEXT,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  version                    INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX assessments_participation ON assessments (campaign_participation_id, created_at);
CREATE INDEX assessments_user ON assessments (user_id, competence_index);

CREATE TABLE answers (
  id             TEXT PRIMARY KEY,
  assessment_id  TEXT NOT NULL REFERENCES assessments (id),
  challenge_id   TEXT NOT NULL,
  value          TEXT NOT NULL,
  result         TEXT NOT NULL CHECK (result IN ('ok', 'ko')),
  created_at     TEXT NOT NULL,
  UNIQUE (assessment_id, challenge_id)
);

-- skill: the skill's name ("@tube3"), stable across content versions.
CREATE TABLE knowledge_elements (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users (id),
  assessment_id     TEXT REFERENCES assessments (id),
  answer_id         TEXT REFERENCES answers (id),
  skill             TEXT NOT NULL,
  competence_index  TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('validated', 'invalidated', 'reset')),
  source            TEXT NOT NULL CHECK (source IN ('direct', 'inferred')),
  earned_pix        DOUBLE PRECISION NOT NULL,
  created_at        TEXT NOT NULL
);

CREATE INDEX knowledge_elements_user ON knowledge_elements (user_id, created_at);

-- One competence evaluation per user and competence (outside campaigns);
-- status reset after a "remise à zéro", until it is started again.
CREATE TABLE competence_evaluations (
  id                TEXT PRIMARY KEY,
  user_id           TEXT NOT NULL REFERENCES users (id),
  competence_index  TEXT NOT NULL,
  assessment_id     TEXT NOT NULL REFERENCES assessments (id),
  status            TEXT NOT NULL CHECK (status IN ('started', 'reset')),
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  version           INTEGER NOT NULL DEFAULT 1,
  UNIQUE (user_id, competence_index)
);

-- The profile a learner last shared with an organization, one row per
-- competence: what the organization's feed carries as "scorecards".
CREATE TABLE shared_scorecards (
  id                       TEXT PRIMARY KEY,      -- organization learner id + "_" + competence index
  organization_id          TEXT NOT NULL REFERENCES organizations (id),
  organization_learner_id  TEXT NOT NULL REFERENCES organization_learners (id),
  competence_index         TEXT NOT NULL,
  pix                      INTEGER NOT NULL,
  level                    INTEGER NOT NULL,
  shared_at                TEXT NOT NULL,
  version                  INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX shared_scorecards_learner ON shared_scorecards (organization_learner_id);
