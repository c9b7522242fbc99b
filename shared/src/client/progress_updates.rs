//! A project's progress updates.

use super::{Client, Result};
use crate::ids::{ProgressUpdateId, ProjectId};
use crate::pagination::{Page, PageQuery};
use crate::progress_update::{CreateProgressUpdate, ProgressUpdate, UpdateProgressUpdate};

impl Client {
    pub async fn list_progress_updates(
        &self,
        project: ProjectId,
        q: &PageQuery,
    ) -> Result<Page<ProgressUpdate>> {
        self.list(&format!("/projects/{project}/updates"), q).await
    }
    pub async fn get_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
    ) -> Result<ProgressUpdate> {
        self.get(&format!("/projects/{project}/updates/{id}")).await
    }
    pub async fn create_progress_update(
        &self,
        project: ProjectId,
        body: &CreateProgressUpdate,
    ) -> Result<ProgressUpdate> {
        self.create(&format!("/projects/{project}/updates"), body)
            .await
    }
    pub async fn update_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
        body: &UpdateProgressUpdate,
        if_match: Option<i32>,
    ) -> Result<ProgressUpdate> {
        self.update(&format!("/projects/{project}/updates/{id}"), body, if_match)
            .await
    }
    pub async fn delete_progress_update(
        &self,
        project: ProjectId,
        id: ProgressUpdateId,
    ) -> Result<()> {
        self.delete(&format!("/projects/{project}/updates/{id}"))
            .await
    }
}
