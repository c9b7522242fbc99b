use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::bulk::{BulkProblem, BulkRequest, BulkResults, MilestoneItem};
use eil_shared::ids::{MilestoneId, ProjectId};
use eil_shared::milestone::{
    CreateMilestone, Milestone, MilestoneQuery, MilestoneStatus, UpdateMilestone,
};
use eil_shared::project::Project;
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::bulk::{self, Applied, Item};
use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged};
use crate::audit::Entry;
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{milestone, project};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Audience, Event};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_milestones)
        .service(bulk_milestones)
        .service(get_milestone)
        .service(create_milestone)
        .service(update_milestone)
        .service(delete_milestone);
}

/// The milestone a path names; an id that is no UUID names none.
fn milestone_id(raw: &str) -> ApiResult<MilestoneId> {
    super::path_id(raw, "milestone")
}

/// `/projects/{id}/milestones/{milestone_id}` as the key of a milestone.
fn key((project, id): (String, String)) -> ApiResult<(IdOrSlug<ProjectId>, MilestoneId)> {
    Ok((IdOrSlug::new(project), milestone_id(&id)?))
}

/// List a project's milestones
#[utoipa::path(tag = "milestones", params(("id" = String, Path, description = "Project id or slug"), MilestoneQuery), responses(
    (status = 200, description = "One page of milestones, by due date", body = Page<Milestone>),
))]
#[get("/projects/{id}/milestones")]
async fn list_milestones(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<MilestoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::new(key.into_inner());
    let page = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(milestone::list(c, p.id, &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a milestone
#[utoipa::path(tag = "milestones", params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")), responses(
    (status = 200, description = "The milestone", body = Milestone, headers(("ETag" = String))),
))]
#[get("/projects/{id}/milestones/{milestone_id}")]
async fn get_milestone(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (project_key, raw) = path.into_inner();
    let project_key = IdOrSlug::new(project_key);
    let m = super::query(&pool, move |c| {
        let p = project::get(c, &project_key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(milestone::get(c, p.id, milestone_id(&raw)?)?)
    })
    .await?;
    Ok(ok_tagged(&m, m.version))
}

/// Add a milestone to a project
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "milestones", params(("id" = String, Path, description = "Project id or slug")), request_body = CreateMilestone, responses(
    (status = 201, description = "Created", body = Milestone, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/projects/{id}/milestones")]
async fn create_milestone(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    body: Json<CreateMilestone>,
) -> Result<HttpResponse, ApiError> {
    policy::MILESTONES.create.check(&caller)?;
    let body = body.parse()?;
    let key = IdOrSlug::new(key.into_inner());
    let m = super::audited(&pool, &req, move |c, audit| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
        let m = create_in(c, audit, &p, body)?;
        audit.created(m.id);
        Ok(m)
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}/milestones/{}", m.project_id, m.id),
        &m,
        m.version,
    ))
}

/// The steps of `POST /projects/{id}/milestones` inside its transaction, once the caller may
/// change the project's milestones; the single POST and the items of a bulk call run this.
pub fn create_in(
    c: &mut DbConn,
    audit: &mut Entry,
    p: &Project,
    body: CreateMilestone,
) -> ApiResult<Milestone> {
    let now = Utc::now();
    let m = Milestone {
        id: MilestoneId(uuid::Uuid::now_v7()),
        project_id: p.id,
        title: body.title,
        due_on: body.due_on,
        status: body.status.unwrap_or(MilestoneStatus::Planned),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    m.validate().map_err(ApiError::Invalid)?;
    milestone::insert(c, &m)?;
    let m = milestone::get(c, p.id, m.id)?;
    audit.emit(Event::new("milestone", "created", &m, Audience::hosts(p)));
    Ok(m)
}

/// Add or change many milestones of a project at once
///
/// Up to 500 items, applied in order, **all or nothing** (one transaction). An item without
/// `id` adds a milestone (the body of `POST /projects/{id}/milestones`); an item with `id`
/// changes that milestone of this project (the body of the single PATCH, with an optional
/// `version` in the role of `If-Match`: a stale one fails the item with 412). Each item
/// follows the rules of its single call. When every item succeeds the answer is 200 with one
/// result per item, in order (`status` 201 created or 200 updated, the `id` and the
/// `record`), and one audit entry per item. When any item fails, nothing is written and the
/// answer is a 422 problem whose `errors` name the failing items' fields
/// (`items[3].title.en`, or `items[3]` for an item refused as a whole) and whose `items` hold
/// every item's result: the failing ones with their `problem`, the others `not_applied`
/// (424). No items, or more than 500: 422 on `items`.
///
/// The project team, coordinators and admins, and a partner client of a host organisation
/// with `projects:write`.
#[utoipa::path(tag = "milestones", params(("id" = String, Path, description = "Project id or slug")), request_body(content = BulkRequest<MilestoneItem>, example = json!({"items": [
        {"title": {"lv": "Pilotprojekts", "en": "Pilot"}, "due_on": "2023-10-01"},
        {"id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a79", "version": 1, "status": "done"}
    ]})),
    responses(
    (status = 200, description = "Every item applied; one result per item, in order", body = BulkResults<Milestone>),
    (status = 422, description = "An item failed (or the number of items is not 1 to 500): nothing was written. The problem names each failing item's fields; `items` holds every item's result.", body = BulkProblem<Milestone>, content_type = "application/problem+json", example = json!({
        "type": "/problems/bulk-refused", "title": "Nothing applied", "status": 422,
        "detail": "1 of 2 items failed, so nothing was written; `items` says why for each",
        "errors": [{"field": "items[0].title.en", "message": "must not be empty"}],
        "items": [
            {"outcome": "failed", "status": 422, "id": null, "problem": {
                "type": "/problems/validation", "title": "Invalid input", "status": 422,
                "detail": "1 field is invalid",
                "errors": [{"field": "items[0].title.en", "message": "must not be empty"}]}},
            {"outcome": "not_applied", "status": 424, "id": "0192f1d2-6c3a-7b4e-9a51-2f8e4c1d0a79"}
        ]
    })),
))]
#[post("/projects/{id}/milestones/bulk")]
async fn bulk_milestones(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    body: Json<BulkRequest<serde_json::Value>>,
) -> Result<HttpResponse, ApiError> {
    policy::MILESTONES.create.check(&caller)?;
    policy::MILESTONES.update.check(&caller)?;
    let items = bulk::read::<CreateMilestone, UpdateMilestone, MilestoneId>(body.parse()?)?;
    let key = IdOrSlug::new(key.into_inner());
    let results = super::audited(&pool, &req, move |c, audit| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
        bulk::apply(
            c,
            audit,
            "projects/milestones",
            items,
            |c, audit, item| match item {
                Item::Create(body) => {
                    let m = create_in(c, audit, &p, body)?;
                    Ok(Applied::created(m.id.as_uuid(), m))
                }
                Item::Update {
                    id,
                    version,
                    changes,
                } => {
                    let key = (IdOrSlug::id(p.id), id);
                    let m =
                        write::update_in::<Milestone>(c, audit, &caller, &key, &changes, version)?;
                    Ok(Applied::updated(m.id.as_uuid(), m))
                }
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(results))
}

/// The project team, coordinators and admins change a project's milestones.
fn team_or_staff(c: &mut DbConn, caller: &Caller, m: &Milestone) -> ApiResult<()> {
    let p = project::get(c, &IdOrSlug::id(m.project_id))?;
    policy::project::team_or_staff(c, caller, &p)
}

/// Update a milestone
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "milestones", request_body = UpdateMilestone,
    params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")),
    responses((status = 200, description = "Updated", body = Milestone, headers(("ETag" = String)))),
)]
#[patch("/projects/{id}/milestones/{milestone_id}")]
async fn update_milestone(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    body: Json<UpdateMilestone>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Milestone>(&pool, caller, &req, key(path.into_inner()), body).await
}

impl Update for Milestone {
    type Body = UpdateMilestone;
    type Answer = Milestone;
    const POLICY: Policy = policy::MILESTONES;

    fn authorize(c: &mut DbConn, caller: &Caller, m: &Self, _: &UpdateMilestone) -> ApiResult<()> {
        team_or_staff(c, caller, m)
    }

    fn apply(&mut self, body: &UpdateMilestone) {
        Milestone::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateMilestone) -> Result<(), Vec<FieldError>> {
        Milestone::validate(self)
    }

    fn answer(c: &mut DbConn, m: &Self) -> DbResult<Milestone> {
        milestone::get(c, m.project_id, m.id)
    }

    fn answer_version(m: &Milestone) -> i32 {
        m.version
    }

    fn notify(c: &mut DbConn, m: &Milestone) -> DbResult<Option<Event>> {
        let audience = Audience::of_project(c, m.project_id)?;
        Ok(Some(Event::new("milestone", "updated", m, audience)))
    }
}

/// Delete a milestone
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "milestones", params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/projects/{id}/milestones/{milestone_id}")]
async fn delete_milestone(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Milestone>(&pool, caller, &req, key(path.into_inner())).await
}

impl Remove for Milestone {
    const POLICY: Policy = policy::MILESTONES;

    fn notify(c: &mut DbConn, m: &Self) -> DbResult<Option<Event>> {
        let audience = Audience::of_project(c, m.project_id)?;
        Ok(Some(Event::deleted("milestone", m.id, audience)))
    }

    fn authorize(c: &mut DbConn, caller: &Caller, m: &Self) -> ApiResult<()> {
        team_or_staff(c, caller, m)
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        milestone::delete(c, self.project_id, self.id)
    }
}
