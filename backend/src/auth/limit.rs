//! Sign-in attempts are limited per account and per client address, so that passwords
//! cannot be guessed at speed. The counters live in the database (`sign_in_limits`), so
//! that every replica behind a load balancer counts against the same limit.

use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::HttpRequest;
use chrono::{DateTime, TimeDelta, Utc};

use crate::db::models::sign_in_limit::{self, Counted};
use crate::db::{self, Pool};
use crate::error::ApiError;

/// At most `per_subject` attempts in each `window` for one account or API client, and
/// `per_address` from one client address (higher: an office shares one address).
#[derive(Debug)]
pub struct RateLimiter {
    pool: Pool,
    per_subject: u32,
    per_address: u32,
    window: TimeDelta,
    trust_proxy: bool,
    /// When this process last deleted the expired counters (`None`: not yet).
    swept: Mutex<Option<Instant>>,
}

/// How often each process sweeps expired counters. Expired rows count for nothing (the
/// next attempt on the key starts a new window); the sweep only keeps the table small.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// The longest window taken: beyond it the arithmetic on stored times would overflow.
const LONGEST_WINDOW: TimeDelta = TimeDelta::days(365);

impl RateLimiter {
    pub fn new(
        pool: Pool,
        per_subject: u32,
        per_address: u32,
        window: Duration,
        trust_proxy: bool,
    ) -> Self {
        RateLimiter {
            pool,
            per_subject: per_subject.max(1),
            per_address: per_address.max(1),
            window: TimeDelta::from_std(window)
                .unwrap_or(LONGEST_WINDOW)
                .clamp(TimeDelta::seconds(1), LONGEST_WINDOW),
            trust_proxy,
            swept: Mutex::new(None),
        }
    }

    /// Counts a sign-in attempt for the client address and, when known, the account or API
    /// client it is for; 429 with the seconds to wait when either is over its limit.
    pub async fn check_sign_in(
        &self,
        req: &HttpRequest,
        subject: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut keys = vec![(
            format!("address:{}", self.client_address(req)),
            self.per_address,
        )];
        if let Some(s) = subject {
            keys.push((format!("subject:{s}"), self.per_subject));
        }
        self.check(keys).await
    }

    /// Counts one attempt for each key; 429 with the seconds to wait when any is over.
    async fn check(&self, keys: Vec<(String, u32)>) -> Result<(), ApiError> {
        let now = Utc::now();
        let at = db::ts(now);
        let expired = db::ts(now - self.window);
        let sweep = self.sweep_due();
        let counted = db::run(&self.pool, move |c| {
            if sweep {
                let n = sign_in_limit::sweep(c, &expired)?;
                tracing::debug!(deleted = n, "swept expired sign-in counters");
            }
            keys.into_iter()
                .map(|(key, limit)| Ok((sign_in_limit::count(c, &key, &at, &expired)?, limit)))
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .await?;
        let mut wait = TimeDelta::zero();
        for (count, limit) in counted {
            if i64::from(count.attempts) > i64::from(limit) {
                wait = wait.max(self.remaining(&count, now)?);
            }
        }
        if wait <= TimeDelta::zero() {
            Ok(())
        } else {
            // Rounded up: a client that waits the seconds it is told finds the window over.
            let millis = u64::try_from(wait.num_milliseconds()).unwrap_or(0);
            Err(ApiError::TooManyRequests {
                retry_after: millis.div_ceil(1000).max(1),
            })
        }
    }

    /// The time left in a counter's window. The window may have been opened by another
    /// replica, whose clock may differ a little: the answer stays within one window.
    fn remaining(&self, count: &Counted, now: DateTime<Utc>) -> Result<TimeDelta, ApiError> {
        let start = db::parse_ts(&count.window_start).map_err(ApiError::Internal)?;
        Ok((start + self.window - now).clamp(TimeDelta::milliseconds(1), self.window))
    }

    /// Whether this check also sweeps: the first in a process, then one each `SWEEP_EVERY`.
    fn sweep_due(&self) -> bool {
        let mut swept = self.swept.lock().unwrap_or_else(|p| p.into_inner());
        let due = swept.is_none_or(|at| at.elapsed() >= SWEEP_EVERY);
        if due {
            *swept = Some(Instant::now());
        }
        due
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
    use crate::db::DatabaseUrl;

    fn limiter(dir: &std::path::Path, window: Duration) -> RateLimiter {
        let pool = db::connect(&DatabaseUrl::Sqlite(dir.join("limits.db")), 2).expect("pool");
        RateLimiter::new(pool, 2, 2, window, false)
    }

    #[tokio::test]
    async fn counts_per_key_and_recovers_after_the_window() {
        let dir = std::env::temp_dir().join(format!("eil-limit-{}", uuid::Uuid::now_v7()));
        let limiter = limiter(&dir, Duration::from_secs(1));
        let keys = |k: &str| vec![(k.to_string(), 2)];
        assert!(limiter.check(keys("a")).await.is_ok());
        assert!(limiter.check(keys("a")).await.is_ok());
        match limiter.check(keys("a")).await {
            Err(ApiError::TooManyRequests { retry_after }) => assert_eq!(retry_after, 1),
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(
            limiter.check(keys("b")).await.is_ok(),
            "another key has its own count"
        );
        tokio::time::sleep(Duration::from_millis(1050)).await;
        assert!(limiter.check(keys("a")).await.is_ok(), "a new window");
        assert!(limiter.check(keys("a")).await.is_ok());
        assert!(limiter.check(keys("a")).await.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn two_limiters_on_one_database_share_the_count() {
        let dir = std::env::temp_dir().join(format!("eil-limit-{}", uuid::Uuid::now_v7()));
        let a = limiter(&dir, Duration::from_secs(60));
        let b = limiter(&dir, Duration::from_secs(60));
        let keys = || vec![("subject:shared".to_string(), 2)];
        assert!(a.check(keys()).await.is_ok());
        assert!(b.check(keys()).await.is_ok());
        match a.check(keys()).await {
            Err(ApiError::TooManyRequests { retry_after }) => {
                assert!((59..=60).contains(&retry_after), "{retry_after}")
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(b.check(keys()).await.is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
