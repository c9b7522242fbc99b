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
