use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::SessionId;
use eil_shared::session::{
    CreateSession, MentoringSession, SessionQuery, SessionStatus, UpdateSession,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::auth::policy;
use crate::db::models::{mentor, project, session};
use crate::db::{DbConn, Pool};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_sessions)
        .service(get_session)
        .service(create_session)
        .service(update_session)
        .service(delete_session);
}

/// List mentoring sessions
#[utoipa::path(tag = "sessions", params(SessionQuery), responses(
    (status = 200, description = "One page of sessions, by start time", body = Page<MentoringSession>),
))]
#[get("/sessions")]
async fn list_sessions(
    pool: Data<Pool>,
    Query(q): Query<SessionQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(session::list(c, &q)?)).await?))
}

/// Get a mentoring session
#[utoipa::path(tag = "sessions", params(("id" = String, Path, description = "Id")), responses(
    (status = 200, description = "The session", body = MentoringSession, headers(("ETag" = String))),
))]
#[get("/sessions/{id}")]
async fn get_session(pool: Data<Pool>, id: Path<String>) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let s = super::query(&pool, move |c| Ok(session::get(c, &id)?)).await?;
    Ok(ok_tagged(&s, s.version))
}

/// The booking rules, checked with the mentor's row locked so that two bookings of the same
/// mentor cannot both pass.
fn check_booking(c: &mut DbConn, s: &MentoringSession) -> ApiResult<()> {
    let mentor_id = s.mentor_id.to_string();
    referenced(mentor::get(c, &mentor_id), "mentor_id", "mentor")?;
    mentor::lock(c, &mentor_id)?;
    if s.status != SessionStatus::Cancelled {
        domain::session::check_no_clash(session::clash(c, s)?)?;
    }
    Ok(())
}

/// The session's mentor, a member of the project team, or staff may change a session; only
/// the mentor (or staff) writes its notes.
fn authorize_change(
    c: &mut DbConn,
    caller: &Caller,
    s: &MentoringSession,
    patch: &UpdateSession,
) -> ApiResult<()> {
    if caller.is_staff() {
        return Ok(());
    }
    let mentor_id = s.mentor_id.to_string();
    let is_mentor = policy::mentor::self_or_staff(c, caller, &mentor_id).is_ok();
    if patch.notes.is_some() && !is_mentor {
        return Err(crate::auth::forbidden(
            "only the session's mentor writes its notes",
        ));
    }
    if is_mentor {
        return Ok(());
    }
    let project = project::get(c, &s.project_id.to_string())?;
    policy::project::team_or_staff(c, caller, &project)
}

/// Book a mentoring session
///
/// The mentor must be assigned to the project and free at that time (409 otherwise).
/// Members of the project team book for their project; coordinators and admins for any.
#[utoipa::path(tag = "sessions", request_body = CreateSession, responses(
    (status = 201, description = "Booked", body = MentoringSession, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/sessions")]
async fn create_session(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateSession>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let now = Utc::now();
    let s = MentoringSession {
        id: SessionId(uuid::Uuid::now_v7()),
        project_id: body.project_id,
        mentor_id: body.mentor_id,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        mode: body.mode,
        location: body.location,
        agenda: body.agenda,
        notes: None,
        status: SessionStatus::Scheduled,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    s.validate().map_err(ApiError::Invalid)?;
    let s = super::transaction(&pool, move |c| {
        let project_id = s.project_id.to_string();
        let project = referenced(project::get(c, &project_id), "project_id", "project")?;
        policy::project::team_or_staff(c, &caller, &project)?;
        check_booking(c, &s)?;
        domain::session::check_assigned(mentor::is_assigned(
            c,
            &project_id,
            &s.mentor_id.to_string(),
        )?)?;
        session::insert(c, &s)?;
        Ok(session::get(c, &s.id.to_string())?)
    })
    .await?;
    Ok(created(format!("/api/v1/sessions/{}", s.id), &s, s.version))
}

/// Update a mentoring session
///
/// Reschedule, add notes, or set the status (`cancelled` frees the mentor's time). The
/// session's mentor, the project team, coordinators and admins; notes only the mentor,
/// coordinators and admins.
#[utoipa::path(tag = "sessions", request_body = UpdateSession,
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "Updated", body = MentoringSession, headers(("ETag" = String)))),
)]
#[patch("/sessions/{id}")]
async fn update_session(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    Json(body): Json<UpdateSession>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let expected = if_match(&req)?;
    let id = id.into_inner();
    let s = super::transaction(&pool, move |c| {
        let mut s = session::get(c, &id)?;
        authorize_change(c, &caller, &s, &body)?;
        let stored = s.version;
        s.apply(body);
        s.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_booking(c, &s)?;
        s.version += 1;
        s.updated_at = Utc::now();
        session::update(c, &s, stored)?;
        Ok(session::get(c, &id)?)
    })
    .await?;
    Ok(ok_tagged(&s, s.version))
}

/// Delete a mentoring session
#[utoipa::path(tag = "sessions", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/sessions/{id}")]
async fn delete_session(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let id = id.into_inner();
    super::transaction(&pool, move |c| Ok(session::delete(c, &id)?)).await?;
    Ok(no_content())
}
