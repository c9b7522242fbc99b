//! A project's milestones.

use super::{Client, Result};
use crate::bulk::{BulkAnswer, MilestoneItem};
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
    /// `POST /api/v1/projects/{project}/milestones/bulk`: up to 500 of the project's
    /// milestones added or changed, all or nothing.
    pub async fn bulk_milestones(
        &self,
        project: ProjectId,
        items: &[MilestoneItem],
    ) -> Result<BulkAnswer<Milestone>> {
        self.bulk(&format!("/projects/{project}/milestones/bulk"), items)
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
