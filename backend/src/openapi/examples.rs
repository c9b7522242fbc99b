//! Examples for every exchange the document describes: each request body, each success
//! answer and each problem answer. They are built from the schemas, once the document is
//! complete, so that they follow the DTOs: a property's declared `example` (the Lab's demo
//! data) wins, the rest is derived from type, format and bounds. Problem examples are the
//! bodies the server itself sends for their status ([`ApiError::problem`]).

use eil_shared::problem::FieldError;
use serde_json::{Map, Value, json};
use utoipa::openapi::response::Response;
use utoipa::openapi::{Content, OpenApi as Doc, RefOr};

use crate::error::ApiError;

/// Deeper than any DTO nests; a guard against recursive schemas.
const MAX_DEPTH: usize = 12;

/// Gives every request body, success answer and problem answer of the document's paths,
/// and every shared problem response, an example where it has none.
pub(super) fn add(doc: &mut Doc) {
    let schemas = doc
        .components
        .as_ref()
        .and_then(|c| serde_json::to_value(&c.schemas).ok())
        .unwrap_or_default();
    let examples = Examples { schemas: &schemas };
    if let Some(components) = doc.components.as_mut() {
        for (code, response) in components.responses.iter_mut() {
            if let RefOr::T(response) = response {
                examples.fill_response(code, response);
            }
        }
    }
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ];
        for op in operations.into_iter().flatten() {
            if let Some(RefOr::T(body)) = op.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content {
                        examples.fill(content, None);
                    }
                }
            }
            for (code, response) in op.responses.responses.iter_mut() {
                if let RefOr::T(response) = response {
                    examples.fill_response(code, response);
                }
            }
        }
    }
}

/// The body the server sends with this status, naming a field where that status does.
pub fn problem_example(status: &str) -> Value {
    let field = |name: &str, message: &str| vec![FieldError::new(name, message)];
    let error = match status {
        "400" => ApiError::bad_query("limit", "must be a whole number from 1 to 100"),
        "401" => ApiError::Unauthorized("sign in first".into()),
        "403" => ApiError::Forbidden("this needs one of the roles: coordinator, admin".into()),
        "404" => ApiError::not_found("project"),
        "409" => ApiError::conflict("slug", "is already used by another programme"),
        "412" => ApiError::PreconditionFailed { current: 3 },
        "413" => ApiError::PayloadTooLarge { limit: 262_144 },
        "415" => ApiError::UnsupportedMediaType,
        "422" => ApiError::Invalid(field("name.en", "must not be empty")),
        "429" => ApiError::TooManyRequests { retry_after: 60 },
        "503" => ApiError::Unavailable("the database is busy; retry shortly".into()),
        _ => ApiError::Internal(anyhow::anyhow!("example")),
    };
    serde_json::to_value(error.problem()).unwrap_or_default()
}

struct Examples<'a> {
    /// `components.schemas`, as JSON.
    schemas: &'a Value,
}

impl Examples<'_> {
    fn fill_response(&self, status: &str, response: &mut Response) {
        for content in response.content.values_mut() {
            if let RefOr::T(content) = content {
                self.fill(content, Some(status));
            }
        }
    }

    /// Sets the example of one media type; `status` is the answer's (none for a request).
    fn fill(&self, content: &mut Content, status: Option<&str>) {
        if content.example.is_some() || !content.examples.is_empty() {
            return;
        }
        let Some(schema) = content
            .schema
            .as_ref()
            .and_then(|s| serde_json::to_value(s).ok())
        else {
            return;
        };
        let is_problem =
            schema.get("$ref").and_then(Value::as_str) == Some("#/components/schemas/Problem");
        content.example = Some(match status {
            Some(code) if is_problem => problem_example(code),
            _ => self.of(&schema, 0),
        });
    }

    /// An instance of `schema`.
    fn of(&self, schema: &Value, depth: usize) -> Value {
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if let Some(first) = schema
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return first.clone();
        }
        if let Some(first) = schema
            .get("const")
            .or_else(|| schema.get("enum").and_then(|e| e.get(0)))
        {
            return first.clone();
        }
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.rsplit('/').next().unwrap_or_default();
            return self
                .schemas
                .get(name)
                .map_or(Value::Null, |target| self.of(target, depth + 1));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = schema.get(key).and_then(Value::as_array) {
                // The variant with content, not `null`: an example shows the field used.
                let chosen = variants
                    .iter()
                    .find(|v| v.get("type").and_then(Value::as_str) != Some("null"))
                    .or(variants.first());
                return chosen.map_or(Value::Null, |v| self.of(v, depth + 1));
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(fields) = self.of(part, depth + 1) {
                    merged.extend(fields);
                }
            }
            if let Value::Object(own) = self.object(schema, depth) {
                merged.extend(own);
            }
            return Value::Object(merged);
        }
        match type_of(schema) {
            "object" => self.object(schema, depth),
            "array" => {
                let item = schema
                    .get("items")
                    .map_or(json!("text"), |i| self.of(i, depth + 1));
                let count = bound(schema, "minItems").unwrap_or(1).max(1) as usize;
                Value::Array(vec![item; count])
            }
            "string" => string(schema),
            "integer" => json!(number(schema)),
            "number" => json!(number(schema) as f64),
            "boolean" => json!(true),
            "null" => Value::Null,
            _ => json!({}),
        }
    }

    /// Every declared property, so that the example shows all a body can hold.
    fn object(&self, schema: &Value, depth: usize) -> Value {
        let mut out = Map::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                out.insert(name.clone(), self.of(property, depth + 1));
            }
        }
        Value::Object(out)
    }
}

/// The schema's type; the non-null one of a `[T, "null"]` pair.
fn type_of(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "",
    }
}

fn bound(schema: &Value, key: &str) -> Option<i64> {
    schema.get(key).and_then(Value::as_i64)
}

/// 1, or the nearest value the bounds allow.
fn number(schema: &Value) -> i64 {
    let low = bound(schema, "minimum").unwrap_or(1).max(1);
    bound(schema, "maximum").map_or(low, |high| low.min(high))
}

/// A value of the string's format, within its length bounds. Patterned strings declare
/// an example of their own (the tests check that each example matches its pattern).
fn string(schema: &Value) -> Value {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let mut text = match format {
        "date-time" => "2023-05-19T07:00:00Z",
        "date" => "2023-05-19",
        "uuid" => "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a77",
        "email" => "anna.berzina@example.lv",
        "uri" => "https://www.rtu.lv/",
        _ => "Riga Business School",
    }
    .to_string();
    let min = bound(schema, "minLength").unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = bound(schema, "maxLength") {
        text = text.chars().take(max.max(0) as usize).collect();
    }
    Value::String(text)
}
