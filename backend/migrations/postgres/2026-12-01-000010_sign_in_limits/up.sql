-- Sign-in attempts counted per limit key (`address:...`, `account:...`, `client:...`,
-- `password-reset:...`), in the database rather than in each process, so that replicas
-- behind a load balancer share one count. A row's window starts at its first attempt;
-- the first attempt after the window has passed starts a new one (`auth::limit`).
-- Expired rows are swept now and then.
CREATE TABLE sign_in_limits (
    limit_key TEXT PRIMARY KEY NOT NULL,
    window_start TEXT NOT NULL,
    attempts INTEGER NOT NULL CHECK (attempts > 0)
);
-- The sweep of expired windows.
CREATE INDEX sign_in_limits_window ON sign_in_limits (window_start);
