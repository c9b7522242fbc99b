//! Bad input gets a problem body naming what is wrong, never a 500, and changes nothing.

use eil_shared::Problem;
use eil_shared::programme::ProgrammeQuery;
use serde_json::json;

use crate::helpers::spawn_app;

async fn problem(resp: reqwest::Response) -> (u16, Problem) {
    let status = resp.status().as_u16();
    assert_eq!(
        resp.headers()["content-type"],
        "application/problem+json",
        "status {status}"
    );
    (status, resp.json().await.expect("a problem body"))
}

#[tokio::test]
async fn malformed_and_mistyped_bodies() {
    let app = spawn_app().await;
    let url = format!("{}/api/v1/programmes", app.address);
    let send = |body: &'static str, ct: &'static str| {
        let http = app.http.clone();
        let url = url.clone();
        async move {
            http.post(&url)
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .expect("request")
        }
    };
    let (s, _) = problem(send("{not json", "application/json").await).await;
    assert_eq!(s, 400);
    let (s, p) = problem(
        send(
            r#"{"slug":"x","name":{"lv":"a","en":5}}"#,
            "application/json",
        )
        .await,
    )
    .await;
    assert_eq!((s, p.errors[0].field.as_str()), (422, "name.en"));
    let (s, p) = problem(send(r#"{"slug":"eip"}"#, "application/json").await).await;
    assert_eq!((s, p.errors[0].field.as_str()), (422, "name"));
    let (s, p) = problem(
        send(
            r#"{"slug":"eip","name":{"lv":"a","en":"b"},"owner":"me"}"#,
            "application/json",
        )
        .await,
    )
    .await;
    assert_eq!(
        (s, p.errors[0].field.as_str()),
        (422, "owner"),
        "unknown fields are refused, not ignored"
    );
    let (s, _) =
        problem(send(r#"{"slug":"eip","name":{"lv":"a","en":"b"}}"#, "text/plain").await).await;
    assert_eq!(s, 415);
    let (s, _) = problem(send("[]", "application/json").await).await;
    assert_eq!(s, 422);
    assert!(
        app.client
            .list_programmes(&ProgrammeQuery::default())
            .await
            .expect("list")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = json!({"slug": "big", "name": {"lv": "x".repeat(300_000), "en": "x"}});
    let resp = app
        .http
        .post(format!("{}/api/v1/programmes", app.address))
        .json(&big)
        .send()
        .await
        .expect("request");
    assert_eq!(problem(resp).await.0, 413);
}

#[tokio::test]
async fn bad_query_parameters_and_ids_and_headers() {
    let app = spawn_app().await;
    let get = |path: &str| {
        let http = app.http.clone();
        let url = format!("{}{path}", app.address);
        async move { http.get(url).send().await.expect("request") }
    };
    let (s, p) = problem(get("/api/v1/projects?status=finished").await).await;
    assert_eq!((s, p.errors[0].field.as_str()), (400, "status"));
    let (s, p) = problem(get("/api/v1/sessions?from=yesterday").await).await;
    assert_eq!((s, p.errors[0].field.as_str()), (400, "from"));
    let (s, p) = problem(get("/api/v1/projects?colour=red").await).await;
    assert_eq!((s, p.errors[0].field.as_str()), (400, "colour"));
    let (s, _) = problem(get("/api/v1/projects/not-a-project").await).await;
    assert_eq!(s, 404);
    let (s, _) = problem(get("/api/v1/people/not-a-uuid").await).await;
    assert_eq!(s, 404);

    let w = app.world().await;
    let resp = app
        .http
        .patch(format!("{}/api/v1/cohorts/{}", app.address, w.cohort.id))
        .header("if-match", "yesterday")
        .json(&json!({"capacity": 10}))
        .send()
        .await
        .expect("request");
    let (s, p) = problem(resp).await;
    assert_eq!((s, p.errors[0].field.as_str()), (400, "If-Match"));
}

#[tokio::test]
async fn unknown_api_paths_and_methods_are_problems_not_pages() {
    let app = spawn_app().await;
    let resp = app
        .http
        .get(format!("{}/api/v1/nothing-here", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(problem(resp).await.0, 404);
    let resp = app
        .http
        .put(format!("{}/api/v1/programmes/x", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["allow"], "GET, HEAD, PATCH, DELETE");
    assert_eq!(problem(resp).await.0, 405);
    let resp = app
        .http
        .request(
            reqwest::Method::TRACE,
            format!("{}/api/v1/programmes", app.address),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(problem(resp).await.0, 405);
}
