use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::ProgressUpdateId;
use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::{CreateProgressUpdate, ProgressUpdate, UpdateProgressUpdate};
use utoipa_actix_web::service_config::ServiceConfig;

use super::ApiResult;
use super::write::check_version;
use super::{created, no_content, ok_tagged};
use crate::auth::Caller;
use crate::auth::policy;
use crate::db::models::{mentor, progress_update, project};
use crate::db::{DbConn, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_progress_updates)
        .service(get_progress_update)
        .service(create_progress_update)
        .service(update_progress_update)
        .service(delete_progress_update);
}

/// List a project's progress updates
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), PageQuery), responses(
    (status = 200, description = "One page of updates, newest first", body = Page<ProgressUpdate>),
))]
#[get("/projects/{id}/updates")]
async fn list_progress_updates(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Query(q): Query<PageQuery>,
) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let page = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(progress_update::list(c, &p.id.to_string(), &q)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Get a progress update
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")), responses(
    (status = 200, description = "The update", body = ProgressUpdate, headers(("ETag" = String))),
))]
#[get("/projects/{id}/updates/{update_id}")]
async fn get_progress_update(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (key, id) = path.into_inner();
    let u = super::query(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::client_hosts(&caller, &p)?;
        Ok(progress_update::get(c, &p.id.to_string(), &id)?)
    })
    .await?;
    Ok(ok_tagged(&u, u.version))
}

/// The author is on the team; feedback comes from a mentor of the project.
fn check_people(c: &mut DbConn, u: &ProgressUpdate) -> ApiResult<()> {
    let pid = u.project_id.to_string();
    if !project::is_member(c, &pid, &u.author_id.to_string())? {
        return Err(ApiError::conflict(
            "author_id",
            "the author must be on the project team",
        ));
    }
    if let Some(m) = u.feedback_by
        && !mentor::is_assigned(c, &pid, &m.to_string())?
    {
        return Err(ApiError::conflict(
            "feedback_by",
            "feedback comes from a mentor assigned to the project",
        ));
    }
    Ok(())
}

/// The author edits the text; a mentor assigned to the project gives feedback in their own
/// name; coordinators and admins do either.
fn authorize_edit(
    c: &mut DbConn,
    caller: &Caller,
    u: &ProgressUpdate,
    patch: &UpdateProgressUpdate,
) -> ApiResult<()> {
    if caller.is_staff() {
        return Ok(());
    }
    let me = caller.person()?;
    if patch.body.is_some() && me != u.author_id {
        return Err(crate::auth::forbidden(
            "only the author edits the text of an update",
        ));
    }
    if patch.feedback.is_some() || patch.feedback_by.is_some() {
        let mine = mentor::id_for_person(c, &me.to_string())?;
        let assigned = match &mine {
            Some(m) => mentor::is_assigned(c, &u.project_id.to_string(), m)?,
            None => false,
        };
        let in_own_name = match patch.feedback_by {
            Some(Some(by)) => mine.as_deref() == Some(by.to_string().as_str()),
            _ => true,
        };
        if !assigned || !in_own_name {
            return Err(crate::auth::forbidden(
                "feedback comes from a mentor assigned to the project, in their own name",
            ));
        }
    }
    Ok(())
}

/// Post a progress update
///
/// Members of the project team post in their own name; coordinators and admins for anyone.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug")), request_body = CreateProgressUpdate, responses(
    (status = 201, description = "Posted", body = ProgressUpdate, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/projects/{id}/updates")]
async fn create_progress_update(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<CreateProgressUpdate>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let key = key.into_inner();
    let now = Utc::now();
    let u = super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        policy::project::team_or_staff(c, &caller, &p)?;
        if !caller.is_staff() && caller.person()? != body.author_id {
            return Err(crate::auth::forbidden("post updates in your own name"));
        }
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
        Ok(progress_update::get(
            c,
            &p.id.to_string(),
            &u.id.to_string(),
        )?)
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
#[utoipa::path(tag = "projects", request_body = UpdateProgressUpdate,
    params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")),
    responses((status = 200, description = "Updated", body = ProgressUpdate, headers(("ETag" = String)))),
)]
#[patch("/projects/{id}/updates/{update_id}")]
async fn update_progress_update(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    path: Path<(String, String)>,
    Json(body): Json<UpdateProgressUpdate>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let expected = if_match(&req)?;
    let (key, id) = path.into_inner();
    let u = super::transaction(&pool, move |c| {
        let pid = project::get(c, &key)?.id.to_string();
        let mut u = progress_update::get(c, &pid, &id)?;
        authorize_edit(c, &caller, &u, &body)?;
        let stored = u.version;
        u.apply(body);
        u.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        check_people(c, &u)?;
        u.version += 1;
        u.updated_at = Utc::now();
        progress_update::update(c, &u, stored)?;
        Ok(progress_update::get(c, &pid, &id)?)
    })
    .await?;
    Ok(ok_tagged(&u, u.version))
}

/// Delete a progress update
///
/// The author, coordinators and admins.
#[utoipa::path(tag = "projects", params(("id" = String, Path, description = "Project id or slug"), ("update_id" = String, Path, description = "Update id")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/projects/{id}/updates/{update_id}")]
async fn delete_progress_update(
    caller: Caller,
    pool: Data<Pool>,
    path: Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.person()?;
    let (key, id) = path.into_inner();
    super::transaction(&pool, move |c| {
        let p = project::get(c, &key)?;
        let u = progress_update::get(c, &p.id.to_string(), &id)?;
        if !caller.is_staff() && caller.person()? != u.author_id {
            return Err(crate::auth::forbidden(
                "only the author, coordinators and admins delete an update",
            ));
        }
        Ok(progress_update::delete(c, &p.id.to_string(), &id)?)
    })
    .await?;
    Ok(no_content())
}
