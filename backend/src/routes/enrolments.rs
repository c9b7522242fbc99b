use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::enrolment::{
    CreateEnrolment, Enrolment, EnrolmentQuery, EnrolmentRole, EnrolmentStatus, UpdateEnrolment,
};
use eil_shared::ids::EnrolmentId;
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{cohort, enrolment, person};
use crate::db::{DbConn, DbResult, Pool};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_enrolments)
        .service(get_enrolment)
        .service(create_enrolment)
        .service(update_enrolment)
        .service(delete_enrolment);
}

/// List enrolments
#[utoipa::path(tag = "enrolments", params(EnrolmentQuery), responses(
    (status = 200, description = "One page of enrolments, oldest first", body = Page<Enrolment>),
))]
#[get("/enrolments")]
async fn list_enrolments(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<EnrolmentQuery>,
) -> Result<HttpResponse, ApiError> {
    // A partner client sees the enrolments of its own organisation's people only.
    let org = caller.client_organisation();
    Ok(HttpResponse::Ok()
        .json(super::query(&pool, move |c| Ok(enrolment::list(c, &q, org)?)).await?))
}

/// The id in the path; one that is no UUID names no enrolment.
fn enrolment_id(raw: &str) -> ApiResult<EnrolmentId> {
    super::path_id(raw, "enrolment")
}

/// Get an enrolment
#[utoipa::path(tag = "enrolments", params(("id" = String, Path, description = "Id")), responses(
    (status = 200, description = "The enrolment", body = Enrolment, headers(("ETag" = String))),
))]
#[get("/enrolments/{id}")]
async fn get_enrolment(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = enrolment_id(&id)?;
    let e = super::query(&pool, move |c| {
        let e = enrolment::get(c, id)?;
        policy::person::client_sees_enrolments(c, &caller, e.person_id)?;
        Ok(e)
    })
    .await?;
    Ok(ok_tagged(&e, e.version))
}

/// The cohort's rules: the track is of its programme; an active enrolment needs a free place.
fn check_rules(c: &mut DbConn, e: &Enrolment, was_active: bool) -> ApiResult<()> {
    let cohort = super::cohort_and_track(c, e.cohort_id, e.track_id)?;
    if e.status == EnrolmentStatus::Active && !was_active {
        let taken = cohort::taken_places(c, cohort.id)?;
        domain::cohort::check_place_free(cohort.capacity, taken)?;
    }
    Ok(())
}

/// Enrol a person in a cohort
#[utoipa::path(tag = "enrolments", request_body = CreateEnrolment, responses(
    (status = 201, description = "Created", body = Enrolment, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/enrolments")]
async fn create_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    policy::ENROLMENTS.create.check(&caller)?;
    let body = body.parse()?;
    let now = Utc::now();
    let e = Enrolment {
        id: EnrolmentId(uuid::Uuid::now_v7()),
        person_id: body.person_id,
        cohort_id: body.cohort_id,
        track_id: body.track_id,
        role: body.role.unwrap_or(EnrolmentRole::Participant),
        status: body.status.unwrap_or(EnrolmentStatus::Active),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let e = super::audited(&pool, &req, move |c, audit| {
        referenced(person::get(c, e.person_id), "person_id", "person")?;
        if enrolment::exists(c, e.person_id, e.cohort_id)? {
            return Err(ApiError::conflict(
                "person_id",
                "this person is already enrolled in this cohort",
            ));
        }
        check_rules(c, &e, false)?;
        enrolment::insert(c, &e)?;
        audit.created(e.id);
        Ok(enrolment::get(c, e.id)?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/enrolments/{}", e.id),
        &e,
        e.version,
    ))
}

/// Update an enrolment
#[utoipa::path(tag = "enrolments", request_body = UpdateEnrolment,
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "Updated", body = Enrolment, headers(("ETag" = String)))),
)]
#[patch("/enrolments/{id}")]
async fn update_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    body: Json<UpdateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Enrolment>(&pool, caller, &req, enrolment_id(&id), body).await
}

impl Update for Enrolment {
    type Body = UpdateEnrolment;
    type Answer = Enrolment;
    const POLICY: Policy = policy::ENROLMENTS;

    fn apply(&mut self, body: &UpdateEnrolment) {
        Enrolment::apply(self, body.clone());
    }

    /// Every value an enrolment takes is well-formed by its type; its rules need the cohort.
    fn validate(&self, _: &UpdateEnrolment) -> Result<(), Vec<FieldError>> {
        Ok(())
    }

    fn check(c: &mut DbConn, before: &Self, after: &Self, _: &UpdateEnrolment) -> ApiResult<()> {
        check_rules(c, after, before.status == EnrolmentStatus::Active)
    }

    fn answer(c: &mut DbConn, e: &Self) -> DbResult<Enrolment> {
        enrolment::get(c, e.id)
    }

    fn answer_version(e: &Enrolment) -> i32 {
        e.version
    }
}

/// Delete an enrolment
#[utoipa::path(tag = "enrolments", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/enrolments/{id}")]
async fn delete_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Enrolment>(&pool, caller, &req, enrolment_id(&id)).await
}

impl Remove for Enrolment {
    const POLICY: Policy = policy::ENROLMENTS;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        enrolment::delete(c, self.id)
    }
}
