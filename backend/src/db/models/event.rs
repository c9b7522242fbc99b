use diesel::prelude::*;
use eil_shared::event::{Event, EventQuery};
use eil_shared::{EventId, I18nText, Page};

use super::{DbResult, OrNotFound, expect_row};
use super::{optional_text, split_text};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::events;
use crate::db::search::text_search;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, parse_enum, parse_id, parse_ts, search_text, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = events, treat_none_as_null = true)]
pub struct EventRow {
    pub id: String,
    pub slug: String,
    pub kind: String,
    pub programme_id: Option<String>,
    pub cohort_id: Option<String>,
    pub title_lv: String,
    pub title_en: String,
    pub summary_lv: Option<String>,
    pub summary_en: Option<String>,
    pub venue: Option<String>,
    pub starts_at: String,
    pub ends_at: String,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl EventRow {
    fn into_dto(self) -> anyhow::Result<Event> {
        Ok(Event {
            id: parse_id(&self.id)?,
            slug: self.slug,
            kind: parse_enum(&self.kind)?,
            programme_id: self.programme_id.as_deref().map(parse_id).transpose()?,
            cohort_id: self.cohort_id.as_deref().map(parse_id).transpose()?,
            title: I18nText::new(self.title_lv, self.title_en),
            summary: optional_text(self.summary_lv, self.summary_en),
            venue: self.venue,
            starts_at: parse_ts(&self.starts_at)?,
            ends_at: parse_ts(&self.ends_at)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(e: &Event) -> Self {
        let (lv, en) = split_text(e.summary.as_ref());
        EventRow {
            id: e.id.to_string(),
            slug: e.slug.clone(),
            kind: e.kind.as_str().into(),
            programme_id: e.programme_id.map(|x| x.to_string()),
            cohort_id: e.cohort_id.map(|x| x.to_string()),
            title_lv: e.title.lv.clone(),
            title_en: e.title.en.clone(),
            summary_lv: lv,
            summary_en: en,
            venue: e.venue.clone(),
            starts_at: ts(e.starts_at),
            ends_at: ts(e.ends_at),
            search_text: search_text(&[
                Some(&e.title.lv),
                Some(&e.title.en),
                Some(&e.slug),
                e.venue.as_deref(),
            ]),
            version: e.version,
            created_at: ts(e.created_at),
            updated_at: ts(e.updated_at),
        }
    }
}

/// By start time.
pub fn list(c: &mut DbConn, q: &EventQuery) -> DbResult<Page<Event>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "starts_at")?;
    let mut query = events::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, events, q.q.as_deref());
    if let Some(x) = q.programme_id {
        query = query.filter(events::programme_id.eq(x.to_string()));
    }
    if let Some(x) = q.cohort_id {
        query = query.filter(events::cohort_id.eq(x.to_string()));
    }
    if let Some(x) = q.kind {
        query = query.filter(events::kind.eq(x.as_str()));
    }
    if let Some(from) = q.from {
        query = query.filter(events::ends_at.gt(ts(from)));
    }
    if let Some(to) = q.to {
        query = query.filter(events::starts_at.lt(ts(to)));
    }
    let rows: Vec<EventRow> = keyset!(query, events::starts_at, events::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.starts_at.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(EventRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// By id or slug.
pub fn get(c: &mut DbConn, key: &IdOrSlug<EventId>) -> DbResult<Event> {
    let key = key.as_str();
    let row: EventRow = events::table
        .filter(events::id.eq(key).or(events::slug.eq(key)))
        .first(c)
        .or_not_found("event")?;
    Ok(row.into_dto()?)
}

pub fn insert(c: &mut DbConn, e: &Event) -> DbResult<()> {
    diesel::insert_into(events::table)
        .values(EventRow::from_dto(e))
        .execute(c)?;
    Ok(())
}

impl Record for Event {
    type Key = IdOrSlug<EventId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(events);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, events, EventRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, id: EventId) -> DbResult<()> {
    let n = diesel::delete(events::table.find(id.to_string())).execute(c)?;
    expect_row(n, "event")
}
