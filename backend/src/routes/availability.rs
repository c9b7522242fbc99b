use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::availability::{
    AvailabilityQuery, AvailabilitySlot, CreateAvailabilitySlot, UpdateAvailabilitySlot,
};
use eil_shared::ids::AvailabilitySlotId;
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy;
use crate::db::models::{availability, mentor};
use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_availability)
        .service(get_availability_slot)
        .service(create_availability_slot)
        .service(update_availability_slot)
        .service(delete_availability_slot);
}

/// List a mentor's availability
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Mentor id"), AvailabilityQuery), responses(
    (status = 200, description = "One page of slots, by start time", body = Page<AvailabilitySlot>),
))]
#[get("/mentors/{id}/availability")]
async fn list_availability(
    pool: Data<Pool>,
    id: Path<String>,
    Query(q): Query<AvailabilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let page = super::query(&pool, move |c| {
        mentor::get(c, &id)?;
        Ok(availability::list(c, &id, &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get an availability slot
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")), responses(
    (status = 200, description = "The slot", body = AvailabilitySlot, headers(("ETag" = String))),
))]
#[get("/mentors/{id}/availability/{slot_id}")]
async fn get_availability_slot(
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, slot) = path.into_inner();
    let s = super::query(&pool, move |c| Ok(availability::get(c, &id, &slot)?)).await?;
    Ok(ok_tagged(&s, s.version))
}

fn check_free(c: &mut DbConn, s: &AvailabilitySlot) -> ApiResult<()> {
    mentor::lock(c, &s.mentor_id.to_string())?;
    if availability::overlaps(c, s)? {
        return Err(ApiError::conflict(
            "starts_at",
            "the mentor already has a slot at this time",
        ));
    }
    Ok(())
}

/// Add an availability slot
///
/// The mentor, coordinators and admins.
///
/// A mentor's slots do not overlap (409).
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Mentor id")), request_body = CreateAvailabilitySlot, responses(
    (status = 201, description = "Created", body = AvailabilitySlot, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/mentors/{id}/availability")]
async fn create_availability_slot(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
    Json(body): Json<CreateAvailabilitySlot>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let id = id.into_inner();
    let now = Utc::now();
    let s = super::transaction(&pool, move |c| {
        let m = mentor::get(c, &id)?;
        policy::mentor::self_or_staff(c, &caller, &id)?;
        let s = AvailabilitySlot {
            id: AvailabilitySlotId(uuid::Uuid::now_v7()),
            mentor_id: m.id,
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        s.validate().map_err(ApiError::Invalid)?;
        check_free(c, &s)?;
        availability::insert(c, &s)?;
        Ok(availability::get(c, &id, &s.id.to_string())?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/mentors/{}/availability/{}", s.mentor_id, s.id),
        &s,
        s.version,
    ))
}

/// Move an availability slot
///
/// The mentor, coordinators and admins.
#[utoipa::path(tag = "mentors", request_body = UpdateAvailabilitySlot,
    params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")),
    responses((status = 200, description = "Updated", body = AvailabilitySlot, headers(("ETag" = String)))),
)]
#[patch("/mentors/{id}/availability/{slot_id}")]
async fn update_availability_slot(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    Json(body): Json<UpdateAvailabilitySlot>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let expected = if_match(&req)?;
    let (id, slot) = path.into_inner();
    let s = super::transaction(&pool, move |c| {
        policy::mentor::self_or_staff(c, &caller, &id)?;
        let mut s = availability::get(c, &id, &slot)?;
        let stored = s.version;
        s.apply(body);
        s.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_free(c, &s)?;
        s.version += 1;
        s.updated_at = Utc::now();
        availability::update(c, &s, stored)?;
        Ok(availability::get(c, &id, &slot)?)
    })
    .await?;
    Ok(ok_tagged(&s, s.version))
}

/// Remove an availability slot
///
/// The mentor, coordinators and admins.
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/mentors/{id}/availability/{slot_id}")]
async fn delete_availability_slot(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let (id, slot) = path.into_inner();
    super::transaction(&pool, move |c| {
        policy::mentor::self_or_staff(c, &caller, &id)?;
        Ok(availability::delete(c, &id, &slot)?)
    })
    .await?;
    Ok(no_content())
}
