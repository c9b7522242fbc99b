use eil_shared::cohort::{CohortQuery, CohortSort, CreateCohort, UpdateCohort};
use eil_shared::event::{CreateEvent, EventKind, EventQuery};
use eil_shared::organisation::{OrganisationQuery, PartnerRole, UpdateOrganisation};
use eil_shared::programme::{CreateProgramme, ProgrammeQuery, UpdateProgramme};
use eil_shared::project::ProjectQuery;
use eil_shared::track::{CreateTrack, TrackKind};

use crate::helpers::{fields, spawn_app, spawn_app_with, status, text};

#[tokio::test]
async fn a_programme_is_created_read_by_id_and_slug_updated_and_deleted() {
    let app = spawn_app().await;
    let resp = app
        .http
        .post(format!("{}/api/v1/programmes", app.address))
        .json(&CreateProgramme {
            slug: "leaders-programme".into(),
            name: text("Līderu programma", "Leaders programme"),
            summary: None,
        })
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 201);
    let location = resp.headers()["location"]
        .to_str()
        .expect("header")
        .to_string();
    assert_eq!(resp.headers()["etag"], "\"1\"");
    let created: eil_shared::programme::ProgrammeDetail = resp.json().await.expect("body");
    assert_eq!(
        location,
        format!("/api/v1/programmes/{}", created.programme.id)
    );

    let by_slug = app
        .client
        .get_programme("leaders-programme")
        .await
        .expect("by slug");
    let by_id = app
        .client
        .get_programme(&created.programme.id.to_string())
        .await
        .expect("by id");
    assert_eq!(by_slug, by_id);
    assert_eq!(by_id.programme.name.lv, "Līderu programma");

    let patch = UpdateProgramme {
        summary: Some(Some(text("Vebināri", "Webinars"))),
        ..Default::default()
    };
    let updated = app
        .client
        .update_programme(created.programme.id, &patch, Some(1))
        .await
        .expect("update");
    assert_eq!(updated.programme.version, 2);
    assert_eq!(
        updated.programme.name, created.programme.name,
        "fields not sent are kept"
    );
    assert_eq!(
        updated.programme.summary.as_ref().map(|s| s.en.as_str()),
        Some("Webinars")
    );

    let clear = UpdateProgramme {
        summary: Some(None),
        ..Default::default()
    };
    let cleared = app
        .client
        .update_programme(created.programme.id, &clear, None)
        .await
        .expect("clear");
    assert_eq!(
        cleared.programme.summary, None,
        "null clears an optional field"
    );

    app.client
        .delete_programme(created.programme.id)
        .await
        .expect("delete");
    assert_eq!(
        status(app.client.get_programme("leaders-programme").await),
        404
    );
}

#[tokio::test]
async fn a_stale_update_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let w = app.world().await;
    let id = w.programme.programme.id;
    let first = UpdateProgramme {
        name: Some(text("Programma A", "Programme A")),
        ..Default::default()
    };
    app.client
        .update_programme(id, &first, Some(1))
        .await
        .expect("first writer wins");
    let second = UpdateProgramme {
        name: Some(text("Programma B", "Programme B")),
        ..Default::default()
    };
    assert_eq!(
        status(app.client.update_programme(id, &second, Some(1)).await),
        412
    );
    let now = app
        .client
        .get_programme(&id.to_string())
        .await
        .expect("read");
    assert_eq!(now.programme.name.en, "Programme A");
    assert_eq!(now.programme.version, 2);
}

#[tokio::test]
async fn a_programme_reads_whole_with_its_tracks_and_cohorts() {
    let app = spawn_app().await;
    let w = app.world().await;
    app.client
        .create_track(&CreateTrack {
            programme_id: w.programme.programme.id,
            slug: "strategy".into(),
            name: text("Stratēģiskā grupa", "Strategic Group"),
            kind: TrackKind::Strategy,
            summary: None,
        })
        .await
        .expect("second track");
    let p = app
        .client
        .get_programme("education-innovation-programme")
        .await
        .expect("programme");
    let tracks: Vec<_> = p.tracks.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tracks, ["project-management", "strategy"]);
    assert_eq!(p.cohorts.len(), 1);
    assert_eq!(p.cohorts[0].capacity, 74);
    assert_eq!(
        status(app.client.delete_programme(p.programme.id).await),
        409,
        "tracks and cohorts belong to it"
    );
}

#[tokio::test]
async fn names_need_both_languages_and_slugs_are_unique() {
    let app = spawn_app().await;
    let bad = CreateProgramme {
        slug: "Not A Slug".into(),
        name: text("Programma", ""),
        summary: None,
    };
    let r = app.client.create_programme(&bad).await;
    assert_eq!(fields(r), ["slug", "name.en"]);
    let ok = CreateProgramme {
        slug: "eip".into(),
        name: text("Programma", "Programme"),
        summary: None,
    };
    app.client.create_programme(&ok).await.expect("first");
    let again = app.client.create_programme(&ok).await;
    assert_eq!(status(again), 409);
    let list = app
        .client
        .list_programmes(&ProgrammeQuery::default())
        .await
        .expect("list");
    assert_eq!(list.items.len(), 1, "the refused writes stored nothing");
}

#[tokio::test]
async fn cohort_dates_and_capacity_are_checked() {
    let app = spawn_app().await;
    let w = app.world().await;
    let bad = CreateCohort {
        programme_id: w.programme.programme.id,
        slug: "eip-2024".into(),
        name: text("2024", "2024"),
        starts_on: "2024-05-01".parse().expect("date"),
        ends_on: Some("2024-04-30".parse().expect("date")),
        capacity: -1,
        venue: None,
        status: None,
    };
    assert_eq!(
        fields(app.client.create_cohort(&bad).await),
        ["ends_on", "capacity"]
    );
    let missing_programme = CreateCohort {
        programme_id: eil_shared::ProgrammeId(uuid::Uuid::now_v7()),
        ends_on: None,
        capacity: 10,
        ..bad
    };
    assert_eq!(
        fields(app.client.create_cohort(&missing_programme).await),
        ["programme_id"]
    );
    let patch = UpdateCohort {
        ends_on: Some(Some("2023-01-01".parse().expect("date"))),
        ..Default::default()
    };
    assert_eq!(
        fields(app.client.update_cohort(w.cohort.id, &patch, None).await),
        ["ends_on"]
    );
}

#[tokio::test]
async fn cohorts_sort_newest_first_by_default() {
    let app = spawn_app().await;
    let w = app.world().await;
    for year in [2021, 2025, 2022] {
        app.client
            .create_cohort(&CreateCohort {
                programme_id: w.programme.programme.id,
                slug: format!("eip-{year}"),
                name: text(&year.to_string(), &year.to_string()),
                starts_on: format!("{year}-09-01").parse().expect("date"),
                ends_on: None,
                capacity: 20,
                venue: None,
                status: None,
            })
            .await
            .expect("cohort");
    }
    let slugs = |p: eil_shared::Page<eil_shared::cohort::Cohort>| {
        p.items.into_iter().map(|c| c.slug).collect::<Vec<_>>()
    };
    let newest = app
        .client
        .list_cohorts(&CohortQuery::default())
        .await
        .expect("list");
    assert_eq!(
        slugs(newest),
        ["eip-2025", "eip-2023", "eip-2022", "eip-2021"]
    );
    let q = CohortQuery {
        sort: Some(CohortSort::StartsOn),
        limit: Some(2),
        ..Default::default()
    };
    let oldest = app.client.list_cohorts(&q).await.expect("list");
    assert_eq!(slugs(oldest), ["eip-2021", "eip-2022"]);
}

#[tokio::test]
async fn organisations_filter_by_role_and_cannot_contain_themselves() {
    let app = spawn_app().await;
    let rtu = app
        .organisation("riga-technical-university", "Riga Technical University")
        .await;
    let patch = UpdateOrganisation {
        partner_role: Some(Some(PartnerRole::Implementer)),
        ..Default::default()
    };
    app.client
        .update_organisation(rtu.id, &patch, None)
        .await
        .expect("role set");
    app.organisation("university-of-latvia", "University of Latvia")
        .await;
    let q = OrganisationQuery {
        partner_role: Some(PartnerRole::Implementer),
        ..Default::default()
    };
    let found = app.client.list_organisations(&q).await.expect("list");
    assert_eq!(
        found
            .items
            .iter()
            .map(|o| o.slug.as_str())
            .collect::<Vec<_>>(),
        ["riga-technical-university"]
    );
    let loop_patch = UpdateOrganisation {
        parent_id: Some(Some(rtu.id)),
        ..Default::default()
    };
    assert_eq!(
        fields(
            app.client
                .update_organisation(rtu.id, &loop_patch, None)
                .await
        ),
        ["parent_id"]
    );
}

#[tokio::test]
async fn events_filter_by_time_range_and_need_an_owner() {
    let app = spawn_app().await;
    let w = app.world().await;
    let event = |slug: &str, day: &str| CreateEvent {
        slug: slug.into(),
        kind: EventKind::Workshop,
        programme_id: Some(w.programme.programme.id),
        cohort_id: None,
        title: text("Darbnīca", "Workshop"),
        summary: None,
        venue: None,
        starts_at: format!("{day}T07:00:00Z").parse().expect("time"),
        ends_at: format!("{day}T09:00:00Z").parse().expect("time"),
    };
    for (slug, day) in [
        ("may", "2023-05-19"),
        ("june", "2023-06-15"),
        ("sept", "2023-09-01"),
    ] {
        app.client
            .create_event(&event(slug, day))
            .await
            .expect("event");
    }
    let q = EventQuery {
        from: Some("2023-06-01T00:00:00Z".parse().expect("time")),
        to: Some("2023-07-01T00:00:00Z".parse().expect("time")),
        ..Default::default()
    };
    let june = app.client.list_events(&q).await.expect("list");
    assert_eq!(
        june.items
            .iter()
            .map(|e| e.slug.as_str())
            .collect::<Vec<_>>(),
        ["june"]
    );
    let orphan = CreateEvent {
        programme_id: None,
        ..event("orphan", "2023-10-01")
    };
    assert_eq!(
        fields(app.client.create_event(&orphan).await),
        ["programme_id"]
    );
    let backwards = CreateEvent {
        ends_at: "2023-10-01T06:00:00Z".parse().expect("time"),
        ..event("back", "2023-10-01")
    };
    assert_eq!(
        fields(app.client.create_event(&backwards).await),
        ["ends_at"]
    );
}

#[tokio::test]
async fn the_demo_data_holds_the_labs_facts_and_loads_once() {
    let app = spawn_app_with(true).await;
    let eip = app
        .client
        .get_programme("education-innovation-programme")
        .await
        .expect("programme");
    assert_eq!(eip.tracks.len(), 2);
    assert_eq!(eip.cohorts.len(), 1);
    assert_eq!(eip.cohorts[0].capacity, 74);
    assert_eq!(eip.cohorts[0].starts_on.to_string(), "2023-05-19");
    app.client
        .get_programme("leaders-programme")
        .await
        .expect("leaders programme");

    let q = ProjectQuery {
        limit: Some(100),
        ..Default::default()
    };
    let projects = app.client.list_projects(&q).await.expect("projects");
    assert_eq!(projects.items.len(), 5);
    let rsu = app
        .client
        .get_organisation("riga-stradins-university")
        .await
        .expect("RSU");
    let by_rsu = app
        .client
        .list_projects(&ProjectQuery {
            host_id: Some(rsu.id),
            ..Default::default()
        })
        .await
        .expect("by host");
    assert_eq!(by_rsu.items.len(), 2);
    let health = projects
        .items
        .iter()
        .find(|p| p.slug == "modern-sustainable-environment-health-care-centre")
        .expect("the RTU and hospital project");
    let hosts: Vec<_> = health
        .hosts
        .iter()
        .filter_map(|h| h.short_name.as_deref())
        .collect();
    assert_eq!(hosts, ["RTU", "BKUS"]);

    let funder = app
        .client
        .list_organisations(&OrganisationQuery {
            partner_role: Some(PartnerRole::Funder),
            ..Default::default()
        })
        .await
        .expect("funder");
    assert_eq!(funder.items[0].name.en, "Ministry of Education and Science");
    let mentors = app
        .client
        .list_mentors(&Default::default())
        .await
        .expect("mentors");
    assert_eq!(mentors.items[0].full_name, "Hanna Adeyema");
    assert_eq!(mentors.items[0].title, "Director, MIT Bootcamps");
    let launch = app
        .client
        .get_event("programme-launch-2023")
        .await
        .expect("launch");
    assert!(
        launch
            .venue
            .as_deref()
            .unwrap_or_default()
            .contains("Nacionālā bibliotēka")
    );

    // Load again, as a second start with --demo does.
    let count = |app: &crate::helpers::TestApp| {
        let client = app.client.clone();
        async move {
            let q = OrganisationQuery {
                limit: Some(100),
                ..Default::default()
            };
            let orgs = client
                .list_organisations(&q)
                .await
                .expect("orgs")
                .items
                .len();
            let q = ProjectQuery {
                limit: Some(100),
                ..Default::default()
            };
            (
                orgs,
                client
                    .list_projects(&q)
                    .await
                    .expect("projects")
                    .items
                    .len(),
            )
        }
    };
    let before = count(&app).await;
    let pool = app.pool.clone();
    let summary = tokio::task::spawn_blocking(move || {
        let mut c = pool.get().expect("connection");
        eil_backend::seed::load_demo(&mut c).expect("second load")
    })
    .await
    .expect("task");
    assert!(summary.contains("nothing added"), "{summary}");
    assert_eq!(count(&app).await, before);
    assert_eq!(before, (9, 5));
}
