use diesel::prelude::*;
use eil_shared::enrolment::{Enrolment, EnrolmentQuery};
use eil_shared::{CohortId, EnrolmentId, OrganisationId, Page, PersonId};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::{enrolments, people};
use crate::db::{DbConn, MultiBackend, Record, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = enrolments, treat_none_as_null = true)]
pub struct EnrolmentRow {
    pub id: String,
    pub person_id: String,
    pub cohort_id: String,
    pub track_id: Option<String>,
    pub role: String,
    pub status: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl EnrolmentRow {
    fn into_dto(self) -> anyhow::Result<Enrolment> {
        Ok(Enrolment {
            id: parse_id(&self.id)?,
            person_id: parse_id(&self.person_id)?,
            cohort_id: parse_id(&self.cohort_id)?,
            track_id: self.track_id.as_deref().map(parse_id).transpose()?,
            role: parse_enum(&self.role)?,
            status: parse_enum(&self.status)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(e: &Enrolment) -> Self {
        EnrolmentRow {
            id: e.id.to_string(),
            person_id: e.person_id.to_string(),
            cohort_id: e.cohort_id.to_string(),
            track_id: e.track_id.map(|t| t.to_string()),
            role: e.role.as_str().into(),
            status: e.status.as_str().into(),
            version: e.version,
            created_at: ts(e.created_at),
            updated_at: ts(e.updated_at),
        }
    }
}

/// Oldest first; with `organisation`, only enrolments of that organisation's people.
pub fn list(
    c: &mut DbConn,
    q: &EnrolmentQuery,
    organisation: Option<OrganisationId>,
) -> DbResult<Page<Enrolment>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "created")?;
    let mut query = enrolments::table.into_boxed::<MultiBackend>();
    if let Some(org) = organisation {
        let members = people::table
            .filter(people::organisation_id.eq(org.to_string()))
            .select(people::id);
        query = query.filter(enrolments::person_id.eq_any(members));
    }
    if let Some(x) = q.cohort_id {
        query = query.filter(enrolments::cohort_id.eq(x.to_string()));
    }
    if let Some(x) = q.person_id {
        query = query.filter(enrolments::person_id.eq(x.to_string()));
    }
    if let Some(x) = q.track_id {
        query = query.filter(enrolments::track_id.eq(x.to_string()));
    }
    if let Some(x) = q.status {
        query = query.filter(enrolments::status.eq(x.as_str()));
    }
    let rows: Vec<EnrolmentRow> = keyset!(query, enrolments::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(EnrolmentRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

pub fn get(c: &mut DbConn, id: EnrolmentId) -> DbResult<Enrolment> {
    let row: EnrolmentRow = enrolments::table
        .find(id.to_string())
        .first(c)
        .or_not_found("enrolment")?;
    Ok(row.into_dto()?)
}

pub fn exists(c: &mut DbConn, person_id: PersonId, cohort_id: CohortId) -> DbResult<bool> {
    let n: i64 = enrolments::table
        .filter(enrolments::person_id.eq(person_id.to_string()))
        .filter(enrolments::cohort_id.eq(cohort_id.to_string()))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

pub fn insert(c: &mut DbConn, e: &Enrolment) -> DbResult<()> {
    diesel::insert_into(enrolments::table)
        .values(EnrolmentRow::from_dto(e))
        .execute(c)?;
    Ok(())
}

impl Record for Enrolment {
    type Key = EnrolmentId;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, *key)
    }

    versioned!();
    row_lock!(enrolments);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(
            c,
            enrolments,
            EnrolmentRow::from_dto(self),
            self.id,
            expected
        )
    }
}

pub fn delete(c: &mut DbConn, id: EnrolmentId) -> DbResult<()> {
    let n = diesel::delete(enrolments::table.find(id.to_string())).execute(c)?;
    expect_row(n, "enrolment")
}
