//! Builds the server: database, routes, documentation, web app.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::db::{self, DatabaseUrl, Pool};
use crate::{audit, auth, openapi, routes, seed, telemetry, web as spa};

pub struct Application {
    port: u16,
    server: Server,
    pool: Pool,
}

impl Application {
    /// Connects, migrates, loads the demo data if asked, and binds (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let url = DatabaseUrl::parse(&config.database_url)?;
        let pool_size = config.db_pool_size.max(1);
        let pool = web::block(move || db::connect(&url, pool_size)).await??;
        if config.demo {
            let p = pool.clone();
            let summary = web::block(move || seed::load_demo(&mut *p.get()?)).await??;
            tracing::info!("{summary}");
        }
        let keys = web::Data::new(auth::Keys::new(&signing_secret(&config)?)?);
        let limiter = web::Data::new(auth::limit::RateLimiter::new(
            config.login_attempts,
            config.address_attempts,
            std::time::Duration::from_secs(config.login_window_secs),
            config.trust_proxy,
        ));
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let doc = openapi::document();
        let allowed = web::Data::new(openapi::AllowedMethods::from_doc(&doc));
        let doc_json = web::Data::new(doc.clone());
        let spa_dir = web::Data::new(spa::WebDir::new(config.web_dir.clone()));
        if !spa_dir.is_built() {
            tracing::warn!(dir = %config.web_dir.display(), "the web app is not built; run `cargo xtask build-web`");
        }
        let data = web::Data::new(pool.clone());
        let public_url = web::Data::new(routes::invitations::PublicUrl(config.public_url.clone()));
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .wrap(from_fn(audit::record))
                .wrap(from_fn(auth::authenticate))
                .wrap(Compress::default())
                .wrap(from_fn(telemetry::log_requests))
                .app_data(data.clone())
                .app_data(keys.clone())
                .app_data(limiter.clone())
                .app_data(public_url.clone())
                .app_data(allowed.clone())
                .app_data(spa_dir.clone())
                .app_data(doc_json.clone())
                .into_utoipa_app()
                .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
                .into_app();
            app.service(routes::health::healthz)
                .service(routes::health::readyz)
                .service(
                    SwaggerUi::new("/docs/{_:.*}")
                        .url("/api-docs/openapi.json", doc_json.get_ref().clone()),
                )
                .default_service(web::to(spa::fallback))
        })
        .listen(listener)?
        .shutdown_timeout(20);
        if let Some(w) = config.workers {
            server = server.workers(w.max(1));
        }
        tracing::info!(port, backend = %DatabaseUrl::parse(&config.database_url)?.backend_name(), "EIL Hub listening");
        Ok(Application {
            port,
            server: server.run(),
            pool,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.server.await?;
        Ok(())
    }
}

/// The configured secret, or the development one kept in the data folder (made on first use).
fn signing_secret(config: &Config) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &config.jwt_secret {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = config.data_dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        tracing::warn!(path = %path.display(), "signing tokens with the development secret; set EIL_JWT_SECRET in production");
        return Ok(existing.trim().as_bytes().to_vec());
    }
    std::fs::create_dir_all(&config.data_dir)?;
    let secret = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    tracing::warn!(path = %path.display(), "generated a development signing secret; set EIL_JWT_SECRET in production");
    Ok(secret.into_bytes())
}

/// `eil-server create-admin`: gives an administrator a login and returns a line to print.
pub fn create_admin(
    config: &Config,
    email: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<String> {
    let url = DatabaseUrl::parse(&config.database_url)?;
    let pool = db::connect(&url, 1)?;
    let mut conn = pool.get()?;
    let id = auth::ensure_account(
        &mut conn,
        email,
        name,
        password,
        &[eil_shared::auth::Role::Admin],
    )
    .map_err(|e| anyhow::anyhow!("{}", e.problem()))?;
    Ok(format!("administrator {email} ({id}) can sign in"))
}
