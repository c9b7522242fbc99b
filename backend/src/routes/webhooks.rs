//! Webhook subscriptions of partner clients (`webhooks:manage`) and admins, with their
//! delivery logs. Deliveries follow Standard Webhooks 1.0; see `outbox::webhook`.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::notice::{Notice, NoticeQuery};
use eil_shared::pagination::PageQuery;
use eil_shared::webhook::{
    CreateWebhook, PING, Queued, UpdateWebhook, Webhook, WebhookStatus, WebhookWithSecret,
};
use eil_shared::{FieldError, NoticeId, Page, WebhookId};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, path_id};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::config::OutboxConfig;
use crate::db::models::{notice, webhook};
use crate::db::{DbConn, DbResult, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Doorbell, safety};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_webhooks)
        .service(create_webhook)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(rotate_webhook_secret)
        .service(ping_webhook)
        .service(list_webhook_deliveries)
        .service(redeliver_webhook_delivery);
}

/// Whether webhooks may go to `http` and internal addresses (`EIL_WEBHOOKS_ALLOW_LOCAL`).
#[derive(Debug, Clone, Copy)]
pub struct AllowLocal(pub bool);

impl AllowLocal {
    pub fn of(config: &OutboxConfig) -> AllowLocal {
        AllowLocal(config.webhooks_allow_local)
    }
}

/// The caller's own client id, or `None` for an admin (who sees every subscription).
fn owner(caller: &Caller) -> Option<eil_shared::ApiClientId> {
    match caller {
        Caller::Client { id, .. } => Some(*id),
        _ => None,
    }
}

/// A client touches only its own subscriptions; admins every one.
fn check_owner(caller: &Caller, w: &Webhook) -> ApiResult<()> {
    match owner(caller) {
        Some(client) if w.client_id != Some(client) => Err(ApiError::Forbidden(
            "this webhook belongs to another client".into(),
        )),
        _ => Ok(()),
    }
}

fn load_own(c: &mut DbConn, caller: &Caller, id: WebhookId) -> ApiResult<Webhook> {
    let w = webhook::get(c, id)?;
    check_owner(caller, &w)?;
    Ok(w)
}

/// A partner client may not subscribe to events no client ever receives (sessions are never
/// a client's to read); 422 on `event_types`. Types whose scope the client lacks are kept:
/// their events arrive once it holds the scope (it is checked at each change).
fn check_types_for(caller: &Caller, types: &[String]) -> ApiResult<()> {
    if !matches!(caller, Caller::Client { .. }) {
        return Ok(());
    }
    let errors: Vec<FieldError> = types
        .iter()
        .filter(|t| t.split('.').next() == Some("session"))
        .map(|t| {
            FieldError::new(
                "event_types",
                format!("`{t}`: partner clients do not receive session events"),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid(errors))
    }
}

/// Pings and redeliveries need a subscription that receives; 409 on `status` otherwise.
fn ensure_active(w: &Webhook) -> ApiResult<()> {
    if w.status == WebhookStatus::Active {
        Ok(())
    } else {
        Err(ApiError::conflict(
            "status",
            "the subscription is disabled; enable it first",
        ))
    }
}

/// The URL's form, then where its host resolves; 422 on `url` with the reason.
async fn check_url(url: &str, allow: AllowLocal) -> ApiResult<()> {
    let parsed = safety::check_url(url, allow.0).map_err(|e| ApiError::invalid("url", e))?;
    safety::check_resolves(&parsed, allow.0)
        .await
        .map_err(|e| ApiError::invalid("url", e))
}

/// List webhook subscriptions
///
/// A partner client (scope `webhooks:manage`) sees its own; an admin sees every one.
#[utoipa::path(tag = "webhooks", params(PageQuery), responses(
    (status = 200, description = "One page of subscriptions, oldest first", body = Page<Webhook>),
))]
#[get("/webhooks")]
async fn list_webhooks(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.read.check(&caller)?;
    let client = owner(&caller);
    let page = super::query(&pool, move |c| Ok(webhook::list(c, &q, client)?)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Subscribe to events
///
/// The URL must be `https` and outside the server's network (a private, loopback or
/// link-local address is refused). A partner client (`webhooks:manage`) receives only the
/// events of records its organisation may read through the API, and only while the client
/// holds the scope that reads them (a scope gained later starts them); `session.*` is not
/// for clients (422). An admin's subscription receives every event of its types. The answer
/// holds the signing secret, shown this once.
#[utoipa::path(tag = "webhooks", request_body = CreateWebhook, responses(
    (status = 201, description = "Subscribed; the secret is in this answer only", body = WebhookWithSecret, headers(("Location" = String))),
))]
#[post("/webhooks")]
async fn create_webhook(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    allow: Data<AllowLocal>,
    body: Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.create.check(&caller)?;
    let body = body.parse()?;
    body.validate().map_err(ApiError::Invalid)?;
    check_types_for(&caller, &body.event_types)?;
    check_url(&body.url, **allow).await?;
    let client = owner(&caller);
    let answer = super::audited(&pool, &req, move |c, audit| {
        let secret = crate::outbox::webhook::new_secret();
        let w = webhook::insert(
            c,
            client,
            &body.url,
            &body.event_types,
            &body.description,
            &secret,
        )?;
        audit.created(w.id);
        Ok(WebhookWithSecret { webhook: w, secret })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/webhooks/{}", answer.webhook.id),
        ))
        .insert_header(("ETag", crate::extract::etag(answer.webhook.version)))
        .insert_header(("Cache-Control", "no-store"))
        .json(answer))
}

/// Get a webhook subscription
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id")), responses(
    (status = 200, description = "The subscription (never its secret)", body = Webhook),
))]
#[get("/webhooks/{id}")]
async fn get_webhook(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.read.check(&caller)?;
    let id: WebhookId = path_id(&id, "webhook")?;
    let w = super::query(&pool, move |c| load_own(c, &caller, id)).await?;
    Ok(super::ok_tagged(&w, w.version))
}

/// Change a webhook subscription
///
/// `status: active` re-enables a subscription that was disabled (by its owner, or by the
/// server after a day of failing deliveries); `disabled` pauses it (pending deliveries
/// then fail). Send `If-Match` to refuse the change when it has changed since you read it.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id")), request_body = UpdateWebhook, responses(
    (status = 200, description = "Changed", body = Webhook),
))]
#[patch("/webhooks/{id}")]
async fn update_webhook(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    allow: Data<AllowLocal>,
    id: Path<String>,
    body: Json<UpdateWebhook>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.update.check(&caller)?;
    if let Some(url) = body.peek().and_then(|b| b.url) {
        check_url(&url, **allow).await?;
    }
    write::update::<Webhook>(&pool, caller, &req, path_id(&id, "webhook"), body).await
}

impl Update for Webhook {
    type Body = UpdateWebhook;
    type Answer = Webhook;
    const POLICY: Policy = policy::WEBHOOKS;

    fn authorize(
        _: &mut DbConn,
        caller: &Caller,
        stored: &Self,
        body: &UpdateWebhook,
    ) -> ApiResult<()> {
        check_owner(caller, stored)?;
        match &body.event_types {
            Some(types) => check_types_for(caller, types),
            None => Ok(()),
        }
    }

    fn apply(&mut self, body: &UpdateWebhook) {
        if let Some(url) = &body.url {
            self.url = url.clone();
        }
        if let Some(t) = &body.event_types {
            self.event_types = t.clone();
        }
        if let Some(d) = &body.description {
            self.description = d.clone();
        }
        if let Some(s) = body.status {
            if s == WebhookStatus::Active && self.status != WebhookStatus::Active {
                self.disabled_reason = None;
                self.failing_since = None;
            }
            self.status = s;
        }
    }

    fn validate(&self, body: &UpdateWebhook) -> Result<(), Vec<FieldError>> {
        body.validate()
    }

    fn check(c: &mut DbConn, before: &Self, after: &Self, _: &UpdateWebhook) -> ApiResult<()> {
        if before.status == WebhookStatus::Active && after.status == WebhookStatus::Disabled {
            notice::fail_pending_of(c, after.id, "the subscription was disabled by its owner")?;
        }
        Ok(())
    }

    fn answer(c: &mut DbConn, w: &Self) -> DbResult<Webhook> {
        webhook::get(c, w.id)
    }

    fn answer_version(w: &Webhook) -> i32 {
        w.version
    }
}

/// Delete a webhook subscription
///
/// Its delivery log goes with it.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/webhooks/{id}")]
async fn delete_webhook(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Webhook>(&pool, caller, &req, path_id(&id, "webhook")).await
}

impl Remove for Webhook {
    const POLICY: Policy = policy::WEBHOOKS;

    fn authorize(_: &mut DbConn, caller: &Caller, stored: &Self) -> ApiResult<()> {
        check_owner(caller, stored)
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        webhook::delete(c, self.id)
    }
}

/// Rotate a webhook's signing secret
///
/// Deliveries are signed with the new secret from now on, retries of earlier ones too; for
/// 24 hours they also carry a signature with the secret it replaces (`webhook-signature`
/// then holds two, space-separated), so a receiver can switch without refusing any. The
/// answer holds the new secret, shown this once.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id")), responses(
    (status = 200, description = "The new secret", body = WebhookWithSecret),
))]
#[post("/webhooks/{id}/rotate")]
async fn rotate_webhook_secret(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.update.check(&caller)?;
    let id: WebhookId = path_id(&id, "webhook")?;
    let answer = super::audited(&pool, &req, move |c, _| {
        load_own(c, &caller, id)?;
        let secret = crate::outbox::webhook::new_secret();
        webhook::set_secret(c, id, &secret, Utc::now() + chrono::Duration::hours(24))?;
        Ok(WebhookWithSecret {
            webhook: webhook::get(c, id)?,
            secret,
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(answer))
}

/// Send a test ping
///
/// Queues one `webhook.ping` delivery to this subscription (whatever its types), to check
/// the receiver and its signature check. Its outcome shows in the delivery log.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id")), responses(
    (status = 202, description = "Queued", body = Queued),
    (status = 409, description = "The subscription is disabled", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks/{id}/ping")]
async fn ping_webhook(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    doorbell: Data<Doorbell>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.update.check(&caller)?;
    let id: WebhookId = path_id(&id, "webhook")?;
    let notice_id = super::audited(&pool, &req, move |c, _| {
        let w = load_own(c, &caller, id)?;
        ensure_active(&w)?;
        let now = Utc::now();
        let body =
            crate::outbox::webhook::body(PING, now, &serde_json::json!({ "webhook_id": id }));
        Ok(notice::insert(
            c,
            notice::New {
                channel: eil_shared::notice::Channel::Webhook,
                event_type: PING,
                subscription_id: Some(id),
                recipient: &w.url,
                payload: &body,
                at: now,
            },
        )?)
    })
    .await?;
    doorbell.ring();
    Ok(HttpResponse::Accepted().json(Queued { notice_id }))
}

/// A subscription's delivery log
///
/// Newest first, each delivery with every attempt (time, outcome, status code or error,
/// latency).
#[utoipa::path(tag = "webhooks", params(("id" = String, Path, description = "Webhook id"), NoticeQuery), responses(
    (status = 200, description = "One page of deliveries", body = Page<Notice>),
))]
#[get("/webhooks/{id}/deliveries")]
async fn list_webhook_deliveries(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.read.check(&caller)?;
    let id: WebhookId = path_id(&id, "webhook")?;
    let page = super::query(&pool, move |c| {
        load_own(c, &caller, id)?;
        Ok(notice::list(c, &q, Some(id))?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Redeliver one delivery
///
/// Queues it again now, with the same `webhook-id` (a receiver that already processed it
/// can tell) and a fresh signature.
#[utoipa::path(tag = "webhooks", params(
    ("id" = String, Path, description = "Webhook id"),
    ("notice_id" = String, Path, description = "Delivery (notice) id"),
), responses(
    (status = 202, description = "Queued", body = Queued),
    (status = 409, description = "The subscription is disabled", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/webhooks/{id}/deliveries/{notice_id}/redeliver")]
async fn redeliver_webhook_delivery(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    doorbell: Data<Doorbell>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    policy::WEBHOOKS.update.check(&caller)?;
    let (id, notice_id) = path.into_inner();
    let id: WebhookId = path_id(&id, "webhook")?;
    let notice_id: NoticeId = path_id(&notice_id, "delivery")?;
    super::audited(&pool, &req, move |c, _| {
        let w = load_own(c, &caller, id)?;
        let n = notice::get(c, notice_id)?;
        if n.subscription_id != Some(id) {
            return Err(ApiError::not_found("delivery"));
        }
        ensure_active(&w)?;
        if !notice::requeue(c, notice_id)? {
            return Err(ApiError::conflict(
                "notice_id",
                "this delivery is still pending; it will be tried again on its own",
            ));
        }
        Ok(())
    })
    .await?;
    doorbell.ring();
    Ok(HttpResponse::Accepted().json(Queued { notice_id }))
}
