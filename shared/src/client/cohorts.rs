//! Cohorts: one intake of a programme.

use super::{Client, Result};
use crate::cohort::{Cohort, CohortQuery, CreateCohort, UpdateCohort};
use crate::ids::CohortId;
use crate::pagination::Page;

impl Client {
    /// `GET /api/v1/cohorts`
    pub async fn list_cohorts(&self, query: &CohortQuery) -> Result<Page<Cohort>> {
        self.list("/cohorts", query).await
    }
    /// `GET /api/v1/cohorts/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_cohort(&self, key: &str) -> Result<Cohort> {
        self.get(&format!("/cohorts/{key}")).await
    }
    /// `POST /api/v1/cohorts`
    pub async fn create_cohort(&self, body: &CreateCohort) -> Result<Cohort> {
        self.create("/cohorts", body).await
    }
    /// `PATCH /api/v1/cohorts/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_cohort(
        &self,
        id: CohortId,
        body: &UpdateCohort,
        if_match: Option<i32>,
    ) -> Result<Cohort> {
        self.update(&format!("/cohorts/{id}"), body, if_match).await
    }
    /// `DELETE /api/v1/cohorts/{id}`
    pub async fn delete_cohort(&self, id: CohortId) -> Result<()> {
        self.delete(&format!("/cohorts/{id}")).await
    }
}
