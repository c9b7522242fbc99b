//! Keyset pagination: a page ends at a (sort key, id) pair; the next page starts after it.
//! The cursor carries that pair and the sort it belongs to, base64url-encoded.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use eil_shared::pagination::{DEFAULT_LIMIT, MAX_LIMIT};

use crate::db::{DbError, DbResult};

/// One page to fetch.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: u32,
    /// The sort key and id of the last row of the previous page.
    pub after: Option<(String, String)>,
    sort: &'static str,
}

impl PageRequest {
    /// Validates `limit` and `cursor`; `sort` names the order the cursor must belong to.
    pub fn new(limit: Option<u32>, cursor: Option<&str>, sort: &'static str) -> DbResult<Self> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(DbError::BadQuery {
                field: "limit",
                message: format!("must be between 1 and {MAX_LIMIT}"),
            });
        }
        let after = match cursor {
            None | Some("") => None,
            Some(c)
                if !c
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                return Err(DbError::BadQuery {
                    field: "cursor",
                    message: "must be base64url text handed out as `next_cursor`".into(),
                });
            }
            // Well-formed, but not a position in this list and order: it names no page.
            Some(c) => Some(decode(c, sort).ok_or_else(|| {
                DbError::NotFound(
                    "`cursor` names no page of this list and order; start again without it".into(),
                )
            })?),
        };
        Ok(PageRequest { limit, after, sort })
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }

    /// Cuts the fetched rows to the page and makes the next cursor from the last row.
    pub fn finish<R>(
        &self,
        mut rows: Vec<R>,
        key: impl Fn(&R) -> (String, String),
    ) -> (Vec<R>, Option<String>) {
        let limit = self.limit as usize;
        if rows.len() > limit {
            rows.truncate(limit);
            let next = rows.last().map(|r| {
                let (k, id) = key(r);
                encode(self.sort, &k, &id)
            });
            (rows, next)
        } else {
            (rows, None)
        }
    }
}

const SEP: char = '\u{1f}';

fn encode(sort: &str, key: &str, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{sort}{SEP}{key}{SEP}{id}"))
}

fn decode(cursor: &str, sort: &str) -> Option<(String, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split(SEP);
    let (s, key, id) = (parts.next()?, parts.next()?, parts.next()?);
    // A key with control characters was never handed out (stored text has none), and
    // PostgreSQL refuses a NUL in a query parameter.
    (s == sort
        && parts.next().is_none()
        && !key.chars().any(char::is_control)
        && uuid::Uuid::parse_str(id).is_ok())
    .then(|| (key.to_string(), id.to_string()))
}

/// Adds the keyset condition and the order to a boxed query: rows after `after` in the
/// order of `$key` then `$id`, ascending or (`desc`) descending.
///
/// The condition is written `key >= k AND (key > k OR id > last)`: its first half is a
/// range on the index `(key, id)` that both planners seek to, so a deep page costs what
/// the first one does (the plain `key > k OR (key = k AND id > last)` made SQLite walk the
/// index from its start). With one column (`keyset!(q, id, page, desc)`) it is `id > last`.
macro_rules! keyset {
    ($query:expr, $id:expr, $page:expr, $desc:expr) => {{
        let mut q = $query;
        if let Some((_, last)) = $page.after.clone() {
            q = if $desc {
                q.filter($id.lt(last))
            } else {
                q.filter($id.gt(last))
            };
        }
        q = if $desc {
            q.order($id.desc())
        } else {
            q.order($id.asc())
        };
        q.limit($page.fetch())
    }};
    ($query:expr, $key:expr, $id:expr, $page:expr, $desc:expr) => {{
        let mut q = $query;
        if let Some((k, last)) = $page.after.clone() {
            q = if $desc {
                q.filter($key.le(k.clone()).and($key.lt(k).or($id.lt(last))))
            } else {
                q.filter($key.ge(k.clone()).and($key.gt(k).or($id.gt(last))))
            };
        }
        q = if $desc {
            q.order(($key.desc(), $id.desc()))
        } else {
            q.order(($key.asc(), $id.asc()))
        };
        q.limit($page.fetch())
    }};
}
pub(crate) use keyset;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_tamper() {
        let id = uuid::Uuid::now_v7().to_string();
        let c = encode("name", "Crisis communication", &id);
        assert_eq!(
            decode(&c, "name"),
            Some(("Crisis communication".into(), id.clone()))
        );
        assert_eq!(decode(&c, "created"), None, "a cursor belongs to one order");
        assert_eq!(decode("not-base64!", "name"), None);
        assert_eq!(
            decode(
                &URL_SAFE_NO_PAD.encode("name\u{1f}x\u{1f}not-a-uuid"),
                "name"
            ),
            None
        );
        let forged = URL_SAFE_NO_PAD.encode(format!("name\u{1f}a\u{0}b\u{1f}{id}"));
        assert_eq!(decode(&forged, "name"), None, "no stored key holds a NUL");
    }

    #[test]
    fn limits() {
        assert!(PageRequest::new(Some(0), None, "id").is_err());
        assert!(PageRequest::new(Some(101), None, "id").is_err());
        assert_eq!(
            PageRequest::new(None, None, "id").map(|p| p.limit).ok(),
            Some(20)
        );
    }
}
