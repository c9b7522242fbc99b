use std::collections::HashSet;

use eil_shared::organisation::{OrganisationQuery, OrganisationSort};

use crate::helpers::{fields, spawn_app, status};

#[tokio::test]
async fn pages_cover_every_item_once_in_order() {
    let app = spawn_app().await;
    for i in 0..25 {
        app.organisation(&format!("org-{i:02}"), &format!("Organisation {i:02}"))
            .await;
    }
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = 0;
    loop {
        let q = OrganisationQuery {
            limit: Some(10),
            cursor: cursor.clone(),
            ..Default::default()
        };
        let page = app.client.list_organisations(&q).await.expect("page");
        pages += 1;
        assert!(page.items.len() <= 10);
        seen.extend(page.items.into_iter().map(|o| o.name.en));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 25);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        25,
        "no item twice"
    );
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "by name across pages");
}

#[tokio::test]
async fn the_default_page_is_twenty_and_the_last_page_says_so() {
    let app = spawn_app().await;
    for i in 0..21 {
        app.organisation(&format!("org-{i:02}"), &format!("Organisation {i:02}"))
            .await;
    }
    let first = app
        .client
        .list_organisations(&OrganisationQuery::default())
        .await
        .expect("page");
    assert_eq!(first.items.len(), 20);
    let q = OrganisationQuery {
        cursor: first.next_cursor,
        ..Default::default()
    };
    let last = app.client.list_organisations(&q).await.expect("page");
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.next_cursor, None);
}

#[tokio::test]
async fn bad_limits_and_cursors_are_refused() {
    let app = spawn_app().await;
    for limit in [0, 101] {
        let q = OrganisationQuery {
            limit: Some(limit),
            ..Default::default()
        };
        assert_eq!(fields(app.client.list_organisations(&q).await), ["limit"]);
    }
    let q = OrganisationQuery {
        cursor: Some("not a cursor!".into()),
        ..Default::default()
    };
    assert_eq!(fields(app.client.list_organisations(&q).await), ["cursor"]);
    // Well-formed base64url that this list never handed out names no page.
    let q = OrganisationQuery {
        cursor: Some("bm90LWEtY3Vyc29y".into()),
        ..Default::default()
    };
    assert_eq!(status(app.client.list_organisations(&q).await), 404);

    // A cursor of one order is not accepted for another.
    for i in 0..3 {
        app.organisation(&format!("org-{i}"), &format!("Org {i}"))
            .await;
    }
    let by_name = app
        .client
        .list_organisations(&OrganisationQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
        .expect("page");
    let q = OrganisationQuery {
        sort: Some(OrganisationSort::Created),
        cursor: by_name.next_cursor,
        ..Default::default()
    };
    assert_eq!(status(app.client.list_organisations(&q).await), 404);
}
