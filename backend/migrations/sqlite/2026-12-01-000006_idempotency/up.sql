-- The first answer to a create sent with an `Idempotency-Key`, kept 24 h per caller and key
-- so that a retry gets it again instead of making a second record.
--
-- A row is written "in progress" (status NULL) before the handler runs; the unique key is
-- what makes a concurrent repeat, on this replica or another, see it and answer 409. The
-- row is completed with the answer when it succeeded and deleted when it did not.
-- `fingerprint` is the SHA-256 (hex) of method, path and body: the same key with another
-- request is refused. Anonymous callers have no identity to key by and are never stored.
CREATE TABLE idempotency_keys (
    id TEXT PRIMARY KEY NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('person', 'client')),
    actor_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status INTEGER,
    location TEXT,
    etag TEXT,
    content_type TEXT,
    body TEXT,
    completed_at TEXT,
    UNIQUE (actor_kind, actor_id, idempotency_key)
);
-- The sweep of expired rows.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
