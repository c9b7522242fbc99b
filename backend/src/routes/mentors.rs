use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::MentorId;
use eil_shared::mentor::{CreateMentor, Mentor, MentorQuery, UpdateMentor, normalise_tags};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::auth::policy;
use crate::db::models::{mentor, organisation, person};
use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_mentors)
        .service(get_mentor)
        .service(create_mentor)
        .service(update_mentor)
        .service(delete_mentor);
}

/// List mentors
#[utoipa::path(tag = "mentors", params(MentorQuery), responses(
    (status = 200, description = "One page of mentors, by name", body = Page<Mentor>),
))]
#[get("/mentors")]
async fn list_mentors(
    pool: Data<Pool>,
    Query(q): Query<MentorQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(mentor::list(c, &q)?)).await?))
}

/// Get a mentor
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Id")), responses(
    (status = 200, description = "The mentor", body = Mentor, headers(("ETag" = String))),
))]
#[get("/mentors/{id}")]
async fn get_mentor(pool: Data<Pool>, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let m = super::query(&pool, move |c| Ok(mentor::get(c, &id)?)).await?;
    Ok(ok_tagged(&m, m.version))
}

fn check_refs(c: &mut DbConn, m: &Mentor) -> ApiResult<()> {
    if let Some(o) = m.organisation_id {
        referenced(
            organisation::get(c, &o.to_string()),
            "organisation_id",
            "organisation",
        )?;
    }
    Ok(())
}

/// Create a mentor profile for a person
#[utoipa::path(tag = "mentors", request_body = CreateMentor, responses(
    (status = 201, description = "Created", body = Mentor, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/mentors")]
async fn create_mentor(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateMentor>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let m = super::transaction(&pool, move |c| {
        let person = referenced(
            person::get(c, &body.person_id.to_string()),
            "person_id",
            "person",
        )?;
        let m = Mentor {
            id: MentorId(uuid::Uuid::now_v7()),
            person_id: body.person_id,
            full_name: person.full_name,
            title: body.title,
            organisation_id: body.organisation_id,
            bio: body.bio,
            expertise: normalise_tags(&body.expertise),
            capacity: body.capacity,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        m.validate().map_err(ApiError::Invalid)?;
        check_refs(c, &m)?;
        if mentor::exists_for_person(c, &m.person_id.to_string())? {
            return Err(ApiError::conflict(
                "person_id",
                "this person already has a mentor profile",
            ));
        }
        mentor::insert(c, &m)?;
        Ok(mentor::get(c, &m.id.to_string())?)
    })
    .await?;
    Ok(created(format!("/api/v1/mentors/{}", m.id), &m, m.version))
}

/// Update a mentor profile
///
/// The mentor updates their own profile; coordinators and admins any.
#[utoipa::path(tag = "mentors", request_body = UpdateMentor,
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "Updated", body = Mentor, headers(("ETag" = String)))),
)]
#[patch("/mentors/{id}")]
async fn update_mentor(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    Json(body): Json<UpdateMentor>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let expected = if_match(&req)?;
    let id = id.into_inner();
    let m = super::transaction(&pool, move |c| {
        policy::mentor::self_or_staff(c, &caller, &id)?;
        let mut m = mentor::get(c, &id)?;
        let stored = m.version;
        m.apply(body);
        m.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_refs(c, &m)?;
        if i64::from(m.capacity) < mentor::assigned_count(c, &id)? {
            return Err(ApiError::conflict(
                "capacity",
                "the mentor has more projects than this; unassign some first",
            ));
        }
        m.version += 1;
        m.updated_at = Utc::now();
        mentor::update(c, &m, stored)?;
        Ok(mentor::get(c, &id)?)
    })
    .await?;
    Ok(ok_tagged(&m, m.version))
}

/// Delete a mentor profile
///
/// Refused with 409 while the mentor is assigned to projects or has sessions.
#[utoipa::path(tag = "mentors", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/mentors/{id}")]
async fn delete_mentor(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let id = id.into_inner();
    super::transaction(&pool, move |c| Ok(mentor::delete(c, &id)?)).await?;
    Ok(no_content())
}
