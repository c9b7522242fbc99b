DROP TABLE notice_attempts;
DROP TABLE notices;
DROP TABLE webhook_subscriptions;
