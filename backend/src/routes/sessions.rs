use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::SessionId;
use eil_shared::session::{
    CreateSession, MentoringSession, SessionQuery, SessionStatus, UpdateSession,
};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{mentor, project, session};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool, Record};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::mailings;
use crate::outbox::templates::SessionChange;
use crate::outbox::{Audience, Event};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_sessions)
        .service(get_session)
        .service(create_session)
        .service(update_session)
        .service(delete_session);
}

/// A session id from the path; one that cannot be an id names no session (404).
fn session_id(raw: &str) -> ApiResult<SessionId> {
    super::path_id(raw, "session")
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
    let id = session_id(&id)?;
    let s = super::query(&pool, move |c| Ok(session::get(c, id)?)).await?;
    Ok(ok_tagged(&s, s.version))
}

/// The booking rules, checked with the mentor's row locked so that two bookings of the same
/// mentor cannot both pass.
fn check_booking(c: &mut DbConn, s: &MentoringSession) -> ApiResult<()> {
    referenced(mentor::get(c, s.mentor_id), "mentor_id", "mentor")?;
    mentor::lock(c, s.mentor_id)?;
    if s.status != SessionStatus::Cancelled {
        domain::session::check_no_clash(session::clash(c, s)?)?;
    }
    Ok(())
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateSession>,
) -> Result<HttpResponse, ApiError> {
    policy::SESSIONS.create.check(&caller)?;
    let body = body.parse()?;
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
    let s = super::audited(&pool, &req, move |c, audit| {
        let project = referenced(
            project::get(c, &IdOrSlug::id(s.project_id)),
            "project_id",
            "project",
        )?;
        policy::session::may_book(c, &caller, &project)?;
        check_booking(c, &s)?;
        domain::session::check_assigned(mentor::is_assigned(c, s.project_id, s.mentor_id)?)?;
        session::insert(c, &s)?;
        mailings::session(c, &s, SessionChange::Booked)?;
        audit.created(s.id);
        let s = session::get(c, s.id)?;
        audit.emit(Event::new("session", "created", &s, Audience::Staff));
        Ok(s)
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
    body: Json<UpdateSession>,
) -> Result<HttpResponse, ApiError> {
    write::update::<MentoringSession>(&pool, caller, &req, session_id(&id), body).await
}

impl Update for MentoringSession {
    type Body = UpdateSession;
    type Answer = MentoringSession;
    const POLICY: Policy = policy::SESSIONS;

    fn authorize(c: &mut DbConn, caller: &Caller, s: &Self, body: &UpdateSession) -> ApiResult<()> {
        policy::session::may_change(c, caller, s, body)
    }

    fn apply(&mut self, body: &UpdateSession) {
        MentoringSession::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateSession) -> Result<(), Vec<FieldError>> {
        MentoringSession::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, s: &Self, _: &UpdateSession) -> ApiResult<()> {
        check_booking(c, s)
    }

    /// Stores the change and, in the same transaction, e-mails the mentor and the team
    /// when it cancels, reschedules or moves the session.
    fn write(&self, c: &mut DbConn, expected: i32, _: &UpdateSession) -> DbResult<()> {
        let before = session::get(c, self.id)?;
        self.store(c, expected)?;
        if let Some(change) = mailings::session_change(&before, self) {
            mailings::session(c, self, change)?;
        }
        Ok(())
    }

    fn answer(c: &mut DbConn, s: &Self) -> DbResult<MentoringSession> {
        session::get(c, s.id)
    }

    fn answer_version(s: &MentoringSession) -> i32 {
        s.version
    }

    fn notify(_: &mut DbConn, s: &MentoringSession) -> DbResult<Option<Event>> {
        Ok(Some(Event::new("session", "updated", s, Audience::Staff)))
    }
}

/// Delete a mentoring session
#[utoipa::path(tag = "sessions", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/sessions/{id}")]
async fn delete_session(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<MentoringSession>(&pool, caller, &req, session_id(&id)).await
}

impl Remove for MentoringSession {
    const POLICY: Policy = policy::SESSIONS;

    fn notify(_: &mut DbConn, s: &Self) -> DbResult<Option<Event>> {
        Ok(Some(Event::deleted("session", s.id, Audience::Staff)))
    }

    /// A session deleted before it was cancelled is cancelled for its readers.
    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        if self.status == SessionStatus::Scheduled {
            mailings::session(c, self, SessionChange::Cancelled)?;
        }
        session::delete(c, self.id)
    }
}
