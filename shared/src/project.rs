//! Education innovation projects: their cohort, hosts and team. Milestones, progress
//! updates and mentor assignments have modules of their own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::ids::{CohortId, MentorId, OrganisationId, PersonId, ProjectId, TrackId};
use crate::mentor::MentorRef;
use crate::milestone::Milestone;
use crate::organisation::OrganisationRef;
use crate::patch::{apply, double_option};
use crate::string_enum;
use crate::text::I18nText;
use crate::validate::{Errors, MAX_LONG_TEXT, MAX_NAME};

string_enum!(
    /// Where a project is in its life: proposed → approved → active → completed, or cancelled.
    ProjectStatus {
        Proposed = "proposed",
        Approved = "approved",
        Active = "active",
        Completed = "completed",
        Cancelled = "cancelled",
    }
);

impl ProjectStatus {
    /// Whether a project may move from `self` to `next`.
    pub fn can_become(self, next: ProjectStatus) -> bool {
        use ProjectStatus::*;
        self == next
            || matches!(
                (self, next),
                (Proposed, Approved)
                    | (Approved, Active)
                    | (Active, Completed)
                    | (Proposed | Approved | Active, Cancelled)
            )
    }
}

string_enum!(
    /// A team member's part in a project.
    TeamRole { Lead = "lead", Member = "member" }
);

/// A project as listed: with its host organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Project {
    pub id: ProjectId,
    pub cohort_id: CohortId,
    pub track_id: Option<TrackId>,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "crisis-communication-in-healthcare")
    )]
    pub slug: String,
    pub title: I18nText,
    pub summary: Option<I18nText>,
    pub status: ProjectStatus,
    /// The host organisations (at least one).
    pub hosts: Vec<OrganisationRef>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A project with its team, milestones and mentors (`GET /projects/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectDetail {
    #[serde(flatten)]
    pub project: Project,
    pub team: Vec<TeamMember>,
    /// By due date.
    pub milestones: Vec<Milestone>,
    pub mentors: Vec<MentorRef>,
}

/// A member of a project team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub person_id: PersonId,
    pub full_name: String,
    pub role: TeamRole,
}

/// A team member in a create or update body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamMemberInput {
    pub person_id: PersonId,
    pub role: TeamRole,
}

/// The body of `POST /projects`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProject {
    pub cohort_id: CohortId,
    /// A track of the cohort's programme.
    #[serde(default)]
    pub track_id: Option<TrackId>,
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "hybrid-education-strategy"
        )
    )]
    pub slug: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::text::I18nName))]
    pub title: I18nText,
    #[serde(default)]
    pub summary: Option<I18nText>,
    /// Defaults to `proposed`.
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    /// One to 20 host organisations, none listed twice.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub host_ids: Vec<OrganisationId>,
    /// At most 50 members, none listed twice.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub team: Vec<TeamMemberInput>,
}

/// The body of `PATCH /projects/{id}`. `host_ids` and `team`, when given, replace the lists.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProject {
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    /// A track of the cohort's programme.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<TrackId>))]
    pub track_id: Option<Option<TrackId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// 2 to 80 lower-case letters a-z, digits and single inner hyphens; not a UUID (so
    /// that it never reads as an id in a path).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$",
            min_length = 2,
            max_length = 80,
            example = "hybrid-education-strategy"
        )
    )]
    pub slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::text::I18nName>))]
    pub title: Option<I18nText>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<I18nText>))]
    pub summary: Option<Option<I18nText>>,
    /// proposed → approved → active → completed, or from any of the first three to
    /// cancelled; other moves are 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    /// One to 20 host organisations, none listed twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 20))]
    pub host_ids: Option<Vec<OrganisationId>>,
    /// At most 50 members, none listed twice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub team: Option<Vec<TeamMemberInput>>,
}

string_enum!(
    /// Orders of the project list.
    ProjectSort { Title = "title", Created = "created" }
);

/// Filters and order of `GET /projects`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProjectQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Words in the title (either language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cohort_id: Option<CohortId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_id: Option<TrackId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    /// Projects this organisation hosts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_id: Option<OrganisationId>,
    /// Projects this mentor is assigned to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentor_id: Option<MentorId>,
    /// Projects this person is on the team of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<PersonId>,
    /// `title` (English title, the default) or `created`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<ProjectSort>,
}

impl Project {
    /// Applies the scalar fields of a partial update; hosts and team are replaced by the caller.
    pub fn apply(&mut self, p: &UpdateProject) {
        apply(&mut self.track_id, p.track_id);
        apply(&mut self.slug, p.slug.clone());
        apply(&mut self.title, p.title.clone());
        apply(&mut self.summary, p.summary.clone());
        apply(&mut self.status, p.status);
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.slug("slug", &self.slug);
        e.i18n_required("title", &self.title, MAX_NAME);
        e.i18n_optional("summary", self.summary.as_ref(), MAX_LONG_TEXT);
        e.finish()
    }
}

/// Checks the host and team lists of a create or update body.
pub fn validate_members(
    host_ids: Option<&[OrganisationId]>,
    team: Option<&[TeamMemberInput]>,
) -> Result<(), Vec<FieldError>> {
    let mut e = Errors::new();
    if let Some(hosts) = host_ids {
        e.check(
            !hosts.is_empty(),
            "host_ids",
            "must name at least one host organisation",
        );
        e.check(
            hosts.len() <= 20,
            "host_ids",
            "must name at most 20 organisations",
        );
        for (i, id) in hosts.iter().enumerate() {
            e.check(
                !hosts[..i].contains(id),
                &format!("host_ids[{i}]"),
                "is listed twice",
            );
        }
    }
    if let Some(team) = team {
        e.check(team.len() <= 50, "team", "must have at most 50 members");
        for (i, m) in team.iter().enumerate() {
            let twice = team[..i].iter().any(|o| o.person_id == m.person_id);
            e.check(!twice, &format!("team[{i}].person_id"), "is listed twice");
        }
    }
    e.finish()
}

#[cfg(test)]
mod tests {
    use super::ProjectStatus::*;

    #[test]
    fn status_moves_forward_or_to_cancelled() {
        assert!(Proposed.can_become(Approved));
        assert!(Active.can_become(Cancelled));
        assert!(!Proposed.can_become(Completed));
        assert!(!Completed.can_become(Active));
        assert!(!Cancelled.can_become(Proposed));
    }
}
