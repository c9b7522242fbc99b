//! Persistence: one diesel schema over SQLite (embedded default) and PostgreSQL.

mod error;
pub mod models;
pub mod pagination;
pub mod record;
mod run;
pub mod schema;
pub mod search;
pub use search::search_text;

pub use error::{DbError, DbResult, OrNotFound, expect_row, expect_version};
pub use record::{IdOrSlug, Record};
pub use run::{pool_error, run, sqlite_writer_wait, transaction};

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

/// The connection pool, with one permit per connection: database work waits for a permit
/// on the async side ([`run`]) and only then takes a blocking thread, so a burst of
/// requests queues as cheap futures instead of as threads blocked in the pool.
#[derive(Clone)]
pub struct Pool {
    connections: r2d2::Pool<Manager>,
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    observer: Option<std::sync::Arc<dyn PoolObserver>>,
}

/// What a pool tells of the waits for its connections: the server's metrics.
pub trait PoolObserver: Send + Sync + 'static {
    /// Database work had its connection after waiting `took` (for a permit, then the pool).
    fn waited(&self, took: Duration);
    /// A wait for a connection ran out of time after `took` (the request is answered 503).
    fn gave_up(&self, took: Duration);
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("connections", &self.connections)
            .field("permits", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

impl Pool {
    fn new(
        connections: r2d2::Pool<Manager>,
        observer: Option<std::sync::Arc<dyn PoolObserver>>,
    ) -> Self {
        let size = connections.max_size() as usize;
        Pool {
            connections,
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(size)),
            observer,
        }
    }
}

/// Tells the observer of checkouts outside [`run`] that ran out of time (the waits of
/// [`run`] itself are told by it, permit included).
#[derive(Debug)]
struct TimeoutEvents(std::sync::Arc<dyn PoolObserver>);

impl std::fmt::Debug for dyn PoolObserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PoolObserver")
    }
}

impl r2d2::HandleEvent for TimeoutEvents {
    fn handle_timeout(&self, event: r2d2::event::TimeoutEvent) {
        self.0.gave_up(event.timeout());
    }
}

impl std::ops::Deref for Pool {
    type Target = r2d2::Pool<Manager>;

    fn deref(&self) -> &Self::Target {
        &self.connections
    }
}

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

/// How the pool hands out connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolOptions {
    /// Connections per process.
    pub size: u32,
    /// How long a request waits for a free connection before it is answered 503: a full
    /// pool fails fast instead of making every request, reads included, queue behind it.
    pub checkout_timeout: Duration,
    /// PostgreSQL cancels a statement that runs longer (a query stuck behind a lock held
    /// elsewhere), so that it gives its connection back; `None` lets statements run. On
    /// SQLite it is how long a writer waits for the file's write lock (`busy_timeout`;
    /// `None`: [`SQLITE_BUSY_TIMEOUT`]).
    pub statement_timeout: Option<Duration>,
}

/// SQLite's wait for the write lock when no statement timeout is set.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl PoolOptions {
    /// `size` connections with the defaults of the server's settings.
    pub fn new(size: u32) -> Self {
        PoolOptions {
            size,
            checkout_timeout: Duration::from_secs(2),
            statement_timeout: Some(Duration::from_secs(5)),
        }
    }
}

/// Opens connections of the right kind. The derived `DbConn::establish` would try each
/// backend in turn and hide the real error, so the variant is chosen from the URL here.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
    statement_timeout: Option<Duration>,
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
                // writer wait for another (a backup, say) instead of failing at once, as
                // long as a PostgreSQL statement may take, then answer 503.
                let busy = self.statement_timeout.unwrap_or(SQLITE_BUSY_TIMEOUT);
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {};",
                    busy.as_millis().max(1)
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn =
                    PgConnection::establish(url).map_err(r2d2::Error::ConnectionError)?;
                if let Some(limit) = self.statement_timeout {
                    // Waiting for a lock counts too, so a stuck query ends and frees this
                    // connection; the request gets a 503 (`DbError::Busy`).
                    conn.batch_execute(&format!(
                        "SET statement_timeout = {}",
                        limit.as_millis().max(1)
                    ))
                    .map_err(r2d2::Error::QueryError)?;
                }
                Ok(DbConn::Postgres(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    /// A connection given back inside a transaction (a panic mid-write) or with its
    /// transaction state broken is dropped rather than handed to the next request.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

/// Opens a pool of `pool_size` connections with the default timeouts; see [`connect_with`].
pub fn connect(url: &DatabaseUrl, pool_size: u32) -> anyhow::Result<Pool> {
    connect_with(url, PoolOptions::new(pool_size))
}

/// Opens the pool (creating the SQLite file and its folder if needed) and brings the
/// schema up to date.
pub fn connect_with(url: &DatabaseUrl, options: PoolOptions) -> anyhow::Result<Pool> {
    connect_to(url, options, None)
}

/// [`connect_with`], telling `observer` how long database work waited for its connections
/// and which waits ran out of time: the server's metrics.
pub fn connect_observed(
    url: &DatabaseUrl,
    options: PoolOptions,
    observer: std::sync::Arc<dyn PoolObserver>,
) -> anyhow::Result<Pool> {
    connect_to(url, options, Some(observer))
}

fn connect_to(
    url: &DatabaseUrl,
    options: PoolOptions,
    observer: Option<std::sync::Arc<dyn PoolObserver>>,
) -> anyhow::Result<Pool> {
    if let DatabaseUrl::Sqlite(path) = url
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let cannot = || format!("cannot connect to the {} database", url.backend_name());
    // Migrations (and the wait for another replica's) may take longer than a request's
    // statement is allowed to, so they run on a connection of their own without the limit.
    let mut conn = Manager {
        url: url.clone(),
        statement_timeout: None,
    }
    .connect()
    .with_context(cannot)?;
    migrate(&mut conn)?;
    drop(conn);
    let events: Box<dyn r2d2::HandleEvent> = match &observer {
        Some(o) => Box::new(TimeoutEvents(o.clone())),
        None => Box::new(r2d2::NopEventHandler),
    };
    let pool = r2d2::Pool::builder()
        .max_size(options.size.max(1))
        .connection_timeout(options.checkout_timeout)
        .event_handler(events)
        .build(Manager {
            url: url.clone(),
            statement_timeout: options.statement_timeout,
        })
        .with_context(cannot)?;
    Ok(Pool::new(pool, observer))
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
}
