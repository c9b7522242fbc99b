use diesel::prelude::*;
use eil_shared::availability::{AvailabilityQuery, AvailabilitySlot};
use eil_shared::{AvailabilitySlotId, MentorId, Page};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{guarded_update, row_lock, versioned};
use crate::db::schema::availability_slots as slots;
use crate::db::{DbConn, MultiBackend, Record, parse_id, parse_ts, ts};

#[derive(Debug, Queryable, Insertable, AsChangeset)]
#[diesel(table_name = slots, treat_none_as_null = true)]
pub struct SlotRow {
    pub id: String,
    pub mentor_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub version: i32,
    pub created_at: String,
    pub updated_at: String,
}

impl SlotRow {
    fn into_dto(self) -> anyhow::Result<AvailabilitySlot> {
        Ok(AvailabilitySlot {
            id: parse_id(&self.id)?,
            mentor_id: parse_id(&self.mentor_id)?,
            starts_at: parse_ts(&self.starts_at)?,
            ends_at: parse_ts(&self.ends_at)?,
            version: self.version,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
        })
    }

    fn from_dto(s: &AvailabilitySlot) -> Self {
        SlotRow {
            id: s.id.to_string(),
            mentor_id: s.mentor_id.to_string(),
            starts_at: ts(s.starts_at),
            ends_at: ts(s.ends_at),
            version: s.version,
            created_at: ts(s.created_at),
            updated_at: ts(s.updated_at),
        }
    }
}

pub fn list(
    c: &mut DbConn,
    mentor_id: MentorId,
    q: &AvailabilityQuery,
) -> DbResult<Page<AvailabilitySlot>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "starts_at")?;
    let mut query = slots::table
        .into_boxed::<MultiBackend>()
        .filter(slots::mentor_id.eq(mentor_id.to_string()));
    if let Some(from) = q.from {
        query = query.filter(slots::ends_at.gt(ts(from)));
    }
    if let Some(to) = q.to {
        query = query.filter(slots::starts_at.lt(ts(to)));
    }
    let rows: Vec<SlotRow> = keyset!(query, slots::starts_at, slots::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.starts_at.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(SlotRow::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// A slot of this mentor (a slot of another mentor is not found).
pub fn get(
    c: &mut DbConn,
    mentor_id: MentorId,
    id: AvailabilitySlotId,
) -> DbResult<AvailabilitySlot> {
    let row: SlotRow = slots::table
        .filter(slots::id.eq(id.to_string()))
        .filter(slots::mentor_id.eq(mentor_id.to_string()))
        .first(c)
        .or_not_found("availability slot")?;
    Ok(row.into_dto()?)
}

/// Whether another slot of the mentor shares time with this one.
pub fn overlaps(c: &mut DbConn, s: &AvailabilitySlot) -> DbResult<bool> {
    let n: i64 = slots::table
        .filter(slots::mentor_id.eq(s.mentor_id.to_string()))
        .filter(slots::id.ne(s.id.to_string()))
        .filter(slots::starts_at.lt(ts(s.ends_at)))
        .filter(slots::ends_at.gt(ts(s.starts_at)))
        .count()
        .get_result(c)?;
    Ok(n > 0)
}

pub fn insert(c: &mut DbConn, s: &AvailabilitySlot) -> DbResult<()> {
    diesel::insert_into(slots::table)
        .values(SlotRow::from_dto(s))
        .execute(c)?;
    Ok(())
}

impl Record for AvailabilitySlot {
    /// The mentor of the path and the slot.
    type Key = (MentorId, AvailabilitySlotId);

    fn load(c: &mut DbConn, (mentor_id, id): &Self::Key) -> DbResult<Self> {
        get(c, *mentor_id, *id)
    }

    versioned!();
    row_lock!(slots);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        guarded_update!(c, slots, SlotRow::from_dto(self), self.id, expected)
    }
}

pub fn delete(c: &mut DbConn, mentor_id: MentorId, id: AvailabilitySlotId) -> DbResult<()> {
    let n = diesel::delete(
        slots::table
            .filter(slots::id.eq(id.to_string()))
            .filter(slots::mentor_id.eq(mentor_id.to_string())),
    )
    .execute(c)?;
    expect_row(n, "availability slot")
}
