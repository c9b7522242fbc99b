//! The outbox as staff see it: what EIL Hub has sent, is about to send, and gave up on.
//! Contents are never shown (e-mails carry one-time links); recipients, types, attempts are.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use eil_shared::notice::{Notice, NoticeQuery, NoticeStatus};
use eil_shared::webhook::Queued;
use eil_shared::{NoticeId, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::path_id;
use crate::auth::Caller;
use crate::auth::policy;
use crate::db::Pool;
use crate::db::models::notice;
use crate::error::ApiError;
use crate::extract::{Path, Query};
use crate::outbox::Doorbell;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_outbox)
        .service(get_outbox_notice)
        .service(retry_outbox_notice);
}

/// List the outbox
///
/// Every notice (webhook deliveries and e-mails), newest first, with its attempts. E-mails
/// wait here as `pending` while SMTP is not configured. Needs the role `coordinator` or
/// `admin`.
#[utoipa::path(tag = "outbox", params(NoticeQuery), responses(
    (status = 200, description = "One page of notices", body = Page<Notice>),
))]
#[get("/outbox")]
async fn list_outbox(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<NoticeQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::OUTBOX.read.check(&caller)?;
    let page = super::query(&pool, move |c| Ok(notice::list(c, &q, None)?)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a notice
///
/// Needs the role `coordinator` or `admin`.
#[utoipa::path(tag = "outbox", params(("id" = String, Path, description = "Notice id")), responses(
    (status = 200, description = "The notice with every attempt", body = Notice),
))]
#[get("/outbox/{id}")]
async fn get_outbox_notice(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::OUTBOX.read.check(&caller)?;
    let id: NoticeId = path_id(&id, "notice")?;
    let n = super::query(&pool, move |c| Ok(notice::get(c, id)?)).await?;
    Ok(HttpResponse::Ok().json(n))
}

/// Retry a failed notice
///
/// Queues it again now; it keeps its id (a webhook receiver can tell a repeat). Only a
/// `failed` notice can be retried. Needs the role `coordinator` or `admin`.
#[utoipa::path(tag = "outbox", params(("id" = String, Path, description = "Notice id")), responses(
    (status = 202, description = "Queued", body = Queued),
    (status = 409, description = "The notice has not failed", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/outbox/{id}/retry")]
async fn retry_outbox_notice(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    doorbell: Data<Doorbell>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::OUTBOX.update.check(&caller)?;
    let id: NoticeId = path_id(&id, "notice")?;
    super::audited(&pool, &req, move |c, _| {
        let n = notice::get(c, id)?;
        if n.status != NoticeStatus::Failed || !notice::requeue(c, id)? {
            return Err(ApiError::conflict(
                "status",
                format!(
                    "the notice is {}; only a failed one is retried",
                    n.status.as_str()
                ),
            ));
        }
        Ok(())
    })
    .await?;
    doorbell.ring();
    Ok(HttpResponse::Accepted().json(Queued { notice_id: id }))
}
