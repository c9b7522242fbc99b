//! Mentor assignments: which mentors support a project (`/projects/{id}/mentors`).

use serde::{Deserialize, Serialize};

use crate::ids::MentorId;

/// The body of `POST /projects/{id}/mentors`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignMentor {
    pub mentor_id: MentorId,
}
