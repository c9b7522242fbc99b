//! The permission matrix: every operation of the served OpenAPI document, called by every
//! kind of caller, with the outcome the rules of DESIGN.md give. An operation the matrix
//! does not know fails the test, so a new endpoint cannot skip its rules.
//!
//! Allowed calls must succeed (2xx); refused ones must answer 401 (nobody signed in) or 403
//! (a bulk call refused record by record: its 422, with every failing item 403).
//! Answers to anonymous callers, the funder and partner clients must hold no e-mail address
//! or phone number of the people in the data.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use eil_shared::auth::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, account, spawn_app};

const PASSWORD: &str = "a long test password";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    /// A participant on the team of project A.
    Member,
    /// A participant on the team of project B only.
    Outsider,
    /// The mentor assigned to project A.
    Mentor,
    /// A mentor of no project.
    OtherMentor,
    Coordinator,
    Funder,
    Admin,
    /// The partner client of the organisation hosting project A, with every scope.
    Client,
    ClientWithoutCatalogue,
    ClientWithoutProjectsRead,
    ClientWithoutProjectsWrite,
    /// Without `enrolments:read` and `enrolments:write`.
    ClientWithoutEnrolments,
    /// The client of another institution (hosting project B), with every scope.
    ForeignClient,
}

use Who::*;

const EVERYONE: &[Who] = &[
    Anonymous,
    Member,
    Outsider,
    Mentor,
    OtherMentor,
    Coordinator,
    Funder,
    Admin,
    Client,
    ClientWithoutCatalogue,
    ClientWithoutProjectsRead,
    ClientWithoutProjectsWrite,
    ClientWithoutEnrolments,
    ForeignClient,
];
const PEOPLE: &[Who] = &[
    Anonymous,
    Member,
    Outsider,
    Mentor,
    OtherMentor,
    Coordinator,
    Funder,
    Admin,
];
const SIGNED_IN_PEOPLE: &[Who] = &[
    Member,
    Outsider,
    Mentor,
    OtherMentor,
    Coordinator,
    Funder,
    Admin,
];
const STAFF: &[Who] = &[Coordinator, Admin];

fn with(base: &[Who], extra: &[Who]) -> Vec<Who> {
    base.iter().chain(extra).copied().collect()
}

/// Who may call each operation.
fn allowed(op: &str) -> Option<Vec<Who>> {
    // Clients holding each scope; `own` = of the organisation hosting project A.
    let catalogue = [
        Client,
        ClientWithoutProjectsRead,
        ClientWithoutProjectsWrite,
        ClientWithoutEnrolments,
        ForeignClient,
    ];
    let projects_read_any = [
        Client,
        ClientWithoutCatalogue,
        ClientWithoutProjectsWrite,
        ClientWithoutEnrolments,
        ForeignClient,
    ];
    let projects_read_own = [
        Client,
        ClientWithoutCatalogue,
        ClientWithoutProjectsWrite,
        ClientWithoutEnrolments,
    ];
    let projects_write_own = [
        Client,
        ClientWithoutCatalogue,
        ClientWithoutProjectsRead,
        ClientWithoutEnrolments,
    ];
    let enrolments_any = [
        Client,
        ClientWithoutCatalogue,
        ClientWithoutProjectsRead,
        ClientWithoutProjectsWrite,
        ForeignClient,
    ];
    let enrolments_own = [
        Client,
        ClientWithoutCatalogue,
        ClientWithoutProjectsRead,
        ClientWithoutProjectsWrite,
    ];
    Some(match op {
        "healthz" | "readyz" => EVERYONE.to_vec(),
        // Sign-in takes credentials in the body; a token sent along changes nothing.
        "login" | "refresh" | "logout" | "token" | "accept_invitation" => EVERYONE.to_vec(),
        "request_password_reset" | "confirm_password_reset" => EVERYONE.to_vec(),
        "me" => SIGNED_IN_PEOPLE.to_vec(),

        "list_programmes"
        | "get_programme"
        | "list_tracks"
        | "get_track"
        | "list_cohorts"
        | "get_cohort"
        | "list_organisations"
        | "get_organisation"
        | "list_events"
        | "get_event"
        | "list_mentors"
        | "get_mentor"
        | "list_availability"
        | "get_availability_slot" => with(PEOPLE, &catalogue),

        "list_projects" => with(PEOPLE, &projects_read_any),
        "get_project"
        | "list_project_mentors"
        | "get_project_mentor"
        | "list_milestones"
        | "get_milestone"
        | "list_progress_updates"
        | "get_progress_update" => with(PEOPLE, &projects_read_own),
        "list_enrolments" => with(PEOPLE, &enrolments_any),
        "get_kpis" => with(&[Coordinator, Funder, Admin], &catalogue),
        "get_enrolment" => with(PEOPLE, &enrolments_own),
        // Enrolling and changing need `enrolments:write`; the people are of the client's own
        // organisation, so the foreign client is refused.
        "create_enrolment" | "update_enrolment" | "bulk_enrolments" => with(STAFF, &enrolments_own),
        "list_people" | "get_person" | "list_sessions" | "get_session" => PEOPLE.to_vec(),

        "create_project" => with(STAFF, &projects_write_own),
        // The body changes the title: the team's share, not the mentor's (status).
        "update_project" => with(&[Coordinator, Admin, Member], &projects_write_own),
        "create_milestone" | "update_milestone" | "delete_milestone" | "bulk_milestones" => {
            with(&[Coordinator, Admin, Member], &projects_write_own)
        }
        "create_progress_update" | "update_progress_update" | "delete_progress_update" => {
            vec![Coordinator, Admin, Member]
        }
        "create_session" => vec![Coordinator, Admin, Member],
        // The team cancels a session by its status; removing the record is staff work.
        "delete_session" => STAFF.to_vec(),
        "update_session" => vec![Coordinator, Admin, Member, Mentor],
        "update_mentor"
        | "create_availability_slot"
        | "update_availability_slot"
        | "delete_availability_slot" => vec![Coordinator, Admin, Mentor],
        "update_person" => vec![Coordinator, Admin, Member],

        "create_programme"
        | "update_programme"
        | "delete_programme"
        | "create_track"
        | "update_track"
        | "delete_track"
        | "create_cohort"
        | "update_cohort"
        | "delete_cohort"
        | "delete_enrolment"
        | "delete_project"
        | "assign_mentor"
        | "unassign_mentor"
        | "create_mentor"
        | "delete_mentor"
        | "create_organisation"
        | "update_organisation"
        | "delete_organisation"
        | "create_person"
        | "delete_person"
        | "create_event"
        | "update_event"
        | "delete_event"
        | "list_invitations"
        | "create_invitation"
        | "revoke_invitation" => STAFF.to_vec(),

        "list_accounts"
        | "set_roles"
        | "list_api_clients"
        | "get_api_client"
        | "create_api_client"
        | "rotate_api_client_secret"
        | "revoke_api_client"
        | "list_audit" => vec![Admin],

        // Every test client holds `webhooks:manage` and keeps its own subscriptions; the
        // one all calls work on belongs to `Client`.
        "list_webhooks" | "create_webhook" => with(
            &[Admin],
            &[
                Client,
                ClientWithoutCatalogue,
                ClientWithoutProjectsRead,
                ClientWithoutProjectsWrite,
                ClientWithoutEnrolments,
                ForeignClient,
            ],
        ),
        "get_webhook"
        | "update_webhook"
        | "delete_webhook"
        | "rotate_webhook_secret"
        | "ping_webhook"
        | "list_webhook_deliveries"
        | "redeliver_webhook_delivery" => vec![Admin, Client],
        "list_outbox" | "get_outbox_notice" | "retry_outbox_notice" => STAFF.to_vec(),
        _ => return None,
    })
}

/// The records every call works on, made once by an admin.
struct Fixture {
    own_org: String,
    programme: String,
    track: String,
    cohort: String,
    member: String,
    project_a: String,
    mentor_a: String,
    slot: String,
    session: String,
    milestone: String,
    update: String,
    enrolment: String,
    event: String,
    /// Contact details that only the person, coordinators and admins may see.
    secrets: Vec<String>,
}

struct Ctx<'a> {
    app: &'a TestApp,
    fx: Fixture,
    n: AtomicU32,
    client_credentials: (String, String),
    refresh_email: String,
    /// The access token of `Client`, and a webhook subscription it owns.
    client_token: String,
    webhook: String,
}

impl Ctx<'_> {
    fn next(&self) -> u32 {
        self.n.fetch_add(1, Ordering::Relaxed)
    }

    async fn admin(&self, method: Method, path: &str, body: Value) -> Value {
        let r = self
            .app
            .http
            .request(method, format!("{}/api/v1{path}", self.app.address))
            .json(&body)
            .send()
            .await
            .expect("answer");
        let status = r.status();
        let value: Value = r.json().await.unwrap_or(Value::Null);
        assert!(
            status.is_success(),
            "set-up {path} failed: {status} {value}"
        );
        value
    }

    async fn post(&self, path: &str, body: Value) -> String {
        let v = self.admin(Method::POST, path, body).await;
        v.get("id")
            .or_else(|| v.pointer("/project/id"))
            .or_else(|| v.pointer("/programme/id"))
            .or_else(|| v.pointer("/client/id"))
            .or_else(|| v.pointer("/invitation/id"))
            .and_then(Value::as_str)
            .expect("an id")
            .to_string()
    }

    async fn org(&self) -> String {
        let n = self.next();
        self.post(
            "/organisations",
            json!({"slug": format!("org-{n}"), "name": {"lv": "Org", "en": "Org"}, "kind": "university"}),
        )
        .await
    }

    async fn person(&self, org: Option<&str>) -> String {
        let n = self.next();
        self.post(
            "/people",
            json!({"email": format!("p{n}@example.lv"), "full_name": format!("Person {n}"), "organisation_id": org, "phone": format!("+371 2000 {n:04}")}),
        )
        .await
    }

    async fn mentor(&self) -> String {
        let person = self.person(None).await;
        self.post(
            "/mentors",
            json!({"person_id": person, "title": "MIT J-WEL expert", "expertise": ["design"], "capacity": 3}),
        )
        .await
    }

    /// A new webhook subscription of `Client` (to a port nobody listens on).
    async fn client_webhook(&self) -> String {
        let r = reqwest::Client::new()
            .post(format!("{}/api/v1/webhooks", self.app.address))
            .bearer_auth(&self.client_token)
            .json(&json!({"url": "http://127.0.0.1:9/hooks", "event_types": ["project.*"]}))
            .send()
            .await
            .expect("answer");
        assert_eq!(r.status().as_u16(), 201, "set-up of a client webhook");
        let v: Value = r.json().await.expect("JSON");
        v["webhook"]["id"].as_str().expect("id").to_string()
    }

    /// A notice in the outbox that has failed: a delivery of `webhook`, or an e-mail.
    async fn failed_notice(&self, webhook: Option<&str>) -> String {
        let pool = self.app.pool.clone();
        let webhook: Option<eil_shared::WebhookId> =
            webhook.map(|w| w.parse().expect("webhook id"));
        tokio::task::spawn_blocking(move || {
            use diesel::connection::SimpleConnection;
            use eil_backend::db::models::notice;
            let mut c = pool.get().expect("connection");
            let id = notice::insert(
                &mut c,
                notice::New {
                    channel: if webhook.is_some() {
                        eil_shared::notice::Channel::Webhook
                    } else {
                        eil_shared::notice::Channel::Email
                    },
                    event_type: "test",
                    subscription_id: webhook,
                    recipient: "someone",
                    payload: "{}",
                    at: chrono::Utc::now(),
                },
            )
            .expect("queued")
            .to_string();
            c.batch_execute(&format!(
                "UPDATE notices SET status = 'failed' WHERE id = '{id}'"
            ))
            .expect("failed");
            id
        })
        .await
        .expect("task")
    }

    /// A one-hour window no other call uses.
    fn window(&self) -> (String, String) {
        let h = 1000 + self.next() * 2;
        let start = chrono::DateTime::parse_from_rfc3339("2030-01-01T00:00:00Z")
            .expect("date")
            .to_utc()
            + chrono::Duration::hours(i64::from(h));
        let end = start + chrono::Duration::hours(1);
        (start.to_rfc3339(), end.to_rfc3339())
    }

    async fn session(&self) -> String {
        let (s, e) = self.window();
        self.post(
            "/sessions",
            json!({"project_id": self.fx.project_a, "mentor_id": self.fx.mentor_a, "starts_at": s, "ends_at": e, "mode": "online"}),
        )
        .await
    }
}

/// The request an operation is tried with: method, path below `/api/v1` (or absolute
/// for the health checks) and body. Records a call would delete are made fresh.
async fn request(ctx: &Ctx<'_>, op: &str) -> (Method, String, Option<Value>) {
    let fx = &ctx.fx;
    let n = ctx.next();
    let slug = format!("x-{n}");
    let name = json!({"lv": format!("Nosaukums {n}"), "en": format!("Name {n}")});
    let (get, post, patch, delete) = (Method::GET, Method::POST, Method::PATCH, Method::DELETE);
    let a = &fx.project_a;
    match op {
        "healthz" => (get, "/healthz".into(), None),
        "readyz" => (get, "/readyz".into(), None),
        "login" => (
            post,
            "/auth/login".into(),
            Some(json!({"email": ctx.refresh_email, "password": PASSWORD})),
        ),
        "refresh" => {
            let pair: Value = ctx
                .app
                .anon
                .login(&ctx.refresh_email, PASSWORD)
                .await
                .map(|p| json!(p))
                .expect("sign in");
            (
                post,
                "/auth/refresh".into(),
                Some(json!({"refresh_token": pair["refresh_token"]})),
            )
        }
        "logout" => (
            post,
            "/auth/logout".into(),
            Some(json!({"refresh_token": "unknown"})),
        ),
        "token" => (post, "/auth/token".into(), None),
        "accept_invitation" => {
            let v = ctx
                .admin(
                    post.clone(),
                    "/invitations",
                    json!({"email": format!("invitee{n}@example.lv"), "full_name": "Invitee", "roles": ["participant"]}),
                )
                .await;
            (
                post,
                "/auth/invitation".into(),
                Some(json!({"token": v["token"], "password": "a good long passphrase"})),
            )
        }
        "request_password_reset" => (
            post,
            "/auth/password-reset".into(),
            Some(json!({"email": format!("forgetful{n}@example.lv")})),
        ),
        "confirm_password_reset" => {
            // A reset link of an account of its own, stored as the request would store it.
            let email = format!("reset{n}@example.lv");
            account(
                &ctx.app.pool,
                &email,
                PASSWORD,
                Role::Participant,
                &ctx.app.anon,
            )
            .await;
            let token = format!("matrix-reset-token-{n}");
            let (pool, hash) = (ctx.app.pool.clone(), eil_backend::auth::secret_hash(&token));
            tokio::task::spawn_blocking(move || {
                use diesel::prelude::*;
                use eil_backend::db::schema::people;
                let mut c = pool.get().expect("connection");
                let person_id: String = people::table
                    .filter(people::email.eq(&email))
                    .select(people::id)
                    .first(&mut *c)
                    .expect("person");
                let now = chrono::Utc::now();
                eil_backend::db::models::password_reset::insert(
                    &mut c,
                    &eil_backend::db::models::password_reset::ResetRow {
                        id: eil_backend::db::new_id(),
                        person_id,
                        token_hash: hash,
                        expires_at: eil_backend::db::ts(now + chrono::Duration::hours(1)),
                        used_at: None,
                        created_at: eil_backend::db::ts(now),
                    },
                )
                .expect("reset link");
            })
            .await
            .expect("task");
            (
                post,
                "/auth/password-reset/confirm".into(),
                Some(json!({"token": token, "password": "a good long passphrase"})),
            )
        }
        "me" => (get, "/auth/me".into(), None),

        "list_programmes" => (get, "/programmes".into(), None),
        "get_programme" => (get, format!("/programmes/{}", fx.programme), None),
        "create_programme" => (
            post,
            "/programmes".into(),
            Some(json!({"slug": slug, "name": name})),
        ),
        "update_programme" => (
            patch,
            format!("/programmes/{}", fx.programme),
            Some(json!({"summary": name})),
        ),
        "delete_programme" => {
            let id = ctx
                .post("/programmes", json!({"slug": slug, "name": name}))
                .await;
            (delete, format!("/programmes/{id}"), None)
        }
        "list_tracks" => (get, "/tracks".into(), None),
        "get_track" => (get, format!("/tracks/{}", fx.track), None),
        "create_track" => (
            post,
            "/tracks".into(),
            Some(
                json!({"programme_id": fx.programme, "slug": slug, "name": name, "kind": "project"}),
            ),
        ),
        "update_track" => (
            patch,
            format!("/tracks/{}", fx.track),
            Some(json!({"summary": name})),
        ),
        "delete_track" => {
            let id = ctx
                .post("/tracks", json!({"programme_id": fx.programme, "slug": slug, "name": name, "kind": "project"}))
                .await;
            (delete, format!("/tracks/{id}"), None)
        }
        "list_cohorts" => (get, "/cohorts".into(), None),
        "get_cohort" => (get, format!("/cohorts/{}", fx.cohort), None),
        "create_cohort" => (
            post,
            "/cohorts".into(),
            Some(
                json!({"programme_id": fx.programme, "slug": slug, "name": name, "starts_on": "2031-01-01", "capacity": 10}),
            ),
        ),
        "update_cohort" => (
            patch,
            format!("/cohorts/{}", fx.cohort),
            Some(json!({"venue": "Riga"})),
        ),
        "delete_cohort" => {
            let id = ctx
                .post("/cohorts", json!({"programme_id": fx.programme, "slug": slug, "name": name, "starts_on": "2031-01-01", "capacity": 10}))
                .await;
            (delete, format!("/cohorts/{id}"), None)
        }
        "list_enrolments" => (get, "/enrolments".into(), None),
        "get_enrolment" => (get, format!("/enrolments/{}", fx.enrolment), None),
        "create_enrolment" => {
            let p = ctx.person(Some(&fx.own_org)).await;
            (
                post,
                "/enrolments".into(),
                Some(json!({"person_id": p, "cohort_id": fx.cohort})),
            )
        }
        "bulk_enrolments" => {
            let p = ctx.person(Some(&fx.own_org)).await;
            (
                post,
                "/enrolments/bulk".into(),
                Some(json!({"items": [
                    {"person_id": p, "cohort_id": fx.cohort},
                    {"id": fx.enrolment, "role": "participant"},
                ]})),
            )
        }
        "update_enrolment" => (
            patch,
            format!("/enrolments/{}", fx.enrolment),
            Some(json!({"role": "participant"})),
        ),
        "delete_enrolment" => {
            let p = ctx.person(None).await;
            let id = ctx
                .post(
                    "/enrolments",
                    json!({"person_id": p, "cohort_id": fx.cohort}),
                )
                .await;
            (delete, format!("/enrolments/{id}"), None)
        }
        "list_organisations" => (get, "/organisations".into(), None),
        "get_organisation" => (get, format!("/organisations/{}", fx.own_org), None),
        "create_organisation" => (
            post,
            "/organisations".into(),
            Some(json!({"slug": slug, "name": name, "kind": "hospital"})),
        ),
        "update_organisation" => (
            patch,
            format!("/organisations/{}", fx.own_org),
            Some(json!({"website": "https://www.lu.lv"})),
        ),
        "delete_organisation" => {
            let id = ctx.org().await;
            (delete, format!("/organisations/{id}"), None)
        }
        "list_people" => (get, "/people".into(), None),
        "get_person" => (get, format!("/people/{}", fx.member), None),
        "create_person" => (
            post,
            "/people".into(),
            Some(json!({"email": format!("new{n}@example.lv"), "full_name": "New Person"})),
        ),
        "update_person" => (
            patch,
            format!("/people/{}", fx.member),
            Some(json!({"position": "Vice-rector"})),
        ),
        "delete_person" => {
            let id = ctx.person(None).await;
            (delete, format!("/people/{id}"), None)
        }
        "list_projects" => (get, "/projects".into(), None),
        "get_project" => (get, format!("/projects/{a}"), None),
        "create_project" => (
            post,
            "/projects".into(),
            Some(
                json!({"cohort_id": fx.cohort, "slug": slug, "title": name, "host_ids": [fx.own_org]}),
            ),
        ),
        "update_project" => (
            patch,
            format!("/projects/{a}"),
            Some(json!({"title": name})),
        ),
        "delete_project" => {
            let id = ctx
                .post("/projects", json!({"cohort_id": fx.cohort, "slug": slug, "title": name, "host_ids": [fx.own_org]}))
                .await;
            (delete, format!("/projects/{id}"), None)
        }
        "list_project_mentors" => (get, format!("/projects/{a}/mentors"), None),
        "get_project_mentor" => (get, format!("/projects/{a}/mentors/{}", fx.mentor_a), None),
        "assign_mentor" => {
            let m = ctx.mentor().await;
            (
                post,
                format!("/projects/{a}/mentors"),
                Some(json!({"mentor_id": m})),
            )
        }
        "unassign_mentor" => {
            let m = ctx.mentor().await;
            ctx.admin(
                Method::POST,
                &format!("/projects/{a}/mentors"),
                json!({"mentor_id": m}),
            )
            .await;
            (delete, format!("/projects/{a}/mentors/{m}"), None)
        }
        "list_milestones" => (get, format!("/projects/{a}/milestones"), None),
        "get_milestone" => (
            get,
            format!("/projects/{a}/milestones/{}", fx.milestone),
            None,
        ),
        "create_milestone" => (
            post,
            format!("/projects/{a}/milestones"),
            Some(json!({"title": name, "due_on": "2031-03-01"})),
        ),
        "update_milestone" => (
            patch,
            format!("/projects/{a}/milestones/{}", fx.milestone),
            Some(json!({"title": name})),
        ),
        "bulk_milestones" => (
            post,
            format!("/projects/{a}/milestones/bulk"),
            Some(json!({"items": [
                {"title": name, "due_on": "2031-03-01"},
                {"id": fx.milestone, "title": name},
            ]})),
        ),
        "delete_milestone" => {
            let id = ctx
                .post(
                    &format!("/projects/{a}/milestones"),
                    json!({"title": name, "due_on": "2031-03-01"}),
                )
                .await;
            (delete, format!("/projects/{a}/milestones/{id}"), None)
        }
        "list_progress_updates" => (get, format!("/projects/{a}/updates"), None),
        "get_progress_update" => (get, format!("/projects/{a}/updates/{}", fx.update), None),
        "create_progress_update" => (
            post,
            format!("/projects/{a}/updates"),
            Some(json!({"author_id": fx.member, "body": "Interviews done."})),
        ),
        "update_progress_update" => (
            patch,
            format!("/projects/{a}/updates/{}", fx.update),
            Some(json!({"body": "Interviews done; pilots next."})),
        ),
        "delete_progress_update" => {
            let id = ctx
                .post(
                    &format!("/projects/{a}/updates"),
                    json!({"author_id": fx.member, "body": "To be removed."}),
                )
                .await;
            (delete, format!("/projects/{a}/updates/{id}"), None)
        }
        "list_mentors" => (get, "/mentors".into(), None),
        "get_mentor" => (get, format!("/mentors/{}", fx.mentor_a), None),
        "create_mentor" => {
            let p = ctx.person(None).await;
            (
                post,
                "/mentors".into(),
                Some(json!({"person_id": p, "title": "Expert", "expertise": [], "capacity": 1})),
            )
        }
        "update_mentor" => (
            patch,
            format!("/mentors/{}", fx.mentor_a),
            Some(json!({"title": "MIT J-WEL mentor"})),
        ),
        "delete_mentor" => {
            let id = ctx.mentor().await;
            (delete, format!("/mentors/{id}"), None)
        }
        "list_availability" => (get, format!("/mentors/{}/availability", fx.mentor_a), None),
        "get_availability_slot" => (
            get,
            format!("/mentors/{}/availability/{}", fx.mentor_a, fx.slot),
            None,
        ),
        "create_availability_slot" => {
            let (s, e) = ctx.window();
            (
                post,
                format!("/mentors/{}/availability", fx.mentor_a),
                Some(json!({"starts_at": s, "ends_at": e})),
            )
        }
        "update_availability_slot" => {
            let (s, e) = ctx.window();
            (
                patch,
                format!("/mentors/{}/availability/{}", fx.mentor_a, fx.slot),
                Some(json!({"starts_at": s, "ends_at": e})),
            )
        }
        "delete_availability_slot" => {
            let (s, e) = ctx.window();
            let id = ctx
                .post(
                    &format!("/mentors/{}/availability", fx.mentor_a),
                    json!({"starts_at": s, "ends_at": e}),
                )
                .await;
            (
                delete,
                format!("/mentors/{}/availability/{id}", fx.mentor_a),
                None,
            )
        }
        "list_sessions" => (get, "/sessions".into(), None),
        "get_session" => (get, format!("/sessions/{}", fx.session), None),
        "create_session" => {
            let (s, e) = ctx.window();
            (
                post,
                "/sessions".into(),
                Some(
                    json!({"project_id": a, "mentor_id": fx.mentor_a, "starts_at": s, "ends_at": e, "mode": "online"}),
                ),
            )
        }
        "update_session" => (
            patch,
            format!("/sessions/{}", fx.session),
            Some(json!({"agenda": "Pilot plan"})),
        ),
        "delete_session" => {
            let id = ctx.session().await;
            (delete, format!("/sessions/{id}"), None)
        }
        "list_events" => (get, "/events".into(), None),
        "get_event" => (get, format!("/events/{}", fx.event), None),
        "create_event" => {
            let (s, e) = ctx.window();
            (
                post,
                "/events".into(),
                Some(
                    json!({"slug": slug, "kind": "workshop", "programme_id": fx.programme, "title": name, "starts_at": s, "ends_at": e}),
                ),
            )
        }
        "update_event" => (
            patch,
            format!("/events/{}", fx.event),
            Some(json!({"venue": "RBS"})),
        ),
        "delete_event" => {
            let (s, e) = ctx.window();
            let id = ctx
                .post("/events", json!({"slug": slug, "kind": "workshop", "programme_id": fx.programme, "title": name, "starts_at": s, "ends_at": e}))
                .await;
            (delete, format!("/events/{id}"), None)
        }
        "list_invitations" => (get, "/invitations".into(), None),
        "create_invitation" => (
            post,
            "/invitations".into(),
            Some(
                json!({"email": format!("inv{n}@example.lv"), "full_name": "Invitee", "roles": ["participant"]}),
            ),
        ),
        "revoke_invitation" => {
            let id = ctx
                .post("/invitations", json!({"email": format!("inv{n}@example.lv"), "full_name": "Invitee", "roles": ["mentor"]}))
                .await;
            (delete, format!("/invitations/{id}"), None)
        }
        "list_accounts" => (get, "/accounts".into(), None),
        "set_roles" => (
            Method::PUT,
            format!("/accounts/{}/roles", fx.member),
            Some(json!({"roles": ["participant"]})),
        ),
        "list_api_clients" => (get, "/clients".into(), None),
        "get_api_client" => (get, format!("/clients/{}", ctx.client_credentials.0), None),
        "create_api_client" => (
            post,
            "/clients".into(),
            Some(
                json!({"organisation_id": fx.own_org, "name": "SIS", "scopes": ["catalogue:read"]}),
            ),
        ),
        "rotate_api_client_secret" | "revoke_api_client" => {
            let id = ctx
                .post("/clients", json!({"organisation_id": fx.own_org, "name": "Spare", "scopes": ["catalogue:read"]}))
                .await;
            if op == "rotate_api_client_secret" {
                (post, format!("/clients/{id}/rotate"), None)
            } else {
                (delete, format!("/clients/{id}"), None)
            }
        }
        "list_audit" => (get, "/audit".into(), None),
        "get_kpis" => (get, "/kpis".into(), None),
        "list_webhooks" => (get, "/webhooks".into(), None),
        "create_webhook" => (
            post,
            "/webhooks".into(),
            Some(json!({"url": "http://127.0.0.1:9/hooks", "event_types": ["project.*"]})),
        ),
        "get_webhook" => (get, format!("/webhooks/{}", ctx.webhook), None),
        "update_webhook" => (
            patch,
            format!("/webhooks/{}", ctx.webhook),
            Some(json!({"description": format!("LMS {n}")})),
        ),
        "delete_webhook" => (
            delete,
            format!("/webhooks/{}", ctx.client_webhook().await),
            None,
        ),
        "rotate_webhook_secret" => (post, format!("/webhooks/{}/rotate", ctx.webhook), None),
        "ping_webhook" => (post, format!("/webhooks/{}/ping", ctx.webhook), None),
        "list_webhook_deliveries" => (get, format!("/webhooks/{}/deliveries", ctx.webhook), None),
        "redeliver_webhook_delivery" => {
            let notice = ctx.failed_notice(Some(&ctx.webhook)).await;
            (
                post,
                format!("/webhooks/{}/deliveries/{notice}/redeliver", ctx.webhook),
                None,
            )
        }
        "list_outbox" => (get, "/outbox".into(), None),
        "get_outbox_notice" | "retry_outbox_notice" => {
            let id = ctx.failed_notice(None).await;
            if op == "get_outbox_notice" {
                (get, format!("/outbox/{id}"), None)
            } else {
                (post, format!("/outbox/{id}/retry"), None)
            }
        }
        other => panic!("no request for `{other}`"),
    }
}

async fn fixture(ctx: &mut Ctx<'_>) -> BTreeMap<Who, Option<String>> {
    let app = ctx.app;
    let own_org = ctx.org().await;
    let foreign_org = ctx.org().await;
    let programme = ctx
        .post(
            "/programmes",
            json!({"slug": "eip", "name": {"lv": "Programma", "en": "Programme"}}),
        )
        .await;
    let track = ctx
        .post("/tracks", json!({"programme_id": programme, "slug": "pm", "name": {"lv": "T", "en": "T"}, "kind": "project"}))
        .await;
    let cohort = ctx
        .post("/cohorts", json!({"programme_id": programme, "slug": "c-2023", "name": {"lv": "K", "en": "C"}, "starts_on": "2023-05-19", "capacity": 74}))
        .await;
    let member = ctx.person(Some(&own_org)).await;
    let outsider = ctx.person(Some(&foreign_org)).await;
    let project = |slug: &str, host: &str, person: &str| {
        json!({"cohort_id": cohort, "track_id": track, "slug": slug, "title": {"lv": slug, "en": slug},
               "host_ids": [host], "team": [{"person_id": person, "role": "lead"}]})
    };
    let project_a = ctx
        .post("/projects", project("project-a", &own_org, &member))
        .await;
    ctx.post("/projects", project("project-b", &foreign_org, &outsider))
        .await;
    let mentor_a = ctx.mentor().await;
    let other_mentor = ctx.mentor().await;
    ctx.admin(
        Method::POST,
        &format!("/projects/{project_a}/mentors"),
        json!({"mentor_id": mentor_a}),
    )
    .await;
    let enrolment = ctx
        .post(
            "/enrolments",
            json!({"person_id": member, "cohort_id": cohort}),
        )
        .await;
    ctx.post(
        "/enrolments",
        json!({"person_id": outsider, "cohort_id": cohort}),
    )
    .await;
    let milestone = ctx
        .post(
            &format!("/projects/{project_a}/milestones"),
            json!({"title": {"lv": "M", "en": "M"}, "due_on": "2031-01-01"}),
        )
        .await;
    let update = ctx
        .post(
            &format!("/projects/{project_a}/updates"),
            json!({"author_id": member, "body": "Started."}),
        )
        .await;
    let (s, e) = ctx.window();
    let event = ctx
        .post("/events", json!({"slug": "launch", "kind": "launch", "programme_id": programme, "title": {"lv": "A", "en": "L"}, "starts_at": s, "ends_at": e}))
        .await;
    ctx.fx = Fixture {
        own_org: own_org.clone(),
        programme,
        track,
        cohort,
        member: member.clone(),
        project_a,
        mentor_a: mentor_a.clone(),
        slot: String::new(),
        session: String::new(),
        milestone,
        update,
        enrolment,
        event,
        secrets: vec![],
    };
    let (s, e) = ctx.window();
    ctx.fx.slot = ctx
        .post(
            &format!("/mentors/{mentor_a}/availability"),
            json!({"starts_at": s, "ends_at": e}),
        )
        .await;
    ctx.fx.session = ctx.session().await;

    // Every person's contact details, as only staff see them.
    let people = ctx
        .admin(Method::GET, "/people?limit=100", Value::Null)
        .await;
    for p in people["items"].as_array().expect("items") {
        for field in ["email", "phone"] {
            if let Some(v) = p[field].as_str() {
                ctx.fx.secrets.push(v.to_string());
            }
        }
    }

    // Sign-ins: people by e-mail of their person record, clients by the grant.
    let email_of = |id: &str| {
        people["items"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["id"] == id))
            .and_then(|p| p["email"].as_str())
            .expect("email")
            .to_string()
    };
    let mut mentor_people = Vec::new();
    for m in [&mentor_a, &other_mentor] {
        let v = ctx
            .admin(Method::GET, &format!("/mentors/{m}"), Value::Null)
            .await;
        mentor_people.push(v["person_id"].as_str().expect("person").to_string());
    }
    let (mentor_a_person, other_mentor_person) = (&mentor_people[0], &mentor_people[1]);
    let sign_in = |email: String, role: Role| async move {
        Some(account(&app.pool, &email, PASSWORD, role, &app.anon).await)
    };
    let mut tokens = BTreeMap::new();
    tokens.insert(Anonymous, None);
    tokens.insert(Member, sign_in(email_of(&member), Role::Participant).await);
    tokens.insert(
        Outsider,
        sign_in(email_of(&outsider), Role::Participant).await,
    );
    tokens.insert(
        Mentor,
        sign_in(email_of(mentor_a_person), Role::Mentor).await,
    );
    tokens.insert(
        OtherMentor,
        sign_in(email_of(other_mentor_person), Role::Mentor).await,
    );
    tokens.insert(
        Coordinator,
        sign_in("coordinator@example.lv".into(), Role::Coordinator).await,
    );
    tokens.insert(
        Funder,
        sign_in("funder@example.lv".into(), Role::Funder).await,
    );
    tokens.insert(
        Admin,
        sign_in("admin2@example.lv".into(), Role::Admin).await,
    );
    ctx.refresh_email = "funder@example.lv".into();
    let all = [
        "catalogue:read",
        "projects:read",
        "projects:write",
        "enrolments:read",
        "enrolments:write",
        "webhooks:manage",
    ];
    let clients = [
        (Client, &own_org, &[][..]),
        (ClientWithoutCatalogue, &own_org, &["catalogue:read"]),
        (ClientWithoutProjectsRead, &own_org, &["projects:read"]),
        (ClientWithoutProjectsWrite, &own_org, &["projects:write"]),
        (
            ClientWithoutEnrolments,
            &own_org,
            &["enrolments:read", "enrolments:write"],
        ),
        (ForeignClient, &foreign_org, &[]),
    ];
    for (who, org, missing) in clients {
        let scopes: Vec<&str> = all
            .iter()
            .copied()
            .filter(|s| !missing.contains(s))
            .collect();
        let made = ctx
            .admin(
                Method::POST,
                "/clients",
                json!({"organisation_id": org, "name": format!("{who:?}"), "scopes": scopes}),
            )
            .await;
        let (id, secret) = (
            made["client"]["id"].as_str().expect("id").to_string(),
            made["client_secret"].as_str().expect("secret").to_string(),
        );
        let token = app
            .anon
            .client_credentials(id.parse().expect("uuid"), &secret, None)
            .await
            .expect("token")
            .access_token;
        if who == Client {
            ctx.client_credentials = (id, secret);
            ctx.client_token = token.clone();
        }
        tokens.insert(who, Some(token));
    }
    ctx.webhook = ctx.client_webhook().await;
    tokens
}

/// A bulk call refuses record by record (a client naming another institution's people): the
/// answer is the bulk call's 422, and every item that failed was refused (403).
fn refused_item_by_item(op: &str, status: u16, text: &str) -> bool {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let items = body["items"].as_array().cloned().unwrap_or_default();
    op.starts_with("bulk_")
        && status == 422
        && items.iter().any(|i| i["status"] == 403)
        && items
            .iter()
            .all(|i| i["status"] == 403 || i["outcome"] == "not_applied")
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_the_rules_say() {
    let app = spawn_app().await;
    let doc: Value = reqwest::get(format!("{}/api-docs/openapi.json", app.address))
        .await
        .expect("document")
        .json()
        .await
        .expect("JSON");
    let mut ops = Vec::new();
    for (_, item) in doc["paths"].as_object().expect("paths") {
        for (_, op) in item.as_object().expect("item") {
            if let Some(id) = op["operationId"].as_str() {
                ops.push(id.to_string());
            }
        }
    }
    let missing: Vec<&String> = ops.iter().filter(|op| allowed(op).is_none()).collect();
    assert!(
        missing.is_empty(),
        "operations missing from the permission matrix: {missing:?}"
    );

    let mut ctx = Ctx {
        app: &app,
        fx: Fixture {
            own_org: String::new(),
            programme: String::new(),
            track: String::new(),
            cohort: String::new(),
            member: String::new(),
            project_a: String::new(),
            mentor_a: String::new(),
            slot: String::new(),
            session: String::new(),
            milestone: String::new(),
            update: String::new(),
            enrolment: String::new(),
            event: String::new(),
            secrets: vec![],
        },
        n: AtomicU32::new(0),
        client_credentials: (String::new(), String::new()),
        refresh_email: String::new(),
        client_token: String::new(),
        webhook: String::new(),
    };
    let tokens = fixture(&mut ctx).await;
    let http = reqwest::Client::new();
    let mut failures = Vec::new();
    let mut calls = 0;
    for op in &ops {
        let allow = allowed(op).expect("checked above");
        for (who, token) in &tokens {
            let (method, path, body) = request(&ctx, op).await;
            let url = if path.starts_with("/healthz") || path.starts_with("/readyz") {
                format!("{}{path}", app.address)
            } else {
                format!("{}/api/v1{path}", app.address)
            };
            let mut rb = http.request(method, url);
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if op == "token" {
                let (id, secret) = &ctx.client_credentials;
                rb = rb.form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", id),
                    ("client_secret", secret),
                ]);
            } else if let Some(b) = body {
                rb = rb.json(&b);
            }
            let r = rb.send().await.expect("answer");
            calls += 1;
            let status = r.status().as_u16();
            let text = r.text().await.unwrap_or_default();
            let expected_ok = allow.contains(who);
            let ok = if expected_ok {
                (200..300).contains(&status)
            } else if *who == Anonymous {
                status == 401
            } else {
                status == 403 || refused_item_by_item(op, status, &text)
            };
            if !ok {
                failures.push(format!(
                    "{op} as {who:?}: {status} (expected {}) {}",
                    if expected_ok {
                        "2xx"
                    } else if *who == Anonymous {
                        "401"
                    } else {
                        "403"
                    },
                    text.chars().take(160).collect::<String>()
                ));
            }
            let outsider = matches!(
                who,
                Anonymous
                    | Funder
                    | Client
                    | ClientWithoutCatalogue
                    | ClientWithoutProjectsRead
                    | ClientWithoutProjectsWrite
                    | ClientWithoutEnrolments
                    | ForeignClient
            );
            if outsider && let Some(s) = ctx.fx.secrets.iter().find(|s| text.contains(s.as_str())) {
                failures.push(format!("{op} as {who:?} shows personal data `{s}`"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {calls} calls broke the rules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
