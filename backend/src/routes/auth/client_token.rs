//! `POST /auth/token`: the OAuth 2.0 client-credentials grant for partner API clients.

use super::*;

/// The form of `POST /auth/token`, read leniently: OAuth 2.0 ignores unknown parameters and
/// answers missing ones with its own error codes.
#[derive(Debug, Default, serde::Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scope: Option<String>,
}

fn oauth(error: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::OAuth {
        error,
        detail: detail.into(),
    }
}

/// `client_id` and `client_secret` from HTTP Basic (RFC 6749 §2.3.1) or from the form;
/// never both.
fn client_credentials(req: &HttpRequest, form: &TokenForm) -> Result<(String, String), ApiError> {
    use base64::Engine;
    let basic = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .map(|b64| {
            let bad = || oauth("invalid_client", "the Basic credentials cannot be read");
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| bad())?;
            let text = String::from_utf8(raw).map_err(|_| bad())?;
            let (id, secret) = text.split_once(':').ok_or_else(bad)?;
            let decode = |s: &str| {
                form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            Ok::<_, ApiError>((decode(id), decode(secret)))
        })
        .transpose()?;
    match (basic, &form.client_id, &form.client_secret) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(oauth(
            "invalid_request",
            "send the client credentials either with HTTP Basic or in the form, not both",
        )),
        (Some(pair), None, None) => Ok(pair),
        (None, Some(id), Some(secret)) => Ok((id.clone(), secret.clone())),
        _ => Err(oauth(
            "invalid_client",
            "send `client_id` and `client_secret` (in the form or with HTTP Basic)",
        )),
    }
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Get an access token for a partner API client
///
/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Send
/// `application/x-www-form-urlencoded` with `grant_type=client_credentials` and the client's
/// `client_id` and `client_secret` (or HTTP Basic with them), and optionally `scope` to ask
/// for fewer scopes than the client holds. The token works for 15 minutes and stops working
/// at once when the client is revoked or its secret rotated. Errors carry the OAuth `error`
/// code as well as the problem fields.
#[utoipa::path(tag = "auth",
    request_body(content = eil_shared::api_client::TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "An access token", body = eil_shared::api_client::ClientToken),
        (status = 400, description = "`invalid_request`, `unsupported_grant_type` or `invalid_scope`", body = eil_shared::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`invalid_client`: unknown client, wrong secret, or revoked", body = eil_shared::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts for this client or address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/token")]
pub(super) async fn token(
    req: HttpRequest,
    pool: Data<Pool>,
    keys: Data<Keys>,
    limiter: Data<RateLimiter>,
    Form(form): Form<TokenForm>,
) -> Result<HttpResponse, ApiError> {
    let (client_id, secret) = client_credentials(&req, &form)?;
    if client_id.len() > 100 || secret.len() > 200 {
        return Err(oauth("invalid_client", "unknown client or wrong secret"));
    }
    limiter
        .check_sign_in(&req, Some(&format!("client:{client_id}")))
        .await?;
    match form.grant_type.as_deref() {
        Some("client_credentials") => {}
        Some(other) => {
            return Err(oauth(
                "unsupported_grant_type",
                format!("`{other}` is not supported; use `client_credentials`"),
            ));
        }
        None => return Err(oauth("invalid_request", "`grant_type` is missing")),
    }
    let requested = form
        .scope
        .as_deref()
        .map(Scope::split)
        .transpose()
        .map_err(|s| oauth("invalid_scope", format!("`{s}` is not a scope")))?;
    let keys = keys.get_ref().clone();
    let answer = crate::routes::query(&pool, move |c| {
        let wrong = || oauth("invalid_client", "unknown client or wrong secret");
        if uuid::Uuid::parse_str(&client_id).is_err() {
            return Err(wrong());
        }
        let row = match api_client::row(c, &client_id) {
            Err(DbError::NotFound(_)) => return Err(wrong()),
            other => other?,
        };
        if !same(&row.secret_hash, &secret_hash(&secret)) {
            return Err(wrong());
        }
        if row.revoked_at.is_some() {
            return Err(oauth("invalid_client", "this client has been revoked"));
        }
        let held = row.scopes()?;
        let granted = match requested {
            Some(asked) if asked.is_empty() => held,
            Some(asked) => {
                if let Some(extra) = asked.iter().find(|s| !held.contains(s)) {
                    return Err(oauth(
                        "invalid_scope",
                        format!("this client does not hold `{extra}`"),
                    ));
                }
                asked
            }
            None => held,
        };
        let access_token = keys.issue_client(
            parse_id(&row.id)?,
            parse_id(&row.organisation_id)?,
            &granted,
            row.secret_version,
        )?;
        Ok(ClientToken {
            access_token,
            token_type: "Bearer".into(),
            expires_in: ACCESS_TTL_SECS,
            scope: Scope::join(&granted),
        })
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Pragma", "no-cache"))
        .json(answer))
}
