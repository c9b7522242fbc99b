use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::OrganisationId;
use eil_shared::organisation::{
    CreateOrganisation, Organisation, OrganisationQuery, UpdateOrganisation,
};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::organisation;
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    let key = IdOrSlug::new(key.into_inner());
    let o = super::query(&pool, move |c| Ok(organisation::get(c, &key)?)).await?;
    Ok(ok_tagged(&o, o.version))
}

/// The parent exists and is not the organisation itself or inside it.
fn check_parent(c: &mut DbConn, o: &Organisation) -> ApiResult<()> {
    if let Some(parent) = o.parent_id {
        referenced(
            organisation::get(c, &IdOrSlug::id(parent)),
            "parent_id",
            "organisation",
        )?;
        if organisation::would_loop(c, o.id, parent)? {
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    policy::ORGANISATIONS.create.check(&caller)?;
    let body = body.parse()?;
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
    let o = super::audited(&pool, &req, move |c, audit| {
        check_parent(c, &o)?;
        organisation::insert(c, &o)?;
        audit.created(o.id);
        Ok(organisation::get(c, &IdOrSlug::id(o.id))?)
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
    body: Json<UpdateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Organisation>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Organisation {
    type Body = UpdateOrganisation;
    type Answer = Organisation;
    const POLICY: Policy = policy::ORGANISATIONS;

    fn apply(&mut self, body: &UpdateOrganisation) {
        Organisation::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateOrganisation) -> Result<(), Vec<FieldError>> {
        Organisation::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, after: &Self, _: &UpdateOrganisation) -> ApiResult<()> {
        check_parent(c, after)
    }

    fn answer(c: &mut DbConn, o: &Self) -> DbResult<Organisation> {
        organisation::get(c, &IdOrSlug::id(o.id))
    }

    fn answer_version(o: &Organisation) -> i32 {
        o.version
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Organisation>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Organisation {
    const POLICY: Policy = policy::ORGANISATIONS;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        organisation::delete(c, self.id)
    }
}
