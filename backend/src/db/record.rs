//! What the one write path needs of a stored record: load it by its typed key, know its
//! version, and store it guarded by the version it was read at.

use std::marker::PhantomData;

use chrono::{DateTime, Utc};

use super::{DbConn, DbResult};

/// A versioned record with a row of its own. Implemented once per resource, next to its
/// queries in `db::models::<resource>`.
pub trait Record: Clone + Send + 'static {
    /// How a handler names one stored record: an id, an id or slug, or (parent, id).
    type Key: Send + 'static;

    fn load(c: &mut DbConn, key: &Self::Key) -> DbResult<Self>;

    fn version(&self) -> i32;

    /// Sets the version and the change time; only [`save`] calls it.
    fn stamp(&mut self, version: i32, at: DateTime<Utc>);

    /// `UPDATE ... WHERE id = ? AND version = expected` with every column of the record;
    /// no row touched is [`super::DbError::Stale`].
    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()>;

    /// Takes the record's row lock until the transaction ends and answers the version
    /// stored now (the record may have changed since it was loaded). See [`row_lock`].
    fn lock(&self, c: &mut DbConn) -> DbResult<i32>;
}

/// Loads the record `key` names for a write: loaded, locked, and loaded again if another
/// writer changed it in between. Two writers of one record then take turns instead of the
/// second finding its guarded update stale, so a write without `If-Match` never fails for
/// a change it did not ask to be protected from.
pub fn load_for_write<R: Record>(c: &mut DbConn, key: &R::Key) -> DbResult<R> {
    let loaded = R::load(c, key)?;
    if loaded.lock(c)? == loaded.version() {
        Ok(loaded)
    } else {
        R::load(c, key)
    }
}

/// `version` and `stamp` of a [`Record`] whose DTO has `version` and `updated_at` fields.
macro_rules! versioned {
    () => {
        fn version(&self) -> i32 {
            self.version
        }

        fn stamp(&mut self, version: i32, at: chrono::DateTime<chrono::Utc>) {
            self.version = version;
            self.updated_at = at;
        }
    };
}
pub(crate) use versioned;

/// The guarded write of [`Record::store`]: `UPDATE <table> SET <row> WHERE id = <id> AND
/// version = <expected>`; no row touched is [`super::DbError::Stale`].
macro_rules! guarded_update {
    ($c:expr, $table:ident, $row:expr, $id:expr, $expected:expr) => {{
        let n = diesel::update(
            $table::table
                .filter($table::id.eq($id.to_string()))
                .filter($table::version.eq($expected)),
        )
        .set($row)
        .execute($c)?;
        $crate::db::expect_version(n, $expected)
    }};
}
pub(crate) use guarded_update;

/// [`Record::lock`] of a record whose row is in `$table`: on PostgreSQL
/// `SELECT version FROM <table> WHERE id = <id> FOR UPDATE`, which waits for a writer that
/// holds the row and then reads what it committed. SQLite needs no row lock: this process
/// queues its write transactions (`db::transaction`), so the plain read is already current.
macro_rules! row_lock {
    ($table:ident) => {
        fn lock(&self, c: &mut $crate::db::DbConn) -> $crate::db::DbResult<i32> {
            let query = $table::table
                .find(self.id.to_string())
                .select($table::version);
            let version = match c {
                $crate::db::DbConn::Postgres(pg) => query.for_update().get_result::<i32>(pg),
                $crate::db::DbConn::Sqlite(sqlite) => query.get_result::<i32>(sqlite),
            };
            $crate::db::OrNotFound::or_not_found(version, "record")
        }
    };
}
pub(crate) use row_lock;

/// Bumps the version and `updated_at` of a changed record that was read at `expected`.
pub fn stamp_next<R: Record>(r: &mut R, expected: i32) {
    r.stamp(expected + 1, Utc::now());
}

/// A path segment that names a record by its id or by its slug (`/programmes/{id}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdOrSlug<I> {
    raw: String,
    of: PhantomData<fn() -> I>,
}

impl<I> IdOrSlug<I> {
    pub fn new(raw: impl Into<String>) -> Self {
        IdOrSlug {
            raw: raw.into(),
            of: PhantomData,
        }
    }

    /// Matched against both the id and the slug column.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<I: std::fmt::Display> IdOrSlug<I> {
    pub fn id(id: I) -> Self {
        IdOrSlug::new(id.to_string())
    }
}

impl<I> From<String> for IdOrSlug<I> {
    fn from(raw: String) -> Self {
        IdOrSlug::new(raw)
    }
}
