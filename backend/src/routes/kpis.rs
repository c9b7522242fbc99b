//! The funder's key figures.

use actix_web::web::Data;
use actix_web::{HttpResponse, get};

use eil_shared::kpi::Kpis;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::auth::policy;
use crate::db::Pool;
use crate::db::models::kpi;
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_kpis);
}

/// Key figures of the Lab
///
/// Participants by sector, projects by status, mentoring sessions held and scheduled,
/// events, places and mentors: counts only, no personal data. Needs the role `funder`,
/// `coordinator` or `admin`.
#[utoipa::path(tag = "kpis", responses(
    (status = 200, description = "The figures as of now", body = Kpis),
))]
#[get("/kpis")]
async fn get_kpis(caller: Caller, pool: Data<Pool>) -> Result<HttpResponse, ApiError> {
    if caller.client_organisation().is_none() {
        policy::KPIS.check(&caller)?;
    }
    Ok(HttpResponse::Ok().json(super::query(&pool, |c| Ok(kpi::kpis(c)?)).await?))
}
