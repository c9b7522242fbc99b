//! Text search (`q`) answers the same whether a text is rare (found through the search
//! index, its few matches sorted) or common (tested row by row while the list walks its
//! own order): every match, in the list's order, across pages, Latvian letters included.

use diesel::RunQueryDsl;
use eil_backend::db::{search::FEW_MATCHES, search_text, ts};
use eil_shared::organisation::OrganisationQuery;

use crate::helpers::spawn_app;

/// `common` hospitals (more than a search calls few) and three rare clinics, written
/// straight into the table: through the API this many would take a while.
fn insert_organisations(app: &crate::helpers::TestApp, common: usize) {
    let now = ts(chrono::Utc::now());
    let mut rows = Vec::new();
    for i in 0..common {
        rows.push((
            format!("Kopējā slimnīca {i:04}"),
            format!("Common Hospital {i:04}"),
        ));
    }
    for i in 0..3 {
        rows.push((format!("Zefīra klīnika {i}"), format!("Zephyr Clinic {i}")));
    }
    let values: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, (lv, en))| {
            let slug = format!("search-test-{i}");
            let text = search_text(&[Some(lv), Some(en), Some(&slug)]);
            format!(
                "('{}', '{slug}', '{lv}', '{en}', 'hospital', '{}', 1, '{now}', '{now}')",
                uuid::Uuid::now_v7(),
                text.replace('\'', "''")
            )
        })
        .collect();
    let mut conn = app.pool.get().expect("a connection");
    diesel::sql_query(format!(
        "INSERT INTO organisations (id, slug, name_lv, name_en, kind, search_text, version, \
         created_at, updated_at) VALUES {}",
        values.join(", ")
    ))
    .execute(&mut conn)
    .expect("organisations inserted");
}

/// Every name a search finds, page after page.
async fn names(app: &crate::helpers::TestApp, q: &str, limit: u32) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let page = app
            .anon
            .list_organisations(&OrganisationQuery {
                q: Some(q.into()),
                limit: Some(limit),
                cursor,
                ..Default::default()
            })
            .await
            .expect("a page");
        all.extend(page.items.into_iter().map(|o| o.name.en));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn rare_and_common_texts_find_every_match_in_order() {
    let app = spawn_app().await;
    let common = usize::try_from(FEW_MATCHES).expect("a small number") + 200;
    insert_organisations(&app, common);
    let expected: Vec<String> = (0..common)
        .map(|i| format!("Common Hospital {i:04}"))
        .collect();

    // Common: more matches than "few", walked in name order, 100 a page.
    assert_eq!(names(&app, "common hosp", 100).await, expected);
    // The same through the Latvian name, in capitals.
    assert_eq!(names(&app, "KOPĒJĀ SLIMNĪCA", 100).await, expected);
    // Rare: through the index.
    assert_eq!(
        names(&app, "zephyr", 2).await,
        ["Zephyr Clinic 0", "Zephyr Clinic 1", "Zephyr Clinic 2"]
    );
    assert_eq!(names(&app, "ZEFĪRA", 20).await.len(), 3);
    // Shorter than a trigram: still found, by reading the table.
    assert_eq!(names(&app, "y", 20).await.len(), 3);
    assert_eq!(names(&app, "c 1", 20).await, ["Zephyr Clinic 1"]);
    assert!(names(&app, "no such name", 20).await.is_empty());
}
