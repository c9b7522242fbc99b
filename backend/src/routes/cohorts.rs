use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::cohort::{Cohort, CohortQuery, CohortStatus, CreateCohort, UpdateCohort};
use eil_shared::ids::CohortId;
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{cohort, programme};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    let key = IdOrSlug::new(key.into_inner());
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateCohort>,
) -> Result<HttpResponse, ApiError> {
    policy::COHORTS.create.check(&caller)?;
    let body = body.parse()?;
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
    let x = super::audited(&pool, &req, move |c, audit| {
        referenced(
            programme::get(c, &IdOrSlug::id(x.programme_id)),
            "programme_id",
            "programme",
        )?;
        cohort::insert(c, &x)?;
        audit.created(x.id);
        Ok(cohort::get(c, &IdOrSlug::id(x.id))?)
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
    body: Json<UpdateCohort>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Cohort>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Cohort {
    type Body = UpdateCohort;
    type Answer = Cohort;
    const POLICY: Policy = policy::COHORTS;

    fn apply(&mut self, body: &UpdateCohort) {
        Cohort::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateCohort) -> Result<(), Vec<FieldError>> {
        Cohort::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, after: &Self, _: &UpdateCohort) -> ApiResult<()> {
        let taken = cohort::taken_places(c, after.id)?;
        Ok(domain::cohort::check_capacity(after.capacity, taken)?)
    }

    fn answer(c: &mut DbConn, x: &Self) -> DbResult<Cohort> {
        cohort::get(c, &IdOrSlug::id(x.id))
    }

    fn answer_version(x: &Cohort) -> i32 {
        x.version
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Cohort>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Cohort {
    const POLICY: Policy = policy::COHORTS;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        cohort::delete(c, self.id)
    }
}
