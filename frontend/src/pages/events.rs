use chrono::Utc;
use eil_shared::event::EventQuery;
use leptos::prelude::*;

use crate::api;
use crate::components::{Failed, Loading};
use crate::i18n::{Key, date_time, translator, use_language};

/// Events: what comes next, then what has been.
#[component]
pub fn Events() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    crate::components::page_title(move || tr(Key::Events).to_string());
    let list = LocalResource::new(|| async {
        api::client()
            .list_events(&EventQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(|e| api::describe(&e))
    });
    view! {
        <h1>{move || tr(Key::Events)}</h1>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Failed message=e/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoEvents)}</p> }.into_any(),
                    Ok(p) => {
                        let now = Utc::now();
                        let (upcoming, past): (Vec<_>, Vec<_>) = p.items.into_iter().partition(|e| e.ends_at > now);
                        let show = move |items: Vec<eil_shared::event::Event>| items.into_iter().map(|e| {
                            let (title, summary) = (e.title.clone(), e.summary.clone());
                            view! {
                                <li class="card">
                                    <h3>{move || title.get(lang.get()).to_string()}</h3>
                                    <p class="muted">{move || crate::components::label(lang.get(), e.kind.as_str())} " · " {move || date_time(lang.get(), e.starts_at)} {e.venue.clone().map(|v| format!(" · {v}"))}</p>
                                    {summary.map(|s| view! { <p>{move || s.get(lang.get()).to_string()}</p> })}
                                </li>
                            }
                        }).collect_view();
                        view! {
                            <h2>{move || tr(Key::UpcomingEvents)}</h2>
                            {if upcoming.is_empty() {
                                view! { <p class="empty">{move || tr(Key::NoUpcomingEvents)}</p> }.into_any()
                            } else {
                                view! { <ul class="cards">{show(upcoming)}</ul> }.into_any()
                            }}
                            <h2>{move || tr(Key::PastEvents)}</h2>
                            <ul class="cards">{show(past)}</ul>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
