use chrono::Utc;
use eil_shared::event::EventQuery;
use leptos::prelude::*;

use crate::api;
use crate::components::loaded;
use crate::i18n::{Key, date_time, translator, use_language};
use crate::pages::programmes::Programmes;

/// The Lab, its programmes, what comes next, and the ERDF publicity the funding requires.
#[component]
pub fn Home() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Programmes).to_string());
    view! {
        <section class="hero">
            <h1>{move || tr(Key::AppName)}</h1>
            <p class="tagline">{move || tr(Key::Tagline)}</p>
            <p>{move || tr(Key::HomeIntro)}</p>
        </section>
        <Programmes/>
        <UpcomingEvents/>
    }
}

#[component]
fn UpcomingEvents() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    // The next three only: the events page has the rest.
    let events = LocalResource::new(|| async {
        let q = EventQuery {
            from: Some(Utc::now()),
            limit: Some(3),
            ..Default::default()
        };
        Ok(api::client().list_events(&q).await?.items)
    });
    view! {
        <h2>{move || tr(Key::UpcomingEvents)}</h2>
        {loaded(events, move |items| {
            if items.is_empty() {
                return view! {
                    <p class="empty">{move || tr(Key::NoUpcomingEvents)} " " <a href="/events">{move || tr(Key::Events)}</a></p>
                }.into_any();
            }
            view! {
                <ul class="list">
                    <For each=move || items.clone() key=|e| e.id let:e>
                        <li><strong>{move || e.title.get(lang.get()).to_string()}</strong> " · " {move || date_time(lang.get(), e.starts_at)}</li>
                    </For>
                </ul>
            }.into_any()
        })}
    }
}

/// The EU emblem and the project text, as the ERDF publicity rules ask on every site of a
/// funded project.
#[component]
pub fn Erdf() -> impl IntoView {
    let tr = translator();
    let stars: String = (0..12)
        .map(|i| {
            let a = f64::from(i) * std::f64::consts::PI / 6.0;
            let (cx, cy) = (405.0 + 180.0 * a.sin(), 270.0 - 180.0 * a.cos());
            let points: Vec<String> = (0..10)
                .map(|k| {
                    let r = if k % 2 == 0 { 30.0 } else { 12.0 };
                    let b = f64::from(k) * std::f64::consts::PI / 5.0;
                    format!("{:.1},{:.1}", cx + r * b.sin(), cy - r * b.cos())
                })
                .collect();
            format!("<polygon points=\"{}\"/>", points.join(" "))
        })
        .collect();
    view! {
        <aside class="erdf" aria-labelledby="erdf-title">
            <svg viewBox="0 0 810 540" width="90" height="60" role="img" aria-label=move || tr(Key::EuEmblem)>
                <rect width="810" height="540" fill="#039"></rect>
                <g fill="#fc0" inner_html=stars></g>
            </svg>
            <div>
                <p class="erdf-title" id="erdf-title"><strong>{move || tr(Key::ErdfTitle)}</strong></p>
                <p>{move || tr(Key::ErdfText)}</p>
            </div>
        </aside>
    }
}
