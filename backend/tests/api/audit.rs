//! The audit entry is written by the write's own transaction: a change and its entry
//! commit together or not at all.

use diesel::connection::SimpleConnection;
use eil_backend::db::{DbConn, Pool};
use eil_shared::audit::AuditQuery;
use eil_shared::organisation::OrganisationQuery;
use eil_shared::organisation::{CreateOrganisation, OrganisationKind, UpdateOrganisation};

use crate::helpers::*;

/// Runs `sqlite` or `postgres` on a connection of the server's database.
async fn execute(pool: &Pool, sqlite: &'static str, postgres: &'static str) {
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        let sql = match &*c {
            DbConn::Sqlite(_) => sqlite,
            DbConn::Postgres(_) => postgres,
        };
        c.batch_execute(sql).expect("statement");
    })
    .await
    .expect("task");
}

/// From now on, storing an audit entry fails inside the database.
async fn refuse_audit_entries(pool: &Pool) {
    execute(
        pool,
        "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
         BEGIN SELECT RAISE(ABORT, 'audit entries refused'); END;",
        "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS \
         $$ BEGIN RAISE EXCEPTION 'audit entries refused'; END $$; \
         CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
         FOR EACH ROW EXECUTE FUNCTION refuse_audit();",
    )
    .await;
}

async fn accept_audit_entries(pool: &Pool) {
    execute(
        pool,
        "DROP TRIGGER refuse_audit;",
        "DROP TRIGGER refuse_audit ON audit_log; DROP FUNCTION refuse_audit();",
    )
    .await;
}

fn new_org(slug: &str) -> CreateOrganisation {
    CreateOrganisation {
        slug: slug.into(),
        name: text(slug, slug),
        short_name: None,
        kind: OrganisationKind::University,
        partner_role: None,
        parent_id: None,
        website: None,
    }
}

async fn entries(
    app: &TestApp,
    resource: &str,
    action: &str,
) -> Vec<eil_shared::audit::AuditEntry> {
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let page = app
            .client
            .list_audit(&AuditQuery {
                resource: Some(resource.into()),
                action: Some(action.into()),
                limit: Some(100),
                cursor,
                ..Default::default()
            })
            .await
            .expect("audit");
        all.extend(page.items);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return all,
        }
    }
}

#[tokio::test]
async fn a_change_whose_audit_entry_fails_is_rolled_back() {
    let app = spawn_app().await;
    let org = app.organisation("lu", "University of Latvia").await;
    refuse_audit_entries(&app.pool).await;

    let patch = UpdateOrganisation {
        short_name: Some(Some("LU".into())),
        ..Default::default()
    };
    let failed = app.client.update_organisation(org.id, &patch, None).await;
    assert_eq!(status(failed), 500, "the entry could not be stored");
    let created = app.client.create_organisation(&new_org("rsu")).await;
    assert_eq!(status(created), 500);
    let deleted = app.client.delete_organisation(org.id).await;
    assert_eq!(status(deleted), 500);

    let stored = app
        .client
        .get_organisation(&org.id.to_string())
        .await
        .expect("the organisation is still there");
    assert_eq!(
        (stored.version, stored.short_name.as_deref()),
        (org.version, None),
        "the change went with its entry"
    );
    assert_eq!(status(app.client.get_organisation("rsu").await), 404);

    accept_audit_entries(&app.pool).await;
    let changed = app
        .client
        .update_organisation(org.id, &patch, None)
        .await
        .expect("now it works");
    assert_eq!(changed.version, org.version + 1);
    let updates = entries(&app, "organisations", "update").await;
    assert_eq!(
        updates.len(),
        1,
        "only the write that committed has an entry"
    );
    assert_eq!(updates[0].resource_id, Some(org.id.to_string()));
    assert_eq!(updates[0].status, 200);
}

#[tokio::test]
async fn no_entry_is_missing_after_parallel_writes() {
    const CREATES: usize = 24;
    const PATCHES: usize = 16;
    let app = spawn_app().await;
    let org = app.organisation("lu", "University of Latvia").await;
    let mut calls = Vec::new();
    for i in 0..CREATES {
        let client = app.client.clone();
        calls.push(tokio::spawn(async move {
            client
                .create_organisation(&new_org(&format!("org-{i}")))
                .await
                .map(|o| o.id.to_string())
        }));
    }
    for i in 0..PATCHES {
        let (client, id) = (app.client.clone(), org.id);
        calls.push(tokio::spawn(async move {
            let body = UpdateOrganisation {
                short_name: Some(Some(format!("S{i}"))),
                ..Default::default()
            };
            client
                .update_organisation(id, &body, None)
                .await
                .map(|o| o.id.to_string())
        }));
    }
    let mut created = Vec::new();
    for (i, call) in calls.into_iter().enumerate() {
        let id = call.await.expect("task").expect("every write succeeds");
        if i < CREATES {
            created.push(id);
        }
    }

    let creates = entries(&app, "organisations", "create").await;
    let mut logged: Vec<String> = creates
        .iter()
        .filter_map(|e| e.resource_id.clone())
        .collect();
    // The helper's own create is there too.
    created.push(org.id.to_string());
    created.sort();
    logged.sort();
    assert_eq!(
        logged, created,
        "one create entry per organisation, naming it"
    );
    assert!(creates.iter().all(|e| e.status == 201));

    let updates = entries(&app, "organisations", "update").await;
    assert_eq!(updates.len(), PATCHES, "one update entry per PATCH");
    let mut request_ids: Vec<&str> = updates.iter().map(|e| e.request_id.as_str()).collect();
    request_ids.sort_unstable();
    request_ids.dedup();
    assert_eq!(
        request_ids.len(),
        PATCHES,
        "each entry is its own request's"
    );

    let orgs = app
        .client
        .list_organisations(&OrganisationQuery {
            limit: Some(100),
            ..Default::default()
        })
        .await
        .expect("list");
    assert_eq!(orgs.items.len(), CREATES + 1);
}
