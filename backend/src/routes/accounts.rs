//! Accounts and roles (admins).

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, get, put};
use chrono::Utc;
use eil_shared::auth::{Account, AccountQuery, Role, SetRoles};
use eil_shared::{Page, PersonId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::auth::policy;
use crate::db::models::account;
use crate::db::{Pool, ts};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_accounts).service(set_roles);
}

/// List accounts
///
/// People with a login or a role, by name, with their roles. Needs the role `admin`.
#[utoipa::path(tag = "accounts", params(AccountQuery), responses(
    (status = 200, description = "One page of accounts", body = Page<Account>),
))]
#[get("/accounts")]
async fn list_accounts(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<AccountQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.read.check(&caller)?;
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(account::list(c, &q)?)).await?))
}

/// Set a person's roles
///
/// Replaces the roles. When roles are taken away, the person's sign-ins end: their refresh
/// tokens are revoked and their access tokens stop working within seconds. Admins
/// cannot take the admin role from themselves (409), so that the Lab keeps one. Needs the
/// role `admin`.
#[utoipa::path(tag = "accounts", request_body = SetRoles,
    params(("person_id" = String, Path, description = "Person id")),
    responses((status = 200, description = "The account with its new roles", body = Account)),
)]
#[put("/accounts/{person_id}/roles")]
async fn set_roles(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    person: Path<String>,
    body: Json<SetRoles>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.update.check(&caller)?;
    let body = body.parse()?;
    let me = caller.person()?;
    let person: PersonId = person.parse().map_err(|_| ApiError::not_found("person"))?;
    let updated = super::audited(&pool, &req, move |c, _| {
        let before = account::get(c, person)?;
        if person == me && !body.roles.contains(&Role::Admin) {
            return Err(ApiError::conflict(
                "roles",
                "you cannot take the admin role from yourself",
            ));
        }
        account::set_roles(c, person, &body.roles)?;
        if before.roles.iter().any(|r| !body.roles.contains(r)) {
            account::revoke_all(c, person, &ts(Utc::now()))?;
        }
        Ok(account::get(c, person)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(updated))
}
