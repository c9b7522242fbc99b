//! The funder's key figures, and the filters that personal dashboards use.

use eil_shared::auth::Role;
use eil_shared::client::Client;
use eil_shared::enrolment::{CreateEnrolment, EnrolmentStatus};
use eil_shared::kpi::Count;
use eil_shared::organisation::{CreateOrganisation, OrganisationKind};
use eil_shared::person::CreatePerson;
use eil_shared::project::{ProjectQuery, ProjectStatus, UpdateProject};

use crate::helpers::{account, spawn_app, status, text};

const PASSWORD: &str = "a long test password";

#[tokio::test]
async fn the_funder_sees_counts_by_sector_and_status() {
    let app = spawn_app().await;
    let w = app.world().await;
    let hospital = app
        .client
        .create_organisation(&CreateOrganisation {
            slug: "pauls-stradins-hospital".into(),
            name: text("Slimnīca", "Hospital"),
            short_name: None,
            kind: OrganisationKind::Hospital,
            partner_role: None,
            parent_id: None,
            website: None,
        })
        .await
        .expect("hospital");
    let person = |email: &str, org| CreatePerson {
        email: email.into(),
        full_name: "Participant".into(),
        organisation_id: org,
        position: None,
        locale: None,
        phone: None,
        time_zone: None,
    };
    let doctor = app
        .client
        .create_person(&person("d@h.lv", Some(hospital.id)))
        .await
        .expect("person");
    let nurse = app
        .client
        .create_person(&person("n@h.lv", Some(hospital.id)))
        .await
        .expect("person");
    let dean = app
        .client
        .create_person(&person("dean@rsu.lv", Some(w.host.id)))
        .await
        .expect("person");
    let enrol = |p, s| CreateEnrolment {
        person_id: p,
        cohort_id: w.cohort.id,
        track_id: None,
        role: None,
        status: Some(s),
    };
    for (p, s) in [
        (doctor.id, EnrolmentStatus::Active),
        (nurse.id, EnrolmentStatus::Completed),
        (dean.id, EnrolmentStatus::Active),
        (w.lead.id, EnrolmentStatus::Active),
        (w.member.id, EnrolmentStatus::Withdrawn),
    ] {
        app.client
            .create_enrolment(&enrol(p, s))
            .await
            .expect("enrolled");
    }
    let a = app
        .project(&w, "project-a", "A", vec![w.host.id])
        .await
        .project;
    app.project(&w, "project-b", "B", vec![w.host.id]).await;
    let approve = UpdateProject {
        status: Some(ProjectStatus::Approved),
        ..Default::default()
    };
    app.client
        .update_project(a.id, &approve, None)
        .await
        .expect("approved");

    let funder = Client::new(&app.address)
        .with_token(account(&app.pool, "f@vm.gov.lv", PASSWORD, Role::Funder, &app.anon).await);
    let k = funder.kpis().await.expect("figures");
    let c = |key: &str, count| Count {
        key: key.into(),
        count,
    };
    assert_eq!(
        k.participants_by_sector,
        vec![c("hospital", 2), c("university", 1), c("unknown", 1)]
    );
    assert_eq!(
        k.projects_by_status,
        vec![c("approved", 1), c("proposed", 1)]
    );
    assert_eq!((k.active_enrolments, k.cohort_places), (3, 74));
    assert_eq!(
        (k.sessions_held, k.sessions_scheduled, k.mentors),
        (0, 0, 0)
    );

    let participant = Client::new(&app.address).with_token(
        account(
            &app.pool,
            "lead@example.lv",
            PASSWORD,
            Role::Participant,
            &app.anon,
        )
        .await,
    );
    assert_eq!(status(participant.kpis().await), 403);
    assert_eq!(status(app.anon.kpis().await), 401);

    // A person's own projects, and the mentor profile behind a login.
    let mine = participant
        .list_projects(&ProjectQuery {
            member_id: Some(w.lead.id),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(mine.items.len(), 2);
    let none = participant
        .list_projects(&ProjectQuery {
            member_id: Some(doctor.id),
            ..Default::default()
        })
        .await
        .expect("list");
    assert!(none.items.is_empty());
    let m = app
        .mentor("hanna@mit.edu", "Hanna Adeyema", &["design"], 2)
        .await;
    let mentor = Client::new(&app.address).with_token(
        account(
            &app.pool,
            "hanna@mit.edu",
            PASSWORD,
            Role::Mentor,
            &app.anon,
        )
        .await,
    );
    assert_eq!(mentor.me().await.expect("me").mentor_id, Some(m.id));
    assert_eq!(participant.me().await.expect("me").mentor_id, None);
}
