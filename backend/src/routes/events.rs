use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::event::{CreateEvent, Event, EventQuery, UpdateEvent};
use eil_shared::ids::EventId;
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{cohort, event, programme};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Audience, Event as OutboxEvent};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_events)
        .service(get_event)
        .service(create_event)
        .service(update_event)
        .service(delete_event);
}

/// List events
#[utoipa::path(tag = "events", params(EventQuery), responses(
    (status = 200, description = "One page of events, by start time", body = Page<Event>),
))]
#[get("/events")]
async fn list_events(
    pool: Data<Pool>,
    Query(q): Query<EventQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(event::list(c, &q)?)).await?))
}

/// Get an event
#[utoipa::path(tag = "events", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The event", body = Event, headers(("ETag" = String))),
))]
#[get("/events/{id}")]
async fn get_event(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::new(key.into_inner());
    let e = super::query(&pool, move |c| Ok(event::get(c, &key)?)).await?;
    Ok(ok_tagged(&e, e.version))
}

/// The programme and cohort exist, and the cohort is of the programme.
fn check_refs(c: &mut DbConn, e: &Event) -> ApiResult<()> {
    if let Some(p) = e.programme_id {
        referenced(
            programme::get(c, &IdOrSlug::id(p)),
            "programme_id",
            "programme",
        )?;
    }
    if let Some(x) = e.cohort_id {
        let cohort = referenced(cohort::get(c, &IdOrSlug::id(x)), "cohort_id", "cohort")?;
        if e.programme_id.is_some_and(|p| p != cohort.programme_id) {
            return Err(ApiError::conflict(
                "cohort_id",
                "this cohort belongs to another programme",
            ));
        }
    }
    Ok(())
}

/// Create an event
#[utoipa::path(tag = "events", request_body = CreateEvent, responses(
    (status = 201, description = "Created", body = Event, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/events")]
async fn create_event(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateEvent>,
) -> Result<HttpResponse, ApiError> {
    policy::EVENTS.create.check(&caller)?;
    let body = body.parse()?;
    let now = Utc::now();
    let e = Event {
        id: EventId(uuid::Uuid::now_v7()),
        slug: body.slug,
        kind: body.kind,
        programme_id: body.programme_id,
        cohort_id: body.cohort_id,
        title: body.title,
        summary: body.summary,
        venue: body.venue,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    e.validate().map_err(ApiError::Invalid)?;
    let e = super::audited(&pool, &req, move |c, audit| {
        check_refs(c, &e)?;
        event::insert(c, &e)?;
        audit.created(e.id);
        let e = event::get(c, &IdOrSlug::id(e.id))?;
        audit.emit(OutboxEvent::new(
            "event",
            "created",
            &e,
            Audience::Catalogue,
        ));
        Ok(e)
    })
    .await?;
    Ok(created(format!("/api/v1/events/{}", e.id), &e, e.version))
}

/// Update an event
#[utoipa::path(tag = "events", request_body = UpdateEvent,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = Event, headers(("ETag" = String)))),
)]
#[patch("/events/{id}")]
async fn update_event(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    body: Json<UpdateEvent>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Event>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Event {
    type Body = UpdateEvent;
    type Answer = Event;
    const POLICY: Policy = policy::EVENTS;

    fn apply(&mut self, body: &UpdateEvent) {
        Event::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateEvent) -> Result<(), Vec<FieldError>> {
        Event::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, after: &Self, _: &UpdateEvent) -> ApiResult<()> {
        check_refs(c, after)
    }

    fn answer(c: &mut DbConn, e: &Self) -> DbResult<Event> {
        event::get(c, &IdOrSlug::id(e.id))
    }

    fn answer_version(e: &Event) -> i32 {
        e.version
    }

    fn notify(_: &mut DbConn, e: &Event) -> DbResult<Option<OutboxEvent>> {
        Ok(Some(OutboxEvent::new(
            "event",
            "updated",
            e,
            Audience::Catalogue,
        )))
    }
}

/// Delete an event
#[utoipa::path(tag = "events", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/events/{id}")]
async fn delete_event(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Event>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Event {
    const POLICY: Policy = policy::EVENTS;

    fn notify(_: &mut DbConn, e: &Self) -> DbResult<Option<OutboxEvent>> {
        Ok(Some(OutboxEvent::deleted(
            "event",
            e.id,
            Audience::Catalogue,
        )))
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        event::delete(c, self.id)
    }
}
