//! `eil-server backup` and `eil-server check`, run as an operator would: the real binary,
//! beside a running server that keeps writing.

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl, SqliteConnection};
use eil_shared::organisation::{CreateOrganisation, OrganisationKind};

use crate::helpers::{TestApp, spawn_app, text};

async fn eil_server(database_url: &str, args: &[&str]) -> Output {
    let (url, args) = (
        database_url.to_string(),
        args.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
    );
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_eil-server"))
            .env("DATABASE_URL", url)
            .env("EIL_LOG", "error")
            .args(args)
            .output()
            .expect("eil-server runs")
    })
    .await
    .expect("task")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Creates organisations one after another until told to stop; counts the ones created.
fn keep_writing(
    app: &TestApp,
) -> (
    Arc<AtomicBool>,
    Arc<AtomicUsize>,
    tokio::task::JoinHandle<()>,
) {
    let (stop, written) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicUsize::new(0)),
    );
    let client = app.client.clone();
    let (s, w) = (stop.clone(), written.clone());
    let task = tokio::spawn(async move {
        let mut i = 0;
        while !s.load(Ordering::SeqCst) {
            i += 1;
            client
                .create_organisation(&CreateOrganisation {
                    slug: format!("org-{i}"),
                    name: text(&format!("Organizācija {i}"), &format!("Organisation {i}")),
                    short_name: None,
                    kind: OrganisationKind::University,
                    partner_role: None,
                    parent_id: None,
                    website: None,
                })
                .await
                .expect("a write during the backup succeeds");
            w.fetch_add(1, Ordering::SeqCst);
        }
    });
    (stop, written, task)
}

async fn until(written: &AtomicUsize, n: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while written.load(Ordering::SeqCst) < n {
        assert!(std::time::Instant::now() < deadline, "the writer stalled");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test]
async fn backup_while_the_server_writes() {
    let app = spawn_app().await;
    let dir = std::env::temp_dir().join(format!("eil-backup-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("dir");
    let to = dir.join("backup.db");
    let to_arg = to.to_str().expect("UTF-8 path").to_string();

    if app.database_url.starts_with("postgres") {
        // PostgreSQL is backed up with pg_dump: the command is printed, not run.
        let out = eil_server(&app.database_url, &["backup", "--to", &to_arg]).await;
        assert!(out.status.success(), "{}", stderr(&out));
        let printed = stdout(&out);
        assert!(printed.contains("pg_dump --format=custom"), "{printed}");
        assert!(printed.contains(&format!("--file='{to_arg}'")), "{printed}");
        assert!(
            printed.contains(&format!("--dbname='{}'", app.database_url)),
            "{printed}"
        );
        assert!(printed.contains("pg_restore"), "{printed}");
        assert!(!to.exists(), "nothing is written for PostgreSQL");
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }

    let (stop, written, writer) = keep_writing(&app);
    until(&written, 20).await;
    let before = written.load(Ordering::SeqCst);
    let out = eil_server(&app.database_url, &["backup", "--to", &to_arg]).await;
    let after = written.load(Ordering::SeqCst);
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    assert!(stdout(&out).contains("backed up"), "{}", stdout(&out));
    // The server keeps answering writes after the backup, too.
    until(&written, after + 20).await;
    stop.store(true, Ordering::SeqCst);
    writer.await.expect("writer");
    let total = written.load(Ordering::SeqCst);
    eprintln!(
        "organisations: {before} before the backup started, {after} when it ended, {total} in all"
    );

    // The copy stands on its own: a clean integrity check and the rows written before it.
    let mut copy = SqliteConnection::establish(&to_arg).expect("the backup opens");
    let check: Vec<Line> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut copy)
        .expect("integrity check");
    assert_eq!(
        check
            .iter()
            .map(|l| l.integrity_check.as_str())
            .collect::<Vec<_>>(),
        ["ok"]
    );
    let n = diesel::sql_query("SELECT COUNT(*) AS n FROM organisations")
        .load::<Count>(&mut copy)
        .expect("count")[0]
        .n as usize;
    assert!(
        (before..=after).contains(&n),
        "the backup holds {n} organisations; {before} existed when it started and {after} when it ended"
    );
    // Each row whole: the search text the server fills in with the name is there.
    let incomplete = diesel::sql_query(
        "SELECT COUNT(*) AS n FROM organisations WHERE search_text NOT LIKE '%organisation%'",
    )
    .load::<Count>(&mut copy)
    .expect("count")[0]
        .n;
    assert_eq!(incomplete, 0);
    drop(copy);

    // `check` reads the copy the same way.
    let copy_url = format!("sqlite://{to_arg}");
    let out = eil_server(&copy_url, &["check"]).await;
    let report = stdout(&out);
    assert!(out.status.success(), "{report}{}", stderr(&out));
    assert!(report.contains("integrity_check: ok"), "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["organisations", &n.to_string()]),
        "{report}"
    );

    // A second backup to the same file is refused and leaves the first one as it was.
    let first = std::fs::read(&to).expect("backup bytes");
    let out = eil_server(&app.database_url, &["backup", "--to", &to_arg]).await;
    assert!(!out.status.success());
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&to).expect("backup bytes"), first);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn check_reports_integrity_and_row_counts() {
    let app = spawn_app().await;
    app.organisation("rsu", "Rīga Stradiņš University").await;
    app.organisation("lu", "University of Latvia").await;
    let out = eil_server(&app.database_url, &["check"]).await;
    let report = stdout(&out);
    assert!(out.status.success(), "{report}{}", stderr(&out));
    assert!(report.trim_end().ends_with("ok"), "{report}");
    assert!(
        report
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["organisations", "2"]),
        "{report}"
    );
    // The administrator spawn_app made.
    assert!(
        report
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["people", "1"]),
        "{report}"
    );
    // A database that is not there is an error, and is not created.
    let missing = std::env::temp_dir().join(format!("eil-missing-{}.db", uuid::Uuid::now_v7()));
    let out = eil_server(&format!("sqlite://{}", missing.display()), &["check"]).await;
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no SQLite database"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists());
}
