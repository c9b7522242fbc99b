//! Key figures for the funder: counts only, never personal data.

use serde::{Deserialize, Serialize};

/// One bar of a chart: a category and its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Count {
    /// The category's wire value (`university`, `approved`), or `unknown`.
    #[cfg_attr(feature = "openapi", schema(example = "university"))]
    pub key: String,
    pub count: i64,
}

/// The answer of `GET /kpis`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Kpis {
    /// Active and completed enrolments, by the kind of organisation the person works at
    /// (`unknown` when none is recorded).
    pub participants_by_sector: Vec<Count>,
    /// Projects by status.
    pub projects_by_status: Vec<Count>,
    /// Mentoring sessions marked completed.
    pub sessions_held: i64,
    /// Mentoring sessions still scheduled.
    pub sessions_scheduled: i64,
    /// Events that have ended.
    pub events_held: i64,
    /// Events still to come or under way.
    pub events_upcoming: i64,
    /// Places of all cohorts, and how many are taken by active enrolments.
    pub cohort_places: i64,
    pub active_enrolments: i64,
    /// Mentors and how many are assigned to at least one project.
    pub mentors: i64,
    pub mentors_assigned: i64,
}
