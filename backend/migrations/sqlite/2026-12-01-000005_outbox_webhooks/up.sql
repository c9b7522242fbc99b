-- The outbox: notices (webhook calls, e-mails) written in the transaction of the change that
-- causes them, and sent afterwards by the delivery worker, with every attempt recorded.

-- A partner's (or an admin's) webhook subscription. The signing secret must be kept to
-- sign each delivery, so it is stored as it is (as Standard Webhooks senders do); it is
-- shown to the owner once, on creation and rotation. `client_id` NULL: made by an admin,
-- receives every event of its types.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT REFERENCES api_clients (id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    event_types TEXT NOT NULL,
    description TEXT NOT NULL,
    secret TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
    disabled_reason TEXT,
    failing_since TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id, id);

-- One notice to one recipient. `locked_until` and `claim` are the worker's lease: a notice
-- is claimed by setting both, and only the claim's holder records its outcome; a worker
-- that dies leaves the lease to run out, and the notice is claimed again.
CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('webhook', 'email')),
    event_type TEXT NOT NULL,
    subscription_id TEXT REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    locked_until TEXT,
    claim TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX notices_due ON notices (status, next_attempt_at);
CREATE INDEX notices_subscription ON notices (subscription_id, id);
CREATE INDEX notices_channel ON notices (channel, status, id);

-- Every attempt to send a notice.
CREATE TABLE notice_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    notice_id TEXT NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed')),
    status_code INTEGER,
    error TEXT,
    latency_ms INTEGER NOT NULL
);
CREATE INDEX notice_attempts_notice ON notice_attempts (notice_id, id);
