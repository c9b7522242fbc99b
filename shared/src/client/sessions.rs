//! Mentoring sessions.

use super::{Client, Result};
use crate::ids::SessionId;
use crate::pagination::Page;
use crate::session::{CreateSession, MentoringSession, SessionQuery, UpdateSession};

impl Client {
    /// `GET /api/v1/sessions`
    pub async fn list_sessions(&self, query: &SessionQuery) -> Result<Page<MentoringSession>> {
        self.list("/sessions", query).await
    }
    /// `GET /api/v1/sessions/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_session(&self, key: &str) -> Result<MentoringSession> {
        self.get(&format!("/sessions/{key}")).await
    }
    /// `POST /api/v1/sessions`
    pub async fn create_session(&self, body: &CreateSession) -> Result<MentoringSession> {
        self.create("/sessions", body).await
    }
    /// `PATCH /api/v1/sessions/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_session(
        &self,
        id: SessionId,
        body: &UpdateSession,
        if_match: Option<i32>,
    ) -> Result<MentoringSession> {
        self.update(&format!("/sessions/{id}"), body, if_match)
            .await
    }
    /// `DELETE /api/v1/sessions/{id}`
    pub async fn delete_session(&self, id: SessionId) -> Result<()> {
        self.delete(&format!("/sessions/{id}")).await
    }
}
