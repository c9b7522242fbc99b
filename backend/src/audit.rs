//! The audit log: after every successful write, one entry of who (person or API client),
//! what (action, resource, id, the fields the body set), when, and the request id.
//!
//! Values are never recorded, only field names, so no password or secret can end up in the
//! log. The entry is written right after the change commits; should that fail, the failure
//! is logged at error level with the request id (the change itself stands).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use eil_shared::audit::ActorKind;

use crate::auth::Caller;
use crate::db::models::audit::{self, AuditRow};
use crate::db::{self, Pool, new_id, ts};
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

pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let res = next.call(req).await?;
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
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let row = {
        let ext = request.extensions();
        let (what, note) = (
            describe(
                request.method(),
                &request.match_pattern().unwrap_or_default(),
                request.path(),
                location.as_deref(),
            ),
            ext.get::<AuditNote>().cloned(),
        );
        let (mut actor_kind, mut actor_id) = ext
            .get::<Caller>()
            .cloned()
            .unwrap_or(Caller::Anonymous)
            .actor();
        let (mut action, mut resource, mut resource_id) = what;
        if let Some(note) = note {
            action = note.action.into();
            resource = note.resource.into();
            resource_id = Some(note.resource_id);
            if let Some((kind, id)) = note.actor {
                (actor_kind, actor_id) = (kind, Some(id));
            }
        }
        AuditRow {
            id: new_id(),
            at: ts(chrono::Utc::now()),
            actor_kind: actor_kind.as_str().into(),
            actor_id,
            action,
            resource,
            resource_id,
            path: request.path().chars().take(500).collect(),
            fields: ext
                .get::<BodyFields>()
                .map(|f| f.0.join(","))
                .unwrap_or_default(),
            request_id: ext
                .get::<RequestId>()
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            status: i32::from(res.status().as_u16()),
        }
    };
    if let Some(pool) = request.app_data::<web::Data<Pool>>() {
        let request_id = row.request_id.clone();
        if let Err(e) = db::transaction(pool, move |c| audit::insert(c, &row)).await {
            tracing::error!(%request_id, error = %e, "the audit entry of a write could not be stored");
        }
    }
    Ok(res)
}

/// Path segments that name an action on the record before them, not a collection.
const VERBS: &[&str] = &["rotate"];

/// (action, resource, resource id) from the route: `PATCH /api/v1/projects/{id}` is
/// (`update`, `projects`, the id); `POST /api/v1/projects/{id}/milestones` is
/// (`create`, `projects/milestones`, the new id from `Location`); a literal after an id is
/// the action (`POST /clients/{id}/rotate` is `rotate`).
fn describe(
    method: &Method,
    pattern: &str,
    path: &str,
    location: Option<&str>,
) -> (String, String, Option<String>) {
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
        location
            .and_then(|l| l.rsplit('/').next())
            .map(str::to_owned)
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
                None
            ),
            ("update".into(), "projects".into(), Some("p1".into()))
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/projects/{id}/milestones",
                "/api/v1/projects/p1/milestones",
                Some("/api/v1/projects/p1/milestones/m9")
            ),
            (
                "create".into(),
                "projects/milestones".into(),
                Some("m9".into())
            )
        );
        assert_eq!(
            describe(
                &Method::POST,
                "/api/v1/clients/{id}/rotate",
                "/api/v1/clients/c1/rotate",
                None
            ),
            ("rotate".into(), "clients".into(), Some("c1".into()))
        );
        assert_eq!(
            describe(
                &Method::PUT,
                "/api/v1/accounts/{person_id}/roles",
                "/api/v1/accounts/x/roles",
                None
            ),
            ("update".into(), "accounts/roles".into(), Some("x".into()))
        );
    }
}
