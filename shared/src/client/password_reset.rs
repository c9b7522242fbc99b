//! Password reset by e-mail.

use reqwest::Method;

use super::{Client, Result};
use crate::password_reset::{
    ConfirmPasswordReset, PasswordChanged, PasswordResetRequested, RequestPasswordReset,
};

impl Client {
    /// `POST /api/v1/auth/password-reset`: the same answer whether or not the address has
    /// an account.
    pub async fn request_password_reset(&self, email: &str) -> Result<PasswordResetRequested> {
        let body = RequestPasswordReset {
            email: email.into(),
        };
        Self::send(
            self.request(Method::POST, "/auth/password-reset")
                .json(&body),
        )
        .await
    }
    /// `POST /api/v1/auth/password-reset/confirm`: the new password; every sign-in of the
    /// account ends.
    pub async fn confirm_password_reset(
        &self,
        token: &str,
        password: &str,
    ) -> Result<PasswordChanged> {
        let body = ConfirmPasswordReset {
            token: token.into(),
            password: password.into(),
        };
        Self::send(
            self.request(Method::POST, "/auth/password-reset/confirm")
                .json(&body),
        )
        .await
    }
}
