use eil_shared::OrganisationId;
use eil_shared::milestone::{CreateMilestone, MilestoneQuery};
use eil_shared::progress_update::CreateProgressUpdate;
use eil_shared::project::{
    CreateProject, ProjectQuery, ProjectStatus, TeamMemberInput, TeamRole, UpdateProject,
};

use crate::helpers::{fields, spawn_app, status, text};

#[tokio::test]
async fn a_project_reads_whole_with_hosts_team_milestones_and_mentors() {
    let app = spawn_app().await;
    let w = app.world().await;
    let rtu = app
        .organisation("riga-technical-university", "Riga Technical University")
        .await;
    let p = app
        .project(
            &w,
            "health-care-centre",
            "Health Care Centre",
            vec![rtu.id, w.host.id],
        )
        .await;
    let pid = p.project.id;
    app.client
        .create_milestone(
            pid,
            &CreateMilestone {
                title: text("Prototips", "Prototype"),
                due_on: "2023-09-30".parse().expect("date"),
                status: None,
            },
        )
        .await
        .expect("milestone");
    app.client
        .create_milestone(
            pid,
            &CreateMilestone {
                title: text("Intervijas", "Interviews"),
                due_on: "2023-07-01".parse().expect("date"),
                status: None,
            },
        )
        .await
        .expect("milestone");
    let m = app
        .mentor("hanna@example.org", "Hanna Adeyema", &["bootcamps"], 3)
        .await;
    app.client.assign_mentor(pid, m.id).await.expect("assigned");

    let d = app
        .client
        .get_project("health-care-centre")
        .await
        .expect("detail");
    assert_eq!(
        d.project
            .hosts
            .iter()
            .map(|h| h.slug.as_str())
            .collect::<Vec<_>>(),
        ["riga-technical-university", "riga-stradins-university"]
    );
    assert_eq!(
        d.team
            .iter()
            .map(|t| (t.full_name.as_str(), t.role))
            .collect::<Vec<_>>(),
        [
            ("Anna Bērziņa", TeamRole::Lead),
            ("Jānis Kalniņš", TeamRole::Member)
        ]
    );
    assert_eq!(
        d.milestones
            .iter()
            .map(|m| m.title.en.as_str())
            .collect::<Vec<_>>(),
        ["Interviews", "Prototype"],
        "by due date"
    );
    assert_eq!(
        d.mentors
            .iter()
            .map(|m| m.full_name.as_str())
            .collect::<Vec<_>>(),
        ["Hanna Adeyema"]
    );
}

#[tokio::test]
async fn projects_filter_by_cohort_status_host_mentor_and_words() {
    let app = spawn_app().await;
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let crisis = app
        .project(
            &w,
            "crisis-communication",
            "Krīzes komunikācija",
            vec![w.host.id],
        )
        .await;
    let doctoral = app
        .project(&w, "doctoral-programme", "Doctoral programme", vec![lu.id])
        .await;
    app.project(
        &w,
        "hybrid-strategy",
        "Hybrid education strategy",
        vec![lu.id],
    )
    .await;
    let m = app.mentor("m@example.org", "Mentor One", &[], 5).await;
    app.client
        .assign_mentor(doctoral.project.id, m.id)
        .await
        .expect("assign");
    app.client
        .update_project(
            crisis.project.id,
            &UpdateProject {
                status: Some(ProjectStatus::Approved),
                ..Default::default()
            },
            None,
        )
        .await
        .expect("approve");

    let slugs = |q: ProjectQuery| {
        let client = app.client.clone();
        async move {
            client
                .list_projects(&q)
                .await
                .expect("list")
                .items
                .into_iter()
                .map(|p| p.slug)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        slugs(ProjectQuery {
            host_id: Some(lu.id),
            ..Default::default()
        })
        .await,
        ["doctoral-programme", "hybrid-strategy"]
    );
    assert_eq!(
        slugs(ProjectQuery {
            mentor_id: Some(m.id),
            ..Default::default()
        })
        .await,
        ["doctoral-programme"]
    );
    assert_eq!(
        slugs(ProjectQuery {
            status: Some(ProjectStatus::Approved),
            ..Default::default()
        })
        .await,
        ["crisis-communication"]
    );
    assert_eq!(
        slugs(ProjectQuery {
            cohort_id: Some(w.cohort.id),
            ..Default::default()
        })
        .await
        .len(),
        3
    );
    assert_eq!(
        slugs(ProjectQuery {
            q: Some("KRĪZES".into()),
            ..Default::default()
        })
        .await,
        ["crisis-communication"],
        "case-insensitive, Latvian letters too"
    );
    assert_eq!(
        slugs(ProjectQuery {
            q: Some("100%".into()),
            ..Default::default()
        })
        .await
        .len(),
        0,
        "wildcards are literal"
    );
}

#[tokio::test]
async fn project_input_is_checked_and_a_refused_write_stores_nothing() {
    let app = spawn_app().await;
    let w = app.world().await;
    let body = CreateProject {
        cohort_id: w.cohort.id,
        track_id: None,
        slug: "p".into(),
        title: text("", "Title"),
        summary: None,
        status: None,
        host_ids: vec![],
        team: vec![
            TeamMemberInput {
                person_id: w.lead.id,
                role: TeamRole::Lead,
            },
            TeamMemberInput {
                person_id: w.lead.id,
                role: TeamRole::Member,
            },
        ],
    };
    assert_eq!(
        fields(app.client.create_project(&body).await),
        ["slug", "title.lv", "host_ids", "team[1].person_id"]
    );
    let missing_host = CreateProject {
        slug: "good-slug".into(),
        title: text("Nosaukums", "Title"),
        host_ids: vec![w.host.id, OrganisationId(uuid::Uuid::now_v7())],
        team: vec![],
        ..body
    };
    assert_eq!(
        fields(app.client.create_project(&missing_host).await),
        ["host_ids[1]"]
    );
    assert!(
        app.client
            .list_projects(&ProjectQuery::default())
            .await
            .expect("list")
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn status_moves_forward_only_and_a_track_must_be_of_the_programme() {
    let app = spawn_app().await;
    let w = app.world().await;
    let p = app.project(&w, "proj", "Project", vec![w.host.id]).await;
    let to = |s| UpdateProject {
        status: Some(s),
        ..Default::default()
    };
    assert_eq!(
        fields(
            app.client
                .update_project(p.project.id, &to(ProjectStatus::Completed), None)
                .await
        ),
        ["status"]
    );
    app.client
        .update_project(p.project.id, &to(ProjectStatus::Approved), None)
        .await
        .expect("approve");
    app.client
        .update_project(p.project.id, &to(ProjectStatus::Active), None)
        .await
        .expect("start");
    assert_eq!(
        status(
            app.client
                .update_project(p.project.id, &to(ProjectStatus::Proposed), None)
                .await
        ),
        409
    );

    let other = app
        .client
        .create_programme(&eil_shared::programme::CreateProgramme {
            slug: "other".into(),
            name: text("Cita", "Other"),
            summary: None,
        })
        .await
        .expect("programme");
    let foreign = app
        .client
        .create_track(&eil_shared::track::CreateTrack {
            programme_id: other.programme.id,
            slug: "foreign".into(),
            name: text("Svešs", "Foreign"),
            kind: eil_shared::track::TrackKind::Project,
            summary: None,
        })
        .await
        .expect("track");
    let patch = UpdateProject {
        track_id: Some(Some(foreign.id)),
        ..Default::default()
    };
    assert_eq!(
        fields(app.client.update_project(p.project.id, &patch, None).await),
        ["track_id"]
    );
}

#[tokio::test]
async fn hosts_and_team_are_replaced_by_an_update() {
    let app = spawn_app().await;
    let w = app.world().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let p = app.project(&w, "proj", "Project", vec![w.host.id]).await;
    let patch = UpdateProject {
        host_ids: Some(vec![lu.id]),
        team: Some(vec![TeamMemberInput {
            person_id: w.member.id,
            role: TeamRole::Lead,
        }]),
        ..Default::default()
    };
    let d = app
        .client
        .update_project(p.project.id, &patch, Some(p.project.version))
        .await
        .expect("update");
    assert_eq!(
        d.project.hosts.iter().map(|h| h.id).collect::<Vec<_>>(),
        [lu.id]
    );
    assert_eq!(d.team.len(), 1);
    assert_eq!(d.team[0].person_id, w.member.id);
    assert_eq!(d.project.version, 2);
}

#[tokio::test]
async fn deleting_a_project_takes_its_parts_along() {
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj", "Project", vec![w.host.id])
        .await
        .project
        .id;
    app.client
        .create_milestone(
            pid,
            &CreateMilestone {
                title: text("A", "A"),
                due_on: "2023-10-01".parse().expect("date"),
                status: None,
            },
        )
        .await
        .expect("milestone");
    app.client
        .create_progress_update(
            pid,
            &CreateProgressUpdate {
                author_id: w.lead.id,
                body: "x".into(),
            },
        )
        .await
        .expect("update");
    app.client.delete_project(pid).await.expect("deleted");
    assert_eq!(status(app.client.get_project(&pid.to_string()).await), 404);
    assert_eq!(
        status(
            app.client
                .list_milestones(pid, &MilestoneQuery::default())
                .await
        ),
        404
    );
}
