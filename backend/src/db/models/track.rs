use diesel::prelude::*;
use eil_shared::track::{Track, TrackQuery};
use eil_shared::{I18nText, Page, ProgrammeId, TrackId};

use super::{DbResult, OrNotFound, expect_row};
use super::{optional_text, split_text};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::tracks;
use crate::db::search::text_search;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, parse_enum, parse_id, parse_ts, search_text, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = tracks, treat_none_as_null = true)]
pub struct TrackRow {
    pub id: String,
    pub programme_id: String,
    pub slug: String,
    pub name_lv: String,
    pub name_en: String,
    pub kind: String,
    pub summary_lv: Option<String>,
    pub summary_en: Option<String>,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl TrackRow {
    fn into_dto(self) -> anyhow::Result<Track> {
        Ok(Track {
            id: parse_id(&self.id)?,
            programme_id: parse_id(&self.programme_id)?,
            slug: self.slug,
            name: I18nText::new(self.name_lv, self.name_en),
            kind: parse_enum(&self.kind)?,
            summary: optional_text(self.summary_lv, self.summary_en),
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(t: &Track) -> Self {
        let (lv, en) = split_text(t.summary.as_ref());
        TrackRow {
            id: t.id.to_string(),
            programme_id: t.programme_id.to_string(),
            slug: t.slug.clone(),
            name_lv: t.name.lv.clone(),
            name_en: t.name.en.clone(),
            kind: t.kind.as_str().into(),
            summary_lv: lv,
            summary_en: en,
            search_text: search_text(&[Some(&t.name.lv), Some(&t.name.en), Some(&t.slug)]),
            version: t.version,
            created_at: ts(t.created_at),
            updated_at: ts(t.updated_at),
        }
    }
}

fn into_dtos(rows: Vec<TrackRow>) -> DbResult<Vec<Track>> {
    Ok(rows
        .into_iter()
        .map(TrackRow::into_dto)
        .collect::<anyhow::Result<_>>()?)
}

pub fn list(c: &mut DbConn, q: &TrackQuery) -> DbResult<Page<Track>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
    let mut query = tracks::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, tracks, q.q.as_deref());
    if let Some(p) = q.programme_id {
        query = query.filter(tracks::programme_id.eq(p.to_string()));
    }
    if let Some(k) = q.kind {
        query = query.filter(tracks::kind.eq(k.as_str()));
    }
    let rows: Vec<TrackRow> = keyset!(query, tracks::name_en, tracks::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.name_en.clone(), r.id.clone()));
    Ok(Page {
        items: into_dtos(rows)?,
        next_cursor,
    })
}

/// Every track of a programme, by name (a programme has a handful).
pub fn for_programme(c: &mut DbConn, programme_id: ProgrammeId) -> DbResult<Vec<Track>> {
    let rows = tracks::table
        .filter(tracks::programme_id.eq(programme_id.to_string()))
        .order((tracks::name_en.asc(), tracks::id.asc()))
        .load::<TrackRow>(c)?;
    into_dtos(rows)
}

/// By id or slug.
pub fn get(c: &mut DbConn, key: &IdOrSlug<TrackId>) -> DbResult<Track> {
    let key = key.as_str();
    let row: TrackRow = tracks::table
        .filter(tracks::id.eq(key).or(tracks::slug.eq(key)))
        .first(c)
        .or_not_found("track")?;
    Ok(row.into_dto()?)
}

pub fn insert(c: &mut DbConn, t: &Track) -> DbResult<()> {
    diesel::insert_into(tracks::table)
        .values(TrackRow::from_dto(t))
        .execute(c)?;
    Ok(())
}

impl Record for Track {
    type Key = IdOrSlug<TrackId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(tracks);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, tracks, TrackRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, id: TrackId) -> DbResult<()> {
    let n = diesel::delete(tracks::table.find(id.to_string())).execute(c)?;
    expect_row(n, "track")
}
