//! `POST /auth/password-reset` and `/auth/password-reset/confirm`: a one-time link by
//! e-mail, then a new password that ends every sign-in of the account.
//!
//! The request answers the same, and does the same database work, whether or not the
//! address has an account: it tells nobody which addresses do. Both are audited (the
//! request too, known address or not, so that admins see reset traffic against an
//! account); the entry holds no address, only the field name.

use eil_shared::password_reset::{
    ConfirmPasswordReset, PASSWORD_RESET_TTL_MINUTES, PasswordChanged, PasswordResetRequested,
    RequestPasswordReset,
};

use super::*;
use crate::db::models::password_reset::{self, ResetRow};
use crate::outbox::mailings;
use crate::routes::invitations::PublicUrl;

/// At most this many links are e-mailed to one account in an hour; further requests are
/// answered the same but send nothing, so that nobody can fill someone's inbox.
const LINKS_PER_HOUR: i64 = 3;

/// Ask for a password reset link
///
/// E-mails a link to choose a new password, valid for one hour and working once, to the
/// account with this address. The answer is the same whether or not such an account
/// exists. Limited per address and per client address (429 with `Retry-After`); at most
/// three links an hour are e-mailed to one account.
#[utoipa::path(tag = "auth", request_body = RequestPasswordReset, responses(
    (status = 202, description = "Accepted; if an account has this address, the link is on its way", body = PasswordResetRequested),
    (status = 422, description = "`email` is not an e-mail address", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many requests for this address or from this client address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password-reset")]
pub(super) async fn request_password_reset(
    req: HttpRequest,
    pool: Data<Pool>,
    public: Data<PublicUrl>,
    limiter: Data<RateLimiter>,
    body: Json<RequestPasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("email", &body.email, 254)?;
    let email = body.email.trim().to_lowercase();
    if !eil_shared::validate::is_email(&email) {
        return Err(ApiError::invalid(
            "email",
            "must be an e-mail address such as name@example.lv",
        ));
    }
    limiter
        .check_sign_in(&req, Some(&format!("password-reset:{email}")))
        .await?;
    let token = random_secret();
    let token_hash = secret_hash(&token);
    let link = format!(
        "{}/reset-password#token={token}",
        public.0.trim_end_matches('/')
    );
    crate::routes::audited(&pool, &req, move |c, audit| {
        let now = Utc::now();
        let person = account::credentials(c, &email)?.map(|(id, _)| id);
        // An unknown address asks with an id that matches nothing: the same query.
        let key = person.map(|p| p.to_string()).unwrap_or_else(new_id);
        let recent = password_reset::made_since(c, &key, &ts(now - Duration::hours(1)))?;
        let id = new_id();
        if let Some(person_id) = person
            && recent < LINKS_PER_HOUR
        {
            let expires = now + Duration::minutes(PASSWORD_RESET_TTL_MINUTES);
            password_reset::insert(
                c,
                &ResetRow {
                    id: id.clone(),
                    person_id: key,
                    token_hash,
                    expires_at: ts(expires),
                    used_at: None,
                    created_at: ts(now),
                },
            )?;
            mailings::password_reset(c, person_id, &link, expires)?;
        }
        audit.note(AuditNote {
            action: "request",
            resource: "password_resets",
            resource_id: id,
            actor: None,
        });
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Accepted()
        .insert_header(("Cache-Control", "no-store"))
        .json(PasswordResetRequested::new()))
}

/// Choose a new password with a reset link
///
/// Sets the password with the token of a reset link (same strength rules as everywhere)
/// and ends every sign-in of the account: its refresh tokens are revoked and its access
/// tokens stop working. The token works once and for one hour; the account's other reset
/// links stop working too. Sign in afterwards with the new password.
#[utoipa::path(tag = "auth", request_body = ConfirmPasswordReset, responses(
    (status = 200, description = "Password changed; every sign-in of the account has ended", body = PasswordChanged),
    (status = 401, description = "The link is unknown, used or expired", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 422, description = "The password is too weak (the problem names `password`)", body = eil_shared::Problem, content_type = "application/problem+json"),
    (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/auth/password-reset/confirm")]
pub(super) async fn confirm_password_reset(
    req: HttpRequest,
    pool: Data<Pool>,
    limiter: Data<RateLimiter>,
    sign_ins: Data<SignIns>,
    body: Json<ConfirmPasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let body = body.parse()?;
    check_len("token", &body.token, 200)?;
    check_len("password", &body.password, password::MAX_LENGTH)?;
    password::check_strength("password", &body.password).map_err(|e| ApiError::Invalid(vec![e]))?;
    limiter.check_sign_in(&req, None).await?;
    // Hashed before the transaction, so that the slow hash holds no write lock, and off
    // the async threads.
    let new_password = body.password;
    let hash = actix_web::web::block(move || password::hash(&new_password))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("password hashing stopped: {e}")))??;
    let token_hash = secret_hash(&body.token);
    let ended = crate::routes::audited(&pool, &req, move |c, audit| {
        let now = ts(Utc::now());
        let unusable = || {
            ApiError::Unauthorized(
                "this password reset link is unknown, used or expired; ask for a new one".into(),
            )
        };
        let row = password_reset::find_by_token(c, &token_hash)?.ok_or_else(unusable)?;
        if !password_reset::use_link(c, &row.id, &now)? {
            return Err(unusable());
        }
        let person_id: PersonId = parse_id(&row.person_id)?;
        let sign_ins = password_reset::live_sign_ins(c, person_id)?;
        account::set_password(c, person_id, &hash, &now)?;
        account::revoke_all(c, person_id, &now)?;
        password_reset::use_all(c, person_id, &now)?;
        audit.note(AuditNote {
            action: "confirm",
            resource: "password_resets",
            resource_id: row.id,
            actor: Some((ActorKind::Person, row.person_id)),
        });
        Ok(sign_ins)
    })
    .await?;
    // Here at once; other replicas within their sign-in cache time.
    for sign_in in ended {
        sign_ins.ended(&sign_in);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(PasswordChanged::new()))
}
