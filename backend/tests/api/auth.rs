use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use eil_shared::auth::Role;
use eil_shared::client::Client;
use eil_shared::programme::{CreateProgramme, ProgrammeQuery};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, account, spawn_app, spawn_app_with, spawn_beside,
    spawn_configured, status, text,
};

fn programme(slug: &str) -> CreateProgramme {
    CreateProgramme {
        slug: slug.into(),
        name: text("Programma", "Programme"),
        summary: None,
    }
}

#[tokio::test]
async fn signing_in_gives_tokens_and_me_tells_who() {
    let app = spawn_app().await;
    let pair = app
        .anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    assert_eq!(pair.token_type, "Bearer");
    assert_eq!(pair.expires_in, 900);
    let me = app
        .anon
        .clone()
        .with_token(pair.access_token)
        .me()
        .await
        .expect("me");
    assert_eq!(me.person.email.as_deref(), Some(ADMIN_EMAIL));
    assert_eq!(me.roles, [Role::Admin]);
    assert_eq!(
        status(app.anon.login(ADMIN_EMAIL, "not the password at all").await),
        401
    );
    assert_eq!(
        status(app.anon.login("nobody@example.lv", ADMIN_PASSWORD).await),
        401
    );
    assert_eq!(status(app.anon.me().await), 401);
}

#[tokio::test]
async fn reads_are_public_and_writes_need_a_staff_role() {
    let app = spawn_app().await;
    let resp = reqwest::Client::new()
        .post(format!("{}/api/v1/programmes", app.address))
        .json(&programme("anonymous"))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 401);
    assert_eq!(resp.headers()["www-authenticate"], "Bearer");
    for role in [Role::Participant, Role::Mentor, Role::Funder] {
        let email = format!("{role}@example.lv");
        let token = account(&app.pool, &email, "a long test password", role, &app.anon).await;
        let client = Client::new(&app.address).with_token(token);
        assert_eq!(
            status(client.create_programme(&programme("not-allowed")).await),
            403,
            "{role}"
        );
        client
            .list_programmes(&ProgrammeQuery::default())
            .await
            .expect("reading is open to all");
    }
    let token = account(
        &app.pool,
        "coordinator@example.lv",
        "a long test password",
        Role::Coordinator,
        &app.anon,
    )
    .await;
    let coordinator = Client::new(&app.address).with_token(token);
    coordinator
        .create_programme(&programme("by-coordinator"))
        .await
        .expect("coordinators manage programmes");
    let all = app
        .anon
        .list_programmes(&ProgrammeQuery::default())
        .await
        .expect("list");
    assert_eq!(
        all.items
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["by-coordinator"]
    );
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_revokes_its_family() {
    // No grace window: a reuse right away counts (sign_ins.rs tests the window).
    let app = spawn_configured(|c| c.refresh_grace_secs = 0).await;
    let first = app
        .anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    let second = app
        .anon
        .refresh(&first.refresh_token)
        .await
        .expect("rotated");
    assert_ne!(second.refresh_token, first.refresh_token);
    app.anon
        .clone()
        .with_token(second.access_token.clone())
        .me()
        .await
        .expect("the new access token works");
    // The first token comes back: a copy is in someone else's hands.
    assert_eq!(status(app.anon.refresh(&first.refresh_token).await), 401);
    assert_eq!(
        status(app.anon.refresh(&second.refresh_token).await),
        401,
        "the whole family is revoked"
    );
    // Another sign-in is unaffected, and signing out ends it.
    let other = app
        .anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    app.anon
        .logout(&other.refresh_token)
        .await
        .expect("signed out");
    assert_eq!(status(app.anon.refresh(&other.refresh_token).await), 401);
    assert_eq!(status(app.anon.refresh("not-a-token").await), 401);
}

fn claims(app_person: &str, sign_in: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"sub": app_person, "roles": ["admin"], "iss": "eil-hub", "aud": "eil-hub-api",
           "exp": now + 600, "nbf": now - 10, "iat": now - 10, "sid": sign_in})
}

fn sign(alg: Algorithm, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(TEST_SECRET.as_bytes()).expect("key"),
    )
    .expect("token")
}

#[tokio::test]
async fn forged_and_stale_tokens_are_refused() {
    let app = spawn_app().await;
    let me = app.client.me().await.expect("me").person.id.to_string();
    // A real sign-in for the `sid` claim, so that only what each attack changes is wrong.
    let pair = app
        .anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    let payload = pair.access_token.split('.').nth(1).expect("a JWT");
    let issued: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64")).expect("JSON");
    let sid = issued["sid"].as_str().expect("a sign-in id").to_string();
    let with = |token: String| app.anon.clone().with_token(token);
    with(sign(Algorithm::HS256, &claims(&me, &sid)))
        .me()
        .await
        .expect("a well-formed token works");

    let mut attacks: Vec<(&str, String)> = Vec::new();
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims(&me, &sid).to_string())
    );
    attacks.push(("alg none", unsigned));
    attacks.push((
        "another algorithm",
        sign(Algorithm::HS384, &claims(&me, &sid)),
    ));
    let good = sign(Algorithm::HS256, &claims(&me, &sid));
    let (head, sig) = good.rsplit_once('.').expect("three parts");
    let flipped = if sig.starts_with('A') {
        sig.replacen('A', "B", 1)
    } else {
        format!("A{}", &sig[1..])
    };
    attacks.push(("tampered signature", format!("{head}.{flipped}")));
    let mut promoted = claims(&me, &sid);
    promoted["roles"] = json!(["admin", "coordinator"]);
    let (_, body) = head.split_once('.').expect("header and body");
    let _ = body;
    attacks.push((
        "changed claims",
        format!(
            "{}.{}.{}",
            head.split('.').next().expect("header"),
            URL_SAFE_NO_PAD.encode(promoted.to_string()),
            sig
        ),
    ));
    let now = chrono::Utc::now().timestamp();
    let mut expired = claims(&me, &sid);
    expired["exp"] = json!(now - 3600);
    attacks.push(("expired", sign(Algorithm::HS256, &expired)));
    let mut early = claims(&me, &sid);
    early["nbf"] = json!(now + 3600);
    attacks.push(("not yet valid", sign(Algorithm::HS256, &early)));
    let mut iss = claims(&me, &sid);
    iss["iss"] = json!("someone-else");
    attacks.push(("wrong issuer", sign(Algorithm::HS256, &iss)));
    let mut aud = claims(&me, &sid);
    aud["aud"] = json!("another-api");
    attacks.push(("wrong audience", sign(Algorithm::HS256, &aud)));
    let mut exp_text = claims(&me, &sid);
    exp_text["exp"] = json!((now + 600).to_string());
    attacks.push(("exp as a string", sign(Algorithm::HS256, &exp_text)));
    let mut nbf_text = claims(&me, &sid);
    nbf_text["nbf"] = json!((now - 10).to_string());
    attacks.push(("nbf as a string", sign(Algorithm::HS256, &nbf_text)));
    let mut no_exp = claims(&me, &sid);
    no_exp.as_object_mut().expect("object").remove("exp");
    attacks.push(("no exp", sign(Algorithm::HS256, &no_exp)));
    for (what, token) in attacks {
        assert_eq!(status(with(token.clone()).me().await), 401, "{what}");
        assert_eq!(
            status(with(token).create_programme(&programme("forged")).await),
            401,
            "{what}"
        );
    }
    assert!(
        app.anon
            .list_programmes(&ProgrammeQuery::default())
            .await
            .expect("list")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn the_demo_has_one_login_per_role() {
    let app = spawn_app_with(true).await;
    for role in Role::ALL {
        let pair = app
            .anon
            .login(
                &format!("{role}@demo.eil-hub.lv"),
                &format!("eil-demo-{role}"),
            )
            .await
            .unwrap_or_else(|e| panic!("{role}: {e}"));
        let me = app
            .anon
            .clone()
            .with_token(pair.access_token)
            .me()
            .await
            .expect("me");
        assert!(me.roles.contains(role), "{role}");
    }
    let project = app
        .anon
        .get_project("crisis-communication-in-healthcare")
        .await
        .expect("project");
    assert!(
        project.team.iter().any(|m| m.full_name.contains("(demo)")),
        "the demo participant is on a team"
    );
    let mentor = app
        .anon
        .list_mentors(&Default::default())
        .await
        .expect("mentors")
        .items
        .remove(0);
    let person = app
        .client
        .get_person(&mentor.person_id.to_string())
        .await
        .expect("person");
    assert_eq!(
        person.email.as_deref(),
        Some("mentor@demo.eil-hub.lv"),
        "the mentor login is the demo mentor's"
    );
}

async fn attempt(
    app: &crate::helpers::TestApp,
    email: &str,
    forwarded_for: Option<&str>,
) -> reqwest::Response {
    attempt_at(&app.address, email, forwarded_for).await
}

/// A sign-in with a wrong password at the server on `address`.
async fn attempt_at(address: &str, email: &str, forwarded_for: Option<&str>) -> reqwest::Response {
    let mut rb = reqwest::Client::new()
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": "not the right password"}));
    if let Some(addr) = forwarded_for {
        rb = rb.header("x-forwarded-for", addr);
    }
    rb.send().await.expect("request")
}

#[tokio::test]
async fn sign_in_is_limited_per_address_and_recovers() {
    // The test set-up's own sign-in is the first attempt from this address. The window is
    // long enough for four sign-ins on a busy machine, and short for the test to wait out.
    let app = spawn_configured(|c| {
        c.address_attempts = 3;
        c.login_window_secs = 3;
    })
    .await;
    assert_eq!(attempt(&app, "a@example.lv", None).await.status(), 401);
    assert_eq!(attempt(&app, "b@example.lv", None).await.status(), 401);
    let refused = attempt(&app, "c@example.lv", None).await;
    assert_eq!(refused.status(), 429);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .expect("header")
        .parse()
        .expect("seconds");
    assert!((1..=3).contains(&wait), "Retry-After {wait}");
    assert_eq!(
        status(app.anon.login(ADMIN_EMAIL, ADMIN_PASSWORD).await),
        429,
        "even the right password waits"
    );
    tokio::time::sleep(
        std::time::Duration::from_secs(wait) + std::time::Duration::from_millis(100),
    )
    .await;
    app.anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("the limit recovers");
}

#[tokio::test]
async fn sign_in_is_limited_per_account_whatever_the_address() {
    let app = spawn_configured(|c| {
        c.login_attempts = 3;
        c.login_window_secs = 60;
        c.trust_proxy = true;
    })
    .await;
    for (i, addr) in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
        .into_iter()
        .enumerate()
    {
        assert_eq!(
            attempt(&app, "target@example.lv", Some(addr))
                .await
                .status(),
            401,
            "attempt {i}"
        );
    }
    assert_eq!(
        attempt(&app, "target@example.lv", Some("192.0.2.4"))
            .await
            .status(),
        429
    );
    assert_eq!(
        attempt(&app, "other@example.lv", Some("192.0.2.5"))
            .await
            .status(),
        401,
        "other accounts are not affected"
    );
}

/// Two servers on one database, as two replicas behind a load balancer: the counts are
/// kept in the database, so the limit holds once in total, not once per server.
#[tokio::test]
async fn replicas_on_one_database_share_the_sign_in_limit() {
    let limits = |c: &mut eil_backend::config::Config| {
        c.login_attempts = 3;
        c.login_window_secs = 60;
        c.trust_proxy = true;
    };
    let app = spawn_configured(limits).await;
    let second = spawn_beside(&app, limits).await;
    // From another address each time: the count that trips is the account's.
    let servers = [app.address.as_str(), second.as_str()];
    for i in 0..3 {
        let at = servers[i % 2];
        let from = format!("198.51.100.{i}");
        assert_eq!(
            attempt_at(at, "target@example.lv", Some(&from))
                .await
                .status(),
            401,
            "attempt {i} at {at}"
        );
    }
    for (i, at) in servers.into_iter().enumerate() {
        let refused = attempt_at(at, "target@example.lv", Some("198.51.100.9")).await;
        assert_eq!(refused.status(), 429, "past three attempts in all, at {at}");
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .expect("header")
            .parse()
            .expect("seconds");
        assert!(
            (30..=60).contains(&wait),
            "Retry-After {wait} at server {i}"
        );
        let problem: Value = refused.json().await.expect("problem");
        assert_eq!(problem["status"], 429);
    }
    assert_eq!(
        attempt_at(&second, "other@example.lv", Some("198.51.100.10"))
            .await
            .status(),
        401,
        "other accounts are not affected"
    );
    Client::new(&second)
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("the second server signs in the accounts of the shared database");
}

#[tokio::test]
async fn contact_details_are_shown_only_to_the_person_and_staff() {
    let app = spawn_app().await;
    let token = account(
        &app.pool,
        "liga@example.lv",
        "a long test password",
        Role::Participant,
        &app.anon,
    )
    .await;
    let liga = Client::new(&app.address).with_token(token);
    let me = liga.me().await.expect("me").person;
    let funder_token = account(
        &app.pool,
        "funder@example.lv",
        "a long test password",
        Role::Funder,
        &app.anon,
    )
    .await;
    let funder = Client::new(&app.address).with_token(funder_token);
    let id = me.id.to_string();
    for (who, client) in [("anonymous", &app.anon), ("funder", &funder)] {
        let p = client.get_person(&id).await.expect("public record");
        assert_eq!((p.email, p.phone), (None, None), "{who}");
        let page = client.list_people(&Default::default()).await.expect("list");
        let listed = page.items.iter().find(|p| p.id == me.id).expect("listed");
        assert_eq!(listed.full_name, "Test account");
        assert_eq!(listed.email, None, "{who}: no e-mail of others in lists");
        let others_with_email = page.items.iter().filter(|p| p.email.is_some()).count();
        assert!(
            others_with_email <= 1,
            "{who} sees at most their own e-mail"
        );
    }
    assert_eq!(
        liga.get_person(&id).await.expect("own").email.as_deref(),
        Some("liga@example.lv")
    );
    assert_eq!(
        app.client
            .get_person(&id)
            .await
            .expect("admin")
            .email
            .as_deref(),
        Some("liga@example.lv")
    );
}

#[tokio::test]
async fn people_edit_their_own_record_and_nobody_else_s() {
    use eil_shared::person::UpdatePerson;
    let app = spawn_app().await;
    let token = account(
        &app.pool,
        "liga@example.lv",
        "a long test password",
        Role::Participant,
        &app.anon,
    )
    .await;
    let liga = Client::new(&app.address).with_token(token.clone());
    let me = liga.me().await.expect("me").person;
    let rename = UpdatePerson {
        full_name: Some("Līga Ozola".into()),
        ..Default::default()
    };
    let updated = liga
        .update_person(me.id, &rename, Some(me.version))
        .await
        .expect("own record");
    assert_eq!(updated.full_name, "Līga Ozola");
    let admin = app.client.me().await.expect("me").person;
    assert_eq!(
        status(liga.update_person(admin.id, &rename, None).await),
        403
    );
    // Roles are not part of a person's record: a body that carries them is refused whole.
    let resp = reqwest::Client::new()
        .patch(format!("{}/api/v1/people/{}", app.address, me.id))
        .bearer_auth(&token)
        .json(&json!({"full_name": "Līga", "roles": ["admin"]}))
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 422);
    let after = liga.me().await.expect("me");
    assert_eq!(after.roles, [Role::Participant]);
    assert_eq!(
        after.person.full_name, "Līga Ozola",
        "nothing of the refused body was applied"
    );
}

#[tokio::test]
async fn an_office_behind_one_address_is_not_locked_out_and_renewals_are_not_limited() {
    let app = spawn_configured(|c| {
        c.login_attempts = 2;
        c.address_attempts = 7;
        c.login_window_secs = 60;
    })
    .await;
    // The set-up signed in once from this address. Five colleagues mistype once each: the
    // per-account limit is 2, the address's 7.
    for who in ["a", "b", "c", "d", "e"] {
        assert_eq!(
            attempt(&app, &format!("{who}@example.lv"), None)
                .await
                .status(),
            401,
            "{who}"
        );
    }
    let mut pair = app
        .anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in");
    for _ in 0..20 {
        pair = app
            .anon
            .refresh(&pair.refresh_token)
            .await
            .expect("renewal");
    }
    assert_eq!(
        attempt(&app, "f@example.lv", None).await.status(),
        429,
        "the address limit still holds"
    );
}
