//! Keyset paging: pages are ordered by id, newest first, and the cursor is the last id seen.

use serde::Serialize;

pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched newest first.
    pub(crate) fn from_rows(mut rows: Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Page<T> {
        let limit = usize::try_from(limit).unwrap_or(0);
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|r| id(r).to_string())
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// A validated page request: `limit` in 1..=MAX_LIMIT and an optional cursor id.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub limit: i64,
    pub before_id: Option<i64>,
}

impl PageRequest {
    pub fn first(limit: i64) -> PageRequest {
        PageRequest {
            limit: limit.clamp(1, MAX_LIMIT),
            before_id: None,
        }
    }
}
