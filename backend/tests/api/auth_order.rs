//! Authentication before validation: a write by someone who may not make it is 401 or 403
//! whatever the body holds, so a caller who is not signed in learns nothing about the
//! body's rules, and a client can tell "sign in" from "fix the body".

use eil_shared::auth::Role;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{TestApp, account, spawn_app};

/// Bodies no write accepts: not JSON, not declared as JSON, and a JSON object of unknown
/// fields holding a NUL.
const BAD_BODIES: &[(&str, &str)] = &[
    ("application/json", "{not json"),
    ("text/plain", "hello"),
    (
        "application/json",
        "{\"bogus\": \"a\\u0000b\", \"capacity\": \"many\"}",
    ),
];

/// Every write of the served document outside sign-in, with `{param}`s filled in.
async fn writes(app: &TestApp) -> Vec<(Method, String)> {
    let doc: Value = app
        .http
        .get(format!("{}/api-docs/openapi.json", app.address))
        .send()
        .await
        .expect("document")
        .json()
        .await
        .expect("JSON");
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if path.starts_with("/api/v1/auth/") {
            continue;
        }
        for method in item.as_object().expect("path item").keys() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            if [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(&method) {
                let url = path
                    .split('/')
                    .map(|s| if s.starts_with('{') { "some-slug" } else { s })
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((method, url));
            }
        }
    }
    out
}

async fn send(
    http: &reqwest::Client,
    app: &TestApp,
    method: &Method,
    path: &str,
    (content_type, body): (&str, &str),
) -> (u16, Value, Option<String>) {
    let res = http
        .request(method.clone(), format!("{}{path}", app.address))
        .header("Content-Type", content_type)
        .body(body.to_string())
        .send()
        .await
        .expect("an answer");
    let status = res.status().as_u16();
    let challenge = res
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, res.json().await.unwrap_or(Value::Null), challenge)
}

#[tokio::test]
async fn anonymous_writes_are_401_whatever_the_body() {
    let app = spawn_app().await;
    let writes = writes(&app).await;
    assert!(writes.len() > 40, "only {} writes found", writes.len());
    let anon = reqwest::Client::new();
    let mut wrong = Vec::new();
    for (method, path) in &writes {
        for bad in BAD_BODIES {
            let (status, problem, challenge) = send(&anon, &app, method, path, *bad).await;
            if status != 401 || challenge.as_deref() != Some("Bearer") {
                wrong.push(format!("{method} {path} {bad:?}: {status} {problem}"));
            }
        }
    }
    assert!(wrong.is_empty(), "not 401:\n{}", wrong.join("\n"));
}

#[tokio::test]
async fn staff_only_writes_are_403_for_a_participant_whatever_the_body() {
    let app = spawn_app().await;
    let token = account(
        &app.pool,
        "participant@example.lv",
        "a long test password",
        Role::Participant,
        &app.anon,
    )
    .await;
    let participant = reqwest::Client::builder()
        .default_headers(
            [(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {token}").parse().expect("header"),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .expect("client");
    // The writes with a body that only coordinators and admins make (auth::policy).
    let staff_only = [
        (Method::POST, "/api/v1/programmes"),
        (Method::PATCH, "/api/v1/programmes/some-slug"),
        (Method::POST, "/api/v1/tracks"),
        (Method::PATCH, "/api/v1/tracks/some-slug"),
        (Method::POST, "/api/v1/cohorts"),
        (Method::PATCH, "/api/v1/cohorts/some-slug"),
        (Method::POST, "/api/v1/events"),
        (Method::PATCH, "/api/v1/events/some-slug"),
        (Method::POST, "/api/v1/organisations"),
        (Method::PATCH, "/api/v1/organisations/some-slug"),
        (Method::POST, "/api/v1/enrolments"),
        (Method::PATCH, "/api/v1/enrolments/some-id"),
        (Method::POST, "/api/v1/people"),
        (Method::POST, "/api/v1/mentors"),
        (Method::POST, "/api/v1/projects/some-slug/mentors"),
        (Method::POST, "/api/v1/projects"),
        (Method::POST, "/api/v1/invitations"),
        (Method::POST, "/api/v1/clients"),
        (Method::PUT, "/api/v1/accounts/some-id/roles"),
    ];
    let mut wrong = Vec::new();
    for (method, path) in &staff_only {
        for bad in BAD_BODIES {
            let (status, problem, _) = send(&participant, &app, method, path, *bad).await;
            if status != 403 {
                wrong.push(format!(
                    "participant {method} {path} {bad:?}: {status} {problem}"
                ));
            }
            // The same body from an administrator is refused for what it is, so the 403
            // above is the role rule speaking, not the body.
            let (status, problem, _) = send(&app.http, &app, method, path, *bad).await;
            if ![400, 415, 422].contains(&status) {
                wrong.push(format!("admin {method} {path} {bad:?}: {status} {problem}"));
            }
        }
    }
    assert!(wrong.is_empty(), "wrong answers:\n{}", wrong.join("\n"));
}
