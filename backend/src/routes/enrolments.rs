use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::bulk::{BulkProblem, BulkRequest, BulkResults, EnrolmentItem};
use eil_shared::enrolment::{
    CreateEnrolment, Enrolment, EnrolmentQuery, EnrolmentRole, EnrolmentStatus, UpdateEnrolment,
};
use eil_shared::ids::EnrolmentId;
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::bulk::{self, Applied, Item};
use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::audit::Entry;
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{cohort, enrolment, person};
use crate::db::{DbConn, DbResult, Pool};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Audience, Event};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_enrolments)
        .service(bulk_enrolments)
        .service(get_enrolment)
        .service(create_enrolment)
        .service(update_enrolment)
        .service(delete_enrolment);
}

/// List enrolments
#[utoipa::path(tag = "enrolments", params(EnrolmentQuery), responses(
    (status = 200, description = "One page of enrolments, oldest first", body = Page<Enrolment>),
))]
#[get("/enrolments")]
async fn list_enrolments(
    caller: Caller,
    pool: Data<Pool>,
    Query(q): Query<EnrolmentQuery>,
) -> Result<HttpResponse, ApiError> {
    // A partner client sees the enrolments of its own organisation's people only.
    let org = caller.client_organisation();
    Ok(HttpResponse::Ok()
        .json(super::query(&pool, move |c| Ok(enrolment::list(c, &q, org)?)).await?))
}

/// The id in the path; one that is no UUID names no enrolment.
fn enrolment_id(raw: &str) -> ApiResult<EnrolmentId> {
    super::path_id(raw, "enrolment")
}

/// Get an enrolment
#[utoipa::path(tag = "enrolments", params(("id" = String, Path, description = "Id")), responses(
    (status = 200, description = "The enrolment", body = Enrolment, headers(("ETag" = String))),
))]
#[get("/enrolments/{id}")]
async fn get_enrolment(
    caller: Caller,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = enrolment_id(&id)?;
    let e = super::query(&pool, move |c| {
        let e = enrolment::get(c, id)?;
        policy::person::client_sees_enrolments(c, &caller, e.person_id)?;
        Ok(e)
    })
    .await?;
    Ok(ok_tagged(&e, e.version))
}

/// The cohort's rules: the track is of its programme; an active enrolment needs a free place.
fn check_rules(c: &mut DbConn, e: &Enrolment, was_active: bool) -> ApiResult<()> {
    let cohort = super::cohort_and_track(c, e.cohort_id, e.track_id)?;
    if e.status == EnrolmentStatus::Active && !was_active {
        let taken = cohort::taken_places(c, cohort.id)?;
        domain::cohort::check_place_free(cohort.capacity, taken)?;
    }
    Ok(())
}

/// Enrol a person in a cohort
#[utoipa::path(tag = "enrolments", request_body = CreateEnrolment, responses(
    (status = 201, description = "Created", body = Enrolment, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/enrolments")]
async fn create_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    policy::ENROLMENTS.create.check(&caller)?;
    let body = body.parse()?;
    let e = super::audited(&pool, &req, move |c, audit| {
        let e = create_in(c, audit, &caller, body)?;
        audit.created(e.id);
        Ok(e)
    })
    .await?;
    Ok(created(
        format!("/api/v1/enrolments/{}", e.id),
        &e,
        e.version,
    ))
}

/// The steps of `POST /enrolments` inside its transaction, after the role rule; the single
/// POST and the items of a bulk call run this.
pub fn create_in(
    c: &mut DbConn,
    audit: &mut Entry,
    caller: &Caller,
    body: CreateEnrolment,
) -> ApiResult<Enrolment> {
    let now = Utc::now();
    let e = Enrolment {
        id: EnrolmentId(uuid::Uuid::now_v7()),
        person_id: body.person_id,
        cohort_id: body.cohort_id,
        track_id: body.track_id,
        role: body.role.unwrap_or(EnrolmentRole::Participant),
        status: body.status.unwrap_or(EnrolmentStatus::Active),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let person = referenced(person::get(c, e.person_id), "person_id", "person")?;
    policy::person::client_enrols(caller, &person)?;
    if enrolment::exists(c, e.person_id, e.cohort_id)? {
        return Err(ApiError::conflict(
            "person_id",
            "this person is already enrolled in this cohort",
        ));
    }
    check_rules(c, &e, false)?;
    enrolment::insert(c, &e)?;
    let e = enrolment::get(c, e.id)?;
    audit.emit(Event::new(
        "enrolment",
        "created",
        &e,
        Audience::of_person(c, e.person_id)?,
    ));
    Ok(e)
}

/// Enrol or change many people at once
///
/// Up to 500 items, applied in order, **all or nothing** (one transaction). An item without
/// `id` enrols (the body of `POST /enrolments`); an item with `id` changes that enrolment
/// (the body of `PATCH /enrolments/{id}`, with an optional `version` in the role of
/// `If-Match`: a stale one fails the item with 412). Each item follows the rules of its
/// single call. When every item succeeds the answer is 200 with one result per item, in
/// order (`status` 201 created or 200 updated, the `id` and the `record`), and one audit
/// entry per item. When any item fails, nothing is written and the answer is a 422 problem
/// whose `errors` name the failing items' fields (`items[3].cohort_id`, or `items[3]` for an
/// item refused as a whole) and whose `items` hold every item's result: the failing ones
/// with their `problem`, the others `not_applied` (424). No items, or more than 500: 422 on
/// `items`.
///
/// Coordinators and admins; partner API clients enrol and change only people of their own
/// organisation.
#[utoipa::path(tag = "enrolments",
    request_body(content = BulkRequest<EnrolmentItem>, example = json!({"items": [
        {"person_id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a77", "cohort_id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a78"},
        {"id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a79", "version": 1, "status": "completed"}
    ]})),
    responses(
    (status = 200, description = "Every item applied; one result per item, in order", body = BulkResults<Enrolment>),
    (status = 422, description = "An item failed (or the number of items is not 1 to 500): nothing was written. The problem names each failing item's fields; `items` holds every item's result.", body = BulkProblem<Enrolment>, content_type = "application/problem+json", example = json!({
        "type": "/problems/bulk-refused", "title": "Nothing applied", "status": 422,
        "detail": "1 of 2 items failed, so nothing was written; `items` says why for each",
        "errors": [{"field": "items[1].version", "message": "the resource has changed since you read it (current version 2); read it again and reapply your change"}],
        "items": [
            {"outcome": "not_applied", "status": 424, "id": null},
            {"outcome": "failed", "status": 412, "id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a79", "problem": {
                "type": "/problems/stale-version", "title": "Precondition failed", "status": 412,
                "detail": "the resource has changed since you read it (current version 2); read it again and reapply your change",
                "errors": [{"field": "items[1].version", "message": "the resource has changed since you read it (current version 2); read it again and reapply your change"}]}}
        ]
    })),
))]
#[post("/enrolments/bulk")]
async fn bulk_enrolments(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<BulkRequest<serde_json::Value>>,
) -> Result<HttpResponse, ApiError> {
    policy::ENROLMENTS.create.check(&caller)?;
    policy::ENROLMENTS.update.check(&caller)?;
    let items = bulk::read::<CreateEnrolment, UpdateEnrolment, EnrolmentId>(body.parse()?)?;
    let results = super::audited(&pool, &req, move |c, audit| {
        bulk::apply(c, audit, "enrolments", items, |c, audit, item| match item {
            Item::Create(body) => {
                let e = create_in(c, audit, &caller, body)?;
                Ok(Applied::created(e.id.as_uuid(), e))
            }
            Item::Update {
                id,
                version,
                changes,
            } => {
                let e = write::update_in::<Enrolment>(c, audit, &caller, &id, &changes, version)?;
                Ok(Applied::updated(e.id.as_uuid(), e))
            }
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(results))
}

/// Update an enrolment
#[utoipa::path(tag = "enrolments", request_body = UpdateEnrolment,
    params(("id" = String, Path, description = "Id")),
    responses((status = 200, description = "Updated", body = Enrolment, headers(("ETag" = String)))),
)]
#[patch("/enrolments/{id}")]
async fn update_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
    body: Json<UpdateEnrolment>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Enrolment>(&pool, caller, &req, enrolment_id(&id), body).await
}

impl Update for Enrolment {
    type Body = UpdateEnrolment;
    type Answer = Enrolment;
    const POLICY: Policy = policy::ENROLMENTS;

    /// A partner client changes only the enrolments of its own organisation's people.
    fn authorize(c: &mut DbConn, caller: &Caller, e: &Self, _: &UpdateEnrolment) -> ApiResult<()> {
        policy::person::client_sees_enrolments(c, caller, e.person_id)
    }

    fn apply(&mut self, body: &UpdateEnrolment) {
        Enrolment::apply(self, body.clone());
    }

    /// Every value an enrolment takes is well-formed by its type; its rules need the cohort.
    fn validate(&self, _: &UpdateEnrolment) -> Result<(), Vec<FieldError>> {
        Ok(())
    }

    fn check(c: &mut DbConn, before: &Self, after: &Self, _: &UpdateEnrolment) -> ApiResult<()> {
        check_rules(c, after, before.status == EnrolmentStatus::Active)
    }

    fn answer(c: &mut DbConn, e: &Self) -> DbResult<Enrolment> {
        enrolment::get(c, e.id)
    }

    fn answer_version(e: &Enrolment) -> i32 {
        e.version
    }

    fn notify(c: &mut DbConn, e: &Enrolment) -> DbResult<Option<Event>> {
        let audience = Audience::of_person(c, e.person_id)?;
        Ok(Some(Event::new("enrolment", "updated", e, audience)))
    }
}

/// Delete an enrolment
#[utoipa::path(tag = "enrolments", params(("id" = String, Path, description = "Id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/enrolments/{id}")]
async fn delete_enrolment(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    id: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Enrolment>(&pool, caller, &req, enrolment_id(&id)).await
}

impl Remove for Enrolment {
    const POLICY: Policy = policy::ENROLMENTS;

    fn notify(c: &mut DbConn, e: &Self) -> DbResult<Option<Event>> {
        let audience = Audience::of_person(c, e.person_id)?;
        Ok(Some(Event::deleted("enrolment", e.id, audience)))
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        enrolment::delete(c, self.id)
    }
}
