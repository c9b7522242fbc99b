//! Progress updates: the team posts, an assigned mentor gives feedback.

use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::{CreateProgressUpdate, UpdateProgressUpdate};

use crate::helpers::{fields, spawn_app};

#[tokio::test]
async fn the_team_posts_updates_and_an_assigned_mentor_gives_feedback() {
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj", "Project", vec![w.host.id])
        .await
        .project
        .id;
    let outsider = app.person("outsider@example.lv", "Outsider").await;
    let post = |author| CreateProgressUpdate {
        author_id: author,
        body: "Interviews done.".into(),
    };
    assert_eq!(
        fields(
            app.client
                .create_progress_update(pid, &post(outsider.id))
                .await
        ),
        ["author_id"]
    );
    let first = app
        .client
        .create_progress_update(pid, &post(w.lead.id))
        .await
        .expect("posted");
    let second = app
        .client
        .create_progress_update(
            pid,
            &CreateProgressUpdate {
                author_id: w.member.id,
                body: "Prototype next.".into(),
            },
        )
        .await
        .expect("posted");
    let page = app
        .client
        .list_progress_updates(pid, &PageQuery::default())
        .await
        .expect("list");
    assert_eq!(
        page.items.iter().map(|u| u.id).collect::<Vec<_>>(),
        [second.id, first.id],
        "newest first"
    );

    let m = app.mentor("mentor@example.org", "Mentor", &[], 2).await;
    let feedback = UpdateProgressUpdate {
        feedback: Some(Some("Good progress".into())),
        feedback_by: Some(Some(m.id)),
        ..Default::default()
    };
    assert_eq!(
        fields(
            app.client
                .update_progress_update(pid, first.id, &feedback, None)
                .await
        ),
        ["feedback_by"],
        "not assigned yet"
    );
    app.client.assign_mentor(pid, m.id).await.expect("assign");
    let u = app
        .client
        .update_progress_update(pid, first.id, &feedback, Some(first.version))
        .await
        .expect("feedback");
    assert_eq!(u.feedback.as_deref(), Some("Good progress"));
    assert_eq!(u.body, "Interviews done.");
}
