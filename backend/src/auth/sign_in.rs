//! Sign-ins: one per log-in, the family of refresh tokens rotated from it, and the `sid` of
//! the access tokens issued in it. Here: the grace window for a refresh token presented
//! again by a parallel tab, and the check that an access token's sign-in has not ended.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::db::{self, Pool};
use crate::error::ApiError;

use super::token::ACCESS_TTL_SECS;

/// Beyond this many entries, stale ones are swept (and if that is not enough, all are
/// dropped) before a new one is added, so the cache stays small whatever callers send.
const SWEEP_AT: usize = 10_000;

/// How sign-ins are checked. Replicas share the database, so the check reads it; the cache
/// only bounds how stale a "still signed in" answer may be.
#[derive(Debug)]
pub struct SignIns {
    grace: Duration,
    cache_for: Duration,
    /// Sign-in id → (when it was read, whether it was live).
    cache: Mutex<HashMap<String, (Instant, bool)>>,
}

impl SignIns {
    /// `grace`: how long a used refresh token still yields its successor; `cache_for`: how
    /// long a "still signed in" answer is reused (zero: every request reads the database).
    pub fn new(grace: Duration, cache_for: Duration) -> Self {
        SignIns {
            grace,
            cache_for,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The grace window, for comparing with stored instants.
    pub fn grace(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.grace).unwrap_or(chrono::Duration::MAX)
    }

    /// Ok while the sign-in lasts; 401 once it was ended (signed out, a reused refresh token,
    /// a role taken away) or when it does not exist.
    pub async fn check(&self, pool: &Pool, sign_in: &str) -> Result<(), ApiError> {
        let live = match self.cached(sign_in) {
            Some(live) => live,
            None => {
                let id = sign_in.to_owned();
                let live =
                    db::run(pool, move |c| db::models::account::sign_in_live(c, &id)).await?;
                self.remember(sign_in, live);
                live
            }
        };
        if live {
            Ok(())
        } else {
            Err(ApiError::Unauthorized(
                "this sign-in has ended (signed out or revoked); sign in again".into(),
            ))
        }
    }

    /// Tells this process at once that it ended a sign-in, so that here the end does not
    /// wait for the cache (other replicas see it within `cache_for`).
    pub fn ended(&self, sign_in: &str) {
        self.remember(sign_in, false);
    }

    fn cached(&self, sign_in: &str) -> Option<bool> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let (at, live) = *cache.get(sign_in)?;
        // An ended sign-in never comes back, so "ended" is kept as long as any of its
        // access tokens can live; "live" only for `cache_for`.
        let keep = if live {
            self.cache_for
        } else {
            Duration::from_secs(ACCESS_TTL_SECS)
        };
        (at.elapsed() < keep).then_some(live)
    }

    fn remember(&self, sign_in: &str, live: bool) {
        if live && self.cache_for.is_zero() {
            return;
        }
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= SWEEP_AT {
            let ended_for = Duration::from_secs(ACCESS_TTL_SECS);
            let cache_for = self.cache_for;
            cache.retain(|_, (at, live)| at.elapsed() < if *live { cache_for } else { ended_for });
            if cache.len() >= SWEEP_AT {
                cache.clear();
            }
        }
        cache.insert(sign_in.to_owned(), (Instant::now(), live));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_answers_are_kept_for_the_bound_and_ended_ones_for_a_token_lifetime() {
        let s = SignIns::new(Duration::ZERO, Duration::from_millis(100));
        s.remember("a", true);
        s.ended("b");
        assert_eq!(s.cached("a"), Some(true));
        assert_eq!(s.cached("b"), Some(false));
        assert_eq!(s.cached("c"), None);
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(s.cached("a"), None, "read again after the bound");
        assert_eq!(s.cached("b"), Some(false));
        s.ended("a");
        assert_eq!(s.cached("a"), Some(false), "ending overrides a live answer");
    }

    #[test]
    fn without_a_cache_live_answers_are_not_kept() {
        let s = SignIns::new(Duration::ZERO, Duration::ZERO);
        s.remember("a", true);
        assert_eq!(s.cached("a"), None);
    }
}
