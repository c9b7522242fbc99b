//! Reading the audit log (admins).

use actix_web::web::Data;
use actix_web::{HttpResponse, get};
use eil_shared::Page;
use eil_shared::audit::{AuditEntry, AuditQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::auth::policy;
use crate::db::Pool;
use crate::db::models::audit;
use crate::error::ApiError;
use crate::extract::Query;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit);
}

/// Read the audit log
///
/// Every successful write, newest first: who (person or API client), what (action,
/// resource, id, the fields set), when and under which request id. Needs the role `admin`.
#[utoipa::path(tag = "audit", params(AuditQuery), responses(
    (status = 200, description = "One page of entries, newest first", body = Page<AuditEntry>),
))]
#[get("/audit")]
async fn list_audit(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.read.check(&caller)?;
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(audit::list(c, &q)?)).await?))
}
