//! Text search (`q`): each searchable table keeps `search_text`, the lower-cased names a
//! search looks in. A search finds its words anywhere in that text, through an index:
//! on SQLite a trigram full-text table per searchable table (`<table>_search`, kept by
//! triggers, see the migration `flat_lists`), on PostgreSQL a trigram GIN index (pg_trgm).
//! Both answer a substring of three letters or more from the index; a shorter one is
//! still answered, by reading the table.

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

/// Narrows a boxed query of `$table` to the rows whose `search_text` holds `$q` (when it
/// is given and not blank). On SQLite the full-text table finds the candidate rows and
/// `LIKE` confirms them; on PostgreSQL `LIKE` is answered by the trigram index.
macro_rules! text_search {
    ($c:expr, $query:expr, $table:ident, $q:expr) => {{
        let mut query = $query;
        if let Some(text) = $q.filter(|t: &&str| !t.trim().is_empty()) {
            if matches!($c, crate::db::DbConn::Sqlite(_)) {
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
            query = query.filter(
                $table::search_text
                    .like(crate::db::search::like_pattern(text))
                    .escape('\\'),
            );
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
