//! A project: hosts, team, milestones, mentors and progress updates. Its team posts
//! updates here and edits the project; its mentors answer the updates.

use eil_shared::auth::is_staff;
use eil_shared::pagination::{Page, PageQuery};
use eil_shared::progress_update::ProgressUpdate;
use eil_shared::project::ProjectDetail;
use eil_shared::{MentorId, ProjectId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::auth::use_auth;
use crate::components::{More, PAGE, first_pages, form, loaded_or_back, status_label};
use crate::i18n::{Key, translator, use_language};

mod edit;
mod milestones;
mod updates;

use edit::EditProject;
use milestones::{AddMilestone, MilestoneItem};
use updates::{PostUpdate, UpdateItem};

#[component]
pub fn ProjectPage() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let params = use_params_map();
    let pages = RwSignal::new(1);
    let data = LocalResource::new(move || {
        auth.token.track();
        let (key, wanted) = (params.read().get("key").unwrap_or_default(), pages.get());
        let c = auth.client();
        async move {
            let d = c.get_project(&key).await?;
            let updates = first_pages(wanted, |cursor| {
                let (c, id) = (c.clone(), d.project.id);
                async move {
                    let q = PageQuery {
                        limit: PAGE,
                        cursor,
                    };
                    c.list_progress_updates(id, &q).await
                }
            })
            .await?;
            Ok((d, updates))
        }
    });
    // Every change on this page reads the project again, so what is shown is what is stored.
    let reload = Callback::new(move |()| data.refetch());
    let unassign = form(
        None,
        move |(project, mentor): (ProjectId, MentorId)| {
            let c = auth.client();
            async move { c.unassign_mentor(project, mentor).await }
        },
        move |()| reload.run(()),
    );
    loaded_or_back(
        data,
        Some(("/projects", Key::Projects)),
        move |(d, updates): (ProjectDetail, Page<ProgressUpdate>)| {
            let me = auth.me.get_untracked();
            let is_member = me
                .as_ref()
                .is_some_and(|m| d.team.iter().any(|t| t.person_id == m.person.id));
            let is_staff = me.as_ref().is_some_and(|m| is_staff(&m.roles));
            let editable = is_member || is_staff;
            let page_name = d.project.title.clone();
            crate::components::page_title(move || page_name.get(lang.get()).to_string());
            let my_mentor = me
                .as_ref()
                .and_then(|m| m.mentor_id)
                .filter(|id| d.mentors.iter().any(|x| x.id == *id));
            let author = me.as_ref().map(|m| m.person.id);
            let p = d.project.clone();
            let (title, summary) = (p.title.clone(), p.summary.clone());
            let names: Vec<(eil_shared::PersonId, String)> = d
                .team
                .iter()
                .map(|t| (t.person_id, t.full_name.clone()))
                .collect();
            let (hosts, team, mentors, milestones) = (
                p.hosts.clone(),
                d.team.clone(),
                d.mentors.clone(),
                d.milestones.clone(),
            );
            let more = updates.next_cursor.is_some();
            let updates = updates.items;
            view! {
                <article>
                    <h1>{move || title.get(lang.get()).to_string()}</h1>
                    <p class="badge">{move || status_label(lang.get(), p.status)}</p>
                    {summary.map(|s| view! { <p class="summary">{move || s.get(lang.get()).to_string()}</p> })}
                    {editable.then(|| view! { <EditProject project=p.clone() reload=reload/> })}
                    <h2>{move || tr(Key::Hosts)}</h2>
                    <ul class="list"><For each=move || hosts.clone() key=|h| h.id let:h>
                        <li>{move || h.name.get(lang.get()).to_string()}</li>
                    </For></ul>
                    <h2>{move || tr(Key::Team)}</h2>
                    <ul class="list"><For each=move || team.clone() key=|t| t.person_id let:t>
                        <li>{t.full_name.clone()}</li>
                    </For></ul>
                    <h2>{move || tr(Key::Mentors)}</h2>
                    {if mentors.is_empty() {
                        view! { <p class="empty">{move || tr(Key::NoMentors)}</p> }.into_any()
                    } else {
                        let pid = p.id;
                        view! { <ul class="list"><For each=move || mentors.clone() key=|m| m.id let:m>
                            <li>
                                <a href=format!("/mentors/{}", m.id)>{m.full_name.clone()}</a> ", " {m.title.clone()}
                                {is_staff.then(|| view! { " " <button type="button" class="danger" disabled=move || unassign.pending().get()
                                    on:click=move |_| if crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete) { unassign.submit((pid, m.id)) }>
                                    {move || tr(Key::Unassign)}</button> })}
                            </li>
                        </For></ul>
                        <p class="error" role="alert">{move || unassign.errors.with(|e| e.message.clone())}</p> }.into_any()
                    }}
                    <h2>{move || tr(Key::Milestones)}</h2>
                    {if milestones.is_empty() {
                        view! { <p class="empty">{move || tr(Key::NoMilestones)}</p> }.into_any()
                    } else {
                        view! { <ul class="list milestones"><For each=move || milestones.clone() key=|m| (m.id, m.version) let:m>
                            <MilestoneItem milestone=m editable=editable reload=reload/>
                        </For></ul> }.into_any()
                    }}
                    {editable.then(|| view! { <AddMilestone project=p.id reload=reload/> })}
                    <h2>{move || tr(Key::Updates)}</h2>
                    {match (is_member, author) {
                        (true, Some(a)) => Some(view! { <PostUpdate project=p.id author=a reload=reload/> }),
                        _ => None,
                    }}
                    {if updates.is_empty() {
                        view! { <p class="empty">{move || tr(Key::NoUpdates)}</p> }.into_any()
                    } else {
                        view! { <ul class="updates"><For each=move || updates.clone() key=|u| (u.id, u.version) let:u>
                            <UpdateItem author=names.iter().find(|(id, _)| *id == u.author_id).map(|(_, n)| n.clone()).unwrap_or_else(|| tr(Key::Unknown).to_string()) update=u mentor=my_mentor reload=reload/>
                        </For></ul>
                        <More more=more pages=pages/> }.into_any()
                    }}
                </article>
            }
        },
    )
}
