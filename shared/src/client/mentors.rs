//! MIT J-WEL mentor profiles.

use super::{Client, Result};
use crate::ids::MentorId;
use crate::mentor::{CreateMentor, Mentor, MentorQuery, UpdateMentor};
use crate::pagination::Page;

impl Client {
    /// `GET /api/v1/mentors`
    pub async fn list_mentors(&self, query: &MentorQuery) -> Result<Page<Mentor>> {
        self.list("/mentors", query).await
    }
    /// `GET /api/v1/mentors/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_mentor(&self, key: &str) -> Result<Mentor> {
        self.get(&format!("/mentors/{key}")).await
    }
    /// `POST /api/v1/mentors`
    pub async fn create_mentor(&self, body: &CreateMentor) -> Result<Mentor> {
        self.create("/mentors", body).await
    }
    /// `PATCH /api/v1/mentors/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_mentor(
        &self,
        id: MentorId,
        body: &UpdateMentor,
        if_match: Option<i32>,
    ) -> Result<Mentor> {
        self.update(&format!("/mentors/{id}"), body, if_match).await
    }
    /// `DELETE /api/v1/mentors/{id}`
    pub async fn delete_mentor(&self, id: MentorId) -> Result<()> {
        self.delete(&format!("/mentors/{id}")).await
    }
}
