use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::ProjectId;
use eil_shared::project::{
    CreateProject, Project, ProjectDetail, ProjectQuery, ProjectStatus, TeamMemberInput,
    UpdateProject, validate_members,
};
use eil_shared::{FieldError, OrganisationId, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{organisation, person, project};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool, Record};
use crate::domain;
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Audience, Event};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_projects)
        .service(get_project)
        .service(create_project)
        .service(update_project)
        .service(delete_project);
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
    let key = IdOrSlug::new(key.into_inner());
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
            organisation::get(c, &IdOrSlug::id(*h)),
            &format!("host_ids[{i}]"),
            "organisation",
        )?;
    }
    for (i, m) in team.unwrap_or_default().iter().enumerate() {
        referenced(
            person::get(c, m.person_id),
            &format!("team[{i}].person_id"),
            "person",
        )?;
    }
    Ok(())
}

/// The project's own checks and those of the host and team lists a body gives.
fn validate(
    p: &Project,
    host_ids: Option<&[OrganisationId]>,
    team: Option<&[TeamMemberInput]>,
) -> Result<(), Vec<FieldError>> {
    let mut errors = p.validate().err().unwrap_or_default();
    errors.extend(validate_members(host_ids, team).err().unwrap_or_default());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateProject>,
) -> Result<HttpResponse, ApiError> {
    policy::PROJECTS.create.check(&caller)?;
    let body = body.parse()?;
    policy::project::create(&caller, &body.host_ids)?;
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
    validate(&p, Some(&body.host_ids), Some(&body.team)).map_err(ApiError::Invalid)?;
    let detail = super::audited(&pool, &req, move |c, audit| {
        check_refs(c, &p, Some(&body.host_ids), Some(&body.team))?;
        project::insert(c, &p, &body.host_ids, &body.team)?;
        audit.created(p.id);
        let detail = project::detail(c, &IdOrSlug::id(p.id))?;
        audit.emit(Event::new(
            "project",
            "created",
            &detail,
            Audience::hosts(&detail.project),
        ));
        Ok(detail)
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
    body: Json<UpdateProject>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Project>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Project {
    type Body = UpdateProject;
    type Answer = ProjectDetail;
    const POLICY: Policy = policy::PROJECTS;

    fn authorize(c: &mut DbConn, caller: &Caller, p: &Self, body: &UpdateProject) -> ApiResult<()> {
        policy::project::fields(c, caller, p, body)
    }

    /// The scalar fields; the host and team lists are written by `write`.
    fn apply(&mut self, body: &UpdateProject) {
        Project::apply(self, body);
    }

    fn validate(&self, body: &UpdateProject) -> Result<(), Vec<FieldError>> {
        validate(self, body.host_ids.as_deref(), body.team.as_deref())
    }

    fn check(c: &mut DbConn, before: &Self, after: &Self, body: &UpdateProject) -> ApiResult<()> {
        domain::project::check_transition(before.status, after.status)?;
        check_refs(c, after, body.host_ids.as_deref(), body.team.as_deref())
    }

    fn write(&self, c: &mut DbConn, expected: i32, body: &UpdateProject) -> DbResult<()> {
        self.store(c, expected)?;
        if let Some(hosts) = &body.host_ids {
            project::set_hosts(c, self.id, hosts)?;
        }
        if let Some(team) = &body.team {
            project::set_team(c, self.id, team)?;
        }
        Ok(())
    }

    fn answer(c: &mut DbConn, p: &Self) -> DbResult<ProjectDetail> {
        project::detail(c, &IdOrSlug::id(p.id))
    }

    fn answer_version(d: &ProjectDetail) -> i32 {
        d.project.version
    }

    fn notify(_: &mut DbConn, d: &ProjectDetail) -> DbResult<Option<Event>> {
        Ok(Some(Event::new(
            "project",
            "updated",
            d,
            Audience::hosts(&d.project),
        )))
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
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Project>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Project {
    const POLICY: Policy = policy::PROJECTS;

    fn notify(_: &mut DbConn, p: &Self) -> DbResult<Option<Event>> {
        Ok(Some(Event::deleted("project", p.id, Audience::hosts(p))))
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        project::delete(c, self.id)
    }
}
