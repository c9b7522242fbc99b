//! Rows and queries, one module a resource. Each module maps its rows to the `shared`
//! DTOs and holds every query on its tables; handlers never write SQL.

pub mod account;
pub mod api_client;
pub mod audit;
pub mod availability;
pub mod cohort;
pub mod enrolment;
pub mod event;
pub mod invitation;
pub mod kpi;
pub mod mentor;
pub mod milestone;
pub mod organisation;
pub mod person;
pub mod programme;
pub mod progress_update;
pub mod project;
pub mod session;
pub mod track;

use diesel::prelude::*;

use eil_shared::I18nText;

use crate::error::ApiError;

/// The result of a query module.
pub type DbResult<T> = Result<T, ApiError>;

/// Turns "no row" into a 404 naming the resource.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &str) -> DbResult<T>;
}

impl<T> OrNotFound<T> for QueryResult<T> {
    fn or_not_found(self, what: &str) -> DbResult<T> {
        match self {
            Err(diesel::result::Error::NotFound) => Err(ApiError::not_found(what)),
            other => other.map_err(ApiError::from),
        }
    }
}

/// Fails with 412 when `If-Match` names another version than the stored one.
pub fn check_version(if_match: Option<i32>, current: i32) -> DbResult<()> {
    match if_match {
        Some(v) if v != current => Err(ApiError::PreconditionFailed { current }),
        _ => Ok(()),
    }
}

/// After a guarded `UPDATE ... WHERE version = expected`: no row means another writer won.
pub fn check_updated(rows: usize, expected: i32) -> DbResult<()> {
    if rows == 0 {
        Err(ApiError::PreconditionFailed {
            current: expected + 1,
        })
    } else {
        Ok(())
    }
}

/// Optional bilingual text from two nullable columns.
pub fn optional_text(lv: Option<String>, en: Option<String>) -> Option<I18nText> {
    match (lv, en) {
        (None, None) => None,
        (lv, en) => Some(I18nText::new(
            lv.unwrap_or_default(),
            en.unwrap_or_default(),
        )),
    }
}

pub fn split_text(t: Option<&I18nText>) -> (Option<String>, Option<String>) {
    t.map(|t| (Some(t.lv.clone()), Some(t.en.clone())))
        .unwrap_or((None, None))
}
