//! The outbox: every notice EIL Hub sends (a webhook delivery, an e-mail), written in the
//! transaction of the change that causes it and sent afterwards, with each attempt kept.
//!
//! Delivery is at least once: a notice may arrive twice (a receiver that answered too late,
//! a worker that stopped between sending and recording). Receivers de-duplicate by the
//! notice id, which a webhook carries as its `webhook-id` header.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{NoticeId, WebhookId};
use crate::string_enum;

string_enum!(
    /// How a notice travels.
    Channel {
        /// An HTTP POST to a webhook subscription.
        Webhook = "webhook",
        /// An e-mail over SMTP.
        Email = "email",
    }
);

string_enum!(
    /// Where a notice is.
    NoticeStatus {
        /// Waiting for its next attempt (or for SMTP to be configured).
        Pending = "pending",
        /// Delivered: the receiver answered 2xx, or the SMTP server accepted the message.
        Sent = "sent",
        /// Given up after the last retry, or its subscription was disabled; can be retried.
        Failed = "failed",
    }
);

string_enum!(
    /// The outcome of one attempt.
    AttemptOutcome {
        Sent = "sent",
        Failed = "failed",
    }
);

/// One attempt to send a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
    /// The receiver's HTTP status (webhooks), or the SMTP reply code.
    pub status_code: Option<u16>,
    /// What went wrong: a timeout, a refused connection, a redirect, the answer's status.
    pub error: Option<String>,
    /// From sending the request to the end of the answer, in milliseconds.
    pub latency_ms: u32,
}

/// A notice in the outbox. Its content (the webhook body, the e-mail text) is not shown:
/// e-mails carry one-time links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: NoticeId,
    pub channel: Channel,
    /// The event type (`project.updated`), or the e-mail's kind (`email.invitation`).
    #[cfg_attr(feature = "openapi", schema(example = "project.updated"))]
    pub event_type: String,
    /// The subscription of a webhook delivery.
    pub subscription_id: Option<WebhookId>,
    /// The URL or the e-mail address it goes to.
    pub recipient: String,
    pub status: NoticeStatus,
    /// Attempts made so far.
    pub attempts: u32,
    /// When the next attempt is due (pending notices).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Every attempt, oldest first (only in a delivery log and a single notice).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempt_log: Vec<Attempt>,
}

/// Filters of `GET /outbox` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<NoticeStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}
