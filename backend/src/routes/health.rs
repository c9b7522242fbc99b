//! Liveness and readiness probes for load balancers and orchestrators.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::db::{self, DbError, Pool};
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

/// The database answers and this process has a connection free for it.
#[utoipa::path(get, path = "/readyz", tag = "operations", responses(
    (status = 200, description = "The database answers", body = Health),
    (status = 503, description = "The database does not answer, or every connection of the pool is in use (saturated); see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub async fn readyz(pool: web::Data<Pool>) -> Result<HttpResponse, ApiError> {
    let pool = pool.get_ref().clone();
    web::block(move || {
        // A probe must not queue behind the requests it reports on: a pool that frees no
        // connection within this bound is saturated, and the replica is not ready.
        let wait = pool.connection_timeout().min(READY_WAIT);
        let mut c = pool
            .get_timeout(wait)
            .map_err(|e| match db::pool_error(&pool, e) {
                DbError::Busy(_) => ApiError::Unavailable(format!(
                    "the database connection pool is saturated: all {} connections are in use",
                    pool.max_size()
                )),
                other => ApiError::from(other),
            })?;
        c.batch_execute("SELECT 1")
            .map_err(|e| ApiError::Unavailable(format!("database: {e}")))
    })
    .await??;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}

/// How long `/readyz` waits for a free connection.
const READY_WAIT: Duration = Duration::from_millis(500);
