use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::ProgrammeId;
use eil_shared::programme::{
    CreateProgramme, Programme, ProgrammeDetail, ProgrammeQuery, UpdateProgramme,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{created, db, no_content, ok_tagged, tx};
use crate::auth::{Caller, STAFF};
use crate::db::Pool;
use crate::db::models::{check_version, programme};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_programmes)
        .service(get_programme)
        .service(create_programme)
        .service(update_programme)
        .service(delete_programme);
}

/// List programmes
#[utoipa::path(tag = "programmes", params(ProgrammeQuery), responses(
    (status = 200, description = "One page of programmes", body = Page<Programme>),
))]
#[get("/programmes")]
async fn list_programmes(
    pool: Data<Pool>,
    Query(q): Query<ProgrammeQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = db(&pool, move |c| programme::list(c, &q)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a programme with its tracks and cohorts
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The programme", body = ProgrammeDetail, headers(("ETag" = String, description = "The version, for If-Match"))),
))]
#[get("/programmes/{id}")]
async fn get_programme(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let p = db(&pool, move |c| programme::detail(c, &key)).await?;
    Ok(ok_tagged(&p, p.programme.version))
}

/// Create a programme
#[utoipa::path(tag = "programmes", request_body = CreateProgramme, responses(
    (status = 201, description = "Created", body = ProgrammeDetail, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/programmes")]
async fn create_programme(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateProgramme>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let p = Programme {
        id: ProgrammeId(uuid::Uuid::now_v7()),
        slug: body.slug,
        name: body.name,
        summary: body.summary,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    p.validate().map_err(ApiError::Invalid)?;
    let detail = tx(&pool, move |c| {
        programme::insert(c, &p)?;
        programme::detail(c, &p.id.to_string())
    })
    .await?;
    Ok(created(
        format!("/api/v1/programmes/{}", detail.programme.id),
        &detail,
        detail.programme.version,
    ))
}

/// Update a programme
///
/// Only the fields given change. Send `If-Match` with the `ETag` you read to be sure not
/// to overwrite someone else's change.
#[utoipa::path(tag = "programmes", request_body = UpdateProgramme,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = ProgrammeDetail, headers(("ETag" = String)))),
)]
#[patch("/programmes/{id}")]
async fn update_programme(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<UpdateProgramme>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let expected = if_match(&req)?;
    let key = key.into_inner();
    let detail = tx(&pool, move |c| {
        let mut p = programme::get(c, &key)?;
        let stored = p.version;
        p.apply(body);
        p.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        p.version += 1;
        p.updated_at = Utc::now();
        programme::update(c, &p, stored)?;
        programme::detail(c, &p.id.to_string())
    })
    .await?;
    Ok(ok_tagged(&detail, detail.programme.version))
}

/// Delete a programme
///
/// Refused with 409 while tracks, cohorts or events belong to it.
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/programmes/{id}")]
async fn delete_programme(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    tx(&pool, move |c| {
        let p = programme::get(c, &key)?;
        programme::delete(c, &p.id.to_string())
    })
    .await?;
    Ok(no_content())
}
