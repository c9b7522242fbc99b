//! Enrolments: an accepted person in a cohort (and one of its programme's tracks).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CohortId, EnrolmentId, PersonId, TrackId};
use crate::patch::{apply, double_option};
use crate::string_enum;

string_enum!(
    /// The part a person plays in a cohort.
    EnrolmentRole {
        /// A leader taking the programme.
        Participant = "participant",
        /// A university representative leading one of the cohort's projects.
        ProjectTeam = "project_team",
    }
);

string_enum!(
    /// Whether the place is taken.
    EnrolmentStatus { Active = "active", Completed = "completed", Withdrawn = "withdrawn" }
);

/// An enrolment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrolment {
    pub id: EnrolmentId,
    pub person_id: PersonId,
    pub cohort_id: CohortId,
    /// A track of the cohort's programme.
    pub track_id: Option<TrackId>,
    pub role: EnrolmentRole,
    pub status: EnrolmentStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /enrolments`. A person is enrolled in a cohort once; active
/// enrolments never exceed the cohort's capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateEnrolment {
    pub person_id: PersonId,
    pub cohort_id: CohortId,
    /// A track of the cohort's programme.
    #[serde(default)]
    pub track_id: Option<TrackId>,
    /// Defaults to `participant`.
    #[serde(default)]
    pub role: Option<EnrolmentRole>,
    /// Defaults to `active`.
    #[serde(default)]
    pub status: Option<EnrolmentStatus>,
}

/// The body of `PATCH /enrolments/{id}`. Person and cohort do not change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateEnrolment {
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// A track of the cohort's programme.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<TrackId>))]
    pub track_id: Option<Option<TrackId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<EnrolmentRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EnrolmentStatus>,
}

/// Filters of `GET /enrolments` (oldest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct EnrolmentQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<CohortId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_id: Option<TrackId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<EnrolmentStatus>,
}

impl Enrolment {
    pub fn apply(&mut self, p: UpdateEnrolment) {
        apply(&mut self.track_id, p.track_id);
        apply(&mut self.role, p.role);
        apply(&mut self.status, p.status);
    }
}
