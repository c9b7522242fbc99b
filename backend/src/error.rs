//! The error policy: every failure becomes an RFC 9457 problem with a fitting status.
//!
//! Input problems are the caller's (4xx) and name the field; the database layer's kinds
//! (`db::DbError`) are mapped here, in one place: constraint violations that slip past
//! validation become 409; anything else is a 500 whose cause is
//! logged with its chain and never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use eil_shared::problem::{FieldError, PROBLEM_CONTENT_TYPE, Problem};

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be read (syntax, query parameters).
    #[error("bad request: {detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 401: no valid credentials.
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    /// 403: signed in, but not allowed.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 404.
    #[error("not found: {0}")]
    NotFound(String),
    /// 405, with the methods the path does allow.
    #[error("method not allowed")]
    MethodNotAllowed(Vec<&'static str>),
    /// 409: the request clashes with the current state.
    #[error("conflict: {detail}")]
    Conflict {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 412: `If-Match` names a version that is no longer current.
    #[error("precondition failed")]
    PreconditionFailed { current: i32 },
    /// 413.
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// 415.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 422: well-formed, but invalid values.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// 422: an item of a bulk call failed, so none was applied. `errors` name the failing
    /// items' fields (`items[3].status`); `items` is every item's result, in order
    /// (`eil_shared::bulk::BulkItemResult`), sent beside the problem's members.
    #[error("bulk call refused: {failed} of {total} items failed")]
    BulkRefused {
        failed: usize,
        total: usize,
        errors: Vec<FieldError>,
        items: serde_json::Value,
    },
    /// 429: too many attempts; retry after the given seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64 },
    /// 503: the database is busy or unreachable.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// 400 or 401 from the OAuth 2.0 token endpoint, with its error code (RFC 6749 §5.2).
    #[error("oauth: {error}: {detail}")]
    OAuth { error: &'static str, detail: String },
    /// 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("there is no {what} with this id"))
    }

    pub fn bad_query(field: &str, message: impl Into<String>) -> Self {
        let e = FieldError::new(field, message);
        ApiError::BadRequest {
            detail: format!("query parameter `{}` {}", e.field, e.message),
            errors: vec![e],
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError::new(field, message)])
    }

    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        let e = FieldError::new(field, message);
        ApiError::Conflict {
            detail: format!("`{}` {}", e.field, e.message),
            errors: vec![e],
        }
    }

    pub fn problem(&self) -> Problem {
        let (kind, title, detail, errors) = match self {
            ApiError::BadRequest { detail, errors } => (
                "bad-request",
                "Bad request",
                Some(detail.clone()),
                errors.clone(),
            ),
            ApiError::Unauthorized(d) => ("unauthorized", "Unauthorized", Some(d.clone()), vec![]),
            ApiError::Forbidden(d) => ("forbidden", "Forbidden", Some(d.clone()), vec![]),
            ApiError::NotFound(d) => ("not-found", "Not found", Some(d.clone()), vec![]),
            ApiError::MethodNotAllowed(m) => (
                "method-not-allowed",
                "Method not allowed",
                Some(format!("allowed: {}", m.join(", "))),
                vec![],
            ),
            ApiError::Conflict { detail, errors } => {
                ("conflict", "Conflict", Some(detail.clone()), errors.clone())
            }
            ApiError::PreconditionFailed { current } => (
                "stale-version",
                "Precondition failed",
                Some(format!(
                    "the resource has changed since you read it (current version {current}); read it again and reapply your change"
                )),
                vec![],
            ),
            ApiError::PayloadTooLarge { limit } => (
                "payload-too-large",
                "Payload too large",
                Some(format!("the body is larger than {limit} bytes")),
                vec![],
            ),
            ApiError::UnsupportedMediaType => (
                "unsupported-media-type",
                "Unsupported media type",
                Some("send the body as application/json".into()),
                vec![],
            ),
            ApiError::Invalid(errors) => {
                let n = errors.len();
                let detail = format!("{n} field{} invalid", if n == 1 { " is" } else { "s are" });
                ("validation", "Invalid input", Some(detail), errors.clone())
            }
            ApiError::BulkRefused {
                failed,
                total,
                errors,
                ..
            } => (
                "bulk-refused",
                "Nothing applied",
                Some(format!(
                    "{failed} of {total} items failed, so nothing was written; `items` says why for each"
                )),
                errors.clone(),
            ),
            ApiError::TooManyRequests { retry_after } => (
                "too-many-requests",
                "Too many requests",
                Some(format!("too many attempts; try again in {retry_after} s")),
                vec![],
            ),
            ApiError::Unavailable(d) => (
                "unavailable",
                "Service unavailable",
                Some(d.clone()),
                vec![],
            ),
            ApiError::OAuth { error, detail } => {
                let (kind, title) = if *error == "invalid_client" {
                    ("unauthorized", "Unauthorized")
                } else {
                    ("bad-request", "Bad request")
                };
                (kind, title, Some(detail.clone()), vec![])
            }
            ApiError::Internal(_) => ("internal", "Internal server error", None, vec![]),
        };
        Problem {
            kind: format!("/problems/{kind}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            errors,
            error: match self {
                ApiError::OAuth { error, .. } => Some((*error).into()),
                _ => None,
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Invalid(_) | ApiError::BulkRefused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::OAuth { error, .. } if *error == "invalid_client" => StatusCode::UNAUTHORIZED,
            ApiError::OAuth { .. } => StatusCode::BAD_REQUEST,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        let mut resp = HttpResponse::build(self.status_code());
        resp.content_type(PROBLEM_CONTENT_TYPE);
        match self {
            ApiError::MethodNotAllowed(methods) => {
                resp.insert_header((header::ALLOW, methods.join(", ")));
            }
            ApiError::Unavailable(_) => {
                resp.insert_header((header::RETRY_AFTER, HeaderValue::from_static("1")));
            }
            ApiError::Unauthorized(_) => {
                resp.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::TooManyRequests { retry_after } => {
                resp.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::OAuth { .. } => {
                resp.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
                if self.status_code() == StatusCode::UNAUTHORIZED {
                    resp.insert_header((
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Basic"),
                    ));
                }
            }
            ApiError::BulkRefused { items, .. } => {
                let mut body = serde_json::to_value(self.problem()).unwrap_or_default();
                if let Some(members) = body.as_object_mut() {
                    members.insert("items".into(), items.clone());
                }
                return resp.json(body);
            }
            _ => {}
        }
        resp.json(self.problem())
    }
}

/// The one boundary between the database layer's kinds and HTTP.
impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(what) => ApiError::NotFound(what),
            DbError::Taken { field } => ApiError::conflict(&field, "is already taken"),
            DbError::Referenced => ApiError::Conflict {
                detail: "other records refer to this one or it refers to a missing one; remove or change those first".into(),
                errors: vec![],
            },
            DbError::Check(message) => ApiError::Conflict {
                detail: format!("the change breaks a rule of the data: {message}"),
                errors: vec![],
            },
            DbError::InUse(detail) => ApiError::Conflict {
                detail,
                errors: vec![],
            },
            DbError::Stale { current } => ApiError::PreconditionFailed { current },
            DbError::BadQuery { field, message } => ApiError::bad_query(field, message),
            DbError::Busy(why) => ApiError::Unavailable(why.into()),
            DbError::Unreachable => {
                ApiError::Unavailable("the database is not reachable; try again shortly".into())
            }
            DbError::Internal(e) => ApiError::Internal(e),
        }
    }
}

/// A broken rule over several records: valid input that clashes with stored data.
impl From<crate::domain::Broken> for ApiError {
    fn from(b: crate::domain::Broken) -> Self {
        ApiError::conflict(&b.field, b.message)
    }
}

/// Transactions hand back diesel's own errors (a failed `COMMIT`, say).
impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        DbError::from(e).into()
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_rule_is_a_conflict_on_its_field() {
        let p = ApiError::from(crate::domain::Broken::new("status", "cannot go back")).problem();
        assert_eq!(p.status, 409);
        assert_eq!(p.errors[0].field, "status");
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let p = ApiError::Internal(anyhow::anyhow!("password=secret")).problem();
        assert_eq!(p.status, 500);
        assert!(p.detail.is_none());
    }
}
