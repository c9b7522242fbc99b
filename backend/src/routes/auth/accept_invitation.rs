//! `POST /auth/invitation`: an invitee sets a password and is signed in.

use super::*;

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
pub(super) async fn accept_invitation(
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
    limiter.check_sign_in(&req, None).await?;
    let keys = keys.get_ref().clone();
    let pair = crate::routes::audited(&pool, &req, move |c, audit| {
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
