-- After a rotation the previous signing secret keeps signing beside the new one for a day,
-- so that a receiver can switch without refusing deliveries signed just before.
ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook_subscriptions ADD COLUMN previous_secret_until TEXT;
