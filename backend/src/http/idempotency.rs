//! `Idempotency-Key` on creates (IETF httpapi draft "The Idempotency-Key HTTP Header
//! Field"): a partner whose connection broke after sending a create can send it again
//! with the same key and get the first answer instead of a second record.
//!
//! The operations that take the key are the ones the served OpenAPI document lists it on
//! ([`document`] puts it on every create, [`Creates::from_doc`] reads it back), so the
//! contract and the behaviour cannot drift apart and a new create gets it by itself.
//!
//! What is kept, per caller and key, for [`KEPT_FOR`]: the fingerprint of the request
//! (SHA-256 of method, path and body) and, once it succeeded, its status, `Location`,
//! `ETag`, `Content-Type` and body. The row is claimed "in progress" before the handler
//! runs; the database's unique key is what makes a concurrent repeat, on any replica,
//! answer 409. Only successes are kept: an error answer created nothing, so the key is
//! given back and a retry runs anew. Anonymous requests have nobody to key by; the header
//! is ignored for them (every create needs a sign-in, so they are answered 401 anyway).

use std::pin::Pin;
use std::sync::atomic::{AtomicI64, Ordering};

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError};
use chrono::{TimeDelta, Utc};
use eil_shared::problem::FieldError;
use futures_util::{Stream, StreamExt};
use sha2::{Digest, Sha256};
use utoipa::openapi::OpenApi as Doc;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{RefOr, Required};

use crate::auth::Caller;
use crate::db::models::idempotency::{self, Claim, Cutoffs, IdempotencyRow, KeyOf, StoredAnswer};
use crate::db::{self, Pool, ts};
use crate::error::ApiError;
use crate::extract::MAX_BODY;

pub const HEADER: &str = "Idempotency-Key";
/// Marks an answer that is a stored one (the name Stripe and others use).
pub const REPLAYED: &str = "Idempotent-Replayed";

/// How long an answer is kept.
pub fn kept_for() -> TimeDelta {
    TimeDelta::hours(24)
}

/// A row still "in progress" after this was left by a request whose server died (a
/// request's own work is bounded by the statement and pool timeouts, a few seconds); the
/// next request with the key takes it over.
pub fn lease() -> TimeDelta {
    TimeDelta::seconds(60)
}

/// Expired rows of other keys are swept at most this often per process.
const SWEEP_EVERY_SECS: i64 = 600;
static LAST_SWEEP: AtomicI64 = AtomicI64::new(0);

/// Creates whose answer holds a secret shown once (an API client's secret, an invitation's
/// link, a webhook's signing secret): storing the answer would keep for a day a copy of
/// what the server otherwise keeps only as a hash, or only where it is needed. They ignore
/// the key, and their description says so. Besides these, any create whose `201` answer is
/// documented with [`SECRET_ANSWER`] counts as one.
const ONE_TIME_SECRETS: &[&str] = &["/api/v1/clients", "/api/v1/invitations", "/api/v1/webhooks"];
const SECRET_ANSWER: &str = "in this answer only";

const KEY_RULE: &str = "must be 1 to 255 visible ASCII characters";

/// The POST paths of the document, and whether each takes the key.
#[derive(Debug, Default)]
pub struct Creates(Vec<(Vec<Segment>, bool)>);

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param,
}

impl Creates {
    pub fn from_doc(doc: &Doc) -> Self {
        let mut table = Vec::new();
        for (path, item) in &doc.paths.paths {
            let Some(op) = &item.post else { continue };
            let segments = path
                .split('/')
                .map(|s| {
                    if s.starts_with('{') {
                        Segment::Param
                    } else {
                        Segment::Literal(s.to_string())
                    }
                })
                .collect();
            table.push((segments, takes_key(op)));
        }
        Creates(table)
    }

    /// Whether a POST to `path` takes the key: the documented POST path that matches it,
    /// literal segments winning over parameters as in the router, does.
    pub fn applies(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        let mut best: Option<(usize, bool)> = None;
        for (segments, takes) in &self.0 {
            let matches = segments.len() == parts.len()
                && segments.iter().zip(&parts).all(|(s, p)| match s {
                    Segment::Literal(l) => l == p,
                    Segment::Param => !p.is_empty(),
                });
            if !matches {
                continue;
            }
            let literals = segments
                .iter()
                .filter(|s| matches!(s, Segment::Literal(_)))
                .count();
            if best.is_none_or(|(n, _)| literals > n) {
                best = Some((literals, *takes));
            }
        }
        best.is_some_and(|(_, takes)| takes)
    }
}

fn takes_key(op: &Operation) -> bool {
    op.parameters.iter().flatten().any(|p| {
        matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Header && p.name.eq_ignore_ascii_case(HEADER))
    })
}

/// Documents the key on every create of the API (a POST answering 201), and on any other
/// POST that declares the header itself (a bulk call, say): the parameter, and the header
/// that marks a replayed answer.
pub(crate) fn document(path: &str, item: &mut PathItem) {
    let Some(op) = item.post.as_mut() else { return };
    if !path.starts_with("/api/v1/") || path.starts_with("/api/v1/auth/") {
        return;
    }
    let declared = takes_key(op);
    let secret = ONE_TIME_SECRETS.contains(&path)
        || op
            .responses
            .responses
            .get("201")
            .is_some_and(|r| matches!(r, RefOr::T(r) if r.description.contains(SECRET_ANSWER)));
    if secret && !declared {
        let described = op.description.clone().unwrap_or_default();
        op.description = Some(
            described
                + "\n\nIgnores `Idempotency-Key`: the answer holds a secret shown once, which the server does not keep. After a network error, look the record up before sending the request again.",
        );
        return;
    }
    let success = if op.responses.responses.contains_key("201") {
        "201"
    } else if declared {
        "200"
    } else {
        return;
    };
    if !declared {
        op.parameters.get_or_insert_with(Vec::new).push(RefOr::T(
            ParameterBuilder::new()
                .name(HEADER)
                .parameter_in(ParameterIn::Header)
                .required(Required::False)
                .description(Some(
                    "Makes a retry of this create safe (IETF draft *The Idempotency-Key HTTP Header Field*). Send a new unique value, a UUID say, with each new request, and the same value when you repeat that request after a network error or a timeout. For 24 hours, a repeat of a successful request (same caller, key, method, path and body) gets the first answer again, with the same status, body, `Location` and `ETag` and the header `Idempotent-Replayed: true`, and nothing is created again. The same key with another request is 422 naming `Idempotency-Key`; a repeat while the first request is still running is 409 (retry after `Retry-After`). Only successful answers are kept: after an error nothing was created, and the key may be sent again. 1 to 255 visible ASCII characters (400 otherwise); the draft's quoted form (`\"...\"`) is accepted too. Keys are per caller: two callers may use the same key. Ignored on requests without a sign-in.",
                ))
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .min_length(Some(1))
                        .max_length(Some(255))
                        .pattern(Some("^[!-~]+$"))
                        .examples(["4f9c2d3e-8a71-4b0e-9a53-2c1d7e6f8a90"]),
                ))
                .build(),
        ));
    }
    if let Some(RefOr::T(response)) = op.responses.responses.get_mut(success) {
        response.headers.insert(
            REPLAYED.into(),
            HeaderBuilder::new()
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(["true"])),
                ))
                .description(Some(
                    "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`; absent otherwise.",
                ))
                .build()
                .into(),
        );
    }
}

/// The middleware; see the module documentation. It sits inside `auth::authenticate`,
/// whose `Caller` it keys by, and outside `audit::record`: a replay runs no handler, so it
/// writes nothing and needs no audit entry.
pub async fn replay(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let applies = req.method() == Method::POST
        && req.headers().contains_key(HEADER)
        && req
            .app_data::<web::Data<Creates>>()
            .is_some_and(|c| c.applies(req.path()));
    // Anonymous callers have no identity to key by: the header means nothing for them.
    let actor = applies
        .then(|| req.extensions().get::<Caller>().map(Caller::actor))
        .flatten();
    let pool = req
        .app_data::<web::Data<Pool>>()
        .map(|p| p.get_ref().clone());
    let (Some((kind, Some(actor_id))), Some(pool)) = (actor, pool) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match parse_key(req.headers()) {
        Ok(key) => key,
        Err(e) => return Ok(req.error_response(e)),
    };
    let body = match read_body(req.take_payload()).await {
        Ok(body) => body,
        Err(e) => return Ok(req.error_response(e)),
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_string(), |p| p.as_str().to_string());
    let fingerprint = fingerprint(req.method(), &path, &body);
    req.set_payload(payload_of(body));
    let who = KeyOf {
        actor_kind: kind.as_str().into(),
        actor_id,
        key,
    };
    // The rest is a task of its own: a caller that hangs up mid-request would otherwise
    // drop it between the write and storing its answer, and the retry that follows would
    // create the record again.
    match actix_web::rt::spawn(once(req, next, pool, who, fingerprint)).await {
        Ok(res) => res,
        Err(e) => Err(actix_web::error::ErrorInternalServerError(format!(
            "the request failed: {e}"
        ))),
    }
}

/// Claims the key, then answers from the stored row or runs the handler and stores its
/// answer.
async fn once(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    pool: Pool,
    who: KeyOf,
    fingerprint: String,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let now = Utc::now();
    let cutoffs = Cutoffs {
        expired: ts(now - kept_for()),
        abandoned: ts(now - lease()),
    };
    sweep_now_and_then(&pool, now.timestamp(), cutoffs.expired.clone());
    let fp = fingerprint.clone();
    let claim = db::run(&pool, move |c| {
        idempotency::claim(c, &who, &fp, &ts(now), &cutoffs)
    })
    .await;
    let id = match claim {
        Ok(Claim::Claimed { id }) => id,
        Ok(Claim::Held(row)) => {
            let res = answer_held(row, &fingerprint);
            return Ok(req.into_response(res));
        }
        Err(e) => return Ok(req.error_response(ApiError::from(e))),
    };
    let mut claimed = Claimed {
        pool: pool.clone(),
        id: Some(id.clone()),
    };
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            claimed.release().await;
            return Err(e);
        }
    };
    if !res.status().is_success() {
        claimed.release().await;
        return Ok(res);
    }
    let (req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = match to_bytes(body).await {
        Ok(bytes) => bytes,
        Err(e) => {
            claimed.release().await;
            let e = ApiError::Internal(anyhow::anyhow!("the answer could not be read: {e}"));
            return Ok(ServiceResponse::new(req, e.error_response()));
        }
    };
    let text = |name: HeaderName| {
        head.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    match String::from_utf8(bytes.to_vec()) {
        Ok(body) => {
            let answer = StoredAnswer {
                status: i32::from(head.status().as_u16()),
                location: text(header::LOCATION),
                etag: text(header::ETAG),
                content_type: text(header::CONTENT_TYPE),
                body,
            };
            let stored = db::run(&pool, move |c| {
                idempotency::complete(c, &id, &answer, &ts(Utc::now()))
            })
            .await;
            match stored {
                Ok(()) => claimed.keep(),
                Err(e) => {
                    tracing::error!(error = %e, "the answer to a request with an Idempotency-Key could not be stored");
                    claimed.release().await;
                }
            }
        }
        // Every answer of this API is JSON; one that is not cannot be kept as text.
        Err(_) => claimed.release().await,
    }
    Ok(ServiceResponse::new(
        req,
        head.set_body(BoxBody::new(bytes)),
    ))
}

/// The answer to a request whose key a live row holds.
fn answer_held(row: Box<IdempotencyRow>, fingerprint: &str) -> HttpResponse {
    if row.fingerprint != fingerprint {
        return ApiError::invalid(
            HEADER,
            "was sent before with another request (method, path or body); a new request needs a new key",
        )
        .error_response();
    }
    let Some(status) = row.status else {
        let mut res = ApiError::conflict(
            HEADER,
            "belongs to a request that is still running; retry when it has finished",
        )
        .error_response();
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return res;
    };
    let status = u16::try_from(status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    for (name, value) in [
        (header::LOCATION, &row.location),
        (header::ETAG, &row.etag),
        (header::CONTENT_TYPE, &row.content_type),
    ] {
        if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            res.insert_header((name, value));
        }
    }
    res.insert_header((REPLAYED, "true"));
    res.body(row.body.unwrap_or_default())
}

/// A claimed row that is given back unless it was completed, also when the task is dropped
/// (a panic in the handler, the server shutting down).
struct Claimed {
    pool: Pool,
    id: Option<String>,
}

impl Claimed {
    async fn release(&mut self) {
        if let Some(id) = self.id.take()
            && let Err(e) = db::run(&self.pool, move |c| idempotency::release(c, &id)).await
        {
            // The row stays "in progress" until its lease runs out.
            tracing::warn!(error = %e, "an Idempotency-Key could not be given back");
        }
    }

    fn keep(&mut self) {
        self.id = None;
    }
}

impl Drop for Claimed {
    fn drop(&mut self) {
        let Some(id) = self.id.take() else { return };
        let pool = self.pool.clone();
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn_blocking(move || {
                if let Ok(mut c) = pool.get() {
                    let _ = idempotency::release(&mut c, &id);
                }
            });
        }
    }
}

/// Deletes the expired rows of every key, at most every [`SWEEP_EVERY_SECS`] per process,
/// beside the request rather than in its way.
fn sweep_now_and_then(pool: &Pool, now: i64, expired: String) {
    let last = LAST_SWEEP.load(Ordering::Relaxed);
    if now - last < SWEEP_EVERY_SECS
        || LAST_SWEEP
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return;
    }
    let pool = pool.clone();
    actix_web::rt::spawn(async move {
        match db::run(&pool, move |c| idempotency::sweep(c, &expired)).await {
            Ok(n) if n > 0 => tracing::info!(deleted = n, "expired Idempotency-Keys swept"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "expired Idempotency-Keys could not be swept"),
        }
    });
}

/// The key the header holds: 1 to 255 visible ASCII characters, bare or as the draft's
/// structured-field string (`"..."`, whose quotes are not part of the key).
fn parse_key(headers: &HeaderMap) -> Result<String, ApiError> {
    let bad = |message: &str| ApiError::BadRequest {
        detail: format!("the header `{HEADER}` {message}"),
        errors: vec![FieldError::new(HEADER, message)],
    };
    let mut values = headers.get_all(HEADER);
    let value = values.next().ok_or_else(|| bad(KEY_RULE))?;
    if values.next().is_some() {
        return Err(bad("must be sent once"));
    }
    let raw = value.as_bytes();
    let visible =
        |b: &[u8]| !b.is_empty() && b.len() <= 255 && b.iter().all(|c| (0x21..=0x7e).contains(c));
    if !visible(raw) {
        return Err(bad(KEY_RULE));
    }
    let key = match raw {
        [b'"', inner @ .., b'"'] if raw.len() >= 2 => {
            if inner.is_empty() || inner.iter().any(|c| *c == b'"' || *c == b'\\') {
                return Err(bad(KEY_RULE));
            }
            inner
        }
        _ => raw,
    };
    Ok(String::from_utf8_lossy(key).into_owned())
}

/// SHA-256 (hex) of method, path and body: what "the same request" means.
fn fingerprint(method: &Method, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method.as_str().as_bytes());
    h.update(b"\n");
    h.update(path.as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// The whole body (its size and pace are held to `limits::guard_body`'s rules already).
async fn read_body(mut payload: Payload) -> Result<Bytes, ApiError> {
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest {
            detail: format!("the body could not be read: {e}"),
            errors: vec![],
        })?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::PayloadTooLarge { limit: MAX_BODY });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The body read, handed back to the handler.
fn payload_of(body: Bytes) -> Payload {
    let chunk = (!body.is_empty()).then_some(Ok::<_, PayloadError>(body));
    let stream: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> =
        Box::pin(futures_util::stream::iter(chunk));
    Payload::from(stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                HeaderName::from_static("idempotency-key"),
                HeaderValue::from_str(v).expect("header value"),
            );
        }
        h
    }

    #[test]
    fn keys_are_visible_ascii_bare_or_quoted() {
        assert_eq!(parse_key(&headers(&["abc-123"])).expect("bare"), "abc-123");
        assert_eq!(
            parse_key(&headers(&["\"abc-123\""])).expect("quoted"),
            "abc-123"
        );
        assert_eq!(
            parse_key(&headers(&[&"k".repeat(255)])).expect("255").len(),
            255
        );
        for bad in ["", "a b", "\"\"", "\"a\"b\"", "ä", &"k".repeat(256)] {
            let h = {
                let mut h = HeaderMap::new();
                if let Ok(v) = HeaderValue::from_str(bad) {
                    h.insert(HeaderName::from_static("idempotency-key"), v);
                } else {
                    h.insert(
                        HeaderName::from_static("idempotency-key"),
                        HeaderValue::from_bytes(bad.as_bytes()).expect("bytes"),
                    );
                }
                h
            };
            let e = parse_key(&h).expect_err(bad);
            assert_eq!(e.problem().status, 400, "{bad:?}");
            assert_eq!(e.problem().errors[0].field, HEADER);
        }
        assert!(parse_key(&headers(&["a", "b"])).is_err(), "sent twice");
    }

    #[test]
    fn the_fingerprint_covers_method_path_and_body() {
        let a = fingerprint(&Method::POST, "/api/v1/programmes", b"{}");
        assert_eq!(a, fingerprint(&Method::POST, "/api/v1/programmes", b"{}"));
        assert_ne!(a, fingerprint(&Method::POST, "/api/v1/programmes", b"{ }"));
        assert_ne!(a, fingerprint(&Method::POST, "/api/v1/events", b"{}"));
        assert_ne!(a, fingerprint(&Method::PUT, "/api/v1/programmes", b"{}"));
    }
}
