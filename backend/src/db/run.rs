//! Running database work: off the async threads, and for writes inside one transaction.

use std::sync::LazyLock;
use std::time::Instant;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use prometheus::{Histogram, HistogramOpts};

use super::{DbConn, DbError, Pool};

/// Runs blocking database work on the blocking pool, with one connection.
///
/// The closure's error type is the caller's (a handler's `ApiError`, say), so that the
/// rules it checks between queries fail with their own errors.
pub async fn run<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<DbError> + Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
{
    let pool = pool.clone();
    let asked = Instant::now();
    // A permit first, within the checkout timeout (then busy, as the pool would say).
    let permit = match tokio::time::timeout(
        pool.connection_timeout(),
        pool.permits.clone().acquire_owned(),
    )
    .await
    {
        Ok(permit) => permit
            .map_err(|_| DbError::Internal(anyhow::anyhow!("the connection pool is closed")))?,
        Err(_) => {
            if let Some(observer) = &pool.observer {
                observer.gave_up(asked.elapsed());
            }
            return Err(DbError::Busy("every database connection is in use; try again").into());
        }
    };
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut conn = pool.get().map_err(|e| pool_error(&pool, e))?;
        if let Some(observer) = &pool.observer {
            observer.waited(asked.elapsed());
        }
        f(&mut conn)
    })
    .await
    .map_err(|e| DbError::Internal(anyhow::anyhow!("database task failed: {e}")))?
}

/// Why no connection could be had within the checkout timeout: every connection is in use
/// (busy: the request is answered 503 at once rather than queueing), or the database
/// does not take new ones (unreachable).
pub fn pool_error(pool: &Pool, e: diesel::r2d2::PoolError) -> DbError {
    let state = pool.state();
    if state.idle_connections == 0 && state.connections >= pool.max_size() {
        tracing::warn!(
            connections = state.connections,
            "every database connection is in use"
        );
        DbError::Busy("every database connection is in use; try again")
    } else {
        DbError::from(e)
    }
}

/// This process's queue of SQLite writers.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How long SQLite writers waited in this process's queue, in seconds. The queue is the
/// process's, so is this: every pool of the process (one, outside tests) records here.
static SQLITE_WRITER_WAIT: LazyLock<Histogram> = LazyLock::new(|| {
    let opts = HistogramOpts::new(
        "db_sqlite_writer_wait_seconds",
        "Time a write transaction waited for this process's other SQLite writers",
    )
    .buckets(crate::metrics::WAIT_BUCKETS.to_vec());
    // Only a malformed name or bucket list fails, and both are constants.
    Histogram::with_opts(opts).expect("a valid constant histogram")
});

/// The histogram of the SQLite writer queue's waits, to register with a metrics registry.
pub fn sqlite_writer_wait() -> Histogram {
    SQLITE_WRITER_WAIT.clone()
}

/// Like [`run`], inside one transaction: an error rolls everything back.
pub async fn transaction<T, E, F>(pool: &Pool, f: F) -> Result<T, E>
where
    T: Send + 'static,
    E: From<DbError> + From<diesel::result::Error> + Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
{
    run(pool, move |c| {
        // SQLite has one writer at a time and fails a transaction that reads and then
        // finds another writer ahead of it; queueing this process's writers avoids that.
        let _turn = matches!(c, DbConn::Sqlite(_)).then(|| {
            let queued = Instant::now();
            let turn = SQLITE_WRITER
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            SQLITE_WRITER_WAIT.observe(queued.elapsed().as_secs_f64());
            turn
        });
        in_transaction(c, f)
    })
    .await
}

/// `Connection::transaction`, but SQLite's begins `IMMEDIATE`: it takes the file's write
/// lock before the first read, so a writer behind one outside this process (a backup, the
/// `sqlite3` tool) waits the busy timeout for it and then answers 503. A deferred
/// transaction that has read fails at once when it finds the lock taken.
fn in_transaction<T, E, F>(c: &mut DbConn, f: F) -> Result<T, E>
where
    E: From<diesel::result::Error>,
    F: FnOnce(&mut DbConn) -> Result<T, E>,
{
    type Manager = <DbConn as Connection>::TransactionManager;
    match c {
        DbConn::Sqlite(s) => AnsiTransactionManager::begin_transaction_sql(s, "BEGIN IMMEDIATE")?,
        DbConn::Postgres(_) => Manager::begin_transaction(c)?,
    }
    match f(c) {
        Ok(value) => {
            Manager::commit_transaction(c)?;
            Ok(value)
        }
        Err(e) => match Manager::rollback_transaction(c) {
            // The first error says what went wrong; a broken manager only follows from it.
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(e),
            Err(rollback) => Err(rollback.into()),
        },
    }
}
