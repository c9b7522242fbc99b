//! Running database work: off the async threads, and for writes inside one transaction.

use diesel::Connection;

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
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().map_err(DbError::from)?;
        f(&mut conn)
    })
    .await
    .map_err(|e| DbError::Internal(anyhow::anyhow!("database task failed: {e}")))?
}

/// This process's queue of SQLite writers.
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

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
            SQLITE_WRITER
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
        });
        c.transaction(f)
    })
    .await
}
