//! The outbox's notices and their attempts.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use eil_shared::notice::{Attempt, AttemptOutcome, Channel, Notice, NoticeQuery, NoticeStatus};
use eil_shared::{NoticeId, Page, WebhookId};

use super::{DbResult, OrNotFound};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::schema::{notice_attempts, notices};
use crate::db::{DbConn, MultiBackend, new_id, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notices)]
struct NoticeRow {
    id: String,
    channel: String,
    event_type: String,
    subscription_id: Option<String>,
    recipient: String,
    payload: String,
    status: String,
    attempts: i32,
    next_attempt_at: String,
    locked_until: Option<String>,
    claim: Option<String>,
    last_error: Option<String>,
    created_at: String,
    sent_at: Option<String>,
}

impl NoticeRow {
    fn into_dto(self, attempt_log: Vec<Attempt>) -> anyhow::Result<Notice> {
        let status: NoticeStatus = parse_enum(&self.status)?;
        Ok(Notice {
            id: parse_id(&self.id)?,
            channel: parse_enum(&self.channel)?,
            event_type: self.event_type,
            subscription_id: self.subscription_id.as_deref().map(parse_id).transpose()?,
            recipient: self.recipient,
            status,
            attempts: u32::try_from(self.attempts).unwrap_or_default(),
            next_attempt_at: (status == NoticeStatus::Pending)
                .then(|| parse_ts(&self.next_attempt_at))
                .transpose()?,
            last_error: self.last_error,
            created_at: parse_ts(&self.created_at)?,
            sent_at: self.sent_at.as_deref().map(parse_ts).transpose()?,
            attempt_log,
        })
    }
}

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = notice_attempts)]
struct AttemptRow {
    id: String,
    notice_id: String,
    at: String,
    outcome: String,
    status_code: Option<i32>,
    error: Option<String>,
    latency_ms: i32,
}

impl AttemptRow {
    fn into_dto(self) -> anyhow::Result<Attempt> {
        Ok(Attempt {
            at: parse_ts(&self.at)?,
            outcome: parse_enum(&self.outcome)?,
            status_code: self.status_code.and_then(|s| u16::try_from(s).ok()),
            error: self.error,
            latency_ms: u32::try_from(self.latency_ms).unwrap_or_default(),
        })
    }
}

/// A notice to queue.
pub struct New<'a> {
    pub channel: Channel,
    pub event_type: &'a str,
    pub subscription_id: Option<WebhookId>,
    pub recipient: &'a str,
    pub payload: &'a str,
    pub at: DateTime<Utc>,
}

pub fn insert(c: &mut DbConn, n: New<'_>) -> DbResult<NoticeId> {
    let id = new_id();
    diesel::insert_into(notices::table)
        .values(NoticeRow {
            id: id.clone(),
            channel: n.channel.as_str().into(),
            event_type: n.event_type.into(),
            subscription_id: n.subscription_id.map(|s| s.to_string()),
            recipient: n.recipient.into(),
            payload: n.payload.into(),
            status: NoticeStatus::Pending.as_str().into(),
            attempts: 0,
            next_attempt_at: ts(n.at),
            locked_until: None,
            claim: None,
            last_error: None,
            created_at: ts(n.at),
            sent_at: None,
        })
        .execute(c)?;
    Ok(parse_id(&id)?)
}

/// Whether any notice of these channels is due: a read, so that an idle worker's poll never
/// takes SQLite's write lock.
pub fn any_due(c: &mut DbConn, channels: &[Channel], now: DateTime<Utc>) -> DbResult<bool> {
    let now = ts(now);
    let channels: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
    let due: Option<String> = notices::table
        .filter(notices::status.eq(NoticeStatus::Pending.as_str()))
        .filter(notices::next_attempt_at.le(now.clone()))
        .filter(
            notices::locked_until
                .is_null()
                .or(notices::locked_until.lt(now)),
        )
        .filter(notices::channel.eq_any(channels))
        .select(notices::id)
        .first(c)
        .optional()?;
    Ok(due.is_some())
}

/// A notice a worker holds the lease of.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: NoticeId,
    pub channel: Channel,
    pub event_type: String,
    pub subscription_id: Option<WebhookId>,
    pub recipient: String,
    pub payload: String,
    /// Attempts before this one.
    pub attempts: u32,
    pub claim: String,
}

/// Takes the lease of up to `limit` due notices of these channels, oldest due first. On
/// PostgreSQL the candidates are locked with `FOR UPDATE SKIP LOCKED`, so workers of
/// several replicas claiming at once take disjoint notices; SQLite has one writer at a
/// time (`BEGIN IMMEDIATE`), which gives the same. Run it in a transaction.
pub fn claim(
    c: &mut DbConn,
    channels: &[Channel],
    now: DateTime<Utc>,
    lease: std::time::Duration,
    limit: i64,
) -> DbResult<Vec<Claimed>> {
    if channels.is_empty() {
        return Ok(Vec::new());
    }
    let now_text = ts(now);
    let channels: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
    let due = notices::table
        .filter(notices::status.eq(NoticeStatus::Pending.as_str()))
        .filter(notices::next_attempt_at.le(now_text.clone()))
        .filter(
            notices::locked_until
                .is_null()
                .or(notices::locked_until.lt(now_text.clone())),
        )
        .filter(notices::channel.eq_any(channels))
        .order((notices::next_attempt_at.asc(), notices::id.asc()))
        .limit(limit);
    let rows: Vec<NoticeRow> = match c {
        DbConn::Postgres(pg) => due.for_update().skip_locked().load(pg)?,
        DbConn::Sqlite(sqlite) => due.load(sqlite)?,
    };
    let until = ts(now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::MAX));
    let mut claimed = Vec::with_capacity(rows.len());
    for row in rows {
        let token = new_id();
        diesel::update(notices::table.find(&row.id))
            .set((notices::locked_until.eq(&until), notices::claim.eq(&token)))
            .execute(c)?;
        claimed.push(Claimed {
            id: parse_id(&row.id)?,
            channel: parse_enum(&row.channel)?,
            event_type: row.event_type,
            subscription_id: row.subscription_id.as_deref().map(parse_id).transpose()?,
            recipient: row.recipient,
            payload: row.payload,
            attempts: u32::try_from(row.attempts).unwrap_or_default(),
            claim: token,
        });
    }
    Ok(claimed)
}

/// What a sent e-mail's payload becomes.
pub const SENT_EMAIL: &str = "{}";

/// What comes after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    Sent,
    /// Failed; try again at this time.
    RetryAt(DateTime<Utc>),
    /// Failed for the last time.
    GiveUp,
}

/// The result of one attempt, as the worker saw it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub at: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub latency_ms: u32,
}

/// Records an attempt and moves the notice on, if the caller still holds its lease;
/// `false` when it does not (the lease ran out and another worker took the notice).
pub fn record(c: &mut DbConn, claimed: &Claimed, outcome: &Outcome, next: &Next) -> DbResult<bool> {
    let id = claimed.id.to_string();
    let attempts = i32::try_from(claimed.attempts + 1).unwrap_or(i32::MAX);
    let target = notices::table
        .filter(notices::id.eq(&id))
        .filter(notices::claim.eq(&claimed.claim));
    let at = ts(outcome.at);
    let changed = match next {
        // A sent e-mail's text is dropped: it may carry a one-time link (an invitation, a
        // password reset), which the database should not keep once it is delivered.
        Next::Sent if claimed.channel == Channel::Email => diesel::update(target)
            .set((
                notices::status.eq(NoticeStatus::Sent.as_str()),
                notices::attempts.eq(attempts),
                notices::sent_at.eq(Some(&at)),
                notices::payload.eq(SENT_EMAIL),
                notices::locked_until.eq(None::<String>),
                notices::claim.eq(None::<String>),
            ))
            .execute(c)?,
        Next::Sent => diesel::update(target)
            .set((
                notices::status.eq(NoticeStatus::Sent.as_str()),
                notices::attempts.eq(attempts),
                notices::sent_at.eq(Some(&at)),
                notices::locked_until.eq(None::<String>),
                notices::claim.eq(None::<String>),
            ))
            .execute(c)?,
        Next::RetryAt(when) => diesel::update(target)
            .set((
                notices::attempts.eq(attempts),
                notices::next_attempt_at.eq(ts(*when)),
                notices::last_error.eq(&outcome.error),
                notices::locked_until.eq(None::<String>),
                notices::claim.eq(None::<String>),
            ))
            .execute(c)?,
        Next::GiveUp => diesel::update(target)
            .set((
                notices::status.eq(NoticeStatus::Failed.as_str()),
                notices::attempts.eq(attempts),
                notices::last_error.eq(&outcome.error),
                notices::locked_until.eq(None::<String>),
                notices::claim.eq(None::<String>),
            ))
            .execute(c)?,
    };
    if changed == 0 {
        return Ok(false);
    }
    let ok = *next == Next::Sent;
    diesel::insert_into(notice_attempts::table)
        .values(AttemptRow {
            id: new_id(),
            notice_id: id,
            at,
            outcome: if ok {
                AttemptOutcome::Sent
            } else {
                AttemptOutcome::Failed
            }
            .as_str()
            .into(),
            status_code: outcome.status_code.map(i32::from),
            error: outcome.error.clone(),
            latency_ms: i32::try_from(outcome.latency_ms).unwrap_or(i32::MAX),
        })
        .execute(c)?;
    Ok(true)
}

/// Newest first; of one subscription when `subscription` is given.
pub fn list(
    c: &mut DbConn,
    q: &NoticeQuery,
    subscription: Option<WebhookId>,
) -> DbResult<Page<Notice>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "newest")?;
    let mut query = notices::table.into_boxed::<MultiBackend>();
    if let Some(s) = subscription {
        query = query.filter(notices::subscription_id.eq(s.to_string()));
    }
    if let Some(s) = q.status {
        query = query.filter(notices::status.eq(s.as_str()));
    }
    if let Some(ch) = q.channel {
        query = query.filter(notices::channel.eq(ch.as_str()));
    }
    let rows: Vec<NoticeRow> = keyset!(query, notices::id, page, true).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    let mut logs = attempts_of(c, &rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>())?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| {
                let log = logs.remove(&r.id).unwrap_or_default();
                r.into_dto(log)
            })
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

fn attempts_of(
    c: &mut DbConn,
    ids: &[String],
) -> DbResult<std::collections::HashMap<String, Vec<Attempt>>> {
    let rows: Vec<AttemptRow> = notice_attempts::table
        .filter(notice_attempts::notice_id.eq_any(ids))
        .order(notice_attempts::id.asc())
        .load(c)?;
    let mut out: std::collections::HashMap<String, Vec<Attempt>> = Default::default();
    for r in rows {
        out.entry(r.notice_id.clone())
            .or_default()
            .push(r.into_dto()?);
    }
    Ok(out)
}

pub fn get(c: &mut DbConn, id: NoticeId) -> DbResult<Notice> {
    let row: NoticeRow = notices::table
        .find(id.to_string())
        .first(c)
        .or_not_found("notice")?;
    let mut logs = attempts_of(c, std::slice::from_ref(&row.id))?;
    let log = logs.remove(&row.id).unwrap_or_default();
    Ok(row.into_dto(log)?)
}

/// Queues a notice again now (a failed one, or a delivered webhook the owner wants once
/// more), with a fresh retry schedule; it keeps its id, so a receiver that already has it
/// can tell. `false` when it is pending or being sent right now (nothing changes).
pub fn requeue(c: &mut DbConn, id: NoticeId) -> DbResult<bool> {
    let n = diesel::update(
        notices::table
            .find(id.to_string())
            .filter(notices::status.ne(NoticeStatus::Pending.as_str())),
    )
    .set((
        notices::status.eq(NoticeStatus::Pending.as_str()),
        notices::attempts.eq(0),
        notices::next_attempt_at.eq(ts(Utc::now())),
        notices::locked_until.eq(None::<String>),
        notices::claim.eq(None::<String>),
    ))
    .execute(c)?;
    Ok(n == 1)
}

/// Gives up the pending deliveries of a subscription that was disabled.
///
/// A delivery being sent right now keeps its lease: its worker records the attempt and finds
/// the subscription disabled at the next one.
pub fn fail_pending_of(c: &mut DbConn, subscription: WebhookId, reason: &str) -> DbResult<usize> {
    let now = ts(Utc::now());
    Ok(diesel::update(
        notices::table
            .filter(notices::subscription_id.eq(subscription.to_string()))
            .filter(notices::status.eq(NoticeStatus::Pending.as_str()))
            .filter(
                notices::locked_until
                    .is_null()
                    .or(notices::locked_until.lt(now)),
            ),
    )
    .set((
        notices::status.eq(NoticeStatus::Failed.as_str()),
        notices::last_error.eq(reason),
        notices::locked_until.eq(None::<String>),
        notices::claim.eq(None::<String>),
    ))
    .execute(c)?)
}

/// Notices not sent, by channel and status: `pending` (the outbox's depth) and `failed`.
/// `sent` is left out: it grows by every notice ever delivered, and counting it would read
/// the whole table. Each count is a range of the `(status, id)` index.
pub fn unsent(c: &mut DbConn) -> DbResult<Vec<(String, String, i64)>> {
    Ok(notices::table
        .filter(notices::status.eq_any([
            NoticeStatus::Pending.as_str(),
            NoticeStatus::Failed.as_str(),
        ]))
        .group_by((notices::channel, notices::status))
        .select((notices::channel, notices::status, diesel::dsl::count_star()))
        .load(c)?)
}
