//! Sign-in: log-in, token refresh and the signed-in person.

use serde::{Deserialize, Serialize};

use crate::person::Person;
use crate::string_enum;

string_enum!(
    /// What a person may do; a person may hold several roles.
    Role {
        /// Takes a programme; works on their projects.
        Participant = "participant",
        /// An MIT J-WEL expert supporting projects.
        Mentor = "mentor",
        /// Lab staff running programmes and cohorts.
        Coordinator = "coordinator",
        /// The Ministry: reads aggregates.
        Funder = "funder",
        /// Manages accounts and everything else.
        Admin = "admin",
    }
);

/// The roles that run the Lab's records: coordinators and admins.
pub const STAFF: &[Role] = &[Role::Coordinator, Role::Admin];
/// The roles that read the key figures: the funder and staff.
pub const KPI_READERS: &[Role] = &[Role::Funder, Role::Coordinator, Role::Admin];

/// Whether `roles` holds any of `wanted`; the server's checks and the web app's menus
/// both ask this, so the two never disagree on who counts as staff.
pub fn has_any(roles: &[Role], wanted: &[Role]) -> bool {
    roles.iter().any(|r| wanted.contains(r))
}

/// Coordinator or admin.
pub fn is_staff(roles: &[Role]) -> bool {
    has_any(roles, STAFF)
}

/// The body of `POST /auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "coordinator@demo.eil-hub.lv", max_length = 254)
    )]
    pub email: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "eil-demo-coordinator", max_length = 1024)
    )]
    pub password: String,
}

/// The body of `POST /auth/refresh` and `POST /auth/logout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub refresh_token: String,
}

/// A short-lived access token (send it as `Authorization: Bearer ...`) and a refresh token
/// that can be exchanged once for a new pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    /// Always `Bearer`.
    #[cfg_attr(feature = "openapi", schema(example = "Bearer"))]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
}

/// The signed-in person (`GET /auth/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub person: Person,
    pub roles: Vec<Role>,
    /// The person's mentor profile, if they have one.
    pub mentor_id: Option<crate::MentorId>,
}

/// A person's login as admins see it (`GET /accounts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    pub person_id: crate::PersonId,
    pub full_name: String,
    pub email: Option<String>,
    pub roles: Vec<Role>,
    /// Whether a password is set (an invited person has none until they accept).
    pub has_password: bool,
}

/// The body of `PUT /accounts/{person_id}/roles`: the complete new set of roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRoles {
    pub roles: Vec<Role>,
}

/// Filters of `GET /accounts` (by name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct AccountQuery {
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only people holding this role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}
