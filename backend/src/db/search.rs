//! Text search (`q`): each searchable table keeps `search_text`, the lower-cased names a
//! search looks in. A search finds its words anywhere in that text, through an index:
//! on SQLite a trigram full-text table per searchable table (`<table>_search`, kept by
//! triggers, see the migration `flat_lists`), on PostgreSQL a trigram GIN index (pg_trgm).
//! Both answer a substring of three letters or more from the index; a shorter one is
//! still answered, by reading the table.

use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};

use super::{DbConn, DbResult};

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

/// A `GLOB` pattern that finds `q` anywhere, with the wildcards in `q` escaped. SQLite's
/// full-text tables use their index for `GLOB`, not for `LIKE ... ESCAPE`.
pub fn glob_pattern(q: &str) -> String {
    let mut pattern = String::from("*");
    for ch in q.trim().to_lowercase().chars() {
        match ch {
            '*' | '?' | '[' => {
                pattern.push('[');
                pattern.push(ch);
                pattern.push(']');
            }
            _ => pattern.push(ch),
        }
    }
    pattern.push('*');
    pattern
}

/// Beyond this many matches a search is "common": walking the list in its own order and
/// testing each row finds a page sooner than fetching and sorting every match.
pub const FEW_MATCHES: i64 = 1000;

/// Whether `q` matches at least [`FEW_MATCHES`] rows of `table`, counted through the
/// search index and stopping there.
pub fn is_common(c: &mut DbConn, table: &str, q: &str) -> DbResult<bool> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let count: Count = match c {
        DbConn::Sqlite(_) => diesel::sql_query(format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM {table}_search \
             WHERE search_text GLOB ? LIMIT {FEW_MATCHES}) AS found"
        ))
        .bind::<Text, _>(glob_pattern(q))
        .get_result(c)?,
        DbConn::Postgres(_) => diesel::sql_query(format!(
            "SELECT count(*) AS n FROM (SELECT 1 FROM {table} \
             WHERE search_text LIKE $1 LIMIT {FEW_MATCHES}) AS found"
        ))
        .bind::<Text, _>(like_pattern(q))
        .get_result(c)?,
    };
    Ok(count.n >= FEW_MATCHES)
}

/// Narrows a boxed query of `$table` to the rows whose `search_text` holds `$q` (when it
/// is given and not blank). A rare text is found through the search index (SQLite: the
/// full-text table finds the candidates and `LIKE` confirms them; PostgreSQL: `LIKE` on
/// the trigram index) and its few matches sorted; a common one ([`is_common`]) is tested
/// row by row while the list walks its own index, so that its page costs what any page
/// does (on PostgreSQL written as an expression, which the trigram index cannot serve).
macro_rules! text_search {
    ($c:expr, $query:expr, $table:ident, $q:expr) => {{
        let mut query = $query;
        if let Some(text) = $q.filter(|t: &&str| !t.trim().is_empty()) {
            let table = stringify!($table);
            let common = crate::db::search::is_common($c, table, text)?;
            let sqlite = matches!($c, crate::db::DbConn::Sqlite(_));
            if sqlite && !common {
                query = query.filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>(concat!(
                        stringify!($table),
                        ".rowid IN (SELECT rowid FROM ",
                        stringify!($table),
                        "_search WHERE search_text GLOB "
                    ))
                    .bind::<diesel::sql_types::Text, _>(crate::db::search::glob_pattern(text))
                    .sql(")"),
                );
            }
            query = if !sqlite && common {
                query.filter(
                    diesel::dsl::sql::<diesel::sql_types::Bool>(concat!(
                        "(",
                        stringify!($table),
                        ".search_text || '') LIKE "
                    ))
                    .bind::<diesel::sql_types::Text, _>(crate::db::search::like_pattern(text))
                    .sql(" ESCAPE '\\'"),
                )
            } else {
                query.filter(
                    $table::search_text
                        .like(crate::db::search::like_pattern(text))
                        .escape('\\'),
                )
            };
        }
        query
    }};
}
pub(crate) use text_search;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_escape_wildcards() {
        assert_eq!(like_pattern(" Krīzes_100% "), "%krīzes\\_100\\%%");
        assert_eq!(glob_pattern(" Krīzes*[1]? "), "*krīzes[*][[]1][?]*");
    }
}
