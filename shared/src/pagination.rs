//! The page envelope of every list.

use serde::{Deserialize, Serialize};

/// Items when `limit` is not given.
pub const DEFAULT_LIMIT: u32 = 20;
/// The largest `limit` accepted.
pub const MAX_LIMIT: u32 = 100;

/// One page of a list. Pass `next_cursor` as `cursor` to get the next page; it is `null`
/// on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque; `null` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}
