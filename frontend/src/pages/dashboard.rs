//! The signed-in person's page: one section per role they hold.

use eil_shared::I18nText;
use eil_shared::api_client::{CreateApiClient, Scope};
use eil_shared::auth::{AccountQuery, Role};
use eil_shared::availability::CreateAvailabilitySlot;
use eil_shared::cohort::{CohortQuery, CreateCohort};
use eil_shared::enrolment::CreateEnrolment;
use eil_shared::kpi::{Count, Kpis};
use eil_shared::organisation::OrganisationQuery;
use eil_shared::pagination::PageQuery;
use eil_shared::person::PersonQuery;
use eil_shared::programme::ProgrammeQuery;
use eil_shared::project::ProjectQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::{Failed, FieldError, FormError, FormMessage, Loading, status_label};
use crate::i18n::{Key, number, t, translator, use_language};
use crate::session::use_session;

mod admin;
mod coordinator;
mod forms;
mod funder;
mod mentor;

use admin::{AccountsPanel, ClientsPanel};
use coordinator::{
    AssignMentor, EnrolPerson, InvitePerson, ManageEnrolments, ManageRecords, NewCohort, NewEvent,
    NewProgramme, NewProject, NewTrack,
};
use forms::{ProgrammeSelect, choose, create, local_to_utc, text_input};
use funder::KpiPanel;
use mentor::{AddAvailability, MentorSessions, MySlots};

#[component]
pub fn Dashboard() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Dashboard).to_string());
    let session = use_session();
    view! {
        <Show when=move || !session.restoring.get() fallback=|| view! { <Loading/> }>
            {move || match session.me.get() {
                None => view! {
                    <h1>{move || tr(Key::Dashboard)}</h1>
                    <p><a href="/sign-in">{move || tr(Key::SignIn)}</a></p>
                }.into_any(),
                Some(me) => {
                    let roles = me.roles.clone();
                    let has = move |r: Role| roles.contains(&r);
                    let lang = use_language().0;
                    let role_names = me.roles.iter().map(|r| role_key(*r)).collect::<Vec<_>>();
                    view! {
                        <h1>{move || tr(Key::Welcome)} ", " {me.person.full_name.clone()}</h1>
                        <p class="muted">{move || role_names.iter().map(|k| t(lang.get(), *k)).collect::<Vec<_>>().join(", ")}</p>
                        {has(Role::Participant).then(|| view! { <MyCohorts person=me.person.id/> })}
                        {has(Role::Participant).then(|| view! { <ProjectList title=Key::MyProjects query=ProjectQuery { member_id: Some(me.person.id), ..Default::default() }/> })}
                        {me.mentor_id.map(|m| view! {
                            <ProjectList title=Key::AssignedProjects query=ProjectQuery { mentor_id: Some(m), ..Default::default() }/>
                            <AddAvailability mentor=m/>
                            <MySlots mentor=m/>
                            <MentorSessions mentor=m/>
                        })}
                        {(has(Role::Funder) || has(Role::Coordinator) || has(Role::Admin)).then(|| view! { <KpiPanel/> })}
                        {(has(Role::Coordinator) || has(Role::Admin)).then(|| view! { <InvitePerson admin=has(Role::Admin)/> <NewProgramme/> <NewTrack/> <NewProject/> <NewCohort/> <EnrolPerson/> <AssignMentor/> <NewEvent/> <ManageRecords/> <ManageEnrolments/> })}
                        {has(Role::Admin).then(|| view! { <AccountsPanel/> <ClientsPanel/> })}
                    }.into_any()
                }
            }}
        </Show>
    }
}

fn role_key(r: Role) -> Key {
    match r {
        Role::Participant => Key::RoleParticipant,
        Role::Mentor => Key::RoleMentor,
        Role::Coordinator => Key::RoleCoordinator,
        Role::Funder => Key::RoleFunder,
        Role::Admin => Key::RoleAdmin,
    }
}

#[component]
fn ProjectList(title: Key, query: ProjectQuery) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let (c, q) = (session.client(), query.clone());
        async move { c.list_projects(&q).await.map_err(|e| api::describe(&e)) }
    });
    view! {
        <section>
            <h2>{move || tr(title)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoOwnProjects)}</p> }.into_any(),
                        Ok(p) => view! { <ul class="list">{p.items.into_iter().map(|p| {
                            let title = p.title.clone();
                            view! { <li><a href=format!("/projects/{}", p.slug)>{move || title.get(lang.get()).to_string()}</a> " · " {move || status_label(lang.get(), p.status)}</li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The cohorts the participant is enrolled in.
#[component]
fn MyCohorts(person: eil_shared::PersonId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let c = session.client();
        async move {
            let enrolments = c
                .list_enrolments(&eil_shared::enrolment::EnrolmentQuery {
                    person_id: Some(person),
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            // One list of cohorts rather than a request per enrolment.
            let cohorts = c
                .list_cohorts(&CohortQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?
                .items;
            Ok::<_, String>(
                cohorts
                    .into_iter()
                    .filter(|c| enrolments.items.iter().any(|e| e.cohort_id == c.id))
                    .collect::<Vec<_>>(),
            )
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::MyCohorts)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(c) if c.is_empty() => view! { <p class="empty">{move || tr(Key::NoCohortsOwn)}</p> }.into_any(),
                        Ok(c) => view! { <ul class="list">{c.into_iter().map(|c| {
                            let n = c.name.clone();
                            view! { <li>{move || n.get(lang.get()).to_string()} " · " {move || tr(Key::StartsOn)} " " {move || crate::i18n::date(lang.get(), c.starts_on)}</li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
