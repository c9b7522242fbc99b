use diesel::prelude::*;
use eil_shared::session::{MentoringSession, SessionQuery};
use eil_shared::{Page, ProjectId, SessionId};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::mentoring_sessions as sessions;
use crate::db::{DbConn, MultiBackend, Record, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub project_id: String,
    pub mentor_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub mode: String,
    pub location: Option<String>,
    pub agenda: Option<String>,
    pub notes: Option<String>,
    pub status: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl SessionRow {
    fn into_dto(self) -> anyhow::Result<MentoringSession> {
        Ok(MentoringSession {
            id: parse_id(&self.id)?,
            project_id: parse_id(&self.project_id)?,
            mentor_id: parse_id(&self.mentor_id)?,
            starts_at: parse_ts(&self.starts_at)?,
            ends_at: parse_ts(&self.ends_at)?,
            mode: parse_enum(&self.mode)?,
            location: self.location,
            agenda: self.agenda,
            notes: self.notes,
            status: parse_enum(&self.status)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(s: &MentoringSession) -> Self {
        SessionRow {
            id: s.id.to_string(),
            project_id: s.project_id.to_string(),
            mentor_id: s.mentor_id.to_string(),
            starts_at: ts(s.starts_at),
            ends_at: ts(s.ends_at),
            mode: s.mode.as_str().into(),
            location: s.location.clone(),
            agenda: s.agenda.clone(),
            notes: s.notes.clone(),
            status: s.status.as_str().into(),
            version: s.version,
            created_at: ts(s.created_at),
            updated_at: ts(s.updated_at),
        }
    }
}

pub fn list(c: &mut DbConn, q: &SessionQuery) -> DbResult<Page<MentoringSession>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "starts_at")?;
    let mut query = sessions::table.into_boxed::<MultiBackend>();
    if let Some(m) = q.mentor_id {
        query = query.filter(sessions::mentor_id.eq(m.to_string()));
    }
    if let Some(p) = q.project_id {
        query = query.filter(sessions::project_id.eq(p.to_string()));
    }
    if let Some(s) = q.status {
        query = query.filter(sessions::status.eq(s.as_str()));
    }
    if let Some(from) = q.from {
        query = query.filter(sessions::ends_at.gt(ts(from)));
    }
    if let Some(to) = q.to {
        query = query.filter(sessions::starts_at.lt(ts(to)));
    }
    let rows: Vec<SessionRow> =
        keyset!(query, sessions::starts_at, sessions::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.starts_at.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(SessionRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

pub fn get(c: &mut DbConn, id: SessionId) -> DbResult<MentoringSession> {
    let row: SessionRow = sessions::table
        .find(id.to_string())
        .first(c)
        .or_not_found("session")?;
    Ok(row.into_dto()?)
}

/// A session of the same mentor, not cancelled, that shares time with `s`.
pub fn clash(c: &mut DbConn, s: &MentoringSession) -> DbResult<Option<MentoringSession>> {
    let row: Option<SessionRow> = sessions::table
        .filter(sessions::mentor_id.eq(s.mentor_id.to_string()))
        .filter(sessions::id.ne(s.id.to_string()))
        .filter(sessions::status.ne("cancelled"))
        .filter(sessions::starts_at.lt(ts(s.ends_at)))
        .filter(sessions::ends_at.gt(ts(s.starts_at)))
        .first(c)
        .optional()?;
    Ok(row.map(SessionRow::into_dto).transpose()?)
}

pub fn insert(c: &mut DbConn, s: &MentoringSession) -> DbResult<()> {
    diesel::insert_into(sessions::table)
        .values(SessionRow::from_dto(s))
        .execute(c)?;
    Ok(())
}

impl Record for MentoringSession {
    type Key = SessionId;

    fn load(c: &mut DbConn, id: &SessionId) -> DbResult<Self> {
        get(c, *id)
    }

    versioned!();
    row_lock!(sessions);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, sessions, SessionRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, id: SessionId) -> DbResult<()> {
    let n = diesel::delete(sessions::table.find(id.to_string())).execute(c)?;
    expect_row(n, "session")
}

pub fn count_for_project(c: &mut DbConn, project_id: ProjectId) -> DbResult<i64> {
    Ok(sessions::table
        .filter(sessions::project_id.eq(project_id.to_string()))
        .count()
        .get_result(c)?)
}
