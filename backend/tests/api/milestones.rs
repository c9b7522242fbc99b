//! Milestones of a project: kept by the team and staff.

use eil_shared::milestone::{CreateMilestone, MilestoneQuery, MilestoneStatus, UpdateMilestone};

use crate::helpers::{spawn_app, status, text};

#[tokio::test]
async fn milestones_are_managed_within_their_project() {
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
    let m = app
        .client
        .create_milestone(
            a,
            &CreateMilestone {
                title: text("Pilots", "Pilot"),
                due_on: "2023-10-01".parse().expect("date"),
                status: None,
            },
        )
        .await
        .expect("milestone");
    assert_eq!(m.status, MilestoneStatus::Planned);
    assert_eq!(
        status(app.client.get_milestone(b, m.id).await),
        404,
        "not visible through another project"
    );
    let done = UpdateMilestone {
        status: Some(MilestoneStatus::Done),
        ..Default::default()
    };
    let m2 = app
        .client
        .update_milestone(a, m.id, &done, Some(1))
        .await
        .expect("update");
    assert_eq!(m2.status, MilestoneStatus::Done);
    assert_eq!(
        status(app.client.update_milestone(a, m.id, &done, Some(1)).await),
        412
    );
    let q = MilestoneQuery {
        status: Some(MilestoneStatus::Done),
        ..Default::default()
    };
    assert_eq!(
        app.client
            .list_milestones(a, &q)
            .await
            .expect("list")
            .items
            .len(),
        1
    );
    app.client.delete_milestone(a, m.id).await.expect("delete");
    assert!(
        app.client
            .list_milestones(a, &MilestoneQuery::default())
            .await
            .expect("list")
            .items
            .is_empty()
    );
}
