use actix_web::web::{Data, Path};
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::Page;
use eil_shared::ids::TrackId;
use eil_shared::track::{CreateTrack, Track, TrackQuery, UpdateTrack};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::check_version;
use super::{created, no_content, ok_tagged, referenced};
use crate::auth::{Caller, STAFF};
use crate::db::{IdOrSlug, Pool};
use crate::db::models::{programme, track};
use crate::error::ApiError;
use crate::extract::{Json, Query, if_match};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_tracks)
        .service(get_track)
        .service(create_track)
        .service(update_track)
        .service(delete_track);
}

/// List tracks
#[utoipa::path(tag = "tracks", params(TrackQuery), responses(
    (status = 200, description = "One page of tracks, by English name", body = Page<Track>),
))]
#[get("/tracks")]
async fn list_tracks(
    pool: Data<Pool>,
    Query(q): Query<TrackQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(super::query(&pool, move |c| Ok(track::list(c, &q)?)).await?))
}

/// Get a track
#[utoipa::path(tag = "tracks", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 200, description = "The track", body = Track, headers(("ETag" = String))),
))]
#[get("/tracks/{id}")]
async fn get_track(pool: Data<Pool>, key: Path<String>) -> Result<HttpResponse, ApiError> {
    let key = key.into_inner();
    let t = super::query(&pool, move |c| Ok(track::get(c, &key)?)).await?;
    Ok(ok_tagged(&t, t.version))
}

/// Create a track in a programme
#[utoipa::path(tag = "tracks", request_body = CreateTrack, responses(
    (status = 201, description = "Created", body = Track, headers(("Location" = String), ("ETag" = String))),
))]
#[post("/tracks")]
async fn create_track(
    caller: Caller,
    pool: Data<Pool>,
    Json(body): Json<CreateTrack>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let now = Utc::now();
    let t = Track {
        id: TrackId(uuid::Uuid::now_v7()),
        programme_id: body.programme_id,
        slug: body.slug,
        name: body.name,
        kind: body.kind,
        summary: body.summary,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    t.validate().map_err(ApiError::Invalid)?;
    let t = super::transaction(&pool, move |c| {
        referenced(
            programme::get(c, &IdOrSlug::id(t.programme_id)),
            "programme_id",
            "programme",
        )?;
        track::insert(c, &t)?;
        Ok(track::get(c, &t.id.to_string())?)
    })
    .await?;
    Ok(created(format!("/api/v1/tracks/{}", t.id), &t, t.version))
}

/// Update a track
#[utoipa::path(tag = "tracks", request_body = UpdateTrack,
    params(("id" = String, Path, description = "Id or slug")),
    responses((status = 200, description = "Updated", body = Track, headers(("ETag" = String)))),
)]
#[patch("/tracks/{id}")]
async fn update_track(
    caller: Caller,
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
    Json(body): Json<UpdateTrack>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let expected = if_match(&req)?;
    let key = key.into_inner();
    let t = super::transaction(&pool, move |c| {
        let mut t = track::get(c, &key)?;
        let stored = t.version;
        t.apply(body);
        t.validate().map_err(ApiError::Invalid)?;
        check_version(expected, stored)?;
        t.version += 1;
        t.updated_at = Utc::now();
        track::update(c, &t, stored)?;
        Ok(track::get(c, &t.id.to_string())?)
    })
    .await?;
    Ok(ok_tagged(&t, t.version))
}

/// Delete a track
///
/// Refused with 409 while enrolments or projects refer to it.
#[utoipa::path(tag = "tracks", params(("id" = String, Path, description = "Id or slug")), responses(
    (status = 204, description = "Deleted"),
))]
#[delete("/tracks/{id}")]
async fn delete_track(
    caller: Caller,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(STAFF)?;
    let key = key.into_inner();
    super::transaction(&pool, move |c| {
        let t = track::get(c, &key)?;
        Ok(track::delete(c, &t.id.to_string())?)
    })
    .await?;
    Ok(no_content())
}
