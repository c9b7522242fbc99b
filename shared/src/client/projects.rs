//! Education innovation projects.

use super::{Client, Result};
use crate::ids::ProjectId;
use crate::pagination::Page;
use crate::project::{CreateProject, Project, ProjectDetail, ProjectQuery, UpdateProject};

impl Client {
    /// `GET /api/v1/projects`
    pub async fn list_projects(&self, query: &ProjectQuery) -> Result<Page<Project>> {
        self.list("/projects", query).await
    }
    /// `GET /api/v1/projects/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_project(&self, key: &str) -> Result<ProjectDetail> {
        self.get(&format!("/projects/{key}")).await
    }
    /// `POST /api/v1/projects`
    pub async fn create_project(&self, body: &CreateProject) -> Result<ProjectDetail> {
        self.create("/projects", body).await
    }
    /// `PATCH /api/v1/projects/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_project(
        &self,
        id: ProjectId,
        body: &UpdateProject,
        if_match: Option<i32>,
    ) -> Result<ProjectDetail> {
        self.update(&format!("/projects/{id}"), body, if_match)
            .await
    }
    /// `DELETE /api/v1/projects/{id}`
    pub async fn delete_project(&self, id: ProjectId) -> Result<()> {
        self.delete(&format!("/projects/{id}")).await
    }
}
