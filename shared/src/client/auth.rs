//! Sign-in: log-in, renewal, sign-out and the signed-in person.

use reqwest::Method;

use super::{Client, Result};
use crate::auth::{LoginRequest, Me, RefreshRequest, TokenPair};

impl Client {
    /// `POST /api/v1/auth/login`; use the answer's access token with [`Client::with_token`].
    pub async fn login(&self, email: &str, password: &str) -> Result<TokenPair> {
        let body = LoginRequest {
            email: email.into(),
            password: password.into(),
        };
        Self::send(self.request(Method::POST, "/auth/login").json(&body)).await
    }
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send(self.request(Method::POST, "/auth/refresh").json(&body)).await
    }
    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        Self::send_empty(self.request(Method::POST, "/auth/logout").json(&body)).await
    }
    pub async fn me(&self) -> Result<Me> {
        self.get("/auth/me").await
    }
}
