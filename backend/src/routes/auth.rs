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

mod accept_invitation;
mod client_token;
mod password_reset;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(client_token::token)
        .service(accept_invitation::accept_invitation)
        .service(password_reset::request_password_reset)
        .service(password_reset::confirm_password_reset);
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
    limiter.check_sign_in(&req, Some(&account)).await?;
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
