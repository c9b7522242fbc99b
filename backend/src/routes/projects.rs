use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::ProjectId;
use eil_shared::mentor::Mentor;
use eil_shared::mentor_assignment::AssignMentor;
use eil_shared::pagination::PageQuery;
use eil_shared::project::{
    CreateProject, Project, ProjectDetail, ProjectQuery, ProjectStatus, TeamMemberInput,
    UpdateProject, validate_members,
};
use eil_shared::{OrganisationId, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::auth::policy;
use crate::db::models::{mentor, organisation, person, project};
use crate::db::pagination::PageRequest;
use crate::db::{DbConn, Pool, ts};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_projects)
        .service(get_project)
        .service(create_project)
        .service(update_project)
        .service(delete_project)
        .service(list_project_mentors)
        .service(get_project_mentor)
        .service(assign_mentor)
        .service(unassign_mentor);
}

/// List projects, with their host organisations
#[utoipa::path(tag = "projects", params(ProjectQuery), responses(
    (status = 200, description = "One page of projects", body = Page<Project>),
))]
#[get("/projects")]
async fn list_projects(
    caller: Caller,
    pool: Data<Pool>,
    Query(mut q): Query<ProjectQuery>,
) -> Result<HttpResponse, ApiError> {
    if let Some(org) = caller.client_organisation() {
        // A partner client lists only the projects its organisation hosts.
        if q.host_id.is_some_and(|h| h != org) {
            return Err(crate::auth::forbidden(
                "a client lists only projects its own organisation hosts",
            ));
        }
        q.host_id = Some(org);
    }
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(project::list(c, &q)?)).await?))
}

/// Get a project with its hosts, team, milestones and mentors
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The project", body = ProjectDetail, headers(("ETag" = String))),
))]
#[get("/projects/{id}")]
async fn get_project(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let p = super::query(&pool, move |c| Ok(project::detail(c, &key)?)).await?;
    policy::project::client_hosts(&caller, &p.project)?;
    Ok(ok_tagged(&p, p.project.version))
}

/// The records a project names exist and fit together.
fn check_refs(
    c: &mut DbConn,
    p: &Project,
    host_ids: Option<&[OrganisationId]>,
    team: Option<&[TeamMemberInput]>,
) -> ApiResult<()> {
    super::cohort_and_track(c, p.cohort_id, p.track_id)?;
    for (i, h) in host_ids.unwrap_or_default().iter().enumerate() {
        referenced(
            organisation::get(c, &h.to_string()),
            &format!("host_ids[{i}]"),
            "organisation",
        )?;
    }
    for (i, m) in team.unwrap_or_default().iter().enumerate() {
        referenced(
            person::get(c, &m.person_id.to_string()),
            &format!("team[{i}].person_id"),
            "person",
        )?;
    }
    Ok(())
}

fn ids(hosts: &[OrganisationId]) -> Vec<String> {
    hosts.iter().map(ToString::to_string).collect()
}

/// Create a project
///
/// Coordinators and admins; a partner client with `projects:write` for projects its own
/// organisation hosts (its organisation must be among `host_ids`).
#[utoipa::path(tag = "projects", request_body = CreateProject, responses(
    (status = 201, description = "Created", body = ProjectDetail, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/projects")]
async fn create_project(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateProject>,
) -> Result<HttpResponse, ApiError> {
    match caller.client_organisation() {
        Some(org) if !body.host_ids.contains(&org) => {
            return Err(crate::auth::forbidden(
                "a client creates only projects its own organisation hosts: include it in `host_ids`",
            ));
        }
        Some(_) => {}
        None => caller.require(STAFF)?,
    }
    let now = Utc::now();
    let p = Project {
        id: ProjectId(uuid::Uuid::now_v7()),
        cohort_id: body.cohort_id,
        track_id: body.track_id,
        slug: body.slug,
        title: body.title,
        summary: body.summary,
        status: body.status.unwrap_or(ProjectStatus::Proposed),
        hosts: vec![],
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let mut errors = p.validate().err().unwrap_or_default();
    errors.extend(
        validate_members(Some(&body.host_ids), Some(&body.team))
            .err()
            .unwrap_or_default(),
    );
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let detail = super::transaction(&pool, move |c| {
        check_refs(c, &p, Some(&body.host_ids), Some(&body.team))?;
        project::insert(c, &p, &ids(&body.host_ids), &body.team)?;
        Ok(project::detail(c, &p.id.to_string())?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}", detail.project.id),
        &detail,
        detail.project.version,
    ))
}

/// Update a project
///
/// `host_ids` and `team`, when given, replace the lists. The status moves forward only
/// (proposed → approved → active → completed) or to `cancelled`; anything else is 409.
///
/// Coordinators and admins change everything; a partner client with `projects:write` the
/// projects its organisation hosts (which must stay among the hosts); team members the
/// `title` and `summary`; an assigned mentor the `status`. A field outside the caller's
/// share is refused with 403 naming it.
#[utoipa::path(tag = "projects", request_body = UpdateProject,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = ProjectDetail, headers(("ETag" = String)))),
)]
#[patch("/projects/{id}")]
async fn update_project(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<UpdateProject>,
) -> Result<HttpResponse, ApiError> {
    caller.signed_in()?;
    let expected = if_match(&req)?;
    let key = key.into_inner();
    let detail = super::transaction(&pool, move |c| {
        let mut p = project::get(c, &key)?;
        check_update_rights(c, &caller, &p, &body)?;
        let (stored, was) = (p.version, p.status);
        p.apply(&body);
        let mut errors = p.validate().err().unwrap_or_default();
        errors.extend(
            validate_members(body.host_ids.as_deref(), body.team.as_deref())
                .err()
                .unwrap_or_default(),
        );
        if !errors.is_empty() {
            return Err(ApiError::Invalid(errors));
        }
        check_version(expected, stored)?;
        domain::project::check_transition(was, p.status)?;
        check_refs(c, &p, body.host_ids.as_deref(), body.team.as_deref())?;
        p.version += 1;
        p.updated_at = Utc::now();
        let hosts = body.host_ids.as_deref().map(ids);
        project::update(c, &p, stored, hosts.as_deref(), body.team.as_deref())?;
        Ok(project::detail(c, &p.id.to_string())?)
    })
    .await?;
    Ok(ok_tagged(&detail, detail.project.version))
}

/// Which fields of a project the caller may change (see `update_project`).
fn check_update_rights(
    c: &mut DbConn,
    caller: &Caller,
    p: &Project,
    body: &UpdateProject,
) -> ApiResult<()> {
    if caller.is_staff() {
        return Ok(());
    }
    if let Some(org) = caller.client_organisation() {
        policy::project::client_hosts(caller, p)?;
        if body.host_ids.as_ref().is_some_and(|h| !h.contains(&org)) {
            return Err(crate::auth::forbidden(
                "a client keeps its own organisation among `host_ids`",
            ));
        }
        return Ok(());
    }
    let me = caller.person()?.to_string();
    let pid = p.id.to_string();
    let member = project::is_member(c, &pid, &me)?;
    let mentor = match mentor::id_for_person(c, &me)? {
        Some(m) => mentor::is_assigned(c, &pid, &m)?,
        None => false,
    };
    if !member && !mentor {
        return Err(crate::auth::forbidden(
            "only coordinators, admins, the project team and its mentors may change a project",
        ));
    }
    let sets = [
        ("track_id", body.track_id.is_some(), false),
        ("slug", body.slug.is_some(), false),
        ("title", body.title.is_some(), member),
        ("summary", body.summary.is_some(), member),
        ("status", body.status.is_some(), mentor),
        ("host_ids", body.host_ids.is_some(), false),
        ("team", body.team.is_some(), false),
    ];
    match sets.iter().find(|(_, set, allowed)| *set && !allowed) {
        Some((field, ..)) => Err(crate::auth::forbidden(&format!(
            "you may not change `{field}` of this project"
        ))),
        None => Ok(()),
    }
}

/// Delete a project
///
/// Its milestones, updates and mentor assignments go with it; refused with 409 while it
/// has mentoring sessions.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/projects/{id}")]
async fn delete_project(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        Ok(project::delete(c, &p.id.to_string())?)
    })
    .await?;
    Ok(no_content())
}

/// List a project's mentors
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), PageQuery), responses(
    (status = 200, description = "One page of the project's mentors, by name", body = Page<Mentor>),
))]
#[get("/projects/{id}/mentors")]
async fn list_project_mentors(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let page = super::query(&pool, move |c| {
        let page = PageRequest::new(q.limit, q.cursor.as_deref(), "name")?;
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(mentor::for_project(c, &p.id.to_string(), &page)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a mentor of a project (404 when not assigned)
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("mentor_id" = String, Path, description = "Mentor id")), responses(
    (status = 200, description = "The assigned mentor", body = Mentor),
))]
#[get("/projects/{id}/mentors/{mentor_id}")]
async fn get_project_mentor(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (key, mentor_id) = path.into_inner();
    let m = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        if !mentor::is_assigned(c, &p.id.to_string(), &mentor_id)? {
            return Err(ApiError::NotFound(
                "this mentor is not assigned to this project".into(),
            ));
        }
        Ok(mentor::get(c, &mentor_id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(m))
}

/// Assign a mentor to a project
///
/// Refused with 409 when the mentor is already assigned or has no capacity left.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug")), request_body = AssignMentor, responses(
    (status = 201, description = "Assigned", body = Mentor, headers(("Location" = String))),
))]
#[post("/projects/{id}/mentors")]
async fn assign_mentor(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<AssignMentor>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    let (project_id, m) = super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        let (pid, mid) = (p.id.to_string(), body.mentor_id.to_string());
        let m = referenced(mentor::get(c, &mid), "mentor_id", "mentor")?;
        mentor::lock(c, &mid)?;
        if mentor::is_assigned(c, &pid, &mid)? {
            return Err(ApiError::conflict(
                "mentor_id",
                "this mentor is already assigned to the project",
            ));
        }
        if mentor::assigned_count(c, &mid)? >= i64::from(m.capacity) {
            return Err(ApiError::conflict(
                "mentor_id",
                format!("the mentor's capacity ({} projects) is used up", m.capacity),
            ));
        }
        mentor::assign(c, &pid, &mid, &ts(Utc::now()))?;
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
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("mentor_id" = String, Path, description = "Mentor id")), responses(
    (status = 204, description = "Unassigned"),
))]
#[delete("/projects/{id}/mentors/{mentor_id}")]
async fn unassign_mentor(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let (key, mentor_id) = path.into_inner();
    super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        Ok(mentor::unassign(c, &p.id.to_string(), &mentor_id)?)
    })
    .await?;
    Ok(no_content())
}
