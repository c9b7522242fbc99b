//! Enrolments of people in cohorts.

use super::{Client, Result};
use crate::bulk::{BulkAnswer, EnrolmentItem};
use crate::enrolment::{CreateEnrolment, Enrolment, EnrolmentQuery, UpdateEnrolment};
use crate::ids::EnrolmentId;
use crate::pagination::Page;

impl Client {
    /// `GET /api/v1/enrolments`
    pub async fn list_enrolments(&self, query: &EnrolmentQuery) -> Result<Page<Enrolment>> {
        self.list("/enrolments", query).await
    }
    /// `GET /api/v1/enrolments/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_enrolment(&self, key: &str) -> Result<Enrolment> {
        self.get(&format!("/enrolments/{key}")).await
    }
    /// `POST /api/v1/enrolments`
    pub async fn create_enrolment(&self, body: &CreateEnrolment) -> Result<Enrolment> {
        self.create("/enrolments", body).await
    }
    /// `POST /api/v1/enrolments/bulk`: up to 500 enrolments created or changed, all or nothing.
    pub async fn bulk_enrolments(&self, items: &[EnrolmentItem]) -> Result<BulkAnswer<Enrolment>> {
        self.bulk("/enrolments/bulk", items).await
    }
    /// `PATCH /api/v1/enrolments/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_enrolment(
        &self,
        id: EnrolmentId,
        body: &UpdateEnrolment,
        if_match: Option<i32>,
    ) -> Result<Enrolment> {
        self.update(&format!("/enrolments/{id}"), body, if_match)
            .await
    }
    /// `DELETE /api/v1/enrolments/{id}`
    pub async fn delete_enrolment(&self, id: EnrolmentId) -> Result<()> {
        self.delete(&format!("/enrolments/{id}")).await
    }
}
