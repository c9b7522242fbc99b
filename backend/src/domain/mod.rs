//! Business rules that need more than one record: pure functions over DTOs and facts the
//! database supplies, no actix, no diesel. Single-record field rules live with the DTOs in
//! `shared`.

pub mod cohort;
pub mod project;
pub mod session;

/// A rule over several records that a change would break. It names the field of the
/// request that causes it; `error.rs` answers it as 409 (the request is valid on its own,
/// but clashes with stored data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {message}")]
pub struct Broken {
    pub field: String,
    pub message: String,
}

impl Broken {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Broken {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What a rule returns.
pub type Rule = Result<(), Broken>;
