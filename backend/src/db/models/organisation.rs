use diesel::prelude::*;
use eil_shared::OrganisationId;
use eil_shared::organisation::{Organisation, OrganisationQuery, OrganisationSort};
use eil_shared::{I18nText, Page};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::organisations;
use crate::db::search::text_search;
use crate::db::{
    DbConn, IdOrSlug, MultiBackend, Record, parse_enum, parse_id, parse_ts, search_text, ts,
};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = organisations, treat_none_as_null = true)]
pub struct OrganisationRow {
    pub id: String,
    pub slug: String,
    pub name_lv: String,
    pub name_en: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub partner_role: Option<String>,
    pub parent_id: Option<String>,
    pub website: Option<String>,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl OrganisationRow {
    fn into_dto(self) -> anyhow::Result<Organisation> {
        Ok(Organisation {
            id: parse_id(&self.id)?,
            slug: self.slug,
            name: I18nText::new(self.name_lv, self.name_en),
            short_name: self.short_name,
            kind: parse_enum(&self.kind)?,
            partner_role: self.partner_role.as_deref().map(parse_enum).transpose()?,
            parent_id: self.parent_id.as_deref().map(parse_id).transpose()?,
            website: self.website,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(o: &Organisation) -> Self {
        OrganisationRow {
            id: o.id.to_string(),
            slug: o.slug.clone(),
            name_lv: o.name.lv.clone(),
            name_en: o.name.en.clone(),
            short_name: o.short_name.clone(),
            kind: o.kind.as_str().into(),
            partner_role: o.partner_role.map(|r| r.as_str().into()),
            parent_id: o.parent_id.map(|p| p.to_string()),
            website: o.website.clone(),
            search_text: search_text(&[
                Some(&o.name.lv),
                Some(&o.name.en),
                o.short_name.as_deref(),
                Some(&o.slug),
            ]),
            version: o.version,
            created_at: ts(o.created_at),
            updated_at: ts(o.updated_at),
        }
    }
}

pub fn list(c: &mut DbConn, q: &OrganisationQuery) -> DbResult<Page<Organisation>> {
    let sort = q.sort.unwrap_or(OrganisationSort::Name);
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), sort.as_str())?;
    let mut query = organisations::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, organisations, q.q.as_deref());
    if let Some(k) = q.kind {
        query = query.filter(organisations::kind.eq(k.as_str()));
    }
    if let Some(r) = q.partner_role {
        query = query.filter(organisations::partner_role.eq(r.as_str()));
    }
    let rows: Vec<OrganisationRow> = match sort {
        OrganisationSort::Name => keyset!(
            query,
            organisations::name_en,
            organisations::id,
            page,
            false
        )
        .load(c)?,
        OrganisationSort::Created => keyset!(query, organisations::id, page, false).load(c)?,
    };
    let (rows, next_cursor) = page.finish(rows, |r| match sort {
        OrganisationSort::Name => (r.name_en.clone(), r.id.clone()),
        OrganisationSort::Created => (r.id.clone(), r.id.clone()),
    });
    Ok(Page {
        items: rows
            .into_iter()
            .map(OrganisationRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// By id or slug.
pub fn get(c: &mut DbConn, key: &IdOrSlug<OrganisationId>) -> DbResult<Organisation> {
    let key = key.as_str();
    let row: OrganisationRow = organisations::table
        .filter(organisations::id.eq(key).or(organisations::slug.eq(key)))
        .first(c)
        .or_not_found("organisation")?;
    Ok(row.into_dto()?)
}

pub fn insert(c: &mut DbConn, o: &Organisation) -> DbResult<()> {
    diesel::insert_into(organisations::table)
        .values(OrganisationRow::from_dto(o))
        .execute(c)?;
    Ok(())
}

impl Record for Organisation {
    type Key = IdOrSlug<OrganisationId>;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self> {
        get(c, key)
    }

    versioned!();
    row_lock!(organisations);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(
            c,
            organisations,
            OrganisationRow::from_dto(self),
            self.id,
            expected
        )
    }
}

pub fn delete(c: &mut DbConn, id: OrganisationId) -> DbResult<()> {
    let n = diesel::delete(organisations::table.find(id.to_string())).execute(c)?;
    expect_row(n, "organisation")
}

/// Whether making `parent` the parent of `id` would make a loop.
pub fn would_loop(c: &mut DbConn, id: OrganisationId, parent: OrganisationId) -> DbResult<bool> {
    let id = id.to_string();
    let mut current = Some(parent.to_string());
    // Organisation trees are shallow; the bound guards against data that already loops.
    for _ in 0..32 {
        match current {
            None => return Ok(false),
            Some(ref p) if *p == id => return Ok(true),
            Some(p) => {
                current = organisations::table
                    .find(&p)
                    .select(organisations::parent_id)
                    .first::<Option<String>>(c)
                    .optional()?
                    .flatten();
            }
        }
    }
    Ok(true)
}
