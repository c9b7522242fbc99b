//! Stored answers to creates sent with an `Idempotency-Key` (`http::idempotency` decides
//! what is stored and for how long; these are its queries).
//!
//! Each query is one statement outside a transaction on purpose: the unique key on (actor,
//! key) is what serialises two requests with the same key, on one replica or several, and
//! a claim must be visible to the others before the handler's own transaction starts.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::DbResult;
use crate::db::schema::idempotency_keys;
use crate::db::{DbConn, DbError, new_id};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = idempotency_keys)]
pub struct IdempotencyRow {
    pub id: String,
    pub actor_kind: String,
    pub actor_id: String,
    pub idempotency_key: String,
    pub fingerprint: String,
    pub created_at: String,
    /// `None` while the first request is still running.
    pub status: Option<i32>,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<String>,
    pub completed_at: Option<String>,
}

/// Who sent a key, and the key: the unique triple.
#[derive(Debug, Clone)]
pub struct KeyOf {
    pub actor_kind: String,
    pub actor_id: String,
    pub key: String,
}

/// The stored times (`db::ts`) before which a row no longer counts.
#[derive(Debug, Clone)]
pub struct Cutoffs {
    /// Rows made before this have expired, whatever their state.
    pub expired: String,
    /// Rows still in progress since before this were left by a request that died with
    /// its server; they are taken over.
    pub abandoned: String,
}

/// What [`claim`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The key was free (or its row had expired): this request runs, under row `id`.
    Claimed { id: String },
    /// The key is held by a live row: a finished answer, or a request still running.
    Held(Box<IdempotencyRow>),
}

/// The answer stored by [`complete`].
#[derive(Debug, Clone)]
pub struct StoredAnswer {
    pub status: i32,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

fn of_key(k: &KeyOf) -> idempotency_keys::BoxedQuery<'static, crate::db::MultiBackend> {
    idempotency_keys::table
        .filter(idempotency_keys::actor_kind.eq(k.actor_kind.clone()))
        .filter(idempotency_keys::actor_id.eq(k.actor_id.clone()))
        .filter(idempotency_keys::idempotency_key.eq(k.key.clone()))
        .into_boxed()
}

/// Takes the key for a request with `fingerprint`, marked in progress, unless a live row
/// holds it. An expired or abandoned row of the same key is deleted first, so purging
/// costs nothing beyond the key's own index probe.
pub fn claim(
    c: &mut DbConn,
    k: &KeyOf,
    fingerprint: &str,
    now: &str,
    cutoffs: &Cutoffs,
) -> DbResult<Claim> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::actor_kind.eq(&k.actor_kind))
            .filter(idempotency_keys::actor_id.eq(&k.actor_id))
            .filter(idempotency_keys::idempotency_key.eq(&k.key))
            .filter(
                idempotency_keys::created_at
                    .lt(&cutoffs.expired)
                    .or(idempotency_keys::status
                        .is_null()
                        .and(idempotency_keys::created_at.lt(&cutoffs.abandoned))),
            ),
    )
    .execute(c)?;
    // A row seen as taken may be gone a moment later (its request failed and released
    // it); then the key is free again, and a few turns settle it.
    for _ in 0..3 {
        let row = IdempotencyRow {
            id: new_id(),
            actor_kind: k.actor_kind.clone(),
            actor_id: k.actor_id.clone(),
            idempotency_key: k.key.clone(),
            fingerprint: fingerprint.to_string(),
            created_at: now.to_string(),
            status: None,
            location: None,
            etag: None,
            content_type: None,
            body: None,
            completed_at: None,
        };
        match diesel::insert_into(idempotency_keys::table)
            .values(&row)
            .execute(c)
        {
            Ok(_) => return Ok(Claim::Claimed { id: row.id }),
            Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {}
            Err(e) => return Err(e.into()),
        }
        if let Some(held) = of_key(k)
            .select(IdempotencyRow::as_select())
            .first(c)
            .optional()?
        {
            return Ok(Claim::Held(Box::new(held)));
        }
    }
    Err(DbError::Busy(
        "requests with this Idempotency-Key keep colliding; try again",
    ))
}

/// Stores the answer of the request that claimed row `id`.
pub fn complete(c: &mut DbConn, id: &str, answer: &StoredAnswer, now: &str) -> DbResult<()> {
    diesel::update(idempotency_keys::table.find(id))
        .set((
            idempotency_keys::status.eq(Some(answer.status)),
            idempotency_keys::location.eq(answer.location.clone()),
            idempotency_keys::etag.eq(answer.etag.clone()),
            idempotency_keys::content_type.eq(answer.content_type.clone()),
            idempotency_keys::body.eq(Some(answer.body.clone())),
            idempotency_keys::completed_at.eq(Some(now)),
        ))
        .execute(c)?;
    Ok(())
}

/// Gives the key back: the request it was claimed for stored nothing worth repeating.
pub fn release(c: &mut DbConn, id: &str) -> DbResult<()> {
    diesel::delete(
        idempotency_keys::table
            .find(id)
            .filter(idempotency_keys::status.is_null()),
    )
    .execute(c)?;
    Ok(())
}

/// Deletes every expired row; returns how many.
pub fn sweep(c: &mut DbConn, expired: &str) -> DbResult<usize> {
    Ok(
        diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(expired)))
            .execute(c)?,
    )
}
