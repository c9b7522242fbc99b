//! `GET /metrics`: what a Prometheus scrape sees, and who may scrape.

use std::collections::BTreeMap;

use chrono::Utc;
use clap::Parser;
use eil_backend::config::MetricsExposure;
use eil_backend::db::models::notice;
use eil_shared::notice::Channel;

use crate::helpers::{TestApp, spawn_app, spawn_configured};

/// One sample of a scrape: the series' labels and its value.
struct Sample {
    labels: BTreeMap<String, String>,
    value: f64,
}

/// The samples of `name` in a scrape in the text format.
fn samples(text: &str, name: &str) -> Vec<Sample> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (series, value) = line.rsplit_once(' ')?;
            let (series_name, labels) = match series.split_once('{') {
                Some((n, rest)) => (n, rest.strip_suffix('}')?),
                None => (series, ""),
            };
            (series_name == name).then(|| Sample {
                labels: labels
                    .split("\",")
                    .filter(|p| !p.is_empty())
                    .filter_map(|pair| {
                        let (k, v) = pair.split_once("=\"")?;
                        Some((k.to_string(), v.trim_end_matches('"').to_string()))
                    })
                    .collect(),
                value: value.parse().expect("a number"),
            })
        })
        .collect()
}

/// The value of the one series of `name` with exactly these labels, if it is there.
fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let wanted: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let found: Vec<f64> = samples(text, name)
        .into_iter()
        .filter(|s| s.labels == wanted)
        .map(|s| s.value)
        .collect();
    assert!(found.len() <= 1, "{name} {labels:?} appears twice");
    found.first().copied()
}

async fn scrape(base: &str) -> String {
    let resp = reqwest::get(format!("{base}/metrics"))
        .await
        .expect("scrape");
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(resp.headers()["cache-control"], "no-store");
    // Data, like the API's answers: it may load nothing.
    assert_eq!(
        resp.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    resp.text().await.expect("text")
}

async fn get(url: String) -> reqwest::Response {
    reqwest::get(url).await.expect("request")
}

#[tokio::test]
async fn requests_are_counted_by_route_template_method_and_status() {
    let app = spawn_app().await;
    for _ in 0..3 {
        let r = get(format!("{}/api/v1/programmes", app.address)).await;
        assert_eq!(r.status(), 200);
    }
    let missing = uuid::Uuid::now_v7();
    let r = get(format!("{}/api/v1/programmes/{missing}", app.address)).await;
    assert_eq!(r.status(), 404);
    let r = get(format!("{}/api/v1/no-such-thing-7f3a", app.address)).await;
    assert_eq!(r.status(), 404);
    let r = get(format!("{}/no-such-page-7f3a", app.address)).await;
    assert_eq!(r.status(), 404);
    let brew = reqwest::Method::from_bytes(b"BREW").expect("a method");
    let r = reqwest::Client::new()
        .request(brew, format!("{}/api/v1/programmes", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), 405);

    let text = scrape(&app.address).await;
    let requests = |route, method, status| {
        value(
            &text,
            "http_requests_total",
            &[("route", route), ("method", method), ("status", status)],
        )
    };
    assert_eq!(requests("/api/v1/programmes", "GET", "200"), Some(3.0));
    assert_eq!(requests("/api/v1/programmes/{id}", "GET", "404"), Some(1.0));
    // Paths no route took share one label, whatever they were.
    assert_eq!(requests("unmatched", "GET", "404"), Some(2.0));
    assert!(
        !text.contains("no-such"),
        "a raw path became a label:\n{text}"
    );
    assert!(!text.contains(&missing.to_string()), "an id became a label");
    // So do methods nobody defined.
    assert_eq!(requests("/api/v1/programmes", "other", "405"), Some(1.0));
    assert!(!text.contains("BREW"));
    // The test's sign-in.
    assert_eq!(requests("/api/v1/auth/login", "POST", "200"), Some(1.0));

    let latency = [("route", "/api/v1/programmes"), ("method", "GET")];
    assert_eq!(
        value(&text, "http_request_duration_seconds_count", &latency),
        Some(3.0)
    );
    let buckets = samples(&text, "http_request_duration_seconds_bucket");
    let mut les: Vec<&str> = buckets
        .iter()
        .filter(|s| s.labels.get("route").map(String::as_str) == Some("/api/v1/programmes"))
        .map(|s| s.labels["le"].as_str())
        .collect();
    les.dedup();
    assert_eq!(les.first(), Some(&"0.001"));
    assert!(les.contains(&"10"), "buckets up to 10 s: {les:?}");
    assert_eq!(
        value(
            &text,
            "http_request_duration_seconds_bucket",
            &[latency[0], latency[1], ("le", "+Inf")]
        ),
        Some(3.0)
    );

    // A scrape is counted like any request, by the next one.
    let again = scrape(&app.address).await;
    assert_eq!(
        value(
            &again,
            "http_requests_total",
            &[("route", "/metrics"), ("method", "GET"), ("status", "200")]
        ),
        Some(1.0)
    );
}

#[tokio::test]
async fn the_pool_is_reported() {
    let app = spawn_app().await;
    let r = get(format!("{}/api/v1/programmes", app.address)).await;
    assert_eq!(r.status(), 200);
    let text = scrape(&app.address).await;
    let gauge = |name| value(&text, name, &[]).unwrap_or_else(|| panic!("{name} in\n{text}"));
    // The test servers' pool size.
    assert_eq!(gauge("db_pool_max_connections"), 4.0);
    let open = gauge("db_pool_connections");
    assert!((1.0..=4.0).contains(&open), "{open} connections open");
    assert_eq!(
        gauge("db_pool_idle_connections") + gauge("db_pool_in_use_connections"),
        open
    );
    // The sign-in and the list took connections; the scrape counts its own after reading.
    assert!(gauge("db_pool_wait_seconds_count") >= 2.0);
    assert_eq!(gauge("db_pool_timeouts_total"), 0.0);
    let writer_queue = value(&text, "db_sqlite_writer_wait_seconds_count", &[]);
    if app.database_url.starts_with("sqlite") {
        // The sign-in wrote its session through the queue (shared by the whole process).
        assert!(writer_queue.is_some_and(|n| n >= 1.0), "{writer_queue:?}");
    } else {
        assert_eq!(writer_queue, None, "PostgreSQL has no writer queue");
    }
}

#[tokio::test]
async fn the_outbox_depth_counts_unsent_notices_by_status_and_channel() {
    let app = spawn_app().await;
    let outbox = |text: &str, status, channel| {
        value(
            text,
            "outbox_notices",
            &[("status", status), ("channel", channel)],
        )
    };
    let text = scrape(&app.address).await;
    for status in ["pending", "failed"] {
        for channel in ["email", "webhook"] {
            assert_eq!(
                outbox(&text, status, channel),
                Some(0.0),
                "{status} {channel}"
            );
        }
    }
    assert!(
        !text.contains("status=\"sent\""),
        "sent notices are not counted"
    );

    // Without EIL_SMTP_URL, e-mails wait in the outbox.
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        notice::insert(
            &mut pool.get().expect("connection"),
            notice::New {
                channel: Channel::Email,
                event_type: "invitation",
                subscription_id: None,
                recipient: "someone@example.lv",
                payload: "{}",
                at: Utc::now(),
            },
        )
        .expect("a notice")
    })
    .await
    .expect("task");
    let text = scrape(&app.address).await;
    assert_eq!(outbox(&text, "pending", "email"), Some(1.0));
    assert_eq!(outbox(&text, "pending", "webhook"), Some(0.0));
    assert_eq!(outbox(&text, "failed", "email"), Some(0.0));
}

/// What a path with no route answers, to compare refusals with.
async fn no_route(app: &TestApp) -> (u16, String, String) {
    answer(get(format!("{}/nothing-here", app.address)).await).await
}

async fn answer(r: reqwest::Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let kind = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("text").to_string())
        .unwrap_or_default();
    (status, kind, r.text().await.expect("body"))
}

#[tokio::test]
async fn forwarded_requests_are_refused_as_if_there_were_no_such_path() {
    let app = spawn_app().await;
    let expected = no_route(&app).await;
    assert_eq!(expected.0, 404);
    assert_eq!(expected.1, "application/problem+json");
    // A load balancer on this machine connects from loopback for a public client.
    for (name, value) in [
        ("x-forwarded-for", "203.0.113.7"),
        ("forwarded", "for=203.0.113.7"),
        ("x-real-ip", "203.0.113.7"),
    ] {
        let r = reqwest::Client::new()
            .get(format!("{}/metrics", app.address))
            .header(name, value)
            .send()
            .await
            .expect("request");
        assert_eq!(answer(r).await, expected, "with {name}");
    }
    // Nor does another method show it.
    let r = reqwest::Client::new()
        .post(format!("{}/metrics", app.address))
        .send()
        .await
        .expect("request");
    let post_elsewhere = reqwest::Client::new()
        .post(format!("{}/nothing-here", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(answer(r).await, answer(post_elsewhere).await);
}

#[tokio::test]
async fn metrics_off_are_not_served() {
    let app = spawn_configured(|c| c.metrics.exposure = MetricsExposure::Off).await;
    let expected = no_route(&app).await;
    let r = get(format!("{}/metrics", app.address)).await;
    assert_eq!(answer(r).await, expected);
    assert_eq!(app.metrics_address, None);
}

#[tokio::test]
async fn a_metrics_port_of_their_own_serves_them_there_only() {
    let app = spawn_configured(|c| c.metrics.bind = Some("127.0.0.1:0".into())).await;
    let metrics = app.metrics_address.clone().expect("a metrics port");
    let r = get(format!("{}/api/v1/programmes", app.address)).await;
    assert_eq!(r.status(), 200);

    let expected = no_route(&app).await;
    let r = get(format!("{}/metrics", app.address)).await;
    assert_eq!(
        answer(r).await,
        expected,
        "the main port does not serve them"
    );

    let text = scrape(&metrics).await;
    assert_eq!(
        value(
            &text,
            "http_requests_total",
            &[
                ("route", "/api/v1/programmes"),
                ("method", "GET"),
                ("status", "200")
            ]
        ),
        Some(1.0),
        "the main port's requests"
    );
    assert!(value(&text, "db_pool_max_connections", &[]).is_some());
    // The port is the operator's to keep private; it serves nothing else.
    let (status, kind, _) = answer(get(format!("{metrics}/api/v1/programmes")).await).await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
}

#[tokio::test]
async fn metrics_off_with_a_metrics_port_does_not_start() {
    let app = spawn_app().await;
    let mut config = eil_backend::config::Config::try_parse_from([
        "eil-server",
        "--database-url",
        &app.database_url,
        "--bind",
        "127.0.0.1:0",
        "--metrics",
        "off",
        "--metrics-bind",
        "127.0.0.1:0",
    ])
    .expect("settings");
    config.jwt_secret = Some(crate::helpers::TEST_SECRET.into());
    let err = eil_backend::startup::Application::build(config)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("EIL_METRICS_BIND"), "{err}");
}
