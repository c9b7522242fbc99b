//! Invitations: coordinators and admins invite people, who set their password with the
//! one-time link (`POST /auth/invitation`).

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use chrono::{Duration, Utc};
use eil_shared::auth::Role;
use eil_shared::invitation::{
    CreateInvitation, INVITATION_TTL_DAYS, Invitation, InvitationLink, InvitationQuery,
    InvitationStatus,
};
use eil_shared::person::Person;
use eil_shared::{Lang, Page, PersonId};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{no_content, referenced};
use crate::auth::policy;
use crate::auth::{Caller, random_secret, secret_hash};
use crate::db::models::invitation::{self, InvitationRow};
use crate::db::models::{account, organisation, person};
use crate::db::{IdOrSlug, Pool, ts};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::mailings;

/// The address of the web app, which invitation links point into.
#[derive(Debug, Clone)]
pub struct PublicUrl(pub String);

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_invitations)
        .service(create_invitation)
        .service(revoke_invitation);
}

/// The roles a coordinator may hand out; admins may hand out any.
const COORDINATOR_GRANTS: &[Role] = &[Role::Participant, Role::Mentor, Role::Funder];

/// List invitations
///
/// Newest first, with where each stands. Needs the role `coordinator` or `admin`.
#[utoipa::path(tag = "invitations", params(InvitationQuery), responses(
    (status = 200, description = "One page of invitations", body = Page<Invitation>),
))]
#[get("/invitations")]
async fn list_invitations(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<InvitationQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::INVITATIONS.read.check(&caller)?;
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(invitation::list(c, &q)?)).await?))
}

/// Invite a person
///
/// Makes a one-time link, valid for 14 days, with which the invitee sets a password and
/// receives `roles`. The person is found by e-mail or created. The link is e-mailed to the
/// invitee (in their language, through the outbox) and shown in this answer, the only place
/// the token is shown, for handing over another way. Coordinators may give the roles
/// participant, mentor and funder; admins any role. A person who already has a login
/// cannot be invited (409). Needs the role `coordinator` or `admin`.
#[utoipa::path(tag = "invitations", request_body = CreateInvitation, responses(
    (status = 201, description = "Created", body = InvitationLink, headers(("Location" = String))),
))]
#[post("/invitations")]
async fn create_invitation(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    public: Data<PublicUrl>,
    body: Json<CreateInvitation>,
) -> Result<HttpResponse, ApiError> {
    policy::INVITATIONS.create.check(&caller)?;
    let body = body.parse()?;
    body.validate().map_err(ApiError::Invalid)?;
    if !caller.has_role(Role::Admin)
        && let Some(role) = body.roles.iter().find(|r| !COORDINATOR_GRANTS.contains(r))
    {
        return Err(ApiError::Forbidden(format!(
            "only admins may give the role `{role}`"
        )));
    }
    let invited_by = caller.person()?;
    let token = random_secret();
    let hash = secret_hash(&token);
    let link = format!(
        "{}/invitation#token={token}",
        public.0.trim_end_matches('/')
    );
    let mailed_link = link.clone();
    let created = super::audited(&pool, &req, move |c, audit| {
        if let Some(org) = body.organisation_id {
            referenced(
                organisation::get(c, &IdOrSlug::id(org)),
                "organisation_id",
                "organisation",
            )?;
        }
        let email = body.email.trim().to_lowercase();
        let person_id = match person::find_by_email(c, &email)? {
            // Setting a password for someone who has one would hand their login to whoever
            // holds the link.
            Some(p) if account::has_password(c, p.id)? => {
                return Err(ApiError::conflict(
                    "email",
                    "this person already has a login; an admin changes their roles",
                ));
            }
            Some(p) => p.id,
            None => {
                let now = Utc::now();
                let p = Person {
                    id: PersonId(uuid::Uuid::now_v7()),
                    email: Some(email),
                    full_name: body.full_name.trim().to_string(),
                    organisation_id: body.organisation_id,
                    position: None,
                    locale: Lang::Lv,
                    phone: None,
                    time_zone: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                };
                p.validate().map_err(ApiError::Invalid)?;
                person::insert(c, &p)?;
                p.id
            }
        };
        let now = Utc::now();
        let row = InvitationRow {
            id: uuid::Uuid::now_v7().to_string(),
            person_id: person_id.to_string(),
            roles: body
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            token_hash: hash,
            expires_at: ts(now + Duration::days(INVITATION_TTL_DAYS)),
            accepted_at: None,
            revoked_at: None,
            invited_by: Some(invited_by.to_string()),
            created_at: ts(now),
        };
        invitation::insert(c, &row)?;
        mailings::invitation(
            c,
            person_id,
            &mailed_link,
            now + Duration::days(INVITATION_TTL_DAYS),
        )?;
        audit.created(&row.id);
        Ok(invitation::get(c, &row.id)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/invitations/{}", created.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(InvitationLink {
            invitation: created,
            token,
            link,
        }))
}

/// Withdraw an invitation
///
/// Its link stops working. Accepted invitations cannot be withdrawn (409). Needs the role
/// `coordinator` or `admin`.
#[utoipa::path(tag = "invitations", params(("id" = String, Path, description = "Invitation id")), responses(
    (status = 204, description = "Withdrawn"),
))]
#[delete("/invitations/{id}")]
async fn revoke_invitation(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::INVITATIONS.delete.check(&caller)?;
    let id = id.into_inner();
    super::audited(&pool, &req, move |c, _| {
        let now = ts(Utc::now());
        if invitation::row(c, &id)?.status(&now) == InvitationStatus::Accepted {
            return Err(ApiError::conflict(
                "id",
                "this invitation was accepted; change the person's roles instead",
            ));
        }
        Ok(invitation::revoke(c, &id, &now)?)
    })
    .await?;
    Ok(no_content())
}
