use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::i18n::{Key, date, t, use_language};

/// A programme with its tracks and cohorts; deep-linkable by slug.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    let lang = use_language().0;
    let tr = move |k| t(lang.get(), k);
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let key = params.read().get("key").unwrap_or_default();
        async move {
            api::client()
                .get_programme(&key)
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! {
                        <p class="error" role="alert">{tr(Key::LoadFailed)} ": " {e}</p>
                        <p><a href="/">{tr(Key::BackToCatalogue)}</a></p>
                    }.into_any(),
                    Ok(d) => {
                        let name = d.programme.name.clone();
                        let summary = d.programme.summary.clone();
                        let tracks = d.tracks.clone();
                        let cohorts = d.cohorts.clone();
                        view! {
                            <article>
                                <h1>{move || name.get(lang.get()).to_string()}</h1>
                                {summary.map(|s| view! { <p class="summary">{move || s.get(lang.get()).to_string()}</p> })}
                                <h2>{move || tr(Key::Tracks)}</h2>
                                {if tracks.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoTracks)}</p> }.into_any()
                                } else {
                                    view! { <ul class="list">{tracks.into_iter().map(|tr_| {
                                        let n = tr_.name.clone();
                                        view! { <li>{move || n.get(lang.get()).to_string()}</li> }
                                    }).collect_view()}</ul> }.into_any()
                                }}
                                <h2>{move || tr(Key::Cohorts)}</h2>
                                {if cohorts.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoCohorts)}</p> }.into_any()
                                } else {
                                    view! { <ul class="list">{cohorts.into_iter().map(|c| {
                                        let n = c.name.clone();
                                        let starts = c.starts_on;
                                        let capacity = c.capacity;
                                        view! {
                                            <li>
                                                <strong>{move || n.get(lang.get()).to_string()}</strong>
                                                " · " {move || tr(Key::StartsOn)} " " {move || date(lang.get(), starts)}
                                                " · " {capacity} " " {move || tr(Key::Places)}
                                            </li>
                                        }
                                    }).collect_view()}</ul> }.into_any()
                                }}
                                <h2>{move || tr(Key::Events)}</h2>
                                <ProgrammeEvents programme=d.programme.id/>
                                <p><a href="/">{move || tr(Key::BackToCatalogue)}</a></p>
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The programme's events, soonest first.
#[component]
fn ProgrammeEvents(programme: eil_shared::ProgrammeId) -> impl IntoView {
    let lang = use_language().0;
    let tr = move |k| t(lang.get(), k);
    let events = LocalResource::new(move || async move {
        let q = eil_shared::event::EventQuery {
            programme_id: Some(programme),
            limit: Some(50),
            ..Default::default()
        };
        api::client()
            .list_events(&q)
            .await
            .map_err(|e| api::describe(&e))
    });
    view! {
        <Suspense fallback=|| view! { <crate::components::Loading/> }>
            {move || Suspend::new(async move {
                match events.await {
                    Err(e) => view! { <crate::components::Failed message=e/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoEvents)}</p> }.into_any(),
                    Ok(p) => view! { <ul class="list">{p.items.into_iter().map(|e| {
                        let title = e.title.clone();
                        view! {
                            <li>
                                <strong>{move || title.get(lang.get()).to_string()}</strong> " · "
                                {move || crate::components::label(lang.get(), e.kind.as_str())} " · "
                                {move || crate::i18n::date_time(lang.get(), e.starts_at)}
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any(),
                }
            })}
        </Suspense>
    }
}
