//! The caller of a request, and the middleware that works it out once per request.

use std::future::{Ready, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};
use eil_shared::api_client::Scope;
use eil_shared::auth::{Role, has_any, is_staff};
use eil_shared::{ApiClientId, OrganisationId, PersonId};

use super::scope;
use super::sign_in::SignIns;
use super::token::{CLIENT_SUBJECT, Keys};
use crate::db;
use crate::error::ApiError;

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
        // The `authenticate` middleware has checked the token already. It skips only the
        // sign-in endpoints, whose handlers take no `Caller`.
        let known = req.extensions().get::<Caller>().cloned();
        ready(known.map_or_else(|| read_token(req).map(|(c, _)| c), Ok))
    }
}

/// Middleware on the API: works out the caller from the `Authorization` header (401 for a
/// bad token, or one whose sign-in has ended), checks that a partner client is still live and
/// that its scopes cover the operation (403), and leaves the caller in the request for
/// handlers and the audit log.
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
    let checked = match read_token(req.request()) {
        Ok((c @ Caller::Client { .. }, _)) => check_client(&req, c).await,
        Ok((c @ Caller::Person { .. }, sign_in)) => check_sign_in(&req, sign_in).await.map(|()| c),
        Ok((c, _)) => Ok(c),
        Err(e) => Err(e),
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

fn pool(req: &ServiceRequest) -> Result<db::Pool, ApiError> {
    Ok(req
        .app_data::<web::Data<db::Pool>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no database pool")))?
        .get_ref()
        .clone())
}

/// A person's token counts only while its sign-in does: signing out, a reused refresh token
/// and a role taken away end the sign-in, and with it the token.
async fn check_sign_in(req: &ServiceRequest, sign_in: Option<String>) -> Result<(), ApiError> {
    let sign_in = sign_in.ok_or_else(|| {
        ApiError::Unauthorized("the access token names no sign-in; sign in again".into())
    })?;
    let sign_ins = req
        .app_data::<web::Data<SignIns>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no sign-in settings")))?;
    sign_ins.check(&pool(req)?, &sign_in).await
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
    let client = id.to_string();
    let live = db::run(&pool(req)?, move |c| {
        db::models::api_client::live_version(c, &client)
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

/// The caller a valid token names, and for a person the sign-in (`sid`) it belongs to.
fn read_token(req: &HttpRequest) -> Result<(Caller, Option<String>), ApiError> {
    let Some(value) = req.headers().get(header::AUTHORIZATION) else {
        return Ok((Caller::Anonymous, None));
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
        let caller = Caller::Client {
            id: client.parse().map_err(|_| unnamed())?,
            organisation: org.parse().map_err(|_| unnamed())?,
            scopes: Scope::split(scope).map_err(|_| unnamed())?,
            secret_version: ver,
        };
        return Ok((caller, None));
    }
    let caller = Caller::Person {
        id: claims.sub.parse().map_err(|_| unnamed())?,
        roles: claims.roles,
    };
    Ok((caller, claims.sid))
}
