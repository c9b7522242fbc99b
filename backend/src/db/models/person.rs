use diesel::prelude::*;
use eil_shared::person::{Person, PersonQuery};
use eil_shared::{Page, PersonId};

use super::{DbError, DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::{mentors, people};
use crate::db::search::text_search;
use crate::db::{DbConn, MultiBackend, Record, parse_enum, parse_id, parse_ts, search_text, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonRow {
    pub id: String,
    pub email: String,
    pub full_name: String,
    pub organisation_id: Option<String>,
    pub position: Option<String>,
    pub locale: String,
    pub phone: Option<String>,
    pub search_text: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
    pub time_zone: Option<String>,
}

impl PersonRow {
    fn into_dto(self) -> anyhow::Result<Person> {
        Ok(Person {
            id: parse_id(&self.id)?,
            email: Some(self.email),
            full_name: self.full_name,
            organisation_id: self.organisation_id.as_deref().map(parse_id).transpose()?,
            position: self.position,
            locale: parse_enum(&self.locale)?,
            phone: self.phone,
            time_zone: self.time_zone,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(p: &Person) -> Self {
        PersonRow {
            id: p.id.to_string(),
            email: p.email.clone().unwrap_or_default(),
            full_name: p.full_name.clone(),
            organisation_id: p.organisation_id.map(|o| o.to_string()),
            position: p.position.clone(),
            locale: p.locale.as_str().into(),
            phone: p.phone.clone(),
            search_text: search_text(&[Some(&p.full_name), p.position.as_deref()]),
            version: p.version,
            created_at: ts(p.created_at),
            updated_at: ts(p.updated_at),
            time_zone: p.time_zone.clone(),
        }
    }
}

pub fn list(c: &mut DbConn, q: &PersonQuery) -> DbResult<Page<Person>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
    let mut query = people::table.into_boxed::<MultiBackend>();
    query = text_search!(c, query, people, q.q.as_deref());
    if let Some(o) = q.organisation_id {
        query = query.filter(people::organisation_id.eq(o.to_string()));
    }
    let rows: Vec<PersonRow> =
        keyset!(query, people::full_name, people::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.full_name.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(PersonRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

pub fn get(c: &mut DbConn, id: PersonId) -> DbResult<Person> {
    let row: PersonRow = people::table
        .find(id.to_string())
        .first(c)
        .or_not_found("person")?;
    Ok(row.into_dto()?)
}

pub fn find_by_email(c: &mut DbConn, email: &str) -> DbResult<Option<Person>> {
    let row: Option<PersonRow> = people::table
        .filter(people::email.eq(email))
        .first(c)
        .optional()?;
    Ok(row.map(PersonRow::into_dto).transpose()?)
}

pub fn insert(c: &mut DbConn, p: &Person) -> DbResult<()> {
    diesel::insert_into(people::table)
        .values(PersonRow::from_dto(p))
        .execute(c)?;
    Ok(())
}

impl Record for Person {
    type Key = PersonId;

    fn load(c: &mut DbConn, id: &PersonId) -> DbResult<Self> {
        get(c, *id)
    }

    versioned!();
    row_lock!(people);

    /// Also keeps the name copies on the person's mentor profile in step, so no write of
    /// a person can leave them stale.
    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, people, PersonRow::from_dto(self), self.id, expected)?;
        super::mentor::rename_person(c, self.id, &self.full_name)
    }
}

pub fn delete(c: &mut DbConn, id: PersonId) -> DbResult<()> {
    let id = id.to_string();
    let has_profile: i64 = mentors::table
        .filter(mentors::person_id.eq(&id))
        .count()
        .get_result(c)?;
    if has_profile > 0 {
        return Err(DbError::InUse(
            "this person has a mentor profile; delete the profile first".into(),
        ));
    }
    let n = diesel::delete(people::table.find(&id)).execute(c)?;
    expect_row(n, "person")
}
