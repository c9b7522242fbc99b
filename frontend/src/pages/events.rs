use chrono::Utc;
use eil_shared::event::{Event, EventQuery};
use leptos::prelude::*;

use crate::api;
use crate::components::{More, PAGE, first_pages, loaded};
use crate::i18n::{Key, date_time, translator, use_language};

/// Events: what comes next, then what has been.
#[component]
pub fn Events() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    crate::components::page_title(move || tr(Key::Events).to_string());
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        first_pages(pages.get(), |cursor| async move {
            let q = EventQuery {
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            api::client().list_events(&q).await
        })
    });
    let show = move |items: Vec<Event>| {
        view! {
            <ul class="cards">
                <For each=move || items.clone() key=|e| e.id let:e>
                    <li class="card">
                        <h3>{move || e.title.get(lang.get()).to_string()}</h3>
                        <p class="muted">{move || crate::components::label(lang.get(), e.kind.as_str())} " · " {move || date_time(lang.get(), e.starts_at)} {e.venue.clone().map(|v| format!(" · {v}"))}</p>
                        {e.summary.clone().map(|s| view! { <p>{move || s.get(lang.get()).to_string()}</p> })}
                    </li>
                </For>
            </ul>
        }
    };
    view! {
        <h1>{move || tr(Key::Events)}</h1>
        {loaded(list, move |page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{move || tr(Key::NoEvents)}</p> }.into_any();
            }
            let now = Utc::now();
            let more = page.next_cursor.is_some();
            let (upcoming, past): (Vec<_>, Vec<_>) = page.items.into_iter().partition(|e| e.ends_at > now);
            view! {
                <h2>{move || tr(Key::UpcomingEvents)}</h2>
                {if upcoming.is_empty() {
                    view! { <p class="empty">{move || tr(Key::NoUpcomingEvents)}</p> }.into_any()
                } else {
                    show(upcoming).into_any()
                }}
                <h2>{move || tr(Key::PastEvents)}</h2>
                {show(past)}
                <More more=more pages=pages/>
            }.into_any()
        })}
    }
}
