use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::PersonId;
use eil_shared::person::{CreatePerson, Person, PersonQuery, UpdatePerson};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::db::models::{organisation, person};
use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_people)
        .service(get_person)
        .service(create_person)
        .service(update_person)
        .service(delete_person);
}

/// List people
#[utoipa::path(tag = "people", params(PersonQuery), responses(
    (status = 200, description = "One page of people, by name", body = Page<Person>),
))]
#[get("/people")]
async fn list_people(
    pool: Data<Pool>,
    caller: Caller,
    Query(q): Query<PersonQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = super::query(&pool, move |c| Ok(person::list(c, &q)?)).await?;
    Ok(HttpResponse::Ok().json(page.map(|p| visible(&caller, p))))
}

/// E-mail and phone only for the person themself, coordinators and admins.
fn visible(caller: &Caller, p: Person) -> Person {
    if caller.sees_contact_details_of(p.id) {
        p
    } else {
        p.without_contact_details()
    }
}

/// Get a person
#[utoipa::path(tag = "people", params(("id" = String, Path, description = "Id")), responses(
    (status = 200, description = "The person", body = Person, headers(("ETag" = String))),
))]
#[get("/people/{id}")]
async fn get_person(
    pool: Data<Pool>,
    caller: Caller,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let p = visible(
        &caller,
        super::query(&pool, move |c| Ok(person::get(c, &id)?)).await?,
    );
    Ok(ok_tagged(&p, p.version))
}

fn check_refs(c: &mut DbConn, p: &Person) -> ApiResult<()> {
    if let Some(o) = p.organisation_id {
        referenced(
            organisation::get(c, &o.to_string()),
            "organisation_id",
            "organisation",
        )?;
    }
    if let Some(other) = person::find_by_email(c, p.email.as_deref().unwrap_or_default())?
        && other.id != p.id
    {
        return Err(ApiError::conflict(
            "email",
            "another person has this e-mail address",
        ));
    }
    Ok(())
}

/// Create a person
#[utoipa::path(tag = "people", request_body = CreatePerson, responses(
    (status = 201, description = "Created", body = Person, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/people")]
async fn create_person(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreatePerson>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let p = Person {
        id: PersonId(uuid::Uuid::now_v7()),
        email: Some(body.email.trim().to_lowercase()),
        full_name: body.full_name,
        organisation_id: body.organisation_id,
        position: body.position,
        locale: body.locale.unwrap_or_default(),
        phone: body.phone,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    p.validate().map_err(ApiError::Invalid)?;
    let p = super::transaction(&pool, move |c| {
        check_refs(c, &p)?;
        person::insert(c, &p)?;
        Ok(person::get(c, &p.id.to_string())?)
    })
    .await?;
    Ok(created(format!("/api/v1/people/{}", p.id), &p, p.version))
}

/// Update a person
///
/// A signed-in person updates their own record (all but `organisation_id`); coordinators and
/// admins anyone's.
#[utoipa::path(tag = "people", request_body = UpdatePerson,
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "Updated", body = Person, headers(("ETag" = String)))),
)]
#[patch("/people/{id}")]
async fn update_person(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    Json(body): Json<UpdatePerson>,
) -> Result<HttpResponse, ApiError> {
    caller.require_self_or(&id, STAFF)?;
    // The organisation decides which partner client sees the person's enrolments.
    if body.organisation_id.is_some() && !caller.is_staff() {
        return Err(crate::auth::forbidden(
            "coordinators and admins set a person's `organisation_id`",
        ));
    }
    let expected = if_match(&req)?;
    let id = id.into_inner();
    let p = super::transaction(&pool, move |c| {
        let mut p = person::get(c, &id)?;
        let stored = p.version;
        p.apply(body);
        p.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_refs(c, &p)?;
        p.version += 1;
        p.updated_at = Utc::now();
        person::update(c, &p, stored)?;
        Ok(person::get(c, &id)?)
    })
    .await?;
    Ok(ok_tagged(&p, p.version))
}

/// Delete a person
///
/// Refused with 409 while the person has a mentor profile, enrolments, team places or updates.
#[utoipa::path(tag = "people", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/people/{id}")]
async fn delete_person(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let id = id.into_inner();
    super::transaction(&pool, move |c| Ok(person::delete(c, &id)?)).await?;
    Ok(no_content())
}
