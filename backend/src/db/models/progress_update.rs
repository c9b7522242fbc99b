use diesel::prelude::*;
use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::ProgressUpdate;
use eil_shared::{Page, ProgressUpdateId, ProjectId};

use super::{DbResult, OrNotFound, expect_row, project};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::progress_updates as updates;
use crate::db::{DbConn, IdOrSlug, MultiBackend, Record, parse_id, parse_ts, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = updates, treat_none_as_null = true)]
pub struct UpdateRow {
    pub id: String,
    pub project_id: String,
    pub author_id: String,
    pub body: String,
    pub feedback: Option<String>,
    pub feedback_by: Option<String>,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl UpdateRow {
    fn into_dto(self) -> anyhow::Result<ProgressUpdate> {
        Ok(ProgressUpdate {
            id: parse_id(&self.id)?,
            project_id: parse_id(&self.project_id)?,
            author_id: parse_id(&self.author_id)?,
            body: self.body,
            feedback: self.feedback,
            feedback_by: self.feedback_by.as_deref().map(parse_id).transpose()?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(u: &ProgressUpdate) -> Self {
        UpdateRow {
            id: u.id.to_string(),
            project_id: u.project_id.to_string(),
            author_id: u.author_id.to_string(),
            body: u.body.clone(),
            feedback: u.feedback.clone(),
            feedback_by: u.feedback_by.map(|m| m.to_string()),
            version: u.version,
            created_at: ts(u.created_at),
            updated_at: ts(u.updated_at),
        }
    }
}

/// Newest first.
pub fn list(
    c: &mut DbConn,
    project_id: ProjectId,
    q: &PageQuery,
) -> DbResult<Page<ProgressUpdate>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "-created")?;
    let query = updates::table
        .into_boxed::<MultiBackend>()
        .filter(updates::project_id.eq(project_id.to_string()));
    let rows: Vec<UpdateRow> =
        keyset!(query, updates::created_at, updates::id, page, true).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.created_at.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(UpdateRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// An update of the project.
pub fn get(
    c: &mut DbConn,
    project_id: ProjectId,
    id: ProgressUpdateId,
) -> DbResult<ProgressUpdate> {
    let row: UpdateRow = updates::table
        .filter(updates::id.eq(id.to_string()))
        .filter(updates::project_id.eq(project_id.to_string()))
        .first(c)
        .or_not_found("progress update")?;
    Ok(row.into_dto()?)
}

pub fn insert(c: &mut DbConn, u: &ProgressUpdate) -> DbResult<()> {
    diesel::insert_into(updates::table)
        .values(UpdateRow::from_dto(u))
        .execute(c)?;
    Ok(())
}

impl Record for ProgressUpdate {
    /// The project (by id or slug) and the update's id.
    type Key = (IdOrSlug<ProjectId>, ProgressUpdateId);

    fn load(c: &mut DbConn, (project, id): &Self::Key) -> DbResult<Self> {
        let project_id = project::id_of(c, project)?;
        get(c, project_id, *id)
    }

    versioned!();
    row_lock!(updates);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, updates, UpdateRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, project_id: ProjectId, id: ProgressUpdateId) -> DbResult<()> {
    let n = diesel::delete(
        updates::table
            .filter(updates::id.eq(id.to_string()))
            .filter(updates::project_id.eq(project_id.to_string())),
    )
    .execute(c)?;
    expect_row(n, "progress update")
}
