//! Sign-in: log-in, refresh-token rotation, log-out, and the signed-in person.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use chrono::{Duration, Utc};
use eil_shared::PersonId;
use eil_shared::api_client::{ClientToken, Scope};
use eil_shared::audit::ActorKind;
use eil_shared::auth::{LoginRequest, Me, RefreshRequest, TokenPair};
use eil_shared::invitation::AcceptInvitation;
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use crate::audit::AuditNote;
use crate::auth::limit::RateLimiter;
use crate::auth::{
    ACCESS_TTL_SECS, Caller, Keys, REFRESH_TTL_DAYS, SignIns, password, random_secret, secret_hash,
};
use crate::db::models::{account, api_client, invitation, person};
use crate::db::{DbConn, DbError, Pool, new_id, parse_id, ts};
use crate::error::ApiError;
use crate::extract::{Form, Json};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(token)
        .service(accept_invitation);
}

/// Stores `refresh_token` (its hash) in `family` and pairs it with an access token.
fn issue_pair(
    c: &mut DbConn,
    keys: &Keys,
    person_id: PersonId,
    family: &str,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    let now = Utc::now();
    account::store_refresh(
        c,
        &new_id(),
        family,
        person_id,
        &secret_hash(&refresh_token),
        &ts(now + Duration::days(REFRESH_TTL_DAYS)),
        &ts(now),
    )?;
    pair(c, keys, person_id, family, refresh_token)
}

/// An already stored `refresh_token` with a new access token of the sign-in `family`.
fn pair(
    c: &mut DbConn,
    keys: &Keys,
    person_id: PersonId,
    family: &str,
    refresh_token: String,
) -> ApiResult<TokenPair> {
    let roles = account::roles(c, person_id)?;
    Ok(TokenPair {
        access_token: keys.issue(person_id, &roles, family)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECS,
    })
}

/// How many rotations a refresh repeated within the grace window follows to reach the
/// family's current token (a tab that rotated again meanwhile); more is not a parallel tab.
const GRACE_STEPS: usize = 4;

/// The current token of the chain after `used`: its successor, or, if that was used too
/// meanwhile, the successor's successor, and so on. `None` when the chain ends otherwise.
fn current_successor(c: &mut DbConn, keys: &Keys, used: &str) -> ApiResult<Option<String>> {
    let mut next = keys.successor(used);
    for _ in 0..GRACE_STEPS {
        match account::find_refresh(c, &secret_hash(&next))? {
            Some(row) if row.revoked_at.is_some() => return Ok(None),
            Some(row) if row.used_at.is_none() => return Ok(Some(next)),
            Some(_) => next = keys.successor(&next),
            None => return Ok(None),
        }
    }
    Ok(None)
}

/// The documented bounds of the sign-in bodies.
fn check_len(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    if value.chars().count() > max {
        Err(ApiError::invalid(
            field,
            format!("must be at most {max} characters"),
        ))
    } else {
        Ok(())
    }
}

fn bad_credentials() -> ApiError {
    ApiError::Unauthorized("the e-mail address or the password is wrong".into())
}

/// Sign in
///
/// Returns a 15-minute access token and a refresh token.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, description = "Signed in", body = TokenPair),
    (status = 401, description = "Wrong e-mail or password", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts for this account or address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
async fn login(
    req: HttpRequest,
    pool: Data<Pool>,
    keys: Data<Keys>,
    limiter: Data<RateLimiter>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("email", &body.email, 254)?;
    check_len("password", &body.password, password::MAX_LENGTH)?;
    let account = format!("account:{}", body.email.trim().to_lowercase());
    limiter.check_sign_in(&req, Some(&account))?;
    let keys = keys.get_ref().clone();
    let pair = super::transaction(&pool, move |c| {
        let email = body.email.trim().to_lowercase();
        let Some((person_id, hash)) = account::credentials(c, &email)? else {
            password::verify(&body.password, password::dummy_hash());
            return Err(bad_credentials());
        };
        if !password::verify(&body.password, &hash) {
            return Err(bad_credentials());
        }
        issue_pair(c, &keys, person_id, &new_id(), random_secret())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Exchange a refresh token for a new pair
///
/// Each refresh token works once. Presented again within a short grace window (30 seconds
/// by default), as when two browser tabs renew at the same moment, it returns the same
/// successor refresh token (with a fresh access token) instead of failing. Presented again
/// after the window, it revokes its whole family (every token descended from the same
/// sign-in) and the access tokens of that sign-in. Not rate-limited: a refresh token is 244
/// random bits, which cannot be guessed, and the web app renews every few minutes.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "A new pair", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
async fn refresh(
    pool: Data<Pool>,
    keys: Data<Keys>,
    sign_ins: Data<SignIns>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("refresh_token", &body.refresh_token, 200)?;
    let keys = keys.get_ref().clone();
    let grace = sign_ins.grace();
    /// A refusal, and the sign-in it ended (to be told to `sign_ins` after the commit).
    type Refusal = (&'static str, Option<String>);
    fn refused(m: &'static str) -> ApiResult<Result<TokenPair, Refusal>> {
        Ok(Err((m, None)))
    }
    let outcome = super::transaction(&pool, move |c| {
        let now = Utc::now();
        let presented = body.refresh_token;
        let Some(row) = account::find_refresh(c, &secret_hash(&presented))? else {
            return refused("unknown refresh token");
        };
        if row.revoked_at.is_some() || !account::sign_in_live(c, &row.family_id)? {
            return refused("this refresh token was revoked; sign in again");
        }
        if row.expires_at <= ts(now) {
            return refused("this refresh token has expired; sign in again");
        }
        let person_id = parse_id(&row.person_id)?;
        if account::use_refresh(c, &row.id, &ts(now))? {
            let next = keys.successor(&presented);
            return issue_pair(c, &keys, person_id, &row.family_id, next).map(Ok);
        }
        // Used already. Moments ago, by the same sign-in (another tab): the same successor.
        let since = ts(now.checked_sub_signed(grace).unwrap_or(now));
        if account::used_at(c, &row.id)?.is_some_and(|used| used >= since)
            && let Some(next) = current_successor(c, &keys, &presented)?
        {
            return pair(c, &keys, person_id, &row.family_id, next).map(Ok);
        }
        // Later: someone holds a copy. End the whole sign-in.
        account::revoke_family(c, &row.family_id, &ts(now))?;
        Ok(Err((
            "this refresh token was already used; every token of its sign-in is now revoked",
            Some(row.family_id),
        )))
    })
    .await?;
    // The revocation above must be kept, so the refusal is made after the commit.
    let pair = outcome.map_err(|(m, ended)| {
        if let Some(family) = ended {
            sign_ins.ended(&family);
        }
        ApiError::Unauthorized(m.into())
    })?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Sign out
///
/// Revokes the refresh token and every token of its family; the access tokens of that
/// sign-in stop working at once (within a few seconds on other replicas). Unknown tokens
/// are ignored.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(
    pool: Data<Pool>,
    sign_ins: Data<SignIns>,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("refresh_token", &body.refresh_token, 200)?;
    let ended = super::transaction(&pool, move |c| {
        let Some(row) = account::find_refresh(c, &secret_hash(&body.refresh_token))? else {
            return Ok(None);
        };
        account::revoke_family(c, &row.family_id, &ts(Utc::now()))?;
        Ok(Some(row.family_id))
    })
    .await?;
    if let Some(family) = ended {
        sign_ins.ended(&family);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in person and their roles
#[utoipa::path(tag = "auth", responses(
    (status = 200, description = "The signed-in person", body = Me),
))]
#[get("/auth/me")]
async fn me(pool: Data<Pool>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let person_id = caller.person()?;
    let me = super::query(&pool, move |c| {
        let person = person::get(c, person_id)
            .map_err(|_| ApiError::Unauthorized("this account no longer exists".into()))?;
        let roles = account::roles(c, person_id)?;
        let mentor_id = crate::db::models::mentor::id_for_person(c, person_id)?;
        Ok(Me {
            person,
            roles,
            mentor_id,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(me))
}

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
async fn token(
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
    limiter.check_sign_in(&req, Some(&format!("client:{client_id}")))?;
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
    let answer = super::query(&pool, move |c| {
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

/// Accept an invitation
///
/// The invitee sets a password with the token of their invitation link and is signed in.
/// The token works once and until it expires (14 days).
#[utoipa::path(tag = "auth", request_body = AcceptInvitation, responses(
    (status = 200, description = "Password set; signed in", body = TokenPair),
    (status = 401, description = "The link is unknown, used, expired or withdrawn", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/invitation")]
async fn accept_invitation(
    req: HttpRequest,
    pool: Data<Pool>,
    keys: Data<Keys>,
    limiter: Data<RateLimiter>,
    body: Json<AcceptInvitation>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("token", &body.token, 200)?;
    check_len("password", &body.password, password::MAX_LENGTH)?;
    password::check_strength("password", &body.password).map_err(|e| ApiError::Invalid(vec![e]))?;
    limiter.check_sign_in(&req, None)?;
    let keys = keys.get_ref().clone();
    let pair = super::audited(&pool, &req, move |c, audit| {
        let now = ts(Utc::now());
        let unusable = || {
            ApiError::Unauthorized(
                "this invitation link is unknown, used, expired or withdrawn".into(),
            )
        };
        let row = invitation::find_by_token(c, &secret_hash(&body.token))?.ok_or_else(unusable)?;
        if !invitation::accept(c, &row.id, &now)? {
            return Err(unusable());
        }
        let person_id: PersonId = parse_id(&row.person_id)?;
        account::set_password(c, person_id, &password::hash(&body.password)?, &now)?;
        for role in row.roles()? {
            account::add_role(c, person_id, role)?;
        }
        let pair = issue_pair(c, &keys, person_id, &new_id(), random_secret())?;
        audit.note(AuditNote {
            action: "accept",
            resource: "invitations",
            resource_id: row.id,
            actor: Some((ActorKind::Person, row.person_id)),
        });
        Ok(pair)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}
