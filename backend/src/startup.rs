//! Builds the server: database, routes, documentation, web app.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::{Config, MetricsExposure};
use crate::db::{self, DatabaseUrl, Pool};
use crate::{audit, auth, http, metrics, openapi, routes, seed, telemetry, web as spa};

pub struct Application {
    port: u16,
    server: Server,
    pool: Pool,
    /// The port and server of `EIL_METRICS_BIND`, when metrics have a port of their own.
    metrics: Option<(u16, Server)>,
}

impl Application {
    /// Connects, migrates, loads the demo data if asked, and binds (port 0 picks a free port).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        if config.metrics.exposure == MetricsExposure::Off
            && config.metrics.bind_address().is_some()
        {
            anyhow::bail!(
                "EIL_METRICS=off and EIL_METRICS_BIND are both set: unset EIL_METRICS_BIND to serve no metrics, or EIL_METRICS to serve them on that address"
            );
        }
        let url = DatabaseUrl::parse(&config.database_url)?;
        let options = config.pool_options();
        let registry = metrics::Metrics::new(matches!(url, DatabaseUrl::Sqlite(_)))?;
        let events = registry.pool_events();
        let pool = web::block(move || db::connect_observed(&url, options, events)).await??;
        if config.demo {
            let p = pool.clone();
            let summary = web::block(move || seed::load_demo(&mut *p.get()?)).await??;
            tracing::info!("{summary}");
        }
        let keys = web::Data::new(auth::Keys::new(&signing_secret(&config)?)?);
        let sign_ins = web::Data::new(auth::SignIns::new(
            std::time::Duration::from_secs(config.refresh_grace_secs),
            std::time::Duration::from_secs(config.sign_in_cache_secs),
        ));
        let limiter = web::Data::new(auth::limit::RateLimiter::new(
            pool.clone(),
            config.login_attempts,
            config.address_attempts,
            std::time::Duration::from_secs(config.login_window_secs),
            config.trust_proxy,
        ));
        let open_files = http::limits::raise_open_files();
        let origins = http::headers::parse_origins(&config.http.cors_origins)?;
        let body_limits = web::Data::new(http::limits::BodyLimits {
            timeout: std::time::Duration::from_secs(config.http.body_timeout_secs),
            max: crate::extract::MAX_BODY,
        });
        let transport = web::Data::new(http::headers::Transport::of(&config.public_url));
        let workers = config
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let connections = http::limits::connections_per_worker(
            config.http.max_connections,
            open_files,
            workers,
            config.db_pool_size,
        );
        tracing::info!(
            per_worker = connections,
            workers,
            head_timeout_secs = config.http.head_timeout_secs,
            body_timeout_secs = config.http.body_timeout_secs,
            keep_alive_secs = config.http.keep_alive_secs,
            cors_origins = origins.len(),
            "connection limits"
        );
        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let doc = openapi::document();
        let allowed = web::Data::new(openapi::AllowedMethods::from_doc(&doc));
        let creates = web::Data::new(http::idempotency::Creates::from_doc(&doc));
        let doc_json = web::Data::new(doc.clone());
        let spa_dir = web::Data::new(spa::WebDir::new(config.web_dir.clone()));
        if !spa_dir.is_built() {
            tracing::warn!(dir = %config.web_dir.display(), "the web app is not built; run `cargo xtask build-web`");
        }
        let doorbell = crate::outbox::Doorbell::default();
        start_outbox(&config, &pool, &doorbell)?;
        let doorbell = web::Data::new(doorbell);
        let allow_local = web::Data::new(routes::webhooks::AllowLocal::of(&config.outbox));
        let data = web::Data::new(pool.clone());
        let public_url = web::Data::new(routes::invitations::PublicUrl(config.public_url.clone()));
        let registry = web::Data::new(registry);
        let (metrics_here, metrics_server) = metrics_exposure(&config, &registry, &data)?;
        let mut server = HttpServer::new(move || {
            let app = App::new()
                .wrap(from_fn(audit::record))
                .wrap(from_fn(http::idempotency::replay))
                .wrap(from_fn(auth::authenticate))
                .wrap(from_fn(http::limits::guard_body))
                .wrap(from_fn(http::problems::head_as_get))
                .wrap(Condition::new(
                    !origins.is_empty(),
                    http::headers::cors(&origins),
                ))
                .wrap(from_fn(http::problems::fill))
                .wrap(Compress::default())
                .wrap(from_fn(telemetry::log_requests))
                .wrap(from_fn(http::headers::secure))
                .wrap(from_fn(metrics::record))
                .app_data(registry.clone())
                .app_data(body_limits.clone())
                .app_data(transport.clone())
                .app_data(data.clone())
                .app_data(keys.clone())
                .app_data(sign_ins.clone())
                .app_data(limiter.clone())
                .app_data(public_url.clone())
                .app_data(doorbell.clone())
                .app_data(allow_local.clone())
                .app_data(allowed.clone())
                .app_data(creates.clone())
                .app_data(spa_dir.clone())
                .app_data(doc_json.clone())
                .into_utoipa_app()
                .service(utoipa_actix_web::scope("/api/v1").configure(routes::configure))
                .into_app();
            app.service(routes::health::healthz)
                .service(routes::health::readyz)
                .configure(|cfg| {
                    if metrics_here {
                        cfg.service(web::resource("/metrics").to(metrics::scrape));
                    }
                })
                .service(
                    SwaggerUi::new("/docs/{_:.*}")
                        .url("/api-docs/openapi.json", doc_json.get_ref().clone()),
                )
                .default_service(web::to(spa::fallback))
        })
        .client_request_timeout(std::time::Duration::from_secs(
            config.http.head_timeout_secs,
        ))
        .keep_alive(match config.http.keep_alive_secs {
            0 => actix_web::http::KeepAlive::Disabled,
            s => actix_web::http::KeepAlive::Timeout(std::time::Duration::from_secs(s)),
        })
        .max_connections(connections)
        .listen(listener)?
        .shutdown_timeout(20);
        server = server.workers(workers);
        tracing::info!(port, backend = %DatabaseUrl::parse(&config.database_url)?.backend_name(), "EIL Hub listening");
        Ok(Application {
            port,
            server: server.run(),
            pool,
            metrics: metrics_server,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The port of `EIL_METRICS_BIND`, when metrics have one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Some((_, metrics)) = self.metrics else {
            self.server.await?;
            return Ok(());
        };
        // Both servers stop at the signal; the metrics port also stops with the main one.
        let handle = metrics.handle();
        let main = async move {
            let stopped = self.server.await;
            handle.stop(true).await;
            stopped
        };
        let (main, metrics) = tokio::join!(main, metrics);
        main?;
        metrics?;
        Ok(())
    }
}

/// Where `/metrics` is served: whether on the main port (to loopback only), and the port of
/// its own that `EIL_METRICS_BIND` asks for, started here.
fn metrics_exposure(
    config: &Config,
    registry: &web::Data<metrics::Metrics>,
    pool: &web::Data<Pool>,
) -> anyhow::Result<(bool, Option<(u16, Server)>)> {
    let Some(address) = config.metrics.bind_address() else {
        return Ok((config.metrics.exposure == MetricsExposure::Loopback, None));
    };
    let (port, server) = metrics::serve(address, registry.clone(), pool.clone())?;
    tracing::info!(
        port,
        "metrics served on a port of their own (EIL_METRICS_BIND)"
    );
    Ok((false, Some((port, server))))
}

/// Starts this process's delivery worker; says at start-up when e-mail cannot be sent.
fn start_outbox(
    config: &Config,
    pool: &Pool,
    doorbell: &crate::outbox::Doorbell,
) -> anyhow::Result<()> {
    let mailer = match &config.outbox.smtp_url {
        Some(url) => Some(crate::outbox::mail::Mailer::new(
            url,
            &config.outbox.mail_from,
        )?),
        None => {
            tracing::warn!(
                "EIL_SMTP_URL is not set: e-mails wait in the outbox (admins see them) until it is"
            );
            None
        }
    };
    let settings = config.outbox.settings();
    if settings.timeout >= settings.lease.mul_f64(0.8) {
        anyhow::bail!(
            "EIL_OUTBOX_LEASE_SECS ({} s) must be well above EIL_WEBHOOK_TIMEOUT_SECS ({} s): an attempt is cut off at 80 % of the lease, so that no other worker takes the notice while it is being sent",
            settings.lease.as_secs(),
            settings.timeout.as_secs()
        );
    }
    if !config.outbox.worker {
        tracing::info!("the outbox worker is off in this process (EIL_OUTBOX_WORKER)");
        return Ok(());
    }
    if config.outbox.webhooks_allow_local {
        tracing::warn!(
            "webhooks may go to plain http and internal addresses (EIL_WEBHOOKS_ALLOW_LOCAL); never in production"
        );
    }
    crate::outbox::worker::Worker::new(pool.clone(), doorbell.clone(), mailer, settings)?.spawn();
    Ok(())
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
