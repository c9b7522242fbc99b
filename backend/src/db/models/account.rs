use diesel::prelude::*;
use eil_shared::auth::Role;

use super::DbResult;
use crate::db::schema::{accounts, people, person_roles, refresh_tokens};
use crate::db::{DbConn, parse_enum};

/// The person id and password hash of the account with this e-mail.
pub fn credentials(c: &mut DbConn, email: &str) -> DbResult<Option<(String, String)>> {
    Ok(accounts::table
        .inner_join(people::table.on(people::id.eq(accounts::person_id)))
        .filter(people::email.eq(email))
        .select((accounts::person_id, accounts::password_hash))
        .first(c)
        .optional()?)
}

/// Creates or replaces the person's login.
pub fn set_password(c: &mut DbConn, person_id: &str, hash: &str, now: &str) -> DbResult<()> {
    let n = diesel::update(accounts::table.find(person_id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::updated_at.eq(now),
        ))
        .execute(c)?;
    if n == 0 {
        diesel::insert_into(accounts::table)
            .values((
                accounts::person_id.eq(person_id),
                accounts::password_hash.eq(hash),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub fn roles(c: &mut DbConn, person_id: &str) -> DbResult<Vec<Role>> {
    let names: Vec<String> = person_roles::table
        .filter(person_roles::person_id.eq(person_id))
        .select(person_roles::role)
        .order(person_roles::role.asc())
        .load(c)?;
    Ok(names
        .iter()
        .map(|r| parse_enum(r))
        .collect::<anyhow::Result<_>>()?)
}

pub fn add_role(c: &mut DbConn, person_id: &str, role: Role) -> DbResult<()> {
    if !roles(c, person_id)?.contains(&role) {
        diesel::insert_into(person_roles::table)
            .values((
                person_roles::person_id.eq(person_id),
                person_roles::role.eq(role.as_str()),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// A stored refresh token.
#[derive(Debug, Queryable)]
pub struct RefreshRow {
    pub id: String,
    pub family_id: String,
    pub person_id: String,
    pub token_hash: String,
    pub expires_at: String,
    pub used_at: Option<String>,
    pub revoked_at: Option<String>,
    pub created_at: String,
}

pub fn store_refresh(
    c: &mut DbConn,
    id: &str,
    family: &str,
    person_id: &str,
    token_hash: &str,
    expires_at: &str,
    now: &str,
) -> DbResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(id),
            refresh_tokens::family_id.eq(family),
            refresh_tokens::person_id.eq(person_id),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(c)?;
    Ok(())
}

pub fn find_refresh(c: &mut DbConn, token_hash: &str) -> DbResult<Option<RefreshRow>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .first(c)
        .optional()?)
}

/// Marks a token used; false when it already was (a replay).
pub fn use_refresh(c: &mut DbConn, id: &str, now: &str) -> DbResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(c)?;
    Ok(n == 1)
}

pub fn revoke_family(c: &mut DbConn, family: &str, now: &str) -> DbResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(c)?;
    Ok(())
}
