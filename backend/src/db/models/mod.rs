//! Rows and queries, one module a resource. Each module maps its rows to the `shared`
//! DTOs and holds every query on its tables; handlers never write SQL.

pub mod account;
pub mod api_client;
pub mod audit;
pub mod availability;
pub mod cohort;
pub mod enrolment;
pub mod event;
pub mod idempotency;
pub mod invitation;
pub mod kpi;
pub mod mentor;
pub mod milestone;
pub mod notice;
pub mod organisation;
pub mod password_reset;
pub mod person;
pub mod programme;
pub mod progress_update;
pub mod project;
pub mod recipient;
pub mod session;
pub mod sign_in_limit;
pub mod track;
pub mod webhook;

use eil_shared::I18nText;

pub use crate::db::{DbError, DbResult, OrNotFound, expect_row, expect_version};

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
