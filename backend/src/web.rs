//! Serves the built web app and answers every path no route took.
//!
//! Under `/api` an unknown path is a 404 problem and a known path with another method a
//! 405 problem. Elsewhere a GET of a file in the web folder serves it; any other GET is a
//! deep link into the app and gets `index.html`.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::error::ApiError;
use crate::openapi::AllowedMethods;

/// The folder of the built web app.
#[derive(Debug, Clone)]
pub struct WebDir(PathBuf);

impl WebDir {
    pub fn new(dir: PathBuf) -> Self {
        WebDir(dir)
    }

    pub fn is_built(&self) -> bool {
        self.0.join("index.html").is_file()
    }

    /// The file a URL path names, if it is a plain file inside the folder.
    fn file(&self, url_path: &str) -> Option<PathBuf> {
        let rel = url_path.trim_start_matches('/');
        if rel.is_empty()
            || rel
                .split('/')
                .any(|seg| seg.is_empty() || seg.starts_with('.') || seg.contains('\\'))
        {
            return None;
        }
        let path = self.0.join(rel);
        path.is_file().then_some(path)
    }
}

pub async fn fallback(
    req: HttpRequest,
    dir: web::Data<WebDir>,
    allowed: web::Data<AllowedMethods>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") {
        return Err(match allowed.for_path(path) {
            Some(methods) => ApiError::MethodNotAllowed(methods),
            None => ApiError::NotFound(format!("no API endpoint at {path}; see /docs")),
        });
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed(vec!["GET", "HEAD"]));
    }
    if let Some(file) = dir.file(path) {
        return Ok(serve(&req, &file, false).map_err(anyhow::Error::from)?);
    }
    if dir.is_built() {
        return Ok(serve(&req, &dir.0.join("index.html"), true).map_err(anyhow::Error::from)?);
    }
    Err(ApiError::NotFound("the web app is not built: run `cargo xtask build-web`; the API is at /api/v1 and its documentation at /docs".into()))
}

fn serve(req: &HttpRequest, file: &Path, is_index: bool) -> std::io::Result<HttpResponse> {
    let mut resp = NamedFile::open(file)?
        .use_etag(true)
        .use_last_modified(true)
        .into_response(req);
    // The page itself must be fetched fresh so that a new release is picked up at once;
    // assets are revalidated by their ETag.
    let cache = if is_index {
        CacheControl(vec![CacheDirective::NoCache])
    } else {
        CacheControl(vec![CacheDirective::Public, CacheDirective::MaxAge(300)])
    };
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&cache.to_string()).map_err(std::io::Error::other)?,
    );
    Ok(resp)
}
