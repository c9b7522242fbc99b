//! The headers browsers act on, set on every answer in one place, and CORS.
//!
//! Three Content-Security-Policies: the web app's allows only its own files, plus
//! `'wasm-unsafe-eval'` to compile its WebAssembly (no inline script or style, nothing from
//! another origin); the Swagger UI at `/docs/` also needs inline styles and `data:` images,
//! which its React code and CSS use; API answers are data and may load nothing.
//!
//! `Cache-Control: no-store` goes on every `/api` answer. Most carry personal data or
//! tokens, and the public catalogue reads answer differently to a signed-in caller (contact
//! details), so no shared or browser cache may keep any of them; `ETag`/`If-Match` still
//! guard writes.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, Uri};
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::telemetry::REQUEST_ID;

const APP_POLICY: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const DOCS_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";
const PERMISSIONS: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
    magnetometer=(), microphone=(), payment=(), usb=()";
const HSTS: &str = "max-age=31536000";

/// Whether answers also carry `Strict-Transport-Security` (the public URL is https).
#[derive(Debug, Clone, Copy)]
pub struct Transport {
    pub https: bool,
}

impl Transport {
    pub fn of(public_url: &str) -> Self {
        Transport {
            https: public_url
                .get(..8)
                .is_some_and(|s| s.eq_ignore_ascii_case("https://")),
        }
    }
}

pub async fn secure(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, Error> {
    let https = req
        .app_data::<web::Data<Transport>>()
        .is_some_and(|t| t.https);
    let headers = for_path(req.path(), https);
    match next.call(req).await {
        Ok(mut res) => {
            apply(res.headers_mut(), &headers);
            Ok(res)
        }
        // An error no inner layer turned into an answer leaves with these headers too.
        Err(mut e) => {
            e.add_response_mapper(move |mut r| {
                apply(r.headers_mut(), &headers);
                r
            });
            Err(e)
        }
    }
}

fn apply(h: &mut header::HeaderMap, headers: &[(HeaderName, &'static str)]) {
    for (name, value) in headers {
        h.insert(name.clone(), HeaderValue::from_static(value));
    }
}

/// The headers an answer at `path` carries.
fn for_path(path: &str, https: bool) -> Vec<(HeaderName, &'static str)> {
    let api = path == "/api" || path.starts_with("/api/");
    // The scrape is data, like the API's answers, and always of this moment.
    let data = api || path == "/metrics";
    let policy = if data || path.starts_with("/api-docs") {
        API_POLICY
    } else if path == "/docs" || path.starts_with("/docs/") {
        DOCS_POLICY
    } else {
        APP_POLICY
    };
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        // No address of this site (an invitation link holds a token) goes to another site.
        (header::REFERRER_POLICY, "same-origin"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    if https {
        headers.push((header::STRICT_TRANSPORT_SECURITY, HSTS));
    }
    if data {
        headers.push((header::CACHE_CONTROL, "no-store"));
    }
    headers
}

/// The configured origins, each `scheme://host[:port]` as browsers send it in `Origin`.
pub fn parse_origins(list: &[String]) -> anyhow::Result<Vec<String>> {
    list.iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .map(|o| {
            let origin = o.trim_end_matches('/').to_ascii_lowercase();
            let uri: Uri = origin
                .parse()
                .map_err(|_| anyhow::anyhow!("EIL_CORS_ORIGINS: `{o}` is not an origin"))?;
            let fits = matches!(uri.scheme_str(), Some("http" | "https"))
                && uri.authority().is_some_and(|a| !a.host().is_empty())
                && uri
                    .path_and_query()
                    .is_none_or(|p| p.as_str().is_empty() || p.as_str() == "/")
                && !origin.contains('@');
            if !fits {
                anyhow::bail!(
                    "EIL_CORS_ORIGINS: `{o}` is not an origin; write it as https://host[:port]"
                );
            }
            Ok(origin)
        })
        .collect()
}

/// CORS for the allow-listed origins only: a preflight from one of them is answered with
/// what the API accepts; from any other origin it is refused (400), and other requests
/// from it are answered without CORS headers, so the browser withholds the answer. No
/// cookies are used (tokens travel in `Authorization`), so credentials are not allowed.
pub fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([
            Method::GET,
            Method::HEAD,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
        ])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::IF_MATCH,
            REQUEST_ID.clone(),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::WWW_AUTHENTICATE,
            header::ALLOW,
            REQUEST_ID.clone(),
        ])
        .max_age(600)
        // The web app's own writes carry `Origin` too; a mismatch is not an error.
        .block_on_origin_mismatch(false);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked_and_normalised() {
        let list = |s: &[&str]| s.iter().map(|o| o.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_origins(&list(&[
                "https://Portal.RSU.lv/",
                " http://localhost:3000 ",
                ""
            ]))
            .expect("origins"),
            ["https://portal.rsu.lv", "http://localhost:3000"]
        );
        for bad in [
            "portal.rsu.lv",
            "https://portal.rsu.lv/app",
            "ftp://x.lv",
            "*",
        ] {
            assert!(parse_origins(&list(&[bad])).is_err(), "{bad}");
        }
    }

    #[test]
    fn hsts_only_behind_https() {
        assert!(Transport::of("https://hub.eil.lv").https);
        assert!(Transport::of("HTTPS://hub.eil.lv").https);
        assert!(!Transport::of("http://localhost:8080").https);
    }
}
