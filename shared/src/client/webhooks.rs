//! Webhook subscriptions and their delivery logs (admins, and partner clients with
//! `webhooks:manage` for their own).

use reqwest::Method;

use super::{Client, Result};
use crate::ids::{NoticeId, WebhookId};
use crate::notice::{Notice, NoticeQuery};
use crate::pagination::{Page, PageQuery};
use crate::webhook::{CreateWebhook, Queued, UpdateWebhook, Webhook, WebhookWithSecret};

impl Client {
    pub async fn list_webhooks(&self, q: &PageQuery) -> Result<Page<Webhook>> {
        self.list("/webhooks", q).await
    }
    pub async fn get_webhook(&self, id: WebhookId) -> Result<Webhook> {
        self.get(&format!("/webhooks/{id}")).await
    }
    /// The answer holds the signing secret, the only time it is shown.
    pub async fn create_webhook(&self, body: &CreateWebhook) -> Result<WebhookWithSecret> {
        self.create("/webhooks", body).await
    }
    /// `status: active` re-enables a disabled subscription, `disabled` pauses it.
    pub async fn update_webhook(
        &self,
        id: WebhookId,
        body: &UpdateWebhook,
        if_match: Option<i32>,
    ) -> Result<Webhook> {
        self.update(&format!("/webhooks/{id}"), body, if_match)
            .await
    }
    /// Removes the subscription with its delivery log.
    pub async fn delete_webhook(&self, id: WebhookId) -> Result<()> {
        self.delete(&format!("/webhooks/{id}")).await
    }
    /// A new signing secret, shown in this answer only; the old one stops signing at once.
    pub async fn rotate_webhook_secret(&self, id: WebhookId) -> Result<WebhookWithSecret> {
        Self::send(self.request(Method::POST, &format!("/webhooks/{id}/rotate"))).await
    }
    /// Queues a `webhook.ping` delivery (409 while the subscription is disabled).
    pub async fn ping_webhook(&self, id: WebhookId) -> Result<Queued> {
        Self::send(self.request(Method::POST, &format!("/webhooks/{id}/ping"))).await
    }
    /// The subscription's deliveries, newest first, each with every attempt.
    pub async fn list_webhook_deliveries(
        &self,
        id: WebhookId,
        q: &NoticeQuery,
    ) -> Result<Page<Notice>> {
        self.list(&format!("/webhooks/{id}/deliveries"), q).await
    }
    /// Queues one delivery again, with the same `webhook-id` and a fresh signature.
    pub async fn redeliver_webhook_delivery(
        &self,
        id: WebhookId,
        notice: NoticeId,
    ) -> Result<Queued> {
        let path = format!("/webhooks/{id}/deliveries/{notice}/redeliver");
        Self::send(self.request(Method::POST, &path)).await
    }
}
