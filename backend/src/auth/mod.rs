//! Authentication: passwords, access tokens (JWT), sign-ins and the caller of a request.
//!
//! `token` signs and checks access tokens, `sign_in` knows whether a person's sign-in still
//! lasts, `caller` turns a request's token into a [`Caller`] (the `authenticate`
//! middleware), `policy` and `scope` say who may do what.

pub mod caller;
pub mod limit;
pub mod password;
pub mod policy;
pub mod scope;
pub mod sign_in;
pub mod token;

use eil_shared::PersonId;
use eil_shared::auth::Role;

pub use caller::{Caller, authenticate};
pub use sign_in::SignIns;
pub use token::{ACCESS_TTL_SECS, AUDIENCE, Claims, ISSUER, Keys, REFRESH_TTL_DAYS, now_secs};

use crate::error::ApiError;

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
                time_zone: None,
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
