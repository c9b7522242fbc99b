use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::PersonId;
use eil_shared::person::{CreatePerson, Person, PersonQuery, UpdatePerson};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{organisation, person};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    Ok(HttpResponse::Ok().json(page.map(|p| policy::person::visible(&caller, p))))
}

/// The id in the path; one that is no UUID names no person.
fn person_id(raw: &str) -> ApiResult<PersonId> {
    super::path_id(raw, "person")
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
    let id = person_id(&id)?;
    let p = policy::person::visible(
        &caller,
        super::query(&pool, move |c| Ok(person::get(c, id)?)).await?,
    );
    Ok(ok_tagged(&p, p.version))
}

fn check_refs(c: &mut DbConn, p: &Person) -> ApiResult<()> {
    if let Some(o) = p.organisation_id {
        referenced(
            organisation::get(c, &IdOrSlug::id(o)),
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreatePerson>,
) -> Result<HttpResponse, ApiError> {
    policy::PEOPLE.create.check(&caller)?;
    let body = body.parse()?;
    let now = Utc::now();
    let p = Person {
        id: PersonId(uuid::Uuid::now_v7()),
        email: Some(body.email.trim().to_lowercase()),
        full_name: body.full_name,
        organisation_id: body.organisation_id,
        position: body.position,
        locale: body.locale.unwrap_or_default(),
        phone: body.phone,
        time_zone: body.time_zone,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    p.validate().map_err(ApiError::Invalid)?;
    known_zone(&p).map_err(ApiError::Invalid)?;
    let p = super::audited(&pool, &req, move |c, audit| {
        check_refs(c, &p)?;
        person::insert(c, &p)?;
        audit.created(p.id);
        Ok(person::get(c, p.id)?)
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
    body: Json<UpdatePerson>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Person>(&pool, caller, &req, person_id(&id), body).await
}

impl Update for Person {
    type Body = UpdatePerson;
    type Answer = Person;
    const POLICY: Policy = policy::PEOPLE;

    fn authorize(_: &mut DbConn, caller: &Caller, p: &Self, body: &UpdatePerson) -> ApiResult<()> {
        policy::person::self_or_staff(caller, p.id)?;
        policy::person::fields(caller, body)
    }

    fn apply(&mut self, body: &UpdatePerson) {
        Person::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdatePerson) -> Result<(), Vec<FieldError>> {
        Person::validate(self)?;
        known_zone(self)
    }

    fn check(c: &mut DbConn, _: &Self, after: &Self, _: &UpdatePerson) -> ApiResult<()> {
        check_refs(c, after)
    }

    fn answer(c: &mut DbConn, p: &Self) -> DbResult<Person> {
        person::get(c, p.id)
    }

    fn answer_version(p: &Person) -> i32 {
        p.version
    }
}

/// A time zone must be one the server can convert times into (the shape alone is checked
/// in `shared`).
fn known_zone(p: &Person) -> Result<(), Vec<FieldError>> {
    match p.time_zone.as_deref() {
        Some(tz) if !crate::outbox::templates::is_known_zone(tz) => Err(vec![FieldError::new(
            "time_zone",
            "is not a time zone this server knows; use an IANA name such as Europe/Riga",
        )]),
        _ => Ok(()),
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Person>(&pool, caller, &req, person_id(&id)).await
}

impl Remove for Person {
    const POLICY: Policy = policy::PEOPLE;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        person::delete(c, self.id)
    }
}
