//! Partner API clients: admins create them for an organisation, rotate their secrets and
//! revoke them. A secret is shown once, in the answer that makes it.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::api_client::{ApiClient, ApiClientCredentials, CreateApiClient};
use eil_shared::pagination::PageQuery;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{no_content, referenced};
use crate::auth::policy;
use crate::auth::{Caller, new_client_secret};
use crate::db::models::api_client;
use crate::db::models::organisation;
use crate::db::{IdOrSlug, Pool, ts};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_api_clients)
        .service(get_api_client)
        .service(create_api_client)
        .service(rotate_api_client_secret)
        .service(revoke_api_client);
}

/// List partner API clients
///
/// Needs the role `admin`.
#[utoipa::path(tag = "api-clients", params(PageQuery), responses(
    (status = 200, description = "One page of clients, oldest first", body = Page<ApiClient>),
))]
#[get("/clients")]
async fn list_api_clients(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.read.check(&caller)?;
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(api_client::list(c, &q)?)).await?))
}

/// Get a partner API client
///
/// Needs the role `admin`.
#[utoipa::path(tag = "api-clients", params(("id" = String, Path, description = "Client id")), responses(
    (status = 200, description = "The client (never its secret)", body = ApiClient),
))]
#[get("/clients/{id}")]
async fn get_api_client(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.read.check(&caller)?;
    let id = id.into_inner();
    let client = super::query(&pool, move |c| Ok(api_client::row(c, &id)?.into_dto()?)).await?;
    Ok(HttpResponse::Ok().json(client))
}

/// Create a partner API client
///
/// For one organisation, with the scopes it may use. The answer holds the `client_secret`;
/// it is shown this once and stored only as a hash. Needs the role `admin`.
#[utoipa::path(tag = "api-clients", request_body = CreateApiClient, responses(
    (status = 201, description = "Created; the secret is in this answer only", body = ApiClientCredentials, headers(("Location" = String))),
))]
#[post("/clients")]
async fn create_api_client(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateApiClient>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.create.check(&caller)?;
    let body = body.parse()?;
    body.validate().map_err(ApiError::Invalid)?;
    let answer = super::audited(&pool, &req, move |c, audit| {
        referenced(
            organisation::get(c, &IdOrSlug::id(body.organisation_id)),
            "organisation_id",
            "organisation",
        )?;
        let (secret, hash) = new_client_secret();
        let answer = api_client::create(c, &body, secret, hash)?;
        audit.created(answer.client.id);
        Ok(answer)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/clients/{}", answer.client.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(answer))
}

/// Rotate a client's secret
///
/// The old secret stops working at once, and so do the access tokens made with it. The
/// answer holds the new secret, shown this once. Needs the role `admin`.
#[utoipa::path(tag = "api-clients", params(("id" = String, Path, description = "Client id")), responses(
    (status = 200, description = "The new secret", body = ApiClientCredentials),
    (status = 409, description = "The client is revoked", body = eil_shared::Problem, content_type = "application/problem+json"),
))]
#[post("/clients/{id}/rotate")]
async fn rotate_api_client_secret(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.update.check(&caller)?;
    let id = id.into_inner();
    let answer = super::audited(&pool, &req, move |c, _| {
        if api_client::row(c, &id)?.revoked_at.is_some() {
            return Err(ApiError::conflict(
                "id",
                "this client is revoked; create a new one",
            ));
        }
        let (secret, hash) = new_client_secret();
        api_client::set_secret(c, &id, &hash, &ts(Utc::now()))?;
        Ok(api_client::credentials(c, &id, secret)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(answer))
}

/// Revoke a partner API client
///
/// Its tokens stop working at once; the record stays for the audit log. Revoking twice is
/// harmless. Needs the role `admin`.
#[utoipa::path(tag = "api-clients", params(("id" = String, Path, description = "Client id")), responses(
    (status = 204, description = "Revoked"),
))]
#[delete("/clients/{id}")]
async fn revoke_api_client(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    policy::ADMIN.delete.check(&caller)?;
    let id = id.into_inner();
    super::audited(&pool, &req, move |c, _| {
        api_client::row(c, &id)?;
        Ok(api_client::revoke(c, &id, &ts(Utc::now()))?)
    })
    .await?;
    Ok(no_content())
}
