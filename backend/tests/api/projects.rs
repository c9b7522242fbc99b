use eil_shared::OrganisationId;
use eil_shared::milestone::{CreateMilestone, MilestoneQuery, MilestoneStatus, UpdateMilestone};
use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::{CreateProgressUpdate, UpdateProgressUpdate};
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
