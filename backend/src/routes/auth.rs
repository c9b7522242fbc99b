//! Sign-in: log-in, refresh-token rotation, log-out, and the signed-in person.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, post};
use chrono::{Duration, Utc};
use eil_shared::auth::{LoginRequest, Me, RefreshRequest, TokenPair};
use sha2::{Digest, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{db, tx};
use crate::auth::limit::RateLimiter;
use crate::auth::{ACCESS_TTL_SECS, Caller, Keys, REFRESH_TTL_DAYS, password};
use crate::db::models::{DbResult, account, person};
use crate::db::{DbConn, Pool, new_id, ts};
use crate::error::ApiError;
use crate::extract::Json;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me);
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new refresh token in `family` and an access token for the person.
fn issue_pair(c: &mut DbConn, keys: &Keys, person_id: &str, family: &str) -> DbResult<TokenPair> {
    let roles = account::roles(c, person_id)?;
    let id: eil_shared::PersonId = person_id
        .parse()
        .map_err(|_| anyhow::anyhow!("stored person id"))?;
    let access_token = keys.issue(id, &roles)?;
    // 244 random bits from two v4 UUIDs; only their hash is stored.
    let refresh_token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let now = Utc::now();
    account::store_refresh(
        c,
        &new_id(),
        family,
        person_id,
        &token_hash(&refresh_token),
        &ts(now + Duration::days(REFRESH_TTL_DAYS)),
        &ts(now),
    )?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TTL_SECS,
    })
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
    Json(body): Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    check_len("email", &body.email, 254)?;
    check_len("password", &body.password, password::MAX_LENGTH)?;
    limiter.check(&[
        format!("account:{}", body.email.trim().to_lowercase()),
        format!("address:{}", limiter.client_address(&req)),
    ])?;
    let keys = keys.get_ref().clone();
    let pair = tx(&pool, move |c| {
        let email = body.email.trim().to_lowercase();
        let Some((person_id, hash)) = account::credentials(c, &email)? else {
            password::verify(&body.password, password::dummy_hash());
            return Err(bad_credentials());
        };
        if !password::verify(&body.password, &hash) {
            return Err(bad_credentials());
        }
        issue_pair(c, &keys, &person_id, &new_id())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Exchange a refresh token for a new pair
///
/// Each refresh token works once. Presenting a used one again revokes its whole family
/// (every token descended from the same sign-in).
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, description = "A new pair", body = TokenPair),
    (status = 401, description = "Unknown, expired, revoked or reused refresh token", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
async fn refresh(
    req: HttpRequest,
    pool: Data<Pool>,
    keys: Data<Keys>,
    limiter: Data<RateLimiter>,
    Json(body): Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    check_len("refresh_token", &body.refresh_token, 200)?;
    limiter.check(&[format!("address:{}", limiter.client_address(&req))])?;
    let keys = keys.get_ref().clone();
    let outcome = tx(&pool, move |c| {
        let now = ts(Utc::now());
        let Some(row) = account::find_refresh(c, &token_hash(&body.refresh_token))? else {
            return Ok(Err("unknown refresh token"));
        };
        if row.revoked_at.is_some() {
            return Ok(Err("this refresh token was revoked; sign in again"));
        }
        if row.expires_at <= now {
            return Ok(Err("this refresh token has expired; sign in again"));
        }
        if !account::use_refresh(c, &row.id, &now)? {
            // A used token came back: someone holds a copy. End the whole family.
            account::revoke_family(c, &row.family_id, &now)?;
            return Ok(Err(
                "this refresh token was already used; every session from it is now revoked",
            ));
        }
        issue_pair(c, &keys, &row.person_id, &row.family_id).map(Ok)
    })
    .await?;
    // The revocation above must be kept, so the refusal is made after the commit.
    let pair = outcome.map_err(|m| ApiError::Unauthorized(m.into()))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Sign out
///
/// Revokes the refresh token and every token of its family. Unknown tokens are ignored.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "Signed out")))]
#[post("/auth/logout")]
async fn logout(
    pool: Data<Pool>,
    Json(body): Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    check_len("refresh_token", &body.refresh_token, 200)?;
    tx(&pool, move |c| {
        if let Some(row) = account::find_refresh(c, &token_hash(&body.refresh_token))? {
            account::revoke_family(c, &row.family_id, &ts(Utc::now()))?;
        }
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in person and their roles
#[utoipa::path(tag = "auth", responses(
    (status = 200, description = "The signed-in person", body = Me),
))]
#[get("/auth/me")]
async fn me(pool: Data<Pool>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let id = caller.person()?.to_string();
    let me = db(&pool, move |c| {
        let person = person::get(c, &id)
            .map_err(|_| ApiError::Unauthorized("this account no longer exists".into()))?;
        let roles = account::roles(c, &id)?;
        Ok(Me { person, roles })
    })
    .await?;
    Ok(HttpResponse::Ok().json(me))
}
