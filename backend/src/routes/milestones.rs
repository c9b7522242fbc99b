use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::{MilestoneId, ProjectId};
use eil_shared::milestone::{
    CreateMilestone, Milestone, MilestoneQuery, MilestoneStatus, UpdateMilestone,
};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{milestone, project};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_milestones)
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
    let now = Utc::now();
    let m = super::audited(&pool, &req, move |c, audit| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
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
        audit.created(m.id);
        Ok(milestone::get(c, p.id, m.id)?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}/milestones/{}", m.project_id, m.id),
        &m,
        m.version,
    ))
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

    fn authorize(c: &mut DbConn, caller: &Caller, m: &Self) -> ApiResult<()> {
        team_or_staff(c, caller, m)
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        milestone::delete(c, self.project_id, self.id)
    }
}
