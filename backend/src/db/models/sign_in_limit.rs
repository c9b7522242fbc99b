//! Sign-in attempt counters (`auth::limit` decides the keys, limits and windows; these are
//! its queries).
//!
//! A count is one upsert: the database serialises attempts on the same key, whichever
//! replica they reach, so that N replicas allow the limit once, not N times.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::DbResult;
use crate::db::DbConn;
use crate::db::schema::sign_in_limits;

/// Counts one attempt on `key` and returns the count and the start of its window. A window
/// that started at or before `expired` has passed: this attempt starts a new one at `now`.
/// Both SQLite (3.35 and later) and PostgreSQL read the old row on the right of `SET`.
const COUNT: &str = "INSERT INTO sign_in_limits (limit_key, window_start, attempts) \
     VALUES ($1, $2, 1) \
     ON CONFLICT (limit_key) DO UPDATE SET \
     attempts = CASE WHEN sign_in_limits.window_start <= $3 THEN 1 \
                     ELSE sign_in_limits.attempts + 1 END, \
     window_start = CASE WHEN sign_in_limits.window_start <= $3 THEN excluded.window_start \
                         ELSE sign_in_limits.window_start END \
     RETURNING attempts, window_start";

#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Counted {
    #[diesel(sql_type = Integer)]
    pub attempts: i32,
    /// Stored time (`db::ts`) of the window's first attempt.
    #[diesel(sql_type = Text)]
    pub window_start: String,
}

/// Counts one attempt on `key` at `now`; windows that started at or before `expired` are
/// over. Times are `db::ts` text, whose order is time order.
pub fn count(c: &mut DbConn, key: &str, now: &str, expired: &str) -> DbResult<Counted> {
    let query = |sql: &str| {
        diesel::sql_query(sql.to_string())
            .bind::<Text, _>(key.to_string())
            .bind::<Text, _>(now.to_string())
            .bind::<Text, _>(expired.to_string())
    };
    // The one difference is how a numbered parameter is written.
    Ok(match c {
        DbConn::Postgres(pg) => query(COUNT).get_result(pg)?,
        DbConn::Sqlite(sqlite) => query(&COUNT.replace('$', "?")).get_result(sqlite)?,
    })
}

/// Deletes the counters whose window started at or before `expired`; returns how many.
pub fn sweep(c: &mut DbConn, expired: &str) -> DbResult<usize> {
    Ok(
        diesel::delete(sign_in_limits::table.filter(sign_in_limits::window_start.le(expired)))
            .execute(c)?,
    )
}
