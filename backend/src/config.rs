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

    /// The address people open the web app at; invitation links start with it.
    #[arg(long, env = "EIL_PUBLIC_URL", default_value = "http://localhost:8080")]
    pub public_url: String,

    #[command(subcommand)]
    pub command: Option<Command>,
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
