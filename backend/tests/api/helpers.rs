use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use eil_backend::config::Config;
use eil_backend::startup::Application;
use eil_shared::auth::Role;
use eil_shared::client::{Client, ClientError};
use eil_shared::cohort::{Cohort, CreateCohort};
use eil_shared::mentor::{CreateMentor, Mentor};
use eil_shared::organisation::{CreateOrganisation, Organisation, OrganisationKind};
use eil_shared::person::{CreatePerson, Person};
use eil_shared::programme::{CreateProgramme, ProgrammeDetail};
use eil_shared::project::{CreateProject, ProjectDetail, TeamMemberInput, TeamRole};
use eil_shared::track::{CreateTrack, Track, TrackKind};
use eil_shared::{I18nText, OrganisationId};

/// The signing secret of test servers, so that tests can forge tokens.
pub const TEST_SECRET: &str = "test-secret-that-is-at-least-32-bytes-long";
pub const ADMIN_EMAIL: &str = "admin@example.lv";
pub const ADMIN_PASSWORD: &str = "a long test password";

pub struct TestApp {
    pub address: String,
    /// Signed in as an administrator.
    pub client: Client,
    /// Not signed in.
    pub anon: Client,
    /// Plain HTTP, signed in as the administrator.
    pub http: reqwest::Client,
    pub web_dir: PathBuf,
    pub pool: eil_backend::db::Pool,
    /// The `DATABASE_URL` of this server (for the `eil-server` commands).
    pub database_url: String,
    /// `http://127.0.0.1:PORT` of the metrics port, when `EIL_METRICS_BIND` gave it one.
    pub metrics_address: Option<String>,
    _db: TestDb,
}

/// A database that exists for one test and is dropped after it.
enum TestDb {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match self {
            TestDb::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            TestDb::Postgres { admin_url, name } => {
                if let Ok(mut c) = PgConnection::establish(admin_url) {
                    let _ = c
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                }
            }
        }
    }
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eil-test-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(false).await
}

pub async fn spawn_app_with(demo: bool) -> TestApp {
    spawn_configured(|c| c.demo = demo).await
}

/// A server whose configuration the test adjusts.
pub async fn spawn_configured(adjust: impl FnOnce(&mut Config)) -> TestApp {
    eil_backend::telemetry::init(&std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into()));
    let dir = temp_dir();
    let (url, db) = match std::env::var("TEST_DATABASE_URL") {
        Ok(admin_url) => {
            let name = format!("eil_test_{}", uuid::Uuid::now_v7().simple());
            let mut c = PgConnection::establish(&admin_url)
                .expect("TEST_DATABASE_URL must reach PostgreSQL");
            c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .expect("URL with a database name");
            (
                format!("{base}/{name}"),
                TestDb::Postgres { admin_url, name },
            )
        }
        Err(_) => (
            format!("sqlite://{}", dir.join("test.db").display()),
            TestDb::Sqlite(dir.clone()),
        ),
    };
    let web_dir = dir.join("web");
    let mut config = test_config(url, &dir);
    adjust(&mut config);
    let database_url = config.database_url.clone();
    let app = Application::build(config).await.expect("the server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool().clone();
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    tokio::spawn(app.run_until_stopped());
    let anon = Client::new(&address);
    let token = account(&pool, ADMIN_EMAIL, ADMIN_PASSWORD, Role::Admin, &anon).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .expect("client");
    TestApp {
        client: Client::new(&address).with_token(token),
        anon,
        address,
        http,
        web_dir,
        pool,
        database_url,
        metrics_address,
        _db: db,
    }
}

/// Another server on `first`'s database, as a second replica would be: the same signing
/// secret, its own process state. It lives as long as the test's runtime; `first` keeps
/// the database.
pub async fn spawn_beside(first: &TestApp, adjust: impl FnOnce(&mut Config)) -> String {
    let dir = first
        .web_dir
        .parent()
        .expect("the test folder")
        .join(format!("replica-{}", uuid::Uuid::now_v7().simple()));
    let mut config = test_config(first.database_url.clone(), &dir);
    adjust(&mut config);
    let app = Application::build(config)
        .await
        .expect("the second server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    address
}

/// The settings of a test server on `database_url`, with its files under `dir`.
fn test_config(database_url: String, dir: &std::path::Path) -> Config {
    Config {
        bind: "127.0.0.1:0".into(),
        database_url,
        demo: false,
        web_dir: dir.join("web"),
        db_pool_size: 4,
        db_checkout_timeout_ms: 2000,
        db_statement_timeout_ms: 5000,
        workers: Some(1),
        log: "error".into(),
        jwt_secret: Some(TEST_SECRET.into()),
        data_dir: dir.to_path_buf(),
        command: None,
        login_attempts: 1000,
        address_attempts: 1000,
        login_window_secs: 60,
        trust_proxy: false,
        public_url: "http://hub.example".into(),
        refresh_grace_secs: 30,
        sign_in_cache_secs: 0,
        http: Default::default(),
        // Tests deliver webhooks to receivers on loopback over plain HTTP.
        outbox: eil_backend::config::OutboxConfig {
            webhooks_allow_local: true,
            poll_ms: 200,
            ..Default::default()
        },
        metrics: Default::default(),
    }
}

/// Gives `email` a login with `role` and returns its access token.
pub async fn account(
    pool: &eil_backend::db::Pool,
    email: &str,
    password: &str,
    role: Role,
    anon: &Client,
) -> String {
    let (pool, owned_email, owned_password) =
        (pool.clone(), email.to_string(), password.to_string());
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        eil_backend::auth::ensure_account(
            &mut c,
            &owned_email,
            "Test account",
            &owned_password,
            &[role],
        )
        .expect("account")
    })
    .await
    .expect("task");
    anon.login(email, password)
        .await
        .expect("sign in")
        .access_token
}

/// The status of a failed call; panics if the call succeeded.
pub fn status<T: std::fmt::Debug>(r: Result<T, ClientError>) -> u16 {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e
            .status()
            .unwrap_or_else(|| panic!("expected a problem answer, got {e}")),
    }
}

/// The fields a failed call's problem names.
pub fn fields<T: std::fmt::Debug>(r: Result<T, ClientError>) -> Vec<String> {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e
            .problem()
            .map(|p| p.errors.iter().map(|f| f.field.clone()).collect())
            .unwrap_or_default(),
    }
}

pub fn text(lv: &str, en: &str) -> I18nText {
    I18nText::new(lv, en)
}

/// A small world: a programme with a project track, a cohort, a host and two people.
pub struct World {
    pub programme: ProgrammeDetail,
    pub track: Track,
    pub cohort: Cohort,
    pub host: Organisation,
    pub lead: Person,
    pub member: Person,
}

impl TestApp {
    pub async fn organisation(&self, slug: &str, name: &str) -> Organisation {
        self.client
            .create_organisation(&CreateOrganisation {
                slug: slug.into(),
                name: text(&format!("{name} LV"), name),
                short_name: None,
                kind: OrganisationKind::University,
                partner_role: None,
                parent_id: None,
                website: None,
            })
            .await
            .expect("organisation created")
    }

    pub async fn person(&self, email: &str, name: &str) -> Person {
        self.client
            .create_person(&CreatePerson {
                email: email.into(),
                full_name: name.into(),
                organisation_id: None,
                position: None,
                locale: None,
                phone: None,
                time_zone: None,
            })
            .await
            .expect("person created")
    }

    pub async fn world(&self) -> World {
        let programme = self
            .client
            .create_programme(&CreateProgramme {
                slug: "education-innovation-programme".into(),
                name: text(
                    "Izglītības inovāciju programma",
                    "Education Innovation Programme",
                ),
                summary: None,
            })
            .await
            .expect("programme created");
        let track = self
            .client
            .create_track(&CreateTrack {
                programme_id: programme.programme.id,
                slug: "project-management".into(),
                name: text("Projektu vadības grupa", "Project Management Group"),
                kind: TrackKind::Project,
                summary: None,
            })
            .await
            .expect("track created");
        let cohort = self
            .client
            .create_cohort(&CreateCohort {
                programme_id: programme.programme.id,
                slug: "eip-2023".into(),
                name: text("2023. gada uzņemšana", "2023 intake"),
                starts_on: "2023-05-19".parse().expect("date"),
                ends_on: None,
                capacity: 74,
                venue: None,
                status: None,
            })
            .await
            .expect("cohort created");
        let host = self
            .organisation("riga-stradins-university", "Rīga Stradiņš University")
            .await;
        let lead = self.person("lead@example.lv", "Anna Bērziņa").await;
        let member = self.person("member@example.lv", "Jānis Kalniņš").await;
        World {
            programme,
            track,
            cohort,
            host,
            lead,
            member,
        }
    }

    pub async fn project(
        &self,
        w: &World,
        slug: &str,
        title_en: &str,
        hosts: Vec<OrganisationId>,
    ) -> ProjectDetail {
        self.client
            .create_project(&CreateProject {
                cohort_id: w.cohort.id,
                track_id: Some(w.track.id),
                slug: slug.into(),
                title: text(&format!("{title_en} (lv)"), title_en),
                summary: None,
                status: None,
                host_ids: hosts,
                team: vec![
                    TeamMemberInput {
                        person_id: w.lead.id,
                        role: TeamRole::Lead,
                    },
                    TeamMemberInput {
                        person_id: w.member.id,
                        role: TeamRole::Member,
                    },
                ],
            })
            .await
            .expect("project created")
    }

    pub async fn mentor(&self, email: &str, name: &str, tags: &[&str], capacity: i32) -> Mentor {
        let p = self.person(email, name).await;
        self.client
            .create_mentor(&CreateMentor {
                person_id: p.id,
                title: "MIT J-WEL expert".into(),
                organisation_id: None,
                bio: None,
                expertise: tags.iter().map(|t| t.to_string()).collect(),
                capacity,
            })
            .await
            .expect("mentor created")
    }
}
