//! Liveness and readiness probes for load balancers and orchestrators.

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::db::Pool;
use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(paths(healthz, readyz))]
pub struct HealthDoc;

/// The state of a probe.
#[derive(Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "The process is up", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "The database answers", body = Health),
    (status = 503, description = "The database does not answer", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(pool: web::Data<Pool>) -> Result<HttpResponse, ApiError> {
    super::query(&pool, |c| {
        c.batch_execute("SELECT 1")
            .map_err(|e| ApiError::Unavailable(format!("database: {e}")))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}
