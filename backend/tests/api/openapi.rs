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

async fn served_document(app: &crate::helpers::TestApp) -> Value {
    app.http
        .get(format!("{}/api-docs/openapi.json", app.address))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

/// Checks an instance against a schema the way a client generator or a contract tester
/// does: types, required and unknown properties, lengths, patterns, bounds, enums.
struct Conformance<'a> {
    schemas: &'a Value,
    patterns: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>>,
}

impl<'a> Conformance<'a> {
    fn new(doc: &'a Value) -> Self {
        Conformance {
            schemas: &doc["components"]["schemas"],
            patterns: Default::default(),
        }
    }

    fn resolve<'b>(&'b self, schema: &'b Value) -> &'b Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self.resolve(&self.schemas[r.trim_start_matches("#/components/schemas/")]),
            None => schema,
        }
    }

    fn matches(&self, pattern: &str, text: &str) -> bool {
        let mut cache = self.patterns.borrow_mut();
        let re = cache
            .entry(pattern.to_string())
            .or_insert_with(|| regex::Regex::new(pattern).expect("the pattern compiles"));
        re.is_match(text)
    }

    /// What is wrong with `value` as an instance of `schema`, one line a fault.
    fn faults(&self, schema: &Value, value: &Value, at: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.check(schema, value, at, &mut out);
        out
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
            let fitting = variants
                .iter()
                .filter(|v| self.faults(v, value, at).is_empty())
                .count();
            if fitting != 1 {
                out.push(format!("{at}: fits {fitting} of the oneOf variants"));
            }
        }
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.check(part, value, at, out);
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            out.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let type_fits = |t: &str| match t {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            "null" => value.is_null(),
            _ => true,
        };
        if !types.is_empty() && !types.iter().any(|t| type_fits(t)) {
            out.push(format!("{at}: {value} is not of type {types:?}"));
            return;
        }
        match value {
            Value::String(s) => {
                let len = s.chars().count() as u64;
                if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                    && len < min
                {
                    out.push(format!("{at}: {s:?} is shorter than {min}"));
                }
                if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                    && len > max
                {
                    out.push(format!("{at}: {s:?} is longer than {max}"));
                }
                if let Some(p) = schema.get("pattern").and_then(Value::as_str)
                    && !self.matches(p, s)
                {
                    out.push(format!("{at}: {s:?} does not match {p}"));
                }
                let format_ok = match schema.get("format").and_then(Value::as_str) {
                    Some("date-time") => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
                    Some("date") => s.parse::<chrono::NaiveDate>().is_ok(),
                    Some("uuid") => uuid::Uuid::parse_str(s).is_ok(),
                    Some("email") => s.contains('@'),
                    Some("uri") => s.contains("://"),
                    _ => true,
                };
                if !format_ok {
                    out.push(format!("{at}: {s:?} is not of its format"));
                }
            }
            Value::Number(n) => {
                let n = n.as_f64().unwrap_or_default();
                if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                    && n < min
                {
                    out.push(format!("{at}: {n} is below {min}"));
                }
                if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
                    && n > max
                {
                    out.push(format!("{at}: {n} is above {max}"));
                }
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                if schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n < m)
                {
                    out.push(format!("{at}: too few items"));
                }
                if schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n > m)
                {
                    out.push(format!("{at}: too many items"));
                }
                if let Some(item) = schema.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.check(item, v, &format!("{at}[{i}]"), out);
                    }
                }
            }
            Value::Object(fields) => {
                for name in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let name = name.as_str().unwrap_or_default();
                    if !fields.contains_key(name) {
                        out.push(format!("{at}: the required `{name}` is missing"));
                    }
                }
                let properties = schema.get("properties").and_then(Value::as_object);
                for (name, v) in fields {
                    match properties.and_then(|p| p.get(name)) {
                        Some(p) => self.check(p, v, &format!("{at}.{name}"), out),
                        None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                            out.push(format!("{at}: `{name}` is not a property"))
                        }
                        None => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// Every operation shows a complete exchange: its request body, its success answer and
/// each problem answer have an example, and each example is valid against its schema.
#[tokio::test]
async fn every_operation_has_valid_request_response_and_problem_examples() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;
    let conformance = Conformance::new(&doc);
    let mut faults = Vec::new();
    let mut checked = 0;
    let mut check_content = |what: String, content: &Value, faults: &mut Vec<String>| {
        for (media, c) in content.as_object().into_iter().flatten() {
            match c.get("example") {
                None => faults.push(format!("{what} ({media}) has no example")),
                Some(example) => {
                    checked += 1;
                    faults.extend(conformance.faults(&c["schema"], example, &what));
                }
            }
        }
    };
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/") {
            continue;
        }
        for (method, op) in item.as_object().expect("item") {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            if let Some(body) = op.get("requestBody") {
                check_content(
                    format!("{method} {path} request"),
                    &body["content"],
                    &mut faults,
                );
            }
            for (code, response) in op["responses"].as_object().expect("responses") {
                let response = match response.get("$ref").and_then(Value::as_str) {
                    Some(r) => {
                        &doc["components"]["responses"]
                            [r.trim_start_matches("#/components/responses/")]
                    }
                    None => response,
                };
                if let Some(content) = response.get("content") {
                    check_content(format!("{method} {path} {code}"), content, &mut faults);
                } else if !code.starts_with('2') {
                    faults.push(format!("{method} {path} {code} has no problem body"));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
    assert!(checked > 300, "examples were checked ({checked})");
    // A problem example is the body of its status, naming a field where that status does.
    for (code, response) in doc["components"]["responses"]
        .as_object()
        .expect("responses")
    {
        let example = &response["content"]["application/problem+json"]["example"];
        assert_eq!(example["status"].to_string(), *code, "{example}");
        if ["400", "409", "422"].contains(&code.as_str()) {
            assert!(
                example["errors"][0]["field"].is_string(),
                "{code}: {example}"
            );
        }
    }
}

/// The conformance check itself refuses what a generator would refuse.
#[test]
fn the_conformance_check_finds_faults() {
    let doc = serde_json::to_value(eil_backend::openapi::document()).expect("json");
    let conformance = Conformance::new(&doc);
    let schema = serde_json::json!({"$ref": "#/components/schemas/CreateMentor"});
    let bad = serde_json::json!({
        "person_id": "not-a-uuid",
        "title": "   ",
        "capacity": -1,
        "expertise": ["Design_Thinking"],
        "unknown": 1
    });
    let faults = conformance.faults(&schema, &bad, "body");
    for fragment in ["person_id", "title", "capacity", "expertise[0]", "unknown"] {
        assert!(
            faults.iter().any(|f| f.contains(fragment)),
            "{fragment} in {faults:?}"
        );
    }
}

/// The schema's own statement of a rule agrees with the server's, value by value.
#[test]
fn the_documented_patterns_agree_with_the_server_checks() {
    use eil_shared::validate::{is_email, is_slug, is_tag};
    let doc = serde_json::to_value(eil_backend::openapi::document()).expect("json");
    let schemas = &doc["components"]["schemas"];
    let pattern = |schema: &Value| {
        regex::Regex::new(schema["pattern"].as_str().expect("a pattern")).expect("compiles")
    };
    let email = pattern(&schemas["CreateInvitation"]["properties"]["email"]);
    let tag_schema = &schemas["ExpertiseTag"];
    let tag = pattern(tag_schema);
    let slug = pattern(&schemas["CreateProgramme"]["properties"]["slug"]);
    let emails = [
        "hanna@mit.edu",
        "janis.berzins@lu.lv",
        "a@b.c",
        "a@b..c",
        "jānis@lu.lv",
        "",
        "no-at",
        "@x.lv",
        "a@b",
        "a@.lv",
        "a@lv.",
        "a b@c.lv",
        "a@b@c.lv",
        "a@b.lv ",
        "x@y.z\t",
    ];
    for e in emails {
        assert_eq!(email.is_match(e), is_email(e), "e-mail {e:?}");
    }
    let tags = [
        "design thinking",
        "innovation bootcamps",
        "e-learning",
        "ai",
        "3d",
        "-",
        "izglītība",
        "",
        " lead",
        "trail ",
        "Upper",
        "under_score",
        "dot.",
        &"a".repeat(40),
        &"a".repeat(41),
    ];
    let (min, max) = (
        tag_schema["minLength"].as_u64().expect("min") as usize,
        tag_schema["maxLength"].as_u64().expect("max") as usize,
    );
    for t in tags {
        let len = t.chars().count();
        let documented = tag.is_match(t) && (min..=max).contains(&len);
        assert_eq!(documented, is_tag(t), "tag {t:?}");
    }
    for s in [
        "cohort-2023",
        "eip-2023",
        "ab",
        "a",
        "-x",
        "x-",
        "a--b",
        "Ab",
        "a_b",
    ] {
        // The pattern and lengths cover all but the UUID rule, which the description states.
        let len_ok = (2..=80).contains(&s.len());
        assert_eq!(slug.is_match(s) && len_ok, is_slug(s), "slug {s:?}");
    }
}

/// Values built from the document's own rules are accepted: a mentor with expertise tags
/// (the declared example and the longest the pattern allows) and invitations with
/// e-mails (the declared example and the longest the schema allows).
#[tokio::test]
async fn values_built_from_the_documented_rules_are_accepted() {
    let app = spawn_app().await;
    let doc = served_document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let post = |path: &str| {
        doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["example"].clone()
    };

    let tag = &schemas["ExpertiseTag"];
    let tag_pattern = regex::Regex::new(tag["pattern"].as_str().expect("pattern")).expect("re");
    let max = tag["maxLength"].as_u64().expect("maxLength") as usize;
    let longest: String = "izglītības inovācijas "
        .repeat(4)
        .chars()
        .take(max)
        .collect();
    let longest =
        longest.trim_end().to_string() + &"x".repeat(max - longest.trim_end().chars().count());
    let declared = tag["example"].as_str().expect("example").to_string();
    for t in [&declared, &longest] {
        assert!(
            tag_pattern.is_match(t),
            "{t:?} follows the documented pattern"
        );
    }
    let person = app
        .person("hanna.adeyema@example.org", "Hanna Adeyema")
        .await;
    let mut mentor = post("/api/v1/mentors");
    mentor["person_id"] = serde_json::json!(person.id);
    mentor["organisation_id"] = Value::Null;
    mentor["expertise"] = serde_json::json!([declared, longest]);
    let answer = app
        .http
        .post(format!("{}/api/v1/mentors", app.address))
        .json(&mentor)
        .send()
        .await
        .expect("request");
    assert_eq!(
        answer.status(),
        201,
        "{}",
        answer.text().await.unwrap_or_default()
    );
    let created: Value = answer.json().await.expect("json");
    assert_eq!(created["expertise"].as_array().map(Vec::len), Some(2));

    let email = &schemas["CreateInvitation"]["properties"]["email"];
    let email_pattern = regex::Regex::new(email["pattern"].as_str().expect("pattern")).expect("re");
    let max = email["maxLength"].as_u64().expect("maxLength") as usize;
    let invitation = post("/api/v1/invitations");
    let declared = invitation["email"].as_str().expect("example").to_string();
    let domain = "@lu.lv";
    let longest = "ā".repeat(max - domain.len()) + domain;
    for (i, address) in [declared, longest, "jānis@rsu.lv".to_string()]
        .into_iter()
        .enumerate()
    {
        assert!(
            email_pattern.is_match(&address),
            "{address:?} follows the pattern"
        );
        assert!(address.chars().count() <= max);
        let mut body = invitation.clone();
        body["email"] = Value::String(address.clone());
        body["organisation_id"] = Value::Null;
        body["full_name"] = Value::String(format!("Invitee {i}"));
        let answer = app
            .http
            .post(format!("{}/api/v1/invitations", app.address))
            .json(&body)
            .send()
            .await
            .expect("request");
        assert_eq!(
            answer.status(),
            201,
            "{address}: {}",
            answer.text().await.unwrap_or_default()
        );
    }
}
