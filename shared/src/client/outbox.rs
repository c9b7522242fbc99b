//! The outbox (coordinators and admins): what EIL Hub sent, is about to send, gave up on.

use reqwest::Method;

use super::{Client, Result};
use crate::ids::NoticeId;
use crate::notice::{Notice, NoticeQuery};
use crate::pagination::Page;
use crate::webhook::Queued;

impl Client {
    /// Newest first, each notice with its attempts.
    pub async fn list_outbox(&self, q: &NoticeQuery) -> Result<Page<Notice>> {
        self.list("/outbox", q).await
    }
    pub async fn get_outbox_notice(&self, id: NoticeId) -> Result<Notice> {
        self.get(&format!("/outbox/{id}")).await
    }
    /// Queues a `failed` notice again now, with its id kept (409 for any other status).
    pub async fn retry_outbox_notice(&self, id: NoticeId) -> Result<Queued> {
        Self::send(self.request(Method::POST, &format!("/outbox/{id}/retry"))).await
    }
}
