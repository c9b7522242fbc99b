use diesel::prelude::*;
use eil_shared::programme::{Programme, ProgrammeDetail, ProgrammeQuery, ProgrammeSort};
use eil_shared::{I18nText, Page};

use super::{DbResult, OrNotFound, check_updated, cohort, optional_text, split_text, track};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::programmes;
use crate::db::{DbConn, MultiBackend, like_pattern, parse_id, parse_ts, search_text, ts};

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
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        query = query.filter(
            programmes::search_text
                .like(like_pattern(text))
                .escape('\\'),
        );
    }
    let rows: Vec<ProgrammeRow> = match sort {
        ProgrammeSort::Name => {
            keyset!(query, programmes::name_en, programmes::id, page, false).load(c)?
        }
        ProgrammeSort::Created => {
            keyset!(query, programmes::id, programmes::id, page, false).load(c)?
        }
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
pub fn get(c: &mut DbConn, key: &str) -> DbResult<Programme> {
    let row: ProgrammeRow = programmes::table
        .filter(programmes::id.eq(key).or(programmes::slug.eq(key)))
        .first(c)
        .or_not_found("programme")?;
    Ok(row.into_dto()?)
}

pub fn detail(c: &mut DbConn, key: &str) -> DbResult<ProgrammeDetail> {
    let programme = get(c, key)?;
    let tracks = track::for_programme(c, &programme.id.to_string())?;
    let cohorts = cohort::for_programme(c, &programme.id.to_string())?;
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

/// Writes `p` if the stored version is still `expected`; `p.version` is the new one.
pub fn update(c: &mut DbConn, p: &Programme, expected: i32) -> DbResult<()> {
    let n = diesel::update(
        programmes::table
            .filter(programmes::id.eq(p.id.to_string()))
            .filter(programmes::version.eq(expected)),
    )
    .set(ProgrammeRow::from_dto(p))
    .execute(c)?;
    check_updated(n, expected)
}

pub fn delete(c: &mut DbConn, id: &str) -> DbResult<()> {
    let n = diesel::delete(programmes::table.find(id)).execute(c)?;
    if n == 0 {
        Err(crate::error::ApiError::not_found("programme"))
    } else {
        Ok(())
    }
}
