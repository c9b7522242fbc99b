//! Webhook deliveries per Standard Webhooks 1.0: the body, the signature, the HTTP call.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The prefix of a signing secret; the rest is the base64 key.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new signing secret: `whsec_` and 32 random bytes (from two v4 UUIDs) in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    format!("{SECRET_PREFIX}{}", STANDARD.encode(key))
}

/// The JSON body of a delivery: `{ "type", "timestamp", "data" }`.
pub fn body(kind: &str, at: DateTime<Utc>, data: &serde_json::Value) -> String {
    serde_json::json!({
        "type": kind,
        "timestamp": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": data,
    })
    .to_string()
}

/// `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the secret's key.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> anyhow::Result<String> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret))?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The most of a receiver's answer that is read (the rest is dropped).
pub const MAX_ANSWER: usize = 4096;

/// The delivery client: connect and total timeouts, no redirects, no proxies, names
/// resolved without internal addresses (`safety`).
pub fn client(
    connect_timeout: Duration,
    timeout: Duration,
    allow_local: bool,
) -> anyhow::Result<reqwest::Client> {
    // One process-wide rustls provider; a second install (tests start many servers) is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .user_agent(concat!("EIL-Hub-Webhooks/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(super::safety::GuardedResolver::shared(allow_local))
        .build()?)
}

/// What one delivery attempt came to.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub ok: bool,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub latency_ms: u32,
}

/// Sends one signed delivery (signed with each of `secrets`). 2xx is success; anything else (a redirect, an error status,
/// a timeout, a refused connection or address) is a failure with its reason.
pub async fn deliver(
    http: &reqwest::Client,
    url: &str,
    allow_local: bool,
    id: &str,
    secrets: &[&str],
    body: &str,
) -> Delivered {
    let started = Instant::now();
    let failed = |error: String, status_code: Option<u16>| Delivered {
        ok: false,
        status_code,
        error: Some(error),
        latency_ms: elapsed_ms(started),
    };
    // The address may have been allowed when the subscription was saved and not now.
    if let Err(e) = super::safety::check_url(url, allow_local) {
        return failed(format!("the URL {e}"), None);
    }
    let timestamp = Utc::now().timestamp();
    // One signature per secret (the new one and, just after a rotation, the one it replaced),
    // space-separated as the specification allows.
    let mut signatures = Vec::with_capacity(secrets.len());
    for secret in secrets {
        match signature(secret, id, timestamp, body) {
            Ok(s) => signatures.push(s),
            Err(e) => return failed(format!("cannot sign: {e}"), None),
        }
    }
    let signature = signatures.join(" ");
    let sent = http
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(body.to_string())
        .send()
        .await;
    let mut answer = match sent {
        Ok(a) => a,
        Err(e) => return failed(describe(&e), None),
    };
    let status = answer.status();
    // Read a little of the answer (a receiver may stream forever); errors here don't matter.
    let mut read = 0;
    while read < MAX_ANSWER {
        match answer.chunk().await {
            Ok(Some(chunk)) => read += chunk.len(),
            _ => break,
        }
    }
    let code = Some(status.as_u16());
    if status.is_success() {
        Delivered {
            ok: true,
            status_code: code,
            error: None,
            latency_ms: elapsed_ms(started),
        }
    } else if status.is_redirection() {
        failed(
            format!("answered {status}: redirects are not followed"),
            code,
        )
    } else {
        failed(format!("answered {status}"), code)
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        let mut source = std::error::Error::source(e);
        let mut detail = String::new();
        while let Some(s) = source {
            detail = s.to_string();
            source = s.source();
        }
        format!("could not connect: {detail}")
    } else {
        format!("failed: {e}")
    }
}

fn elapsed_ms(started: Instant) -> u32 {
    u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    #[test]
    fn signs_as_the_specification_examples() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let sig = signature(
            secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .expect("sign");
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn new_secrets_are_prefixed_base64_of_32_bytes() {
        let s = new_secret();
        let key = STANDARD
            .decode(s.strip_prefix(SECRET_PREFIX).expect("prefix"))
            .expect("base64");
        assert_eq!(key.len(), 32);
        assert_ne!(s, new_secret());
    }
}
