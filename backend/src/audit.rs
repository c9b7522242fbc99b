//! The audit log: for every write, one entry of who (person or API client), what (action,
//! resource, id, the fields the body set), when, and the request id; a bulk call stores one
//! entry per item.
//!
//! Values are never recorded, only field names, so no password or secret can end up in the
//! log. The entry is drafted from the request ([`Entry::of`]) and stored by the write's own
//! transaction (`routes::audited`), so a change and its entry commit together or not at
//! all: a backup or a crash never holds one without the other. The middleware [`record`]
//! only checks that every successful write under `/api` was audited that way.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, ResponseError, web};
use eil_shared::audit::ActorKind;

use crate::auth::Caller;
use crate::db::models::audit::{self, AuditRow};
use crate::db::{self, DbConn, DbResult, Pool, new_id, ts};
use crate::error::ApiError;
use crate::extract::BodyFields;
use crate::telemetry::RequestId;

/// Sign-in traffic changes no record of the Lab and is left to the request log.
const NOT_AUDITED: &[&str] = &[
    "/api/v1/auth/login",
    "/api/v1/auth/refresh",
    "/api/v1/auth/logout",
    "/api/v1/auth/token",
];

/// Set by a handler whose action is not told by its path, or whose actor is not the caller
/// (accepting an invitation: nobody is signed in, the invitee acts).
#[derive(Debug, Clone)]
pub struct AuditNote {
    pub action: &'static str,
    pub resource: &'static str,
    pub resource_id: String,
    pub actor: Option<(ActorKind, String)>,
}

/// The audit entry of one write: drafted from the request before the write runs, completed
/// by the handler inside its transaction (the id of a new record, a note), and stored by
/// that same transaction after the change.
#[derive(Debug, Clone)]
pub struct Entry {
    row: AuditRow,
    method: Method,
    /// What subscribers hear of this write; published by the same transaction.
    events: Vec<crate::outbox::Event>,
    /// The entries of a bulk call's items ([`Entry::item`]), stored instead of `row`.
    items: Vec<AuditRow>,
}

impl Entry {
    /// Who, what and which request, from the route, the `Caller`, the body's field names
    /// (the JSON extractor leaves them in the request) and the request id.
    pub fn of(req: &HttpRequest) -> Entry {
        let ext = req.extensions();
        let (actor_kind, actor_id) = ext
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller::Anonymous)
            .actor();
        let (action, resource, resource_id) = describe(
            req.method(),
            &req.match_pattern().unwrap_or_default(),
            req.path(),
        );
        Entry {
            row: AuditRow {
                id: String::new(),
                at: String::new(),
                actor_kind: actor_kind.as_str().into(),
                actor_id,
                action,
                resource,
                resource_id,
                path: req.path().chars().take(500).collect(),
                fields: ext
                    .get::<BodyFields>()
                    .map(|f| f.0.join(","))
                    .unwrap_or_default(),
                request_id: ext
                    .get::<RequestId>()
                    .map(|r| r.0.clone())
                    .unwrap_or_default(),
                status: 0,
            },
            method: req.method().clone(),
            events: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Tells webhook subscribers of the change (`outbox::publish`, in the same transaction).
    pub fn emit(&mut self, event: crate::outbox::Event) {
        self.events.push(event);
    }

    /// The events to publish, handed over once (by `routes::audited`).
    pub fn take_events(&mut self) -> Vec<crate::outbox::Event> {
        std::mem::take(&mut self.events)
    }

    /// The id of the record a create made (the path names only the collection).
    pub fn created(&mut self, id: impl ToString) {
        self.row.resource_id = Some(id.to_string());
    }

    /// Replaces what the path tells with the handler's note.
    pub fn note(&mut self, note: AuditNote) {
        self.row.action = note.action.into();
        self.row.resource = note.resource.into();
        self.row.resource_id = Some(note.resource_id);
        if let Some((kind, id)) = note.actor {
            self.row.actor_kind = kind.as_str().into();
            self.row.actor_id = Some(id);
        }
    }

    /// The entry of one item of a bulk call: who and which request as this entry, with the
    /// item's own action, resource, id, the fields it set and the status it got. A request
    /// with items stores them, one entry each, instead of its own.
    pub fn item(
        &mut self,
        action: &'static str,
        resource: &str,
        resource_id: impl ToString,
        fields: &[String],
        status: StatusCode,
    ) {
        let mut row = self.row.clone();
        row.action = action.into();
        row.resource = resource.into();
        row.resource_id = Some(resource_id.to_string());
        row.fields = fields.join(",");
        row.status = i32::from(status.as_u16());
        self.items.push(row);
    }

    /// The status the write answers with: 201 for a create, 204 for a delete, else 200
    /// (a bulk call's 200 too: its action is `bulk`).
    fn status(&self) -> StatusCode {
        match (&self.method, self.row.action.as_str()) {
            (&Method::POST, "create") => StatusCode::CREATED,
            (&Method::POST, action) if QUEUES.contains(&action) => StatusCode::ACCEPTED,
            (&Method::DELETE, _) => StatusCode::NO_CONTENT,
            _ => StatusCode::OK,
        }
    }

    /// Stores the entry; called by the write's transaction after the change, so that a
    /// failure here rolls the change back too.
    pub fn store(&self, c: &mut DbConn) -> DbResult<Audited> {
        let at = ts(chrono::Utc::now());
        let mut row = self.row.clone();
        row.status = i32::from(self.status().as_u16());
        let rows = if self.items.is_empty() {
            std::slice::from_ref(&row)
        } else {
            &self.items[..]
        };
        for r in rows {
            let mut r = r.clone();
            r.id = new_id();
            r.at = at.clone();
            audit::insert(c, &r)?;
        }
        Ok(Audited {
            status: self.status(),
            resource_id: row.resource_id,
        })
    }
}

/// Left in the request by `routes::audited` once the change and its entry have committed.
#[derive(Debug, Clone)]
pub struct Audited {
    status: StatusCode,
    resource_id: Option<String>,
}

/// Checks that every successful write under `/api` (sign-in traffic aside) stored its
/// entry in its own transaction, with the status and (for a create) the id it answers
/// with. A write that did not is a bug in its handler: it is logged at error level and
/// its entry stored now, after the fact, so that none is missing; in debug builds (the
/// test suite) it answers 500 so that the bug cannot go unnoticed.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let request = res.request();
    let write = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !write
        || !res.status().is_success()
        || !request.path().starts_with("/api/")
        || NOT_AUDITED.contains(&request.path())
    {
        return Ok(res);
    }
    let created_id = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| l.rsplit('/').next())
        .map(str::to_owned);
    let audited = request.extensions().get::<Audited>().cloned();
    let problem = match &audited {
        None => Some("a write answered without an audit entry in its transaction".to_string()),
        Some(a) if a.status != res.status() => Some(format!(
            "the audit entry says {} but the write answered {}",
            a.status,
            res.status()
        )),
        Some(a) if created_id.is_some() && a.resource_id != created_id => Some(format!(
            "the audit entry names {:?} but the write created {created_id:?}",
            a.resource_id
        )),
        Some(_) => None,
    };
    let Some(problem) = problem else {
        return Ok(res);
    };
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    tracing::error!(%request_id, method = %request.method(), path = request.path(), "{problem}");
    if audited.is_none()
        && let Some(pool) = request.app_data::<web::Data<Pool>>()
    {
        let mut entry = Entry::of(request);
        if let Some(id) = created_id {
            entry.created(id);
        }
        if let Err(e) = db::transaction(pool, move |c| entry.store(c)).await {
            tracing::error!(%request_id, error = %e, "the audit entry of a write could not be stored");
        }
    }
    if cfg!(debug_assertions) {
        let (req, _) = res.into_parts();
        let answer = ApiError::Internal(anyhow::anyhow!(problem)).error_response();
        return Ok(ServiceResponse::new(req, answer));
    }
    Ok(res)
}

/// Path segments that name an action on the record before them, not a collection.
const VERBS: &[&str] = &["rotate", "bulk", "ping", "redeliver", "retry"];

/// Actions that queue a notice and answer 202 (`request`: a password reset link).
const QUEUES: &[&str] = &["ping", "redeliver", "retry", "request"];

/// (action, resource, resource id) from the route: `PATCH /api/v1/projects/{id}` is
/// (`update`, `projects`, the id); `POST /api/v1/projects/{id}/milestones` is
/// (`create`, `projects/milestones`, no id: the handler names the new one); a literal
/// after an id is the action (`POST /clients/{id}/rotate` is `rotate`).
fn describe(method: &Method, pattern: &str, path: &str) -> (String, String, Option<String>) {
    let pattern = pattern.strip_prefix("/api/v1/").unwrap_or(pattern);
    let path = path.strip_prefix("/api/v1/").unwrap_or(path);
    let mut collections = Vec::new();
    let mut last_id = None;
    let mut verb = None;
    for (p, actual) in pattern.split('/').zip(path.split('/')) {
        if p.starts_with('{') {
            last_id = Some(actual.to_string());
        } else if VERBS.contains(&p) {
            verb = Some(p.to_string());
        } else {
            collections.push(p);
        }
    }
    let action = verb.unwrap_or_else(|| {
        match *method {
            Method::POST => "create",
            Method::DELETE => "delete",
            _ => "update",
        }
        .into()
    });
    let resource_id = if *method == Method::POST && action == "create" {
        None
    } else {
        last_id
    };
    (action, collections.join("/"), resource_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_action_resource_and_id() {
        assert_eq!(
            describe(
                &Method::PATCH,
                "/api/v1/projects/{id}",
                "/api/v1/projects/p1",
            ),
            ("update".into(), "projects".into(), Some("p1".into()))
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/projects/{id}/milestones",
                "/api/v1/projects/p1/milestones",
            ),
            ("create".into(), "projects/milestones".into(), None)
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/clients/{id}/rotate",
                "/api/v1/clients/c1/rotate",
            ),
            ("rotate".into(), "clients".into(), Some("c1".into()))
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/projects/{id}/milestones/bulk",
                "/api/v1/projects/p1/milestones/bulk",
            ),
            (
                "bulk".into(),
                "projects/milestones".into(),
                Some("p1".into())
            )
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/enrolments/bulk",
                "/api/v1/enrolments/bulk"
            ),
            ("bulk".into(), "enrolments".into(), None)
        );
        assert_eq!(
            describe(
                &Method::PUT,
                "/api/v1/accounts/{person_id}/roles",
                "/api/v1/accounts/x/roles",
            ),
            ("update".into(), "accounts/roles".into(), Some("x".into()))
        );
    }
}
