use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::{ProgressUpdateId, ProjectId};
use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::{CreateProgressUpdate, ProgressUpdate, UpdateProgressUpdate};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{ApiResult, created, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{mentor, progress_update, project};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};
use crate::outbox::{Audience, Event};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_progress_updates)
        .service(get_progress_update)
        .service(create_progress_update)
        .service(update_progress_update)
        .service(delete_progress_update);
}

/// The update a path names; an id that is no UUID names none.
fn update_id(raw: &str) -> ApiResult<ProgressUpdateId> {
    super::path_id(raw, "progress update")
}

/// `/projects/{id}/updates/{update_id}` as the key of an update.
fn key((project, id): (String, String)) -> ApiResult<(IdOrSlug<ProjectId>, ProgressUpdateId)> {
    Ok((IdOrSlug::new(project), update_id(&id)?))
}

/// List a project's progress updates
#[utoipa::path(tag = "progress-updates", params(("id" = String, Path, description = "Project id or slug"), PageQuery), responses(
    (status = 200, description = "One page of updates, newest first", body = Page<ProgressUpdate>),
))]
#[get("/projects/{id}/updates")]
async fn list_progress_updates(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::new(key.into_inner());
    let page = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(progress_update::list(c, p.id, &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a progress update
#[utoipa::path(tag = "progress-updates", params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")), responses(
    (status = 200, description = "The update", body = ProgressUpdate, headers(("ETag" = String))),
))]
#[get("/projects/{id}/updates/{update_id}")]
async fn get_progress_update(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (project_key, raw) = path.into_inner();
    let project_key = IdOrSlug::new(project_key);
    let u = super::query(&pool, move |c| {
        let p = project::get(c, &project_key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(progress_update::get(c, p.id, update_id(&raw)?)?)
    })
    .await?;
    Ok(ok_tagged(&u, u.version))
}

/// The author is on the team; feedback comes from a mentor of the project.
fn check_people(c: &mut DbConn, u: &ProgressUpdate) -> ApiResult<()> {
    if !project::is_member(c, u.project_id, u.author_id)? {
        return Err(ApiError::conflict(
            "author_id",
            "the author must be on the project team",
        ));
    }
    if let Some(m) = u.feedback_by
        && !mentor::is_assigned(c, u.project_id, m)?
    {
        return Err(ApiError::conflict(
            "feedback_by",
            "feedback comes from a mentor assigned to the project",
        ));
    }
    Ok(())
}

/// Post a progress update
///
/// Members of the project team post in their own name; coordinators and admins for anyone.
#[utoipa::path(tag = "progress-updates", params(("id" = String, Path, description = "Project id or slug")), request_body = CreateProgressUpdate, responses(
    (status = 201, description = "Posted", body = ProgressUpdate, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/projects/{id}/updates")]
async fn create_progress_update(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    body: Json<CreateProgressUpdate>,
) -> Result<HttpResponse, ApiError> {
    policy::PROGRESS_UPDATES.create.check(&caller)?;
    let body = body.parse()?;
    let key = IdOrSlug::new(key.into_inner());
    let now = Utc::now();
    let u = super::audited(&pool, &req, move |c, audit| {
        let p = project::get(c, &key)?;
        policy::project::post_update(c, &caller, &p, body.author_id)?;
        let u = ProgressUpdate {
            id: ProgressUpdateId(uuid::Uuid::now_v7()),
            project_id: p.id,
            author_id: body.author_id,
            body: body.body,
            feedback: None,
            feedback_by: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        u.validate().map_err(ApiError::Invalid)?;
        check_people(c, &u)?;
        progress_update::insert(c, &u)?;
        audit.created(u.id);
        let u = progress_update::get(c, p.id, u.id)?;
        audit.emit(Event::new(
            "progress_update",
            "created",
            &u,
            Audience::hosts(&p),
        ));
        Ok(u)
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}/updates/{}", u.project_id, u.id),
        &u,
        u.version,
    ))
}

/// Edit a progress update or give feedback on it
///
/// The author edits the text; a mentor assigned to the project gives feedback in their own name; coordinators and admins do either.
#[utoipa::path(tag = "progress-updates", request_body = UpdateProgressUpdate,
    params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")),
    responses((status = 200, description = "Updated", body = ProgressUpdate, headers(("ETag" = String)))),
)]
#[patch("/projects/{id}/updates/{update_id}")]
async fn update_progress_update(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    body: Json<UpdateProgressUpdate>,
) -> Result<HttpResponse, ApiError> {
    write::update::<ProgressUpdate>(&pool, caller, &req, key(path.into_inner()), body).await
}

impl Update for ProgressUpdate {
    type Body = UpdateProgressUpdate;
    type Answer = ProgressUpdate;
    const POLICY: Policy = policy::PROGRESS_UPDATES;

    fn authorize(
        c: &mut DbConn,
        caller: &Caller,
        u: &Self,
        body: &UpdateProgressUpdate,
    ) -> ApiResult<()> {
        policy::project::edit_update(c, caller, u, body)
    }

    fn apply(&mut self, body: &UpdateProgressUpdate) {
        ProgressUpdate::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateProgressUpdate) -> Result<(), Vec<FieldError>> {
        ProgressUpdate::validate(self)
    }

    fn check(c: &mut DbConn, _: &Self, after: &Self, _: &UpdateProgressUpdate) -> ApiResult<()> {
        check_people(c, after)
    }

    fn answer(c: &mut DbConn, u: &Self) -> DbResult<ProgressUpdate> {
        progress_update::get(c, u.project_id, u.id)
    }

    fn answer_version(u: &ProgressUpdate) -> i32 {
        u.version
    }
}

/// Delete a progress update
///
/// The author, coordinators and admins.
#[utoipa::path(tag = "progress-updates", params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/projects/{id}/updates/{update_id}")]
async fn delete_progress_update(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<ProgressUpdate>(&pool, caller, &req, key(path.into_inner())).await
}

impl Remove for ProgressUpdate {
    const POLICY: Policy = policy::PROGRESS_UPDATES;

    fn authorize(_: &mut DbConn, caller: &Caller, u: &Self) -> ApiResult<()> {
        policy::project::delete_update(caller, u)
    }

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        progress_update::delete(c, self.project_id, self.id)
    }
}
