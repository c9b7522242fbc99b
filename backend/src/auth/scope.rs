//! What a partner API client may call: one scope per operation, or nothing.
//!
//! This table is the single source of the rule. The `authenticate` middleware enforces it
//! before any handler runs, and the OpenAPI document states it on every operation. Which
//! records of an allowed operation belong to the client's organisation is decided by the
//! handlers (a project it hosts; an enrolment of one of its people).

use actix_web::http::Method;
use eil_shared::api_client::Scope;

/// The scope an operation needs from a client (`pattern` is the route, e.g.
/// `/api/v1/projects/{id}`); `None` when clients cannot use it at all.
pub fn client_scope(method: &Method, pattern: &str) -> Option<Scope> {
    let path = pattern.strip_prefix("/api/v1/")?;
    let parts: Vec<&str> = path.split('/').collect();
    let is_param = |i: usize| parts.get(i).is_some_and(|p| p.starts_with('{'));
    let read = *method == Method::GET;
    match parts.as_slice() {
        [
            "programmes" | "tracks" | "cohorts" | "organisations" | "events" | "mentors",
            ..,
        ] if read => Some(Scope::CatalogueRead),
        ["kpis"] if read => Some(Scope::CatalogueRead),
        // The client's own webhook subscriptions, every operation on them.
        ["webhooks", ..] => Some(Scope::WebhooksManage),
        ["projects", ..] if read => Some(Scope::ProjectsRead),
        ["enrolments", ..] if read => Some(Scope::EnrolmentsRead),
        // Enrolling (one or in bulk) and changing an enrolment; not deleting one.
        ["enrolments"] | ["enrolments", "bulk"] if *method == Method::POST => {
            Some(Scope::EnrolmentsWrite)
        }
        ["enrolments", _] if *method == Method::PATCH && is_param(1) => {
            Some(Scope::EnrolmentsWrite)
        }
        // A project itself: create and update (not delete).
        ["projects"] if *method == Method::POST => Some(Scope::ProjectsWrite),
        ["projects", _] if *method == Method::PATCH && is_param(1) => Some(Scope::ProjectsWrite),
        // Its milestones: create, update, delete.
        ["projects", _, "milestones", ..] if is_param(1) && !read => Some(Scope::ProjectsWrite),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_reach_only_their_scopes() {
        let s = |m: Method, p: &str| client_scope(&m, p);
        assert_eq!(
            s(Method::GET, "/api/v1/programmes"),
            Some(Scope::CatalogueRead)
        );
        assert_eq!(
            s(Method::GET, "/api/v1/mentors/{id}/availability"),
            Some(Scope::CatalogueRead)
        );
        assert_eq!(
            s(Method::GET, "/api/v1/projects/{id}/updates"),
            Some(Scope::ProjectsRead)
        );
        assert_eq!(
            s(Method::PATCH, "/api/v1/projects/{id}"),
            Some(Scope::ProjectsWrite)
        );
        assert_eq!(s(Method::DELETE, "/api/v1/projects/{id}"), None);
        assert_eq!(
            s(Method::POST, "/api/v1/projects/{id}/milestones/bulk"),
            Some(Scope::ProjectsWrite)
        );
        assert_eq!(
            s(Method::POST, "/api/v1/enrolments/bulk"),
            Some(Scope::EnrolmentsWrite)
        );
        assert_eq!(
            s(Method::PATCH, "/api/v1/enrolments/{id}"),
            Some(Scope::EnrolmentsWrite)
        );
        assert_eq!(s(Method::DELETE, "/api/v1/enrolments/{id}"), None);
        assert_eq!(s(Method::POST, "/api/v1/projects/{id}/updates"), None);
        assert_eq!(s(Method::POST, "/api/v1/projects/{id}/mentors"), None);
        assert_eq!(s(Method::GET, "/api/v1/people"), None);
        assert_eq!(s(Method::GET, "/api/v1/sessions"), None);
        assert_eq!(s(Method::POST, "/api/v1/programmes"), None);
        assert_eq!(s(Method::GET, "/healthz"), None);
    }
}
