use eil_shared::cohort::UpdateCohort;
use eil_shared::enrolment::{CreateEnrolment, EnrolmentQuery, EnrolmentStatus, UpdateEnrolment};
use eil_shared::programme::CreateProgramme;
use eil_shared::track::{CreateTrack, TrackKind};

use crate::helpers::{fields, spawn_app, status, text};

fn enrol(w: &crate::helpers::World, person: eil_shared::PersonId) -> CreateEnrolment {
    CreateEnrolment {
        person_id: person,
        cohort_id: w.cohort.id,
        track_id: Some(w.track.id),
        role: None,
        status: None,
    }
}

#[tokio::test]
async fn a_person_is_enrolled_once_and_within_capacity() {
    let app = spawn_app().await;
    let w = app.world().await;
    let shrink = UpdateCohort {
        capacity: Some(1),
        ..Default::default()
    };
    app.client
        .update_cohort(w.cohort.id, &shrink, None)
        .await
        .expect("capacity 1");
    let e = app
        .client
        .create_enrolment(&enrol(&w, w.lead.id))
        .await
        .expect("enrolled");
    assert_eq!(e.status, EnrolmentStatus::Active);
    assert_eq!(
        fields(app.client.create_enrolment(&enrol(&w, w.lead.id)).await),
        ["person_id"],
        "once"
    );
    assert_eq!(
        fields(app.client.create_enrolment(&enrol(&w, w.member.id)).await),
        ["cohort_id"],
        "full"
    );
    let zero = UpdateCohort {
        capacity: Some(0),
        ..Default::default()
    };
    assert_eq!(
        status(app.client.update_cohort(w.cohort.id, &zero, None).await),
        409,
        "below the places taken"
    );

    let withdraw = UpdateEnrolment {
        status: Some(EnrolmentStatus::Withdrawn),
        ..Default::default()
    };
    app.client
        .update_enrolment(e.id, &withdraw, Some(1))
        .await
        .expect("withdrawn");
    app.client
        .create_enrolment(&enrol(&w, w.member.id))
        .await
        .expect("the place is free again");
    let back = UpdateEnrolment {
        status: Some(EnrolmentStatus::Active),
        ..Default::default()
    };
    assert_eq!(
        status(app.client.update_enrolment(e.id, &back, None).await),
        409,
        "no place to come back to"
    );

    let q = EnrolmentQuery {
        cohort_id: Some(w.cohort.id),
        status: Some(EnrolmentStatus::Active),
        ..Default::default()
    };
    let active = app.client.list_enrolments(&q).await.expect("list");
    assert_eq!(
        active.items.iter().map(|e| e.person_id).collect::<Vec<_>>(),
        [w.member.id]
    );
}

#[tokio::test]
async fn the_track_must_be_of_the_cohorts_programme() {
    let app = spawn_app().await;
    let w = app.world().await;
    let other = app
        .client
        .create_programme(&CreateProgramme {
            slug: "other".into(),
            name: text("Cita", "Other"),
            summary: None,
        })
        .await
        .expect("programme");
    let foreign = app
        .client
        .create_track(&CreateTrack {
            programme_id: other.programme.id,
            slug: "foreign".into(),
            name: text("Svešs", "Foreign"),
            kind: TrackKind::Strategy,
            summary: None,
        })
        .await
        .expect("track");
    let body = CreateEnrolment {
        track_id: Some(foreign.id),
        ..enrol(&w, w.lead.id)
    };
    assert_eq!(
        fields(app.client.create_enrolment(&body).await),
        ["track_id"]
    );
    let nobody = CreateEnrolment {
        person_id: eil_shared::PersonId(uuid::Uuid::now_v7()),
        ..enrol(&w, w.lead.id)
    };
    assert_eq!(
        fields(app.client.create_enrolment(&nobody).await),
        ["person_id"]
    );
    assert!(
        app.client
            .list_enrolments(&EnrolmentQuery::default())
            .await
            .expect("list")
            .items
            .is_empty()
    );
}
