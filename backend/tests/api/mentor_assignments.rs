//! Mentor assignments: within the mentor's capacity.

use eil_shared::pagination::PageQuery;

use crate::helpers::{spawn_app, status};

#[tokio::test]
async fn mentors_are_assigned_within_their_capacity() {
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
    let m = app.mentor("m@example.org", "Mentor", &[], 1).await;
    app.client.assign_mentor(a, m.id).await.expect("assign");
    assert_eq!(
        status(app.client.assign_mentor(a, m.id).await),
        409,
        "twice"
    );
    assert_eq!(
        status(app.client.assign_mentor(b, m.id).await),
        409,
        "over capacity"
    );
    assert_eq!(
        app.client
            .list_project_mentors(a, &PageQuery::default())
            .await
            .expect("list")
            .items
            .len(),
        1
    );
    app.client.unassign_mentor(a, m.id).await.expect("unassign");
    app.client
        .assign_mentor(b, m.id)
        .await
        .expect("capacity freed");
    assert_eq!(status(app.client.unassign_mentor(a, m.id).await), 404);
}
