use std::io::BufRead;

use clap::Parser;
use eil_backend::config::{Command, Config};
use eil_backend::db::DatabaseUrl;
use eil_backend::ops;
use eil_backend::startup::{self, Application};

/// mimalloc instead of the system allocator: faster for the many small, short-lived
/// allocations of a request, and it hands freed memory back to the system.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    eil_backend::telemetry::init(&config.log);
    match &config.command {
        Some(Command::CreateAdmin { email, name }) => {
            let password = match std::env::var("EIL_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("password for {email} (one line):");
                    std::io::stdin()
                        .lock()
                        .lines()
                        .next()
                        .transpose()?
                        .unwrap_or_default()
                }
            };
            println!(
                "{}",
                startup::create_admin(&config, email, name, password.trim_end())?
            );
            Ok(())
        }
        Some(Command::Backup { to }) => {
            print!(
                "{}",
                ops::backup(&DatabaseUrl::parse(&config.database_url)?, to)?
            );
            println!();
            Ok(())
        }
        Some(Command::Check) => {
            print!(
                "{}",
                ops::check(&DatabaseUrl::parse(&config.database_url)?)?
            );
            Ok(())
        }
        None => {
            let app = Application::build(config).await?;
            app.run_until_stopped().await
        }
    }
}
