//! Which mentors support a project: `/projects/{id}/mentors`.

use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, post};
use chrono::Utc;
use eil_shared::mentor::Mentor;
use eil_shared::mentor_assignment::AssignMentor;
use eil_shared::pagination::PageQuery;
use eil_shared::{MentorId, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{ApiResult, no_content, referenced};
use crate::auth::Caller;
use crate::auth::policy::MENTOR_ASSIGNMENTS;
use crate::auth::policy::project as rules;
use crate::db::models::{mentor, project};
use crate::db::pagination::PageRequest;
use crate::db::{IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_project_mentors)
        .service(get_project_mentor)
        .service(assign_mentor)
        .service(unassign_mentor);
}

/// What a path names when it names no assigned mentor, an unparsable id included.
fn not_assigned() -> ApiError {
    ApiError::NotFound("this mentor is not assigned to this project".into())
}

/// The mentor a path names; an id that is no UUID names no assigned mentor either.
fn mentor_id(raw: &str) -> ApiResult<MentorId> {
    raw.parse().map_err(|_| not_assigned())
}

/// List a project's mentors
#[utoipa::path(tag = "mentor-assignments", params(("id" = String, Path, description = "Project id or slug"), PageQuery), responses(
    (status = 200, description = "One page of the project's mentors, by name", body = Page<Mentor>),
))]
#[get("/projects/{id}/mentors")]
async fn list_project_mentors(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::new(key.into_inner());
    let page = super::query(&pool, move |c| {
        let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
        let p = project::get(c, &key)?;
        rules::client_hosts(&caller, &p)?;
        Ok(mentor::for_project(c, p.id, &page)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a mentor of a project (404 when not assigned)
#[utoipa::path(tag = "mentor-assignments", params(("id" = String, Path, description = "Project id or slug"), ("mentor_id" = String, Path, description = "Mentor id")), responses(
    (status = 200, description = "The assigned mentor", body = Mentor),
))]
#[get("/projects/{id}/mentors/{mentor_id}")]
async fn get_project_mentor(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (key, raw) = path.into_inner();
    let key = IdOrSlug::new(key);
    let m = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        rules::client_hosts(&caller, &p)?;
        let mentor_id = mentor_id(&raw)?;
        if !mentor::is_assigned(c, p.id, mentor_id)? {
            return Err(not_assigned());
        }
        Ok(mentor::get(c, mentor_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// Assign a mentor to a project
///
/// Refused with 409 when the mentor is already assigned or has no capacity left.
#[utoipa::path(tag = "mentor-assignments", params(("id" = String, Path, description = "Project id or slug")), request_body = AssignMentor, responses(
    (status = 201, description = "Assigned", body = Mentor, headers(("Location" = String))),
))]
#[post("/projects/{id}/mentors")]
async fn assign_mentor(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    body: Json<AssignMentor>,
) -> Result<HttpResponse, ApiError> {
    MENTOR_ASSIGNMENTS.create.check(&caller)?;
    let body = body.parse()?;
    let key = IdOrSlug::new(key.into_inner());
    let (project_id, m) = super::audited(&pool, &req, move |c, audit| {
        let p = project::get(c, &key)?;
        let mid = body.mentor_id;
        let m = referenced(mentor::get(c, mid), "mentor_id", "mentor")?;
        // Two assignments of one mentor are counted one after the other.
        mentor::lock(c, mid)?;
        if mentor::is_assigned(c, p.id, mid)? {
            return Err(ApiError::conflict(
                "mentor_id",
                "this mentor is already assigned to the project",
            ));
        }
        if mentor::assigned_count(c, mid)? >= i64::from(m.capacity) {
            return Err(ApiError::conflict(
                "mentor_id",
                format!("the mentor's capacity ({} projects) is used up", m.capacity),
            ));
        }
        mentor::assign(c, p.id, mid, Utc::now())?;
        audit.created(mid);
        Ok((p.id, m))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/projects/{project_id}/mentors/{}", m.id),
        ))
        .json(m))
}

/// Unassign a mentor from a project
#[utoipa::path(tag = "mentor-assignments", params(("id" = String, Path, description = "Project id or slug"), ("mentor_id" = String, Path, description = "Mentor id")), responses(
    (status = 204, description = "Unassigned"),
))]
#[delete("/projects/{id}/mentors/{mentor_id}")]
async fn unassign_mentor(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    MENTOR_ASSIGNMENTS.delete.check(&caller)?;
    let (key, raw) = path.into_inner();
    let key = IdOrSlug::new(key);
    super::audited(&pool, &req, move |c, _| {
        let p = project::get(c, &key)?;
        Ok(mentor::unassign(c, p.id, mentor_id(&raw)?)?)
    })
    .await?;
    Ok(no_content())
}
