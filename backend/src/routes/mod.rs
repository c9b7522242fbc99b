//! HTTP handlers, one module a resource. A handler extracts, calls the queries and rules,
//! and shapes the answer; SQL lives in `db::models`, rules in `domain` and `shared`.

pub mod accounts;
pub mod api_clients;
pub mod audit;
pub mod auth;
pub mod availability;
pub mod bulk;
pub mod cohorts;
pub mod enrolments;
pub mod events;
pub mod health;
pub mod invitations;
pub mod kpis;
pub mod mentor_assignments;
pub mod mentors;
pub mod milestones;
pub mod organisations;
pub mod outbox;
pub mod people;
pub mod programmes;
pub mod progress_updates;
pub mod projects;
pub mod sessions;
pub mod tracks;
pub mod webhooks;
pub mod write;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::Entry;
use crate::db::{self, DbConn, DbError, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;

/// What handlers and the rules they call return.
pub type ApiResult<T> = Result<T, ApiError>;
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
    mentor_assignments::configure(cfg);
    milestones::configure(cfg);
    progress_updates::configure(cfg);
    mentors::configure(cfg);
    availability::configure(cfg);
    sessions::configure(cfg);
    events::configure(cfg);
    invitations::configure(cfg);
    accounts::configure(cfg);
    api_clients::configure(cfg);
    audit::configure(cfg);
    kpis::configure(cfg);
    webhooks::configure(cfg);
    outbox::configure(cfg);
}

/// Runs a handler's reads with one connection, off the async threads.
///
/// The closure's errors are `ApiError`s: a query's `DbError` converts with `?`, so a
/// closure that ends in a query writes `Ok(query(..)?)`.
pub async fn query<T, F>(pool: &Pool, f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
{
    db::run(pool, f).await
}

/// Runs a handler's writes in one transaction together with their audit entry: the
/// closure makes the change (and names a created record with [`Entry::created`]),
/// then the same transaction stores the entry, so both commit or neither does. Any error
/// rolls everything back. Every write handler runs here.
pub async fn audited<T, F>(pool: &Pool, req: &HttpRequest, f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn, &mut Entry) -> ApiResult<T> + Send + 'static,
{
    let mut entry = Entry::of(req);
    let (answer, audited) = db::transaction(pool, move |c| {
        let answer = f(c, &mut entry)?;
        let audited = entry.store(c)?;
        for event in entry.take_events() {
            crate::outbox::publish(c, &event)?;
        }
        Ok::<_, ApiError>((answer, audited))
    })
    .await?;
    req.extensions_mut().insert(audited);
    // The write may have queued notices (webhook deliveries, e-mails): wake this process's
    // worker, which looks (one read) and sends them now rather than at its next poll.
    if let Some(doorbell) = req.app_data::<actix_web::web::Data<crate::outbox::Doorbell>>() {
        doorbell.ring();
    }
    Ok(answer)
}

/// Runs writes in one transaction without an audit entry: only for sign-in traffic, which
/// changes no record of the Lab (`audit::record` checks that every other write is audited).
pub async fn transaction<T, F>(pool: &Pool, f: F) -> ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> ApiResult<T> + Send + 'static,
{
    db::transaction(pool, f).await
}

/// A record's id from its path segment; one that cannot be an id names no record (404).
pub fn path_id<T: std::str::FromStr>(raw: &str, what: &str) -> ApiResult<T> {
    raw.parse().map_err(|_| ApiError::not_found(what))
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
pub fn referenced<T>(r: DbResult<T>, field: &str, what: &str) -> ApiResult<T> {
    match r {
        Err(DbError::NotFound(_)) => {
            Err(ApiError::conflict(field, format!("no {what} has this id")))
        }
        other => Ok(other?),
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
        cohort::get(c, &IdOrSlug::id(cohort_id)),
        "cohort_id",
        "cohort",
    )?;
    let track = match track_id {
        Some(t) => Some(referenced(
            track::get(c, &IdOrSlug::id(t)),
            "track_id",
            "track",
        )?),
        None => None,
    };
    crate::domain::project::check_track(&cohort, track.as_ref(), "track_id")?;
    Ok(cohort)
}
