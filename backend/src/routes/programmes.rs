use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::ProgrammeId;
use eil_shared::programme::{
    CreateProgramme, Programme, ProgrammeDetail, ProgrammeQuery, UpdateProgramme,
};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{created, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::programme;
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    let page = super::query(&pool, move |c| Ok(programme::list(c, &q)?)).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a programme with its tracks and cohorts
#[utoipa::path(tag = "programmes", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The programme", body = ProgrammeDetail, headers(("ETag" = String, description = "The version, for If-Match"))),
))]
#[get("/programmes/{id}")]
async fn get_programme(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::new(key.into_inner());
    let p = super::query(&pool, move |c| Ok(programme::detail(c, &key)?)).await?;
    Ok(ok_tagged(&p, p.programme.version))
}

/// Create a programme
#[utoipa::path(tag = "programmes", request_body = CreateProgramme, responses(
    (status = 201, description = "Created", body = ProgrammeDetail, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/programmes")]
async fn create_programme(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateProgramme>,
) -> Result<HttpResponse, ApiError> {
    policy::PROGRAMMES.create.check(&caller)?;
    let body = body.parse()?;
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
    let detail = super::audited(&pool, &req, move |c, audit| {
        programme::insert(c, &p)?;
        audit.created(p.id);
        Ok(programme::detail(c, &IdOrSlug::id(p.id))?)
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
    body: Json<UpdateProgramme>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Programme>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Programme {
    type Body = UpdateProgramme;
    type Answer = ProgrammeDetail;
    const POLICY: Policy = policy::PROGRAMMES;

    fn apply(&mut self, body: &UpdateProgramme) {
        Programme::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateProgramme) -> Result<(), Vec<FieldError>> {
        Programme::validate(self)
    }

    fn answer(c: &mut DbConn, p: &Self) -> DbResult<ProgrammeDetail> {
        programme::detail(c, &IdOrSlug::id(p.id))
    }

    fn answer_version(d: &ProgrammeDetail) -> i32 {
        d.programme.version
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Programme>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Programme {
    const POLICY: Policy = policy::PROGRAMMES;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        programme::delete(c, self.id)
    }
}
