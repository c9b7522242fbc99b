use diesel::prelude::*;
use eil_shared::auth::{Account, AccountQuery, Role};
use eil_shared::{Page, PersonId};

use super::{DbError, DbResult, OrNotFound};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::{accounts, people, person_roles, refresh_tokens};
use crate::db::{DbConn, MultiBackend, parse_enum, parse_id};

/// The person id and password hash of the account with this e-mail.
pub fn credentials(c: &mut DbConn, email: &str) -> DbResult<Option<(PersonId, String)>> {
    let found: Option<(String, String)> = accounts::table
        .inner_join(people::table.on(people::id.eq(accounts::person_id)))
        .filter(people::email.eq(email))
        .select((accounts::person_id, accounts::password_hash))
        .first(c)
        .optional()?;
    Ok(match found {
        Some((id, hash)) => Some((parse_id(&id)?, hash)),
        None => None,
    })
}

/// Creates or replaces the person's login.
pub fn set_password(c: &mut DbConn, person_id: PersonId, hash: &str, now: &str) -> DbResult<()> {
    let n = diesel::update(accounts::table.find(person_id.to_string()))
        .set((
            accounts::password_hash.eq(hash),
            accounts::updated_at.eq(now),
        ))
        .execute(c)?;
    if n == 0 {
        diesel::insert_into(accounts::table)
            .values((
                accounts::person_id.eq(person_id.to_string()),
                accounts::password_hash.eq(hash),
                accounts::created_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub fn has_password(c: &mut DbConn, person_id: PersonId) -> DbResult<bool> {
    let n: i64 = accounts::table
        .filter(accounts::person_id.eq(person_id.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// Replaces the person's roles.
pub fn set_roles(c: &mut DbConn, person_id: PersonId, roles: &[Role]) -> DbResult<()> {
    diesel::delete(person_roles::table.filter(person_roles::person_id.eq(person_id.to_string())))
        .execute(c)?;
    for role in roles {
        add_role(c, person_id, *role)?;
    }
    Ok(())
}

/// People with a login or a role, by name.
pub fn list(c: &mut DbConn, q: &AccountQuery) -> DbResult<Page<Account>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
    let mut query = people::table
        .select((people::id, people::full_name, people::email))
        .into_boxed::<MultiBackend>();
    query = match q.role {
        // The holders of a role: few, found by the role's index.
        Some(role) => query.filter(
            people::id.eq_any(
                person_roles::table
                    .filter(person_roles::role.eq(role.as_str()))
                    .select(person_roles::person_id),
            ),
        ),
        // Each person in name order, kept if a login or a role names them (by key).
        None => query.filter(
            diesel::dsl::exists(accounts::table.filter(accounts::person_id.eq(people::id))).or(
                diesel::dsl::exists(
                    person_roles::table.filter(person_roles::person_id.eq(people::id)),
                ),
            ),
        ),
    };
    let rows: Vec<(String, String, String)> =
        keyset!(query, people::full_name, people::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.1.clone(), r.0.clone()));
    Ok(Page {
        items: with_logins(c, rows)?,
        next_cursor,
    })
}

/// Accounts for (id, name, e-mail) rows, with roles and logins read in one query each.
fn with_logins(c: &mut DbConn, rows: Vec<(String, String, String)>) -> DbResult<Vec<Account>> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let held: Vec<(String, String)> = person_roles::table
        .filter(person_roles::person_id.eq_any(&ids))
        .select((person_roles::person_id, person_roles::role))
        .order((person_roles::person_id.asc(), person_roles::role.asc()))
        .load(c)?;
    let logins: Vec<String> = accounts::table
        .filter(accounts::person_id.eq_any(&ids))
        .select(accounts::person_id)
        .load(c)?;
    rows.into_iter()
        .map(|(id, full_name, email)| {
            Ok(Account {
                roles: held
                    .iter()
                    .filter(|(p, _)| *p == id)
                    .map(|(_, r)| parse_enum(r))
                    .collect::<anyhow::Result<_>>()?,
                has_password: logins.contains(&id),
                person_id: parse_id(&id)?,
                full_name,
                email: Some(email),
            })
        })
        .collect()
}

pub fn get(c: &mut DbConn, person_id: PersonId) -> DbResult<Account> {
    let row: (String, String, String) = people::table
        .find(person_id.to_string())
        .select((people::id, people::full_name, people::email))
        .first(c)
        .or_not_found("person")?;
    with_logins(c, vec![row])?
        .pop()
        .ok_or_else(|| DbError::not_found("person"))
}

pub fn roles(c: &mut DbConn, person_id: PersonId) -> DbResult<Vec<Role>> {
    let names: Vec<String> = person_roles::table
        .filter(person_roles::person_id.eq(person_id.to_string()))
        .select(person_roles::role)
        .order(person_roles::role.asc())
        .load(c)?;
    Ok(names
        .iter()
        .map(|r| parse_enum(r))
        .collect::<anyhow::Result<_>>()?)
}

pub fn add_role(c: &mut DbConn, person_id: PersonId, role: Role) -> DbResult<()> {
    if !roles(c, person_id)?.contains(&role) {
        diesel::insert_into(person_roles::table)
            .values((
                person_roles::person_id.eq(person_id.to_string()),
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
    person_id: PersonId,
    token_hash: &str,
    expires_at: &str,
    now: &str,
) -> DbResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(id),
            refresh_tokens::family_id.eq(family),
            refresh_tokens::person_id.eq(person_id.to_string()),
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

/// When the token was used, read afresh: a parallel refresh may have used it after this
/// transaction first read the row.
pub fn used_at(c: &mut DbConn, id: &str) -> DbResult<Option<String>> {
    Ok(refresh_tokens::table
        .find(id)
        .select(refresh_tokens::used_at)
        .first(c)
        .optional()?
        .flatten())
}

/// Whether the sign-in (refresh-token family) `family` lasts: it has tokens, and none of
/// them was revoked. Revocation marks every token of the family; a token that a refresh
/// added while the family was being revoked is left unmarked, so one revoked token is
/// enough to end the whole sign-in. Two probes of the (family_id, revoked_at) index.
pub fn sign_in_live(c: &mut DbConn, family: &str) -> DbResult<bool> {
    let in_family = refresh_tokens::table.filter(refresh_tokens::family_id.eq(family));
    let exists: bool = diesel::select(diesel::dsl::exists(in_family)).get_result(c)?;
    if !exists {
        return Ok(false);
    }
    let revoked: bool = diesel::select(diesel::dsl::exists(
        in_family.filter(refresh_tokens::revoked_at.is_not_null()),
    ))
    .get_result(c)?;
    Ok(!revoked)
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

/// Ends every signed-in session of the person (their refresh tokens).
pub fn revoke_all(c: &mut DbConn, person_id: PersonId, now: &str) -> DbResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::person_id.eq(person_id.to_string()))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(c)?;
    Ok(())
}
