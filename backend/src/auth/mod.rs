//! Authentication: passwords, access tokens (JWT) and the caller of a request.

pub mod limit;
pub mod password;
pub mod policy;
pub mod scope;

use std::future::{Ready, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use eil_shared::api_client::Scope;
use eil_shared::auth::{Role, has_any, is_staff};
use eil_shared::{ApiClientId, OrganisationId, PersonId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::db;
use crate::error::ApiError;

/// Lifetime of an access token.
pub const ACCESS_TTL_SECS: u64 = 15 * 60;
/// Lifetime of a refresh token.
pub const REFRESH_TTL_DAYS: i64 = 30;
pub const ISSUER: &str = "eil-hub";
pub const AUDIENCE: &str = "eil-hub-api";

/// What an access token says. A person's token has `sub` = the person id and `roles`; a
/// partner client's has `sub` = `client:<client id>`, `org`, `scope` and `ver` (the version of
/// the secret it was made with).
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
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ver: Option<i32>,
}

const CLIENT_SUBJECT: &str = "client:";

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
        self.sign(Claims {
            sub: person.to_string(),
            roles: roles.to_vec(),
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
            scope: None,
            org: None,
            ver: None,
        }
    }
}

pub fn now_secs() -> u64 {
    chrono::Utc::now().timestamp().max(0) as u64
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq)]
pub enum Caller {
    Anonymous,
    Person {
        id: PersonId,
        roles: Vec<Role>,
    },
    /// A partner university's system; what it may call is decided by [`scope`].
    Client {
        id: ApiClientId,
        organisation: OrganisationId,
        scopes: Vec<Scope>,
        secret_version: i32,
    },
}

impl Caller {
    /// 401 for anonymous callers, 403 for people without one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        match self {
            Caller::Anonymous => Err(ApiError::Unauthorized("sign in first".into())),
            Caller::Person { roles: held, .. } if has_any(held, roles) => Ok(()),
            Caller::Client { .. } => Err(ApiError::Forbidden(
                "API clients cannot do this; it needs a person's sign-in".into(),
            )),
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

    pub fn is_staff(&self) -> bool {
        matches!(self, Caller::Person { roles, .. } if is_staff(roles))
    }

    pub fn person(&self) -> Result<PersonId, ApiError> {
        match self {
            Caller::Person { id, .. } => Ok(*id),
            Caller::Anonymous => Err(ApiError::Unauthorized("sign in first".into())),
            Caller::Client { .. } => Err(ApiError::Forbidden(
                "API clients cannot do this; it needs a person's sign-in".into(),
            )),
        }
    }

    /// 401 for anonymous callers; people and API clients pass.
    pub fn signed_in(&self) -> Result<(), ApiError> {
        match self {
            Caller::Anonymous => Err(ApiError::Unauthorized("sign in first".into())),
            _ => Ok(()),
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        matches!(self, Caller::Person { roles, .. } if roles.contains(&role))
    }

    /// The organisation of a partner client; `None` for people and anonymous callers.
    pub fn client_organisation(&self) -> Option<OrganisationId> {
        match self {
            Caller::Client { organisation, .. } => Some(*organisation),
            _ => None,
        }
    }

    /// Who to record in the audit log.
    pub fn actor(&self) -> (eil_shared::audit::ActorKind, Option<String>) {
        use eil_shared::audit::ActorKind;
        match self {
            Caller::Anonymous => (ActorKind::Anonymous, None),
            Caller::Person { id, .. } => (ActorKind::Person, Some(id.to_string())),
            Caller::Client { id, .. } => (ActorKind::Client, Some(id.to_string())),
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // The `authenticate` middleware has checked the token already.
        let known = req.extensions().get::<Caller>().cloned();
        ready(known.map_or_else(|| caller(req), Ok))
    }
}

/// Middleware on the API: works out the caller from the `Authorization` header (401 for a
/// bad token), checks that a partner client is still live and that its scopes cover the
/// operation (403), and leaves the caller in the request for handlers and the audit log.
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    // Sign-in endpoints take credentials in their body (or, for the token endpoint, HTTP
    // Basic); a token sent along to them means nothing.
    let is_sign_in = req.path().starts_with("/api/v1/auth/") && req.method() == Method::POST;
    if !req.path().starts_with("/api/") || is_sign_in {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    let checked = match caller(req.request()) {
        Ok(c @ Caller::Client { .. }) => check_client(&req, c).await,
        other => other,
    };
    match checked {
        Ok(c) => {
            req.extensions_mut().insert(c);
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(e) => {
            let res = e.error_response();
            Ok(req.into_response(res).map_into_right_body())
        }
    }
}

async fn check_client(req: &ServiceRequest, caller: Caller) -> Result<Caller, ApiError> {
    let Caller::Client {
        id,
        scopes,
        secret_version,
        ..
    } = &caller
    else {
        return Ok(caller);
    };
    let pool = req
        .app_data::<web::Data<crate::db::Pool>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no database pool")))?
        .get_ref()
        .clone();
    let client = id.to_string();
    let live = db::run(&pool, move |c| {
        crate::db::models::api_client::live_version(c, &client)
    })
    .await?;
    if live != Some(*secret_version) {
        return Err(ApiError::Unauthorized(
            "this client was revoked or its secret rotated; get a new token".into(),
        ));
    }
    let pattern = req.match_pattern().unwrap_or_default();
    match scope::client_scope(req.method(), &pattern) {
        Some(needed) if scopes.contains(&needed) => Ok(caller),
        Some(needed) => Err(ApiError::Forbidden(format!(
            "this needs the scope `{needed}`, which the token does not hold"
        ))),
        None => Err(ApiError::Forbidden(
            "API clients cannot use this operation".into(),
        )),
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
    let unnamed = || ApiError::Unauthorized("the access token names no person or client".into());
    if let Some(client) = claims.sub.strip_prefix(CLIENT_SUBJECT) {
        let (Some(org), Some(scope), Some(ver)) = (&claims.org, &claims.scope, claims.ver) else {
            return Err(unnamed());
        };
        return Ok(Caller::Client {
            id: client.parse().map_err(|_| unnamed())?,
            organisation: org.parse().map_err(|_| unnamed())?,
            scopes: Scope::split(scope).map_err(|_| unnamed())?,
            secret_version: ver,
        });
    }
    Ok(Caller::Person {
        id: claims.sub.parse().map_err(|_| unnamed())?,
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
    account::set_password(
        c,
        person.id,
        &password::hash(password)?,
        &crate::db::ts(chrono::Utc::now()),
    )?;
    for role in roles {
        account::add_role(c, person.id, *role)?;
    }
    Ok(person.id)
}

/// Prefix of client secrets, so that a leaked one is easy to recognise in code or logs.
const CLIENT_SECRET_PREFIX: &str = "eil_cs_";

/// A new partner-client secret and the hash that is stored of it.
pub fn new_client_secret() -> (String, String) {
    let secret = format!("{CLIENT_SECRET_PREFIX}{}", random_secret());
    let hash = secret_hash(&secret);
    (secret, hash)
}

/// A random secret (refresh token, invitation token, client secret): 244 random bits from
/// two v4 UUIDs, as 64 hex digits. Only its [`secret_hash`] is stored.
pub fn random_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// The stored form of a [`random_secret`]: SHA-256, which is enough for high-entropy
/// secrets (a slow hash is for passwords people choose).
pub fn secret_hash(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// 403 with the reason, for rules about whose record it is.
pub fn forbidden(reason: &str) -> ApiError {
    ApiError::Forbidden(reason.into())
}
