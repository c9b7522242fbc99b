//! `GET /metrics` in the Prometheus text format: requests by route, their latency, the
//! database pool, the outbox.
//!
//! Every application owns its registry (tests run many servers in one process, and each
//! must count only its own requests); the process-global default registry is not used.
//! Request series are labelled by the route's template (`/api/v1/projects/{id}`), never by
//! the raw path, and every path no route took counts as [`UNMATCHED`], so that callers
//! cannot grow the number of series. The pool's gauges and the outbox's depth are read at
//! scrape time.
//!
//! Who may read it is set by `EIL_METRICS` and `EIL_METRICS_BIND` (see
//! [`crate::config::MetricsConfig`]); a refused request is answered as any path with no
//! route, so it does not show that the endpoint exists.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use anyhow::Context;
use eil_shared::notice::{Channel, NoticeStatus};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::db::{DbError, Pool, models::notice};
use crate::error::ApiError;
use crate::openapi::AllowedMethods;
use crate::web::{WebDir, fallback};

/// The `route` of a request no route took (an unknown path, the web app's deep links).
pub const UNMATCHED: &str = "unmatched";

/// Request latency buckets, in seconds: 1 ms to 10 s.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Buckets for waits (a connection, the SQLite writer queue), in seconds: 0.1 ms to 5 s, past
/// the default checkout timeout of 2 s.
pub const WAIT_BUCKETS: &[f64] = &[
    0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0,
];

/// The methods counted by name; any other is `other`, so that made-up methods add no series.
const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
];

/// How long a scrape waits for a connection to count the outbox. A saturated pool is when
/// the pool's gauges matter most, so the scrape answers without the outbox then.
const OUTBOX_WAIT: Duration = Duration::from_millis(250);

/// The version of the text format is part of its content type.
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// One application's series.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_wait: Histogram,
    pool_timeouts: IntCounter,
}

impl Metrics {
    /// A registry with the request and pool series; with `sqlite`, also the writer queue's.
    pub fn new(sqlite: bool) -> anyhow::Result<Self> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "Requests answered, by route template, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time from a request's arrival to its answer's head, by route template and method",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route", "method"],
        )?;
        let pool_wait = Histogram::with_opts(
            HistogramOpts::new(
                "db_pool_wait_seconds",
                "Time spent waiting for a database connection from the pool",
            )
            .buckets(WAIT_BUCKETS.to_vec()),
        )?;
        let pool_timeouts = IntCounter::new(
            "db_pool_timeouts_total",
            "Waits for a database connection that ran out of time (answered 503)",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_wait.clone()))?;
        registry.register(Box::new(pool_timeouts.clone()))?;
        if sqlite {
            registry.register(Box::new(crate::db::sqlite_writer_wait()))?;
        }
        Ok(Metrics {
            registry,
            requests,
            latency,
            pool_wait,
            pool_timeouts,
        })
    }

    /// What the pool tells of the waits for its connections, for
    /// [`crate::db::connect_observed`].
    pub fn pool_events(&self) -> std::sync::Arc<dyn crate::db::PoolObserver> {
        std::sync::Arc::new(PoolEvents {
            wait: self.pool_wait.clone(),
            timeouts: self.pool_timeouts.clone(),
        })
    }

    fn observe(&self, route: &str, method: &Method, status: StatusCode, took: Duration) {
        let method = METHODS
            .iter()
            .find(|m| **m == method.as_str())
            .copied()
            .unwrap_or("other");
        self.requests
            .with_label_values(&[route, method, status.as_str()])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(took.as_secs_f64());
    }

    /// The text of a scrape: the registry's series and the gauges read now.
    fn render(
        &self,
        pool: &Pool,
        outbox: Option<Vec<(String, String, i64)>>,
    ) -> anyhow::Result<String> {
        let now = Registry::new();
        let state = pool.state();
        let gauge = |name: &str, help: &str, value: u32| -> prometheus::Result<()> {
            let g = IntGauge::new(name, help)?;
            g.set(i64::from(value));
            now.register(Box::new(g))
        };
        gauge(
            "db_pool_max_connections",
            "Connections the pool may open (EIL_DB_POOL_SIZE)",
            pool.max_size(),
        )?;
        gauge(
            "db_pool_connections",
            "Connections the pool holds open",
            state.connections,
        )?;
        gauge(
            "db_pool_idle_connections",
            "Open connections waiting for work",
            state.idle_connections,
        )?;
        gauge(
            "db_pool_in_use_connections",
            "Connections taken by a request or the outbox worker",
            state.connections.saturating_sub(state.idle_connections),
        )?;
        if let Some(rows) = outbox {
            let notices = IntGaugeVec::new(
                Opts::new(
                    "outbox_notices",
                    "Notices not sent, by status (pending, failed) and channel",
                ),
                &["status", "channel"],
            )?;
            // Every series is there from the start, so that an alert on one never sees it
            // vanish when its count is zero.
            for status in [NoticeStatus::Pending, NoticeStatus::Failed] {
                for channel in Channel::ALL {
                    notices
                        .with_label_values(&[status.as_str(), channel.as_str()])
                        .set(0);
                }
            }
            for (channel, status, count) in rows {
                notices.with_label_values(&[&status, &channel]).set(count);
            }
            now.register(Box::new(notices))?;
        }
        let mut families = self.registry.gather();
        families.extend(now.gather());
        families.sort_by(|a, b| a.name().cmp(b.name()));
        let mut text = Vec::new();
        TextEncoder::new().encode(&families, &mut text)?;
        Ok(String::from_utf8(text)?)
    }
}

/// Feeds the pool's checkout events into the metrics.
#[derive(Debug)]
struct PoolEvents {
    wait: Histogram,
    timeouts: IntCounter,
}

impl crate::db::PoolObserver for PoolEvents {
    fn waited(&self, took: Duration) {
        self.wait.observe(took.as_secs_f64());
    }

    fn gave_up(&self, took: Duration) {
        self.wait.observe(took.as_secs_f64());
        self.timeouts.inc();
    }
}

/// Counts every request and its latency. Outermost, so that it sees the status the client
/// gets and the time every other layer took.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(metrics) = req.app_data::<web::Data<Metrics>>().cloned() else {
        return next.call(req).await;
    };
    let route = req.match_pattern();
    let method = req.method().clone();
    let started = Instant::now();
    let res = next.call(req).await;
    let status = match &res {
        Ok(r) => r.status(),
        Err(e) => e.as_response_error().status_code(),
    };
    metrics.observe(
        route.as_deref().unwrap_or(UNMATCHED),
        &method,
        status,
        started.elapsed(),
    );
    res
}

/// `/metrics` on the main port (`EIL_METRICS=loopback`): only for a client on this machine
/// that no proxy forwarded; anyone else gets what a path with no route gets.
pub async fn scrape(
    req: HttpRequest,
    metrics: web::Data<Metrics>,
    pool: web::Data<Pool>,
    dir: web::Data<WebDir>,
    allowed: web::Data<AllowedMethods>,
) -> Result<HttpResponse, ApiError> {
    if req.method() != Method::GET || !from_this_machine(&req) {
        return fallback(req, dir, allowed).await;
    }
    answer(&metrics, &pool).await
}

/// Whether the peer is a loopback address and the request names no other client. A load
/// balancer on this machine connects from 127.0.0.1 for public clients, but says so.
fn from_this_machine(req: &HttpRequest) -> bool {
    let forwarded = ["forwarded", "x-forwarded-for", "x-real-ip"]
        .iter()
        .any(|h| req.headers().contains_key(*h));
    let loopback = req
        .peer_addr()
        .is_some_and(|a| a.ip().to_canonical().is_loopback());
    loopback && !forwarded
}

async fn answer(metrics: &Metrics, pool: &Pool) -> Result<HttpResponse, ApiError> {
    let p = pool.clone();
    let counted = web::block(move || -> Result<_, DbError> {
        notice::unsent(&mut *p.get_timeout(OUTBOX_WAIT)?)
    })
    .await
    .map_err(|e| DbError::Internal(anyhow::anyhow!("the counting task failed: {e}")))
    .and_then(|r| r);
    let outbox = match counted {
        Ok(rows) => Some(rows),
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the outbox could not be counted; left out of this scrape");
            None
        }
    };
    let text = metrics
        .render(pool, outbox)
        .context("rendering the metrics")?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, CONTENT_TYPE))
        .body(text))
}

/// The server of `EIL_METRICS_BIND`: `GET /metrics` to whoever reaches the address, a 404
/// problem for anything else. Returns the port it listens on and the server to run.
pub fn serve(
    address: &str,
    metrics: web::Data<Metrics>,
    pool: web::Data<Pool>,
) -> anyhow::Result<(u16, Server)> {
    let listener = TcpListener::bind(address)
        .with_context(|| format!("cannot listen on {address} (EIL_METRICS_BIND)"))?;
    let port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(from_fn(crate::http::problems::fill))
            .wrap(from_fn(crate::http::headers::secure))
            .app_data(metrics.clone())
            .app_data(pool.clone())
            .route(
                "/metrics",
                web::get().to(|m: web::Data<Metrics>, p: web::Data<Pool>| async move {
                    answer(&m, &p).await
                }),
            )
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(ApiError::NotFound(
                    "this port serves only GET /metrics".into(),
                ))
            }))
    })
    .workers(1)
    .listen(listener)?
    .shutdown_timeout(1)
    .run();
    Ok((port, server))
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn from(peer: &str, header: Option<(&str, &str)>) -> bool {
        let mut req = TestRequest::get()
            .uri("/metrics")
            .peer_addr(peer.parse().expect("an address"));
        if let Some(h) = header {
            req = req.insert_header(h);
        }
        from_this_machine(&req.to_http_request())
    }

    #[test]
    fn only_loopback_peers_that_no_proxy_forwarded_may_scrape() {
        assert!(from("127.0.0.1:50000", None));
        assert!(from("[::1]:50000", None));
        assert!(from("[::ffff:127.0.0.1]:50000", None));
        assert!(!from("10.0.0.5:50000", None));
        assert!(!from("[2001:db8::1]:50000", None));
        assert!(!from("[::ffff:192.0.2.1]:50000", None));
        assert!(!from(
            "127.0.0.1:50000",
            Some(("X-Forwarded-For", "127.0.0.1"))
        ));
        assert!(!from(
            "127.0.0.1:50000",
            Some(("Forwarded", "for=192.0.2.1"))
        ));
        assert!(!from("127.0.0.1:50000", Some(("X-Real-IP", "192.0.2.1"))));
    }

    #[test]
    fn methods_nobody_defined_share_one_label() {
        let m = Metrics::new(false).expect("metrics");
        let brew = Method::from_bytes(b"BREW").expect("a method");
        m.observe("/x", &brew, StatusCode::METHOD_NOT_ALLOWED, Duration::ZERO);
        m.observe("/x", &Method::GET, StatusCode::OK, Duration::ZERO);
        let labels: Vec<String> = m
            .registry
            .gather()
            .iter()
            .filter(|f| f.name() == "http_requests_total")
            .flat_map(|f| f.get_metric().iter())
            .flat_map(|s| s.get_label().iter())
            .filter(|l| l.name() == "method")
            .map(|l| l.value().to_string())
            .collect();
        assert_eq!(labels, ["GET", "other"]);
    }
}
