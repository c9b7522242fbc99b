//! Persistence: one diesel schema over SQLite (embedded default) and PostgreSQL.

mod error;
pub mod models;
pub mod pagination;
pub mod record;
mod run;
pub mod schema;

pub use error::{DbError, DbResult, OrNotFound, expect_row, expect_version};
pub use record::{IdOrSlug, Record};
pub use run::{run, transaction};

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to whichever database `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;

/// Where the data lives, parsed from a `sqlite://PATH` or `postgres://...` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            anyhow::ensure!(
                !path.is_empty(),
                "the SQLite URL names no file: use sqlite://PATH"
            );
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_string()))
        } else {
            anyhow::bail!("unsupported database URL `{url}`: use sqlite://PATH or postgres://...")
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of the right kind. The derived `DbConn::establish` would try each
/// backend in turn and hide the real error, so the variant is chosen from the URL here.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_str().ok_or_else(|| {
                    r2d2::Error::ConnectionError(ConnectionError::InvalidConnectionUrl(
                        "the SQLite path is not UTF-8".into(),
                    ))
                })?;
                let mut conn =
                    SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the one writer; the busy timeout makes a
                // writer wait for another instead of failing at once.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url)
                .map(DbConn::Postgres)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Opens the pool (creating the SQLite file and its folder if needed) and brings the
/// schema up to date.
pub fn connect(url: &DatabaseUrl, pool_size: u32) -> anyhow::Result<Pool> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let pool = r2d2::Pool::builder()
        .max_size(pool_size)
        .connection_timeout(Duration::from_secs(10))
        .build(Manager { url: url.clone() })
        .with_context(|| format!("cannot connect to the {} database", url.backend_name()))?;
    let mut conn = pool.get()?;
    migrate(&mut conn)?;
    Ok(pool)
}

/// Runs the pending migrations of the connection's backend.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<()> {
    let result = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConn::Postgres(c) => {
            // Replicas starting together take turns; the lock ends with the session.
            c.batch_execute("SELECT pg_advisory_lock(4242001)")?;
            let r = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            c.batch_execute("SELECT pg_advisory_unlock(4242001)")?;
            r
        }
    };
    result.map_err(|e| anyhow::anyhow!("migrations failed: {e}"))
}

/// Stored form of an instant: fixed-width RFC 3339 UTC, so text order is time order.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_ts(s: &str) -> anyhow::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .with_context(|| format!("stored time `{s}` is not RFC 3339"))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(s: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("stored date `{s}` is not ISO"))
}

pub fn parse_id<T: From<uuid::Uuid>>(s: &str) -> anyhow::Result<T> {
    uuid::Uuid::parse_str(s)
        .map(T::from)
        .with_context(|| format!("stored id `{s}` is not a UUID"))
}

pub fn parse_enum<T: std::str::FromStr<Err = String>>(s: &str) -> anyhow::Result<T> {
    s.parse()
        .map_err(|e: String| anyhow::anyhow!("stored value: {e}"))
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The lower-cased text that `q` searches.
pub fn search_text(parts: &[Option<&str>]) -> String {
    parts
        .iter()
        .flatten()
        .map(|p| p.to_lowercase())
        .collect::<Vec<_>>()
        .join(" \u{1f} ")
}

/// A `LIKE` pattern that finds `q` anywhere, with the wildcards in `q` escaped.
pub fn like_pattern(q: &str) -> String {
    let escaped = q
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/eil.db").expect("valid"),
            DatabaseUrl::Sqlite(PathBuf::from("data/eil.db"))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn stored_times_sort_as_text() {
        let a: DateTime<Utc> = "2023-05-19T07:00:00Z".parse().expect("time");
        let b: DateTime<Utc> = "2023-05-19T07:00:00.5Z".parse().expect("time");
        assert_eq!(ts(a), "2023-05-19T07:00:00.000000Z");
        assert!(ts(a) < ts(b));
        assert_eq!(parse_ts(&ts(b)).expect("round trip"), b);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Krīzes_100% "), "%krīzes\\_100\\%%");
    }
}
