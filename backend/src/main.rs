use clap::Parser;
use eil_backend::config::Config;
use eil_backend::startup::Application;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    eil_backend::telemetry::init(&config.log);
    let app = Application::build(config).await?;
    app.run_until_stopped().await
}
