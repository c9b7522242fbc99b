use diesel::prelude::*;
use eil_shared::Page;
use eil_shared::audit::{AuditEntry, AuditQuery};

use super::DbResult;
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::audit_log;
use crate::db::{DbConn, MultiBackend, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub at: String,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub resource: String,
    pub resource_id: Option<String>,
    pub path: String,
    pub fields: String,
    pub request_id: String,
    pub status: i32,
}

impl AuditRow {
    fn into_dto(self) -> anyhow::Result<AuditEntry> {
        Ok(AuditEntry {
            id: parse_id(&self.id)?,
            at: parse_ts(&self.at)?,
            actor_kind: parse_enum(&self.actor_kind)?,
            actor_id: self.actor_id,
            action: self.action,
            resource: self.resource,
            resource_id: self.resource_id,
            path: self.path,
            fields: self
                .fields
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect(),
            request_id: self.request_id,
            status: u16::try_from(self.status).unwrap_or_default(),
        })
    }
}

pub fn insert(c: &mut DbConn, r: &AuditRow) -> DbResult<()> {
    diesel::insert_into(audit_log::table)
        .values(r.clone())
        .execute(c)?;
    Ok(())
}

/// Newest first (ids are time-ordered UUIDv7).
pub fn list(c: &mut DbConn, q: &AuditQuery) -> DbResult<Page<AuditEntry>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "newest")?;
    let mut query = audit_log::table.into_boxed::<MultiBackend>();
    if let Some(x) = &q.actor_id {
        query = query.filter(audit_log::actor_id.eq(x.clone()));
    }
    if let Some(x) = q.actor_kind {
        query = query.filter(audit_log::actor_kind.eq(x.as_str()));
    }
    if let Some(x) = &q.action {
        query = query.filter(audit_log::action.eq(x.clone()));
    }
    if let Some(x) = &q.resource {
        query = query.filter(audit_log::resource.eq(x.clone()));
    }
    if let Some(x) = &q.resource_id {
        query = query.filter(audit_log::resource_id.eq(x.clone()));
    }
    if let Some(x) = &q.request_id {
        query = query.filter(audit_log::request_id.eq(x.clone()));
    }
    if let Some(x) = q.since {
        query = query.filter(audit_log::at.ge(ts(x)));
    }
    if let Some(x) = q.until {
        query = query.filter(audit_log::at.lt(ts(x)));
    }
    let rows: Vec<AuditRow> = keyset!(query, audit_log::id, page, true).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(AuditRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}
