//! The typed API client, pointed at the server the app came from.

use eil_shared::client::{Client, ClientError};

pub fn client() -> Client {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    Client::new(origin)
}

/// A message for the page when a call fails.
pub fn describe(e: &ClientError) -> String {
    match e.problem() {
        Some(p) => p.detail.clone().unwrap_or_else(|| p.title.clone()),
        None => e.to_string(),
    }
}

/// Why a page could not load its data, as the page says it. A resource keeps its value
/// (`LocalResource` hands out clones), and the client's error is not `Clone`, so loaders
/// keep the message.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

impl From<ClientError> for LoadError {
    fn from(e: ClientError) -> Self {
        LoadError(describe(&e))
    }
}

/// What a loader gives its page.
pub type Loaded<T> = Result<T, LoadError>;
