//! Text input is checked once, for every value: a NUL (or another control character where
//! a single line is expected) is refused naming the parameter or field, the same on both
//! databases (PostgreSQL would otherwise fail with a 500, SQLite would store it).
//!
//! The walk is driven by the served OpenAPI document, so a new parameter or body field is
//! covered without touching this file.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{spawn_app, text};

const NUL: &str = "a\u{0}b";
const NUL_IN_URL: &str = "a%00b";

/// What one request sent with a NUL must be answered with.
struct Probe {
    method: Method,
    url: String,
    body: Option<Body>,
    status: u16,
    field: String,
}

enum Body {
    Json(Value),
    Form(String),
}

/// `#/components/schemas/X` resolved, and `oneOf [X, null]` reduced to `X`.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or_default();
        return resolve(doc, &doc["components"]["schemas"][name]);
    }
    if let Some(variants) = schema["oneOf"].as_array()
        && let Some(v) = variants.iter().find(|v| v["type"] != "null")
    {
        return resolve(doc, v);
    }
    schema
}

fn has_type(schema: &Value, t: &str) -> bool {
    schema["type"] == t
        || schema["type"]
            .as_array()
            .is_some_and(|ts| ts.iter().any(|x| x == t))
}

/// A value of `schema` holding a NUL, and the path of the string that holds it (relative
/// to the value); `None` when the schema holds no string.
fn with_nul(doc: &Value, schema: &Value) -> Option<(Value, String)> {
    let schema = resolve(doc, schema);
    if has_type(schema, "string") {
        return Some((json!(NUL), String::new()));
    }
    if has_type(schema, "array") {
        let (item, path) = with_nul(doc, &schema["items"])?;
        return Some((json!([item]), format!("[0]{path}")));
    }
    if let Some(props) = schema["properties"].as_object() {
        for (name, prop) in props {
            if let Some((value, path)) = with_nul(doc, prop) {
                let mut object = serde_json::Map::new();
                object.insert(name.clone(), value);
                return Some((Value::Object(object), format!(".{name}{path}")));
            }
        }
    }
    None
}

fn fill(path: &str, params: &[Value], nul_in: Option<&str>) -> String {
    let mut url = path.to_string();
    for p in params.iter().filter(|p| p["in"] == "path") {
        let name = p["name"].as_str().unwrap_or_default();
        let value = if Some(name) == nul_in {
            NUL_IN_URL
        } else {
            "x"
        };
        url = url.replace(&format!("{{{name}}}"), value);
    }
    url
}

/// Every NUL probe the document describes: each string path and query parameter, and each
/// top-level body field (nested down to the first string in it).
fn probes(doc: &Value, address: &str) -> Vec<Probe> {
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in &params {
                let name = p["name"].as_str().unwrap_or_default().to_string();
                if !has_type(resolve(doc, &p["schema"]), "string") {
                    continue;
                }
                let url = match p["in"].as_str() {
                    Some("path") => format!("{address}{}", fill(path, &params, Some(&name))),
                    Some("query") => {
                        format!("{address}{}?{name}={NUL_IN_URL}", fill(path, &params, None))
                    }
                    _ => continue,
                };
                out.push(Probe {
                    method: method.clone(),
                    url,
                    body: None,
                    status: 400,
                    field: name,
                });
            }
            let url = format!("{address}{}", fill(path, &params, None));
            let content = &op["requestBody"]["content"];
            if let Some(media) = content.get("application/json") {
                let schema = resolve(doc, &media["schema"]);
                for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
                    let Some((value, inner)) = with_nul(doc, prop) else {
                        continue;
                    };
                    out.push(Probe {
                        method: method.clone(),
                        url: url.clone(),
                        body: Some(Body::Json(json!({ name: value }))),
                        status: 422,
                        field: format!("{name}{inner}"),
                    });
                }
            }
            if let Some(media) = content.get("application/x-www-form-urlencoded") {
                let schema = resolve(doc, &media["schema"]);
                for (name, prop) in schema["properties"].as_object().into_iter().flatten() {
                    if !has_type(resolve(doc, prop), "string") {
                        continue;
                    }
                    out.push(Probe {
                        method: method.clone(),
                        url: url.clone(),
                        body: Some(Body::Form(format!("{name}={NUL_IN_URL}"))),
                        status: 400,
                        field: name.clone(),
                    });
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn a_nul_in_any_documented_value_is_refused_by_name() {
    let app = spawn_app().await;
    let doc: Value = app
        .http
        .get(format!("{}/api-docs/openapi.json", app.address))
        .send()
        .await
        .expect("document")
        .json()
        .await
        .expect("JSON");
    let probes = probes(&doc, &app.address);
    let count = |status: u16| probes.iter().filter(|p| p.status == status).count();
    // The document has dozens of each; a walk that found none would prove nothing.
    assert!(
        count(400) > 60 && count(422) > 60,
        "only {} parameter and {} body probes",
        count(400),
        count(422)
    );
    let mut wrong = Vec::new();
    for p in &probes {
        // Signed in as an administrator, so that every role rule lets the request through
        // to the check of its values.
        let mut req = app.http.request(p.method.clone(), &p.url);
        req = match &p.body {
            Some(Body::Json(v)) => req.json(v),
            Some(Body::Form(f)) => req
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(f.clone()),
            None => req,
        };
        let res = req.send().await.expect("an answer");
        let status = res.status().as_u16();
        let is_problem = res
            .headers()
            .get("content-type")
            .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
        let problem: Value = res.json().await.unwrap_or(Value::Null);
        let named = problem["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|e| e["field"] == p.field.as_str());
        if status != p.status || !is_problem || !named {
            wrong.push(format!(
                "{} {} {}: expected {} naming `{}`, got {status} {problem}",
                p.method,
                p.url,
                match &p.body {
                    Some(Body::Json(v)) => v.to_string(),
                    Some(Body::Form(f)) => f.clone(),
                    None => String::new(),
                },
                p.status,
                p.field
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} probes answered wrongly:\n{}",
        wrong.len(),
        probes.len(),
        wrong.join("\n")
    );
}

/// The cases the issue found, spelled out, and what still passes.
#[tokio::test]
async fn names_are_single_lines_and_long_text_may_span_lines() {
    let app = spawn_app().await;
    let post = |path: &str, body: Value| {
        app.http
            .post(format!("{}/api/v1{path}", app.address))
            .json(&body)
            .send()
    };
    let organisation = |name: &str| json!({"slug": "rsu", "name": {"lv": "RSU", "en": name}, "kind": "university"});
    for bad in [
        "Rīga\nStradiņš",
        "tab\there",
        "bell\u{7}",
        "del\u{7f}",
        "c1\u{85}",
    ] {
        let res = post("/organisations", organisation(bad))
            .await
            .expect("answer");
        assert_eq!(res.status(), 422, "{bad:?}");
        let problem: Value = res.json().await.expect("problem");
        assert_eq!(problem["errors"][0]["field"], "name.en", "{problem}");
    }
    let res = post(
        "/organisations",
        organisation("Rīga Stradiņš “University” 😀"),
    )
    .await
    .expect("answer");
    assert_eq!(res.status(), 201, "ordinary text is fine");
    // Line breaks belong in a summary.
    let summary = "First paragraph.\n\n\tSecond, indented.\r\nThird.";
    let res = post(
        "/programmes",
        json!({"slug": "eip", "name": text("EIP", "EIP"), "summary": {"lv": summary, "en": summary}}),
    )
    .await
    .expect("answer");
    assert_eq!(res.status(), 201);
    let programme: Value = res.json().await.expect("programme");
    let read: Value = app
        .http
        .get(format!("{}/api/v1/programmes/eip", app.address))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    assert_eq!(read["summary"]["en"], summary, "{programme}");
    // The examples, anonymous: refused before any query runs.
    let anon = reqwest::Client::new();
    for (url, field) in [
        ("/api/v1/projects?q=a%00b", "q"),
        ("/api/v1/projects/a%00b", "id"),
        ("/api/v1/mentors?expertise=a%00b", "expertise"),
        ("/api/v1/projects?cursor=a%00b", "cursor"),
    ] {
        let res = anon
            .get(format!("{}{url}", app.address))
            .send()
            .await
            .expect("answer");
        assert_eq!(res.status(), 400, "{url}");
        let problem: Value = res.json().await.expect("problem");
        assert_eq!(problem["errors"][0]["field"], field, "{url}: {problem}");
    }
    let res = anon
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&json!({"email": "a\u{0}@x.lv", "password": "whatever it is"}))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert_eq!(problem["errors"][0]["field"], "email", "{problem}");
}

/// A cursor is opaque, but a caller can forge one: a NUL inside its key must not reach the
/// database (PostgreSQL refuses it), it names no page.
#[tokio::test]
async fn a_forged_cursor_holding_a_nul_names_no_page() {
    use base64::Engine;
    let app = spawn_app().await;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("name\u{1f}a\u{0}b\u{1f}{}", uuid::Uuid::now_v7()));
    for list in ["programmes", "projects", "organisations", "mentors"] {
        let r = app
            .http
            .get(format!("{}/api/v1/{list}?cursor={forged}", app.address))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status().as_u16(), 404, "{list}");
        let p: Value = r.json().await.expect("problem body");
        assert!(
            p["detail"].as_str().unwrap_or("").contains("cursor"),
            "{list}: {p}"
        );
    }
}
