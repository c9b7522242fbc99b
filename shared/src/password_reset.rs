//! Password reset: a one-time link by e-mail, then a new password.

use serde::{Deserialize, Serialize};

/// How long a reset link works.
pub const PASSWORD_RESET_TTL_MINUTES: i64 = 60;

/// The body of `POST /auth/password-reset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestPasswordReset {
    /// The address the account signs in with: one `@`, no spaces, and a domain with a dot
    /// that neither starts nor ends with one.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "anna.berzina@example.lv",
            format = Email,
            pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$",
            max_length = 254
        )
    )]
    pub email: String,
}

/// The answer of `POST /auth/password-reset`: the same whether or not the address has an
/// account, so that it tells nobody which addresses do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequested {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "If an account has this address, a link to choose a new password is on its way; it works for one hour."
        )
    )]
    pub message: String,
}

impl PasswordResetRequested {
    pub fn new() -> Self {
        PasswordResetRequested {
            message: "If an account has this address, a link to choose a new password is on its way; it works for one hour.".into(),
        }
    }
}

impl Default for PasswordResetRequested {
    fn default() -> Self {
        Self::new()
    }
}

/// The answer of `POST /auth/password-reset/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChanged {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Password changed; every sign-in of the account has ended. Sign in with the new password."
        )
    )]
    pub message: String,
}

impl PasswordChanged {
    pub fn new() -> Self {
        PasswordChanged {
            message: "Password changed; every sign-in of the account has ended. Sign in with the new password.".into(),
        }
    }
}

impl Default for PasswordChanged {
    fn default() -> Self {
        Self::new()
    }
}

/// The body of `POST /auth/password-reset/confirm`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmPasswordReset {
    /// The token from the e-mailed link.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub token: String,
    /// At least 12 characters and not a common password.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 1024))]
    pub password: String,
}
