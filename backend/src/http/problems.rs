//! Problems everywhere, and `HEAD` wherever `GET` is served.
//!
//! Handlers answer errors with problem bodies (`error.rs`); what else answers an error (the
//! CORS layer, the documentation pages, actix's own extractors) may send an empty or plain
//! text body. `fill` turns those into problems of the same status. What actix's connection
//! layer itself answers before any of this runs (400 for a request line or header it cannot
//! parse, 408 for a head that did not arrive in time, 431 for a head over 32 KiB) keeps
//! actix's empty body: no hook reaches it.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use eil_shared::problem::PROBLEM_CONTENT_TYPE;

use super::problem;

/// The most of a plain-text error body kept as the problem's `detail`.
const DETAIL_LIMIT: usize = 512;

pub async fn fill(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(mut e) => {
            e.add_response_mapper(|r| {
                if needs_problem(&r) {
                    let (head, _) = r.into_parts();
                    replace(&head, None)
                } else {
                    r
                }
            });
            return Err(e);
        }
    };
    if !needs_problem(res.response()) {
        return Ok(res);
    }
    let is_text = res
        .headers()
        .get(header::CONTENT_TYPE)
        .map_or(Some("text/plain"), |v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    let status = res.status();
    let (req, old) = res.into_parts();
    let (head, old_body) = old.into_parts();
    // A short plain-text reason (the CORS layer's, untyped) is worth passing on; a server
    // error's text may hold internals and is never sent.
    let detail = if is_text && status.is_client_error() {
        body::to_bytes_limited(old_body, DETAIL_LIMIT)
            .await
            .ok()
            .and_then(Result::ok)
            .and_then(|b| String::from_utf8(b.to_vec()).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    } else {
        None
    };
    Ok(ServiceResponse::new(req, replace(&head, detail)))
}

/// An error answer whose body is not a problem.
fn needs_problem<B>(res: &HttpResponse<B>) -> bool {
    let status = res.status();
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
    (status.is_client_error() || status.is_server_error()) && !is_problem
}

/// A problem of the same status, keeping what the first answer said about the exchange
/// (`Allow`, `Retry-After`, CORS, ...).
fn replace(head: &HttpResponse<()>, detail: Option<String>) -> HttpResponse {
    let status = head.status();
    let mut fresh = problem(status, detail.or_else(|| default_detail(status)));
    for (name, value) in head.headers() {
        if name != header::CONTENT_TYPE
            && name != header::CONTENT_LENGTH
            && name != header::CONTENT_ENCODING
        {
            fresh.headers_mut().append(name.clone(), value.clone());
        }
    }
    fresh
}

fn default_detail(status: StatusCode) -> Option<String> {
    Some(
        match status.as_u16() {
            404 => "there is nothing at this address",
            405 => "this address does not take that method",
            _ => return None,
        }
        .into(),
    )
}

/// Answers `HEAD` as the `GET` of the same address would be answered, headers included;
/// the connection layer sends no body for a `HEAD` request. (The 405 answers list `HEAD`
/// beside `GET`: `web.rs`.)
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use actix_web::middleware::from_fn;
    use actix_web::{App, test, web};

    use super::*;

    #[actix_web::test]
    async fn empty_and_text_errors_become_problems() {
        let app = test::init_service(
            App::new()
                .wrap(from_fn(fill))
                .route(
                    "/empty",
                    web::get().to(|| async { HttpResponse::NotFound().finish() }),
                )
                .route(
                    "/text",
                    web::get().to(|| async {
                        HttpResponse::BadRequest()
                            .content_type("text/plain")
                            .insert_header((header::ALLOW, "GET"))
                            .body("Origin is not allowed to make this request")
                    }),
                )
                .route(
                    "/secret",
                    web::get().to(|| async {
                        HttpResponse::InternalServerError()
                            .content_type("text/plain")
                            .body("password=hunter2")
                    }),
                ),
        )
        .await;
        let get = |path: &'static str| test::TestRequest::get().uri(path).to_request();

        let res = test::call_service(&app, get("/empty")).await;
        assert_eq!(res.status(), 404);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).expect("type"),
            PROBLEM_CONTENT_TYPE
        );
        let p: eil_shared::problem::Problem = test::read_body_json(res).await;
        assert_eq!((p.status, p.kind.as_str()), (404, "/problems/not-found"));

        let res = test::call_service(&app, get("/text")).await;
        assert_eq!(res.headers().get(header::ALLOW).expect("allow"), "GET");
        let p: eil_shared::problem::Problem = test::read_body_json(res).await;
        assert_eq!(
            p.detail.as_deref(),
            Some("Origin is not allowed to make this request")
        );

        let res = test::call_service(&app, get("/secret")).await;
        let p: eil_shared::problem::Problem = test::read_body_json(res).await;
        assert_eq!(p.status, 500);
        assert_eq!(p.detail, None);
    }
}
