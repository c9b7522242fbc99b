use chrono::{DateTime, Utc};
use eil_shared::session::{CreateSession, SessionMode, SessionQuery, SessionStatus, UpdateSession};

use crate::helpers::{fields, spawn_app, status};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

#[tokio::test]
async fn a_mentor_is_never_double_booked() {
    let app = spawn_app().await;
    let w = app.world().await;
    let a = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let b = app
        .project(&w, "proj-b", "B", vec![w.host.id])
        .await
        .project
        .id;
    let m = app.mentor("m@example.org", "Mentor", &[], 5).await;
    app.client.assign_mentor(a, m.id).await.expect("assign");
    app.client.assign_mentor(b, m.id).await.expect("assign");
    let book = |project, from: &str, to: &str| CreateSession {
        project_id: project,
        mentor_id: m.id,
        starts_at: at(from),
        ends_at: at(to),
        mode: SessionMode::Online,
        location: None,
        agenda: Some("Prototype review".into()),
    };
    // 17:00-18:00 in Riga is 10:00-11:00 in Boston.
    let first = app
        .client
        .create_session(&book(a, "2023-06-01T14:00:00Z", "2023-06-01T15:00:00Z"))
        .await
        .expect("booked");
    assert_eq!(first.status, SessionStatus::Scheduled);
    assert_eq!(
        status(
            app.client
                .create_session(&book(b, "2023-06-01T14:30:00Z", "2023-06-01T15:30:00Z"))
                .await
        ),
        409
    );
    assert_eq!(
        status(
            app.client
                .create_session(&book(b, "2023-06-01T13:00:00Z", "2023-06-01T16:00:00Z"))
                .await
        ),
        409,
        "enclosing"
    );
    app.client
        .create_session(&book(b, "2023-06-01T15:00:00Z", "2023-06-01T16:00:00Z"))
        .await
        .expect("back to back is fine");

    let cancel = UpdateSession {
        status: Some(SessionStatus::Cancelled),
        ..Default::default()
    };
    app.client
        .update_session(first.id, &cancel, Some(1))
        .await
        .expect("cancelled");
    app.client
        .create_session(&book(b, "2023-06-01T14:00:00Z", "2023-06-01T15:00:00Z"))
        .await
        .expect("a cancelled session frees the time");

    let all = app
        .client
        .list_sessions(&SessionQuery {
            mentor_id: Some(m.id),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(all.items.len(), 3);
}

#[tokio::test]
async fn moving_a_session_onto_another_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let w = app.world().await;
    let a = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let m = app.mentor("m@example.org", "Mentor", &[], 5).await;
    app.client.assign_mentor(a, m.id).await.expect("assign");
    let book = |from: &str, to: &str| CreateSession {
        project_id: a,
        mentor_id: m.id,
        starts_at: at(from),
        ends_at: at(to),
        mode: SessionMode::InPerson,
        location: Some("RBS, Riga".into()),
        agenda: None,
    };
    app.client
        .create_session(&book("2023-06-01T14:00:00Z", "2023-06-01T15:00:00Z"))
        .await
        .expect("first");
    let second = app
        .client
        .create_session(&book("2023-06-02T14:00:00Z", "2023-06-02T15:00:00Z"))
        .await
        .expect("second");
    let onto = UpdateSession {
        starts_at: Some(at("2023-06-01T14:30:00Z")),
        ends_at: Some(at("2023-06-01T15:30:00Z")),
        ..Default::default()
    };
    assert_eq!(
        status(app.client.update_session(second.id, &onto, None).await),
        409
    );
    let unchanged = app
        .client
        .get_session(&second.id.to_string())
        .await
        .expect("read");
    assert_eq!(unchanged, second);
    let notes = UpdateSession {
        notes: Some(Some("Agreed on the pilot scope.".into())),
        ..Default::default()
    };
    let with_notes = app
        .client
        .update_session(second.id, &notes, Some(1))
        .await
        .expect("notes");
    assert_eq!(
        with_notes.notes.as_deref(),
        Some("Agreed on the pilot scope.")
    );
}

#[tokio::test]
async fn bookings_need_an_assigned_mentor_and_a_sane_time() {
    let app = spawn_app().await;
    let w = app.world().await;
    let a = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let m = app.mentor("m@example.org", "Mentor", &[], 5).await;
    let body = CreateSession {
        project_id: a,
        mentor_id: m.id,
        starts_at: at("2023-06-01T15:00:00Z"),
        ends_at: at("2023-06-01T15:00:00Z"),
        mode: SessionMode::Online,
        location: None,
        agenda: None,
    };
    assert_eq!(fields(app.client.create_session(&body).await), ["ends_at"]);
    let later = CreateSession {
        ends_at: at("2023-06-01T16:00:00Z"),
        ..body
    };
    assert_eq!(
        fields(app.client.create_session(&later).await),
        ["mentor_id"],
        "not assigned"
    );
    assert_eq!(
        status(app.client.create_session(&later).await),
        409,
        "a rule about other records is a conflict, not invalid input"
    );
    let nobody = CreateSession {
        mentor_id: eil_shared::MentorId(uuid::Uuid::now_v7()),
        ..later.clone()
    };
    assert_eq!(
        fields(app.client.create_session(&nobody).await),
        ["mentor_id"]
    );
}

#[tokio::test]
async fn sessions_filter_by_project_and_time_range() {
    let app = spawn_app().await;
    let w = app.world().await;
    let a = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let b = app
        .project(&w, "proj-b", "B", vec![w.host.id])
        .await
        .project
        .id;
    let m = app.mentor("m@example.org", "Mentor", &[], 5).await;
    for p in [a, b] {
        app.client.assign_mentor(p, m.id).await.expect("assign");
    }
    for (p, day) in [(a, "2023-06-01"), (b, "2023-06-08"), (a, "2023-07-01")] {
        app.client
            .create_session(&CreateSession {
                project_id: p,
                mentor_id: m.id,
                starts_at: at(&format!("{day}T14:00:00Z")),
                ends_at: at(&format!("{day}T15:00:00Z")),
                mode: SessionMode::Online,
                location: None,
                agenda: None,
            })
            .await
            .expect("booked");
    }
    let q = SessionQuery {
        project_id: Some(a),
        ..Default::default()
    };
    assert_eq!(
        app.client
            .list_sessions(&q)
            .await
            .expect("list")
            .items
            .len(),
        2
    );
    let june = SessionQuery {
        from: Some(at("2023-06-01T00:00:00Z")),
        to: Some(at("2023-06-30T00:00:00Z")),
        ..Default::default()
    };
    let days: Vec<_> = app
        .client
        .list_sessions(&june)
        .await
        .expect("list")
        .items
        .iter()
        .map(|s| s.starts_at.date_naive().to_string())
        .collect();
    assert_eq!(days, ["2023-06-01", "2023-06-08"]);
    assert_eq!(
        status(app.client.delete_project(a).await),
        409,
        "sessions refer to it"
    );
}

#[tokio::test]
async fn concurrent_bookings_of_one_slot_let_exactly_one_through() {
    let app = spawn_app().await;
    let w = app.world().await;
    let a = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let m = app.mentor("m@example.org", "Mentor", &[], 5).await;
    app.client.assign_mentor(a, m.id).await.expect("assign");
    let body = CreateSession {
        project_id: a,
        mentor_id: m.id,
        starts_at: at("2023-06-01T14:00:00Z"),
        ends_at: at("2023-06-01T15:00:00Z"),
        mode: SessionMode::Online,
        location: None,
        agenda: None,
    };
    let attempts: Vec<_> = (0..8)
        .map(|_| {
            let client = app.client.clone();
            let body = body.clone();
            tokio::spawn(async move { client.create_session(&body).await })
        })
        .collect();
    let mut booked = 0;
    for attempt in attempts {
        match attempt.await.expect("task") {
            Ok(_) => booked += 1,
            Err(e) => assert_eq!(e.status(), Some(409), "{e}"),
        }
    }
    assert_eq!(booked, 1);
    let q = SessionQuery {
        mentor_id: Some(m.id),
        ..Default::default()
    };
    assert_eq!(
        app.client
            .list_sessions(&q)
            .await
            .expect("list")
            .items
            .len(),
        1
    );
}
