use diesel::prelude::*;
use eil_shared::milestone::{Milestone, MilestoneQuery};
use eil_shared::{I18nText, MilestoneId, Page, ProjectId};

use super::{DbResult, OrNotFound, expect_row, project};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::milestones;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, date, parse_date, parse_enum, parse_id, parse_ts, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = milestones, treat_none_as_null = true)]
pub struct MilestoneRow {
    pub id: String,
    pub project_id: String,
    pub title_lv: String,
    pub title_en: String,
    pub due_on: String,
    pub status: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl MilestoneRow {
    fn into_dto(self) -> anyhow::Result<Milestone> {
        Ok(Milestone {
            id: parse_id(&self.id)?,
            project_id: parse_id(&self.project_id)?,
            title: I18nText::new(self.title_lv, self.title_en),
            due_on: parse_date(&self.due_on)?,
            status: parse_enum(&self.status)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(m: &Milestone) -> Self {
        MilestoneRow {
            id: m.id.to_string(),
            project_id: m.project_id.to_string(),
            title_lv: m.title.lv.clone(),
            title_en: m.title.en.clone(),
            due_on: date(m.due_on),
            status: m.status.as_str().into(),
            version: m.version,
            created_at: ts(m.created_at),
            updated_at: ts(m.updated_at),
        }
    }
}

pub fn list(
    c: &mut DbConn,
    project_id: ProjectId,
    q: &MilestoneQuery,
) -> DbResult<Page<Milestone>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "due_on")?;
    let mut query = milestones::table
        .into_boxed::<MultiBackend>()
        .filter(milestones::project_id.eq(project_id.to_string()));
    if let Some(s) = q.status {
        query = query.filter(milestones::status.eq(s.as_str()));
    }
    let rows: Vec<MilestoneRow> =
        keyset!(query, milestones::due_on, milestones::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.due_on.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(MilestoneRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// A milestone of the project.
pub fn get(c: &mut DbConn, project_id: ProjectId, id: MilestoneId) -> DbResult<Milestone> {
    let row: MilestoneRow = milestones::table
        .filter(milestones::id.eq(id.to_string()))
        .filter(milestones::project_id.eq(project_id.to_string()))
        .first(c)
        .or_not_found("milestone")?;
    Ok(row.into_dto()?)
}

pub fn insert(c: &mut DbConn, m: &Milestone) -> DbResult<()> {
    diesel::insert_into(milestones::table)
        .values(MilestoneRow::from_dto(m))
        .execute(c)?;
    Ok(())
}

impl Record for Milestone {
    /// The project (by id or slug) and the milestone's id.
    type Key = (IdOrSlug<ProjectId>, MilestoneId);

    fn load(c: &mut DbConn, (project, id): &Self::Key) -> DbResult<Self> {
        let project_id = project::id_of(c, project)?;
        get(c, project_id, *id)
    }

    versioned!();
    row_lock!(milestones);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(
            c,
            milestones,
            MilestoneRow::from_dto(self),
            self.id,
            expected
        )
    }
}

pub fn delete(c: &mut DbConn, project_id: ProjectId, id: MilestoneId) -> DbResult<()> {
    let n = diesel::delete(
        milestones::table
            .filter(milestones::id.eq(id.to_string()))
            .filter(milestones::project_id.eq(project_id.to_string())),
    )
    .execute(c)?;
    expect_row(n, "milestone")
}
