//! Webhooks as a partner university sees them: a subscription, signed deliveries of the
//! records its organisation may read, retries on schedule, a delivery log; and the outbox
//! shared by replicas, surviving a kill -9.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use eil_shared::api_client::{ApiClientCredentials, CreateApiClient, Scope};
use eil_shared::project::UpdateProject;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::helpers::{TestApp, spawn_app, spawn_configured, text};
use crate::receiver::{Answer, Receiver};

/// Checks a delivery's signature as a receiver would, by the Standard Webhooks rules,
/// independently of the server's signing code.
fn verify(secret: &str, r: &crate::receiver::Received) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").expect("whsec_ prefix"))
        .expect("base64 key");
    let signed = format!(
        "{}.{}.{}",
        r.header("webhook-id"),
        r.header("webhook-timestamp"),
        r.body
    );
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).expect("key");
    mac.update(signed.as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    r.header("webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

/// A partner client of `org` with `scopes`; its access token.
async fn partner(app: &TestApp, org: eil_shared::OrganisationId, scopes: &[Scope]) -> String {
    let c: ApiClientCredentials = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: org,
            name: "LMS".into(),
            scopes: scopes.to_vec(),
        })
        .await
        .expect("client");
    let t = app
        .anon
        .client_credentials(c.client.id, &c.client_secret, None)
        .await
        .expect("token");
    t.access_token
}

/// A raw call with a bearer token; the status and the JSON answer.
async fn call(
    app: &TestApp,
    token: Option<&str>,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let http = match token {
        Some(_) => reqwest::Client::new(),
        None => app.http.clone(),
    };
    let mut rb = http.request(
        method.parse().expect("method"),
        format!("{}/api/v1{path}", app.address),
    );
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.expect("answer");
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// As the admin.
async fn admin(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, None, method, path, body).await
}

async fn subscribe(
    app: &TestApp,
    token: Option<&str>,
    url: &str,
    types: &[&str],
) -> (String, String) {
    let (status, v) = call(
        app,
        token,
        "POST",
        "/webhooks",
        Some(json!({"url": url, "event_types": types})),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    (
        v["webhook"]["id"].as_str().expect("id").to_string(),
        v["secret"].as_str().expect("secret").to_string(),
    )
}

async fn deliveries(app: &TestApp, webhook: &str) -> Vec<Value> {
    let (status, v) = admin(
        app,
        "GET",
        &format!("/webhooks/{webhook}/deliveries?limit=100"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{v}");
    v["items"].as_array().expect("items").clone()
}

/// Polls the delivery log until `done` holds for it.
async fn log_until(
    app: &TestApp,
    webhook: &str,
    within: Duration,
    done: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let log = deliveries(app, webhook).await;
        if done(&log) {
            return log;
        }
        assert!(
            Instant::now() < deadline,
            "the delivery log did not get there: {log:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn partners_receive_signed_events_of_their_own_records_only() {
    let app = spawn_app().await;
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let lu_client = partner(&app, lu.id, &[Scope::WebhooksManage, Scope::ProjectsRead]).await;
    let receiver = Receiver::start().await;
    let token = lu_client;
    let (hook, secret) = subscribe(
        &app,
        Some(&token),
        &receiver.url,
        &["project.*", "milestone.created"],
    )
    .await;
    assert!(secret.starts_with("whsec_"));

    // A project of LU, and one of another host: only the first is LU's to hear of.
    let ours = app.project(&w, "ours", "Ours", vec![lu.id]).await;
    app.project(&w, "theirs", "Theirs", vec![w.host.id]).await;
    app.client
        .update_project(
            ours.project.id,
            &UpdateProject {
                title: Some(text("Mūsu", "Ours, renamed")),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("renamed");
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    // Give a wrong delivery the time to arrive too.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(got.len() >= 2);
    let got = receiver.received();
    let types: Vec<String> = got
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        types,
        ["project.created", "project.updated"],
        "only LU's project"
    );
    for r in &got {
        assert!(
            verify(&secret, r),
            "the signature verifies: {:?}",
            r.headers
        );
        let body = r.json();
        assert_eq!(body["data"]["id"], json!(ours.project.id));
        let ts: i64 = r.header("webhook-timestamp").parse().expect("unix seconds");
        assert!((chrono::Utc::now().timestamp() - ts).abs() < 300);
        assert_eq!(r.header("content-type"), "application/json");
        assert!(
            !verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", r),
            "another key fails"
        );
    }
    assert_eq!(got[1].json()["data"]["title"]["en"], "Ours, renamed");

    // The delivery log: the owner and admins read it; each delivery with its attempt.
    let log = log_until(&app, &hook, Duration::from_secs(5), |l| {
        l.iter().all(|d| d["status"] == "sent")
    })
    .await;
    assert_eq!(log.len(), 2);
    let ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    for d in &log {
        assert!(
            ids.contains(&d["id"].as_str().expect("id")),
            "webhook-id is the notice id"
        );
        assert_eq!(d["attempt_log"][0]["outcome"], "sent");
        assert_eq!(d["attempt_log"][0]["status_code"], 200);
    }
    let (status, _) = call(
        &app,
        Some(&token),
        "GET",
        &format!("/webhooks/{hook}/deliveries"),
        None,
    )
    .await;
    assert_eq!(status, 200);

    // Another institution's client sees neither the subscription nor its log.
    let other = partner(
        &app,
        w.host.id,
        &[Scope::WebhooksManage, Scope::ProjectsRead],
    )
    .await;
    for path in [
        format!("/webhooks/{hook}"),
        format!("/webhooks/{hook}/deliveries"),
    ] {
        assert_eq!(
            call(&app, Some(&other), "GET", &path, None).await.0,
            403,
            "{path}"
        );
    }
    let (_, listed) = call(&app, Some(&other), "GET", "/webhooks", None).await;
    assert_eq!(listed["items"], json!([]));
    let (_, listed) = admin(&app, "GET", "/webhooks", None).await;
    assert_eq!(
        listed["items"].as_array().expect("items").len(),
        1,
        "admins see every one"
    );

    // A ping reaches the receiver whatever the types; redelivery repeats the same id.
    let (status, queued) = call(
        &app,
        Some(&token),
        "POST",
        &format!("/webhooks/{hook}/ping"),
        None,
    )
    .await;
    assert_eq!(status, 202, "{queued}");
    let got = receiver.wait_for(3, Duration::from_secs(5)).await;
    assert_eq!(got[2].json()["type"], "webhook.ping");
    assert_eq!(
        got[2].header("webhook-id"),
        queued["notice_id"].as_str().expect("id")
    );
    let first = ids[0];
    let (status, _) = call(
        &app,
        Some(&token),
        "POST",
        &format!("/webhooks/{hook}/deliveries/{first}/redeliver"),
        None,
    )
    .await;
    assert_eq!(status, 202);
    let got = receiver.wait_for(4, Duration::from_secs(5)).await;
    assert_eq!(got[3].header("webhook-id"), first);
    assert!(verify(&secret, &got[3]));

    // Rotation: deliveries are signed with the new secret, not the old one.
    let (status, rotated) = call(
        &app,
        Some(&token),
        "POST",
        &format!("/webhooks/{hook}/rotate"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let new_secret = rotated["secret"].as_str().expect("secret").to_string();
    assert_ne!(new_secret, secret);
    let (_, got_hook) = call(
        &app,
        Some(&token),
        "GET",
        &format!("/webhooks/{hook}"),
        None,
    )
    .await;
    assert!(
        got_hook.get("secret").is_none(),
        "the secret is shown only once"
    );
    call(
        &app,
        Some(&token),
        "POST",
        &format!("/webhooks/{hook}/ping"),
        None,
    )
    .await;
    let got = receiver.wait_for(5, Duration::from_secs(5)).await;
    // For a day after the rotation the old secret signs beside the new one.
    assert!(verify(&new_secret, &got[4]), "signed with the new secret");
    assert!(
        verify(&secret, &got[4]),
        "and, during the grace day, the old one"
    );
    assert_eq!(got[4].header("webhook-signature").split(' ').count(), 2);
    // Once the grace day is over, only the new secret signs.
    let pool = app.pool.clone();
    let h = hook.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::connection::SimpleConnection;
        pool.get()
            .expect("connection")
            .batch_execute(&format!(
                "UPDATE webhook_subscriptions SET previous_secret_until = '2000-01-01T00:00:00.000000Z' WHERE id = '{h}'"
            ))
            .expect("grace over")
    })
    .await
    .expect("task");
    call(
        &app,
        Some(&token),
        "POST",
        &format!("/webhooks/{hook}/ping"),
        None,
    )
    .await;
    let got = receiver.wait_for(6, Duration::from_secs(5)).await;
    assert!(verify(&new_secret, &got[5]) && !verify(&secret, &got[5]));
    assert_eq!(got[5].header("webhook-signature").split(' ').count(), 1);
}

#[tokio::test]
async fn delivery_latency_on_loopback() {
    // Measured for the record (the note quotes it), not asserted: a timed assertion
    // would fail on a loaded machine without a fault in the code.
    let app = spawn_app().await;
    let w = app.world().await;
    let receiver = Receiver::start().await;
    subscribe(&app, None, &receiver.url, &["project.updated"]).await;
    let p = app.project(&w, "timed", "Timed", vec![w.host.id]).await;
    let (mut from_request, mut from_answer) = (Vec::new(), Vec::new());
    for i in 0..25 {
        let sent = Instant::now();
        app.client
            .update_project(
                p.project.id,
                &UpdateProject {
                    title: Some(text(&format!("T {i}"), &format!("T {i}"))),
                    ..Default::default()
                },
                None,
            )
            .await
            .expect("updated");
        let answered = Instant::now();
        let got = receiver.wait_for(i + 1, Duration::from_secs(10)).await;
        from_request.push(got[i].at.duration_since(sent));
        from_answer.push(got[i].at.saturating_duration_since(answered));
    }
    from_request.sort();
    from_answer.sort();
    eprintln!(
        "webhook delivery latency on loopback (25 writes): median {:?} from the write's answer \
         (its commit) to the receiver, {:?} from sending the write; max {:?}",
        from_answer[12], from_request[12], from_request[24]
    );
    assert_eq!(receiver.received().len(), 25, "one delivery per write");
}

#[tokio::test]
async fn failures_are_retried_on_schedule_then_given_up_and_logged() {
    let app = spawn_configured(|c| c.outbox.retry_secs = vec![1, 2]).await;
    let w = app.world().await;
    let receiver = Receiver::start().await;
    receiver.answer(Answer::Status(500));
    let (hook, _) = subscribe(&app, None, &receiver.url, &["project.created"]).await;
    app.project(&w, "retried", "Retried", vec![w.host.id]).await;
    let log = log_until(&app, &hook, Duration::from_secs(15), |l| {
        l.first().is_some_and(|d| d["status"] == "failed")
    })
    .await;
    let attempts = log[0]["attempt_log"].as_array().expect("attempts");
    assert_eq!(
        attempts.len(),
        3,
        "the first attempt and two retries: {attempts:#?}"
    );
    for a in attempts {
        assert_eq!(a["outcome"], "failed");
        assert_eq!(a["status_code"], 500);
        assert_eq!(a["error"], "answered 500 Internal Server Error");
    }
    let at = |i: usize| {
        chrono::DateTime::parse_from_rfc3339(attempts[i]["at"].as_str().expect("at")).expect("time")
    };
    let gaps = [
        (at(1) - at(0)).num_milliseconds(),
        (at(2) - at(1)).num_milliseconds(),
    ];
    eprintln!("observed retry gaps with EIL_OUTBOX_RETRY_SECS=1,2: {gaps:?} ms");
    // The schedule is 1 s then 2 s, each ±20 % (and a poll of up to 0.2 s).
    assert!(
        (800..1600).contains(&gaps[0]) && (1600..2800).contains(&gaps[1]),
        "{gaps:?}"
    );
    assert_eq!(receiver.received().len(), 3);

    // The receiver is fixed; a coordinator retries the failed notice from the outbox.
    receiver.answer(Answer::Ok);
    let id = log[0]["id"].as_str().expect("id");
    let (status, outbox) = admin(&app, "GET", "/outbox?status=failed", None).await;
    assert_eq!(status, 200);
    assert_eq!(outbox["items"][0]["id"], id);
    assert!(
        outbox["items"][0].get("payload").is_none(),
        "contents are not shown"
    );
    assert_eq!(
        admin(&app, "POST", &format!("/outbox/{id}/retry"), None)
            .await
            .0,
        202
    );
    log_until(&app, &hook, Duration::from_secs(5), |l| {
        l[0]["status"] == "sent"
    })
    .await;
    assert_eq!(
        admin(&app, "POST", &format!("/outbox/{id}/retry"), None)
            .await
            .0,
        409,
        "only failed notices"
    );
}

#[tokio::test]
async fn redirects_slow_and_absent_receivers_fail_without_holding_up_writes() {
    let app = spawn_configured(|c| {
        c.outbox.retry_secs = vec![60];
        c.outbox.webhook_timeout_secs = 1;
    })
    .await;
    let w = app.world().await;
    let redirecting = Receiver::start().await;
    redirecting.answer(Answer::Redirect);
    let slow = Receiver::start().await;
    slow.answer(Answer::Slow(Duration::from_secs(5)));
    // A port nobody listens on.
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/hooks", l.local_addr().expect("addr"))
    };
    let (h1, _) = subscribe(&app, None, &redirecting.url, &["project.created"]).await;
    let (h2, _) = subscribe(&app, None, &slow.url, &["project.created"]).await;
    let (h3, _) = subscribe(&app, None, &gone, &["project.created"]).await;
    app.project(&w, "noticed", "Noticed", vec![w.host.id]).await;
    // The write has answered; the slow receiver is still holding its delivery.
    let (_, pending) = admin(&app, "GET", &format!("/webhooks/{h2}/deliveries"), None).await;
    assert_eq!(pending["items"][0]["status"], "pending");
    for (hook, error) in [
        (&h1, "answered 302 Found: redirects are not followed"),
        (&h2, "timed out"),
        (&h3, "could not connect"),
    ] {
        let log = log_until(&app, hook, Duration::from_secs(10), |l| {
            l.first()
                .is_some_and(|d| d["attempt_log"].as_array().is_some_and(|a| !a.is_empty()))
        })
        .await;
        let e = log[0]["attempt_log"][0]["error"]
            .as_str()
            .unwrap_or_default();
        assert!(e.starts_with(error), "{hook}: {e}");
        assert_eq!(log[0]["status"], "pending", "retried later");
        assert!(log[0]["next_attempt_at"].is_string());
    }
    assert_eq!(
        redirecting.received().len(),
        1,
        "the redirect is not followed"
    );
}

#[tokio::test]
async fn a_subscription_that_keeps_failing_is_disabled_and_can_be_enabled_again() {
    let app = spawn_configured(|c| {
        c.outbox.retry_secs = vec![1, 1, 1, 1, 1];
        c.outbox.webhook_disable_after_secs = 2;
    })
    .await;
    let w = app.world().await;
    let receiver = Receiver::start().await;
    receiver.answer(Answer::Status(503));
    let (hook, _) = subscribe(&app, None, &receiver.url, &["project.created"]).await;
    app.project(&w, "failing", "Failing", vec![w.host.id]).await;
    let deadline = Instant::now() + Duration::from_secs(15);
    let disabled = loop {
        let (_, h) = admin(&app, "GET", &format!("/webhooks/{hook}"), None).await;
        if h["status"] == "disabled" {
            break h;
        }
        assert!(Instant::now() < deadline, "not disabled: {h}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let reason = disabled["disabled_reason"].as_str().expect("reason");
    assert!(reason.contains("503"), "{reason}");
    let log = deliveries(&app, &hook).await;
    assert_eq!(
        log[0]["status"], "failed",
        "its pending delivery is given up"
    );
    // Nothing new is queued while disabled; a ping is refused.
    app.project(&w, "unheard", "Unheard", vec![w.host.id]).await;
    assert_eq!(deliveries(&app, &hook).await.len(), 1);
    assert_eq!(
        admin(&app, "POST", &format!("/webhooks/{hook}/ping"), None)
            .await
            .0,
        409
    );

    receiver.answer(Answer::Ok);
    let before = receiver.received().len();
    let (status, enabled) = admin(
        &app,
        "PATCH",
        &format!("/webhooks/{hook}"),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(status, 200, "{enabled}");
    assert_eq!(enabled["disabled_reason"], Value::Null);
    assert_eq!(enabled["failing_since"], Value::Null);
    assert_eq!(
        admin(&app, "POST", &format!("/webhooks/{hook}/ping"), None)
            .await
            .0,
        202
    );
    let got = receiver.wait_for(before + 1, Duration::from_secs(5)).await;
    assert_eq!(got[before].json()["type"], "webhook.ping");
}

#[tokio::test]
async fn subscriptions_are_validated_and_change_nothing_when_refused() {
    // Production settings: https only, no internal addresses.
    let app = spawn_configured(|c| c.outbox.webhooks_allow_local = false).await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    for (body, field) in [
        (
            json!({"url": "http://lms.example.lv/hook", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "https://10.0.0.7/hook", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "https://169.254.169.254/latest", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "https://localhost/hook", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "https://127.0.0.1:8443/hook", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "not a url", "event_types": ["project.*"]}),
            "url",
        ),
        (
            json!({"url": "https://lms.example.lv/hook", "event_types": ["project.archived"]}),
            "event_types",
        ),
        (
            json!({"url": "https://lms.example.lv/hook", "event_types": []}),
            "event_types",
        ),
        (json!({"url": "https://lms.example.lv/hook"}), "event_types"),
    ] {
        let (status, problem) = admin(&app, "POST", "/webhooks", Some(body.clone())).await;
        assert_eq!(status, 422, "{body} → {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{body} → {problem}");
    }
    let (_, listed) = admin(&app, "GET", "/webhooks", None).await;
    assert_eq!(listed["items"], json!([]), "nothing was created");

    // A client needs the scope; an anonymous caller a sign-in.
    let without = partner(&app, lu.id, &[Scope::ProjectsRead]).await;
    let body = json!({"url": "https://lms.example.lv/hook", "event_types": ["project.*"]});
    assert_eq!(
        call(
            &app,
            Some(&without),
            "POST",
            "/webhooks",
            Some(body.clone())
        )
        .await
        .0,
        403
    );
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/webhooks", app.address))
        .json(&body)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn a_refused_bulk_call_queues_no_notice() {
    let app = spawn_app().await;
    let w = app.world().await;
    let receiver = Receiver::start().await;
    let (hook, _) = subscribe(&app, None, &receiver.url, &["enrolment.*"]).await;
    // The first item is fine and would be announced; the second fails, so neither is written.
    let (status, answer) = admin(
        &app,
        "POST",
        "/enrolments/bulk",
        Some(json!({"items": [
            {"person_id": w.lead.id, "cohort_id": w.cohort.id},
            {"person_id": w.member.id, "cohort_id": uuid::Uuid::now_v7()},
        ]})),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        deliveries(&app, &hook).await.is_empty(),
        "a rolled-back change sends nothing"
    );
    assert!(receiver.received().is_empty());
    // The same first item alone commits, and its notice goes out.
    let (status, _) = admin(
        &app,
        "POST",
        "/enrolments",
        Some(json!({"person_id": w.lead.id, "cohort_id": w.cohort.id})),
    )
    .await;
    assert_eq!(status, 201);
    let got = receiver.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(got[0].json()["type"], "enrolment.created");
}

/// An `eil-server` process on the test's database, its worker on.
fn server(database_url: &str, lease_secs: u64) -> (Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let dir = std::env::temp_dir().join(format!("eil-replica-{}", uuid::Uuid::now_v7().simple()));
    let child = Command::new(env!("CARGO_BIN_EXE_eil-server"))
        .env("DATABASE_URL", database_url)
        .env("EIL_BIND", format!("127.0.0.1:{port}"))
        .env("EIL_JWT_SECRET", crate::helpers::TEST_SECRET)
        .env("EIL_DATA_DIR", &dir)
        .env("EIL_WEB_DIR", dir.join("web"))
        .env("EIL_LOG", "error")
        .env("EIL_WEBHOOKS_ALLOW_LOCAL", "1")
        .env("EIL_OUTBOX_POLL_MS", "100")
        .env("EIL_OUTBOX_LEASE_SECS", lease_secs.to_string())
        .env("EIL_WEBHOOK_TIMEOUT_SECS", "1")
        .env("EIL_OUTBOX_RETRY_SECS", "1,1,1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("eil-server starts");
    (child, port)
}

async fn ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
        .await
        .map(|r| r.status().as_u16())
        .ok()
        != Some(200)
    {
        assert!(Instant::now() < deadline, "replica on {port} not ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn two_replicas_share_the_outbox_and_deliver_each_notice_once() {
    // The test's own server queues, but does not send; two replicas, already running,
    // claim the notices as they come.
    let app = spawn_configured(|c| c.outbox.worker = false).await;
    let receiver = Receiver::start().await;
    receiver.answer(Answer::Slow(Duration::from_millis(20)));
    subscribe(&app, None, &receiver.url, &["event.created"]).await;
    let programme = app.world().await.programme.programme.id;
    let (mut a, pa) = server(&app.database_url, 60);
    let (mut b, pb) = server(&app.database_url, 60);
    ready(pa).await;
    ready(pb).await;
    for i in 0..200 {
        let (status, v) = admin(
            &app,
            "POST",
            "/events",
            Some(json!({"slug": format!("e-{i}"), "kind": "workshop", "programme_id": programme,
                "title": {"lv": "D", "en": "W"}, "starts_at": "2031-01-01T10:00:00Z", "ends_at": "2031-01-01T12:00:00Z"})),
        )
        .await;
        assert_eq!(status, 201, "{v}");
    }
    receiver.wait_for(200, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = receiver.received();
    let mut ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        (got.len(), ids.len()),
        (200, 200),
        "each of the 200 notices exactly once"
    );
    let _ = (a.kill(), b.kill(), a.wait(), b.wait());
}

#[tokio::test]
async fn notices_pending_at_a_kill_9_are_sent_after_the_restart() {
    let app = spawn_configured(|c| c.outbox.worker = false).await;
    let receiver = Receiver::start().await;
    // The receiver holds the first attempt open, so the notice is in flight at the kill.
    receiver.answer(Answer::Slow(Duration::from_secs(30)));
    let (hook, _) = subscribe(&app, None, &receiver.url, &["event.created"]).await;
    let programme = app.world().await.programme.programme.id;
    let (status, _) = admin(
        &app,
        "POST",
        "/events",
        Some(json!({"slug": "kept", "kind": "workshop", "programme_id": programme,
            "title": {"lv": "D", "en": "W"}, "starts_at": "2031-01-01T10:00:00Z", "ends_at": "2031-01-01T12:00:00Z"})),
    )
    .await;
    assert_eq!(status, 201);
    let (mut first, port) = server(&app.database_url, 2);
    ready(port).await;
    receiver.wait_for(1, Duration::from_secs(10)).await;
    first.kill().expect("kill -9"); // SIGKILL: no shutdown, no chance to record anything
    first.wait().expect("reaped");
    receiver.answer(Answer::Ok);
    let (mut second, port) = server(&app.database_url, 2);
    ready(port).await;
    let got = receiver.wait_for(2, Duration::from_secs(15)).await;
    assert_eq!(
        got[0].header("webhook-id"),
        got[1].header("webhook-id"),
        "the same notice, again"
    );
    let log = log_until(&app, &hook, Duration::from_secs(5), |l| {
        l[0]["status"] == "sent"
    })
    .await;
    assert_eq!(
        log.len(),
        1,
        "one notice, not lost and not doubled in the outbox"
    );
    let _ = (second.kill(), second.wait());
}

#[tokio::test]
async fn partners_hear_of_milestones_and_enrolments_of_their_own_only() {
    let app = spawn_app().await;
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let token = partner(
        &app,
        lu.id,
        &[
            Scope::WebhooksManage,
            Scope::ProjectsRead,
            Scope::EnrolmentsRead,
        ],
    )
    .await;
    let receiver = Receiver::start().await;
    // Sessions are never a partner's to read: subscribing to them is refused.
    let (status, problem) = call(
        &app,
        Some(&token),
        "POST",
        "/webhooks",
        Some(json!({"url": receiver.url, "event_types": ["session.*"]})),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].clone()),
        (422, json!("event_types"))
    );
    subscribe(
        &app,
        Some(&token),
        &receiver.url,
        &["milestone.*", "enrolment.*"],
    )
    .await;

    let ours = app.project(&w, "ours", "Ours", vec![lu.id]).await;
    let theirs = app.project(&w, "theirs", "Theirs", vec![w.host.id]).await;
    for p in [&theirs, &ours] {
        let (status, _) = admin(
            &app,
            "POST",
            &format!("/projects/{}/milestones", p.project.id),
            Some(json!({"title": {"lv": "Pilots", "en": "Pilot"}, "due_on": "2031-01-01"})),
        )
        .await;
        assert_eq!(status, 201);
    }
    let person = |email: &str, org: Option<eil_shared::OrganisationId>| {
        let body = json!({"email": email, "full_name": "Ilze Ozola", "organisation_id": org});
        let app = &app;
        async move {
            let (status, v) = admin(app, "POST", "/people", Some(body)).await;
            assert_eq!(status, 201, "{v}");
            v["id"].as_str().expect("id").to_string()
        }
    };
    let elsewhere = person("other@example.lv", Some(w.host.id)).await;
    let at_lu = person("ilze@lu.lv", Some(lu.id)).await;
    for p in [&elsewhere, &at_lu] {
        let (status, _) = admin(
            &app,
            "POST",
            "/enrolments",
            Some(json!({"person_id": p, "cohort_id": w.cohort.id})),
        )
        .await;
        assert_eq!(status, 201);
    }
    receiver.wait_for(2, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut got: Vec<(String, Value)> = receiver
        .received()
        .iter()
        .map(|r| {
            let b = r.json();
            (
                b["type"].as_str().unwrap_or("").to_string(),
                b["data"].clone(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got.len(),
        2,
        "only LU's milestone and LU's person: {got:#?}"
    );
    assert_eq!(got[0].0, "enrolment.created");
    assert_eq!(got[0].1["person_id"], json!(at_lu));
    assert_eq!(got[1].0, "milestone.created");
    assert_eq!(got[1].1["project_id"], json!(ours.project.id));
}

#[tokio::test]
async fn retries_go_to_the_subscription_url_as_it_is_now() {
    let app = spawn_configured(|c| c.outbox.retry_secs = vec![1, 1]).await;
    let w = app.world().await;
    let old = Receiver::start().await;
    old.answer(Answer::Status(500));
    let new = Receiver::start().await;
    let (hook, _) = subscribe(&app, None, &old.url, &["project.created"]).await;
    app.project(&w, "moved", "Moved", vec![w.host.id]).await;
    old.wait_for(1, Duration::from_secs(5)).await;
    let (status, _) = admin(
        &app,
        "PATCH",
        &format!("/webhooks/{hook}"),
        Some(json!({"url": new.url})),
    )
    .await;
    assert_eq!(status, 200);
    let got = new.wait_for(1, Duration::from_secs(5)).await;
    assert_eq!(got[0].json()["type"], "project.created");
    log_until(&app, &hook, Duration::from_secs(5), |l| {
        l[0]["status"] == "sent"
    })
    .await;
    assert_eq!(old.received().len(), 1, "the old URL hears no more");
}
