//! A project's milestones.

use super::{Client, Result};
use crate::ids::{MilestoneId, ProjectId};
use crate::milestone::{CreateMilestone, Milestone, MilestoneQuery, UpdateMilestone};
use crate::pagination::Page;

impl Client {
    pub async fn list_milestones(
        &self,
        project: ProjectId,
        q: &MilestoneQuery,
    ) -> Result<Page<Milestone>> {
        self.list(&format!("/projects/{project}/milestones"), q)
            .await
    }
    pub async fn get_milestone(&self, project: ProjectId, id: MilestoneId) -> Result<Milestone> {
        self.get(&format!("/projects/{project}/milestones/{id}"))
            .await
    }
    pub async fn create_milestone(
        &self,
        project: ProjectId,
        body: &CreateMilestone,
    ) -> Result<Milestone> {
        self.create(&format!("/projects/{project}/milestones"), body)
            .await
    }
    pub async fn update_milestone(
        &self,
        project: ProjectId,
        id: MilestoneId,
        body: &UpdateMilestone,
        if_match: Option<i32>,
    ) -> Result<Milestone> {
        self.update(
            &format!("/projects/{project}/milestones/{id}"),
            body,
            if_match,
        )
        .await
    }
    pub async fn delete_milestone(&self, project: ProjectId, id: MilestoneId) -> Result<()> {
        self.delete(&format!("/projects/{project}/milestones/{id}"))
            .await
    }
}
