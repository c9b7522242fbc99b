//! The SQLite and PostgreSQL migrations build the same schema: the same tables and
//! columns (type and nullability), indexes, foreign keys and number of CHECK constraints.
//! The two folders are written by hand; this is what keeps them in step.
//!
//! It needs both databases, so it runs in the PostgreSQL pass (`TEST_DATABASE_URL`), which
//! the test command always makes.

use std::collections::BTreeSet;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl, sql_query};
use eil_backend::db::{self, DatabaseUrl, DbConn};

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    not_null: bool,
}

#[derive(QueryableByName)]
struct IndexRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Bool)]
    is_unique: bool,
}

#[derive(QueryableByName)]
struct ForeignKeyRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    from_columns: String,
    #[diesel(sql_type = Text)]
    to_table: String,
    #[diesel(sql_type = Text)]
    to_columns: String,
    #[diesel(sql_type = Text)]
    on_delete: String,
}

#[derive(QueryableByName)]
struct CheckRow {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    definition: String,
}

/// What both databases must agree on, as comparable lines.
#[derive(Debug, Default)]
struct Shape {
    columns: BTreeSet<String>,
    indexes: BTreeSet<String>,
    foreign_keys: BTreeSet<String>,
    checks: BTreeSet<String>,
}

/// The tables of the schema. Text search is built differently by design (SQLite: a
/// full-text table per searchable table, `<table>_search`, with its shadow tables;
/// PostgreSQL: a trigram GIN index), so neither side's search structures are compared;
/// `query_plans.rs` checks that searches use them.
const SQLITE_TABLES: &str = "SELECT name FROM pragma_table_list WHERE schema = 'main' \
     AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'";

fn sqlite_shape(c: &mut SqliteConnection) -> Shape {
    let columns: Vec<ColumnRow> = sql_query(format!(
        "SELECT t.name AS table_name, p.name AS column_name, upper(p.type) AS data_type, \
                (p.\"notnull\" OR p.pk > 0) AS not_null \
         FROM ({SQLITE_TABLES}) t JOIN pragma_table_info(t.name) p"
    ))
    .load(c)
    .expect("SQLite columns");
    let indexes: Vec<IndexRow> = sql_query(format!(
        "SELECT t.name AS table_name, il.\"unique\" AS is_unique, \
                (SELECT group_concat(name, ',') FROM \
                    (SELECT coalesce(ii.name, '<expr>') AS name FROM pragma_index_xinfo(il.name) ii \
                     WHERE ii.key ORDER BY ii.seqno)) AS columns \
         FROM ({SQLITE_TABLES}) t JOIN pragma_index_list(t.name) il"
    ))
    .load(c)
    .expect("SQLite indexes");
    let foreign_keys: Vec<ForeignKeyRow> = sql_query(format!(
        "SELECT t.name AS table_name, group_concat(f.\"from\", ',') AS from_columns, \
                f.\"table\" AS to_table, group_concat(coalesce(f.\"to\", 'id'), ',') AS to_columns, \
                upper(f.on_delete) AS on_delete \
         FROM ({SQLITE_TABLES}) t JOIN pragma_foreign_key_list(t.name) f \
         GROUP BY t.name, f.id ORDER BY t.name, f.id"
    ))
    .load(c)
    .expect("SQLite foreign keys");
    // SQLite keeps CHECKs only inside the table's SQL; one line per CHECK keyword.
    let tables: Vec<CheckRow> = sql_query(format!(
        "SELECT name AS table_name, sql AS definition FROM sqlite_master \
         WHERE name IN ({SQLITE_TABLES})"
    ))
    .load(c)
    .expect("SQLite table SQL");
    let checks = tables
        .iter()
        .map(|t| {
            let n = t.definition.to_uppercase().matches("CHECK").count();
            format!("{}: {n} CHECK constraint(s)", t.table_name)
        })
        .collect();
    Shape {
        columns: columns.into_iter().map(column_line).collect(),
        indexes: indexes.into_iter().map(index_line).collect(),
        foreign_keys: foreign_keys.into_iter().map(foreign_key_line).collect(),
        checks,
    }
}

fn postgres_shape(c: &mut PgConnection) -> Shape {
    let columns: Vec<ColumnRow> = sql_query(
        "SELECT table_name::text, column_name::text, upper(data_type)::text AS data_type, \
                (is_nullable = 'NO') AS not_null \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(c)
    .expect("PostgreSQL columns");
    let indexes: Vec<IndexRow> = sql_query(
        "SELECT t.relname::text AS table_name, ix.indisunique AS is_unique, \
                array_to_string(array( \
                    SELECT coalesce(a.attname::text, '<expr>') \
                    FROM unnest(ix.indkey[0:ix.indnkeyatts - 1]) WITH ORDINALITY k(n, ord) \
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n \
                    ORDER BY k.ord), ',') AS columns \
         FROM pg_index ix \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_am am ON am.oid = i.relam \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname <> '__diesel_schema_migrations' \
           AND am.amname = 'btree'",
    )
    .load(c)
    .expect("PostgreSQL indexes");
    let foreign_keys: Vec<ForeignKeyRow> = sql_query(
        "SELECT cl.relname::text AS table_name, \
                array_to_string(array( \
                    SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, ord) \
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n \
                    ORDER BY k.ord), ',') AS from_columns, \
                ft.relname::text AS to_table, \
                array_to_string(array( \
                    SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, ord) \
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n \
                    ORDER BY k.ord), ',') AS to_columns, \
                CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' \
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END \
                    AS on_delete \
         FROM pg_constraint con \
         JOIN pg_class cl ON cl.oid = con.conrelid \
         JOIN pg_class ft ON ft.oid = con.confrelid \
         JOIN pg_namespace n ON n.oid = cl.relnamespace \
         WHERE con.contype = 'f' AND n.nspname = 'public'",
    )
    .load(c)
    .expect("PostgreSQL foreign keys");
    let checks: Vec<CheckRow> = sql_query(
        "SELECT t.table_name::text AS table_name, \
                (count(con.oid) || ' CHECK constraint(s)') AS definition \
         FROM information_schema.tables t \
         LEFT JOIN pg_class cl ON cl.relname = t.table_name \
         LEFT JOIN pg_constraint con ON con.conrelid = cl.oid AND con.contype = 'c' \
         WHERE t.table_schema = 'public' AND t.table_name <> '__diesel_schema_migrations' \
         GROUP BY t.table_name",
    )
    .load(c)
    .expect("PostgreSQL checks");
    Shape {
        columns: columns.into_iter().map(column_line).collect(),
        indexes: indexes.into_iter().map(index_line).collect(),
        foreign_keys: foreign_keys.into_iter().map(foreign_key_line).collect(),
        checks: checks
            .into_iter()
            .map(|r| format!("{}: {}", r.table_name, r.definition))
            .collect(),
    }
}

fn column_line(r: ColumnRow) -> String {
    let null = if r.not_null { "NOT NULL" } else { "NULL" };
    format!("{}.{} {} {null}", r.table_name, r.column_name, r.data_type)
}

fn index_line(r: IndexRow) -> String {
    let kind = if r.is_unique { "unique index" } else { "index" };
    format!("{} {kind} ({})", r.table_name, r.columns)
}

fn foreign_key_line(r: ForeignKeyRow) -> String {
    format!(
        "{} ({}) -> {} ({}) ON DELETE {}",
        r.table_name, r.from_columns, r.to_table, r.to_columns, r.on_delete
    )
}

/// The lines only one side has, for a readable failure.
fn differences(what: &str, sqlite: &BTreeSet<String>, postgres: &BTreeSet<String>) -> Vec<String> {
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>, side: &str| {
        a.difference(b)
            .map(|l| format!("{what} only on {side}: {l}"))
            .collect::<Vec<_>>()
    };
    let mut out = only(sqlite, postgres, "SQLite");
    out.extend(only(postgres, sqlite, "PostgreSQL"));
    out
}

#[test]
fn sqlite_and_postgres_migrations_build_the_same_schema() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("schema comparison runs in the PostgreSQL pass (TEST_DATABASE_URL)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("eil-schema-{}", uuid::Uuid::now_v7()));
    let sqlite = db::connect(&DatabaseUrl::Sqlite(dir.join("schema.db")), 1).expect("SQLite");

    let name = format!("eil_schema_{}", uuid::Uuid::now_v7().simple());
    let mut admin = PgConnection::establish(&admin_url).expect("PostgreSQL");
    admin
        .batch_execute(&format!("CREATE DATABASE \"{name}\""))
        .expect("create database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .expect("URL with a database");
    let postgres = db::connect(&DatabaseUrl::Postgres(format!("{base}/{name}")), 1);

    let shapes = postgres.map(|pg| {
        let mut s = sqlite.get().expect("SQLite connection");
        let mut p = pg.get().expect("PostgreSQL connection");
        let (DbConn::Sqlite(s), DbConn::Postgres(p)) = (&mut *s, &mut *p) else {
            panic!("connections of the wrong kind");
        };
        (sqlite_shape(s), postgres_shape(p))
    });
    drop(sqlite);
    let _ = std::fs::remove_dir_all(&dir);
    // The pool's connections must be gone before the database can be dropped.
    let shapes = shapes.expect("PostgreSQL migrations");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .expect("drop database");

    let (s, p) = shapes;
    assert!(
        s.columns.len() > 50,
        "the SQLite schema was read: {:?}",
        s.columns
    );
    let mut diff = differences("column", &s.columns, &p.columns);
    diff.extend(differences("index", &s.indexes, &p.indexes));
    diff.extend(differences("foreign key", &s.foreign_keys, &p.foreign_keys));
    diff.extend(differences("checks", &s.checks, &p.checks));
    assert!(
        diff.is_empty(),
        "the migration folders have drifted apart:\n{}",
        diff.join("\n")
    );
}
