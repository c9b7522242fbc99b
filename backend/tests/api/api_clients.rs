//! Partner-university API clients: the client-credentials grant, scopes, their own
//! organisation's records only, rotation and revocation.

use eil_shared::api_client::{ApiClientCredentials, CreateApiClient, Scope};
use eil_shared::client::Client;
use eil_shared::enrolment::CreateEnrolment;
use eil_shared::milestone::CreateMilestone;
use eil_shared::person::CreatePerson;
use eil_shared::project::{CreateProject, ProjectQuery, UpdateProject};
use eil_shared::{OrganisationId, Problem};
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, spawn_configured, status, text};

async fn new_client(app: &TestApp, org: OrganisationId, scopes: &[Scope]) -> ApiClientCredentials {
    app.client
        .create_api_client(&CreateApiClient {
            organisation_id: org,
            name: "Study information system".into(),
            scopes: scopes.to_vec(),
        })
        .await
        .expect("client created")
}

/// `POST /auth/token` with a raw form; the status and the JSON answer.
async fn grant(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.address))
        .form(form)
        .send()
        .await
        .expect("answer");
    (r.status().as_u16(), r.json().await.expect("JSON"))
}

async fn signed_in(app: &TestApp, c: &ApiClientCredentials) -> Client {
    let t = app
        .anon
        .client_credentials(c.client.id, &c.client_secret, None)
        .await
        .expect("token");
    Client::new(&app.address).with_token(t.access_token)
}

#[tokio::test]
async fn the_client_credentials_grant_follows_rfc_6749() {
    let app = spawn_app().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let c = new_client(&app, lu.id, &[Scope::CatalogueRead, Scope::ProjectsRead]).await;
    let id = c.client.id.to_string();

    let (code, body) = grant(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &c.client_secret),
        ],
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["scope"], "catalogue:read projects:read");

    // A narrower scope is granted; one the client does not hold is refused.
    let (code, body) = grant(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &c.client_secret),
            ("scope", "projects:read"),
        ],
    )
    .await;
    assert_eq!((code, body["scope"].as_str()), (200, Some("projects:read")));
    let (code, body) = grant(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", &c.client_secret),
            ("scope", "projects:write"),
        ],
    )
    .await;
    assert_eq!((code, body["error"].as_str()), (400, Some("invalid_scope")));

    let (code, body) = grant(
        &app,
        &[
            ("grant_type", "client_credentials"),
            ("client_id", &id),
            ("client_secret", "eil_cs_wrong"),
        ],
    )
    .await;
    assert_eq!(
        (code, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (code, body) = grant(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", &id),
            ("client_secret", &c.client_secret),
        ],
    )
    .await;
    assert_eq!(
        (code, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );

    // HTTP Basic works too; JSON is not the grant's format.
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.address))
        .basic_auth(&id, Some(&c.client_secret))
        .form(&[("grant_type", "client_credentials")])
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", app.address))
        .json(&serde_json::json!({"grant_type": "client_credentials", "client_id": id, "client_secret": c.client_secret}))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 400);
    let p: Problem = r.json().await.expect("problem");
    assert_eq!(p.error.as_deref(), Some("invalid_request"));
}

#[tokio::test]
async fn a_client_reads_and_writes_only_its_own_organisations_records() {
    let app = spawn_app().await;
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let ours = app
        .project(&w, "ours", "Ours", vec![lu.id, w.host.id])
        .await
        .project;
    let theirs = app
        .project(&w, "theirs", "Theirs", vec![w.host.id])
        .await
        .project;
    let all = [
        Scope::CatalogueRead,
        Scope::ProjectsRead,
        Scope::ProjectsWrite,
        Scope::EnrolmentsRead,
    ];
    let partner = signed_in(&app, &new_client(&app, lu.id, &all).await).await;

    let listed = partner
        .list_projects(&ProjectQuery::default())
        .await
        .expect("list");
    assert_eq!(
        listed.items.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![ours.id]
    );
    let other_host = ProjectQuery {
        host_id: Some(w.host.id),
        ..Default::default()
    };
    assert_eq!(status(partner.list_projects(&other_host).await), 403);
    assert_eq!(
        status(partner.get_project(&theirs.id.to_string()).await),
        403
    );
    partner
        .get_project("ours")
        .await
        .expect("its own project, by slug");

    let retitle = UpdateProject {
        title: Some(text("Mūsu", "Ours, renamed")),
        ..Default::default()
    };
    partner
        .update_project(ours.id, &retitle, None)
        .await
        .expect("updates its own project");
    assert_eq!(
        status(partner.update_project(theirs.id, &retitle, None).await),
        403
    );
    let drop_us = UpdateProject {
        host_ids: Some(vec![w.host.id]),
        ..Default::default()
    };
    assert_eq!(
        status(partner.update_project(ours.id, &drop_us, None).await),
        403
    );
    assert_eq!(
        status(partner.delete_project(ours.id).await),
        403,
        "deleting is staff work"
    );

    let create = |hosts: Vec<OrganisationId>, slug: &str| CreateProject {
        cohort_id: w.cohort.id,
        track_id: None,
        slug: slug.into(),
        title: text("Jauns", "New"),
        summary: None,
        status: None,
        host_ids: hosts,
        team: vec![],
    };
    assert_eq!(
        status(
            partner
                .create_project(&create(vec![w.host.id], "not-ours"))
                .await
        ),
        403
    );
    partner
        .create_project(&create(vec![lu.id], "new-ours"))
        .await
        .expect("creates a project it hosts");

    let m = CreateMilestone {
        title: text("Pilots", "Pilot"),
        due_on: "2024-01-10".parse().expect("date"),
        status: None,
    };
    partner
        .create_milestone(ours.id, &m)
        .await
        .expect("milestones of its project");
    assert_eq!(status(partner.create_milestone(theirs.id, &m).await), 403);
    assert_eq!(
        status(
            partner
                .list_milestones(theirs.id, &Default::default())
                .await
        ),
        403
    );

    // Nothing personal and nothing outside the scopes.
    assert_eq!(status(partner.list_people(&Default::default()).await), 403);
    assert_eq!(
        status(partner.list_sessions(&Default::default()).await),
        403
    );
    assert_eq!(status(partner.me().await), 403);

    // Enrolments: only of the organisation's people.
    let student = |email: &str, org| CreatePerson {
        email: email.into(),
        full_name: "Student".into(),
        organisation_id: org,
        position: None,
        locale: None,
        phone: None,
        time_zone: None,
    };
    let mine = app
        .client
        .create_person(&student("ours@lu.lv", Some(lu.id)))
        .await
        .expect("person");
    let other = app
        .client
        .create_person(&student("other@rsu.lv", Some(w.host.id)))
        .await
        .expect("person");
    let enrol = |p| CreateEnrolment {
        person_id: p,
        cohort_id: w.cohort.id,
        track_id: None,
        role: None,
        status: None,
    };
    let e_mine = app
        .client
        .create_enrolment(&enrol(mine.id))
        .await
        .expect("enrolled");
    let e_other = app
        .client
        .create_enrolment(&enrol(other.id))
        .await
        .expect("enrolled");
    let seen = partner
        .list_enrolments(&Default::default())
        .await
        .expect("list");
    assert_eq!(
        seen.items.iter().map(|e| e.id).collect::<Vec<_>>(),
        vec![e_mine.id]
    );
    assert_eq!(
        status(partner.get_enrolment(&e_other.id.to_string()).await),
        403
    );
}

#[tokio::test]
async fn scopes_limit_what_a_token_reaches() {
    let app = spawn_app().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let reader = signed_in(
        &app,
        &new_client(&app, lu.id, &[Scope::CatalogueRead]).await,
    )
    .await;
    reader
        .list_programmes(&Default::default())
        .await
        .expect("catalogue");
    let p = reader.list_projects(&ProjectQuery::default()).await;
    assert_eq!(status(p), 403);
    let problem = reader
        .list_enrolments(&Default::default())
        .await
        .expect_err("no scope");
    assert!(problem.to_string().contains("enrolments:read"), "{problem}");
}

#[tokio::test]
async fn rotating_or_revoking_ends_tokens_at_once() {
    let app = spawn_app().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let c = new_client(&app, lu.id, &[Scope::CatalogueRead]).await;
    let before = signed_in(&app, &c).await;
    before
        .list_events(&Default::default())
        .await
        .expect("works");

    let rotated = app
        .client
        .rotate_api_client_secret(c.client.id)
        .await
        .expect("rotated");
    assert_ne!(rotated.client_secret, c.client_secret);
    assert_eq!(status(before.list_events(&Default::default()).await), 401);
    assert_eq!(
        status(
            app.anon
                .client_credentials(c.client.id, &c.client_secret, None)
                .await
        ),
        401
    );
    let after = signed_in(&app, &rotated).await;
    after
        .list_events(&Default::default())
        .await
        .expect("the new secret works");

    app.client
        .revoke_api_client(c.client.id)
        .await
        .expect("revoked");
    assert_eq!(status(after.list_events(&Default::default()).await), 401);
    assert_eq!(
        status(
            app.anon
                .client_credentials(c.client.id, &rotated.client_secret, None)
                .await
        ),
        401
    );
    assert!(
        app.client
            .get_api_client(c.client.id)
            .await
            .expect("kept")
            .revoked_at
            .is_some()
    );
    assert_eq!(
        status(app.client.rotate_api_client_secret(c.client.id).await),
        409
    );
}

#[tokio::test]
async fn a_secret_is_shown_once_and_stored_only_as_a_hash() {
    let app = spawn_app().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let c = new_client(&app, lu.id, &[Scope::CatalogueRead]).await;
    assert!(c.client_secret.starts_with("eil_cs_") && c.client_secret.len() > 60);
    let listed = app
        .http
        .get(format!("{}/api/v1/clients", app.address))
        .send()
        .await
        .expect("list");
    let text = listed.text().await.expect("body");
    assert!(text.contains(&c.client.id.to_string()));
    assert!(!text.contains(&c.client_secret));

    let (pool, id) = (app.pool.clone(), c.client.id.to_string());
    let stored = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        eil_backend::db::models::api_client::row(&mut conn, &id)
            .expect("row")
            .secret_hash
    })
    .await
    .expect("task");
    assert!(!stored.contains(&c.client_secret));
    assert_eq!(stored, eil_backend::auth::secret_hash(&c.client_secret));

    // Only admins manage clients.
    let outsider = app.anon.list_api_clients(&Default::default()).await;
    assert_eq!(status(outsider), 401);
    let unknown_org = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: OrganisationId(uuid::Uuid::now_v7()),
            name: "x".into(),
            scopes: vec![Scope::CatalogueRead],
        })
        .await;
    assert_eq!(status(unknown_org), 409);
    let no_scopes = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: lu.id,
            name: " ".into(),
            scopes: vec![],
        })
        .await;
    assert_eq!(crate::helpers::fields(no_scopes), vec!["name", "scopes"]);
}

#[tokio::test]
async fn the_token_endpoint_is_rate_limited_per_client() {
    let app = spawn_configured(|c| {
        c.login_attempts = 2;
        c.login_window_secs = 60;
        c.trust_proxy = true;
    })
    .await;
    let id = uuid::Uuid::now_v7().to_string();
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", id.as_str()),
        ("client_secret", "guess"),
    ];
    // Each attempt from another address: the count that trips is the client's own.
    let attempt = |n: u8| {
        reqwest::Client::new()
            .post(format!("{}/api/v1/auth/token", app.address))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .form(&form)
            .send()
    };
    assert_eq!(attempt(1).await.expect("answer").status(), 401);
    assert_eq!(attempt(2).await.expect("answer").status(), 401);
    let r = attempt(3).await.expect("answer");
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
}
