//! A mentor's availability: the times when the mentor can meet.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{AvailabilitySlotId, MentorId};
use crate::patch::apply;
use crate::validate::Errors;

/// A time when a mentor can meet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilitySlot {
    pub id: AvailabilitySlotId,
    pub mentor_id: MentorId,
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T15:00:00Z"))]
    pub ends_at: DateTime<Utc>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /mentors/{id}/availability`. A mentor's slots do not overlap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAvailabilitySlot {
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: DateTime<Utc>,
    /// After `starts_at`, and at most 12 hours after it.
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T16:00:00Z"))]
    pub ends_at: DateTime<Utc>,
}

/// The body of `PATCH /mentors/{id}/availability/{slot_id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAvailabilitySlot {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T14:00:00Z"))]
    pub starts_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// After `starts_at`, and at most 12 hours after it.
    #[cfg_attr(feature = "openapi", schema(example = "2023-06-01T16:00:00Z"))]
    pub ends_at: Option<DateTime<Utc>>,
}

/// Filters of `GET /mentors/{id}/availability` (by start time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AvailabilityQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Slots that end after this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Slots that start before this time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

impl AvailabilitySlot {
    pub fn apply(&mut self, p: UpdateAvailabilitySlot) {
        apply(&mut self.starts_at, p.starts_at);
        apply(&mut self.ends_at, p.ends_at);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.time_order("ends_at", self.starts_at, self.ends_at);
        e.check(
            self.ends_at - self.starts_at <= chrono::Duration::hours(12),
            "ends_at",
            "a slot lasts at most 12 hours",
        );
        e.finish()
    }
}
