//! The outbox: notices written in the transaction of the change that causes them, and a
//! delivery worker that sends them afterwards.
//!
//! A write publishes [`Event`]s through its audit entry (`audit::Entry::emit`); the same
//! transaction fans each out to one notice per matching webhook subscription whose owner
//! may read the record. E-mails are queued with [`enqueue_email`]. A rolled-back change
//! leaves no notice; a committed one always has its notices. The worker ([`worker`])
//! claims due notices with a lease, sends them, records every attempt and retries with
//! backoff. Delivery is at least once: receivers de-duplicate by the notice id.

pub mod mail;
pub mod mailings;
pub mod safety;
pub mod templates;
pub mod webhook;
pub mod worker;

use std::sync::Arc;

use eil_shared::OrganisationId;
use eil_shared::api_client::Scope;
use eil_shared::notice::Channel;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;

use crate::db::models::{notice, webhook as subscriptions};
use crate::db::{DbConn, DbResult};

/// Who may hear of a change: the readers of the record through the API.
#[derive(Debug, Clone, PartialEq)]
pub enum Audience {
    /// The public catalogue: every partner client with `catalogue:read`.
    Catalogue,
    /// Records of these organisations: a partner client of one of them, with the scope.
    Organisations {
        scope: Scope,
        organisations: Vec<OrganisationId>,
    },
    /// Records partner clients cannot read (sessions): admins' subscriptions only.
    Staff,
}

impl Audience {
    /// Whether a partner client of `organisation` with `scopes` may read the record.
    pub fn admits(&self, organisation: OrganisationId, scopes: &[Scope]) -> bool {
        match self {
            Audience::Catalogue => scopes.contains(&Scope::CatalogueRead),
            Audience::Organisations {
                scope,
                organisations,
            } => scopes.contains(scope) && organisations.contains(&organisation),
            Audience::Staff => false,
        }
    }
}

impl Audience {
    /// A project's readers: clients of its host organisations with `projects:read`.
    pub fn hosts(project: &eil_shared::project::Project) -> Audience {
        Audience::Organisations {
            scope: Scope::ProjectsRead,
            organisations: project.hosts.iter().map(|h| h.id).collect(),
        }
    }

    /// The readers of what belongs to a project (milestones, updates).
    pub fn of_project(c: &mut DbConn, project: eil_shared::ProjectId) -> DbResult<Audience> {
        let p = crate::db::models::project::get(c, &crate::db::IdOrSlug::id(project))?;
        Ok(Audience::hosts(&p))
    }

    /// The readers of a person's enrolments: clients of the person's organisation with
    /// `enrolments:read`.
    pub fn of_person(c: &mut DbConn, person: eil_shared::PersonId) -> DbResult<Audience> {
        let p = crate::db::models::person::get(c, person)?;
        Ok(Audience::Organisations {
            scope: Scope::EnrolmentsRead,
            organisations: p.organisation_id.into_iter().collect(),
        })
    }
}

/// A change that subscribers may hear of.
#[derive(Debug, Clone)]
pub struct Event {
    /// `project.updated`.
    pub kind: String,
    /// The record as the API returns it (for a deletion: its id).
    pub data: serde_json::Value,
    pub audience: Audience,
}

impl Event {
    /// `resource.action` with the record serialised as the API answers.
    pub fn new(resource: &str, action: &str, data: &impl Serialize, audience: Audience) -> Event {
        Event {
            kind: format!("{resource}.{action}"),
            data: serde_json::to_value(data).unwrap_or(serde_json::Value::Null),
            audience,
        }
    }

    /// `resource.deleted` with the id of the record that is gone.
    pub fn deleted(resource: &str, id: impl ToString, audience: Audience) -> Event {
        Event::new(
            resource,
            "deleted",
            &serde_json::json!({ "id": id.to_string() }),
            audience,
        )
    }
}

/// An e-mail to send: plain text with a simple HTML alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Email {
    /// What the outbox lists it as: `email.invitation`, `email.password_reset`, ...
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Writes one notice per subscription that wants the event and whose owner may read the
/// record. Runs inside the write's transaction.
pub fn publish(c: &mut DbConn, event: &Event) -> DbResult<usize> {
    let now = chrono::Utc::now();
    let mut queued = 0;
    for sub in subscriptions::active_for(c, &event.kind)? {
        if let Some((organisation, scopes)) = &sub.owner
            && !event.audience.admits(*organisation, scopes)
        {
            continue;
        }
        let body = webhook::body(&event.kind, now, &event.data);
        notice::insert(
            c,
            notice::New {
                channel: Channel::Webhook,
                event_type: &event.kind,
                subscription_id: Some(sub.id),
                recipient: &sub.url,
                payload: &body,
                at: now,
            },
        )?;
        queued += 1;
    }
    Ok(queued)
}

/// Queues an e-mail; sent once SMTP is configured.
pub fn enqueue_email(c: &mut DbConn, email: &Email) -> DbResult<eil_shared::NoticeId> {
    let payload = serde_json::to_string(email).map_err(anyhow::Error::from)?;
    notice::insert(
        c,
        notice::New {
            channel: Channel::Email,
            event_type: &email.kind,
            subscription_id: None,
            recipient: &email.to,
            payload: &payload,
            at: chrono::Utc::now(),
        },
    )
}

/// Wakes this process's worker when a write has queued notices, so that a delivery does
/// not wait for the next poll. Other replicas find them at their next poll.
#[derive(Debug, Clone, Default)]
pub struct Doorbell(Arc<Notify>);

impl Doorbell {
    pub fn ring(&self) {
        self.0.notify_one();
    }

    pub async fn wait(&self, poll: std::time::Duration) {
        let _ = tokio::time::timeout(poll, self.0.notified()).await;
    }
}
