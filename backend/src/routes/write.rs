//! The one write path. Every PATCH and DELETE runs the same steps; a resource says only
//! what is special about it by implementing [`Update`] (and [`Remove`]).
//!
//! PATCH: role rule → load and lock the row → record rule → apply → validate → `If-Match`
//! → rules that need other records → write guarded by the read version (bumping `version`
//! and `updated_at`) → read back, all in one transaction: any failed step changes nothing.
//! The row lock makes concurrent writers of one record take turns, so only `If-Match`
//! (a precondition the client asked for) ever answers 412.

use actix_web::{HttpRequest, HttpResponse};
use eil_shared::FieldError;
use serde::Serialize;

use super::{ApiResult, no_content, ok_tagged};
use crate::audit::Entry;
use crate::auth::Caller;
use crate::auth::policy::Policy;
use crate::db::record::{load_for_write, stamp_next};
use crate::db::{DbConn, DbResult, Pool, Record};
use crate::error::ApiError;
use crate::extract::{Json, if_match};
use crate::outbox::Event;

/// The parts of a PATCH that differ between resources.
pub trait Update: Record {
    /// The PATCH body.
    type Body: serde::de::DeserializeOwned + Send + 'static;
    /// What the PATCH answers with (the record, or its detail view).
    type Answer: Serialize + Send + 'static;

    const POLICY: Policy;

    /// Who may make this change to this record, decided before anything is applied.
    fn authorize(
        _c: &mut DbConn,
        _caller: &Caller,
        _stored: &Self,
        _body: &Self::Body,
    ) -> ApiResult<()> {
        Ok(())
    }

    /// Applies the body to the stored record (the shared `apply`).
    fn apply(&mut self, body: &Self::Body);

    /// Checks the changed record as a whole (the shared `validate`); 422.
    fn validate(&self, body: &Self::Body) -> Result<(), Vec<FieldError>>;

    /// Rules that need the stored state or other records; 409.
    fn check(_c: &mut DbConn, _before: &Self, _after: &Self, _body: &Self::Body) -> ApiResult<()> {
        Ok(())
    }

    /// Writes the change; resources with child lists (hosts, tags) write those too.
    fn write(&self, c: &mut DbConn, expected: i32, _body: &Self::Body) -> DbResult<()> {
        self.store(c, expected)
    }

    /// The answer, read back after the write.
    fn answer(c: &mut DbConn, written: &Self) -> DbResult<Self::Answer>;

    /// The version the answer's `ETag` carries.
    fn answer_version(answer: &Self::Answer) -> i32;

    /// What webhook subscribers hear of the change (`<resource>.updated`); nothing by default.
    fn notify(_c: &mut DbConn, _answer: &Self::Answer) -> DbResult<Option<Event>> {
        Ok(None)
    }
}

/// Runs a PATCH of the record `key` names. The key comes as parsed from the path: a
/// malformed one is a 404, but only after the role rule (so anonymous callers get 401).
pub async fn update<R: Update>(
    pool: &Pool,
    caller: Caller,
    req: &HttpRequest,
    key: ApiResult<R::Key>,
    body: Json<R::Body>,
) -> Result<HttpResponse, ApiError> {
    R::POLICY.update.check(&caller)?;
    // After the role rule: a caller who may not write learns nothing about the body.
    let body = body.parse()?;
    let expected = if_match(req)?;
    let key = key?;
    let answer = super::audited(pool, req, move |c, audit| {
        update_in::<R>(c, audit, &caller, &key, &body, expected)
    })
    .await?;
    Ok(ok_tagged(&answer, R::answer_version(&answer)))
}

/// The steps of a PATCH inside its transaction, after the role rule: load and lock, record
/// rule, apply, validate, `expected` (the `If-Match` version), rules, guarded write, read
/// back. The single PATCH and the items of a bulk call run this.
pub fn update_in<R: Update>(
    c: &mut DbConn,
    audit: &mut Entry,
    caller: &Caller,
    key: &R::Key,
    body: &R::Body,
    expected: Option<i32>,
) -> ApiResult<R::Answer> {
    let stored = load_for_write::<R>(c, key)?;
    R::authorize(c, caller, &stored, body)?;
    let mut changed = stored.clone();
    changed.apply(body);
    changed.validate(body).map_err(ApiError::Invalid)?;
    check_version(expected, stored.version())?;
    R::check(c, &stored, &changed, body)?;
    stamp_next(&mut changed, stored.version());
    changed.write(c, stored.version(), body)?;
    let answer = R::answer(c, &changed)?;
    if let Some(event) = R::notify(c, &answer)? {
        audit.emit(event);
    }
    Ok(answer)
}

/// Fails with 412 when `If-Match` names another version than the stored one.
pub fn check_version(if_match: Option<i32>, current: i32) -> ApiResult<()> {
    match if_match {
        Some(v) if v != current => Err(ApiError::PreconditionFailed { current }),
        _ => Ok(()),
    }
}

/// The parts of a DELETE that differ between resources.
pub trait Remove: Record {
    const POLICY: Policy;

    /// Who may delete this record.
    fn authorize(_c: &mut DbConn, _caller: &Caller, _stored: &Self) -> ApiResult<()> {
        Ok(())
    }

    /// Deletes the row (refusing with [`crate::db::DbError::InUse`] while others need it).
    fn remove(&self, c: &mut DbConn) -> DbResult<()>;

    /// What webhook subscribers hear of the deletion (`<resource>.deleted`), decided while
    /// the record is still there; nothing by default.
    fn notify(_c: &mut DbConn, _stored: &Self) -> DbResult<Option<Event>> {
        Ok(None)
    }
}

/// Runs a DELETE of the record `key` names: 204, or the first rule that refuses.
pub async fn delete<R: Remove>(
    pool: &Pool,
    caller: Caller,
    req: &HttpRequest,
    key: ApiResult<R::Key>,
) -> Result<HttpResponse, ApiError> {
    R::POLICY.delete.check(&caller)?;
    let key = key?;
    super::audited(pool, req, move |c, audit| {
        let stored = load_for_write::<R>(c, &key)?;
        R::authorize(c, &caller, &stored)?;
        if let Some(event) = R::notify(c, &stored)? {
            audit.emit(event);
        }
        stored.remove(c).map_err(ApiError::from)
    })
    .await?;
    Ok(no_content())
}
