use diesel::prelude::*;
use eil_shared::ProgrammeId;
use eil_shared::programme::{Programme, ProgrammeDetail, ProgrammeQuery, ProgrammeSort};
use eil_shared::{I18nText, Page};

use super::{DbResult, OrNotFound, cohort, expect_row, optional_text, split_text, track};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::programmes;
use crate::db::search::text_search;
use crate::db::{DbConn, IdOrSlug, MultiBackend, Record, parse_id, parse_ts, search_text, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = programmes, treat_none_as_null = true)]
pub struct ProgrammeRow {
    pub id: String,
    pub slug: String,
    pub name_lv: String,
    pub name_en: String,
    pub summary_lv: Option<String>,
    pub summary_en: Option<String>,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl ProgrammeRow {
    fn into_dto(self) -> anyhow::Result<Programme> {
        Ok(Programme {
            id: parse_id(&self.id)?,
            slug: self.slug,
            name: I18nText::new(self.name_lv, self.name_en),
            summary: optional_text(self.summary_lv, self.summary_en),
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(p: &Programme) -> Self {
        let (lv, en) = split_text(p.summary.as_ref());
        ProgrammeRow {
            id: p.id.to_string(),
            slug: p.slug.clone(),
            name_lv: p.name.lv.clone(),
            name_en: p.name.en.clone(),
            summary_lv: lv,
            summary_en: en,
            search_text: search_text(&[Some(&p.name.lv), Some(&p.name.en), Some(&p.slug)]),
            version: p.version,
            created_at: ts(p.created_at),
            updated_at: ts(p.updated_at),
        }
    }
}

pub fn list(c: &mut DbConn, q: &ProgrammeQuery) -> DbResult<Page<Programme>> {
    let sort = q.sort.unwrap_or(ProgrammeSort::Name);
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), sort.as_str())?;
    let mut query = programmes::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, programmes, q.q.as_deref());
    let rows: Vec<ProgrammeRow> = match sort {
        ProgrammeSort::Name => {
            keyset!(query, programmes::name_en, programmes::id, page, false).load(c)?
        }
        ProgrammeSort::Created => keyset!(query, programmes::id, page, false).load(c)?,
    };
    let (rows, next_cursor) = page.finish(rows, |r| match sort {
        ProgrammeSort::Name => (r.name_en.clone(), r.id.clone()),
        ProgrammeSort::Created => (r.id.clone(), r.id.clone()),
    });
    Ok(Page {
        items: rows
            .into_iter()
            .map(ProgrammeRow::into_dto)
            .collect::<Result<_, _>>()?,
        next_cursor,
    })
}

/// By id or slug.
pub fn get(c: &mut DbConn, key: &IdOrSlug<ProgrammeId>) -> DbResult<Programme> {
    let key = key.as_str();
    let row: ProgrammeRow = programmes::table
        .filter(programmes::id.eq(key).or(programmes::slug.eq(key)))
        .first(c)
        .or_not_found("programme")?;
    Ok(row.into_dto()?)
}

pub fn detail(c: &mut DbConn, key: &IdOrSlug<ProgrammeId>) -> DbResult<ProgrammeDetail> {
    let programme = get(c, key)?;
    let tracks = track::for_programme(c, programme.id)?;
    let cohorts = cohort::for_programme(c, programme.id)?;
    Ok(ProgrammeDetail {
        programme,
        tracks,
        cohorts,
    })
}

pub fn insert(c: &mut DbConn, p: &Programme) -> DbResult<()> {
    diesel::insert_into(programmes::table)
        .values(ProgrammeRow::from_dto(p))
        .execute(c)?;
    Ok(())
}

impl Record for Programme {
    type Key = IdOrSlug<ProgrammeId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(programmes);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(
            c,
            programmes,
            ProgrammeRow::from_dto(self),
            self.id,
            expected
        )
    }
}

pub fn delete(c: &mut DbConn, id: ProgrammeId) -> DbResult<()> {
    let n = diesel::delete(programmes::table.find(id.to_string())).execute(c)?;
    expect_row(n, "programme")
}
