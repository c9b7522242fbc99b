//! A typed client for the EIL Hub API, for Rust programs and the web app (wasm32).
//!
//! `client.rs` holds the transport; `client/<resources>.rs` the calls of one resource each,
//! named after the resource (`list_milestones`, `create_milestone`, ...).

mod accounts;
mod api_clients;
mod audit;
mod auth;
mod availability;
mod cohorts;
mod enrolments;
mod events;
mod invitations;
mod kpis;
mod mentor_assignments;
mod mentors;
mod milestones;
mod organisations;
mod outbox;
mod password_reset;
mod people;
mod programmes;
mod progress_updates;
mod projects;
mod sessions;
mod tracks;
mod webhooks;

use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::bulk::{BulkAnswer, BulkProblem};
use crate::pagination::Page;
use crate::problem::Problem;

/// What a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with a problem body.
    #[error("{0}")]
    Api(Problem),
    /// The request did not get an answer, or the answer was not what the API promises.
    #[error("request failed: {0}")]
    Transport(#[from] reqwest::Error),
}

impl ClientError {
    /// The problem body, when the API answered with one.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Api(p) => Some(p),
            ClientError::Transport(_) => None,
        }
    }

    /// The HTTP status of an API problem.
    pub fn status(&self) -> Option<u16> {
        self.problem().map(|p| p.status)
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// The API at one base address, e.g. `http://127.0.0.1:8080`.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    pub fn new(base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_string();
        Client {
            http: reqwest::Client::new(),
            base,
            token: None,
        }
    }

    /// Sends `Authorization: Bearer <token>` with every request.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .http
            .request(method, format!("{}/api/v1{}", self.base, path));
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    async fn send<T: DeserializeOwned>(rb: RequestBuilder) -> Result<T> {
        let resp = rb.send().await?;
        if resp.status().is_success() {
            Ok(resp.json().await?)
        } else {
            Err(Self::problem(resp).await)
        }
    }

    async fn send_empty(rb: RequestBuilder) -> Result<()> {
        let resp = rb.send().await?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(Self::problem(resp).await)
        }
    }

    async fn problem(resp: reqwest::Response) -> ClientError {
        let status = resp.status();
        match resp.json::<Problem>().await {
            Ok(p) => ClientError::Api(p),
            // Something in between (a proxy) answered without a problem body.
            Err(_) => ClientError::Api(Problem {
                kind: "about:blank".into(),
                title: status.canonical_reason().unwrap_or("Error").into(),
                status: status.as_u16(),
                detail: None,
                errors: vec![],
                error: None,
            }),
        }
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        Self::send(self.request(Method::GET, path)).await
    }

    async fn list<T: DeserializeOwned, Q: Serialize>(&self, path: &str, q: &Q) -> Result<Page<T>> {
        Self::send(self.request(Method::GET, path).query(q)).await
    }

    async fn create<T: DeserializeOwned, B: Serialize>(&self, path: &str, body: &B) -> Result<T> {
        Self::send(self.request(Method::POST, path).json(body)).await
    }

    /// A bulk call: 200 is [`BulkAnswer::Applied`], a 422 that carries the per-item results
    /// [`BulkAnswer::Rejected`]; any other failure (a refused caller, a count of items out
    /// of range) is an error as elsewhere.
    async fn bulk<T: DeserializeOwned, I: Serialize>(
        &self,
        path: &str,
        items: &[I],
    ) -> Result<BulkAnswer<T>> {
        let body = serde_json::json!({ "items": items });
        let resp = self.request(Method::POST, path).json(&body).send().await?;
        if resp.status().is_success() {
            return Ok(BulkAnswer::Applied(resp.json().await?));
        }
        if resp.status() != StatusCode::UNPROCESSABLE_ENTITY {
            return Err(Self::problem(resp).await);
        }
        let value: serde_json::Value = resp.json().await?;
        match serde_json::from_value::<BulkProblem<T>>(value.clone()) {
            Ok(rejected) => Ok(BulkAnswer::Rejected(rejected)),
            Err(_) => Err(ClientError::Api(
                serde_json::from_value(value).unwrap_or_else(|_| Problem {
                    kind: "about:blank".into(),
                    title: "Unprocessable Entity".into(),
                    status: 422,
                    detail: None,
                    errors: vec![],
                    error: None,
                }),
            )),
        }
    }

    async fn update<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
        if_match: Option<i32>,
    ) -> Result<T> {
        let mut rb = self.request(Method::PATCH, path).json(body);
        if let Some(v) = if_match {
            rb = rb.header(reqwest::header::IF_MATCH, format!("\"{v}\""));
        }
        Self::send(rb).await
    }

    async fn delete(&self, path: &str) -> Result<()> {
        Self::send_empty(self.request(Method::DELETE, path)).await
    }

    /// `GET /healthz`-style probe of the API itself: true when it answers.
    pub async fn is_up(&self) -> bool {
        self.http
            .get(format!("{}/healthz", self.base))
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
    }
}
