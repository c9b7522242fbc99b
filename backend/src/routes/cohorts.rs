use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::cohort::{Cohort, CohortQuery, CohortStatus, CreateCohort, UpdateCohort};
use eil_shared::ids::CohortId;
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::db::{IdOrSlug, Pool};
use crate::db::models::{cohort, programme};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_cohorts)
        .service(get_cohort)
        .service(create_cohort)
        .service(update_cohort)
        .service(delete_cohort);
}

/// List cohorts
#[utoipa::path(tag = "cohorts", params(CohortQuery), responses(
    (status = 200, description = "One page of cohorts", body = Page<Cohort>),
))]
#[get("/cohorts")]
async fn list_cohorts(
    pool: Data<Pool>,
    Query(q): Query<CohortQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(cohort::list(c, &q)?)).await?))
}

/// Get a cohort
#[utoipa::path(tag = "cohorts", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The cohort", body = Cohort, headers(("ETag" = String))),
))]
#[get("/cohorts/{id}")]
async fn get_cohort(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let x = super::query(&pool, move |c| Ok(cohort::get(c, &key)?)).await?;
    Ok(ok_tagged(&x, x.version))
}

/// Create a cohort of a programme
#[utoipa::path(tag = "cohorts", request_body = CreateCohort, responses(
    (status = 201, description = "Created", body = Cohort, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/cohorts")]
async fn create_cohort(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateCohort>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let x = Cohort {
        id: CohortId(uuid::Uuid::now_v7()),
        programme_id: body.programme_id,
        slug: body.slug,
        name: body.name,
        starts_on: body.starts_on,
        ends_on: body.ends_on,
        capacity: body.capacity,
        venue: body.venue,
        status: body.status.unwrap_or(CohortStatus::Planned),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    x.validate().map_err(ApiError::Invalid)?;
    let x = super::transaction(&pool, move |c| {
        referenced(
            programme::get(c, &IdOrSlug::id(x.programme_id)),
            "programme_id",
            "programme",
        )?;
        cohort::insert(c, &x)?;
        Ok(cohort::get(c, &x.id.to_string())?)
    })
    .await?;
    Ok(created(format!("/api/v1/cohorts/{}", x.id), &x, x.version))
}

/// Update a cohort
///
/// The capacity cannot drop below the places already taken (409).
#[utoipa::path(tag = "cohorts", request_body = UpdateCohort,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = Cohort, headers(("ETag" = String)))),
)]
#[patch("/cohorts/{id}")]
async fn update_cohort(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<UpdateCohort>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let expected = if_match(&req)?;
    let key = key.into_inner();
    let x = super::transaction(&pool, move |c| {
        let mut x = cohort::get(c, &key)?;
        let stored = x.version;
        x.apply(body);
        x.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        let taken = cohort::taken_places(c, &x.id.to_string())?;
        domain::cohort::check_capacity(x.capacity, taken)?;
        x.version += 1;
        x.updated_at = Utc::now();
        cohort::update(c, &x, stored)?;
        Ok(cohort::get(c, &x.id.to_string())?)
    })
    .await?;
    Ok(ok_tagged(&x, x.version))
}

/// Delete a cohort
///
/// Refused with 409 while enrolments, projects or events belong to it.
#[utoipa::path(tag = "cohorts", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/cohorts/{id}")]
async fn delete_cohort(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    super::transaction(&pool, move |c| {
        let x = cohort::get(c, &key)?;
        Ok(cohort::delete(c, &x.id.to_string())?)
    })
    .await?;
    Ok(no_content())
}
