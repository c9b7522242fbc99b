//! Invitations: a coordinator invites a person, who sets a password with the one-time link.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::auth::Role;
use crate::ids::{InvitationId, OrganisationId, PersonId};
use crate::problem::FieldError;
use crate::string_enum;
use crate::validate::{Errors, MAX_NAME, is_email};

/// How long an invitation link works.
pub const INVITATION_TTL_DAYS: i64 = 14;

string_enum!(
    /// Where an invitation stands.
    InvitationStatus {
        /// Not used yet and not expired.
        Pending = "pending",
        /// The invitee set a password.
        Accepted = "accepted",
        /// Past `expires_at` without being used.
        Expired = "expired",
        /// Withdrawn by a coordinator or admin.
        Revoked = "revoked",
    }
);

/// An invitation (the token itself is shown only once, when it is made).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: InvitationId,
    /// The invited person (created by the invitation when the e-mail was new).
    pub person_id: PersonId,
    pub email: String,
    /// Given on acceptance.
    pub roles: Vec<Role>,
    pub status: InvitationStatus,
    pub expires_at: DateTime<Utc>,
    /// Who invited.
    pub invited_by: Option<PersonId>,
    pub created_at: DateTime<Utc>,
}

/// The body of `POST /invitations`. Coordinators may give the roles participant, mentor and
/// funder; only admins may give coordinator or admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitation {
    /// One `@`, no spaces, and a domain with a dot that neither starts nor ends with one.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "janis.berzins@lu.lv",
            format = Email,
            pattern = r"^[^@\s]+@[^@\s.][^@\s]*\.[^@\s]*[^@\s.]$",
            max_length = 254
        )
    )]
    pub email: String,
    /// Used when no person has this e-mail yet; not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Jānis Bērziņš", pattern = r"\S", max_length = 300)
    )]
    pub full_name: String,
    #[serde(default)]
    pub organisation_id: Option<OrganisationId>,
    /// At least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub roles: Vec<Role>,
}

impl CreateInvitation {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.check(
            self.email.chars().count() <= 254 && is_email(self.email.trim()),
            "email",
            "must be an e-mail address such as name@example.lv",
        );
        e.required("full_name", &self.full_name, MAX_NAME);
        e.check(!self.roles.is_empty(), "roles", "name at least one role");
        e.finish()
    }
}

/// The answer of `POST /invitations`: hand the link to the invitee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationLink {
    pub invitation: Invitation,
    /// The one-time token, also inside `link`.
    pub token: String,
    /// The web-app page where the invitee sets a password.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "http://localhost:8080/invitation#token=3f2a...")
    )]
    pub link: String,
}

/// The body of `POST /auth/invitation`: the invitee sets a password and is signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitation {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub token: String,
    /// At least 12 characters and not a common password.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 1024))]
    pub password: String,
}

/// Filters of `GET /invitations` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InvitationQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
}
