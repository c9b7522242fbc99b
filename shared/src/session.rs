//! Mentoring sessions: a mentor meets a project team; never double-booked.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{MentorId, ProjectId, SessionId};
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_SHORT};

string_enum!(
    /// How a session is held.
    SessionMode { Online = "online", InPerson = "in_person" }
);

string_enum!(
    /// Where a session stands; cancelled sessions free the mentor's time.
    SessionStatus { Scheduled = "scheduled", Completed = "completed", Cancelled = "cancelled" }
);

/// A mentoring session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentoringSession {
    pub id: SessionId,
    pub project_id: ProjectId,
    pub mentor_id: MentorId,
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T15:00:00Z"))]
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    /// A room or a meeting link.
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub status: SessionStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /sessions`. The mentor must be assigned to the project and free.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    pub project_id: ProjectId,
    pub mentor_id: MentorId,
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, and at most 8 hours after it.
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T15:00:00Z"))]
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    /// A room or a meeting link.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 200, example = "RTU Rīga Business School, room 301")
    )]
    pub location: Option<String>,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 5000,
            example = "Review the stakeholder map and plan the pilot."
        )
    )]
    pub agenda: Option<String>,
}

/// The body of `PATCH /sessions/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateSession {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// After `starts_at`, and at most 8 hours after it.
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T15:00:00Z"))]
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<SessionMode>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 200))]
    pub location: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 5000))]
    pub agenda: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 5000))]
    pub notes: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
}

/// Filters of `GET /sessions` (by start time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SessionQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor_id: Option<MentorId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<ProjectId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SessionStatus>,
    /// Sessions that end after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Sessions that start before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

impl MentoringSession {
    pub fn apply(&mut self, p: UpdateSession) {
        apply(&mut self.starts_at, p.starts_at);
        apply(&mut self.ends_at, p.ends_at);
        apply(&mut self.mode, p.mode);
        apply(&mut self.location, p.location);
        apply(&mut self.agenda, p.agenda);
        apply(&mut self.notes, p.notes);
        apply(&mut self.status, p.status);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.time_order("ends_at", self.starts_at, self.ends_at);
        e.check(
            self.ends_at - self.starts_at <= chrono::Duration::hours(8),
            "ends_at",
            "a session lasts at most 8 hours",
        );
        e.optional("location", self.location.as_deref(), MAX_SHORT);
        e.optional("agenda", self.agenda.as_deref(), MAX_LONG_TEXT);
        e.optional("notes", self.notes.as_deref(), MAX_LONG_TEXT);
        e.finish()
    }

    /// Whether the two time ranges share any instant (touching ends do not).
    pub fn overlaps(&self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> bool {
        self.starts_at < ends_at && starts_at < self.ends_at
    }
}
