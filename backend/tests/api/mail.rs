//! E-mail through a real SMTP conversation with the sink on loopback, and password reset.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use eil_backend::db::schema::{notice_attempts, notices, password_resets};
use eil_shared::Lang;
use eil_shared::auth::Role;
use eil_shared::client::Client;
use eil_shared::invitation::CreateInvitation;
use eil_shared::person::{CreatePerson, UpdatePerson};
use eil_shared::session::{CreateSession, SessionMode, SessionStatus, UpdateSession};

use crate::helpers::{TestApp, account, fields, spawn_app, spawn_configured, status};
use crate::smtp_sink::{Mail, SmtpSink};

const PASSWORD: &str = "the first long password";
const NEW_PASSWORD: &str = "a brand new long passphrase";

async fn app_with(sink: &SmtpSink) -> TestApp {
    let url = sink.url();
    spawn_configured(move |c| c.outbox.smtp_url = Some(url)).await
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

fn invite(email: &str) -> CreateInvitation {
    CreateInvitation {
        email: email.into(),
        full_name: "Inese Liepiņa".into(),
        organisation_id: None,
        roles: vec![Role::Participant],
    }
}

/// The e-mails of a kind (`email.invitation`) in the outbox: (recipient, status).
async fn outbox(app: &TestApp, kind: &'static str) -> Vec<(String, String)> {
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        notices::table
            .filter(notices::channel.eq("email"))
            .filter(notices::event_type.eq(kind))
            .select((notices::recipient, notices::status))
            .load::<(String, String)>(&mut *c)
            .expect("notices")
    })
    .await
    .expect("task")
}

/// The link on its own line of the plain text that starts with `prefix`.
fn link_in(mail: &Mail, prefix: &str) -> String {
    mail.text()
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no link {prefix} in {}", mail.text()))
        .trim()
        .to_string()
}

#[tokio::test]
async fn an_invitation_is_emailed_with_its_link_in_the_invitees_language() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    // Known already, reading English.
    app.client
        .create_person(&CreatePerson {
            email: "hanna@mit.edu".into(),
            full_name: "Hanna <H> Adeyema".into(),
            organisation_id: None,
            position: None,
            locale: Some(Lang::En),
            phone: None,
            time_zone: None,
        })
        .await
        .expect("person");
    let en = app
        .client
        .create_invitation(&invite("hanna@mit.edu"))
        .await
        .expect("invited");
    let lv = app
        .client
        .create_invitation(&invite("inese@rtu.lv"))
        .await
        .expect("invited");
    assert!(en.link.starts_with("http://hub.example/invitation#token="));

    let mail = &sink.wait_for("hanna@mit.edu", 1).await[0];
    assert_eq!(mail.subject(), "Your invitation to EIL Hub");
    assert_eq!(mail.from, "eil-hub@rbs.lv", "the envelope sender");
    assert!(
        mail.header("from")
            .expect("From")
            .contains("eil-hub@rbs.lv")
    );
    assert_eq!(
        link_in(mail, "http://"),
        en.link,
        "the link the coordinator saw"
    );
    assert!(mail.text().contains("Hello Hanna <H> Adeyema,"));
    assert!(mail.html().contains(&format!("href=\"{}\"", en.link)));
    assert!(
        mail.html().contains("Hanna &lt;H&gt; Adeyema"),
        "values are escaped in the HTML"
    );

    let mail = &sink.wait_for("inese@rtu.lv", 1).await[0];
    assert_eq!(mail.subject(), "Ielūgums uz EIL Hub", "Latvian by default");
    assert_eq!(link_in(mail, "http://"), lv.link);
    assert!(mail.text().contains("Labdien, Inese Liepiņa!"));
    // Recorded once the server has the SMTP reply, a moment after the sink has the message.
    for _ in 0..50 {
        let states = outbox(&app, "email.invitation").await;
        if states.len() == 2 && states.iter().all(|(_, s)| s == "sent") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the outbox says {:?}",
        outbox(&app, "email.invitation").await
    );
}

#[tokio::test]
async fn a_booking_tells_the_mentor_and_the_team_each_in_their_zone() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    let w = app.world().await;
    let project = app
        .project(&w, "proj-a", "Crisis care", vec![w.host.id])
        .await;
    let m = app.mentor("mentor@mit.edu", "Hanna Adeyema", &[], 5).await;
    let zone = UpdatePerson {
        time_zone: Some(Some("America/New_York".into())),
        locale: Some(Lang::En),
        ..Default::default()
    };
    app.client
        .update_person(m.person_id, &zone, None)
        .await
        .expect("zone set");
    let mars = UpdatePerson {
        time_zone: Some(Some("Mars/Olympus_Mons".into())),
        ..Default::default()
    };
    assert_eq!(
        fields(app.client.update_person(m.person_id, &mars, None).await),
        ["time_zone"]
    );
    app.client
        .assign_mentor(project.project.id, m.id)
        .await
        .expect("assigned");
    // 15:00 UTC on 12 March 2026: 11:00 in Boston (summer time since 8 March), 17:00 in Riga.
    let s = app
        .client
        .create_session(&CreateSession {
            project_id: project.project.id,
            mentor_id: m.id,
            starts_at: at("2026-03-12T15:00:00Z"),
            ends_at: at("2026-03-12T16:00:00Z"),
            mode: SessionMode::Online,
            location: None,
            agenda: Some("Pilot <scope>".into()),
        })
        .await
        .expect("booked");

    let mentor = &sink.wait_for("mentor@mit.edu", 1).await[0];
    assert_eq!(mentor.subject(), "Mentoring session booked: Crisis care");
    assert!(
        mentor
            .text()
            .contains("Time: 2026-03-12 11:00–12:00 (America/New_York)"),
        "{}",
        mentor.text()
    );
    assert!(mentor.html().contains("Pilot &lt;scope&gt;"));
    for member in ["lead@example.lv", "member@example.lv"] {
        let mail = &sink.wait_for(member, 1).await[0];
        assert_eq!(
            mail.subject(),
            "Mentoringa sesija pieteikta: Crisis care (lv)"
        );
        assert!(
            mail.text()
                .contains("Laiks: 2026-03-12 17:00–18:00 (Europe/Riga)"),
            "{}",
            mail.text()
        );
    }

    // Notes tell nobody; a cancellation tells everyone.
    let notes = UpdateSession {
        notes: Some(Some("Prepared.".into())),
        ..Default::default()
    };
    app.client
        .update_session(s.id, &notes, None)
        .await
        .expect("notes");
    let cancel = UpdateSession {
        status: Some(SessionStatus::Cancelled),
        ..Default::default()
    };
    app.client
        .update_session(s.id, &cancel, None)
        .await
        .expect("cancelled");
    let mentor = sink.wait_for("mentor@mit.edu", 2).await;
    assert_eq!(
        mentor[1].subject(),
        "Mentoring session cancelled: Crisis care"
    );
    let lead = sink.wait_for("lead@example.lv", 2).await;
    assert_eq!(
        lead[1].subject(),
        "Mentoringa sesija atcelta: Crisis care (lv)"
    );
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        sink.wait_for("lead@example.lv", 2).await.len(),
        2,
        "none for the notes"
    );
}

/// A person with a login; their first sign-in's refresh token.
async fn member(app: &TestApp, email: &str) -> (String, String) {
    let access = account(&app.pool, email, PASSWORD, Role::Participant, &app.anon).await;
    let pair = app.anon.login(email, PASSWORD).await.expect("signed in");
    (access, pair.refresh_token)
}

/// Asks for a reset of `email` and returns the token from the e-mail.
async fn reset_token(app: &TestApp, sink: &SmtpSink, email: &str, nth: usize) -> String {
    app.anon
        .request_password_reset(email)
        .await
        .expect("accepted");
    let mails = sink.wait_for(email, nth).await;
    let mail = &mails[nth - 1];
    let link = link_in(mail, "http://hub.example/reset-password#token=");
    link.rsplit_once("token=").expect("token").1.to_string()
}

#[tokio::test]
async fn a_password_is_reset_with_the_emailed_link_and_every_sign_in_ends() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    let email = "anna@rsu.lv";
    let (access, refresh) = member(&app, email).await;

    let token = reset_token(&app, &sink, email, 1).await;
    let mail = &sink.wait_for(email, 1).await[0];
    assert_eq!(mail.subject(), "EIL Hub paroles maiņa");
    assert!(mail.text().contains("vienu stundu"));

    // A weak password: 422 naming it, and nothing changed (the link still works).
    assert_eq!(
        fields(app.anon.confirm_password_reset(&token, "short").await),
        ["password"]
    );
    app.anon
        .login(email, PASSWORD)
        .await
        .expect("old password still works");

    app.anon
        .confirm_password_reset(&token, NEW_PASSWORD)
        .await
        .expect("password changed");
    assert_eq!(status(app.anon.login(email, PASSWORD).await), 401);
    app.anon
        .login(email, NEW_PASSWORD)
        .await
        .expect("new password works");
    assert_eq!(
        status(app.anon.refresh(&refresh).await),
        401,
        "refresh token revoked"
    );
    assert_eq!(
        status(Client::new(&app.address).with_token(access).me().await),
        401,
        "the old sign-in's access token stops working"
    );
    assert_eq!(
        status(
            app.anon
                .confirm_password_reset(&token, "yet another long one")
                .await
        ),
        401,
        "the link works once"
    );
}

#[tokio::test]
async fn an_unknown_address_gets_the_same_answer_and_no_email() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    member(&app, "known@rsu.lv").await;
    let ask = |email: &str| {
        let (http, url) = (
            reqwest::Client::new(),
            format!("{}/api/v1/auth/password-reset", app.address),
        );
        let body = serde_json::json!({ "email": email });
        async move {
            let r = http.post(url).json(&body).send().await.expect("answer");
            (r.status().as_u16(), r.text().await.expect("body"))
        }
    };
    let known = ask("known@rsu.lv").await;
    let unknown = ask("nobody@rsu.lv").await;
    assert_eq!(known.0, 202);
    assert_eq!(known, unknown, "the same status and body");
    sink.wait_for("known@rsu.lv", 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(sink.mails().iter().all(|m| m.to != ["nobody@rsu.lv"]));
    assert_eq!(outbox(&app, "email.password_reset").await.len(), 1);
    assert_eq!(ask("not an address").await.0, 422);
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    let email = "late@rsu.lv";
    member(&app, email).await;
    let token = reset_token(&app, &sink, email, 1).await;
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        let past = eil_backend::db::ts(Utc::now() - chrono::Duration::minutes(1));
        diesel::update(password_resets::table)
            .set(password_resets::expires_at.eq(past))
            .execute(&mut *c)
            .expect("expired")
    })
    .await
    .expect("task");
    assert_eq!(
        status(app.anon.confirm_password_reset(&token, NEW_PASSWORD).await),
        401
    );
    app.anon
        .login(email, PASSWORD)
        .await
        .expect("password unchanged");
}

#[tokio::test]
async fn reset_requests_are_limited_per_address() {
    let app = spawn_configured(|c| c.login_attempts = 3).await;
    for _ in 0..3 {
        app.anon
            .request_password_reset("someone@rsu.lv")
            .await
            .expect("accepted");
    }
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/password-reset", app.address))
        .json(&serde_json::json!({ "email": "someone@rsu.lv" }))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status().as_u16(), 429);
    assert!(r.headers().get("retry-after").is_some());
    app.anon
        .request_password_reset("someone.else@rsu.lv")
        .await
        .expect("another address has its own count");
}

#[tokio::test]
async fn one_account_gets_at_most_three_links_an_hour() {
    let sink = SmtpSink::start().await;
    let app = app_with(&sink).await;
    member(&app, "busy@rsu.lv").await;
    for _ in 0..5 {
        app.anon
            .request_password_reset("busy@rsu.lv")
            .await
            .expect("accepted");
    }
    sink.wait_for("busy@rsu.lv", 3).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.wait_for("busy@rsu.lv", 3).await.len(), 3);
}

#[tokio::test]
async fn without_smtp_emails_wait_in_the_outbox_and_writes_succeed() {
    let app = spawn_app().await;
    let made = app
        .client
        .create_invitation(&invite("waiting@rtu.lv"))
        .await
        .expect("the write succeeds");
    assert!(made.link.contains("#token="));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        outbox(&app, "email.invitation").await,
        [("waiting@rtu.lv".to_string(), "pending".to_string())]
    );
}

#[tokio::test]
async fn a_refused_email_is_recorded_and_retried_then_failed() {
    let sink = SmtpSink::refusing().await;
    let url = sink.url();
    let app = spawn_configured(move |c| {
        c.outbox.smtp_url = Some(url);
        c.outbox.retry_secs = vec![1, 1];
    })
    .await;
    app.client
        .create_invitation(&invite("nobody@rtu.lv"))
        .await
        .expect("the write does not wait for the e-mail");
    sink.until("three attempts", |s| s.rcpt_attempts() >= 3)
        .await;
    let pool = app.pool.clone();
    let (state, attempts) = tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        for _ in 0..50 {
            let (id, state): (String, String) = notices::table
                .filter(notices::event_type.eq("email.invitation"))
                .select((notices::id, notices::status))
                .first(&mut *c)
                .expect("notice");
            let attempts: Vec<(String, Option<i32>)> = notice_attempts::table
                .filter(notice_attempts::notice_id.eq(&id))
                .order(notice_attempts::at.asc())
                .select((notice_attempts::outcome, notice_attempts::status_code))
                .load(&mut *c)
                .expect("attempts");
            if state != "pending" {
                return (state, attempts);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the notice never finished");
    })
    .await
    .expect("task");
    assert_eq!(state, "failed");
    assert_eq!(attempts.len(), 3, "{attempts:?}");
    assert!(
        attempts
            .iter()
            .all(|(o, code)| o == "failed" && *code == Some(550))
    );
}
