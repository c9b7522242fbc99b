//! Configuration: every setting is a flag and an environment variable.

use std::path::PathBuf;

use clap::Parser;

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

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "EIL_WORKERS")]
    pub workers: Option<usize>,

    /// Log filter, e.g. `info` or `eil_backend=debug,info`.
    #[arg(long, env = "EIL_LOG", default_value = "info")]
    pub log: String,
}
