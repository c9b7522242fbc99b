use eil_shared::programme::ProgrammeQuery;
use leptos::prelude::*;

use crate::api;
use crate::i18n::{Key, t, use_language};

/// The programmes, in the chosen language (part of the home page).
#[component]
pub fn Catalogue() -> impl IntoView {
    let lang = use_language().0;
    let tr = move |k| t(lang.get(), k);
    let programmes = LocalResource::new(|| async {
        let q = ProgrammeQuery {
            limit: Some(100),
            ..Default::default()
        };
        api::client()
            .list_programmes(&q)
            .await
            .map_err(|e| api::describe(&e))
    });
    view! {
        <h2>{move || tr(Key::Programmes)}</h2>
        <Suspense fallback=move || view! { <p class="loading" role="status">{tr(Key::Loading)}</p> }>
            {move || Suspend::new(async move {
                match programmes.await {
                    Err(e) => view! { <p class="error" role="alert">{tr(Key::LoadFailed)} ": " {e}</p> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="empty">{tr(Key::NoProgrammes)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="cards" aria-label=move || tr(Key::Programmes)>
                            {page.items.into_iter().map(|p| {
                                let href = format!("/programmes/{}", p.slug);
                                let name = p.name.clone();
                                let summary = p.summary.clone();
                                view! {
                                    <li class="card">
                                        <h3><a href=href>{move || name.get(lang.get()).to_string()}</a></h3>
                                        {summary.map(|s| view! { <p>{move || s.get(lang.get()).to_string()}</p> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
