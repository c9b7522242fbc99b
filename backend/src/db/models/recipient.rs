//! Who an e-mail goes to: a person's address, name, language and time zone.

use diesel::prelude::*;
use eil_shared::{MentorId, PersonId, ProjectId};

use super::DbResult;
use crate::db::schema::{mentors, people, project_members};
use crate::db::{DbConn, parse_enum};
use crate::outbox::templates::{Reader, zone};

type ReaderColumns = (String, String, String, Option<String>);

fn reader((email, name, locale, tz): ReaderColumns) -> Option<Reader> {
    // A person without an address gets no e-mail.
    if email.trim().is_empty() {
        return None;
    }
    Some(Reader {
        email,
        name,
        lang: parse_enum(&locale).unwrap_or_default(),
        zone: zone(tz.as_deref()),
    })
}

/// The columns a [`Reader`] is made of.
const READER: (
    people::email,
    people::full_name,
    people::locale,
    people::time_zone,
) = (
    people::email,
    people::full_name,
    people::locale,
    people::time_zone,
);

pub fn person(c: &mut DbConn, id: PersonId) -> DbResult<Option<Reader>> {
    let row: Option<ReaderColumns> = people::table
        .find(id.to_string())
        .select(READER)
        .first(c)
        .optional()?;
    Ok(row.and_then(reader))
}

/// The person behind the mentor profile.
pub fn mentor(c: &mut DbConn, id: MentorId) -> DbResult<Option<Reader>> {
    let row: Option<ReaderColumns> = mentors::table
        .inner_join(people::table)
        .filter(mentors::id.eq(id.to_string()))
        .select(READER)
        .first(c)
        .optional()?;
    Ok(row.and_then(reader))
}

/// The project's team, in team order.
pub fn team(c: &mut DbConn, project_id: ProjectId) -> DbResult<Vec<Reader>> {
    let rows: Vec<ReaderColumns> = project_members::table
        .inner_join(people::table)
        .filter(project_members::project_id.eq(project_id.to_string()))
        .order(project_members::position.asc())
        .select(READER)
        .load(c)?;
    Ok(rows.into_iter().filter_map(reader).collect())
}
