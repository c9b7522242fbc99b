//! Invitations, accounts and roles, and the audit log.

use eil_shared::api_client::{CreateApiClient, Scope};
use eil_shared::audit::{ActorKind, AuditQuery};
use eil_shared::auth::{AccountQuery, Role};
use eil_shared::client::Client;
use eil_shared::invitation::{CreateInvitation, InvitationStatus};
use eil_shared::organisation::UpdateOrganisation;

use crate::helpers::{TestApp, account, fields, spawn_app, status, text};

const PASSWORD: &str = "a long test password";

fn invite(email: &str, roles: &[Role]) -> CreateInvitation {
    CreateInvitation {
        email: email.into(),
        full_name: "Inese Liepiņa".into(),
        organisation_id: None,
        roles: roles.to_vec(),
    }
}

async fn coordinator(app: &TestApp) -> Client {
    let t = account(
        &app.pool,
        "coordinator@example.lv",
        PASSWORD,
        Role::Coordinator,
        &app.anon,
    )
    .await;
    Client::new(&app.address).with_token(t)
}

#[tokio::test]
async fn an_invitee_sets_a_password_once_with_the_link() {
    let app = spawn_app().await;
    let coord = coordinator(&app).await;
    let made = coord
        .create_invitation(&invite("inese@rtu.lv", &[Role::Participant]))
        .await
        .expect("invited");
    assert!(
        made.link
            .starts_with("http://hub.example/invitation#token=")
    );
    assert!(made.link.ends_with(&made.token));
    assert_eq!(made.invitation.status, InvitationStatus::Pending);
    let person = app
        .client
        .get_person(&made.invitation.person_id.to_string())
        .await
        .expect("person made");
    assert_eq!(person.full_name, "Inese Liepiņa");

    // A weak password is refused and the link still works afterwards.
    assert_eq!(
        fields(app.anon.accept_invitation(&made.token, "password123").await),
        vec!["password"]
    );
    let pair = app
        .anon
        .accept_invitation(&made.token, "a good long passphrase")
        .await
        .expect("accepted");
    let me = Client::new(&app.address)
        .with_token(pair.access_token)
        .me()
        .await
        .expect("signed in");
    assert_eq!(
        (me.person.id, me.roles),
        (person.id, vec![Role::Participant])
    );
    app.anon
        .login("inese@rtu.lv", "a good long passphrase")
        .await
        .expect("the password works");

    assert_eq!(
        status(
            app.anon
                .accept_invitation(&made.token, "another long passphrase")
                .await
        ),
        401
    );
    assert_eq!(
        status(
            app.anon
                .accept_invitation("not-a-token", "another long passphrase")
                .await
        ),
        401
    );
    let listed = coord
        .list_invitations(&Default::default())
        .await
        .expect("list");
    assert_eq!(listed.items[0].status, InvitationStatus::Accepted);
}

#[tokio::test]
async fn invitations_cannot_raise_privileges_or_take_over_logins() {
    let app = spawn_app().await;
    let coord = coordinator(&app).await;
    assert_eq!(
        status(
            coord
                .create_invitation(&invite("boss@rtu.lv", &[Role::Admin]))
                .await
        ),
        403
    );
    assert_eq!(
        status(
            coord
                .create_invitation(&invite("c2@rtu.lv", &[Role::Coordinator]))
                .await
        ),
        403
    );
    app.client
        .create_invitation(&invite("c2@rtu.lv", &[Role::Coordinator]))
        .await
        .expect("admins give any role");
    // Someone who already has a password cannot be invited: the link would hand over the login.
    assert_eq!(
        fields(
            coord
                .create_invitation(&invite("coordinator@example.lv", &[Role::Mentor]))
                .await
        ),
        vec!["email"]
    );
    let participant = account(
        &app.pool,
        "p@example.lv",
        PASSWORD,
        Role::Participant,
        &app.anon,
    )
    .await;
    let p = Client::new(&app.address).with_token(participant);
    assert_eq!(
        status(
            p.create_invitation(&invite("x@rtu.lv", &[Role::Participant]))
                .await
        ),
        403
    );
    assert_eq!(
        fields(
            coord
                .create_invitation(&CreateInvitation {
                    email: "nope".into(),
                    full_name: "".into(),
                    organisation_id: None,
                    roles: vec![]
                })
                .await
        ),
        vec!["email", "full_name", "roles"]
    );

    // Withdrawn and expired links do not work.
    let withdrawn = coord
        .create_invitation(&invite("w@rtu.lv", &[Role::Mentor]))
        .await
        .expect("invited");
    coord
        .revoke_invitation(withdrawn.invitation.id)
        .await
        .expect("withdrawn");
    assert_eq!(
        status(
            app.anon
                .accept_invitation(&withdrawn.token, "a good long passphrase")
                .await
        ),
        401
    );
    let expired = coord
        .create_invitation(&invite("e@rtu.lv", &[Role::Mentor]))
        .await
        .expect("invited");
    let (pool, id) = (app.pool.clone(), expired.invitation.id.to_string());
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use eil_backend::db::schema::invitations;
        let mut c = pool.get().expect("connection");
        diesel::update(invitations::table.find(id))
            .set(invitations::expires_at.eq("2020-01-01T00:00:00.000000Z"))
            .execute(&mut *c)
            .expect("expire");
    })
    .await
    .expect("task");
    assert_eq!(
        status(
            app.anon
                .accept_invitation(&expired.token, "a good long passphrase")
                .await
        ),
        401
    );
}

#[tokio::test]
async fn admins_manage_roles_and_keep_one_admin() {
    let app = spawn_app().await;
    let t = account(&app.pool, "m@example.lv", PASSWORD, Role::Mentor, &app.anon).await;
    let mentor = Client::new(&app.address).with_token(t);
    let me = mentor.me().await.expect("me").person.id;
    let pair = app
        .anon
        .login("m@example.lv", PASSWORD)
        .await
        .expect("sign in");

    let accounts = app
        .client
        .list_accounts(&AccountQuery {
            role: Some(Role::Mentor),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(
        accounts
            .items
            .iter()
            .map(|a| a.person_id)
            .collect::<Vec<_>>(),
        vec![me]
    );
    let updated = app
        .client
        .set_roles(me, &[Role::Participant, Role::Funder])
        .await
        .expect("set");
    assert_eq!(updated.roles, vec![Role::Funder, Role::Participant]);
    // Taking a role away ends the person's sign-ins, their access tokens included.
    assert_eq!(status(app.anon.refresh(&pair.refresh_token).await), 401);
    assert_eq!(status(mentor.me().await), 401);
    let again = app
        .anon
        .login("m@example.lv", PASSWORD)
        .await
        .expect("sign in with the new roles")
        .access_token;
    let mentor = Client::new(&app.address).with_token(again);

    let admin = app.client.me().await.expect("me").person.id;
    assert_eq!(
        fields(app.client.set_roles(admin, &[Role::Coordinator]).await),
        vec!["roles"]
    );
    assert_eq!(status(mentor.set_roles(me, &[Role::Admin]).await), 403);
    assert_eq!(status(mentor.list_accounts(&Default::default()).await), 403);
}

#[tokio::test]
async fn every_write_is_in_the_audit_log_without_secrets() {
    let app = spawn_app().await;
    let admin = app.client.me().await.expect("me").person.id.to_string();
    let org = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let r = app
        .http
        .patch(format!("{}/api/v1/organisations/{}", app.address, org.id))
        .header("x-request-id", "audit-test-1")
        .json(&UpdateOrganisation {
            short_name: Some(Some("LU".into())),
            ..Default::default()
        })
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 200);
    // A refused write leaves no entry.
    let bad = app
        .client
        .update_organisation(
            org.id,
            &UpdateOrganisation {
                name: Some(text("", "")),
                ..Default::default()
            },
            None,
        )
        .await;
    assert_eq!(status(bad), 422);
    let creds = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: org.id,
            name: "SIS".into(),
            scopes: vec![Scope::CatalogueRead],
        })
        .await
        .expect("client");
    let invited = app
        .client
        .create_invitation(&invite("new@lu.lv", &[Role::Participant]))
        .await
        .expect("invited");
    app.anon
        .accept_invitation(&invited.token, "a good long passphrase")
        .await
        .expect("accepted");
    app.client
        .delete_organisation(org.id)
        .await
        .expect_err("referenced by the client");

    let q = |resource: &str| AuditQuery {
        resource: Some(resource.into()),
        ..Default::default()
    };
    let orgs = app
        .client
        .list_audit(&q("organisations"))
        .await
        .expect("audit")
        .items;
    let actions: Vec<&str> = orgs.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["update", "create"],
        "newest first, the refused write absent"
    );
    assert_eq!(orgs[0].request_id, "audit-test-1");
    assert_eq!(orgs[0].fields, vec!["short_name"]);
    assert_eq!(
        orgs[0].resource_id.as_deref(),
        Some(org.id.to_string().as_str())
    );
    assert_eq!(
        (orgs[0].actor_kind, orgs[0].actor_id.as_deref()),
        (ActorKind::Person, Some(admin.as_str()))
    );
    assert_eq!(
        orgs[1].resource_id.as_deref(),
        Some(org.id.to_string().as_str()),
        "create names the new id"
    );

    let accepted = app
        .client
        .list_audit(&q("invitations"))
        .await
        .expect("audit")
        .items;
    let acceptance = accepted
        .iter()
        .find(|e| e.action == "accept")
        .expect("acceptance recorded");
    assert_eq!(
        acceptance.actor_id,
        Some(invited.invitation.person_id.to_string())
    );
    assert_eq!(acceptance.fields, vec!["password", "token"], "names only");

    let everything = app
        .http
        .get(format!("{}/api/v1/audit?limit=100", app.address))
        .send()
        .await
        .expect("answer")
        .text()
        .await
        .expect("body");
    for secret in [
        creds.client_secret.as_str(),
        invited.token.as_str(),
        "a good long passphrase",
    ] {
        assert!(
            !everything.contains(secret),
            "the audit log holds no secret values"
        );
    }

    let first = app
        .client
        .list_audit(&AuditQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .expect("page");
    let next = app
        .client
        .list_audit(&AuditQuery {
            limit: Some(1),
            cursor: first.next_cursor.clone(),
            ..Default::default()
        })
        .await
        .expect("page 2");
    assert_ne!(first.items[0].id, next.items[0].id);
    let by_request = AuditQuery {
        request_id: Some("audit-test-1".into()),
        ..Default::default()
    };
    assert_eq!(
        app.client
            .list_audit(&by_request)
            .await
            .expect("filter")
            .items
            .len(),
        1
    );

    let t = account(
        &app.pool,
        "c@example.lv",
        PASSWORD,
        Role::Coordinator,
        &app.anon,
    )
    .await;
    let coord = Client::new(&app.address).with_token(t);
    assert_eq!(status(coord.list_audit(&Default::default()).await), 403);
}
