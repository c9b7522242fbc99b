//! HTTP handlers, one module a resource. A handler extracts, calls the queries and rules,
//! and shapes the answer; SQL lives in `db::models`, rules in `domain` and `shared`.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod availability;
pub mod clients;
pub mod cohorts;
pub mod enrolments;
pub mod events;
pub mod health;
pub mod invitations;
pub mod kpis;
pub mod mentors;
pub mod milestones;
pub mod organisations;
pub mod people;
pub mod programmes;
pub mod progress_updates;
pub mod projects;
pub mod sessions;
pub mod tracks;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::etag;

pub fn configure(cfg: &mut ServiceConfig) {
    auth::configure(cfg);
    organisations::configure(cfg);
    people::configure(cfg);
    programmes::configure(cfg);
    tracks::configure(cfg);
    cohorts::configure(cfg);
    enrolments::configure(cfg);
    projects::configure(cfg);
    milestones::configure(cfg);
    progress_updates::configure(cfg);
    mentors::configure(cfg);
    availability::configure(cfg);
    sessions::configure(cfg);
    events::configure(cfg);
    invitations::configure(cfg);
    accounts::configure(cfg);
    clients::configure(cfg);
    audit::configure(cfg);
    kpis::configure(cfg);
}

/// Runs blocking database work off the async threads.
pub async fn db<T, F>(pool: &Pool, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await?
}

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Like [`db`], inside one transaction: a failed write changes nothing.
pub async fn tx<T, F>(pool: &Pool, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
{
    use diesel::Connection;
    db(pool, move |c| {
        // SQLite has one writer at a time and fails a transaction that reads and then
        // finds another writer ahead of it; queueing this process's writers avoids that.
        let _turn = matches!(c, DbConn::Sqlite(_)).then(|| {
            SQLITE_WRITER
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        c.transaction(f)
    })
    .await
}

/// 200 with the resource and its `ETag`.
pub fn ok_tagged<T: Serialize>(body: &T, version: i32) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// 201 with `Location` and `ETag`.
pub fn created<T: Serialize>(location: String, body: &T, version: i32) -> HttpResponse {
    HttpResponse::build(StatusCode::CREATED)
        .insert_header((header::LOCATION, location))
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

pub fn no_content() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Maps a missing referenced record to a 409 on the field that names it: the body is
/// valid, but the data it refers to is not there (yet).
pub fn referenced<T>(r: Result<T, ApiError>, field: &str, what: &str) -> Result<T, ApiError> {
    match r {
        Err(ApiError::NotFound(_)) => {
            Err(ApiError::conflict(field, format!("no {what} has this id")))
        }
        other => other,
    }
}

/// The cohort a record names, with the track it names checked to be of the cohort's programme.
pub fn cohort_and_track(
    c: &mut DbConn,
    cohort_id: eil_shared::CohortId,
    track_id: Option<eil_shared::TrackId>,
) -> Result<eil_shared::cohort::Cohort, ApiError> {
    use crate::db::models::{cohort, track};
    let cohort = referenced(
        cohort::get(c, &cohort_id.to_string()),
        "cohort_id",
        "cohort",
    )?;
    let track = match track_id {
        Some(t) => Some(referenced(
            track::get(c, &t.to_string()),
            "track_id",
            "track",
        )?),
        None => None,
    };
    crate::domain::project::check_track(&cohort, track.as_ref(), "track_id")?;
    Ok(cohort)
}

/// A partner client reads and writes only projects its organisation hosts; everyone else
/// passes this check.
pub fn check_client_hosts(
    caller: &crate::auth::Caller,
    p: &eil_shared::project::Project,
) -> Result<(), ApiError> {
    match caller.client_organisation() {
        Some(org) if !p.hosts.iter().any(|h| h.id == org) => Err(crate::auth::forbidden(
            "this project is not hosted by the client's organisation",
        )),
        _ => Ok(()),
    }
}

/// Staff, a member of the project's team, or a partner client (with `projects:write`, which
/// the middleware checked) of an organisation hosting it.
pub fn require_team_or_staff(
    c: &mut DbConn,
    caller: &crate::auth::Caller,
    project: &eil_shared::project::Project,
) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    if caller.client_organisation().is_some() {
        return check_client_hosts(caller, project);
    }
    let project_id = project.id.to_string();
    let me = caller.person()?.to_string();
    if crate::db::models::project::is_member(c, &project_id, &me)? {
        Ok(())
    } else {
        Err(crate::auth::forbidden(
            "only the project team, coordinators and admins may do this",
        ))
    }
}

/// Staff, or the person behind the mentor profile.
pub fn require_mentor_or_staff(
    c: &mut DbConn,
    caller: &crate::auth::Caller,
    mentor_id: &str,
) -> Result<(), ApiError> {
    if caller.is_staff() {
        return Ok(());
    }
    let me = caller.person()?.to_string();
    match crate::db::models::mentor::id_for_person(c, &me)? {
        Some(mine) if mine == mentor_id => Ok(()),
        _ => Err(crate::auth::forbidden(
            "only the mentor, coordinators and admins may do this",
        )),
    }
}
