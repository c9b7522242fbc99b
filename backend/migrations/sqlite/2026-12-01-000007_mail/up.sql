-- E-mail and password reset.

-- The IANA time zone a person reads times in (`America/New_York`); none: Europe/Riga.
ALTER TABLE people ADD COLUMN time_zone TEXT;

-- One-time links to choose a new password, valid one hour; only the token's hash is kept.
CREATE TABLE password_resets (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX password_resets_person ON password_resets (person_id);
