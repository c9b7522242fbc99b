use eil_shared::cohort::CohortQuery;
use eil_shared::mentor::MentorQuery;
use eil_shared::organisation::OrganisationQuery;
use eil_shared::project::{ProjectQuery, ProjectStatus};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::{Failed, Loading, status_label};
use crate::i18n::{Key, translator, use_language};

/// Builds `/projects?...` from the filter values; empty ones are left out.
fn projects_url(filters: &[(&str, String)]) -> String {
    let q: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v)))
        .collect();
    if q.is_empty() {
        "/projects".into()
    } else {
        format!("/projects?{}", q.join("&"))
    }
}

/// Projects with filters that live in the address, so every view can be shared.
#[component]
pub fn Projects() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let query = use_query_map();
    crate::components::page_title(move || tr(Key::Projects).to_string());
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let (q, status, cohort, host, mentor) = (
        RwSignal::new(get("q")),
        RwSignal::new(get("status")),
        RwSignal::new(get("cohort_id")),
        RwSignal::new(get("host_id")),
        RwSignal::new(get("mentor_id")),
    );
    // Back and forward buttons change the address: follow it.
    Effect::new(move |_| {
        q.set(get("q"));
        status.set(get("status"));
        cohort.set(get("cohort_id"));
        host.set(get("host_id"));
        mentor.set(get("mentor_id"));
    });
    let options = LocalResource::new(|| async {
        let c = api::client();
        let cohorts = c
            .list_cohorts(&CohortQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await;
        let hosts = c
            .list_organisations(&OrganisationQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await;
        let mentors = c
            .list_mentors(&MentorQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await;
        (
            cohorts.map(|p| p.items).unwrap_or_default(),
            hosts.map(|p| p.items).unwrap_or_default(),
            mentors.map(|p| p.items).unwrap_or_default(),
        )
    });
    let list = LocalResource::new(move || {
        let pq = ProjectQuery {
            q: Some(get("q")).filter(|s| !s.is_empty()),
            status: get("status").parse().ok(),
            cohort_id: get("cohort_id").parse().ok(),
            host_id: get("host_id").parse().ok(),
            mentor_id: get("mentor_id").parse().ok(),
            cursor: Some(get("cursor")).filter(|s| !s.is_empty()),
            limit: Some(20),
            ..Default::default()
        };
        async move {
            api::client()
                .list_projects(&pq)
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &projects_url(&[
                ("q", q.get_untracked()),
                ("status", status.get_untracked()),
                ("cohort_id", cohort.get_untracked()),
                ("host_id", host.get_untracked()),
                ("mentor_id", mentor.get_untracked()),
            ]),
            Default::default(),
        );
    };
    let select = move |label: Key,
                       id: &'static str,
                       value: RwSignal<String>,
                       items: Vec<(String, String)>| {
        view! {
            <label for=id>{move || tr(label)}</label>
            <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{move || tr(Key::Any)}</option>
                {items.into_iter().map(|(v, text)| view! { <option value=v.clone() selected=value.get_untracked() == v>{text}</option> }).collect_view()}
            </select>
        }
    };
    view! {
        <h1>{move || tr(Key::Projects)}</h1>
        <form class="filters" role="search" on:submit=apply>
            <label for="f-q">{move || tr(Key::Search)}</label>
            <input id="f-q" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
            {move || {
                let l = lang.get();
                let statuses = ProjectStatus::ALL.iter().map(|s| (s.as_str().to_string(), status_label(l, *s).to_string())).collect();
                select(Key::Status, "f-status", status, statuses)
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (cohorts, hosts, mentors) = options.await;
                    let l = lang.get_untracked();
                    view! {
                        {select(Key::Cohort, "f-cohort", cohort, cohorts.iter().map(|c| (c.id.to_string(), c.name.get(l).to_string())).collect())}
                        {select(Key::Host, "f-host", host, hosts.iter().map(|h| (h.id.to_string(), h.name.get(l).to_string())).collect())}
                        {select(Key::Mentor, "f-mentor", mentor, mentors.iter().map(|m| (m.id.to_string(), m.full_name.clone())).collect())}
                    }
                })}
            </Suspense>
            <button type="submit">{move || tr(Key::ApplyFilters)}</button>
            <a href="/projects">{move || tr(Key::ClearFilters)}</a>
        </form>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Failed message=e/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoProjects)}</p> }.into_any(),
                    Ok(p) => {
                        let next = p.next_cursor.clone().map(|c| {
                            projects_url(&[("q", get("q")), ("status", get("status")), ("cohort_id", get("cohort_id")),
                                ("host_id", get("host_id")), ("mentor_id", get("mentor_id")), ("cursor", c)])
                        });
                        view! {
                            <ul class="cards" aria-label=move || tr(Key::Projects)>
                                {p.items.into_iter().map(|p| {
                                    let title = p.title.clone();
                                    let hosts = p.hosts.clone();
                                    view! {
                                        <li class="card">
                                            <h2><a href=format!("/projects/{}", p.slug)>{move || title.get(lang.get()).to_string()}</a></h2>
                                            <p class="badge">{move || status_label(lang.get(), p.status)}</p>
                                            <p class="muted">{move || hosts.iter().map(|h| h.name.get(lang.get()).to_string()).collect::<Vec<_>>().join(", ")}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            {next.map(|href| view! { <p><a href=href>{move || tr(Key::MoreResults)}</a></p> })}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
