-- Sign-in: the server's signing key, refresh tokens (stored hashed) and the
-- per-account throttling state.

CREATE TABLE server_secrets (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
  token_hash  TEXT PRIMARY KEY,            -- SHA-256 of the token, hex
  user_id     TEXT NOT NULL REFERENCES users (id),
  expires_at  TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN blocked_until TEXT;
ALTER TABLE users ADD COLUMN block_count INTEGER NOT NULL DEFAULT 0;
