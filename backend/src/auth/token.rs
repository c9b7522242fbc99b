//! Access tokens (JWT) and the successor of a refresh token.

use eil_shared::api_client::Scope;
use eil_shared::auth::Role;
use eil_shared::{ApiClientId, OrganisationId, PersonId};
use hmac::{Hmac, KeyInit, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::ApiError;

/// Lifetime of an access token.
pub const ACCESS_TTL_SECS: u64 = 15 * 60;
/// Lifetime of a refresh token.
pub const REFRESH_TTL_DAYS: i64 = 30;
pub const ISSUER: &str = "eil-hub";
pub const AUDIENCE: &str = "eil-hub-api";

/// What an access token says. A person's token has `sub` = the person id, `roles` and `sid`
/// (the sign-in it belongs to: the family of its refresh tokens, so that signing out ends it);
/// a partner client's has `sub` = `client:<client id>`, `org`, `scope` and `ver` (the version
/// of the secret it was made with).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(default)]
    pub roles: Vec<Role>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ver: Option<i32>,
}

pub(super) const CLIENT_SUBJECT: &str = "client:";

/// Signs and checks access tokens: HS256 only, with `exp`, `nbf`, `iss`, `aud` required.
/// Also derives the successor of a refresh token from the same secret.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// HMAC keyed with a key derived from the secret (not the secret itself, so that no
    /// successor can ever equal a token signature).
    successor: Hmac<Sha256>,
}

impl Keys {
    pub fn new(secret: &[u8]) -> anyhow::Result<Self> {
        anyhow::ensure!(
            secret.len() >= 32,
            "the JWT signing secret must be at least 32 bytes"
        );
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 5;
        let mut derive = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)?;
        derive.update(b"eil-hub refresh-token successor key");
        let successor_key = derive.finalize().into_bytes();
        Ok(Keys {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            successor: <Hmac<Sha256> as KeyInit>::new_from_slice(&successor_key)?,
        })
    }

    /// An access token for a person, tied to the sign-in `sign_in` (the `sid` claim).
    pub fn issue(&self, person: PersonId, roles: &[Role], sign_in: &str) -> anyhow::Result<String> {
        self.sign(Claims {
            sub: person.to_string(),
            roles: roles.to_vec(),
            sid: Some(sign_in.into()),
            ..Claims::fresh()
        })
    }

    /// An access token for a partner client, with the scopes granted.
    pub fn issue_client(
        &self,
        client: ApiClientId,
        organisation: OrganisationId,
        scopes: &[Scope],
        secret_version: i32,
    ) -> anyhow::Result<String> {
        self.sign(Claims {
            sub: format!("{CLIENT_SUBJECT}{client}"),
            scope: Some(Scope::join(scopes)),
            org: Some(organisation.to_string()),
            ver: Some(secret_version),
            ..Claims::fresh()
        })
    }

    fn sign(&self, claims: Claims) -> anyhow::Result<String> {
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| ApiError::Unauthorized(format!("the access token is not valid ({e})")))
    }

    /// The refresh token that follows `used`: the same for the same token, so a refresh
    /// repeated within the grace window can hand the successor out again although only its
    /// hash is stored; unguessable without the server's secret. 64 hex digits, like a
    /// [`super::random_secret`].
    pub fn successor(&self, used: &str) -> String {
        let mut mac = self.successor.clone();
        mac.update(used.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl Claims {
    fn fresh() -> Self {
        let now = now_secs();
        Claims {
            sub: String::new(),
            roles: vec![],
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now + ACCESS_TTL_SECS,
            nbf: now,
            iat: now,
            sid: None,
            scope: None,
            org: None,
            ver: None,
        }
    }
}

pub fn now_secs() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_successor_is_the_same_for_the_same_token_and_secret_only() {
        let keys = Keys::new(&[7u8; 32]).expect("keys");
        let other = Keys::new(&[8u8; 32]).expect("keys");
        let token = super::super::random_secret();
        let next = keys.successor(&token);
        assert_eq!(next, keys.successor(&token));
        assert_eq!(next.len(), 64);
        assert_ne!(next, keys.successor(&next));
        assert_ne!(next, other.successor(&token));
    }
}
