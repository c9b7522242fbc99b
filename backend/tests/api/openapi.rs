//! The contract partner universities integrate against: snapshot-tested, so that every
//! change to it shows in review. `UPDATE_SNAPSHOTS=1` rewrites the snapshot.

use serde_json::Value;

use crate::helpers::spawn_app;

const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/api/openapi.snapshot.json"
);

#[tokio::test]
async fn the_served_document_matches_the_snapshot() {
    let app = spawn_app().await;
    let served: Value = app
        .http
        .get(format!("{}/api-docs/openapi.json", app.address))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let pretty = serde_json::to_string_pretty(&served).expect("json") + "\n";
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(SNAPSHOT, &pretty).expect("write snapshot");
    }
    let stored = std::fs::read_to_string(SNAPSHOT)
        .expect("snapshot exists; run with UPDATE_SNAPSHOTS=1 once");
    assert!(
        stored == pretty,
        "the OpenAPI document changed; review it and run with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn every_operation_documents_its_problems_and_writes_need_the_bearer_scheme() {
    let doc = serde_json::to_value(eil_backend::openapi::document()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    let mut operations = 0;
    let mut ids = std::collections::HashSet::new();
    for item in paths.values() {
        for op in item.as_object().expect("item").values() {
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                assert!(ids.insert(id.to_string()), "operationId {id} is used twice");
            }
        }
    }
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            for (code, response) in op["responses"].as_object().into_iter().flatten() {
                let described =
                    response.get("description").is_some() || response.get("$ref").is_some();
                assert!(described, "{method} {path} {code} needs a description");
            }
        }
    }
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            if !path.starts_with("/api/")
                || !["get", "post", "patch", "delete"].contains(&method.as_str())
            {
                continue;
            }
            operations += 1;
            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.contains_key("400"), "{method} {path}");
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{method} {path} has a success response"
            );
            if method != "get" && !path.starts_with("/api/v1/auth/") {
                assert!(
                    op["security"].to_string().contains("bearer"),
                    "{method} {path}"
                );
                assert!(
                    responses.contains_key("401") && responses.contains_key("403"),
                    "{method} {path}"
                );
            }
            if method == "post" || method == "patch" {
                assert!(
                    responses.contains_key("422") && responses.contains_key("415"),
                    "{method} {path}"
                );
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path}");
            }
        }
    }
    assert!(
        operations >= 60,
        "all resources are documented ({operations} operations)"
    );
}

/// The documented values of closed sets are the ones the API reads and writes.
#[test]
fn documented_enums_use_the_wire_spelling() {
    use eil_shared::api_client::Scope;
    use eil_shared::auth::Role;
    use eil_shared::cohort::CohortSort;
    let doc = serde_json::to_value(eil_backend::openapi::document()).expect("json");
    let values = |name: &str| -> Vec<String> {
        doc["components"]["schemas"][name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is documented as an enum"))
            .iter()
            .map(|v| v.as_str().expect("text").to_string())
            .collect()
    };
    let wire = |all: Vec<&str>| all.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        values("Role"),
        wire(Role::ALL.iter().map(|r| r.as_str()).collect())
    );
    assert_eq!(
        values("Scope"),
        wire(Scope::ALL.iter().map(|s| s.as_str()).collect())
    );
    assert_eq!(
        values("CohortSort"),
        wire(CohortSort::ALL.iter().map(|s| s.as_str()).collect())
    );
}
