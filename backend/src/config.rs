//! Configuration: every setting is a flag and an environment variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// EIL Hub: the API server, which also serves the web app.
#[derive(Debug, Clone, Parser)]
#[command(name = "eil-server", version, about)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "EIL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// `sqlite://PATH` (the file is created on first start) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/eil-hub.db")]
    pub database_url: String,

    /// Load the demo data (the Lab's 2023 programmes, projects and mentor) if it is not there yet.
    /// `EIL_DEMO` takes 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "EIL_DEMO", value_parser = clap::builder::BoolishValueParser::new())]
    pub demo: bool,

    /// Folder of the built web app (`cargo xtask build-web` writes it).
    #[arg(long, env = "EIL_WEB_DIR", default_value = "frontend/dist")]
    pub web_dir: PathBuf,

    /// Database connections per process.
    #[arg(long, env = "EIL_DB_POOL_SIZE", default_value_t = 8)]
    pub db_pool_size: u32,

    /// How long a request waits for a free database connection before it is answered 503
    /// with `Retry-After`, in milliseconds.
    #[arg(long, env = "EIL_DB_CHECKOUT_TIMEOUT_MS", default_value_t = 2000)]
    pub db_checkout_timeout_ms: u64,

    /// PostgreSQL ends a statement that runs (or waits for a lock) longer than this, in
    /// milliseconds, so that it frees its connection; 0 turns the limit off.
    #[arg(long, env = "EIL_DB_STATEMENT_TIMEOUT_MS", default_value_t = 5000)]
    pub db_statement_timeout_ms: u64,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "EIL_WORKERS")]
    pub workers: Option<usize>,

    /// Log filter, e.g. `info` or `eil_backend=debug,info`.
    #[arg(long, env = "EIL_LOG", default_value = "info")]
    pub log: String,

    /// Secret that signs access tokens (at least 32 bytes). Without it, a development
    /// secret is generated once and kept in the data folder.
    #[arg(long, env = "EIL_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Folder for files the server keeps (the development signing secret).
    #[arg(long, env = "EIL_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Sign-in attempts allowed per account and per client address in each window.
    #[arg(long, env = "EIL_LOGIN_ATTEMPTS", default_value_t = 10)]
    pub login_attempts: u32,

    /// Sign-in attempts from one client address in each window (an office shares one).
    #[arg(long, env = "EIL_ADDRESS_ATTEMPTS", default_value_t = 100)]
    pub address_attempts: u32,

    /// Length of the sign-in rate-limit window, in seconds.
    #[arg(long, env = "EIL_LOGIN_WINDOW_SECS", default_value_t = 300)]
    pub login_window_secs: u64,

    /// Take the client address from `X-Forwarded-For` (only behind a proxy that sets it).
    #[arg(long, env = "EIL_TRUST_PROXY", value_parser = clap::builder::BoolishValueParser::new())]
    pub trust_proxy: bool,

    /// Seconds during which a refresh token that was just used yields the same successor
    /// again (two tabs renewing at once), instead of counting as stolen and ending the
    /// sign-in. 0: every reuse ends it.
    #[arg(long, env = "EIL_REFRESH_GRACE_SECS", default_value_t = 30)]
    pub refresh_grace_secs: u64,

    /// Seconds a replica may reuse its answer that a sign-in still lasts; after sign-out on
    /// another replica, that sign-in's access tokens work at most this much longer. 0: every
    /// request asks the database.
    #[arg(long, env = "EIL_SIGN_IN_CACHE_SECS", default_value_t = 5)]
    pub sign_in_cache_secs: u64,

    /// The address people open the web app at; invitation links start with it.
    #[arg(long, env = "EIL_PUBLIC_URL", default_value = "http://localhost:8080")]
    pub public_url: String,

    /// Limits on slow and greedy clients, and cross-origin access (see [`HttpConfig`]).
    #[command(flatten)]
    pub http: HttpConfig,

    /// E-mail and webhook delivery (see [`OutboxConfig`]).
    #[command(flatten)]
    pub outbox: OutboxConfig,

    /// Where `GET /metrics` is served (see [`MetricsConfig`]).
    #[command(flatten)]
    pub metrics: MetricsConfig,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Config {
    /// The database pool's size and timeouts.
    pub fn pool_options(&self) -> crate::db::PoolOptions {
        let ms = std::time::Duration::from_millis;
        crate::db::PoolOptions {
            size: self.db_pool_size.max(1),
            checkout_timeout: ms(self.db_checkout_timeout_ms.max(1)),
            statement_timeout: (self.db_statement_timeout_ms > 0)
                .then(|| ms(self.db_statement_timeout_ms)),
        }
    }
}

/// The HTTP layer's limits: how long a client may take, how many connections a worker
/// holds, which other origins may call the API from a browser.
#[derive(Debug, Clone, clap::Args)]
pub struct HttpConfig {
    /// Seconds a client has to send the request line and headers (answered 408 past it).
    #[arg(long, env = "EIL_HEAD_TIMEOUT_SECS", default_value_t = HttpConfig::HEAD_TIMEOUT_SECS)]
    pub head_timeout_secs: u64,

    /// Seconds a client has to send the whole request body (answered 408 past it, and the
    /// connection closed).
    #[arg(long, env = "EIL_BODY_TIMEOUT_SECS", default_value_t = HttpConfig::BODY_TIMEOUT_SECS)]
    pub body_timeout_secs: u64,

    /// Seconds an idle connection is kept open for the next request (0: close after each).
    #[arg(long, env = "EIL_KEEP_ALIVE_SECS", default_value_t = HttpConfig::KEEP_ALIVE_SECS)]
    pub keep_alive_secs: u64,

    /// Open connections per worker; lowered at start to fit the open-files limit.
    #[arg(long, env = "EIL_MAX_CONNECTIONS", default_value_t = HttpConfig::MAX_CONNECTIONS)]
    pub max_connections: usize,

    /// Origins whose web pages may call the API (CORS), comma-separated, e.g.
    /// `https://portal.rsu.lv,https://lms.lu.lv`. Empty: no cross-origin access.
    #[arg(long, env = "EIL_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
}

impl HttpConfig {
    pub const HEAD_TIMEOUT_SECS: u64 = 5;
    pub const BODY_TIMEOUT_SECS: u64 = 10;
    pub const KEEP_ALIVE_SECS: u64 = 5;
    pub const MAX_CONNECTIONS: usize = 1024;
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            head_timeout_secs: Self::HEAD_TIMEOUT_SECS,
            body_timeout_secs: Self::BODY_TIMEOUT_SECS,
            keep_alive_secs: Self::KEEP_ALIVE_SECS,
            max_connections: Self::MAX_CONNECTIONS,
            cors_origins: Vec::new(),
        }
    }
}

/// Who may read `GET /metrics` (Prometheus text): nobody from outside by default.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct MetricsConfig {
    /// `loopback`: served on the main port, only to a client on this machine whose request
    /// came through no proxy (one with `Forwarded` or `X-Forwarded-For` is refused, since a
    /// proxy on this machine forwards public requests from 127.0.0.1). `off`: not served.
    /// Refused requests are answered as any path with no route.
    #[arg(id = "metrics", long = "metrics", env = "EIL_METRICS", value_enum, default_value_t = MetricsExposure::Loopback)]
    pub exposure: MetricsExposure,

    /// Serve `/metrics` on this address instead (e.g. `127.0.0.1:9464`), to whoever reaches
    /// it; the main port then never serves it. Keep it off the public network.
    #[arg(id = "metrics_bind", long = "metrics-bind", env = "EIL_METRICS_BIND")]
    pub bind: Option<String>,
}

impl MetricsConfig {
    /// The address of the metrics port; an empty `EIL_METRICS_BIND` counts as unset.
    pub fn bind_address(&self) -> Option<&str> {
        self.bind
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
    }
}

/// The values of `EIL_METRICS`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricsExposure {
    #[default]
    Loopback,
    Off,
}

/// How notices leave: SMTP for e-mail, the webhook client's limits, the retry schedule.
#[derive(Debug, Clone, clap::Args)]
pub struct OutboxConfig {
    /// SMTP server for e-mail: `smtp://HOST:PORT` (plain, for a relay on the same host),
    /// `smtp://HOST:PORT?tls=starttls` or `smtps://HOST:PORT`, with `USER:PASSWORD@` if the
    /// server wants a login. Without it, e-mails wait in the outbox (admins see them).
    #[arg(long, env = "EIL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every e-mail.
    #[arg(
        long,
        env = "EIL_MAIL_FROM",
        default_value = "EIL Hub <eil-hub@rbs.lv>"
    )]
    pub mail_from: String,

    /// Run the delivery worker in this process (every replica may; they share the work).
    #[arg(long = "outbox-worker", env = "EIL_OUTBOX_WORKER", default_value_t = true, action = clap::ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    pub worker: bool,

    /// Milliseconds between looks for due notices (a write in this process wakes it at once).
    #[arg(
        long = "outbox-poll-ms",
        env = "EIL_OUTBOX_POLL_MS",
        default_value_t = 1000
    )]
    pub poll_ms: u64,

    /// Seconds a worker holds a claimed notice; a worker that dies frees its notices after this.
    /// Keep it longer than the webhook timeout.
    #[arg(
        long = "outbox-lease-secs",
        env = "EIL_OUTBOX_LEASE_SECS",
        default_value_t = 60
    )]
    pub lease_secs: u64,

    /// Seconds to wait before each retry of a failed notice (±20 % jitter); after the last,
    /// the notice has failed.
    #[arg(
        long = "outbox-retry-secs",
        env = "EIL_OUTBOX_RETRY_SECS",
        value_delimiter = ',',
        default_value = "60,300,1800,7200,21600,86400"
    )]
    pub retry_secs: Vec<u64>,

    /// Seconds a webhook receiver has to accept the connection.
    #[arg(long, env = "EIL_WEBHOOK_CONNECT_TIMEOUT_SECS", default_value_t = 5)]
    pub webhook_connect_timeout_secs: u64,

    /// Seconds a webhook receiver has to answer, in all.
    #[arg(long, env = "EIL_WEBHOOK_TIMEOUT_SECS", default_value_t = 10)]
    pub webhook_timeout_secs: u64,

    /// Seconds of failing deliveries after which a subscription is disabled.
    #[arg(long, env = "EIL_WEBHOOK_DISABLE_AFTER_SECS", default_value_t = 86400)]
    pub webhook_disable_after_secs: u64,

    /// Let webhooks use plain `http` and addresses inside the network (loopback, private,
    /// link-local). For tests and development only; off in production.
    #[arg(long, env = "EIL_WEBHOOKS_ALLOW_LOCAL", value_parser = clap::builder::BoolishValueParser::new())]
    pub webhooks_allow_local: bool,
}

impl Default for OutboxConfig {
    /// The defaults of the flags above.
    fn default() -> Self {
        OutboxConfig {
            smtp_url: None,
            mail_from: "EIL Hub <eil-hub@rbs.lv>".into(),
            worker: true,
            poll_ms: 1000,
            lease_secs: 60,
            retry_secs: vec![60, 300, 1800, 7200, 21600, 86400],
            webhook_connect_timeout_secs: 5,
            webhook_timeout_secs: 10,
            webhook_disable_after_secs: 86400,
            webhooks_allow_local: false,
        }
    }
}

impl OutboxConfig {
    pub fn settings(&self) -> crate::outbox::worker::Settings {
        use std::time::Duration;
        crate::outbox::worker::Settings {
            poll: Duration::from_millis(self.poll_ms.max(10)),
            lease: Duration::from_secs(self.lease_secs.max(1)),
            retries: self
                .retry_secs
                .iter()
                .copied()
                .map(Duration::from_secs)
                .collect(),
            batch: 32,
            connect_timeout: Duration::from_secs(self.webhook_connect_timeout_secs.max(1)),
            timeout: Duration::from_secs(self.webhook_timeout_secs.max(1)),
            disable_after: Duration::from_secs(self.webhook_disable_after_secs),
            allow_local: self.webhooks_allow_local,
        }
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Create (or reset) an administrator account and exit. The password is read from
    /// `EIL_ADMIN_PASSWORD`, or from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Copy the database to a new file and exit. SQLite: a consistent copy (`VACUUM INTO`)
    /// taken while the server runs; never overwrites a file. PostgreSQL: prints the
    /// `pg_dump` command to run instead.
    Backup {
        /// The file to write; it must not exist yet.
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
    },
    /// Check the database's integrity, print the rows of every table, and exit (non-zero
    /// when a fault is found).
    Check,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Two flags of the same name (one in a flattened group) only fail when parsed.
    #[test]
    fn the_flags_are_consistent() {
        Config::command().debug_assert();
    }

    #[test]
    fn metrics_are_for_loopback_unless_told() {
        let c = Config::try_parse_from(["eil-server"]).expect("defaults");
        assert_eq!(c.metrics.exposure, MetricsExposure::Loopback);
        assert_eq!(c.metrics.bind, None);
        let c = Config::try_parse_from([
            "eil-server",
            "--metrics",
            "off",
            "--metrics-bind",
            "127.0.0.1:9464",
        ])
        .expect("flags");
        assert_eq!(c.metrics.exposure, MetricsExposure::Off);
        assert_eq!(c.metrics.bind_address(), Some("127.0.0.1:9464"));
        let c = Config::try_parse_from(["eil-server", "--metrics-bind", " "]).expect("flags");
        assert_eq!(c.metrics.bind_address(), None);
    }
}
