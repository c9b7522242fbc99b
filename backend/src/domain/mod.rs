//! Business rules that need more than one record: pure functions over DTOs, no actix, no
//! diesel. Single-record field rules live with the DTOs in `shared`.

pub mod cohort;
