//! One module a page.

pub mod catalogue;
pub mod not_found;
pub mod programme;
