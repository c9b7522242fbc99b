//! Organisations: universities, hospitals, ministries and partners.

use super::{Client, Result};
use crate::ids::OrganisationId;
use crate::organisation::{
    CreateOrganisation, Organisation, OrganisationQuery, UpdateOrganisation,
};
use crate::pagination::Page;

impl Client {
    /// `GET /api/v1/organisations`
    pub async fn list_organisations(
        &self,
        query: &OrganisationQuery,
    ) -> Result<Page<Organisation>> {
        self.list("/organisations", query).await
    }
    /// `GET /api/v1/organisations/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_organisation(&self, key: &str) -> Result<Organisation> {
        self.get(&format!("/organisations/{key}")).await
    }
    /// `POST /api/v1/organisations`
    pub async fn create_organisation(&self, body: &CreateOrganisation) -> Result<Organisation> {
        self.create("/organisations", body).await
    }
    /// `PATCH /api/v1/organisations/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_organisation(
        &self,
        id: OrganisationId,
        body: &UpdateOrganisation,
        if_match: Option<i32>,
    ) -> Result<Organisation> {
        self.update(&format!("/organisations/{id}"), body, if_match)
            .await
    }
    /// `DELETE /api/v1/organisations/{id}`
    pub async fn delete_organisation(&self, id: OrganisationId) -> Result<()> {
        self.delete(&format!("/organisations/{id}")).await
    }
}
