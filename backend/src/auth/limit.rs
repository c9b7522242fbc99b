//! Sign-in attempts are limited per account and per client address, so that passwords
//! cannot be guessed at speed. Counters live in memory: each replica limits on its own.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;

use crate::error::ApiError;

/// At most `per_subject` attempts in each `window` for one account or API client, and
/// `per_address` from one client address (higher: an office shares one address).
#[derive(Debug)]
pub struct RateLimiter {
    per_subject: u32,
    per_address: u32,
    window: Duration,
    trust_proxy: bool,
    counters: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Beyond this many keys, expired counters are swept before a new one is added.
const SWEEP_AT: usize = 10_000;

impl RateLimiter {
    pub fn new(per_subject: u32, per_address: u32, window: Duration, trust_proxy: bool) -> Self {
        RateLimiter {
            per_subject: per_subject.max(1),
            per_address: per_address.max(1),
            window,
            trust_proxy,
            counters: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a sign-in attempt for the client address and, when known, the account or API
    /// client it is for; 429 with the seconds to wait when either is over its limit.
    pub fn check_sign_in(&self, req: &HttpRequest, subject: Option<&str>) -> Result<(), ApiError> {
        let mut keys = vec![(
            format!("address:{}", self.client_address(req)),
            self.per_address,
        )];
        if let Some(s) = subject {
            keys.push((format!("subject:{s}"), self.per_subject));
        }
        self.check(&keys)
    }

    /// Counts one attempt for each key; 429 with the seconds to wait when any is over.
    fn check(&self, keys: &[(String, u32)]) -> Result<(), ApiError> {
        let now = Instant::now();
        let mut counters = self.counters.lock().unwrap_or_else(|p| p.into_inner());
        if counters.len() > SWEEP_AT {
            counters.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let mut wait = Duration::ZERO;
        for (key, limit) in keys {
            let entry = counters.entry(key.clone()).or_insert((now, 0));
            if now.duration_since(entry.0) >= self.window {
                *entry = (now, 0);
            }
            entry.1 += 1;
            if entry.1 > *limit {
                wait = wait.max(self.window.saturating_sub(now.duration_since(entry.0)));
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            Err(ApiError::TooManyRequests {
                retry_after: wait.as_secs().max(1),
            })
        }
    }

    /// The client's address: the peer, or with `trust_proxy` the first `X-Forwarded-For` entry.
    pub fn client_address(&self, req: &HttpRequest) -> String {
        let forwarded = self
            .trust_proxy
            .then(|| req.headers().get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        match forwarded {
            Some(ip) => ip.to_string(),
            None => req
                .peer_addr()
                .map(|a| a.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_key_and_recovers_after_the_window() {
        let limiter = RateLimiter::new(2, 2, Duration::from_millis(200), false);
        let keys = |k: &str| vec![(k.to_string(), 2)];
        assert!(limiter.check(&keys("a")).is_ok());
        assert!(limiter.check(&keys("a")).is_ok());
        assert!(limiter.check(&keys("a")).is_err());
        assert!(
            limiter.check(&keys("b")).is_ok(),
            "another key has its own count"
        );
        std::thread::sleep(Duration::from_millis(220));
        assert!(limiter.check(&keys("a")).is_ok());
    }
}
