//! One-time links to choose a new password. Only the token's hash is stored.

use diesel::prelude::*;
use eil_shared::PersonId;

use super::DbResult;
use crate::db::DbConn;
use crate::db::schema::{password_resets, refresh_tokens};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = password_resets)]
pub struct ResetRow {
    pub id: String,
    pub person_id: String,
    pub token_hash: String,
    pub expires_at: String,
    pub used_at: Option<String>,
    pub created_at: String,
}

pub fn insert(c: &mut DbConn, r: &ResetRow) -> DbResult<()> {
    diesel::insert_into(password_resets::table)
        .values(r.clone())
        .execute(c)?;
    Ok(())
}

/// Links made for `person_id` since `since` (the cap on e-mails to one inbox). Asked with an
/// id that matches nothing for an unknown address, so both cases do the same work.
pub fn made_since(c: &mut DbConn, person_id: &str, since: &str) -> DbResult<i64> {
    Ok(password_resets::table
        .filter(password_resets::person_id.eq(person_id))
        .filter(password_resets::created_at.ge(since))
        .count()
        .get_result(c)?)
}

pub fn find_by_token(c: &mut DbConn, token_hash: &str) -> DbResult<Option<ResetRow>> {
    Ok(password_resets::table
        .filter(password_resets::token_hash.eq(token_hash))
        .first(c)
        .optional()?)
}

/// Marks an unused, unexpired link used; false when it no longer was usable (a replay, or
/// a parallel confirm that came first).
pub fn use_link(c: &mut DbConn, id: &str, now: &str) -> DbResult<bool> {
    let n = diesel::update(
        password_resets::table
            .find(id)
            .filter(password_resets::used_at.is_null())
            .filter(password_resets::expires_at.gt(now)),
    )
    .set(password_resets::used_at.eq(now))
    .execute(c)?;
    Ok(n == 1)
}

/// Ends the person's other outstanding links once the password is changed.
pub fn use_all(c: &mut DbConn, person_id: PersonId, now: &str) -> DbResult<()> {
    diesel::update(
        password_resets::table
            .filter(password_resets::person_id.eq(person_id.to_string()))
            .filter(password_resets::used_at.is_null()),
    )
    .set(password_resets::used_at.eq(now))
    .execute(c)?;
    Ok(())
}

/// The sign-ins (refresh-token families) of the person that have not been revoked, so
/// that this process can end their access tokens at once after revoking them.
pub fn live_sign_ins(c: &mut DbConn, person_id: PersonId) -> DbResult<Vec<String>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::person_id.eq(person_id.to_string()))
        .filter(refresh_tokens::revoked_at.is_null())
        .select(refresh_tokens::family_id)
        .distinct()
        .load(c)?)
}
