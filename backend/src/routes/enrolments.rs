use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::enrolment::{
    CreateEnrolment, Enrolment, EnrolmentQuery, EnrolmentRole, EnrolmentStatus, UpdateEnrolment,
};
use eil_shared::ids::EnrolmentId;
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::db::models::{cohort, enrolment, person};
use crate::db::{DbConn, Pool};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

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
    let org = caller.client_organisation().map(|o| o.to_string());
    Ok(HttpResponse::Ok()
        .json(super::query(&pool, move |c| Ok(enrolment::list(c, &q, org.as_deref())?)).await?))
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
    let id = id.into_inner();
    let e = super::query(&pool, move |c| {
        let e = enrolment::get(c, &id)?;
        if let Some(org) = caller.client_organisation() {
            let person = person::get(c, &e.person_id.to_string())?;
            if person.organisation_id != Some(org) {
                return Err(crate::auth::forbidden(
                    "this enrolment is not of a person of the client's organisation",
                ));
            }
        }
        Ok(e)
    })
    .await?;
    Ok(ok_tagged(&e, e.version))
}

/// The cohort's rules: the track is of its programme; an active enrolment needs a free place.
fn check_rules(c: &mut DbConn, e: &Enrolment, was_active: bool) -> ApiResult<()> {
    let cohort = super::cohort_and_track(c, e.cohort_id, e.track_id)?;
    if e.status == EnrolmentStatus::Active && !was_active {
        let taken = cohort::taken_places(c, &cohort.id.to_string())?;
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
    pool: Data<Pool>,
    Json(body): Json<CreateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
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
    let e = super::transaction(&pool, move |c| {
        referenced(
            person::get(c, &e.person_id.to_string()),
            "person_id",
            "person",
        )?;
        if enrolment::exists(c, &e.person_id.to_string(), &e.cohort_id.to_string())? {
            return Err(ApiError::conflict(
                "person_id",
                "this person is already enrolled in this cohort",
            ));
        }
        check_rules(c, &e, false)?;
        enrolment::insert(c, &e)?;
        Ok(enrolment::get(c, &e.id.to_string())?)
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
    Json(body): Json<UpdateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let expected = if_match(&req)?;
    let id = id.into_inner();
    let e = super::transaction(&pool, move |c| {
        let mut e = enrolment::get(c, &id)?;
        let stored = e.version;
        let was_active = e.status == EnrolmentStatus::Active;
        e.apply(body);
        check_version(expected, stored)?;
        check_rules(c, &e, was_active)?;
        e.version += 1;
        e.updated_at = Utc::now();
        enrolment::update(c, &e, stored)?;
        Ok(enrolment::get(c, &id)?)
    })
    .await?;
    Ok(ok_tagged(&e, e.version))
}

/// Delete an enrolment
#[utoipa::path(tag = "enrolments", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/enrolments/{id}")]
async fn delete_enrolment(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let id = id.into_inner();
    super::transaction(&pool, move |c| Ok(enrolment::delete(c, &id)?)).await?;
    Ok(no_content())
}
