use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::OrganisationId;
use eil_shared::organisation::{
    CreateOrganisation, Organisation, OrganisationQuery, UpdateOrganisation,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::db::models::organisation;
use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_organisations)
        .service(get_organisation)
        .service(create_organisation)
        .service(update_organisation)
        .service(delete_organisation);
}

/// List organisations
#[utoipa::path(tag = "organisations", params(OrganisationQuery), responses(
    (status = 200, description = "One page of organisations", body = Page<Organisation>),
))]
#[get("/organisations")]
async fn list_organisations(
    pool: Data<Pool>,
    Query(q): Query<OrganisationQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(
        HttpResponse::Ok()
            .json(super::query(&pool, move |c| Ok(organisation::list(c, &q)?)).await?),
    )
}

/// Get an organisation
#[utoipa::path(tag = "organisations", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The organisation", body = Organisation, headers(("ETag" = String))),
))]
#[get("/organisations/{id}")]
async fn get_organisation(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let o = super::query(&pool, move |c| Ok(organisation::get(c, &key)?)).await?;
    Ok(ok_tagged(&o, o.version))
}

fn check_parent(c: &mut DbConn, o: &Organisation) -> ApiResult<()> {
    if let Some(parent) = o.parent_id {
        let parent = parent.to_string();
        referenced(organisation::get(c, &parent), "parent_id", "organisation")?;
        if organisation::would_loop(c, &o.id.to_string(), &parent)? {
            return Err(ApiError::conflict(
                "parent_id",
                "an organisation cannot be inside itself",
            ));
        }
    }
    Ok(())
}

/// Create an organisation
#[utoipa::path(tag = "organisations", request_body = CreateOrganisation, responses(
    (status = 201, description = "Created", body = Organisation, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/organisations")]
async fn create_organisation(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let o = Organisation {
        id: OrganisationId(uuid::Uuid::now_v7()),
        slug: body.slug,
        name: body.name,
        short_name: body.short_name,
        kind: body.kind,
        partner_role: body.partner_role,
        parent_id: body.parent_id,
        website: body.website,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    o.validate().map_err(ApiError::Invalid)?;
    let o = super::transaction(&pool, move |c| {
        check_parent(c, &o)?;
        organisation::insert(c, &o)?;
        Ok(organisation::get(c, &o.id.to_string())?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/organisations/{}", o.id),
        &o,
        o.version,
    ))
}

/// Update an organisation
#[utoipa::path(tag = "organisations", request_body = UpdateOrganisation,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = Organisation, headers(("ETag" = String)))),
)]
#[patch("/organisations/{id}")]
async fn update_organisation(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<UpdateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let expected = if_match(&req)?;
    let key = key.into_inner();
    let o = super::transaction(&pool, move |c| {
        let mut o = organisation::get(c, &key)?;
        let stored = o.version;
        o.apply(body);
        o.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_parent(c, &o)?;
        o.version += 1;
        o.updated_at = Utc::now();
        organisation::update(c, &o, stored)?;
        Ok(organisation::get(c, &o.id.to_string())?)
    })
    .await?;
    Ok(ok_tagged(&o, o.version))
}

/// Delete an organisation
///
/// Refused with 409 while people, projects, mentors or units refer to it.
#[utoipa::path(tag = "organisations", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/organisations/{id}")]
async fn delete_organisation(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    super::transaction(&pool, move |c| {
        let o = organisation::get(c, &key)?;
        Ok(organisation::delete(c, &o.id.to_string())?)
    })
    .await?;
    Ok(no_content())
}
