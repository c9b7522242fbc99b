//! Concurrent writes of one record: without `If-Match` they take turns and all apply (the
//! last one wins); with `If-Match` exactly one of those based on the same version does.

use eil_shared::client::Client;
use eil_shared::organisation::{Organisation, UpdateOrganisation};

use crate::helpers::*;

const PARALLEL: usize = 16;

/// Sends `PARALLEL` PATCHes of one organisation at once, the i-th setting `short_name` to
/// `S{i}`, and returns each answer's status and, for a 200, the version it answered.
async fn patch_together(
    client: &Client,
    org: &Organisation,
    if_match: Option<i32>,
) -> Vec<(u16, Option<i32>)> {
    let calls: Vec<_> = (0..PARALLEL)
        .map(|i| {
            let (client, id) = (client.clone(), org.id);
            tokio::spawn(async move {
                let body = UpdateOrganisation {
                    short_name: Some(Some(format!("S{i}"))),
                    ..Default::default()
                };
                match client.update_organisation(id, &body, if_match).await {
                    Ok(o) => (200, Some(o.version)),
                    Err(e) => (e.status().unwrap_or_else(|| panic!("no answer: {e}")), None),
                }
            })
        })
        .collect();
    let mut answers = Vec::new();
    for call in calls {
        answers.push(call.await.expect("task"));
    }
    answers
}

#[tokio::test]
async fn parallel_patches_without_if_match_all_apply() {
    let app = spawn_app().await;
    let org = app.organisation("lu", "University of Latvia").await;
    let answers = patch_together(&app.client, &org, None).await;
    let applied = answers.iter().filter(|(s, _)| *s == 200).count();
    println!(
        "{PARALLEL} parallel PATCHes without If-Match: {applied} answered 200, statuses {answers:?}"
    );
    assert_eq!(
        applied, PARALLEL,
        "no 412 without a precondition: {answers:?}"
    );
    // Each took its turn: every answer holds a version of its own, 2 to 17.
    let mut versions: Vec<i32> = answers.iter().filter_map(|(_, v)| *v).collect();
    versions.sort_unstable();
    let expected: Vec<i32> = (org.version + 1..=org.version + PARALLEL as i32).collect();
    assert_eq!(versions, expected);
    let stored = app
        .client
        .get_organisation(&org.id.to_string())
        .await
        .expect("read");
    assert_eq!(stored.version, org.version + PARALLEL as i32, "version +16");
    // The last writer won: the stored name is the one the answer of the newest version had.
    assert!(
        stored
            .short_name
            .as_deref()
            .is_some_and(|s| s.starts_with('S')),
        "{stored:?}"
    );
}

#[tokio::test]
async fn parallel_patches_with_the_same_if_match_let_exactly_one_win() {
    let app = spawn_app().await;
    let org = app.organisation("lu", "University of Latvia").await;
    let answers = patch_together(&app.client, &org, Some(org.version)).await;
    let won = answers.iter().filter(|(s, _)| *s == 200).count();
    let stale = answers.iter().filter(|(s, _)| *s == 412).count();
    println!("{PARALLEL} parallel PATCHes with one If-Match: {won} answered 200, {stale} 412");
    assert_eq!((won, stale), (1, PARALLEL - 1), "{answers:?}");
    let stored = app
        .client
        .get_organisation(&org.id.to_string())
        .await
        .expect("read");
    assert_eq!(stored.version, org.version + 1);
}
