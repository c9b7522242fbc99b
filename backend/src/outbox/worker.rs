//! The delivery worker: claims due notices, sends them, records each attempt, retries with
//! exponential backoff and jitter, and gives up after the last retry.
//!
//! Every replica runs one. A claim is a lease (`locked_until`): on PostgreSQL replicas
//! claim disjoint notices (`FOR UPDATE SKIP LOCKED`), and a lease outlives the longest
//! attempt, so one notice is never sent by two workers at the same time. A worker that
//! dies (kill -9) leaves its leases to run out; the notices are then claimed again, so
//! none is lost, and one may arrive twice: delivery is at least once.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use eil_shared::notice::Channel;
use eil_shared::webhook::WebhookStatus;
use tokio::task::JoinSet;

use super::Doorbell;
use super::mail::Mailer;
use super::webhook::deliver;
use crate::db::models::notice::{self, Claimed, Next, Outcome};
use crate::db::models::webhook as subscriptions;
use crate::db::{self, DbConn, DbResult, Pool};

/// How the worker behaves (from `config::OutboxConfig`).
#[derive(Debug, Clone)]
pub struct Settings {
    /// How often it looks for due notices when nothing rang the doorbell.
    pub poll: Duration,
    /// How long a claim holds; longer than the longest attempt.
    pub lease: Duration,
    /// The waits before each retry; after the last one the notice has failed.
    pub retries: Vec<Duration>,
    /// Notices claimed at once.
    pub batch: i64,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    /// A subscription whose deliveries fail this long is disabled.
    pub disable_after: Duration,
    /// Webhooks may go to `http` and internal addresses (tests, development).
    pub allow_local: bool,
}

impl Settings {
    /// When the attempt after `attempts` failed ones is due, or `None` after the last.
    pub fn next_after(&self, attempts: u32, now: chrono::DateTime<Utc>) -> Next {
        match self.retries.get(attempts.saturating_sub(1) as usize) {
            Some(wait) => {
                let jittered = jitter(*wait);
                Next::RetryAt(now + chrono::Duration::from_std(jittered).unwrap_or_default())
            }
            None => Next::GiveUp,
        }
    }
}

/// A wait spread by ±20 %, so that the retries of many notices that failed together
/// (a receiver that was down) do not all arrive at the same moment.
fn jitter(wait: Duration) -> Duration {
    let r = (uuid::Uuid::new_v4().as_u128() % 10_000) as f64 / 10_000.0;
    wait.mul_f64(0.8 + 0.4 * r)
}

/// The worker of one process.
pub struct Worker {
    pool: Pool,
    doorbell: Doorbell,
    http: reqwest::Client,
    mailer: Option<Arc<Mailer>>,
    settings: Arc<Settings>,
}

impl Worker {
    pub fn new(
        pool: Pool,
        doorbell: Doorbell,
        mailer: Option<Mailer>,
        settings: Settings,
    ) -> anyhow::Result<Worker> {
        let http = super::webhook::client(
            settings.connect_timeout,
            settings.timeout,
            settings.allow_local,
        )?;
        Ok(Worker {
            pool,
            doorbell,
            http,
            mailer: mailer.map(Arc::new),
            settings: Arc::new(settings),
        })
    }

    /// Runs until the process ends.
    pub fn spawn(self) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move { self.run().await })
    }

    async fn run(self) {
        let mut channels = vec![Channel::Webhook];
        if self.mailer.is_some() {
            channels.push(Channel::Email);
        }
        loop {
            let (lease, batch) = (self.settings.lease, self.settings.batch);
            let chans = channels.clone();
            let due = db::run(&self.pool, move |c| notice::any_due(c, &chans, Utc::now())).await;
            if !matches!(due, Ok(true)) {
                if let Err(e) = due {
                    tracing::warn!(error = %e, "the outbox worker could not look for notices");
                }
                self.doorbell.wait(self.settings.poll).await;
                continue;
            }
            let chans = channels.clone();
            let claimed = db::transaction(&self.pool, move |c| {
                notice::claim(c, &chans, Utc::now(), lease, batch)
            })
            .await;
            let claimed = match claimed {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "the outbox worker could not claim notices");
                    self.doorbell.wait(self.settings.poll).await;
                    continue;
                }
            };
            let full = claimed.len() as i64 >= batch;
            if claimed.is_empty() {
                self.doorbell.wait(self.settings.poll).await;
                continue;
            }
            let mut running = JoinSet::new();
            for n in claimed {
                running.spawn(send_one(
                    self.pool.clone(),
                    self.http.clone(),
                    self.mailer.clone(),
                    self.settings.clone(),
                    n,
                ));
            }
            while running.join_next().await.is_some() {}
            if !full {
                // Claimed less than a batch: what was due is done; wait for more.
                self.doorbell.wait(Duration::from_millis(1)).await;
            }
        }
    }
}

/// What one attempt came to.
enum Attempted {
    Sent {
        code: Option<u16>,
        ms: u32,
    },
    Failed {
        code: Option<u16>,
        error: String,
        ms: u32,
    },
    /// Never to be sent (the subscription is disabled, its client revoked): give up.
    Refused(String),
    /// Nothing to do or record (the subscription was deleted with its notices; no mailer).
    Skip,
}

fn failure(at: chrono::DateTime<Utc>, code: Option<u16>, error: String, ms: u32) -> Outcome {
    Outcome {
        at,
        status_code: code,
        error: Some(error),
        latency_ms: ms,
    }
}

/// Makes one attempt: the webhook to its subscription's current URL, signed with its
/// current secret; or the e-mail.
async fn attempt(
    pool: &Pool,
    http: &reqwest::Client,
    mailer: Option<&Mailer>,
    settings: &Settings,
    n: &Claimed,
) -> Attempted {
    match n.channel {
        Channel::Webhook => {
            let Some(sub) = n.subscription_id else {
                return Attempted::Refused("a webhook notice without its subscription".into());
            };
            let t = match db::run(pool, move |c| subscriptions::target(c, sub)).await {
                Ok(t) => t,
                Err(crate::db::DbError::NotFound(_)) => return Attempted::Skip,
                Err(e) => {
                    return Attempted::Failed {
                        code: None,
                        error: format!("could not read the subscription: {e}"),
                        ms: 0,
                    };
                }
            };
            if t.client_revoked {
                return Attempted::Refused("the subscription's client was revoked".into());
            }
            if t.status != WebhookStatus::Active {
                return Attempted::Refused("the subscription is disabled".into());
            }
            let d = deliver(
                http,
                &t.url,
                settings.allow_local,
                &n.id.to_string(),
                &std::iter::once(t.secret.as_str())
                    .chain(t.previous_secret.as_deref())
                    .collect::<Vec<_>>(),
                &n.payload,
            )
            .await;
            if d.ok {
                Attempted::Sent {
                    code: d.status_code,
                    ms: d.latency_ms,
                }
            } else {
                Attempted::Failed {
                    code: d.status_code,
                    error: d.error.unwrap_or_else(|| "failed".into()),
                    ms: d.latency_ms,
                }
            }
        }
        Channel::Email => {
            let Some(m) = mailer else {
                return Attempted::Skip;
            };
            let t = std::time::Instant::now();
            let r = m.send_payload(&n.payload).await;
            let ms = u32::try_from(t.elapsed().as_millis()).unwrap_or(u32::MAX);
            match r {
                Ok(code) => Attempted::Sent {
                    code: Some(code),
                    ms,
                },
                Err(e) => Attempted::Failed {
                    code: e.code,
                    error: e.message,
                    ms,
                },
            }
        }
    }
}

/// Sends one claimed notice and records what happened.
async fn send_one(
    pool: Pool,
    http: reqwest::Client,
    mailer: Option<Arc<Mailer>>,
    settings: Arc<Settings>,
    n: Claimed,
) {
    let started = Utc::now();
    // However the receiver or the SMTP server behaves, an attempt ends well inside the
    // lease, so no other worker claims the notice while this one still sends it.
    let deadline = settings.lease.mul_f64(0.8);
    let attempt = tokio::time::timeout(
        deadline,
        attempt(&pool, &http, mailer.as_deref(), &settings, &n),
    );
    let (outcome, next) = match attempt.await {
        Ok(Attempted::Skip) => return,
        Ok(Attempted::Refused(reason)) => (failure(started, None, reason, 0), Next::GiveUp),
        Ok(Attempted::Sent { code, ms }) => (
            Outcome {
                at: started,
                status_code: code,
                error: None,
                latency_ms: ms,
            },
            Next::Sent,
        ),
        Ok(Attempted::Failed { code, error, ms }) => (
            failure(started, code, error, ms),
            settings.next_after(n.attempts + 1, Utc::now()),
        ),
        Err(_) => (
            failure(
                started,
                None,
                format!("timed out after {} s", deadline.as_secs()),
                u32::try_from(deadline.as_millis()).unwrap_or(u32::MAX),
            ),
            settings.next_after(n.attempts + 1, Utc::now()),
        ),
    };
    let ok = next == Next::Sent;
    let disable_after = settings.disable_after;
    let id = n.id;
    let recorded = db::transaction(&pool, move |c| {
        let held = notice::record(c, &n, &outcome, &next)?;
        if held && let Some(sub) = n.subscription_id {
            health(c, sub, ok, &outcome, disable_after)?;
        }
        DbResult::Ok(held)
    })
    .await;
    match recorded {
        Ok(true) => {}
        Ok(false) => {
            tracing::warn!(notice = %id, "a notice's lease ran out before its attempt was recorded")
        }
        Err(e) => {
            tracing::error!(notice = %id, error = %e, "the attempt of a notice could not be recorded")
        }
    }
}

/// Keeps a subscription's health: healthy again after a success; failing since the first
/// failure; disabled, with its pending deliveries given up, once it has failed too long.
fn health(
    c: &mut DbConn,
    sub: eil_shared::WebhookId,
    ok: bool,
    outcome: &Outcome,
    disable_after: Duration,
) -> DbResult<()> {
    if ok {
        return subscriptions::mark_healthy(c, sub);
    }
    subscriptions::mark_failing(c, sub, outcome.at)?;
    let t = subscriptions::target(c, sub)?;
    let Some(since) = t.failing_since else {
        return Ok(());
    };
    let limit = chrono::Duration::from_std(disable_after).unwrap_or(chrono::Duration::MAX);
    if t.status == WebhookStatus::Active && outcome.at - since >= limit {
        let reason = format!(
            "deliveries failed since {} (last: {})",
            since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            outcome.error.as_deref().unwrap_or("unknown")
        );
        subscriptions::disable(c, sub, &reason)?;
        notice::fail_pending_of(c, sub, "the subscription was disabled")?;
        tracing::warn!(webhook = %sub, %reason, "disabled a failing webhook subscription");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_with_jitter_then_give_up() {
        let s = Settings {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(60),
            retries: [60, 300, 1800].map(Duration::from_secs).to_vec(),
            batch: 10,
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(10),
            disable_after: Duration::from_secs(86400),
            allow_local: false,
        };
        let now = Utc::now();
        for (attempts, wait) in [(1, 60), (2, 300), (3, 1800)] {
            let Next::RetryAt(at) = s.next_after(attempts, now) else {
                panic!("attempt {attempts} should be retried");
            };
            let secs = (at - now).num_milliseconds() as f64 / 1000.0;
            assert!(
                secs >= f64::from(wait) * 0.8 && secs <= f64::from(wait) * 1.2,
                "after attempt {attempts}: {secs} s"
            );
        }
        assert_eq!(s.next_after(4, now), Next::GiveUp);
    }
}
