//! The HTTP layer's defences, in front of every route: limits on slow and greedy clients
//! (`limits`), the headers browsers act on and CORS (`headers`), problem bodies for the
//! errors no handler produced and `HEAD` wherever `GET` is served (`problems`).
//!
//! The order they wrap the app in (outermost first) is set in `startup.rs`:
//! `headers::secure` → request log → compression → `problems::fill` → CORS →
//! `problems::head_as_get` → `limits::guard_body` → authentication → `idempotency::replay` →
//! audit → routes.

pub mod headers;
pub mod idempotency;
pub mod limits;
pub mod problems;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use eil_shared::problem::{PROBLEM_CONTENT_TYPE, Problem};

/// An RFC 9457 answer made here rather than by a handler, of the same kinds (`type`) and
/// titles as `error.rs` uses for the same status.
pub(crate) fn problem(status: StatusCode, detail: Option<String>) -> HttpResponse {
    let (kind, title) = match status.as_u16() {
        400 => ("bad-request", "Bad request"),
        401 => ("unauthorized", "Unauthorized"),
        403 => ("forbidden", "Forbidden"),
        404 => ("not-found", "Not found"),
        405 => ("method-not-allowed", "Method not allowed"),
        408 => ("request-timeout", "Request timeout"),
        413 => ("payload-too-large", "Payload too large"),
        415 => ("unsupported-media-type", "Unsupported media type"),
        429 => ("too-many-requests", "Too many requests"),
        500 => ("internal", "Internal server error"),
        503 => ("unavailable", "Service unavailable"),
        _ => ("http", status.canonical_reason().unwrap_or("Error")),
    };
    HttpResponse::build(status)
        .content_type(PROBLEM_CONTENT_TYPE)
        .json(Problem {
            kind: format!("/problems/{kind}"),
            title: title.into(),
            status: status.as_u16(),
            detail,
            errors: vec![],
            error: None,
        })
}
