//! Fast failure under saturation: a full connection pool answers 503 with `Retry-After`
//! within the checkout timeout, `/readyz` reports it, and a statement stuck behind a lock
//! held elsewhere is ended so that its connection comes back.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use eil_backend::db::{DbConn, Pool};
use eil_shared::organisation::UpdateOrganisation;

use crate::helpers::*;

type Held = Vec<diesel::r2d2::PooledConnection<eil_backend::db::Manager>>;

/// Takes every connection of the server's pool and keeps them until dropped.
async fn take_all(pool: &Pool) -> Held {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        (0..pool.max_size())
            .map(|_| pool.get().expect("connection"))
            .collect()
    })
    .await
    .expect("task")
}

#[tokio::test]
async fn a_full_pool_answers_503_at_once_and_readyz_says_saturated() {
    let app = spawn_configured(|c| {
        c.db_pool_size = 2;
        c.db_checkout_timeout_ms = 2000;
    })
    .await;
    let url = |path: &str| format!("{}{path}", app.address);
    assert_eq!(
        app.http
            .get(url("/readyz"))
            .send()
            .await
            .expect("answer")
            .status(),
        200
    );

    let held = take_all(&app.pool).await;
    let started = Instant::now();
    let r = app
        .http
        .get(url("/api/v1/programmes"))
        .send()
        .await
        .expect("answer");
    let waited = started.elapsed();
    println!(
        "a read with the pool full answered {} after {waited:?}",
        r.status()
    );
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.expect("body");
    assert!(body.contains("in use"), "{body}");
    // The checkout timeout (2 s), not the old 10 s; generous for a loaded machine.
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");

    let started = Instant::now();
    let r = app.http.get(url("/readyz")).send().await.expect("answer");
    println!(
        "/readyz with the pool full answered {} after {:?}",
        r.status(),
        started.elapsed()
    );
    assert_eq!(r.status(), 503);
    assert!(r.headers().contains_key("retry-after"));
    let body = r.text().await.expect("body");
    assert!(body.contains("saturated"), "{body}");

    drop(held);
    assert_eq!(
        app.http
            .get(url("/readyz"))
            .send()
            .await
            .expect("answer")
            .status(),
        200
    );
    assert_eq!(
        app.http
            .get(url("/api/v1/programmes"))
            .send()
            .await
            .expect("answer")
            .status(),
        200
    );
}

/// Starts a transaction on a connection of the pool that holds `org`'s row (PostgreSQL)
/// or the file's write lock (SQLite), as a stuck writer elsewhere would.
async fn hold_lock(
    pool: &Pool,
    org: String,
) -> diesel::r2d2::PooledConnection<eil_backend::db::Manager> {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        let sql = match &*c {
            DbConn::Sqlite(_) => "BEGIN IMMEDIATE".to_string(),
            DbConn::Postgres(_) => {
                format!("BEGIN; SELECT 1 FROM organisations WHERE id = '{org}' FOR UPDATE")
            }
        };
        c.batch_execute(&sql).expect("lock taken");
        c
    })
    .await
    .expect("task")
}

#[tokio::test]
async fn a_write_stuck_behind_a_lock_is_ended_by_the_statement_timeout() {
    let app = spawn_configured(|c| c.db_statement_timeout_ms = 1000).await;
    let org = app.organisation("lu", "University of Latvia").await;
    let mut holder = hold_lock(&app.pool, org.id.to_string()).await;
    let patch = UpdateOrganisation {
        short_name: Some(Some("LU".into())),
        ..Default::default()
    };

    let started = Instant::now();
    let stuck = app.client.update_organisation(org.id, &patch, None).await;
    let waited = started.elapsed();
    println!("a PATCH behind a held lock answered after {waited:?}: {stuck:?}");
    assert_eq!(status(stuck), 503);
    assert!(
        waited >= Duration::from_millis(900),
        "it waited for the lock: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(5),
        "the limit ended it: {waited:?}"
    );
    // Its connection came back: reads and the probe answer while the lock is still held.
    let url = format!("{}/readyz", app.address);
    assert_eq!(
        app.http.get(&url).send().await.expect("answer").status(),
        200
    );

    tokio::task::spawn_blocking(move || holder.batch_execute("ROLLBACK").expect("rollback"))
        .await
        .expect("task");
    let changed = app
        .client
        .update_organisation(org.id, &patch, None)
        .await
        .expect("the lock is gone");
    assert_eq!(changed.version, org.version + 1);
}
