//! Webhook subscriptions: a partner university's (or an admin's) URL that receives the
//! events it chose, signed per Standard Webhooks 1.0.
//!
//! A delivery is an HTTP POST with the headers `webhook-id` (the notice id: de-duplicate by
//! it), `webhook-timestamp` (Unix seconds) and `webhook-signature`
//! (`v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the base64 part of
//! the `whsec_` secret), and the body [`WebhookPayload`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api_client::Scope;
use crate::ids::{ApiClientId, WebhookId};
use crate::problem::FieldError;
use crate::string_enum;
use crate::validate::{Errors, MAX_SHORT};

/// The event types a subscription can ask for. A subscription names them exactly, or a
/// whole resource with `resource.*` (`milestone.*`).
pub const EVENT_TYPES: &[&str] = &[
    "project.created",
    "project.updated",
    "project.deleted",
    "milestone.created",
    "milestone.updated",
    "milestone.deleted",
    "progress_update.created",
    "enrolment.created",
    "enrolment.updated",
    "enrolment.deleted",
    "session.created",
    "session.updated",
    "session.deleted",
    "event.created",
    "event.updated",
    "event.deleted",
];

/// The event a test ping sends; every subscription receives it when asked.
pub const PING: &str = "webhook.ping";

/// Whether a subscription's type (`project.created`, or `project.*`) takes this event type.
pub fn type_matches(wanted: &str, event: &str) -> bool {
    match wanted.strip_suffix(".*") {
        Some(resource) => event
            .strip_prefix(resource)
            .is_some_and(|rest| rest.starts_with('.')),
        None => wanted == event,
    }
}

/// Whether a subscription may name this type: a known type, or `resource.*` of a known one.
pub fn is_known_type(wanted: &str) -> bool {
    EVENT_TYPES.iter().any(|t| type_matches(wanted, t))
        && (wanted.ends_with(".*") || EVENT_TYPES.contains(&wanted))
}

/// The scope a partner client needs to manage webhooks.
pub const SCOPE: Scope = Scope::WebhooksManage;

string_enum!(
    /// Whether a subscription receives deliveries.
    WebhookStatus {
        Active = "active",
        /// Paused by its owner, or disabled after failing for a day (see `disabled_reason`).
        Disabled = "disabled",
    }
);

/// A webhook subscription (its secret is shown only by creation and rotation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: WebhookId,
    /// The partner client that owns it; none for an admin's subscription, which receives
    /// the events of every record.
    pub client_id: Option<ApiClientId>,
    #[cfg_attr(feature = "openapi", schema(example = "https://lms.lu.lv/hooks/eil"))]
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(example = json!(["project.*", "milestone.created"])))]
    pub event_types: Vec<String>,
    pub description: String,
    pub status: WebhookStatus,
    /// Why it was disabled, when the server disabled it.
    pub disabled_reason: Option<String>,
    /// Since when its deliveries fail (none while they succeed); after a day it is disabled.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A subscription with its signing secret: the answer of creation and rotation, the only
/// time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookWithSecret {
    pub webhook: Webhook,
    /// `whsec_` and the base64 key; verify each delivery's signature with it.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
}

/// The longest URL a subscription may have.
pub const MAX_URL: usize = 2000;

/// The body of `POST /webhooks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateWebhook {
    /// `https://` (plain `http` and private addresses only where the server allows them).
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://lms.lu.lv/hooks/eil",
            format = "uri",
            max_length = 2000
        )
    )]
    pub url: String,
    /// At least one; from the documented types, or `resource.*`.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, example = json!(["project.*"])))]
    pub event_types: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: String,
}

impl CreateWebhook {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        check_types(&mut e, &self.event_types);
        e.max_len("description", &self.description, MAX_SHORT);
        e.required("url", &self.url, MAX_URL);
        e.finish()
    }
}

/// The body of `PATCH /webhooks/{id}`: the fields to change. Setting `status` to `active`
/// re-enables a disabled subscription.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhook {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = "uri", max_length = 2000))]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub event_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<WebhookStatus>,
}

impl UpdateWebhook {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        if let Some(t) = &self.event_types {
            check_types(&mut e, t);
        }
        if let Some(d) = &self.description {
            e.max_len("description", d, MAX_SHORT);
        }
        if let Some(u) = &self.url {
            e.required("url", u, MAX_URL);
        }
        e.finish()
    }
}

fn check_types(e: &mut Errors, types: &[String]) {
    e.check(
        !types.is_empty(),
        "event_types",
        "name at least one event type",
    );
    for t in types {
        if !is_known_type(t) {
            e.add(
                "event_types",
                format!("`{t}` is not an event type (see the list in the documentation)"),
            );
        }
    }
}

/// The body of every delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookPayload {
    /// The event type, e.g. `project.updated`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(example = "project.updated"))]
    pub kind: String,
    /// When the change happened.
    pub timestamp: DateTime<Utc>,
    /// The record as the API returns it (for a deletion: its `id`).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: serde_json::Value,
}

/// What a test ping or a redelivery queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queued {
    pub notice_id: crate::ids::NoticeId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_match_exactly_or_by_resource() {
        assert!(type_matches("project.*", "project.created"));
        assert!(!type_matches("project.*", "progress_update.created"));
        assert!(type_matches("milestone.updated", "milestone.updated"));
        assert!(!type_matches("milestone.updated", "milestone.created"));
        assert!(is_known_type("enrolment.*"));
        assert!(!is_known_type("enrolment.archived"));
        assert!(!is_known_type("*"));
    }
}
