use eil_shared::mentor::MentorQuery;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::components::{More, PAGE, first_pages, loaded};
use crate::i18n::{Key, translator, use_language};

/// The MIT J-WEL mentors, filtered by expertise (kept in the address).
#[component]
pub fn Mentors() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let query = use_query_map();
    crate::components::page_title(move || tr(Key::Mentors).to_string());
    let expertise = RwSignal::new(query.with_untracked(|q| q.get("expertise").unwrap_or_default()));
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let tag = query.with(|q| q.get("expertise")).filter(|t| !t.is_empty());
        first_pages(pages.get(), move |cursor| {
            let q = MentorQuery {
                expertise: tag.clone(),
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            async move { api::client().list_mentors(&q).await }
        })
    });
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = expertise.get_untracked();
        let url = if tag.trim().is_empty() {
            "/mentors".to_string()
        } else {
            format!(
                "/mentors?expertise={}",
                js_sys::encode_uri_component(tag.trim())
            )
        };
        pages.set(1);
        navigate(&url, Default::default());
    };
    view! {
        <h1>{move || tr(Key::Mentors)}</h1>
        <form class="filters" role="search" on:submit=apply>
            <label for="f-expertise">{move || tr(Key::Expertise)}</label>
            <input id="f-expertise" type="search" prop:value=move || expertise.get() on:input=move |ev| expertise.set(event_target_value(&ev))/>
            <button type="submit">{move || tr(Key::ApplyFilters)}</button>
            <a href="/mentors">{move || tr(Key::ClearFilters)}</a>
        </form>
        {loaded(list, move |page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{move || tr(Key::NoMentors)}</p> }.into_any();
            }
            let more = page.next_cursor.is_some();
            view! {
                <ul class="cards" aria-label=move || tr(Key::Mentors)>
                    <For each=move || page.items.clone() key=|m| m.id let:m>
                        <li class="card">
                            <h2><a href=format!("/mentors/{}", m.id)>{m.full_name.clone()}</a></h2>
                            <p class="muted">{m.title.clone()}</p>
                            {m.bio.clone().map(|b| view! { <p>{move || b.get(lang.get()).to_string()}</p> })}
                            <p class="tags">{m.expertise.iter().map(|t| view! {
                                <a class="tag" href=format!("/mentors?expertise={}", js_sys::encode_uri_component(t))>{t.clone()}</a>
                            }).collect_view()}</p>
                        </li>
                    </For>
                </ul>
                <More more=more pages=pages/>
            }.into_any()
        })}
    }
}
