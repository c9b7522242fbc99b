//! Milestones of a project: what the team plans to reach, and by when.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{MilestoneId, ProjectId};
use crate::patch::apply;
use crate::string_enum;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_NAME};

string_enum!(
    /// Where a milestone stands.
    MilestoneStatus { Planned = "planned", InProgress = "in_progress", Done = "done", Missed = "missed" }
);

/// A milestone of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Milestone {
    pub id: MilestoneId,
    pub project_id: ProjectId,
    pub title: I18nText,
    #[cfg_attr(feature = "openapi", schema(example = "2023-09-30"))]
    pub due_on: NaiveDate,
    pub status: MilestoneStatus,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /projects/{id}/milestones`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateMilestone {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub title: I18nText,
    pub due_on: NaiveDate,
    /// Defaults to `planned`.
    #[serde(default)]
    pub status: Option<MilestoneStatus>,
}

/// The body of `PATCH /projects/{id}/milestones/{milestone_id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMilestone {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub title: Option<I18nText>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MilestoneStatus>,
}

/// Filters of `GET /projects/{id}/milestones` (by due date).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MilestoneQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<MilestoneStatus>,
}

impl Milestone {
    pub fn apply(&mut self, p: UpdateMilestone) {
        apply(&mut self.title, p.title);
        apply(&mut self.due_on, p.due_on);
        apply(&mut self.status, p.status);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.i18n_required("title", &self.title, MAX_NAME);
        e.finish()
    }
}
