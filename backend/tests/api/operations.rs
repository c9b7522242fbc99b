use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    for path in ["/healthz", "/readyz"] {
        let resp = app
            .http
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200, "{path}");
        assert!(resp.headers().contains_key("x-request-id"));
    }
    assert!(app.client.is_up().await);
}

#[tokio::test]
async fn the_web_app_is_served_with_deep_links_falling_back_to_it() {
    let app = spawn_app().await;
    let resp = app
        .http
        .get(format!("{}/projects", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(
        resp.status(),
        404,
        "nothing to serve before the app is built"
    );

    std::fs::create_dir_all(&app.web_dir).expect("dir");
    let index = "<!doctype html><title>EIL Hub</title>";
    std::fs::write(app.web_dir.join("index.html"), index).expect("index");
    std::fs::write(app.web_dir.join("eil_frontend_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    for deep in [
        "/",
        "/programmes/education-innovation-programme",
        "/lv/projects?status=active",
    ] {
        let resp = app
            .http
            .get(format!("{}{deep}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(resp.status(), 200, "{deep}");
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .expect("ct")
                .starts_with("text/html")
        );
        assert_eq!(resp.headers()["cache-control"], "no-cache");
        assert_eq!(resp.text().await.expect("body"), index);
    }
    let wasm = app
        .http
        .get(format!("{}/eil_frontend_bg.wasm", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["cache-control"],
        "no-cache",
        "a file whose name stays across releases (a page chunk, the JS glue) is revalidated"
    );
    let sneaky = app
        .http
        .get(format!("{}/../Cargo.toml", app.address))
        .send()
        .await
        .expect("request");
    assert!(
        sneaky
            .text()
            .await
            .expect("body")
            .contains("<title>EIL Hub</title>"),
        "never a file outside the folder"
    );
    let post = app
        .http
        .post(format!("{}/projects", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(post.status(), 405);
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let app = spawn_app_demo().await;
    let resp = app
        .http
        .get(format!("{}/api/v1/projects?limit=100", app.address))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(resp.headers()["content-encoding"], "gzip");
}

async fn spawn_app_demo() -> crate::helpers::TestApp {
    crate::helpers::spawn_app_with(true).await
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = spawn_app().await;
    let resp = app
        .http
        .get(format!("{}/docs/", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    assert!(resp.text().await.expect("body").contains("swagger"));
}

#[tokio::test]
async fn content_named_assets_are_immutable_and_sent_precompressed() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.web_dir).expect("dir");
    std::fs::write(app.web_dir.join("index.html"), "<!doctype html>").expect("index");
    std::fs::write(app.web_dir.join("index.html.br"), b"brotli page").expect("index.br");
    let js = "export default function init() {}";
    std::fs::write(app.web_dir.join("app-0123456789ab.js"), js).expect("js");
    std::fs::write(app.web_dir.join("app-0123456789ab.js.br"), b"brotli bytes").expect("br");
    std::fs::write(app.web_dir.join("app-0123456789ab.js.gz"), b"gzip bytes").expect("gz");
    // Without automatic decompression, to see what is on the wire.
    let raw = reqwest::Client::new();
    let get = |encoding: &'static str| {
        raw.get(format!("{}/app-0123456789ab.js", app.address))
            .header("accept-encoding", encoding)
            .send()
    };
    let br = get("gzip, deflate, br").await.expect("answer");
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(
        br.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(
        br.headers()["content-type"]
            .to_str()
            .expect("ct")
            .contains("javascript")
    );
    assert_eq!(br.headers()["vary"], "accept-encoding");
    assert!(
        br.headers().get("content-disposition").is_none(),
        "shown, not downloaded"
    );
    assert_eq!(br.bytes().await.expect("body").as_ref(), b"brotli bytes");
    let gz = get("gzip").await.expect("answer");
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.expect("body").as_ref(), b"gzip bytes");
    let plain = get("identity").await.expect("answer");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.expect("body"), js);
    let page = raw
        .get(format!("{}/projects", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("answer");
    assert_eq!(page.headers()["content-encoding"], "br");
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert!(
        page.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/html")
    );
    assert!(
        page.headers().get("content-disposition").is_none(),
        "a deep link shows the page, it does not download it"
    );
    let refused = get("br;q=0, gzip").await.expect("answer");
    assert_eq!(refused.headers()["content-encoding"], "gzip");
}
