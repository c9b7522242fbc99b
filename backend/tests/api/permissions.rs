//! Who may change what beyond the staff roles: project teams, mentors, the person themself.

use eil_shared::auth::Role;
use eil_shared::availability::CreateAvailabilitySlot;
use eil_shared::client::Client;
use eil_shared::mentor::UpdateMentor;
use eil_shared::milestone::CreateMilestone;
use eil_shared::progress_update::{CreateProgressUpdate, UpdateProgressUpdate};
use eil_shared::session::{CreateSession, SessionMode, SessionStatus, UpdateSession};

use crate::helpers::{TestApp, account, spawn_app, status, text};

const PASSWORD: &str = "a long test password";

async fn login(app: &TestApp, email: &str, role: Role) -> Client {
    let token = account(&app.pool, email, PASSWORD, role, &app.anon).await;
    Client::new(&app.address).with_token(token)
}

fn milestone() -> CreateMilestone {
    CreateMilestone {
        title: text("Pilots", "Pilot"),
        due_on: "2023-10-01".parse().expect("date"),
        status: None,
    }
}

#[tokio::test]
async fn the_project_team_keeps_its_milestones_and_updates() {
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let lead = login(&app, "lead@example.lv", Role::Participant).await;
    let member = login(&app, "member@example.lv", Role::Participant).await;
    let outsider = login(&app, "outsider@example.lv", Role::Participant).await;

    lead.create_milestone(pid, &milestone())
        .await
        .expect("the team adds milestones");
    assert_eq!(
        status(outsider.create_milestone(pid, &milestone()).await),
        403
    );
    assert_eq!(
        status(app.anon.create_milestone(pid, &milestone()).await),
        401
    );

    let post = |author| CreateProgressUpdate {
        author_id: author,
        body: "Interviews done.".into(),
    };
    let u = lead
        .create_progress_update(pid, &post(w.lead.id))
        .await
        .expect("in their own name");
    assert_eq!(
        status(lead.create_progress_update(pid, &post(w.member.id)).await),
        403,
        "not in another's name"
    );
    assert_eq!(
        status(outsider.create_progress_update(pid, &post(w.lead.id)).await),
        403
    );

    let edit = UpdateProgressUpdate {
        body: Some("Interviews and survey done.".into()),
        ..Default::default()
    };
    assert_eq!(
        status(member.update_progress_update(pid, u.id, &edit, None).await),
        403,
        "only the author edits"
    );
    lead.update_progress_update(pid, u.id, &edit, None)
        .await
        .expect("the author edits");
    assert_eq!(status(member.delete_progress_update(pid, u.id).await), 403);
}

#[tokio::test]
async fn mentors_keep_their_profile_availability_and_feedback() {
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let hanna = app
        .mentor("hanna@example.org", "Hanna Adeyema", &[], 3)
        .await;
    let other = app
        .mentor("other@example.org", "Other Mentor", &[], 3)
        .await;
    let as_hanna = login(&app, "hanna@example.org", Role::Mentor).await;

    let bio = UpdateMentor {
        capacity: Some(4),
        ..Default::default()
    };
    as_hanna
        .update_mentor(hanna.id, &bio, None)
        .await
        .expect("own profile");
    assert_eq!(
        status(as_hanna.update_mentor(other.id, &bio, None).await),
        403
    );

    let slot = CreateAvailabilitySlot {
        starts_at: "2023-06-01T14:00:00Z".parse().expect("time"),
        ends_at: "2023-06-01T15:00:00Z".parse().expect("time"),
    };
    as_hanna
        .create_availability_slot(hanna.id, &slot)
        .await
        .expect("own availability");
    assert_eq!(
        status(as_hanna.create_availability_slot(other.id, &slot).await),
        403
    );

    let u = app
        .client
        .create_progress_update(
            pid,
            &CreateProgressUpdate {
                author_id: w.lead.id,
                body: "Prototype ready.".into(),
            },
        )
        .await
        .expect("posted");
    let feedback = |by| UpdateProgressUpdate {
        feedback: Some(Some("Test it with two faculties first.".into())),
        feedback_by: Some(Some(by)),
        ..Default::default()
    };
    assert_eq!(
        status(
            as_hanna
                .update_progress_update(pid, u.id, &feedback(hanna.id), None)
                .await
        ),
        403,
        "not assigned yet"
    );
    app.client
        .assign_mentor(pid, hanna.id)
        .await
        .expect("assigned");
    assert_eq!(
        status(
            as_hanna
                .update_progress_update(pid, u.id, &feedback(other.id), None)
                .await
        ),
        403,
        "not in another's name"
    );
    let given = as_hanna
        .update_progress_update(pid, u.id, &feedback(hanna.id), None)
        .await
        .expect("feedback");
    assert_eq!(given.feedback_by, Some(hanna.id));
}

#[tokio::test]
async fn the_team_books_sessions_and_the_mentor_keeps_the_notes() {
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let hanna = app
        .mentor("hanna@example.org", "Hanna Adeyema", &[], 3)
        .await;
    app.client
        .assign_mentor(pid, hanna.id)
        .await
        .expect("assigned");
    let lead = login(&app, "lead@example.lv", Role::Participant).await;
    let outsider = login(&app, "outsider@example.lv", Role::Participant).await;
    let as_hanna = login(&app, "hanna@example.org", Role::Mentor).await;
    let booking = CreateSession {
        project_id: pid,
        mentor_id: hanna.id,
        starts_at: "2023-06-01T14:00:00Z".parse().expect("time"),
        ends_at: "2023-06-01T15:00:00Z".parse().expect("time"),
        mode: SessionMode::Online,
        location: None,
        agenda: Some("Pilot design".into()),
    };
    assert_eq!(status(outsider.create_session(&booking).await), 403);
    let s = lead.create_session(&booking).await.expect("the team books");
    let notes = UpdateSession {
        notes: Some(Some("Agreed the pilot scope.".into())),
        ..Default::default()
    };
    assert_eq!(
        status(lead.update_session(s.id, &notes, None).await),
        403,
        "notes are the mentor's"
    );
    as_hanna
        .update_session(s.id, &notes, None)
        .await
        .expect("the mentor writes notes");
    let cancel = UpdateSession {
        status: Some(SessionStatus::Cancelled),
        ..Default::default()
    };
    assert_eq!(
        status(outsider.update_session(s.id, &cancel, None).await),
        403
    );
    let cancelled = lead
        .update_session(s.id, &cancel, None)
        .await
        .expect("the team cancels");
    assert_eq!(cancelled.status, SessionStatus::Cancelled);
    assert_eq!(cancelled.notes.as_deref(), Some("Agreed the pilot scope."));
}

#[tokio::test]
async fn the_team_edits_its_project_text_and_the_mentor_its_status() {
    use eil_shared::project::{ProjectStatus, UpdateProject};
    let app = spawn_app().await;
    let w = app.world().await;
    let pid = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let m = app
        .mentor("hanna@mit.edu", "Hanna Adeyema", &["design"], 3)
        .await;
    app.client.assign_mentor(pid, m.id).await.expect("assigned");
    let member = login(&app, "member@example.lv", Role::Participant).await;
    let mentor = login(&app, "hanna@mit.edu", Role::Mentor).await;
    let outsider = login(&app, "outsider@example.lv", Role::Participant).await;

    let retitle = UpdateProject {
        title: Some(text("Jauns", "Renamed")),
        ..Default::default()
    };
    let approve = UpdateProject {
        status: Some(ProjectStatus::Approved),
        ..Default::default()
    };
    let rehost = UpdateProject {
        host_ids: Some(vec![w.host.id]),
        ..Default::default()
    };
    let p = member
        .update_project(pid, &retitle, None)
        .await
        .expect("the team edits the text");
    assert_eq!(p.project.title.en, "Renamed");
    assert_eq!(
        status(member.update_project(pid, &approve, None).await),
        403
    );
    assert_eq!(status(member.update_project(pid, &rehost, None).await), 403);
    let p = mentor
        .update_project(pid, &approve, None)
        .await
        .expect("the mentor moves the status");
    assert_eq!(p.project.status, ProjectStatus::Approved);
    assert_eq!(
        status(mentor.update_project(pid, &retitle, None).await),
        403
    );
    assert_eq!(
        status(outsider.update_project(pid, &retitle, None).await),
        403
    );
}

#[tokio::test]
async fn people_cannot_move_themselves_into_another_organisation() {
    use eil_shared::person::UpdatePerson;
    let app = spawn_app().await;
    let lu = app
        .organisation("university-of-latvia", "University of Latvia")
        .await;
    let me = app.person("p@example.lv", "Pēteris").await;
    let p = login(&app, "p@example.lv", Role::Participant).await;
    let join = UpdatePerson {
        organisation_id: Some(Some(lu.id)),
        ..Default::default()
    };
    assert_eq!(status(p.update_person(me.id, &join, None).await), 403);
    let unchanged = app
        .client
        .get_person(&me.id.to_string())
        .await
        .expect("person");
    assert_eq!(unchanged.organisation_id, None);
    let position = UpdatePerson {
        position: Some(Some("Dean".into())),
        ..Default::default()
    };
    p.update_person(me.id, &position, None)
        .await
        .expect("their own position");
    app.client
        .update_person(me.id, &join, None)
        .await
        .expect("staff set it");
}
