use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post};
use chrono::Utc;
use eil_shared::ids::TrackId;
use eil_shared::track::{CreateTrack, Track, TrackQuery, UpdateTrack};
use eil_shared::{FieldError, Page};
use utoipa_actix_web::service_config::ServiceConfig;

use super::write::{self, Remove, Update};
use super::{created, ok_tagged, referenced};
use crate::auth::Caller;
use crate::auth::policy::{self, Policy};
use crate::db::models::{programme, track};
use crate::db::{DbConn, DbResult, IdOrSlug, Pool};
use crate::error::ApiError;
use crate::extract::{Json, Path, Query};

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
    let key = IdOrSlug::new(key.into_inner());
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
    req: HttpRequest,
    pool: Data<Pool>,
    body: Json<CreateTrack>,
) -> Result<HttpResponse, ApiError> {
    policy::TRACKS.create.check(&caller)?;
    let body = body.parse()?;
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
    let t = super::audited(&pool, &req, move |c, audit| {
        referenced(
            programme::get(c, &IdOrSlug::id(t.programme_id)),
            "programme_id",
            "programme",
        )?;
        track::insert(c, &t)?;
        audit.created(t.id);
        Ok(track::get(c, &IdOrSlug::id(t.id))?)
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
    body: Json<UpdateTrack>,
) -> Result<HttpResponse, ApiError> {
    write::update::<Track>(&pool, caller, &req, Ok(key.into_inner().into()), body).await
}

impl Update for Track {
    type Body = UpdateTrack;
    type Answer = Track;
    const POLICY: Policy = policy::TRACKS;

    fn apply(&mut self, body: &UpdateTrack) {
        Track::apply(self, body.clone());
    }

    fn validate(&self, _: &UpdateTrack) -> Result<(), Vec<FieldError>> {
        Track::validate(self)
    }

    fn answer(c: &mut DbConn, t: &Self) -> DbResult<Track> {
        track::get(c, &IdOrSlug::id(t.id))
    }

    fn answer_version(t: &Track) -> i32 {
        t.version
    }
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
    req: HttpRequest,
    pool: Data<Pool>,
    key: Path<String>,
) -> Result<HttpResponse, ApiError> {
    write::delete::<Track>(&pool, caller, &req, Ok(key.into_inner().into())).await
}

impl Remove for Track {
    const POLICY: Policy = policy::TRACKS;

    fn remove(&self, c: &mut DbConn) -> DbResult<()> {
        track::delete(c, self.id)
    }
}
