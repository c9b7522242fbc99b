//! Request extractors that answer bad input with problems naming the field.
//!
//! Every text value is checked here once (`text`): a control character in a path segment or
//! query parameter is a 400, in a body field a 422, before any handler or query sees it.

mod text;

use std::future::{Future, Ready, ready};
use std::marker::PhantomData;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use eil_shared::problem::FieldError;
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// The largest JSON body accepted.
pub const MAX_BODY: usize = 256 * 1024;

/// A JSON body, read but not yet judged: [`Json::parse`] answers 415 unless
/// `application/json`, 413 past [`MAX_BODY`], 400 when it is not JSON, 422 naming the field
/// when a value has the wrong type, is missing or holds control characters.
///
/// Parsing waits for the handler so that the role rule comes first: a caller who may not
/// write gets 401 or 403 whatever the body holds, and learns nothing of its rules.
pub struct Json<T> {
    body: Result<Vec<u8>, ApiError>,
    // `fn() -> T`: the body is bytes, so `Json` is `Send` whatever `T` is.
    _of: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Json<T> {
    /// The body as a `T`, or the problem with it. Call it after the role rule.
    pub fn parse(self) -> Result<T, ApiError> {
        parse_json(&self.body?)
    }

    /// The body as `T` without taking it, when it is one (checks that must run before the
    /// write, such as resolving a URL); `parse` still reports what is wrong with it.
    pub fn peek(&self) -> Option<T> {
        self.body.as_ref().ok().and_then(|b| parse_json(b).ok())
    }
}

impl<T: 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = media_type(req).is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        });
        let mut payload = payload.take();
        let req = req.clone();
        Box::pin(async move {
            let body = if is_json {
                read_body(&mut payload).await
            } else {
                Err(ApiError::UnsupportedMediaType)
            };
            // The audit log records which fields a write set (names only, never values).
            if let Ok(bytes) = &body
                && let Ok(fields) = serde_json::from_slice::<
                    std::collections::BTreeMap<String, serde::de::IgnoredAny>,
                >(bytes)
            {
                req.extensions_mut()
                    .insert(BodyFields(fields.into_keys().collect()));
            }
            Ok(Json {
                body,
                _of: PhantomData,
            })
        })
    }
}

/// The top-level field names of the request's body, for the audit log.
#[derive(Debug, Clone)]
pub struct BodyFields(pub Vec<String>);

/// The request's media type, lower-case, without parameters.
fn media_type(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
}

/// The whole body, or 413 past [`MAX_BODY`].
async fn read_body(payload: &mut Payload) -> Result<Vec<u8>, ApiError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk: Bytes = chunk.map_err(|e| ApiError::BadRequest {
            detail: format!("the body could not be read: {e}"),
            errors: vec![],
        })?;
        if body.len() + chunk.len() > MAX_BODY {
            return Err(ApiError::PayloadTooLarge { limit: MAX_BODY });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An `application/x-www-form-urlencoded` body (the OAuth 2.0 token request): 415 for
/// another media type, 413 past [`MAX_BODY`], 400 naming the field that cannot be read.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = media_type(req).is_some_and(|m| m == "application/x-www-form-urlencoded");
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_form {
                return Err(ApiError::OAuth {
                    error: "invalid_request",
                    detail: "send the body as application/x-www-form-urlencoded".into(),
                });
            }
            let body = read_body(&mut payload).await?;
            let text = std::str::from_utf8(&body).map_err(|_| ApiError::OAuth {
                error: "invalid_request",
                detail: "the form is not UTF-8".into(),
            })?;
            parse_query(text).map(Form)
        })
    }
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let syntax = |e: &serde_json::Error| ApiError::BadRequest {
        detail: format!("the body is not valid JSON: {e}"),
        errors: vec![],
    };
    // Every body of this API is an object; serde would also read a struct from an array.
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|b| *b != b'{')
        && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
    {
        return Err(ApiError::invalid("body", "must be a JSON object"));
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(tree) => text::check_json(&tree).map_err(ApiError::Invalid)?,
        Err(e) if e.classify() != serde_json::error::Category::Data => return Err(syntax(&e)),
        // Numbers past what `Value` holds: the typed parse below names the field.
        Err(_) => {}
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.classify() != serde_json::error::Category::Data {
            return syntax(&inner);
        }
        let message = inner.to_string();
        let field = if path == "." {
            missing_field(&message).unwrap_or_else(|| "body".into())
        } else {
            path
        };
        ApiError::Invalid(vec![FieldError::new(field, clean_message(&message))])
    })?;
    de.end().map_err(|e| syntax(&e))?;
    Ok(value)
}

/// A part of a body already read and checked by [`Json::parse`] (one item of a bulk call)
/// as a `T`, or 422 naming the field inside that part.
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        let field = if path == "." {
            missing_field(&message).unwrap_or_else(|| "body".into())
        } else {
            path
        };
        ApiError::Invalid(vec![FieldError::new(field, clean_message(&message))])
    })
}

/// serde reports a missing field at the parent; name the field itself.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(f, _)| f.to_string())
}

/// Drops serde's "at line 1 column 5" tail: the field path says where.
fn clean_message(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Query parameters: 400 naming the parameter when one cannot be read.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query(req.query_string()).map(Query))
    }
}

pub fn parse_query<T: DeserializeOwned>(qs: &str) -> Result<T, ApiError> {
    for (name, value) in form_urlencoded::parse(qs.as_bytes()) {
        if text::problem(&name, false).is_some() {
            return Err(ApiError::bad_query(
                &text::printable(&name),
                "is not a parameter: a name must not contain control characters",
            ));
        }
        if let Some(message) = text::problem(&value, false) {
            return Err(ApiError::bad_query(&name, message));
        }
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(qs.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let message = clean_message(&e.inner().to_string());
        let field = match e.path().to_string() {
            p if p == "." => unknown_field(&message).unwrap_or(p),
            p => p,
        };
        ApiError::bad_query(&field, message)
    })
}

/// Path parameters, each checked for control characters (400 naming the parameter).
/// Use it instead of `actix_web::web::Path`, which would pass them on unchecked.
pub struct Path<T>(T);

impl<T> Path<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Path<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Path<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_path(req))
    }
}

fn parse_path<T: DeserializeOwned>(req: &HttpRequest) -> Result<Path<T>, ApiError> {
    let params = req.match_info();
    // actix has decoded the segments already, all but `%25`, `%2F` and `%2B` (none of them
    // a control character): `%00` is a NUL here.
    for (name, value) in params.iter() {
        if let Some(message) = text::problem(value, false) {
            let e = FieldError::new(name, message);
            return Err(ApiError::BadRequest {
                detail: format!("path parameter `{}` {}", e.field, e.message),
                errors: vec![e],
            });
        }
    }
    params
        .load()
        .map(Path)
        .map_err(|_| ApiError::NotFound("no such path".into()))
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split_once('`').map(|(f, _)| f.to_string())
}

/// The version named by `If-Match` (`"3"` or `W/"3"`), if the header is there.
pub fn if_match(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(None);
    }
    // Lenient about the quotes, which some clients drop.
    let tag = text.strip_prefix("W/").unwrap_or(text);
    let digits = Some(
        tag.strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(tag),
    );
    match digits {
        Some(d) if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) => {
            // A well-formed tag of a version that never existed simply does not match.
            Ok(Some(d.parse::<i32>().unwrap_or(-1)))
        }
        _ => Err(ApiError::BadRequest {
            detail: "If-Match must be an ETag this API returned, such as \"3\"".into(),
            errors: vec![FieldError::new("If-Match", "is not an ETag of this API")],
        }),
    }
}

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Q {
        limit: Option<u32>,
        id: Option<uuid::Uuid>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct B {
        name: Inner,
        capacity: i32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        en: String,
    }

    fn field(e: ApiError) -> String {
        e.problem()
            .errors
            .first()
            .map(|f| f.field.clone())
            .unwrap_or_default()
    }

    #[test]
    fn query_errors_name_the_parameter() {
        assert_eq!(
            field(parse_query::<Q>("limit=abc").expect_err("bad limit")),
            "limit"
        );
        assert_eq!(
            field(parse_query::<Q>("limit=5&id=nope").expect_err("bad id")),
            "id"
        );
        assert_eq!(
            field(parse_query::<Q>("colour=red").expect_err("unknown")),
            "colour"
        );
        assert!(parse_query::<Q>("limit=5").is_ok());
    }

    #[test]
    fn control_characters_are_refused_by_name() {
        let e = parse_query::<Q>("limit=5&id=a%00b").expect_err("nul");
        assert_eq!(e.problem().status, 400);
        assert_eq!(field(e), "id");
        assert_eq!(
            field(parse_query::<Q>("limit=%0A5").expect_err("newline")),
            "limit"
        );
        assert_eq!(
            field(parse_query::<Q>("li%00mit=5").expect_err("name")),
            "li\\0mit"
        );
        let e = parse_json::<B>(br#"{"name": {"en": "a\u0000"}, "capacity": 1}"#)
            .expect_err("nul in body");
        assert_eq!(e.problem().status, 422);
        assert_eq!(field(e), "name.en");
    }

    #[test]
    fn body_errors_name_the_field() {
        let e = parse_json::<B>(br#"{"name": {"en": 5}, "capacity": 1}"#).expect_err("wrong type");
        assert_eq!(e.problem().status, 422);
        assert_eq!(field(e), "name.en");
        assert_eq!(
            field(parse_json::<B>(br#"{"name": {"en": "x"}}"#).expect_err("missing")),
            "capacity"
        );
        assert_eq!(
            parse_json::<B>(b"{not json")
                .expect_err("syntax")
                .problem()
                .status,
            400
        );
        assert_eq!(
            parse_json::<B>(br#"{"name":{"en":"x"},"capacity":1} trailing"#)
                .expect_err("trailing")
                .problem()
                .status,
            400
        );
    }
}
