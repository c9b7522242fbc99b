//! `Idempotency-Key` on creates: a repeat gets the first answer and makes no second record;
//! the same key with another request is 422, while the first still runs 409; errors are
//! not kept; keys are per caller and last 24 hours.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use eil_backend::db::schema::idempotency_keys;
use eil_backend::db::{DbConn, ts};
use eil_shared::api_client::{CreateApiClient, Scope};
use eil_shared::auth::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, account, spawn_app};

const KEY: &str = "5b3f1e0c-2d4a-4c8e-9f71-0a6b2c9d8e41";

/// What a test compares of an answer.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    status: u16,
    location: Option<String>,
    etag: Option<String>,
    content_type: Option<String>,
    replayed: Option<String>,
    retry_after: Option<String>,
    body: Value,
}

impl Answer {
    /// The answer without the marker of a replay, for comparing a replay with the first.
    fn unmarked(&self) -> Answer {
        Answer {
            replayed: None,
            ..self.clone()
        }
    }

    fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["field"].as_str().map(str::to_owned))
            .collect()
    }
}

async fn post(app: &TestApp, token: &str, path: &str, key: Option<&str>, body: &Value) -> Answer {
    let mut req = reqwest::Client::new()
        .post(format!("{}/api/v1{path}", app.address))
        .json(body);
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    answer(req.send().await.expect("answer")).await
}

async fn answer(r: reqwest::Response) -> Answer {
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (location, etag, content_type, replayed, retry_after) = (
        header("location"),
        header("etag"),
        header("content-type"),
        header("idempotent-replayed"),
        header("retry-after"),
    );
    let status = r.status().as_u16();
    let text = r.text().await.expect("body");
    Answer {
        status,
        location,
        etag,
        content_type,
        replayed,
        retry_after,
        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
    }
}

/// The items of a list (first 100).
async fn list(app: &TestApp, path: &str) -> Vec<Value> {
    let page: Value = app
        .http
        .get(format!(
            "{}/api/v1{path}{}limit=100",
            app.address,
            if path.contains('?') { '&' } else { '?' }
        ))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    page["items"].as_array().cloned().unwrap_or_default()
}

/// Runs `f` on a connection of the server's pool.
async fn with_db<T: Send + 'static>(
    app: &TestApp,
    f: impl FnOnce(&mut DbConn) -> T + Send + 'static,
) -> T {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || f(&mut pool.get().expect("connection")))
        .await
        .expect("task")
}

async fn stored_keys(app: &TestApp) -> i64 {
    with_db(app, |c| {
        idempotency_keys::table
            .count()
            .get_result::<i64>(c)
            .expect("count")
    })
    .await
}

async fn coordinator(app: &TestApp, email: &str) -> String {
    account(
        &app.pool,
        email,
        "a long test password",
        Role::Coordinator,
        &app.anon,
    )
    .await
}

fn programme(slug: &str) -> Value {
    json!({ "slug": slug, "name": { "lv": "Programma", "en": "Programme" } })
}

fn milestone(title: &str) -> Value {
    json!({ "title": { "lv": title, "en": title }, "due_on": "2024-01-10" })
}

/// A project hosted by a partner university, and that university's client token.
async fn partner_project(app: &TestApp) -> (String, String) {
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let project = app.project(&w, "ours", "Ours", vec![lu.id]).await;
    let credentials = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: lu.id,
            name: "Study information system".into(),
            scopes: vec![Scope::ProjectsRead, Scope::ProjectsWrite],
        })
        .await
        .expect("client");
    let token = app
        .anon
        .client_credentials(credentials.client.id, &credentials.client_secret, None)
        .await
        .expect("token")
        .access_token;
    (project.project.id.to_string(), token)
}

#[tokio::test]
async fn a_repeated_create_gets_the_first_answer_and_makes_one_record() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    let body = programme("leaders-programme");

    let first = post(&app, &token, "/programmes", Some(KEY), &body).await;
    assert_eq!(first.status, 201, "{first:?}");
    assert!(first.location.is_some() && first.etag.is_some());
    assert_eq!(first.replayed, None);
    let again = post(&app, &token, "/programmes", Some(KEY), &body).await;
    assert_eq!(again.replayed.as_deref(), Some("true"));
    assert_eq!(again.unmarked(), first, "the same status, headers and body");
    // The draft's structured-field form names the same key.
    let quoted = post(
        &app,
        &token,
        "/programmes",
        Some(&format!("\"{KEY}\"")),
        &body,
    )
    .await;
    assert_eq!(quoted.unmarked(), first);

    let programmes = list(&app, "/programmes").await;
    assert_eq!(programmes.len(), 1, "one record: {programmes:?}");
    let id = first.body["id"].as_str().expect("id").to_string();
    let entries = list(&app, &format!("/audit?resource_id={id}")).await;
    assert_eq!(entries.len(), 1, "one audit entry: {entries:?}");

    // An event, under another key: the same story.
    let pid = id.clone();
    let event = json!({
        "slug": "launch-2023", "kind": "launch", "programme_id": pid,
        "title": { "lv": "Atklāšana", "en": "Launch" },
        "starts_at": "2023-05-19T07:00:00Z", "ends_at": "2023-05-19T10:00:00Z"
    });
    let first = post(&app, &token, "/events", Some("event-1"), &event).await;
    assert_eq!(first.status, 201, "{first:?}");
    let again = post(&app, &token, "/events", Some("event-1"), &event).await;
    assert_eq!(
        (again.unmarked(), again.replayed.as_deref()),
        (first, Some("true"))
    );
    assert_eq!(list(&app, "/events").await.len(), 1);

    // Without the key, a repeat is a new request (here refused: the slug is taken).
    assert_eq!(
        post(&app, &token, "/programmes", None, &body).await.status,
        409
    );
}

#[tokio::test]
async fn a_partner_client_repeats_a_milestone_and_other_callers_are_independent() {
    let app = spawn_app().await;
    let (project, partner) = partner_project(&app).await;
    let path = format!("/projects/{project}/milestones");

    let first = post(&app, &partner, &path, Some(KEY), &milestone("Pilot")).await;
    assert_eq!(first.status, 201, "{first:?}");
    let again = post(&app, &partner, &path, Some(KEY), &milestone("Pilot")).await;
    assert_eq!(again.unmarked(), first);
    assert_eq!(again.replayed.as_deref(), Some("true"));
    assert_eq!(list(&app, &path).await.len(), 1);

    // The same key from a coordinator, and from another, with other bodies: their own.
    let one = coordinator(&app, "one@example.lv").await;
    let two = coordinator(&app, "two@example.lv").await;
    let mine = post(&app, &one, &path, Some(KEY), &milestone("Report")).await;
    let theirs = post(&app, &two, &path, Some(KEY), &milestone("Review")).await;
    assert_eq!(
        (mine.status, mine.replayed.clone()),
        (201, None),
        "{mine:?}"
    );
    assert_eq!((theirs.status, theirs.replayed.clone()), (201, None));
    assert_ne!(mine.location, theirs.location);
    assert_eq!(list(&app, &path).await.len(), 3);
    // Each still gets their own answer back.
    let mine_again = post(&app, &one, &path, Some(KEY), &milestone("Report")).await;
    assert_eq!(mine_again.unmarked(), mine);
}

#[tokio::test]
async fn the_same_key_with_another_request_is_refused_and_creates_nothing() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    let first = post(&app, &token, "/programmes", Some(KEY), &programme("first")).await;
    assert_eq!(first.status, 201);

    let other = post(&app, &token, "/programmes", Some(KEY), &programme("second")).await;
    assert_eq!(other.status, 422, "{other:?}");
    assert_eq!(other.fields(), vec!["Idempotency-Key"]);
    assert_eq!(
        other.content_type.as_deref(),
        Some("application/problem+json")
    );
    // Another path is another request too.
    let track = json!({
        "programme_id": first.body["id"], "slug": "second",
        "name": { "lv": "Grupa", "en": "Group" }, "kind": "project"
    });
    let elsewhere = post(&app, &token, "/tracks", Some(KEY), &track).await;
    assert_eq!(
        (elsewhere.status, elsewhere.fields()),
        (422, vec!["Idempotency-Key".to_string()])
    );

    let slugs: Vec<Value> = list(&app, "/programmes")
        .await
        .iter()
        .map(|p| p["slug"].clone())
        .collect();
    assert_eq!(slugs, vec![json!("first")]);
    assert!(list(&app, "/tracks").await.is_empty());
    // The stored answer is untouched.
    let again = post(&app, &token, "/programmes", Some(KEY), &programme("first")).await;
    assert_eq!(again.unmarked(), first);
}

#[tokio::test]
async fn a_repeat_while_the_first_is_running_is_409_until_its_lease_ends() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    let w = app.world().await;
    let project = app.project(&w, "proj", "Project", vec![w.host.id]).await;
    let path = format!("/projects/{}/milestones", project.project.id);
    let first = post(&app, &token, &path, Some(KEY), &milestone("Pilot")).await;
    assert_eq!(first.status, 201);

    // The row as it stands while the first request runs: claimed, no answer yet.
    with_db(&app, |c| {
        diesel::update(idempotency_keys::table)
            .set((
                idempotency_keys::status.eq(None::<i32>),
                idempotency_keys::body.eq(None::<String>),
            ))
            .execute(c)
            .expect("update")
    })
    .await;
    let running = post(&app, &token, &path, Some(KEY), &milestone("Pilot")).await;
    assert_eq!(running.status, 409, "{running:?}");
    assert_eq!(running.fields(), vec!["Idempotency-Key"]);
    assert_eq!(running.retry_after.as_deref(), Some("1"));
    // Another body is still another request.
    let other = post(&app, &token, &path, Some(KEY), &milestone("Other")).await;
    assert_eq!(other.status, 422);
    assert_eq!(list(&app, &path).await.len(), 1);

    // A claim older than the lease was left by a server that died: it is taken over.
    let long_ago = ts(chrono::Utc::now() - chrono::TimeDelta::seconds(90));
    with_db(&app, move |c| {
        diesel::update(idempotency_keys::table)
            .set(idempotency_keys::created_at.eq(long_ago))
            .execute(c)
            .expect("update")
    })
    .await;
    let taken_over = post(&app, &token, &path, Some(KEY), &milestone("Pilot")).await;
    assert_eq!((taken_over.status, taken_over.replayed), (201, None));
    assert_ne!(taken_over.location, first.location);
    assert_eq!(stored_keys(&app).await, 1);
}

/// The real thing on PostgreSQL: the first request is held inside its write by a lock
/// another connection holds (as a slow write or another replica would), and the repeat
/// sent meanwhile is 409; once the first has finished, the repeat gets its answer.
#[tokio::test]
async fn a_repeat_sent_while_the_first_waits_inside_its_write_is_409() {
    let app = spawn_app().await;
    if !app.database_url.starts_with("postgres") {
        return; // SQLite's one writer would hold the claim back too.
    }
    let token = coordinator(&app, "coordinator@example.lv").await;
    let url = app.database_url.clone();
    let (locked, is_locked) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let holder = std::thread::spawn(move || {
        let mut c = diesel::PgConnection::establish(&url).expect("connection");
        c.batch_execute("BEGIN; LOCK TABLE programmes IN ACCESS EXCLUSIVE MODE")
            .expect("lock");
        locked.send(()).expect("send");
        let _ = released.recv();
        c.batch_execute("COMMIT").expect("commit");
    });
    tokio::task::spawn_blocking(move || is_locked.recv().expect("locked"))
        .await
        .expect("task");
    let body = programme("held");
    let first = post(&app, &token, "/programmes", Some(KEY), &body);
    let repeat = async {
        // Wait for the first request's claim, then repeat it.
        for _ in 0..150 {
            if stored_keys(&app).await == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let repeat = post(&app, &token, "/programmes", Some(KEY), &body).await;
        release.send(()).expect("release");
        repeat
    };
    let (first, repeat) = tokio::join!(first, repeat);
    holder.join().expect("holder");
    assert_eq!(first.status, 201, "{first:?}");
    assert_eq!(repeat.status, 409, "{repeat:?}");
    assert_eq!(repeat.fields(), vec!["Idempotency-Key"]);
    let after = post(&app, &token, "/programmes", Some(KEY), &body).await;
    assert_eq!(after.unmarked(), first);
    assert_eq!(list(&app, "/programmes").await.len(), 1);
}

#[tokio::test]
async fn a_server_error_is_not_kept_and_the_key_can_be_sent_again() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    with_db(&app, |c| {
        let sql = match c {
            DbConn::Sqlite(_) => {
                "CREATE TRIGGER refuse_programmes BEFORE INSERT ON programmes \
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
            }
            DbConn::Postgres(_) => {
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN \
                 RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql; \
                 CREATE TRIGGER refuse_programmes BEFORE INSERT ON programmes \
                 FOR EACH ROW EXECUTE FUNCTION refuse();"
            }
        };
        c.batch_execute(sql).expect("trigger");
    })
    .await;
    let failed = post(&app, &token, "/programmes", Some(KEY), &programme("pp")).await;
    assert_eq!(failed.status, 500, "{failed:?}");
    assert_eq!(stored_keys(&app).await, 0, "nothing kept");

    with_db(&app, |c| {
        c.batch_execute("DROP TRIGGER refuse_programmes ON programmes")
            .or_else(|_| c.batch_execute("DROP TRIGGER refuse_programmes"))
            .expect("drop trigger");
    })
    .await;
    let retried = post(&app, &token, "/programmes", Some(KEY), &programme("pp")).await;
    assert_eq!((retried.status, retried.replayed.clone()), (201, None));
    assert_eq!(list(&app, "/programmes").await.len(), 1);

    // A refusal (4xx) created nothing either: the key is given back too.
    let taken = post(
        &app,
        &token,
        "/programmes",
        Some("second"),
        &programme("pp"),
    )
    .await;
    assert_eq!(taken.status, 409);
    assert_eq!(stored_keys(&app).await, 1);
    let fixed = post(
        &app,
        &token,
        "/programmes",
        Some("second"),
        &programme("qq"),
    )
    .await;
    assert_eq!(fixed.status, 201, "the corrected request runs: {fixed:?}");
}

#[tokio::test]
async fn malformed_keys_are_refused_naming_the_header() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    let long = "k".repeat(256);
    for key in ["", "two words", "\"\"", "\"a\"b\"", long.as_str()] {
        let a = post(&app, &token, "/programmes", Some(key), &programme("pp")).await;
        assert_eq!(a.status, 400, "{key:?}: {a:?}");
        assert_eq!(a.fields(), vec!["Idempotency-Key"], "{key:?}");
    }
    let non_ascii = reqwest::Client::new()
        .post(format!("{}/api/v1/programmes", app.address))
        .bearer_auth(&token)
        .header(
            "Idempotency-Key",
            reqwest::header::HeaderValue::from_bytes("atslēga".as_bytes()).expect("bytes"),
        )
        .json(&programme("pp"))
        .send()
        .await
        .expect("answer");
    assert_eq!(non_ascii.status().as_u16(), 400);
    let twice = reqwest::Client::new()
        .post(format!("{}/api/v1/programmes", app.address))
        .bearer_auth(&token)
        .header("Idempotency-Key", "a")
        .header("Idempotency-Key", "b")
        .json(&programme("pp"))
        .send()
        .await
        .expect("answer");
    assert_eq!(twice.status().as_u16(), 400);
    assert!(list(&app, "/programmes").await.is_empty());
    assert_eq!(stored_keys(&app).await, 0);
    let longest = "k".repeat(255);
    let a = post(
        &app,
        &token,
        "/programmes",
        Some(&longest),
        &programme("pp"),
    )
    .await;
    assert_eq!(a.status, 201);
}

#[tokio::test]
async fn a_key_older_than_a_day_is_a_new_key() {
    let app = spawn_app().await;
    let token = coordinator(&app, "coordinator@example.lv").await;
    let first = post(&app, &token, "/programmes", Some(KEY), &programme("first")).await;
    assert_eq!(first.status, 201);
    let yesterday = ts(chrono::Utc::now() - chrono::TimeDelta::hours(25));
    with_db(&app, move |c| {
        diesel::update(idempotency_keys::table)
            .set(idempotency_keys::created_at.eq(yesterday))
            .execute(c)
            .expect("update")
    })
    .await;
    // Within the day this body would be 422; the old answer no longer counts.
    let second = post(&app, &token, "/programmes", Some(KEY), &programme("second")).await;
    assert_eq!((second.status, second.replayed.clone()), (201, None));
    assert_eq!(list(&app, "/programmes").await.len(), 2);
    assert_eq!(stored_keys(&app).await, 1, "the expired row was replaced");
    let again = post(&app, &token, "/programmes", Some(KEY), &programme("second")).await;
    assert_eq!(again.unmarked(), second);
}

#[tokio::test]
async fn the_key_is_ignored_without_a_sign_in_and_on_answers_holding_a_secret() {
    let app = spawn_app().await;
    let anonymous = post(&app, "", "/programmes", Some(KEY), &programme("pp")).await;
    assert_eq!(anonymous.status, 401);
    let anonymous = post(
        &app,
        "",
        "/programmes",
        Some("not a valid key"),
        &programme("pp"),
    )
    .await;
    assert_eq!(anonymous.status, 401, "not even read");
    assert_eq!(stored_keys(&app).await, 0);

    // A new API client's secret is shown once and never kept: each request makes one.
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let token = account(
        &app.pool,
        "admin2@example.lv",
        "a long test password",
        Role::Admin,
        &app.anon,
    )
    .await;
    let body = json!({ "organisation_id": lu.id, "name": "SIS", "scopes": ["projects:read"] });
    let one = post(&app, &token, "/clients", Some(KEY), &body).await;
    let two = post(&app, &token, "/clients", Some(KEY), &body).await;
    assert_eq!((one.status, two.status), (201, 201));
    assert_ne!(one.location, two.location);
    assert_eq!(two.replayed, None);
    assert_eq!(stored_keys(&app).await, 0);
}

#[test]
fn the_document_lists_the_key_on_every_create_and_only_there() {
    let doc = serde_json::to_value(eil_backend::openapi::document()).expect("json");
    let takes_key = |path: &str, method: &str| {
        doc["paths"][path][method]["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header")
    };
    let mut creates = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("item") {
            let created = method == "post" && op["responses"].get("201").is_some();
            let secret = ["/api/v1/clients", "/api/v1/invitations", "/api/v1/webhooks"]
                .contains(&path.as_str());
            if created && !secret {
                creates += 1;
                assert!(takes_key(path, method), "{method} {path}");
                assert!(
                    op["responses"]["201"]["headers"]
                        .get("Idempotent-Replayed")
                        .is_some(),
                    "{method} {path}"
                );
            } else if !method.starts_with('x') && method != "post" {
                assert!(!takes_key(path, method), "{method} {path}");
            }
        }
    }
    assert!(creates >= 14, "{creates} creates");
    assert!(!takes_key("/api/v1/auth/login", "post"));
    assert!(!takes_key("/api/v1/clients", "post"));
    assert!(!takes_key("/api/v1/invitations", "post"));
    assert!(takes_key("/api/v1/programmes", "post"));
    assert!(takes_key("/api/v1/projects/{id}/milestones", "post"));
    let said = doc["paths"]["/api/v1/clients"]["post"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(said.contains("Ignores `Idempotency-Key`"), "{said}");
}
