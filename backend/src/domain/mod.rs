//! Business rules that need more than one record: pure functions over DTOs and facts the
//! database supplies, no actix, no diesel. Single-record field rules live with the DTOs in
//! `shared`.

pub mod cohort;
pub mod project;
pub mod session;
