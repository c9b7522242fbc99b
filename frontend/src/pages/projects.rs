use eil_shared::project::{ProjectQuery, ProjectStatus};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::{all_cohorts, all_mentors, all_organisations};
use crate::components::{loaded, status_label};
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
    // The filters' choices: every cohort, host and mentor, page after page.
    let options = LocalResource::new(|| async {
        let c = api::client();
        let cohorts = all_cohorts(&c).await?;
        let hosts = all_organisations(&c).await?;
        let mentors = all_mentors(&c).await?;
        Ok((cohorts, hosts, mentors))
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
        async move { Ok(api::client().list_projects(&pq).await?) }
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
                // Keyed by the words too: the status names change with the language.
                <For each=move || items.clone() key=|item| item.clone() let:((v, text))>
                    <option value=v.clone() selected=value.get_untracked() == v>{text}</option>
                </For>
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
            {loaded(options, move |(cohorts, hosts, mentors)| {
                let l = lang.get_untracked();
                view! {
                    {select(Key::Cohort, "f-cohort", cohort, cohorts.iter().map(|c| (c.id.to_string(), c.name.get(l).to_string())).collect())}
                    {select(Key::Host, "f-host", host, hosts.iter().map(|h| (h.id.to_string(), h.name.get(l).to_string())).collect())}
                    {select(Key::Mentor, "f-mentor", mentor, mentors.iter().map(|m| (m.id.to_string(), m.full_name.clone())).collect())}
                }
            })}
            <button type="submit">{move || tr(Key::ApplyFilters)}</button>
            <a href="/projects">{move || tr(Key::ClearFilters)}</a>
        </form>
        {loaded(list, move |p| {
            if p.items.is_empty() {
                return view! { <p class="empty">{move || tr(Key::NoProjects)}</p> }.into_any();
            }
            // The next page has an address of its own, so that it can be shared too.
            let next = p.next_cursor.clone().map(|c| {
                projects_url(&[("q", get("q")), ("status", get("status")), ("cohort_id", get("cohort_id")),
                    ("host_id", get("host_id")), ("mentor_id", get("mentor_id")), ("cursor", c)])
            });
            view! {
                <ul class="cards" aria-label=move || tr(Key::Projects)>
                    <For each=move || p.items.clone() key=|p| p.id let:p>
                        <li class="card">
                            <h2><a href=format!("/projects/{}", p.slug)>{move || p.title.get(lang.get()).to_string()}</a></h2>
                            <p class="badge">{move || status_label(lang.get(), p.status)}</p>
                            <p class="muted">{move || p.hosts.iter().map(|h| h.name.get(lang.get()).to_string()).collect::<Vec<_>>().join(", ")}</p>
                        </li>
                    </For>
                </ul>
                {next.map(|href| view! { <p><a href=href>{move || tr(Key::MoreResults)}</a></p> })}
            }.into_any()
        })}
    }
}
