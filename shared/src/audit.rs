//! The audit log: who changed what, when, under which request.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::AuditEntryId;
use crate::string_enum;

string_enum!(
    /// Who made a change.
    ActorKind {
        /// A signed-in person (`actor_id` is their person id).
        Person = "person",
        /// A partner API client (`actor_id` is its client id).
        Client = "client",
        /// Nobody signed in, e.g. accepting an invitation with its token.
        Anonymous = "anonymous",
    }
);

/// One write. Field names are recorded, never their values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: AuditEntryId,
    pub at: DateTime<Utc>,
    pub actor_kind: ActorKind,
    pub actor_id: Option<String>,
    /// `create`, `update`, `delete`, or the verb of an action such as `rotate`.
    #[cfg_attr(feature = "openapi", schema(example = "update"))]
    pub action: String,
    /// The kind of record, as named in the API path (`projects`, `milestones`).
    #[cfg_attr(feature = "openapi", schema(example = "projects"))]
    pub resource: String,
    pub resource_id: Option<String>,
    /// The request path.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/api/v1/projects/0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a77")
    )]
    pub path: String,
    /// The top-level fields the request body set.
    pub fields: Vec<String>,
    /// Matches the `X-Request-Id` of the request and the server log.
    pub request_id: String,
    /// The HTTP status of the answer.
    pub status: u16,
}

/// Filters of `GET /audit` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// A person id or client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_kind: Option<ActorKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Entries at or after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<Utc>>,
    /// Entries before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
}
