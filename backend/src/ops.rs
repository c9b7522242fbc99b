//! `eil-server backup` and `eil-server check`: the operator's tools, built in so that a
//! fresh machine needs no `sqlite3` command-line tool.
//!
//! Both open a connection of their own (not the server's pool) and change nothing: they
//! run beside a live server. The SQL differs per backend, so each has its branch here.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, bail, ensure};
use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::db::DatabaseUrl;

/// `backup --to FILE`. SQLite: a consistent copy taken with `VACUUM INTO` (a snapshot of
/// one read transaction, so writes of a running server go on and are simply not in it).
/// PostgreSQL: the `pg_dump` command to run, without running it. Returns what to print.
pub fn backup(url: &DatabaseUrl, to: &Path) -> anyhow::Result<String> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            ensure!(
                !to.exists(),
                "{} exists already; choose a new file (a backup never overwrites one)",
                to.display()
            );
            let mut c = open_sqlite(path)?;
            let target = to
                .to_str()
                .context("the backup path is not UTF-8, which SQLite cannot take")?;
            let copied = diesel::sql_query("VACUUM INTO ?")
                .bind::<Text, _>(target)
                .execute(&mut c)
                .with_context(|| format!("cannot write the backup to {}", to.display()));
            if let Err(e) = copied {
                // A half-written copy must not be mistaken for a backup.
                let _ = std::fs::remove_file(to);
                return Err(e);
            }
            // VACUUM INTO does not sync the new file; a backup should survive a power cut.
            std::fs::File::open(to)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot sync {}", to.display()))?;
            let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
            Ok(format!(
                "backed up {} to {} ({bytes} bytes); check it with: eil-server --database-url sqlite://{} check",
                path.display(),
                to.display(),
                to.display()
            ))
        }
        DatabaseUrl::Postgres(raw) => {
            let (safe_url, had_password) = without_password(raw);
            let mut out = String::from(
                "PostgreSQL is backed up with its own tool, pg_dump (from the PostgreSQL client \
                 package of the server's major version). Run:\n\n",
            );
            let _ = writeln!(
                out,
                "  pg_dump --format=custom --no-owner --file={} --dbname={}",
                shell_quote(&to.display().to_string()),
                shell_quote(&safe_url)
            );
            if had_password {
                out.push_str(
                    "\nThe password is left out of the command: give it in PGPASSWORD or ~/.pgpass.\n",
                );
            }
            let _ = write!(
                out,
                "\nRestore into an empty database with:\n\n  pg_restore --no-owner --dbname={} {}\n",
                shell_quote(&safe_url),
                shell_quote(&to.display().to_string())
            );
            Ok(out)
        }
    }
}

/// `check`: the database's own integrity check and the rows of every table. Fails (and the
/// command exits non-zero) when the check finds a fault.
pub fn check(url: &DatabaseUrl) -> anyhow::Result<String> {
    let mut out = String::new();
    let (faults, tables) = match url {
        DatabaseUrl::Sqlite(path) => {
            let _ = writeln!(out, "database: SQLite {}", path.display());
            let mut c = open_sqlite(path)?;
            let integrity: Vec<IntegrityLine> =
                diesel::sql_query("PRAGMA integrity_check").load(&mut c)?;
            let integrity: Vec<String> = integrity.into_iter().map(|l| l.integrity_check).collect();
            let foreign: Vec<Count> =
                diesel::sql_query("SELECT COUNT(*) AS n FROM pragma_foreign_key_check")
                    .load(&mut c)?;
            let foreign = foreign.first().map_or(0, |n| n.n);
            let mut faults = Vec::new();
            if integrity != ["ok"] {
                faults.extend(integrity.iter().map(|l| format!("integrity: {l}")));
            }
            if foreign > 0 {
                faults.push(format!("{foreign} rows refer to rows that do not exist"));
            }
            let _ = writeln!(
                out,
                "integrity_check: {}",
                if integrity == ["ok"] { "ok" } else { "FAILED" }
            );
            let _ = writeln!(out, "foreign_key_check: {foreign} broken references");
            let names: Vec<Name> = diesel::sql_query(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .load(&mut c)?;
            (faults, counts(&mut c, names)?)
        }
        DatabaseUrl::Postgres(raw) => {
            let _ = writeln!(out, "database: PostgreSQL {}", without_password(raw).0);
            let mut c = PgConnection::establish(raw)
                .with_context(|| "cannot connect to the PostgreSQL database".to_string())?;
            let version: Vec<Name> =
                diesel::sql_query("SELECT current_setting('server_version') AS name")
                    .load(&mut c)?;
            if let Some(v) = version.first() {
                let _ = writeln!(out, "server_version: {}", v.name);
            }
            // An index left invalid (a failed concurrent build) would silently not be used.
            let invalid: Vec<Count> =
                diesel::sql_query("SELECT COUNT(*) AS n FROM pg_index WHERE NOT indisvalid")
                    .load(&mut c)?;
            let invalid = invalid.first().map_or(0, |n| n.n);
            let _ = writeln!(out, "invalid indexes: {invalid}");
            let mut faults = Vec::new();
            if invalid > 0 {
                faults.push(format!(
                    "{invalid} invalid indexes; rebuild them with REINDEX"
                ));
            }
            let names: Vec<Name> = diesel::sql_query(
                "SELECT tablename::text AS name FROM pg_tables \
                 WHERE schemaname = current_schema() ORDER BY tablename",
            )
            .load(&mut c)?;
            (faults, counts(&mut c, names)?)
        }
    };
    ensure!(
        tables
            .iter()
            .any(|(t, _)| t == "__diesel_schema_migrations"),
        "{out}the database has no EIL Hub schema (no migrations table): is the URL right?"
    );
    out.push_str("rows:\n");
    let width = tables.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
    for (table, n) in &tables {
        let _ = writeln!(out, "  {table:<width$}  {n}");
    }
    if !faults.is_empty() {
        bail!("{out}FAULTS:\n  {}", faults.join("\n  "));
    }
    out.push_str("ok\n");
    Ok(out)
}

#[derive(QueryableByName)]
struct IntegrityLine {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The rows of each table; the names come from the database's own catalogue.
fn counts<C>(c: &mut C, names: Vec<Name>) -> anyhow::Result<Vec<(String, i64)>>
where
    C: Connection,
    Count: QueryableByName<C::Backend>,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    names
        .into_iter()
        .map(|t| {
            let quoted = format!("\"{}\"", t.name.replace('"', "\"\""));
            let n: Vec<Count> = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {quoted}"))
                .load(c)
                .with_context(|| format!("cannot count the rows of {}", t.name))?;
            Ok((t.name, n.first().map_or(0, |n| n.n)))
        })
        .collect()
}

/// An existing SQLite file (opening a missing one would create an empty database).
fn open_sqlite(path: &Path) -> anyhow::Result<SqliteConnection> {
    ensure!(
        path.is_file(),
        "there is no SQLite database at {}",
        path.display()
    );
    let text = path.to_str().context("the SQLite path is not UTF-8")?;
    let mut c = SqliteConnection::establish(text)
        .with_context(|| format!("cannot open {}", path.display()))?;
    // A running server may hold the write lock for a moment; wait rather than fail.
    c.batch_execute("PRAGMA busy_timeout = 10000;")?;
    Ok(c)
}

/// The URL without its password (which must not land in a shell history or a log), and
/// whether it had one.
fn without_password(url: &str) -> (String, bool) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), false);
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => (format!("{scheme}://{user}@{host}{tail}"), true),
            None => (url.to_string(), false),
        },
        None => (url.to_string(), false),
    }
}

/// Single-quoted for a POSIX shell.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_shows() {
        assert_eq!(
            without_password("postgres://eil:s3cr@t@db.example:5432/eil?sslmode=require"),
            (
                "postgres://eil@db.example:5432/eil?sslmode=require".into(),
                true
            )
        );
        assert_eq!(
            without_password("postgres://postgres@127.0.0.1/eil"),
            ("postgres://postgres@127.0.0.1/eil".into(), false)
        );
        let out = backup(
            &DatabaseUrl::Postgres("postgres://eil:hunter2@db/eil".into()),
            Path::new("/backups/eil 1.dump"),
        )
        .expect("a command");
        assert!(!out.contains("hunter2"), "{out}");
        assert!(
            out.contains("pg_dump --format=custom --no-owner --file='/backups/eil 1.dump' --dbname='postgres://eil@db/eil'"),
            "{out}"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
