use eil_shared::availability::CreateAvailabilitySlot;
use eil_shared::mentor::{CreateMentor, MentorQuery, UpdateMentor};
use eil_shared::person::UpdatePerson;

use crate::helpers::{fields, spawn_app, status};

#[tokio::test]
async fn mentors_are_found_by_expertise_and_name() {
    let app = spawn_app().await;
    app.mentor(
        "hanna@example.org",
        "Hanna Adeyema",
        &["Design Thinking", "bootcamps"],
        3,
    )
    .await;
    app.mentor("john@example.org", "John Smith", &["systems thinking"], 3)
        .await;
    let names = |q: MentorQuery| {
        let client = app.client.clone();
        async move {
            client
                .list_mentors(&q)
                .await
                .expect("list")
                .items
                .into_iter()
                .map(|m| m.full_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        names(MentorQuery {
            expertise: Some("design thinking".into()),
            ..Default::default()
        })
        .await,
        ["Hanna Adeyema"]
    );
    assert_eq!(
        names(MentorQuery {
            q: Some("smith".into()),
            ..Default::default()
        })
        .await,
        ["John Smith"]
    );
    assert_eq!(
        names(MentorQuery::default()).await,
        ["Hanna Adeyema", "John Smith"]
    );
    let hanna = app
        .client
        .list_mentors(&MentorQuery::default())
        .await
        .expect("list")
        .items
        .remove(0);
    assert_eq!(
        hanna.expertise,
        ["bootcamps", "design thinking"],
        "tags are lower-cased and sorted"
    );
}

#[tokio::test]
async fn a_person_has_one_profile_and_renaming_the_person_renames_the_mentor() {
    let app = spawn_app().await;
    let m = app
        .mentor("hanna@example.org", "Hanna Adeijema", &[], 3)
        .await;
    let again = CreateMentor {
        person_id: m.person_id,
        title: "x".into(),
        organisation_id: None,
        bio: None,
        expertise: vec![],
        capacity: 1,
    };
    assert_eq!(
        fields(app.client.create_mentor(&again).await),
        ["person_id"]
    );
    let rename = UpdatePerson {
        full_name: Some("Hanna Adeyema".into()),
        ..Default::default()
    };
    app.client
        .update_person(m.person_id, &rename, None)
        .await
        .expect("renamed");
    assert_eq!(
        app.client
            .get_mentor(&m.id.to_string())
            .await
            .expect("mentor")
            .full_name,
        "Hanna Adeyema"
    );
    let bad = UpdateMentor {
        capacity: Some(-1),
        expertise: Some(vec!["UPPER?".into()]),
        ..Default::default()
    };
    assert_eq!(
        fields(app.client.update_mentor(m.id, &bad, None).await),
        ["capacity", "expertise[0]"]
    );
    assert_eq!(
        status(app.client.delete_person(m.person_id).await),
        409,
        "the profile refers to the person"
    );
}

#[tokio::test]
async fn availability_slots_do_not_overlap() {
    let app = spawn_app().await;
    let m = app.mentor("m@example.org", "Mentor", &[], 3).await;
    let slot = |from: &str, to: &str| CreateAvailabilitySlot {
        starts_at: from.parse().expect("time"),
        ends_at: to.parse().expect("time"),
    };
    let s = app
        .client
        .create_availability_slot(m.id, &slot("2023-06-01T14:00:00Z", "2023-06-01T16:00:00Z"))
        .await
        .expect("slot");
    assert_eq!(
        status(
            app.client
                .create_availability_slot(
                    m.id,
                    &slot("2023-06-01T15:00:00Z", "2023-06-01T17:00:00Z")
                )
                .await
        ),
        409
    );
    app.client
        .create_availability_slot(m.id, &slot("2023-06-01T16:00:00Z", "2023-06-01T17:00:00Z"))
        .await
        .expect("adjacent");
    assert_eq!(
        fields(
            app.client
                .create_availability_slot(
                    m.id,
                    &slot("2023-06-01T18:00:00Z", "2023-06-01T17:00:00Z")
                )
                .await
        ),
        ["ends_at"]
    );
    let page = app
        .client
        .list_availability(m.id, &Default::default())
        .await
        .expect("list");
    assert_eq!(page.items.len(), 2);
    app.client
        .delete_availability_slot(m.id, s.id)
        .await
        .expect("deleted");
    let unknown = eil_shared::MentorId(uuid::Uuid::now_v7());
    assert_eq!(
        status(
            app.client
                .list_availability(unknown, &Default::default())
                .await
        ),
        404
    );
}
