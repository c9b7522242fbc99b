//! Authentication: passwords, access tokens (JWT) and the caller of a request.

pub mod limit;
pub mod password;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use eil_shared::PersonId;
use eil_shared::auth::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// Lifetime of an access token.
pub const ACCESS_TTL_SECS: u64 = 15 * 60;
/// Lifetime of a refresh token.
pub const REFRESH_TTL_DAYS: i64 = 30;
pub const ISSUER: &str = "eil-hub";
pub const AUDIENCE: &str = "eil-hub-api";

/// What an access token says.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub roles: Vec<Role>,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub nbf: u64,
    pub iat: u64,
}

/// Signs and checks access tokens: HS256 only, with `exp`, `nbf`, `iss`, `aud` required.
#[derive(Clone)]
pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
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
        Ok(Keys {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
        })
    }

    pub fn issue(&self, person: PersonId, roles: &[Role]) -> anyhow::Result<String> {
        let now = now_secs();
        let claims = Claims {
            sub: person.to_string(),
            roles: roles.to_vec(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            exp: now + ACCESS_TTL_SECS,
            nbf: now,
            iat: now,
        };
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
}

pub fn now_secs() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq)]
pub enum Caller {
    Anonymous,
    Person { id: PersonId, roles: Vec<Role> },
}

/// Roles that manage the Lab's records until finer rules arrive.
pub const STAFF: &[Role] = &[Role::Coordinator, Role::Admin];

impl Caller {
    /// 401 for anonymous callers, 403 for people without one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        match self {
            Caller::Anonymous => Err(ApiError::Unauthorized("sign in first".into())),
            Caller::Person { roles: held, .. } if held.iter().any(|r| roles.contains(r)) => Ok(()),
            Caller::Person { .. } => Err(ApiError::Forbidden(format!(
                "this needs one of the roles: {}",
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// The person themself, or someone with one of `roles`.
    pub fn require_self_or(&self, person: &str, roles: &[Role]) -> Result<(), ApiError> {
        match self {
            Caller::Person { id, .. } if id.to_string() == person => Ok(()),
            _ => self.require(roles),
        }
    }

    pub fn is_staff(&self) -> bool {
        matches!(self, Caller::Person { roles, .. } if roles.iter().any(|r| STAFF.contains(r)))
    }

    /// Whether the caller may see a person's e-mail and phone.
    pub fn sees_contact_details_of(&self, person: PersonId) -> bool {
        self.require_self_or(&person.to_string(), STAFF).is_ok()
    }

    pub fn person(&self) -> Result<PersonId, ApiError> {
        match self {
            Caller::Person { id, .. } => Ok(*id),
            Caller::Anonymous => Err(ApiError::Unauthorized("sign in first".into())),
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(caller(req))
    }
}

fn caller(req: &HttpRequest) -> Result<Caller, ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok(Caller::Anonymous);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .ok_or_else(|| {
            ApiError::Unauthorized("send `Authorization: Bearer <access token>`".into())
        })?;
    let keys = req
        .app_data::<web::Data<Keys>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("signing keys are not configured")))?;
    let claims = keys.verify(token.trim())?;
    let id = claims
        .sub
        .parse()
        .map_err(|_| ApiError::Unauthorized("the access token names no person".into()))?;
    Ok(Caller::Person {
        id,
        roles: claims.roles,
    })
}

/// Gives the person with this e-mail (created if missing) a login with `password` and
/// `roles`. Used by `eil-server create-admin` and the demo data.
pub fn ensure_account(
    c: &mut crate::db::DbConn,
    email: &str,
    full_name: &str,
    password: &str,
    roles: &[Role],
) -> Result<PersonId, ApiError> {
    use crate::db::models::{account, person};
    password::check_strength("password", password).map_err(|e| ApiError::Invalid(vec![e]))?;
    let email = email.trim().to_lowercase();
    let existing = person::find_by_email(c, &email)?;
    let person = match existing {
        Some(p) => p,
        None => {
            let now = chrono::Utc::now();
            let p = eil_shared::person::Person {
                id: PersonId(uuid::Uuid::now_v7()),
                email: Some(email),
                full_name: full_name.into(),
                organisation_id: None,
                position: None,
                locale: eil_shared::Lang::Lv,
                phone: None,
                version: 1,
                created_at: now,
                updated_at: now,
            };
            p.validate().map_err(ApiError::Invalid)?;
            person::insert(c, &p)?;
            p
        }
    };
    let id = person.id.to_string();
    account::set_password(
        c,
        &id,
        &password::hash(password)?,
        &crate::db::ts(chrono::Utc::now()),
    )?;
    for role in roles {
        account::add_role(c, &id, *role)?;
    }
    Ok(person.id)
}

/// 403 with the reason, for rules about whose record it is.
pub fn forbidden(reason: &str) -> ApiError {
    ApiError::Forbidden(reason.into())
}
