//! The signed-in person's page: one section per role they hold.

use eil_shared::I18nText;
use eil_shared::auth::{KPI_READERS, Role, has_any, is_staff};
use eil_shared::project::ProjectQuery;
use leptos::prelude::*;

use crate::api;
use crate::auth::use_auth;
use crate::components::{
    FieldError, Form, FormError, FormMessage, Loading, More, PAGE, SubmitButton, all_pages, choose,
    first_pages, form, loaded, local_to_utc, status_label, text_input,
};
use crate::i18n::{Key, number, t, translator, use_language};

mod accounts;
mod api_clients;
mod coordinator;
mod funder;
mod mentor;
mod notices;
mod outbox;
mod participant;
mod pickers;
mod webhook;
mod webhooks;

use accounts::AccountsPanel;
use api_clients::ClientsPanel;
use coordinator::{
    AssignMentor, EnrolPerson, InvitePerson, ManageEnrolments, ManageRecords, NewCohort, NewEvent,
    NewProgramme, NewProject, NewTrack,
};
use funder::KpiPanel;
use mentor::{AddAvailability, MentorSessions, MySlots};
use notices::AdminNav;
pub use notices::AdminPage;
use participant::{MyCohorts, ProjectList};
use pickers::ProgrammeSelect;

#[component]
pub fn Dashboard() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Dashboard).to_string());
    let auth = use_auth();
    view! {
        <Show when=move || !auth.restoring.get() fallback=|| view! { <Loading/> }>
            {move || match auth.me.get() {
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
                        {is_staff(&me.roles).then(|| view! { <AdminNav admin=has(Role::Admin)/> })}
                        {has(Role::Participant).then(|| view! { <MyCohorts person=me.person.id/> })}
                        {has(Role::Participant).then(|| view! { <ProjectList title=Key::MyProjects query=ProjectQuery { member_id: Some(me.person.id), ..Default::default() }/> })}
                        {me.mentor_id.map(|m| view! {
                            <ProjectList title=Key::AssignedProjects query=ProjectQuery { mentor_id: Some(m), ..Default::default() }/>
                            <AddAvailability mentor=m/>
                            <MySlots mentor=m/>
                            <MentorSessions mentor=m/>
                        })}
                        {has_any(&me.roles, KPI_READERS).then(|| view! { <KpiPanel/> })}
                        {is_staff(&me.roles).then(|| view! { <InvitePerson admin=has(Role::Admin)/> <NewProgramme/> <NewTrack/> <NewProject/> <NewCohort/> <EnrolPerson/> <AssignMentor/> <NewEvent/> <ManageRecords/> <ManageEnrolments/> })}
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
