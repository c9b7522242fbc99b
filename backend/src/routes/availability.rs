use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::availability::{
    AvailabilityQuery, AvailabilitySlot, CreateAvailabilitySlot, UpdateAvailabilitySlot,
};
use eil_shared::ids::{AvailabilitySlotId, MentorId};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::mentors::mentor_id;
use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{availability, mentor};
use crate::db::{DbConn, DbResult, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_availability)
        .service(get_availability_slot)
        .service(create_availability_slot)
        .service(update_availability_slot)
        .service(delete_availability_slot);
}

/// A `(mentor, slot)` path; ids that cannot be ids name no slot (404), as a slot of
/// another mentor does not.
fn slot_key((mentor, slot): &(String, String)) -> ApiResult<(MentorId, AvailabilitySlotId)> {
    Ok((
        super::path_id(mentor, "availability slot")?,
        super::path_id(slot, "availability slot")?,
    ))
}

/// List a mentor's availability
#[utoipa::path(tag = "availability", params(("id" = String, Path, description = "Mentor id"), AvailabilityQuery), responses(
    (status = 200, description = "One page of slots, by start time", body = Page<AvailabilitySlot>),
))]
#[get("/mentors/{id}/availability")]
async fn list_availability(
    pool: Data<Pool>,
    id: Path<String>,
    Query(q): Query<AvailabilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = mentor_id(&id)?;
    let page = super::query(&pool, move |c| {
        mentor::get(c, id)?;
        Ok(availability::list(c, id, &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get an availability slot
#[utoipa::path(tag = "availability", params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")), responses(
    (status = 200, description = "The slot", body = AvailabilitySlot, headers(("ETag" = String))),
))]
#[get("/mentors/{id}/availability/{slot_id}")]
async fn get_availability_slot(
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, slot) = slot_key(&path)?;
    let s = super::query(&pool, move |c| Ok(availability::get(c, id, slot)?)).await?;
    Ok(ok_tagged(&s, s.version))
}

/// A mentor's slots do not overlap; checked with the mentor's row locked so that two
/// changes of the same mentor's slots cannot both pass.
fn check_free(c: &mut DbConn, s: &AvailabilitySlot) -> ApiResult<()> {
    mentor::lock(c, s.mentor_id)?;
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
#[utoipa::path(tag = "availability", params(("id" = String, Path, description = "Mentor id")), request_body = CreateAvailabilitySlot, responses(
    (status = 201, description = "Created", body = AvailabilitySlot, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/mentors/{id}/availability")]
async fn create_availability_slot(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    body: Json<CreateAvailabilitySlot>,
) -> Result<HttpResponse, ApiError> {
    policy::AVAILABILITY.create.check(&caller)?;
    let body = body.parse()?;
    let id = mentor_id(&id)?;
    let now = Utc::now();
    let s = super::audited(&pool, &req, move |c, audit| {
        let m = mentor::get(c, id)?;
        policy::mentor::self_or_staff(c, &caller, m.id)?;
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
        audit.created(s.id);
        Ok(availability::get(c, s.mentor_id, s.id)?)
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
#[utoipa::path(tag = "availability", request_body = UpdateAvailabilitySlot,
    params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")),
    responses((status = 200, description = "Updated", body = AvailabilitySlot, headers(("ETag" = String)))),
)]
#[patch("/mentors/{id}/availability/{slot_id}")]
async fn update_availability_slot(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    body: Json<UpdateAvailabilitySlot>,
) -> Result<HttpResponse, ApiError> {
    write::update::<AvailabilitySlot>(&pool, caller, &req, slot_key(&path), body).await
}

impl Update for AvailabilitySlot {
    type Body = UpdateAvailabilitySlot;
    type Answer = AvailabilitySlot;
    const POLICY: Policy = policy::AVAILABILITY;

    fn authorize(
        c: &mut DbConn,
        caller: &Caller,
        s: &Self,
        _: &UpdateAvailabilitySlot,
    ) -> ApiResult<()> {
        policy::mentor::self_or_staff(c, caller, s.mentor_id)
    }

    fn apply(&mut self, body: &UpdateAvailabilitySlot) {
        AvailabilitySlot::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateAvailabilitySlot) -> Result<(), Vec<FieldError>> {
        AvailabilitySlot::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, s: &Self, _: &UpdateAvailabilitySlot) -> ApiResult<()> {
        check_free(c, s)
    }

    fn answer(c: &mut DbConn, s: &Self) -> DbResult<AvailabilitySlot> {
        availability::get(c, s.mentor_id, s.id)
    }

    fn answer_version(s: &AvailabilitySlot) -> i32 {
        s.version
    }
}

/// Remove an availability slot
///
/// The mentor, coordinators and admins.
#[utoipa::path(tag = "availability", params(("id" = String, Path, description = "Mentor id"), ("slot_id" = String, Path, description = "Slot id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/mentors/{id}/availability/{slot_id}")]
async fn delete_availability_slot(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<AvailabilitySlot>(&pool, caller, &req, slot_key(&path)).await
}

impl Remove for AvailabilitySlot {
    const POLICY: Policy = policy::AVAILABILITY;

    fn authorize(c: &mut DbConn, caller: &Caller, s: &Self) -> ApiResult<()> {
        policy::mentor::self_or_staff(c, caller, s.mentor_id)
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        availability::delete(c, self.mentor_id, self.id)
    }
}
