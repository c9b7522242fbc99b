//! Bulk calls: many enrolments or milestones in one request, all or nothing, one audit
//! entry per item.

use eil_shared::api_client::{CreateApiClient, Scope};
use eil_shared::audit::AuditQuery;
use eil_shared::auth::Role;
use eil_shared::bulk::{BulkAnswer, BulkOutcome, BulkUpdate, EnrolmentItem, MilestoneItem};
use eil_shared::client::Client;
use eil_shared::enrolment::{
    CreateEnrolment, Enrolment, EnrolmentQuery, EnrolmentStatus, UpdateEnrolment,
};
use eil_shared::milestone::{CreateMilestone, MilestoneQuery, MilestoneStatus, UpdateMilestone};
use eil_shared::person::{CreatePerson, Person};
use eil_shared::{CohortId, OrganisationId, PersonId};
use serde_json::{Value, json};

use crate::helpers::{TestApp, World, account, fields, spawn_app, status, text};

const PASSWORD: &str = "a long test password";

async fn login(app: &TestApp, email: &str, role: Role) -> Client {
    let token = account(&app.pool, email, PASSWORD, role, &app.anon).await;
    Client::new(&app.address).with_token(token)
}

/// A partner client of `org` holding `scopes`, signed in.
async fn partner(app: &TestApp, org: OrganisationId, scopes: Vec<Scope>) -> Client {
    let made = app
        .client
        .create_api_client(&CreateApiClient {
            organisation_id: org,
            name: "SIS".into(),
            scopes,
        })
        .await
        .expect("client made");
    let token = app
        .anon
        .client_credentials(made.client.id, &made.client_secret, None)
        .await
        .expect("token")
        .access_token;
    Client::new(&app.address).with_token(token)
}

async fn person_of(app: &TestApp, n: usize, org: Option<OrganisationId>) -> Person {
    app.client
        .create_person(&CreatePerson {
            email: format!("bulk{n}@example.lv"),
            full_name: format!("Person {n}"),
            organisation_id: org,
            position: None,
            locale: None,
            phone: None,
            time_zone: None,
        })
        .await
        .expect("person created")
}

fn enrol(cohort: CohortId, person: PersonId) -> EnrolmentItem {
    EnrolmentItem::Create(CreateEnrolment {
        person_id: person,
        cohort_id: cohort,
        track_id: None,
        role: None,
        status: None,
    })
}

fn set_status(e: &Enrolment, s: EnrolmentStatus, version: Option<i32>) -> EnrolmentItem {
    EnrolmentItem::Update(BulkUpdate {
        id: e.id,
        version,
        changes: UpdateEnrolment {
            status: Some(s),
            ..Default::default()
        },
    })
}

async fn enrolments(app: &TestApp) -> Vec<Enrolment> {
    app.client
        .list_enrolments(&EnrolmentQuery {
            limit: Some(100),
            ..Default::default()
        })
        .await
        .expect("list")
        .items
}

async fn audit_count(app: &TestApp, resource: &str) -> usize {
    app.client
        .list_audit(&AuditQuery {
            resource: Some(resource.into()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .expect("audit")
        .items
        .len()
}

/// The world, five more people, and two of them already enrolled.
async fn people_and_two_enrolments(app: &TestApp) -> (World, Vec<Person>, Vec<Enrolment>) {
    let w = app.world().await;
    let mut people = Vec::new();
    for n in 0..5 {
        people.push(person_of(app, n, None).await);
    }
    let mut existing = Vec::new();
    for p in &people[3..] {
        let e = app
            .client
            .create_enrolment(&CreateEnrolment {
                person_id: p.id,
                cohort_id: w.cohort.id,
                track_id: None,
                role: None,
                status: None,
            })
            .await
            .expect("enrolled");
        existing.push(e);
    }
    (w, people, existing)
}

#[tokio::test]
async fn a_coordinator_enrols_three_and_changes_two_in_one_call() {
    let app = spawn_app().await;
    let (w, people, existing) = people_and_two_enrolments(&app).await;
    let coordinator = login(&app, "coordinator@example.lv", Role::Coordinator).await;
    let audited_before = audit_count(&app, "enrolments").await;

    let items = vec![
        enrol(w.cohort.id, people[0].id),
        set_status(&existing[0], EnrolmentStatus::Completed, Some(1)),
        enrol(w.cohort.id, people[1].id),
        set_status(&existing[1], EnrolmentStatus::Withdrawn, None),
        enrol(w.cohort.id, people[2].id),
    ];
    let answer = coordinator.bulk_enrolments(&items).await.expect("answer");
    let BulkAnswer::Applied(results) = answer else {
        panic!("not applied: {answer:?}");
    };
    let got: Vec<(BulkOutcome, u16)> = results
        .items
        .iter()
        .map(|r| (r.outcome, r.status))
        .collect();
    assert_eq!(
        got,
        [
            (BulkOutcome::Created, 201),
            (BulkOutcome::Updated, 200),
            (BulkOutcome::Created, 201),
            (BulkOutcome::Updated, 200),
            (BulkOutcome::Created, 201),
        ]
    );
    let records: Vec<&Enrolment> = results
        .items
        .iter()
        .map(|r| r.record.as_ref().expect("record"))
        .collect();
    for (r, record) in results.items.iter().zip(&records) {
        assert_eq!(r.id, Some(record.id.as_uuid()));
    }
    assert_eq!(records[0].person_id, people[0].id, "in the order sent");
    assert_eq!(records[2].person_id, people[1].id);
    assert_eq!(records[4].person_id, people[2].id);
    assert_eq!(
        (records[1].id, records[1].status, records[1].version),
        (existing[0].id, EnrolmentStatus::Completed, 2)
    );
    assert_eq!(records[3].status, EnrolmentStatus::Withdrawn);

    let stored = enrolments(&app).await;
    assert_eq!(stored.len(), 5);
    for record in &records {
        let s = stored.iter().find(|e| e.id == record.id).expect("stored");
        assert_eq!(s, *record);
    }

    let entries = app
        .client
        .list_audit(&AuditQuery {
            resource: Some("enrolments".into()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .expect("audit")
        .items;
    assert_eq!(entries.len(), audited_before + 5, "one entry per item");
    let mut ours: Vec<(String, Option<String>, u16)> = entries
        .iter()
        .filter(|e| e.path == "/api/v1/enrolments/bulk")
        .map(|e| (e.action.clone(), e.resource_id.clone(), e.status))
        .collect();
    ours.sort();
    let mut expected: Vec<(String, Option<String>, u16)> = records
        .iter()
        .zip(&results.items)
        .map(|(r, i)| {
            let action = if i.status == 201 { "create" } else { "update" };
            (action.to_string(), Some(r.id.to_string()), i.status)
        })
        .collect();
    expected.sort();
    assert_eq!(ours, expected);
    let update = entries
        .iter()
        .find(|e| e.resource_id == Some(existing[0].id.to_string()) && e.action == "update")
        .expect("the update's entry");
    assert_eq!(update.fields, ["status"], "the item's own fields");
}

#[tokio::test]
async fn one_bad_item_fails_the_call_and_nothing_is_written() {
    let app = spawn_app().await;
    let (w, people, existing) = people_and_two_enrolments(&app).await;
    let before = enrolments(&app).await;
    let audited_before = audit_count(&app, "enrolments").await;

    // A cohort that does not exist.
    let items = vec![
        enrol(w.cohort.id, people[0].id),
        set_status(&existing[0], EnrolmentStatus::Completed, None),
        enrol(CohortId(uuid::Uuid::now_v7()), people[1].id),
    ];
    let answer = app.client.bulk_enrolments(&items).await.expect("answer");
    let BulkAnswer::Rejected(rejected) = answer else {
        panic!("applied: {answer:?}");
    };
    assert_eq!(rejected.problem.status, 422);
    assert_eq!(rejected.problem.kind, "/problems/bulk-refused");
    let named: Vec<&str> = rejected
        .problem
        .errors
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(named, ["items[2].cohort_id"]);
    let got: Vec<(BulkOutcome, u16)> = rejected
        .items
        .iter()
        .map(|r| (r.outcome, r.status))
        .collect();
    assert_eq!(
        got,
        [
            (BulkOutcome::NotApplied, 424),
            (BulkOutcome::NotApplied, 424),
            (BulkOutcome::Failed, 409),
        ]
    );
    assert_eq!(rejected.items[0].id, None, "no record was created");
    assert_eq!(rejected.items[1].id, Some(existing[0].id.as_uuid()));
    assert!(rejected.items.iter().all(|r| r.record.is_none()));
    let problem = rejected.items[2].problem.as_ref().expect("problem");
    assert_eq!(problem.errors[0].field, "items[2].cohort_id");
    assert_eq!(enrolments(&app).await, before, "nothing written");
    assert_eq!(audit_count(&app, "enrolments").await, audited_before);

    // A value of the wrong kind is that item's problem; the other items are still tried.
    let body = json!({"items": [
        {"person_id": people[0].id, "cohort_id": w.cohort.id},
        {"id": existing[0].id, "status": "graduated"},
        {"id": existing[1].id, "version": 7, "status": "completed"},
        {"id": "not-an-id"},
        {"person_id": people[1].id, "cohort_id": w.cohort.id, "colour": "blue"},
    ]});
    let r = app
        .http
        .post(format!("{}/api/v1/enrolments/bulk", app.address))
        .json(&body)
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.headers()["content-type"].to_str().expect("type"),
        "application/problem+json"
    );
    let v: Value = r.json().await.expect("JSON");
    let named: Vec<&str> = v["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        named,
        [
            "items[1].status",
            "items[2].version",
            "items[3].id",
            "items[4].colour"
        ]
    );
    let statuses: Vec<u64> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["status"].as_u64().expect("status"))
        .collect();
    assert_eq!(statuses, [424, 422, 412, 422, 422]);
    assert_eq!(v["items"][1]["outcome"], "failed");
    assert_eq!(v["items"][0]["outcome"], "not_applied");
    assert_eq!(enrolments(&app).await, before, "nothing written");
    assert_eq!(audit_count(&app, "enrolments").await, audited_before);
}

#[tokio::test]
async fn a_call_takes_one_to_five_hundred_items() {
    let app = spawn_app().await;
    let w = app.world().await;
    let too_many: Vec<EnrolmentItem> = (0..501).map(|_| enrol(w.cohort.id, w.lead.id)).collect();
    assert_eq!(
        fields(app.client.bulk_enrolments(&too_many).await),
        ["items"]
    );
    assert_eq!(fields(app.client.bulk_enrolments(&[]).await), ["items"]);
    let p = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    assert_eq!(fields(app.client.bulk_milestones(p, &[]).await), ["items"]);
    let none: Value = app
        .http
        .post(format!("{}/api/v1/enrolments/bulk", app.address))
        .json(&json!({}))
        .send()
        .await
        .expect("answer")
        .json()
        .await
        .expect("JSON");
    assert_eq!(none["errors"][0]["field"], "items");
    assert!(enrolments(&app).await.is_empty());
}

#[tokio::test]
async fn a_partner_client_enrols_only_its_own_people() {
    let app = spawn_app().await;
    let w = app.world().await;
    let own = app.organisation("lu", "University of Latvia").await;
    let other = app.organisation("rtu", "Riga Technical University").await;
    let ours = [
        person_of(&app, 0, Some(own.id)).await,
        person_of(&app, 1, Some(own.id)).await,
        person_of(&app, 2, Some(own.id)).await,
    ];
    let theirs = person_of(&app, 3, Some(other.id)).await;
    let sis = partner(
        &app,
        own.id,
        vec![Scope::EnrolmentsRead, Scope::EnrolmentsWrite],
    )
    .await;

    let answer = sis
        .bulk_enrolments(&[enrol(w.cohort.id, ours[0].id)])
        .await
        .expect("answer");
    let mine = answer.records().expect("applied").remove(0);
    assert_eq!(mine.person_id, ours[0].id);

    let before = enrolments(&app).await;
    let answer = sis
        .bulk_enrolments(&[
            enrol(w.cohort.id, ours[1].id),
            enrol(w.cohort.id, theirs.id),
        ])
        .await
        .expect("answer");
    let BulkAnswer::Rejected(rejected) = answer else {
        panic!("applied: {answer:?}");
    };
    assert_eq!(rejected.items[1].status, 403);
    assert_eq!(rejected.problem.errors[0].field, "items[1]");
    assert_eq!(enrolments(&app).await, before, "nothing written");

    // The single calls follow the same rules.
    let single = CreateEnrolment {
        person_id: theirs.id,
        cohort_id: w.cohort.id,
        track_id: None,
        role: None,
        status: None,
    };
    assert_eq!(status(sis.create_enrolment(&single).await), 403);
    let theirs_enrolled = app.client.create_enrolment(&single).await.expect("staff");
    let withdraw = UpdateEnrolment {
        status: Some(EnrolmentStatus::Withdrawn),
        ..Default::default()
    };
    assert_eq!(
        status(
            sis.update_enrolment(theirs_enrolled.id, &withdraw, None)
                .await
        ),
        403
    );
    let answer = sis
        .bulk_enrolments(&[set_status(
            &theirs_enrolled,
            EnrolmentStatus::Withdrawn,
            None,
        )])
        .await
        .expect("answer");
    assert_eq!(answer.items()[0].status, 403);
    let changed = sis
        .update_enrolment(mine.id, &withdraw, Some(1))
        .await
        .expect("its own");
    assert_eq!(changed.status, EnrolmentStatus::Withdrawn);
    let own_single = CreateEnrolment {
        person_id: ours[2].id,
        ..single
    };
    sis.create_enrolment(&own_single)
        .await
        .expect("its own person");

    // Without `enrolments:write`: refused before anything is read.
    let reader = partner(&app, own.id, vec![Scope::EnrolmentsRead]).await;
    assert_eq!(
        status(
            reader
                .bulk_enrolments(&[enrol(w.cohort.id, ours[1].id)])
                .await
        ),
        403
    );
    assert_eq!(status(reader.create_enrolment(&own_single).await), 403);
    // People who are not staff may not enrol at all.
    let participant = login(&app, "participant@example.lv", Role::Participant).await;
    assert_eq!(
        status(
            participant
                .bulk_enrolments(&[enrol(w.cohort.id, ours[1].id)])
                .await
        ),
        403
    );
    assert_eq!(
        status(
            app.anon
                .bulk_enrolments(&[enrol(w.cohort.id, ours[1].id)])
                .await
        ),
        401
    );
}

fn milestone(title: &str) -> MilestoneItem {
    MilestoneItem::Create(CreateMilestone {
        title: text(&format!("{title} (lv)"), title),
        due_on: "2031-01-01".parse().expect("date"),
        status: None,
    })
}

#[tokio::test]
async fn milestones_in_bulk_follow_the_single_rules() {
    let app = spawn_app().await;
    let w = app.world().await;
    let foreign = app.organisation("rtu", "Riga Technical University").await;
    let pid = app
        .project(&w, "proj-a", "A", vec![w.host.id])
        .await
        .project
        .id;
    let member = login(&app, "member@example.lv", Role::Participant).await;
    let outsider = login(&app, "outsider@example.lv", Role::Participant).await;
    let host = partner(&app, w.host.id, vec![Scope::ProjectsWrite]).await;
    let foreign = partner(&app, foreign.id, vec![Scope::ProjectsWrite]).await;
    let without_write = partner(&app, w.host.id, vec![Scope::ProjectsRead]).await;

    let answer = member
        .bulk_milestones(pid, &[milestone("Pilot"), milestone("Report")])
        .await
        .expect("answer");
    let made = answer.records().expect("the team adds milestones");
    assert_eq!(made[0].title.en, "Pilot");
    assert_eq!(made[1].title.en, "Report");

    let done = MilestoneItem::Update(BulkUpdate {
        id: made[0].id,
        version: Some(1),
        changes: UpdateMilestone {
            status: Some(MilestoneStatus::Done),
            ..Default::default()
        },
    });
    let answer = host
        .bulk_milestones(pid, &[done.clone(), milestone("Scale-up")])
        .await
        .expect("answer");
    let changed = answer.records().expect("the hosting partner changes them");
    assert_eq!(
        (changed[0].status, changed[0].version),
        (MilestoneStatus::Done, 2)
    );

    let list = |c: Client| async move {
        c.list_milestones(pid, &MilestoneQuery::default())
            .await
            .expect("list")
            .items
    };
    let before = list(app.client.clone()).await;
    assert_eq!(before.len(), 3);
    // The same update again is stale; an empty English title is invalid: nothing written.
    let blank = MilestoneItem::Create(CreateMilestone {
        title: text("Tukšs", " "),
        due_on: "2031-01-01".parse().expect("date"),
        status: None,
    });
    let answer = member
        .bulk_milestones(pid, &[milestone("Extra"), done.clone(), blank])
        .await
        .expect("answer");
    let BulkAnswer::Rejected(rejected) = answer else {
        panic!("applied: {answer:?}");
    };
    let named: Vec<&str> = rejected
        .problem
        .errors
        .iter()
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(named, ["items[1].version", "items[2].title.en"]);
    assert_eq!(rejected.items[1].status, 412);
    assert_eq!(list(app.client.clone()).await, before, "nothing written");

    for refused in [&outsider, &foreign, &without_write] {
        assert_eq!(
            status(refused.bulk_milestones(pid, &[milestone("No")]).await),
            403
        );
    }
    assert_eq!(
        status(app.anon.bulk_milestones(pid, &[milestone("No")]).await),
        401
    );
    assert_eq!(list(app.client.clone()).await, before);
    let entries = app
        .client
        .list_audit(&AuditQuery {
            resource: Some("projects/milestones".into()),
            limit: Some(100),
            ..Default::default()
        })
        .await
        .expect("audit")
        .items;
    assert_eq!(entries.len(), 4, "one entry per applied item");
}
