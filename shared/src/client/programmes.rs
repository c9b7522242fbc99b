//! Programmes, with their tracks and cohorts.

use super::{Client, Result};
use crate::ids::ProgrammeId;
use crate::pagination::Page;
use crate::programme::{
    CreateProgramme, Programme, ProgrammeDetail, ProgrammeQuery, UpdateProgramme,
};

impl Client {
    /// `GET /api/v1/programmes`
    pub async fn list_programmes(&self, query: &ProgrammeQuery) -> Result<Page<Programme>> {
        self.list("/programmes", query).await
    }
    /// `GET /api/v1/programmes/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_programme(&self, key: &str) -> Result<ProgrammeDetail> {
        self.get(&format!("/programmes/{key}")).await
    }
    /// `POST /api/v1/programmes`
    pub async fn create_programme(&self, body: &CreateProgramme) -> Result<ProgrammeDetail> {
        self.create("/programmes", body).await
    }
    /// `PATCH /api/v1/programmes/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_programme(
        &self,
        id: ProgrammeId,
        body: &UpdateProgramme,
        if_match: Option<i32>,
    ) -> Result<ProgrammeDetail> {
        self.update(&format!("/programmes/{id}"), body, if_match)
            .await
    }
    /// `DELETE /api/v1/programmes/{id}`
    pub async fn delete_programme(&self, id: ProgrammeId) -> Result<()> {
        self.delete(&format!("/programmes/{id}")).await
    }
}
