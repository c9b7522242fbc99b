use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::MentorId;
use eil_shared::mentor::{CreateMentor, Mentor, MentorQuery, UpdateMentor, normalise_tags};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{mentor, organisation, person};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool, Record};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    let id = mentor_id(&id)?;
    let m = super::query(&pool, move |c| Ok(mentor::get(c, id)?)).await?;
    Ok(ok_tagged(&m, m.version))
}

/// A mentor id from the path; one that cannot be an id names no mentor (404).
pub(super) fn mentor_id(raw: &str) -> ApiResult<MentorId> {
    super::path_id(raw, "mentor")
}

fn check_refs(c: &mut DbConn, m: &Mentor) -> ApiResult<()> {
    if let Some(o) = m.organisation_id {
        referenced(
            organisation::get(c, &IdOrSlug::id(o)),
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateMentor>,
) -> Result<HttpResponse, ApiError> {
    policy::MENTORS.create.check(&caller)?;
    let body = body.parse()?;
    let now = Utc::now();
    let m = super::audited(&pool, &req, move |c, audit| {
        let person = referenced(person::get(c, body.person_id), "person_id", "person")?;
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
        if mentor::exists_for_person(c, m.person_id)? {
            return Err(ApiError::conflict(
                "person_id",
                "this person already has a mentor profile",
            ));
        }
        mentor::insert(c, &m)?;
        audit.created(m.id);
        Ok(mentor::get(c, m.id)?)
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
    body: Json<UpdateMentor>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Mentor>(&pool, caller, &req, mentor_id(&id), body).await
}

impl Update for Mentor {
    type Body = UpdateMentor;
    type Answer = Mentor;
    const POLICY: Policy = policy::MENTORS;

    fn authorize(c: &mut DbConn, caller: &Caller, m: &Self, _: &UpdateMentor) -> ApiResult<()> {
        policy::mentor::self_or_staff(c, caller, m.id)
    }

    fn apply(&mut self, body: &UpdateMentor) {
        Mentor::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateMentor) -> Result<(), Vec<FieldError>> {
        Mentor::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, m: &Self, _: &UpdateMentor) -> ApiResult<()> {
        check_refs(c, m)?;
        if i64::from(m.capacity) < mentor::assigned_count(c, m.id)? {
            return Err(ApiError::conflict(
                "capacity",
                "the mentor has more projects than this; unassign some first",
            ));
        }
        Ok(())
    }

    fn write(&self, c: &mut DbConn, expected: i32, _: &UpdateMentor) -> DbResult<()> {
        self.store(c, expected)?;
        mentor::write_tags(c, self.id, &self.expertise)
    }

    fn answer(c: &mut DbConn, m: &Self) -> DbResult<Mentor> {
        mentor::get(c, m.id)
    }

    fn answer_version(m: &Mentor) -> i32 {
        m.version
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Mentor>(&pool, caller, &req, mentor_id(&id)).await
}

impl Remove for Mentor {
    const POLICY: Policy = policy::MENTORS;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        mentor::delete(c, self.id)
    }
}
