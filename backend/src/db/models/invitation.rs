use diesel::prelude::*;
use eil_shared::Page;
use eil_shared::auth::Role;
use eil_shared::invitation::{Invitation, InvitationQuery, InvitationStatus};

use super::{DbResult, OrNotFound};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::{invitations, people};
use crate::db::{DbConn, MultiBackend, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = invitations)]
pub struct InvitationRow {
    pub id: String,
    pub person_id: String,
    pub roles: String,
    pub token_hash: String,
    pub expires_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
    pub invited_by: Option<String>,
    pub created_at: String,
}

impl InvitationRow {
    pub fn roles(&self) -> anyhow::Result<Vec<Role>> {
        self.roles.split_whitespace().map(parse_enum).collect()
    }

    pub fn status(&self, now: &str) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at.as_str() <= now {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    fn into_dto(self, email: Option<String>, now: &str) -> anyhow::Result<Invitation> {
        Ok(Invitation {
            id: parse_id(&self.id)?,
            person_id: parse_id(&self.person_id)?,
            email: email.unwrap_or_default(),
            roles: self.roles()?,
            status: self.status(now),
            expires_at: parse_ts(&self.expires_at)?,
            invited_by: self.invited_by.as_deref().map(parse_id).transpose()?,
            created_at: parse_ts(&self.created_at)?,
        })
    }
}

/// Newest first.
pub fn list(c: &mut DbConn, q: &InvitationQuery) -> DbResult<Page<Invitation>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "created")?;
    let mut query = invitations::table.into_boxed::<MultiBackend>();
    if let Some(p) = q.person_id {
        query = query.filter(invitations::person_id.eq(p.to_string()));
    }
    let rows: Vec<InvitationRow> = keyset!(query, invitations::id, page, true).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    let now = ts(chrono::Utc::now());
    let ids: Vec<&String> = rows.iter().map(|r| &r.person_id).collect();
    let emails: Vec<(String, String)> = people::table
        .filter(people::id.eq_any(&ids))
        .select((people::id, people::email))
        .load(c)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let email = emails
                .iter()
                .find(|(id, _)| *id == r.person_id)
                .map(|(_, e)| e.clone());
            r.into_dto(email, &now)
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Page { items, next_cursor })
}

fn email_of(c: &mut DbConn, person_id: &str) -> DbResult<Option<String>> {
    Ok(people::table
        .find(person_id)
        .select(people::email)
        .first::<String>(c)
        .optional()?)
}

pub fn get(c: &mut DbConn, id: &str) -> DbResult<Invitation> {
    let r: InvitationRow = invitations::table
        .find(id)
        .first(c)
        .or_not_found("invitation")?;
    let email = email_of(c, &r.person_id)?;
    Ok(r.into_dto(email, &ts(chrono::Utc::now()))?)
}

pub fn row(c: &mut DbConn, id: &str) -> DbResult<InvitationRow> {
    invitations::table
        .find(id)
        .first(c)
        .or_not_found("invitation")
}

pub fn find_by_token(c: &mut DbConn, token_hash: &str) -> DbResult<Option<InvitationRow>> {
    Ok(invitations::table
        .filter(invitations::token_hash.eq(token_hash))
        .first(c)
        .optional()?)
}

pub fn insert(c: &mut DbConn, r: &InvitationRow) -> DbResult<()> {
    diesel::insert_into(invitations::table)
        .values(r.clone())
        .execute(c)?;
    Ok(())
}

/// Marks a pending invitation accepted; false when it no longer was pending (a replay).
pub fn accept(c: &mut DbConn, id: &str, now: &str) -> DbResult<bool> {
    let n = diesel::update(
        invitations::table
            .find(id)
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null())
            .filter(invitations::expires_at.gt(now)),
    )
    .set(invitations::accepted_at.eq(now))
    .execute(c)?;
    Ok(n == 1)
}

pub fn revoke(c: &mut DbConn, id: &str, now: &str) -> DbResult<()> {
    diesel::update(
        invitations::table
            .find(id)
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(now))
    .execute(c)?;
    Ok(())
}
