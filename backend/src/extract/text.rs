//! The one check of text input: no control characters in any path, query or body value.
//!
//! PostgreSQL refuses a NUL in text (the request would fail with a 500) while SQLite stores
//! it, so the same input behaved differently on the two databases; other control
//! characters in a name or an address are never intended and only confuse what shows them.
//! Long free text (a summary, a bio, notes) may hold line breaks and tabs.

use eil_shared::problem::FieldError;
use serde_json::Value;

/// Top-level body fields whose text may span lines: the long texts of the API.
const MULTILINE_FIELDS: &[&str] = &["summary", "bio", "body", "feedback", "agenda", "notes"];

/// At most this many fields are named in one answer.
const MAX_REPORTED: usize = 20;

/// What is wrong with a value, if anything: a control character, or (unless `multiline`)
/// a line break or tab.
pub fn problem(value: &str, multiline: bool) -> Option<String> {
    let allowed = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
    value
        .chars()
        .find(|c| c.is_control() && !allowed(*c))
        .map(|c| {
            if c == '\0' {
                "must not contain a NUL character (U+0000)".to_string()
            } else {
                format!(
                    "must not contain control characters (found U+{:04X})",
                    c as u32
                )
            }
        })
}

/// A name for a field or parameter whose own name holds control characters.
pub fn printable(name: &str) -> String {
    name.escape_debug().to_string()
}

/// Every string (and object key) of a JSON body, named by its path (`name.en`, `team[0].role`).
pub fn check_json(value: &Value) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    walk(value, &mut String::new(), false, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn walk(value: &Value, path: &mut String, multiline: bool, errors: &mut Vec<FieldError>) {
    if errors.len() >= MAX_REPORTED {
        return;
    }
    match value {
        Value::String(s) => {
            if let Some(message) = problem(s, multiline) {
                let field = if path.is_empty() { "body" } else { path };
                errors.push(FieldError::new(field, message));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, multiline, errors);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                if problem(key, false).is_some() {
                    path.push_str(&printable(key));
                    errors.push(FieldError::new(
                        path.clone(),
                        "is not a field: a field name must not contain control characters",
                    ));
                    path.truncate(len);
                    continue;
                }
                path.push_str(key);
                // Only the top level decides: `summary.lv` is as long as `summary`.
                let long = if len == 0 {
                    MULTILINE_FIELDS.contains(&key.as_str())
                } else {
                    multiline
                };
                walk(item, path, long, errors);
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(v: Value) -> Vec<String> {
        check_json(&v)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_nul_anywhere_is_named() {
        assert_eq!(
            named(json!({"name": {"lv": "a", "en": "a\u{0}b"}})),
            ["name.en"]
        );
        assert_eq!(
            named(json!({"team": [{"role": "lead"}, {"role": "x\u{0}"}]})),
            ["team[1].role"]
        );
        assert_eq!(named(json!({"summary": {"en": "a\u{0}"}})), ["summary.en"]);
        assert_eq!(named(json!({"a\u{0}b": 1})), ["a\\0b"]);
    }

    #[test]
    fn line_breaks_only_in_long_text() {
        assert!(
            named(json!({"summary": {"en": "one\ntwo\r\n\tthree"}, "notes": "a\nb"})).is_empty()
        );
        assert_eq!(named(json!({"title": "one\ntwo"})), ["title"]);
        assert_eq!(named(json!({"slug": "tab\there"})), ["slug"]);
        // Other control characters are refused in long text too.
        assert_eq!(named(json!({"bio": {"en": "bell\u{7}"}})), ["bio.en"]);
        assert_eq!(named(json!({"notes": "c1\u{85}"})), ["notes"]);
    }

    #[test]
    fn ordinary_text_passes() {
        assert!(
            named(
                json!({"name": {"lv": "Rīgas Stradiņa universitāte", "en": "RSU — “quoted” 😀"}})
            )
            .is_empty()
        );
        assert!(problem("plain text", false).is_none());
        assert!(problem("a\u{0}", true).is_some());
    }
}
