use chrono::{DateTime, Utc};
use diesel::prelude::*;
use eil_shared::mentor::{Mentor, MentorQuery, MentorRef};
use eil_shared::{MentorId, Page, PersonId, ProjectId};

use super::{DbError, DbResult, OrNotFound, expect_row};
use super::{optional_text, split_text};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::{mentor_assignments, mentor_expertise, mentors};
use crate::db::search::text_search;
use crate::db::{DbConn, MultiBackend, Record, parse_id, parse_ts, search_text, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = mentors, treat_none_as_null = true)]
pub struct MentorRow {
    pub id: String,
    pub person_id: String,
    pub title: String,
    pub organisation_id: Option<String>,
    pub bio_lv: Option<String>,
    pub bio_en: Option<String>,
    pub capacity: i32,
    /// A copy of the person's name, kept in step by `rename_person`, to sort and search by.
    pub sort_name: String,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl MentorRow {
    fn into_dto(self, expertise: Vec<String>) -> anyhow::Result<Mentor> {
        Ok(Mentor {
            id: parse_id(&self.id)?,
            person_id: parse_id(&self.person_id)?,
            full_name: self.sort_name,
            title: self.title,
            organisation_id: self.organisation_id.as_deref().map(parse_id).transpose()?,
            bio: optional_text(self.bio_lv, self.bio_en),
            expertise,
            capacity: self.capacity,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(m: &Mentor) -> Self {
        let (lv, en) = split_text(m.bio.as_ref());
        MentorRow {
            id: m.id.to_string(),
            person_id: m.person_id.to_string(),
            title: m.title.clone(),
            organisation_id: m.organisation_id.map(|o| o.to_string()),
            bio_lv: lv,
            bio_en: en,
            capacity: m.capacity,
            sort_name: m.full_name.clone(),
            search_text: mentor_search_text(&m.full_name, &m.title, &m.expertise),
            version: m.version,
            created_at: ts(m.created_at),
            updated_at: ts(m.updated_at),
        }
    }
}

fn mentor_search_text(name: &str, title: &str, tags: &[String]) -> String {
    let tags = tags.join(" ");
    search_text(&[Some(name), Some(title), Some(&tags)])
}

/// Rows with their tags, in the rows' order (one query for all tags).
fn with_tags(c: &mut DbConn, rows: Vec<MentorRow>) -> DbResult<Vec<Mentor>> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.id).collect();
    let tags: Vec<(String, String)> = mentor_expertise::table
        .filter(mentor_expertise::mentor_id.eq_any(ids))
        .select((mentor_expertise::mentor_id, mentor_expertise::tag))
        .order(mentor_expertise::tag.asc())
        .load(c)?;
    rows.into_iter()
        .map(|r| {
            let mine = tags
                .iter()
                .filter(|(m, _)| *m == r.id)
                .map(|(_, t)| t.clone())
                .collect();
            Ok(r.into_dto(mine)?)
        })
        .collect()
}

pub fn list(c: &mut DbConn, q: &MentorQuery) -> DbResult<Page<Mentor>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
    let mut query = mentors::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, mentors, q.q.as_deref());
    if let Some(tag) = q.expertise.as_deref().filter(|t| !t.trim().is_empty()) {
        let tagged = mentor_expertise::table
            .filter(mentor_expertise::tag.eq(tag.trim().to_lowercase()))
            .select(mentor_expertise::mentor_id);
        query = query.filter(mentors::id.eq_any(tagged));
    }
    if let Some(o) = q.organisation_id {
        query = query.filter(mentors::organisation_id.eq(o.to_string()));
    }
    let rows: Vec<MentorRow> =
        keyset!(query, mentors::sort_name, mentors::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.sort_name.clone(), r.id.clone()));
    Ok(Page {
        items: with_tags(c, rows)?,
        next_cursor,
    })
}

pub fn get(c: &mut DbConn, id: MentorId) -> DbResult<Mentor> {
    let row: MentorRow = mentors::table
        .find(id.to_string())
        .first(c)
        .or_not_found("mentor")?;
    Ok(with_tags(c, vec![row])?.remove(0))
}

pub fn exists_for_person(c: &mut DbConn, person_id: PersonId) -> DbResult<bool> {
    let n: i64 = mentors::table
        .filter(mentors::person_id.eq(person_id.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

/// Replaces the mentor's expertise tags (a child list: `store` writes the row only).
pub fn write_tags(c: &mut DbConn, mentor_id: MentorId, tags: &[String]) -> DbResult<()> {
    let mentor_id = mentor_id.to_string();
    diesel::delete(mentor_expertise::table.filter(mentor_expertise::mentor_id.eq(&mentor_id)))
        .execute(c)?;
    // One statement a row: batch inserts do not compile through the multi-backend connection.
    for t in tags {
        diesel::insert_into(mentor_expertise::table)
            .values((
                mentor_expertise::mentor_id.eq(&mentor_id),
                mentor_expertise::tag.eq(t),
            ))
            .execute(c)?;
    }
    Ok(())
}

pub fn insert(c: &mut DbConn, m: &Mentor) -> DbResult<()> {
    diesel::insert_into(mentors::table)
        .values(MentorRow::from_dto(m))
        .execute(c)?;
    write_tags(c, m.id, &m.expertise)
}

impl Record for Mentor {
    type Key = MentorId;

    fn load(c: &mut DbConn, id: &MentorId) -> DbResult<Self> {
        get(c, *id)
    }

    versioned!();
    row_lock!(mentors);

    /// The row only; the PATCH writes the tags after it (`write_tags`).
    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, mentors, MentorRow::from_dto(self), self.id, expected)
    }
}

/// Keeps the name copy of a person's mentor profile in step with the person.
pub fn rename_person(c: &mut DbConn, person_id: PersonId, name: &str) -> DbResult<()> {
    let row: Option<MentorRow> = mentors::table
        .filter(mentors::person_id.eq(person_id.to_string()))
        .first(c)
        .optional()?;
    if let Some(row) = row {
        let tags: Vec<String> = mentor_expertise::table
            .filter(mentor_expertise::mentor_id.eq(&row.id))
            .select(mentor_expertise::tag)
            .load(c)?;
        diesel::update(mentors::table.find(&row.id))
            .set((
                mentors::sort_name.eq(name),
                mentors::search_text.eq(mentor_search_text(name, &row.title, &tags)),
            ))
            .execute(c)?;
    }
    Ok(())
}

/// Refused while the mentor is assigned to projects or has sessions.
pub fn delete(c: &mut DbConn, id: MentorId) -> DbResult<()> {
    let assigned = assigned_count(c, id)?;
    if assigned > 0 {
        return Err(DbError::InUse(format!(
            "the mentor is assigned to {assigned} project(s); unassign them first"
        )));
    }
    let n = diesel::delete(mentors::table.find(id.to_string())).execute(c)?;
    expect_row(n, "mentor")
}

/// Takes the mentor's row lock for the rest of the transaction, so that two bookings for
/// the same mentor are checked one after the other (on SQLite the write lock does this).
pub fn lock(c: &mut DbConn, id: MentorId) -> DbResult<()> {
    let n = diesel::update(mentors::table.find(id.to_string()))
        .set(mentors::version.eq(mentors::version))
        .execute(c)?;
    expect_row(n, "mentor")
}

pub fn assigned_count(c: &mut DbConn, mentor_id: MentorId) -> DbResult<i64> {
    Ok(mentor_assignments::table
        .filter(mentor_assignments::mentor_id.eq(mentor_id.to_string()))
        .count()
        .get_result(c)?)
}

pub fn is_assigned(c: &mut DbConn, project_id: ProjectId, mentor_id: MentorId) -> DbResult<bool> {
    let n: i64 = mentor_assignments::table
        .filter(mentor_assignments::project_id.eq(project_id.to_string()))
        .filter(mentor_assignments::mentor_id.eq(mentor_id.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

pub fn assign(
    c: &mut DbConn,
    project_id: ProjectId,
    mentor_id: MentorId,
    at: DateTime<Utc>,
) -> DbResult<()> {
    diesel::insert_into(mentor_assignments::table)
        .values((
            mentor_assignments::project_id.eq(project_id.to_string()),
            mentor_assignments::mentor_id.eq(mentor_id.to_string()),
            mentor_assignments::assigned_at.eq(ts(at)),
        ))
        .execute(c)?;
    Ok(())
}

pub fn unassign(c: &mut DbConn, project_id: ProjectId, mentor_id: MentorId) -> DbResult<()> {
    let n = diesel::delete(
        mentor_assignments::table
            .filter(mentor_assignments::project_id.eq(project_id.to_string()))
            .filter(mentor_assignments::mentor_id.eq(mentor_id.to_string())),
    )
    .execute(c)?;
    if n == 0 {
        Err(DbError::NotFound(
            "this mentor is not assigned to this project".into(),
        ))
    } else {
        Ok(())
    }
}

/// The mentors of a project, a page at a time, by name.
pub fn for_project(
    c: &mut DbConn,
    project_id: ProjectId,
    page: &PageRequest,
) -> DbResult<Page<Mentor>> {
    let assigned = mentor_assignments::table
        .filter(mentor_assignments::project_id.eq(project_id.to_string()))
        .select(mentor_assignments::mentor_id);
    let query = mentors::table
        .into_boxed::<MultiBackend>()
        .filter(mentors::id.eq_any(assigned));
    let rows: Vec<MentorRow> =
        keyset!(query, mentors::sort_name, mentors::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.sort_name.clone(), r.id.clone()));
    Ok(Page {
        items: with_tags(c, rows)?,
        next_cursor,
    })
}

/// Short references to the mentors of a project, by name.
pub fn refs_for_project(c: &mut DbConn, project_id: ProjectId) -> DbResult<Vec<MentorRef>> {
    let rows: Vec<(String, String, String)> = mentors::table
        .inner_join(mentor_assignments::table)
        .filter(mentor_assignments::project_id.eq(project_id.to_string()))
        .select((mentors::id, mentors::sort_name, mentors::title))
        .order((mentors::sort_name.asc(), mentors::id.asc()))
        .load(c)?;
    rows.into_iter()
        .map(|(id, full_name, title)| {
            Ok(MentorRef {
                id: parse_id(&id)?,
                full_name,
                title,
            })
        })
        .collect()
}

/// The mentor profile of a person, if they have one.
pub fn id_for_person(c: &mut DbConn, person_id: PersonId) -> DbResult<Option<MentorId>> {
    let id: Option<String> = mentors::table
        .filter(mentors::person_id.eq(person_id.to_string()))
        .select(mentors::id)
        .first(c)
        .optional()?;
    Ok(id.as_deref().map(parse_id).transpose()?)
}
