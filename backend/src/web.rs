//! Serves the built web app and answers every path no route took.
//!
//! Under `/api` an unknown path is a 404 problem and a known path with another method a
//! 405 problem. Elsewhere a GET of a file in the web folder serves it; any other GET is a
//! deep link into the app and gets `index.html`.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::Method;
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentEncoding};
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
            Some(methods) => ApiError::MethodNotAllowed(with_head(methods)),
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

/// `HEAD` is answered wherever `GET` is (`http::problems::head_as_get`), so it is allowed
/// there too.
fn with_head(mut methods: Vec<&'static str>) -> Vec<&'static str> {
    if let Some(i) = methods.iter().position(|m| *m == "GET")
        && !methods.contains(&"HEAD")
    {
        methods.insert(i + 1, "HEAD");
    }
    methods
}

/// `eil_frontend-3f2a9c01d4e5.js`: a name the build derived from the content, so the file
/// under it never changes.
fn is_content_named(file: &Path) -> bool {
    file.file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.rsplit_once('-'))
        .is_some_and(|(_, hash)| hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The precompressed copy the browser accepts (`.br` before `.gz`), if the build made one.
fn precompressed(req: &HttpRequest, file: &Path) -> Option<(PathBuf, ContentEncoding)> {
    let accepts = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let offers = |coding: &str| {
        accepts.split(',').any(|part| {
            let mut it = part.split(';');
            it.next().is_some_and(|c| c.trim() == coding)
                && it.all(|p| p.trim().replace(' ', "") != "q=0")
        })
    };
    [
        ("br", ContentEncoding::Brotli),
        ("gzip", ContentEncoding::Gzip),
    ]
    .into_iter()
    .filter(|(coding, _)| offers(coding))
    .find_map(|(coding, enc)| {
        let ext = if coding == "br" { "br" } else { "gz" };
        let mut p = file.as_os_str().to_owned();
        p.push(format!(".{ext}"));
        let p = PathBuf::from(p);
        p.is_file().then_some((p, enc))
    })
}

fn serve(req: &HttpRequest, file: &Path, is_index: bool) -> std::io::Result<HttpResponse> {
    let named = match precompressed(req, file) {
        Some((packed, encoding)) => NamedFile::open(packed)?
            .set_content_type(actix_files::file_extension_to_mime(
                file.extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default(),
            ))
            .set_content_encoding(encoding)
            // Named after the `.br` file, the disposition would turn the page into a download.
            .disable_content_disposition(),
        None => NamedFile::open(file)?,
    };
    let mut resp = named
        .use_etag(true)
        .use_last_modified(true)
        .into_response(req);
    // Files named by their content never change and are kept for a year. Everything else
    // (the page, the JS glue and the page chunks, whose names stay the same across
    // releases) is revalidated by its ETag on every use, so that one release's files are
    // never mixed with another's.
    let cache = if is_content_named(file) && !is_index {
        CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(31_536_000),
            CacheDirective::Extension("immutable".into(), None),
        ])
    } else {
        CacheControl(vec![CacheDirective::NoCache])
    };
    let headers = resp.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&cache.to_string()).map_err(std::io::Error::other)?,
    );
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-encoding"),
    );
    Ok(resp)
}
