//! Webhook subscriptions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use eil_shared::api_client::Scope;
use eil_shared::pagination::PageQuery;
use eil_shared::webhook::{Webhook, WebhookStatus, type_matches};
use eil_shared::{ApiClientId, OrganisationId, Page, WebhookId};

use super::{DbResult, OrNotFound, expect_row};
use crate::db::pagination::{PageRequest, keyset};
use crate::db::record::{row_lock, versioned};
use crate::db::schema::{api_clients, webhook_subscriptions as subs};
use crate::db::{DbConn, MultiBackend, Record, parse_enum, parse_id, parse_ts, ts};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = subs)]
struct Row {
    id: String,
    client_id: Option<String>,
    url: String,
    event_types: String,
    description: String,
    secret: String,
    status: String,
    disabled_reason: Option<String>,
    failing_since: Option<String>,
    created_at: String,
    updated_at: String,
    version: i32,
    previous_secret: Option<String>,
    previous_secret_until: Option<String>,
}

/// Every column but the id, the owner and the secret: what a PATCH may change.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = subs, treat_none_as_null = true)]
struct Changes {
    url: String,
    event_types: String,
    description: String,
    status: String,
    disabled_reason: Option<String>,
    failing_since: Option<String>,
    updated_at: String,
    version: i32,
}

impl Changes {
    fn of(w: &Webhook) -> Changes {
        Changes {
            url: w.url.clone(),
            event_types: w.event_types.join(" "),
            description: w.description.clone(),
            status: w.status.as_str().into(),
            disabled_reason: w.disabled_reason.clone(),
            failing_since: w.failing_since.map(ts),
            updated_at: ts(w.updated_at),
            version: w.version,
        }
    }
}

impl Row {
    fn into_dto(self) -> anyhow::Result<Webhook> {
        Ok(Webhook {
            id: parse_id(&self.id)?,
            client_id: self.client_id.as_deref().map(parse_id).transpose()?,
            url: self.url,
            event_types: self
                .event_types
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            description: self.description,
            status: parse_enum(&self.status)?,
            disabled_reason: self.disabled_reason,
            failing_since: self.failing_since.as_deref().map(parse_ts).transpose()?,
            created_at: parse_ts(&self.created_at)?,
            updated_at: parse_ts(&self.updated_at)?,
            version: self.version,
        })
    }
}

/// A new subscription with its secret.
pub fn insert(
    c: &mut DbConn,
    client: Option<ApiClientId>,
    url: &str,
    event_types: &[String],
    description: &str,
    secret: &str,
) -> DbResult<Webhook> {
    let now = ts(Utc::now());
    let row = Row {
        id: crate::db::new_id(),
        client_id: client.map(|c| c.to_string()),
        url: url.into(),
        event_types: event_types.join(" "),
        description: description.into(),
        secret: secret.into(),
        status: WebhookStatus::Active.as_str().into(),
        disabled_reason: None,
        failing_since: None,
        created_at: now.clone(),
        updated_at: now,
        version: 1,
        previous_secret: None,
        previous_secret_until: None,
    };
    diesel::insert_into(subs::table)
        .values(row.clone())
        .execute(c)?;
    Ok(row.into_dto()?)
}

pub fn get(c: &mut DbConn, id: WebhookId) -> DbResult<Webhook> {
    let row: Row = subs::table
        .find(id.to_string())
        .first(c)
        .or_not_found("webhook")?;
    Ok(row.into_dto()?)
}

/// Oldest first; of one client's when `client` is given.
pub fn list(c: &mut DbConn, q: &PageQuery, client: Option<ApiClientId>) -> DbResult<Page<Webhook>> {
    let page = PageRequest::new(q.limit, q.cursor.as_deref(), "created")?;
    let mut query = subs::table.into_boxed::<MultiBackend>();
    if let Some(client) = client {
        query = query.filter(subs::client_id.eq(client.to_string()));
    }
    let rows: Vec<Row> = keyset!(query, subs::id, page, false).load(c)?;
    let (rows, next_cursor) = page.finish(rows, |r| (r.id.clone(), r.id.clone()));
    Ok(Page {
        items: rows
            .into_iter()
            .map(Row::into_dto)
            .collect::<anyhow::Result<_>>()?,
        next_cursor,
    })
}

/// Replaces the signing secret; the one it replaces keeps signing beside it until `grace`
/// ends (Standard Webhooks allows several signatures in one header).
pub fn set_secret(
    c: &mut DbConn,
    id: WebhookId,
    secret: &str,
    grace: DateTime<Utc>,
) -> DbResult<()> {
    let n = diesel::update(subs::table.find(id.to_string()))
        .set((
            subs::previous_secret.eq(subs::secret.nullable()),
            subs::previous_secret_until.eq(ts(grace)),
            subs::secret.eq(secret),
            subs::updated_at.eq(ts(Utc::now())),
            subs::version.eq(subs::version + 1),
        ))
        .execute(c)?;
    expect_row(n, "webhook")
}

pub fn delete(c: &mut DbConn, id: WebhookId) -> DbResult<()> {
    let n = diesel::delete(subs::table.find(id.to_string())).execute(c)?;
    expect_row(n, "webhook")
}

/// An active subscription that takes an event, with its owner's organisation and scopes
/// (none for an admin's subscription).
pub struct Listener {
    pub id: WebhookId,
    pub url: String,
    pub owner: Option<(OrganisationId, Vec<Scope>)>,
}

/// id, client id, URL, types, and the client's organisation, scopes and revocation.
type ListenerRow = (
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The active subscriptions whose types take `event`; a revoked client's are left out.
pub fn active_for(c: &mut DbConn, event: &str) -> DbResult<Vec<Listener>> {
    let rows: Vec<ListenerRow> = subs::table
        .left_join(api_clients::table.on(subs::client_id.eq(api_clients::id.nullable())))
        .filter(subs::status.eq(WebhookStatus::Active.as_str()))
        .select((
            subs::id,
            subs::client_id,
            subs::url,
            subs::event_types,
            api_clients::organisation_id.nullable(),
            api_clients::scopes.nullable(),
            api_clients::revoked_at.nullable(),
        ))
        .load(c)?;
    let mut out = Vec::new();
    for (id, client, url, types, organisation, scopes, revoked) in rows {
        if !types.split_whitespace().any(|t| type_matches(t, event)) {
            continue;
        }
        let owner = match (client, organisation, scopes) {
            (None, _, _) => None,
            (Some(_), Some(org), Some(scopes)) if revoked.is_none() => Some((
                parse_id(&org)?,
                Scope::split(&scopes).map_err(|s| anyhow::anyhow!("stored scope `{s}`"))?,
            )),
            // A revoked client's subscription hears nothing.
            (Some(_), _, _) => continue,
        };
        out.push(Listener {
            id: parse_id(&id)?,
            url,
            owner,
        });
    }
    Ok(out)
}

/// What the worker needs to sign and send a delivery.
pub struct Target {
    /// The URL now (it may have changed since the notice was queued).
    pub url: String,
    pub secret: String,
    pub status: WebhookStatus,
    pub failing_since: Option<DateTime<Utc>>,
    /// The owning client was revoked after the notice was queued.
    pub client_revoked: bool,
    /// The secret a rotation replaced, while it still signs beside `secret`.
    pub previous_secret: Option<String>,
}

pub fn target(c: &mut DbConn, id: WebhookId) -> DbResult<Target> {
    type TargetRow = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let (url, secret, status, failing, revoked, previous, until): TargetRow = subs::table
        .left_join(api_clients::table.on(subs::client_id.eq(api_clients::id.nullable())))
        .filter(subs::id.eq(id.to_string()))
        .select((
            subs::url,
            subs::secret,
            subs::status,
            subs::failing_since,
            api_clients::revoked_at.nullable(),
            subs::previous_secret,
            subs::previous_secret_until,
        ))
        .first(c)
        .or_not_found("webhook")?;
    let now = ts(Utc::now());
    Ok(Target {
        previous_secret: previous.filter(|_| until.is_some_and(|u| u > now)),
        url,
        secret,
        status: parse_enum(&status)?,
        failing_since: failing.as_deref().map(parse_ts).transpose()?,
        client_revoked: revoked.is_some(),
    })
}

/// After a successful delivery: the subscription no longer fails.
pub fn mark_healthy(c: &mut DbConn, id: WebhookId) -> DbResult<()> {
    diesel::update(
        subs::table
            .find(id.to_string())
            .filter(subs::failing_since.is_not_null()),
    )
    .set(subs::failing_since.eq(None::<String>))
    .execute(c)?;
    Ok(())
}

/// After a failed delivery: failing since now, unless it already was.
pub fn mark_failing(c: &mut DbConn, id: WebhookId, now: DateTime<Utc>) -> DbResult<()> {
    diesel::update(
        subs::table
            .find(id.to_string())
            .filter(subs::failing_since.is_null()),
    )
    .set(subs::failing_since.eq(ts(now)))
    .execute(c)?;
    Ok(())
}

/// Disables a subscription that failed too long, with the reason.
pub fn disable(c: &mut DbConn, id: WebhookId, reason: &str) -> DbResult<()> {
    diesel::update(subs::table.find(id.to_string()))
        .set((
            subs::status.eq(WebhookStatus::Disabled.as_str()),
            subs::disabled_reason.eq(reason),
            subs::updated_at.eq(ts(Utc::now())),
            subs::version.eq(subs::version + 1),
        ))
        .execute(c)?;
    Ok(())
}

impl Record for Webhook {
    type Key = WebhookId;

    fn load(c: &mut DbConn, key: &WebhookId) -> DbResult<Self> {
        get(c, *key)
    }

    versioned!();
    row_lock!(subs);

    fn store(&self, c: &mut DbConn, expected: i32) -> DbResult<()> {
        let n = diesel::update(
            subs::table
                .filter(subs::id.eq(self.id.to_string()))
                .filter(subs::version.eq(expected)),
        )
        .set(Changes::of(self))
        .execute(c)?;
        crate::db::expect_version(n, expected)
    }
}
