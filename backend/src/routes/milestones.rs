use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::MilestoneId;
use eil_shared::milestone::{
    CreateMilestone, Milestone, MilestoneQuery, MilestoneStatus, UpdateMilestone,
};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::check_version;
use super::{created, no_content, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy;
use crate::db::Pool;
use crate::db::models::{milestone, project};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_milestones)
        .service(get_milestone)
        .service(create_milestone)
        .service(update_milestone)
        .service(delete_milestone);
}

/// List a project's milestones
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), MilestoneQuery), responses(
    (status = 200, description = "One page of milestones, by due date", body = Page<Milestone>),
))]
#[get("/projects/{id}/milestones")]
async fn list_milestones(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<MilestoneQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let page = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(milestone::list(c, &p.id.to_string(), &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a milestone
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")), responses(
    (status = 200, description = "The milestone", body = Milestone, headers(("ETag" = String))),
))]
#[get("/projects/{id}/milestones/{milestone_id}")]
async fn get_milestone(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (key, id) = path.into_inner();
    let m = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(milestone::get(c, &p.id.to_string(), &id)?)
    })
    .await?;
    Ok(ok_tagged(&m, m.version))
}

/// Add a milestone to a project
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug")), request_body = CreateMilestone, responses(
    (status = 201, description = "Created", body = Milestone, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/projects/{id}/milestones")]
async fn create_milestone(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<CreateMilestone>,
) -> Result<HttpResponse, ApiError> {
    caller.signed_in()?;
    let key = key.into_inner();
    let now = Utc::now();
    let m = super::transaction(&pool, move |c| {
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
        Ok(milestone::get(c, &p.id.to_string(), &m.id.to_string())?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}/milestones/{}", m.project_id, m.id),
        &m,
        m.version,
    ))
}

/// Update a milestone
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "projects", request_body = UpdateMilestone,
    params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")),
    responses((status = 200, description = "Updated", body = Milestone, headers(("ETag" = String)))),
)]
#[patch("/projects/{id}/milestones/{milestone_id}")]
async fn update_milestone(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    Json(body): Json<UpdateMilestone>,
) -> Result<HttpResponse, ApiError> {
    caller.signed_in()?;
    let expected = if_match(&req)?;
    let (key, id) = path.into_inner();
    let m = super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
        let pid = p.id.to_string();
        let mut m = milestone::get(c, &pid, &id)?;
        let stored = m.version;
        m.apply(body);
        m.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        m.version += 1;
        m.updated_at = Utc::now();
        milestone::update(c, &m, stored)?;
        Ok(milestone::get(c, &pid, &id)?)
    })
    .await?;
    Ok(ok_tagged(&m, m.version))
}

/// Delete a milestone
///
/// The project team, coordinators and admins.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("milestone_id" = String, Path, description = "Milestone id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/projects/{id}/milestones/{milestone_id}")]
async fn delete_milestone(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.signed_in()?;
    let (key, id) = path.into_inner();
    super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
        Ok(milestone::delete(c, &p.id.to_string(), &id)?)
    })
    .await?;
    Ok(no_content())
}
