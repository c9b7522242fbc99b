//! Partner-university API clients: machine identities of one organisation, limited by
//! scopes, that obtain access tokens with the OAuth 2.0 client-credentials grant.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{ApiClientId, OrganisationId};
use crate::problem::FieldError;
use crate::string_enum;
use crate::validate::{Errors, MAX_SHORT};

string_enum!(
    /// What a client may do. Everything is limited to the client's own organisation,
    /// except the catalogue, which is public.
    Scope {
        /// Programmes, tracks, cohorts, organisations, events and mentors.
        CatalogueRead = "catalogue:read",
        /// The projects the organisation hosts, with their milestones, updates and mentors.
        ProjectsRead = "projects:read",
        /// Create and update the organisation's projects and their milestones.
        ProjectsWrite = "projects:write",
        /// Enrolments of the organisation's people.
        EnrolmentsRead = "enrolments:read",
        /// Enrol the organisation's people, one at a time or in bulk.
        EnrolmentsWrite = "enrolments:write",
        /// The client's own webhook subscriptions and their delivery logs.
        WebhooksManage = "webhooks:manage",
    }
);

impl Scope {
    /// Space-separated, as OAuth 2.0 writes a scope.
    pub fn join(scopes: &[Scope]) -> String {
        scopes
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Parses a space-separated scope; the unknown value is the error.
    pub fn split(text: &str) -> Result<Vec<Scope>, String> {
        let mut out = Vec::new();
        for part in text.split_whitespace() {
            let s: Scope = part.parse().map_err(|_| part.to_string())?;
            if !out.contains(&s) {
                out.push(s);
            }
        }
        Ok(out)
    }
}

/// A partner API client. The secret is never shown again after creation or rotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClient {
    /// The `client_id` of the client-credentials grant.
    pub id: ApiClientId,
    pub organisation_id: OrganisationId,
    #[cfg_attr(feature = "openapi", schema(example = "LU study information system"))]
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Set once the client is revoked; its tokens stop working at once.
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// When the secret was last set (creation or rotation).
    pub secret_rotated_at: DateTime<Utc>,
}

/// The body of `POST /clients`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiClient {
    pub organisation_id: OrganisationId,
    /// Not blank.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "LU study information system",
            pattern = r"\S",
            max_length = 200
        )
    )]
    pub name: String,
    /// At least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<Scope>,
}

impl CreateApiClient {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut e = Errors::new();
        e.required("name", &self.name, MAX_SHORT);
        e.check(!self.scopes.is_empty(), "scopes", "name at least one scope");
        e.finish()
    }
}

/// A client with its secret: the answer of creation and rotation, the only time the
/// secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiClientCredentials {
    pub client: ApiClient,
    /// Keep it safe: only its hash is stored.
    pub client_secret: String,
}

/// The form of `POST /auth/token` (`application/x-www-form-urlencoded`, RFC 6749 §4.4).
/// The client may authenticate with HTTP Basic instead of `client_id`/`client_secret`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenRequest {
    /// Always `client_credentials`.
    #[cfg_attr(feature = "openapi", schema(example = "client_credentials"))]
    pub grant_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Space-separated subset of the client's scopes; all of them when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "catalogue:read projects:read"))]
    pub scope: Option<String>,
}

/// The answer of `POST /auth/token`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientToken {
    pub access_token: String,
    /// Always `Bearer`.
    #[cfg_attr(feature = "openapi", schema(example = "Bearer"))]
    pub token_type: String,
    /// Seconds until the token expires.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
    /// The granted scopes, space-separated.
    #[cfg_attr(feature = "openapi", schema(example = "catalogue:read projects:read"))]
    pub scope: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_in_oauth_spelling() {
        let s = Scope::split("projects:read  catalogue:read projects:read").expect("scopes");
        assert_eq!(s, vec![Scope::ProjectsRead, Scope::CatalogueRead]);
        assert_eq!(Scope::join(&s), "projects:read catalogue:read");
        assert_eq!(
            Scope::split("projects:delete"),
            Err("projects:delete".into())
        );
        assert_eq!(
            serde_json::to_string(&Scope::EnrolmentsRead).expect("JSON"),
            "\"enrolments:read\""
        );
    }
}
