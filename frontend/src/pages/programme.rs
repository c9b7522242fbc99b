use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::{More, PAGE, first_pages, loaded, loaded_or_back};
use crate::i18n::{Key, date, translator, use_language};

/// A programme with its tracks and cohorts; deep-linkable by slug.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let key = params.read().get("key").unwrap_or_default();
        async move { Ok(api::client().get_programme(&key).await?) }
    });
    loaded_or_back(detail, Some(("/", Key::BackToCatalogue)), move |d| {
        let (name, summary) = (d.programme.name.clone(), d.programme.summary.clone());
        let (tracks, cohorts) = (d.tracks.clone(), d.cohorts.clone());
        view! {
            <article>
                <h1>{move || name.get(lang.get()).to_string()}</h1>
                {summary.map(|s| view! { <p class="summary">{move || s.get(lang.get()).to_string()}</p> })}
                <h2>{move || tr(Key::Tracks)}</h2>
                {if tracks.is_empty() {
                    view! { <p class="empty">{move || tr(Key::NoTracks)}</p> }.into_any()
                } else {
                    view! { <ul class="list">
                        <For each=move || tracks.clone() key=|t| t.id let:t>
                            <li>{move || t.name.get(lang.get()).to_string()}</li>
                        </For>
                    </ul> }.into_any()
                }}
                <h2>{move || tr(Key::Cohorts)}</h2>
                {if cohorts.is_empty() {
                    view! { <p class="empty">{move || tr(Key::NoCohorts)}</p> }.into_any()
                } else {
                    view! { <ul class="list">
                        <For each=move || cohorts.clone() key=|c| c.id let:c>
                            <li>
                                <strong>{move || c.name.get(lang.get()).to_string()}</strong>
                                " · " {move || tr(Key::StartsOn)} " " {move || date(lang.get(), c.starts_on)}
                                " · " {c.capacity} " " {move || tr(Key::Places)}
                            </li>
                        </For>
                    </ul> }.into_any()
                }}
                <h2>{move || tr(Key::Events)}</h2>
                <ProgrammeEvents programme=d.programme.id/>
                <p><a href="/">{move || tr(Key::BackToCatalogue)}</a></p>
            </article>
        }
    })
}

/// The programme's events, soonest first.
#[component]
fn ProgrammeEvents(programme: eil_shared::ProgrammeId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let pages = RwSignal::new(1);
    let events = LocalResource::new(move || {
        first_pages(pages.get(), move |cursor| async move {
            let q = eil_shared::event::EventQuery {
                programme_id: Some(programme),
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            api::client().list_events(&q).await
        })
    });
    loaded(events, move |page| {
        if page.items.is_empty() {
            return view! { <p class="empty">{move || tr(Key::NoEvents)}</p> }.into_any();
        }
        let more = page.next_cursor.is_some();
        view! {
            <ul class="list">
                <For each=move || page.items.clone() key=|e| e.id let:e>
                    <li>
                        <strong>{move || e.title.get(lang.get()).to_string()}</strong> " · "
                        {move || crate::components::label(lang.get(), e.kind.as_str())} " · "
                        {move || crate::i18n::date_time(lang.get(), e.starts_at)}
                    </li>
                </For>
            </ul>
            <More more=more pages=pages/>
        }
        .into_any()
    })
}
