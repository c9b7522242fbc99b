-- Every request with a person's access token asks whether its sign-in (refresh-token
-- family) has a revoked token; this index answers that, and lists a family, in one probe.
DROP INDEX refresh_tokens_family;
CREATE INDEX refresh_tokens_family_revoked ON refresh_tokens (family_id, revoked_at);
