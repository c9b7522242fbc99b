use eil_shared::programme::ProgrammeQuery;
use leptos::prelude::*;

use crate::api;
use crate::components::{More, PAGE, first_pages, loaded};
use crate::i18n::{Key, translator, use_language};

/// The programmes, in the chosen language (part of the home page).
#[component]
pub fn Programmes() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let pages = RwSignal::new(1);
    let programmes = LocalResource::new(move || {
        let wanted = pages.get();
        first_pages(wanted, |cursor| async move {
            let q = ProgrammeQuery {
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            api::client().list_programmes(&q).await
        })
    });
    view! {
        <h2>{move || tr(Key::Programmes)}</h2>
        {loaded(programmes, move |page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{move || tr(Key::NoProgrammes)}</p> }.into_any();
            }
            let more = page.next_cursor.is_some();
            view! {
                <ul class="cards" aria-label=move || tr(Key::Programmes)>
                    <For each=move || page.items.clone() key=|p| p.id let:p>
                        <li class="card">
                            <h3><a href=format!("/programmes/{}", p.slug)>{move || p.name.get(lang.get()).to_string()}</a></h3>
                            {p.summary.clone().map(|s| view! { <p>{move || s.get(lang.get()).to_string()}</p> })}
                        </li>
                    </For>
                </ul>
                <More more=more pages=pages/>
            }.into_any()
        })}
    }
}
