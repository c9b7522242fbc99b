//! Aggregates for the funder. The Lab's data is small (hundreds of rows), so rows are
//! counted in Rust after one narrow query each, the same on both databases.

use std::collections::BTreeMap;

use diesel::prelude::*;
use eil_shared::kpi::{Count, Kpis};

use super::DbResult;
use crate::db::schema::{
    cohorts, enrolments, events, mentor_assignments, mentoring_sessions, mentors, organisations,
    people, projects,
};
use crate::db::{DbConn, ts};

fn counted(keys: impl IntoIterator<Item = String>) -> Vec<Count> {
    let mut by: BTreeMap<String, i64> = BTreeMap::new();
    for k in keys {
        *by.entry(k).or_default() += 1;
    }
    let mut out: Vec<Count> = by
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    out
}

pub fn kpis(c: &mut DbConn) -> DbResult<Kpis> {
    let now = ts(chrono::Utc::now());
    let sectors: Vec<Option<String>> = enrolments::table
        .inner_join(people::table.on(people::id.eq(enrolments::person_id)))
        .left_join(
            organisations::table.on(people::organisation_id.eq(organisations::id.nullable())),
        )
        .filter(enrolments::status.ne("withdrawn"))
        .select(organisations::kind.nullable())
        .load(c)?;
    let statuses: Vec<String> = projects::table.select(projects::status).load(c)?;
    let sessions: Vec<String> = mentoring_sessions::table
        .select(mentoring_sessions::status)
        .load(c)?;
    let event_ends: Vec<String> = events::table.select(events::ends_at).load(c)?;
    let capacities: Vec<i32> = cohorts::table.select(cohorts::capacity).load(c)?;
    let active: i64 = enrolments::table
        .filter(enrolments::status.eq("active"))
        .count()
        .get_result(c)?;
    let mentor_count: i64 = mentors::table.count().get_result(c)?;
    let assigned: Vec<String> = mentor_assignments::table
        .select(mentor_assignments::mentor_id)
        .distinct()
        .load(c)?;
    Ok(Kpis {
        participants_by_sector: counted(
            sectors
                .into_iter()
                .map(|k| k.unwrap_or_else(|| "unknown".into())),
        ),
        projects_by_status: counted(statuses),
        sessions_held: sessions.iter().filter(|s| *s == "completed").count() as i64,
        sessions_scheduled: sessions.iter().filter(|s| *s == "scheduled").count() as i64,
        events_held: event_ends.iter().filter(|e| **e <= now).count() as i64,
        events_upcoming: event_ends.iter().filter(|e| **e > now).count() as i64,
        cohort_places: capacities.iter().map(|c| i64::from(*c)).sum(),
        active_enrolments: active,
        mentors: mentor_count,
        mentors_assigned: assigned.len() as i64,
    })
}
