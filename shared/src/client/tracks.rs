//! Tracks of a programme.

use super::{Client, Result};
use crate::ids::TrackId;
use crate::pagination::Page;
use crate::track::{CreateTrack, Track, TrackQuery, UpdateTrack};

impl Client {
    /// `GET /api/v1/tracks`
    pub async fn list_tracks(&self, query: &TrackQuery) -> Result<Page<Track>> {
        self.list("/tracks", query).await
    }
    /// `GET /api/v1/tracks/{key}`; `key` is the id or, where the resource has one, the slug.
    pub async fn get_track(&self, key: &str) -> Result<Track> {
        self.get(&format!("/tracks/{key}")).await
    }
    /// `POST /api/v1/tracks`
    pub async fn create_track(&self, body: &CreateTrack) -> Result<Track> {
        self.create("/tracks", body).await
    }
    /// `PATCH /api/v1/tracks/{id}`; `if_match` is the `version` the change was based on.
    pub async fn update_track(
        &self,
        id: TrackId,
        body: &UpdateTrack,
        if_match: Option<i32>,
    ) -> Result<Track> {
        self.update(&format!("/tracks/{id}"), body, if_match).await
    }
    /// `DELETE /api/v1/tracks/{id}`
    pub async fn delete_track(&self, id: TrackId) -> Result<()> {
        self.delete(&format!("/tracks/{id}")).await
    }
}
