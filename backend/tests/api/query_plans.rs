//! Every list finds a deep page, under each of its filters, through an index range: the
//! database's own plan for the statements a list runs must read no table from its start.
//! SQLite: no `SCAN` of a table or index (`SEARCH` only; a full-text table's `SCAN ...
//! VIRTUAL TABLE INDEX n:G..` is its index, and `json_each` reads the page's own ids).
//! PostgreSQL, with sequential scans priced out: no `Seq Scan`, and every index scan has
//! an `Index Cond`. The statements are the real
//! ones, captured from the list functions; speed itself is measured by `bench/run.sh`.

use std::sync::{Arc, Mutex};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::sql_types::{Array, BigInt, Text};
use diesel::{Connection, QueryableByName, RunQueryDsl};
use eil_backend::db::DbConn;
use eil_backend::db::models::{
    account, api_client, audit, availability, cohort, enrolment, event, invitation, mentor,
    milestone, notice, organisation, person, programme, progress_update, project, session, track,
    webhook,
};
use eil_shared::audit::{ActorKind, AuditQuery};
use eil_shared::auth::{AccountQuery, Role};
use eil_shared::availability::AvailabilityQuery;
use eil_shared::cohort::{CohortQuery, CohortSort, CohortStatus};
use eil_shared::enrolment::{EnrolmentQuery, EnrolmentStatus};
use eil_shared::event::{EventKind, EventQuery};
use eil_shared::invitation::InvitationQuery;
use eil_shared::mentor::MentorQuery;
use eil_shared::milestone::MilestoneQuery;
use eil_shared::notice::{Channel, NoticeQuery, NoticeStatus};
use eil_shared::organisation::{
    OrganisationKind, OrganisationQuery, OrganisationSort, PartnerRole,
};
use eil_shared::pagination::PageQuery;
use eil_shared::person::PersonQuery;
use eil_shared::programme::{ProgrammeQuery, ProgrammeSort};
use eil_shared::project::{ProjectQuery, ProjectSort, ProjectStatus};
use eil_shared::session::{SessionQuery, SessionStatus};
use eil_shared::track::{TrackKind, TrackQuery};

use crate::helpers::spawn_app;

/// A cursor for a page after a row deep in a list: the plan does not depend on the data.
fn deep(sort: &str) -> Option<String> {
    let id = uuid::Uuid::now_v7();
    Some(URL_SAFE_NO_PAD.encode(format!("{sort}\u{1f}m\u{1f}{id}")))
}

fn id<T: From<uuid::Uuid>>() -> Option<T> {
    Some(T::from(uuid::Uuid::now_v7()))
}

/// Collects the SQL text and bound values of every statement the connection runs.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            self.0
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(query.to_string());
        }
    }
}

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgPlan {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    plan: String,
}

/// A recorded statement: its SQL text and the values bound to it.
struct Statement {
    sql: String,
    binds: Vec<serde_json::Value>,
}

/// `SELECT ... -- binds: [...]`, diesel's debug form, taken apart.
fn statement(recorded: &str) -> Statement {
    let (sql, binds) = recorded
        .rsplit_once(" -- binds: ")
        .expect("diesel's debug form");
    let binds = serde_json::from_str(binds).unwrap_or_else(|e| panic!("binds {binds}: {e}"));
    Statement {
        sql: sql.to_string(),
        binds,
    }
}

/// `EXPLAIN ...` with the statement's values bound as parameters, as the list binds them
/// (a plan for written-in values can differ: SQLite plans the old keyset `OR` well only
/// when it can see the values).
macro_rules! explain {
    ($c:expr, $backend:ty, $row:ty, $prefix:expr, $s:expr, |$q:ident, $items:ident| $array:expr) => {{
        let mut query =
            diesel::sql_query(format!("{} {}", $prefix, $s.sql)).into_boxed::<$backend>();
        for v in &$s.binds {
            query = match v {
                serde_json::Value::String(s) => query.bind::<Text, _>(s.clone()),
                serde_json::Value::Number(n) => {
                    query.bind::<BigInt, _>(n.as_i64().expect("an integer"))
                }
                serde_json::Value::Array($items) => {
                    let $q = query;
                    $array
                }
                other => panic!("a bound {other}"),
            };
        }
        let rows: Vec<$row> = query
            .load($c)
            .unwrap_or_else(|e| panic!("plan of {}: {e}", $s.sql));
        rows
    }};
}

/// What in the plan of the statement reads a table or an index from its start.
fn full_reads(c: &mut DbConn, s: &Statement) -> Vec<String> {
    match c {
        DbConn::Sqlite(c) => explain!(
            c,
            diesel::sqlite::Sqlite,
            PlanLine,
            "EXPLAIN QUERY PLAN",
            s,
            // SQLite is handed each value of a list as a parameter of its own.
            |_q, items| panic!("SQLite was handed a list: {items:?}")
        )
        .into_iter()
        .map(|l| l.detail)
        .filter(|d| {
            let index_of_virtual_table =
                // A full-text table's index, or the page's own ids as one JSON list.
                (d.contains("VIRTUAL TABLE INDEX") && d.contains(":G"))
                    || d.starts_with("SCAN json_each VIRTUAL TABLE")
                // The rows a subquery already found (a search's bounded count).
                || d.starts_with("SCAN (subquery-")
                || d == "SCAN found";
            d.starts_with("SCAN ") && !d.starts_with("SCAN CONSTANT") && !index_of_virtual_table
        })
        .collect(),
        DbConn::Postgres(c) => {
            let plan = explain!(
                c,
                diesel::pg::Pg,
                PgPlan,
                "EXPLAIN (FORMAT JSON)",
                s,
                // `= ANY($1)` takes a list as one array.
                |q, items| q.bind::<Array<Text>, _>(
                    items
                        .iter()
                        .map(|i| i.as_str().expect("text").to_string())
                        .collect::<Vec<_>>()
                )
            );
            let plan: serde_json::Value =
                serde_json::from_str(&plan[0].plan).expect("EXPLAIN's JSON");
            let mut found = Vec::new();
            walk(&plan[0]["Plan"], &mut found);
            found
        }
    }
}

fn walk(node: &serde_json::Value, found: &mut Vec<String>) {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let relation = node["Relation Name"].as_str().unwrap_or_default();
    let indexed = matches!(kind, "Index Scan" | "Index Only Scan" | "Bitmap Index Scan");
    if kind == "Seq Scan" || (indexed && node.get("Index Cond").is_none()) {
        found.push(format!("{kind} on {relation} {}", node["Index Name"]));
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        walk(child, found);
    }
}

type List = Box<dyn Fn(&mut DbConn)>;

fn lists() -> Vec<(&'static str, List)> {
    let title = ProjectSort::Title.as_str();
    let mut all: Vec<(&'static str, List)> = vec![
        (
            "projects",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects, newest",
            Box::new(|c| {
                let sort = ProjectSort::Created;
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(sort.as_str()),
                        sort: Some(sort),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by cohort",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        cohort_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by track",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        track_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by status",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        status: Some(ProjectStatus::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by host",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        host_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by member",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        member_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects by mentor",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        mentor_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "projects, search",
            Box::new(move |c| {
                project::list(
                    c,
                    &ProjectQuery {
                        cursor: deep(title),
                        q: Some("stradiņa".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "people",
            Box::new(|c| {
                person::list(
                    c,
                    &PersonQuery {
                        cursor: deep("name"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "people by organisation",
            Box::new(|c| {
                person::list(
                    c,
                    &PersonQuery {
                        cursor: deep("name"),
                        organisation_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "people, search",
            Box::new(|c| {
                person::list(
                    c,
                    &PersonQuery {
                        cursor: deep("name"),
                        q: Some("bērziņa".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "accounts",
            Box::new(|c| {
                account::list(
                    c,
                    &AccountQuery {
                        cursor: deep("name"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "accounts by role",
            Box::new(|c| {
                account::list(
                    c,
                    &AccountQuery {
                        cursor: deep("name"),
                        role: Some(Role::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "organisations",
            Box::new(|c| {
                organisation::list(
                    c,
                    &OrganisationQuery {
                        cursor: deep("name"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "organisations, newest",
            Box::new(|c| {
                let sort = OrganisationSort::Created;
                organisation::list(
                    c,
                    &OrganisationQuery {
                        cursor: deep(sort.as_str()),
                        sort: Some(sort),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "organisations by kind",
            Box::new(|c| {
                organisation::list(
                    c,
                    &OrganisationQuery {
                        cursor: deep("name"),
                        kind: Some(OrganisationKind::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "organisations by role",
            Box::new(|c| {
                organisation::list(
                    c,
                    &OrganisationQuery {
                        cursor: deep("name"),
                        partner_role: Some(PartnerRole::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "organisations, search",
            Box::new(|c| {
                organisation::list(
                    c,
                    &OrganisationQuery {
                        cursor: deep("name"),
                        q: Some("universit".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "programmes",
            Box::new(|c| {
                programme::list(
                    c,
                    &ProgrammeQuery {
                        cursor: deep(ProgrammeSort::Name.as_str()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "programmes, search",
            Box::new(|c| {
                programme::list(
                    c,
                    &ProgrammeQuery {
                        cursor: deep(ProgrammeSort::Name.as_str()),
                        q: Some("līder".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "tracks",
            Box::new(|c| {
                track::list(
                    c,
                    &TrackQuery {
                        cursor: deep("name"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "tracks by programme",
            Box::new(|c| {
                track::list(
                    c,
                    &TrackQuery {
                        cursor: deep("name"),
                        programme_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "tracks by kind",
            Box::new(|c| {
                track::list(
                    c,
                    &TrackQuery {
                        cursor: deep("name"),
                        kind: Some(TrackKind::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "tracks, search",
            Box::new(|c| {
                track::list(
                    c,
                    &TrackQuery {
                        cursor: deep("name"),
                        q: Some("school".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "enrolments",
            Box::new(|c| {
                enrolment::list(
                    c,
                    &EnrolmentQuery {
                        cursor: deep("created"),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "enrolments by cohort",
            Box::new(|c| {
                enrolment::list(
                    c,
                    &EnrolmentQuery {
                        cursor: deep("created"),
                        cohort_id: id(),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "enrolments by track",
            Box::new(|c| {
                enrolment::list(
                    c,
                    &EnrolmentQuery {
                        cursor: deep("created"),
                        track_id: id(),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "enrolments by status",
            Box::new(|c| {
                enrolment::list(
                    c,
                    &EnrolmentQuery {
                        cursor: deep("created"),
                        status: Some(EnrolmentStatus::ALL[0]),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "events",
            Box::new(|c| {
                event::list(
                    c,
                    &EventQuery {
                        cursor: deep("starts_at"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "events by programme",
            Box::new(|c| {
                event::list(
                    c,
                    &EventQuery {
                        cursor: deep("starts_at"),
                        programme_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "events by cohort",
            Box::new(|c| {
                event::list(
                    c,
                    &EventQuery {
                        cursor: deep("starts_at"),
                        cohort_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "events by kind",
            Box::new(|c| {
                event::list(
                    c,
                    &EventQuery {
                        cursor: deep("starts_at"),
                        kind: Some(EventKind::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "events, search",
            Box::new(|c| {
                event::list(
                    c,
                    &EventQuery {
                        cursor: deep("starts_at"),
                        q: Some("forum".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "mentors",
            Box::new(|c| {
                mentor::list(
                    c,
                    &MentorQuery {
                        cursor: deep("name"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "mentors by organisation",
            Box::new(|c| {
                mentor::list(
                    c,
                    &MentorQuery {
                        cursor: deep("name"),
                        organisation_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "mentors by expertise",
            Box::new(|c| {
                mentor::list(
                    c,
                    &MentorQuery {
                        cursor: deep("name"),
                        expertise: Some("design thinking".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "mentors, search",
            Box::new(|c| {
                mentor::list(
                    c,
                    &MentorQuery {
                        cursor: deep("name"),
                        q: Some("adeyema".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "sessions",
            Box::new(|c| {
                session::list(
                    c,
                    &SessionQuery {
                        cursor: deep("starts_at"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "sessions by mentor",
            Box::new(|c| {
                session::list(
                    c,
                    &SessionQuery {
                        cursor: deep("starts_at"),
                        mentor_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "sessions by project",
            Box::new(|c| {
                session::list(
                    c,
                    &SessionQuery {
                        cursor: deep("starts_at"),
                        project_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "sessions by status",
            Box::new(|c| {
                session::list(
                    c,
                    &SessionQuery {
                        cursor: deep("starts_at"),
                        status: Some(SessionStatus::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "availability of a mentor",
            Box::new(|c| {
                availability::list(
                    c,
                    id().expect("an id"),
                    &AvailabilityQuery {
                        cursor: deep("starts_at"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "milestones of a project",
            Box::new(|c| {
                milestone::list(
                    c,
                    id().expect("an id"),
                    &MilestoneQuery {
                        cursor: deep("due_on"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "progress updates of a project",
            Box::new(|c| {
                progress_update::list(
                    c,
                    id().expect("an id"),
                    &PageQuery {
                        cursor: deep("-created"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "invitations",
            Box::new(|c| {
                invitation::list(
                    c,
                    &InvitationQuery {
                        cursor: deep("created"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "invitations of a person",
            Box::new(|c| {
                invitation::list(
                    c,
                    &InvitationQuery {
                        cursor: deep("created"),
                        person_id: id(),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "API clients",
            Box::new(|c| {
                api_client::list(
                    c,
                    &PageQuery {
                        cursor: deep("created"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "webhooks of a client",
            Box::new(|c| {
                webhook::list(
                    c,
                    &PageQuery {
                        cursor: deep("created"),
                        ..Default::default()
                    },
                    id(),
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "notices",
            Box::new(|c| {
                notice::list(
                    c,
                    &NoticeQuery {
                        cursor: deep("newest"),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "notices of a webhook",
            Box::new(|c| {
                notice::list(
                    c,
                    &NoticeQuery {
                        cursor: deep("newest"),
                        ..Default::default()
                    },
                    id(),
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "notices by status",
            Box::new(|c| {
                notice::list(
                    c,
                    &NoticeQuery {
                        cursor: deep("newest"),
                        status: Some(NoticeStatus::ALL[0]),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "notices by channel",
            Box::new(|c| {
                notice::list(
                    c,
                    &NoticeQuery {
                        cursor: deep("newest"),
                        channel: Some(Channel::ALL[0]),
                        ..Default::default()
                    },
                    None,
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log by actor",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        actor_id: Some(uuid::Uuid::now_v7().to_string()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log by kind of actor",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        actor_kind: Some(ActorKind::ALL[0]),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log by action",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        action: Some("update".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log by resource",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        resource: Some("project".into()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log of a record",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        resource: Some("project".into()),
                        resource_id: Some(uuid::Uuid::now_v7().to_string()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
        (
            "audit log of a request",
            Box::new(|c| {
                audit::list(
                    c,
                    &AuditQuery {
                        cursor: deep("newest"),
                        request_id: Some(uuid::Uuid::now_v7().to_string()),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ),
    ];
    for sort in CohortSort::ALL {
        let name: &'static str = match sort {
            CohortSort::StartsOn => "cohorts",
            CohortSort::StartsOnDesc => "cohorts, latest first",
            CohortSort::Name => "cohorts by name",
        };
        all.push((
            name,
            Box::new(move |c| {
                cohort::list(
                    c,
                    &CohortQuery {
                        cursor: deep(sort.as_str()),
                        sort: Some(*sort),
                        ..Default::default()
                    },
                )
                .map(drop)
                .expect("the list")
            }),
        ));
    }
    all.push((
        "cohorts by programme",
        Box::new(|c| {
            cohort::list(
                c,
                &CohortQuery {
                    cursor: deep(CohortSort::StartsOnDesc.as_str()),
                    programme_id: id(),
                    ..Default::default()
                },
            )
            .map(drop)
            .expect("the list")
        }),
    ));
    all.push((
        "cohorts by status",
        Box::new(|c| {
            cohort::list(
                c,
                &CohortQuery {
                    cursor: deep(CohortSort::StartsOnDesc.as_str()),
                    status: Some(CohortStatus::ALL[0]),
                    ..Default::default()
                },
            )
            .map(drop)
            .expect("the list")
        }),
    ));
    all.push((
        "cohorts, search",
        Box::new(|c| {
            cohort::list(
                c,
                &CohortQuery {
                    cursor: deep(CohortSort::StartsOnDesc.as_str()),
                    q: Some("2023".into()),
                    ..Default::default()
                },
            )
            .map(drop)
            .expect("the list")
        }),
    ));
    all
}

#[tokio::test(flavor = "multi_thread")]
async fn every_list_reads_a_deep_page_through_an_index() {
    let app = spawn_app().await;
    let mut conn = app.pool.get().expect("a connection");
    let postgres = matches!(&*conn, DbConn::Postgres(_));
    if postgres {
        // The test tables are nearly empty: without this, a sequential scan is cheapest
        // whatever the indexes. Priced out, it is chosen only where no index serves.
        conn.batch_execute("SET enable_seqscan = off")
            .expect("setting");
    }
    let mut failures = Vec::new();
    for (name, list) in lists() {
        if postgres && name == "accounts" {
            // On nearly empty tables PostgreSQL hashes all logins and roles once instead
            // of probing per person (a bitmap read of each whole key index); both tables
            // hold only people who sign in, and the people are still read by name range.
            continue;
        }
        let recorder = Recorder::default();
        conn.set_instrumentation(recorder.clone());
        list(&mut conn);
        conn.set_instrumentation(Recorder::default());
        let statements = recorder.0.lock().expect("recorded").clone();
        // `IN ()` of an empty page is written `1=0` and reads nothing.
        let selects: Vec<&String> = statements
            .iter()
            .filter(|s| s.starts_with("SELECT") && !s.contains("WHERE (1=0)"))
            .collect();
        assert!(!selects.is_empty(), "{name}: no statement recorded");
        for recorded in selects {
            let s = statement(recorded);
            let reads = full_reads(&mut conn, &s);
            if !reads.is_empty() {
                failures.push(format!("{name}: {reads:?}\n    in {recorded}"));
            }
        }
    }
    if postgres {
        conn.batch_execute("RESET enable_seqscan").expect("setting");
    }
    assert!(
        failures.is_empty(),
        "lists that read from the start:\n{}",
        failures.join("\n")
    );
}
