use diesel::prelude::*;
use eil_shared::cohort::{Cohort, CohortQuery, CohortSort};
use eil_shared::{CohortId, I18nText, Page, ProgrammeId};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::{cohorts, enrolments};
use crate::db::search::text_search;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, date, parse_date, parse_enum, parse_id, parse_ts,
    search_text, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = cohorts, treat_none_as_null = true)]
pub struct CohortRow {
    pub id: String,
    pub programme_id: String,
    pub slug: String,
    pub name_lv: String,
    pub name_en: String,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub capacity: i32,
    pub venue: Option<String>,
    pub status: String,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl CohortRow {
    fn into_dto(self) -> anyhow::Result<Cohort> {
        Ok(Cohort {
            id: parse_id(&self.id)?,
            programme_id: parse_id(&self.programme_id)?,
            slug: self.slug,
            name: I18nText::new(self.name_lv, self.name_en),
            starts_on: parse_date(&self.starts_on)?,
            ends_on: self.ends_on.as_deref().map(parse_date).transpose()?,
            capacity: self.capacity,
            venue: self.venue,
            status: parse_enum(&self.status)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(x: &Cohort) -> Self {
        CohortRow {
            id: x.id.to_string(),
            programme_id: x.programme_id.to_string(),
            slug: x.slug.clone(),
            name_lv: x.name.lv.clone(),
            name_en: x.name.en.clone(),
            starts_on: date(x.starts_on),
            ends_on: x.ends_on.map(date),
            capacity: x.capacity,
            venue: x.venue.clone(),
            status: x.status.as_str().into(),
            search_text: search_text(&[
                Some(&x.name.lv),
                Some(&x.name.en),
                Some(&x.slug),
                x.venue.as_deref(),
            ]),
            version: x.version,
            created_at: ts(x.created_at),
            updated_at: ts(x.updated_at),
        }
    }
}

fn into_dtos(rows: Vec<CohortRow>) -> DbResult<Vec<Cohort>> {
    Ok(rows
        .into_iter()
        .map(CohortRow::into_dto)
        .collect::<anyhow::Result<_>>()?)
}

pub fn list(c: &mut DbConn, q: &CohortQuery) -> DbResult<Page<Cohort>> {
    let sort = q.sort.unwrap_or(CohortSort::StartsOnDesc);
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), sort.as_str())?;
    let mut query = cohorts::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, cohorts, q.q.as_deref());
    if let Some(p) = q.programme_id {
        query = query.filter(cohorts::programme_id.eq(p.to_string()));
    }
    if let Some(s) = q.status {
        query = query.filter(cohorts::status.eq(s.as_str()));
    }
    let rows: Vec<CohortRow> = match sort {
        CohortSort::StartsOn => {
            keyset!(query, cohorts::starts_on, cohorts::id, page, false).load(c)?
        }
        CohortSort::StartsOnDesc => {
            keyset!(query, cohorts::starts_on, cohorts::id, page, true).load(c)?
        }
        CohortSort::Name => keyset!(query, cohorts::name_en, cohorts::id, page, false).load(c)?,
    };
    let (rows, next_cursor) = page.finish(rows, |r| match sort {
        CohortSort::StartsOn | CohortSort::StartsOnDesc => (r.starts_on.clone(), r.id.clone()),
        CohortSort::Name => (r.name_en.clone(), r.id.clone()),
    });
    Ok(Page {
        items: into_dtos(rows)?,
        next_cursor,
    })
}

/// Every cohort of a programme, newest first.
pub fn for_programme(c: &mut DbConn, programme_id: ProgrammeId) -> DbResult<Vec<Cohort>> {
    let rows = cohorts::table
        .filter(cohorts::programme_id.eq(programme_id.to_string()))
        .order((cohorts::starts_on.desc(), cohorts::id.desc()))
        .load::<CohortRow>(c)?;
    into_dtos(rows)
}

/// By id or slug.
pub fn get(c: &mut DbConn, key: &IdOrSlug<CohortId>) -> DbResult<Cohort> {
    let key = key.as_str();
    let row: CohortRow = cohorts::table
        .filter(cohorts::id.eq(key).or(cohorts::slug.eq(key)))
        .first(c)
        .or_not_found("cohort")?;
    Ok(row.into_dto()?)
}

/// Active enrolments of a cohort.
pub fn taken_places(c: &mut DbConn, cohort_id: CohortId) -> DbResult<i64> {
    Ok(enrolments::table
        .filter(enrolments::cohort_id.eq(cohort_id.to_string()))
        .filter(enrolments::status.eq("active"))
        .count()
        .get_result(c)?)
}

pub fn insert(c: &mut DbConn, x: &Cohort) -> DbResult<()> {
    diesel::insert_into(cohorts::table)
        .values(CohortRow::from_dto(x))
        .execute(c)?;
    Ok(())
}

impl Record for Cohort {
    type Key = IdOrSlug<CohortId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(cohorts);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, cohorts, CohortRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, id: CohortId) -> DbResult<()> {
    let n = diesel::delete(cohorts::table.find(id.to_string())).execute(c)?;
    expect_row(n, "cohort")
}
