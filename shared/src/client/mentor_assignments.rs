//! The mentors assigned to a project.

use super::{Client, Result};
use crate::ids::{MentorId, ProjectId};
use crate::mentor::Mentor;
use crate::mentor_assignment::AssignMentor;
use crate::pagination::{Page, PageQuery};

impl Client {
    pub async fn list_project_mentors(
        &self,
        project: ProjectId,
        q: &PageQuery,
    ) -> Result<Page<Mentor>> {
        self.list(&format!("/projects/{project}/mentors"), q).await
    }
    pub async fn assign_mentor(&self, project: ProjectId, mentor: MentorId) -> Result<Mentor> {
        self.create(
            &format!("/projects/{project}/mentors"),
            &AssignMentor { mentor_id: mentor },
        )
        .await
    }
    pub async fn unassign_mentor(&self, project: ProjectId, mentor: MentorId) -> Result<()> {
        self.delete(&format!("/projects/{project}/mentors/{mentor}"))
            .await
    }
}
