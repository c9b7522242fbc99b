//! Progress updates: dated posts by a project team, with a mentor's feedback.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{MentorId, PersonId, ProgressUpdateId, ProjectId};
use crate::patch::{apply, double_option};
use crate::validate::{Errors, MAX_LONG_TEXT};

/// A dated progress post by the team, with a mentor's feedback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgressUpdate {
    pub id: ProgressUpdateId,
    pub project_id: ProjectId,
    /// A person on the project team.
    pub author_id: PersonId,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Stakeholder interviews done; prototype next.")
    )]
    pub body: String,
    /// Feedback from a mentor of the project.
    pub feedback: Option<String>,
    pub feedback_by: Option<MentorId>,
    pub version: i32,
    /// When it was posted.
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The body of `POST /projects/{id}/updates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProgressUpdate {
    /// Must be on the project team.
    pub author_id: PersonId,
    /// Not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"\S",
            max_length = 5000,
            example = "Stakeholder interviews done; prototype next."
        )
    )]
    pub body: String,
}

/// The body of `PATCH /projects/{id}/updates/{update_id}`: the team edits the text, a
/// mentor of the project gives feedback.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProgressUpdate {
    /// Not blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = r"\S", max_length = 5000))]
    pub body: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// Given (or cleared) together with `feedback_by`.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Option<String>, max_length = 5000, example = "Good progress; involve the hospital's nurses in the next round.")
    )]
    pub feedback: Option<Option<String>>,
    /// Must be a mentor assigned to the project; set exactly when there is `feedback`.
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<MentorId>))]
    pub feedback_by: Option<Option<MentorId>>,
}

impl ProgressUpdate {
    pub fn apply(&mut self, p: UpdateProgressUpdate) {
        apply(&mut self.body, p.body);
        apply(&mut self.feedback, p.feedback);
        apply(&mut self.feedback_by, p.feedback_by);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.required("body", &self.body, MAX_LONG_TEXT);
        e.optional("feedback", self.feedback.as_deref(), MAX_LONG_TEXT);
        e.check(
            self.feedback.is_some() == self.feedback_by.is_some(),
            "feedback_by",
            "must name the mentor exactly when there is feedback",
        );
        e.finish()
    }
}
