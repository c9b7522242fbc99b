//! The headers browsers act on, on every kind of answer, and CORS for configured origins
//! only.

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::helpers::{TestApp, spawn_app, spawn_configured};

const PORTAL: &str = "https://portal.example.lv";

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name)
        .map(|v| v.to_str().expect("ascii header"))
        .unwrap_or_else(|| panic!("no {name} header"))
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("answered")
}

/// The headers every answer carries, whatever its path or status.
fn assert_hardened(h: &HeaderMap, what: &str) {
    assert_eq!(header(h, "x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header(h, "x-frame-options"), "DENY", "{what}");
    assert_eq!(header(h, "referrer-policy"), "same-origin", "{what}");
    assert_eq!(
        header(h, "cross-origin-opener-policy"),
        "same-origin",
        "{what}"
    );
    assert!(
        header(h, "permissions-policy").contains("camera=()"),
        "{what}"
    );
    let csp = header(h, "content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.starts_with("default-src 'none'"), "{what}: {csp}");
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.web_dir).expect("web dir");
    std::fs::write(
        app.web_dir.join("index.html"),
        "<!doctype html><title>EIL Hub</title>",
    )
    .expect("index");

    // The web app: its own scripts, styles, images and API calls, and compiling its wasm.
    let page = get(&app, "/projects/some-deep-link").await;
    assert_eq!(page.status(), 200);
    assert_hardened(page.headers(), "the web app");
    let csp = header(page.headers(), "content-security-policy");
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_ne!(header(page.headers(), "cache-control"), "no-store");

    // The Swagger UI keeps working under its own policy (inline styles, data: images).
    let docs = get(&app, "/docs/").await;
    assert_eq!(docs.status(), 200);
    assert_hardened(docs.headers(), "the docs");
    let csp = header(docs.headers(), "content-security-policy");
    assert!(csp.contains("style-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(
        csp.contains("script-src 'self';"),
        "no inline script: {csp}"
    );

    // API answers: public reads, personal data, errors (the framework's and ours).
    for (path, status) in [
        ("/api/v1/programmes", 200),
        ("/api/v1/audit", 401),
        ("/api/v1/nothing-here", 404),
        ("/api-docs/openapi.json", 200),
    ] {
        let res = get(&app, path).await;
        assert_eq!(res.status().as_u16(), status, "{path}");
        assert_hardened(res.headers(), path);
        assert_eq!(
            header(res.headers(), "content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'",
            "{path}"
        );
        if path.starts_with("/api/") {
            assert_eq!(header(res.headers(), "cache-control"), "no-store", "{path}");
        }
    }
    let audit = app
        .http
        .get(format!("{}/api/v1/audit", app.address))
        .send()
        .await
        .expect("audit");
    assert_eq!(audit.status(), 200);
    assert_eq!(header(audit.headers(), "cache-control"), "no-store");

    // Plain http: no HSTS, which would lock browsers out of a site without TLS.
    assert!(page.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_url_is_https() {
    let app = spawn_configured(|c| c.public_url = "https://hub.example.lv".into()).await;
    for path in ["/api/v1/programmes", "/docs/", "/healthz"] {
        let res = get(&app, path).await;
        assert_eq!(
            header(res.headers(), "strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
}

async fn preflight(app: &TestApp, origin: &str, method: &str) -> reqwest::Response {
    reqwest::Client::new()
        .request(
            Method::OPTIONS,
            format!("{}/api/v1/projects/some-project", app.address),
        )
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, if-match",
        )
        .send()
        .await
        .expect("preflight answered")
}

#[tokio::test]
async fn no_origin_is_allowed_by_default() {
    let app = spawn_app().await;
    let res = preflight(&app, PORTAL, "PATCH").await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let plain = reqwest::Client::new()
        .get(format!("{}/api/v1/programmes", app.address))
        .header("Origin", PORTAL)
        .send()
        .await
        .expect("get");
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn configured_origins_and_only_they_pass_the_preflight() {
    let app = spawn_configured(|c| {
        c.http.cors_origins = vec![PORTAL.into(), "http://localhost:3000/".into()]
    })
    .await;

    let ok = preflight(&app, PORTAL, "PATCH").await;
    assert!(ok.status().is_success(), "{}", ok.status());
    let h = ok.headers();
    assert_eq!(header(h, "access-control-allow-origin"), PORTAL);
    let methods = header(h, "access-control-allow-methods");
    for m in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{m} in {methods}");
    }
    let allowed = header(h, "access-control-allow-headers").to_ascii_lowercase();
    for name in ["authorization", "content-type", "if-match"] {
        assert!(allowed.contains(name), "{name} in {allowed}");
    }
    assert!(h.get("access-control-allow-credentials").is_none());
    assert_hardened(h, "a preflight");
    // The configured trailing slash is not part of an origin.
    let local = preflight(&app, "http://localhost:3000", "GET").await;
    assert_eq!(
        header(local.headers(), "access-control-allow-origin"),
        "http://localhost:3000"
    );

    // Another origin: refused, with a problem and without the header the browser needs.
    let other = preflight(&app, "https://evil.example", "PATCH").await;
    assert_eq!(other.status(), StatusCode::BAD_REQUEST);
    assert!(other.headers().get("access-control-allow-origin").is_none());
    assert_eq!(
        header(other.headers(), "content-type"),
        "application/problem+json"
    );
    // A method the API does not take is refused even for a listed origin.
    let put = preflight(&app, PORTAL, "PUT").await;
    assert!(put.headers().get("access-control-allow-origin").is_none());

    // Actual requests: the listed origin reads the answer and its ETag; another origin
    // gets the answer without CORS headers (the browser withholds it), and a request with
    // no Origin (a server, or the web app's own reads) is unaffected.
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/programmes", app.address);
    let listed = client
        .get(&url)
        .header("Origin", PORTAL)
        .send()
        .await
        .expect("get");
    assert_eq!(listed.status(), 200);
    assert_eq!(
        header(listed.headers(), "access-control-allow-origin"),
        PORTAL
    );
    assert!(
        header(listed.headers(), "access-control-expose-headers").contains("etag"),
        "ETag exposed for If-Match"
    );
    let unlisted = client
        .get(&url)
        .header("Origin", "https://evil.example")
        .send()
        .await
        .expect("get");
    assert_eq!(unlisted.status(), 200);
    assert!(
        unlisted
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let none = client.get(&url).send().await.expect("get");
    assert_eq!(none.status(), 200);
    assert!(none.headers().get("access-control-allow-origin").is_none());
}
