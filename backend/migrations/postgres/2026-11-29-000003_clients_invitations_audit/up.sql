-- Partner API clients, invitations and the audit log.

-- A client's secret is 256 random bits, so a SHA-256 hash of it is enough (no slow hash);
-- `secret_version` goes up on every rotation and is carried in the client's access tokens,
-- so that rotating or revoking ends the tokens made before.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    secret_version INTEGER NOT NULL,
    revoked_at TEXT,
    created_at TEXT NOT NULL,
    secret_rotated_at TEXT NOT NULL
);
CREATE INDEX api_clients_organisation ON api_clients (organisation_id);

-- One-time links to set a password; only the token's hash is kept.
CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    roles TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    revoked_at TEXT,
    invited_by TEXT REFERENCES people (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX invitations_person ON invitations (person_id);

-- Every successful write: who, what, when, under which request. Field names only, never values.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('person', 'client', 'anonymous')),
    actor_id TEXT,
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    resource_id TEXT,
    path TEXT NOT NULL,
    fields TEXT NOT NULL,
    request_id TEXT NOT NULL,
    status INTEGER NOT NULL
);
CREATE INDEX audit_log_resource ON audit_log (resource, resource_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
