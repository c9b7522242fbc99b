//! Events of a programme or cohort.

use super::{Client, Result};
use crate::event::{CreateEvent, Event, EventQuery, UpdateEvent};
use crate::ids::EventId;
use crate::pagination::Page;

impl Client {
    /// `GET /api/v1/events`
    pub async fn list_events(&self, query: &EventQuery) -> Result<Page<Event>> {
        self.list("/events", query).await
    }
    /// `GET /api/v1/events/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_event(&self, key: &str) -> Result<Event> {
        self.get(&format!("/events/{key}")).await
    }
    /// `POST /api/v1/events`
    pub async fn create_event(&self, body: &CreateEvent) -> Result<Event> {
        self.create("/events", body).await
    }
    /// `PATCH /api/v1/events/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_event(
        &self,
        id: EventId,
        body: &UpdateEvent,
        if_match: Option<i32>,
    ) -> Result<Event> {
        self.update(&format!("/events/{id}"), body, if_match).await
    }
    /// `DELETE /api/v1/events/{id}`
    pub async fn delete_event(&self, id: EventId) -> Result<()> {
        self.delete(&format!("/events/{id}")).await
    }
}
