//! Sign-ins: parallel tabs renewing one refresh token stay signed in, a reuse after the grace
//! window still ends the sign-in, and signing out (or losing a role) ends the access tokens
//! of that sign-in, not only its refresh tokens.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use eil_backend::startup::Application;
use eil_shared::auth::{Role, TokenPair};
use eil_shared::client::Client;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TEST_SECRET, TestApp, account, spawn_app, spawn_configured, status,
};

async fn sign_in(app: &TestApp) -> TokenPair {
    app.anon
        .login(ADMIN_EMAIL, ADMIN_PASSWORD)
        .await
        .expect("sign in")
}

fn with(app: &TestApp, access_token: &str) -> Client {
    app.anon.clone().with_token(access_token.to_string())
}

/// The claims of an access token, read without checking it (the test is the issuer here).
fn claims_of(access_token: &str) -> Value {
    let body = access_token.split('.').nth(1).expect("a JWT");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).expect("base64")).expect("JSON")
}

#[tokio::test]
async fn sixteen_parallel_refreshes_of_one_token_get_the_same_successor_which_then_works() {
    let app = spawn_app().await;
    let first = sign_in(&app).await;
    let mut tabs = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (anon, token) = (app.anon.clone(), first.refresh_token.clone());
        tabs.spawn(async move { anon.refresh(&token).await });
    }
    let mut pairs = Vec::new();
    while let Some(done) = tabs.join_next().await {
        pairs.push(
            done.expect("task")
                .expect("every parallel refresh is answered 200"),
        );
    }
    assert_eq!(pairs.len(), 16);
    let successor = pairs[0].refresh_token.clone();
    assert_ne!(successor, first.refresh_token);
    for pair in &pairs {
        assert_eq!(pair.refresh_token, successor, "one successor for all");
        with(&app, &pair.access_token)
            .me()
            .await
            .expect("each access token works");
        assert_eq!(
            claims_of(&pair.access_token)["sid"],
            claims_of(&first.access_token)["sid"],
            "all in the same sign-in"
        );
    }
    let third = app
        .anon
        .refresh(&successor)
        .await
        .expect("the successor renews");
    with(&app, &third.access_token)
        .me()
        .await
        .expect("and its access token works");
    assert_ne!(third.refresh_token, successor);
}

#[tokio::test]
async fn a_refresh_repeated_within_the_window_follows_to_the_current_token() {
    let app = spawn_app().await;
    let first = sign_in(&app).await;
    let second = app.anon.refresh(&first.refresh_token).await.expect("2nd");
    let third = app.anon.refresh(&second.refresh_token).await.expect("3rd");
    // A tab that still held the first token: it gets the token in use now, not the used
    // second one, which would count as stolen at its next renewal.
    let late = app
        .anon
        .refresh(&first.refresh_token)
        .await
        .expect("late tab");
    assert_eq!(late.refresh_token, third.refresh_token);
    app.anon
        .refresh(&late.refresh_token)
        .await
        .expect("which renews");
}

#[tokio::test]
async fn a_reuse_after_the_grace_window_ends_the_sign_in_and_its_access_tokens() {
    let app = spawn_configured(|c| c.refresh_grace_secs = 1).await;
    let first = sign_in(&app).await;
    let other = sign_in(&app).await;
    let second = app.anon.refresh(&first.refresh_token).await.expect("2nd");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(status(app.anon.refresh(&first.refresh_token).await), 401);
    assert_eq!(
        status(app.anon.refresh(&second.refresh_token).await),
        401,
        "the whole family is revoked"
    );
    assert_eq!(status(with(&app, &second.access_token).me().await), 401);
    assert_eq!(status(with(&app, &first.access_token).me().await), 401);
    with(&app, &other.access_token)
        .me()
        .await
        .expect("another sign-in is untouched");
    app.anon
        .refresh(&other.refresh_token)
        .await
        .expect("and renews");
}

#[tokio::test]
async fn a_signed_out_token_is_not_handed_out_again_within_the_window() {
    let app = spawn_app().await;
    let first = sign_in(&app).await;
    let second = app.anon.refresh(&first.refresh_token).await.expect("2nd");
    app.anon.logout(&second.refresh_token).await.expect("out");
    assert_eq!(status(app.anon.refresh(&first.refresh_token).await), 401);
    assert_eq!(status(app.anon.refresh(&second.refresh_token).await), 401);
}

#[tokio::test]
async fn signing_out_ends_the_access_tokens_of_that_sign_in_only() {
    let app = spawn_app().await;
    let laptop = sign_in(&app).await;
    let phone = sign_in(&app).await;
    let laptop_client = with(&app, &laptop.access_token);
    laptop_client.me().await.expect("signed in");
    app.anon.logout(&laptop.refresh_token).await.expect("out");
    assert_eq!(status(laptop_client.me().await), 401);
    assert_eq!(
        status(laptop_client.list_accounts(&Default::default()).await),
        401,
        "an admin call too"
    );
    with(&app, &phone.access_token)
        .me()
        .await
        .expect("the person's other sign-in keeps working");
}

#[tokio::test]
async fn taking_a_role_away_ends_the_access_tokens_and_adding_one_does_not() {
    let app = spawn_app().await;
    let token = account(
        &app.pool,
        "coordinator@example.lv",
        "a long test password",
        Role::Coordinator,
        &app.anon,
    )
    .await;
    let coordinator = with(&app, &token);
    let me = coordinator.me().await.expect("me").person.id;
    app.client
        .set_roles(me, &[Role::Coordinator, Role::Mentor])
        .await
        .expect("role added");
    coordinator
        .me()
        .await
        .expect("adding a role keeps the sign-in");
    app.client
        .set_roles(me, &[Role::Mentor])
        .await
        .expect("role taken");
    assert_eq!(status(coordinator.me().await), 401);
}

#[tokio::test]
async fn an_access_token_without_a_live_sign_in_is_refused() {
    let app = spawn_app().await;
    let pair = sign_in(&app).await;
    let mut claims = claims_of(&pair.access_token);
    let key = EncodingKey::from_secret(TEST_SECRET.as_bytes()).expect("key");
    let sign = |c: &Value| jsonwebtoken::encode(&Header::new(Algorithm::HS256), c, &key);
    with(&app, &sign(&claims).expect("token"))
        .me()
        .await
        .expect("the same claims, signed again, work");
    claims["sid"] = json!(uuid::Uuid::now_v7().to_string());
    assert_eq!(
        status(with(&app, &sign(&claims).expect("token")).me().await),
        401,
        "a sign-in that does not exist"
    );
    claims.as_object_mut().expect("object").remove("sid");
    assert_eq!(
        status(with(&app, &sign(&claims).expect("token")).me().await),
        401,
        "no sign-in named"
    );
}

/// Two replicas on one database: a sign-out on one is seen by the other within its cache
/// bound, and at once by the one that signed out.
#[tokio::test]
async fn another_replica_refuses_a_signed_out_token_once_its_cache_bound_has_passed() {
    let mut config = None;
    let a = spawn_configured(|c| {
        c.sign_in_cache_secs = 1;
        config = Some(c.clone());
    })
    .await;
    let b = Application::build(config.expect("config"))
        .await
        .expect("second replica starts");
    let b_address = format!("http://127.0.0.1:{}", b.port());
    tokio::spawn(b.run_until_stopped());
    let pair = sign_in(&a).await;
    let on_a = with(&a, &pair.access_token);
    let on_b = Client::new(&b_address).with_token(pair.access_token.clone());
    on_b.me().await.expect("replica b knows the sign-in");
    on_a.me().await.expect("so does a");
    a.anon.logout(&pair.refresh_token).await.expect("out on a");
    assert_eq!(status(on_a.me().await), 401, "at once where it happened");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(status(on_b.me().await), 401, "after the bound elsewhere");
}

#[tokio::test]
async fn the_default_cache_does_not_delay_a_sign_out_on_the_same_replica() {
    let app = spawn_configured(|c| c.sign_in_cache_secs = 5).await;
    let pair = sign_in(&app).await;
    let client = with(&app, &pair.access_token);
    client.me().await.expect("cached as live now");
    app.anon.logout(&pair.refresh_token).await.expect("out");
    assert_eq!(status(client.me().await), 401);
}
