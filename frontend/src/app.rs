use eil_shared::Lang;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::{Key, provide_language, t};
use crate::pages::{catalogue::Catalogue, not_found::NotFound, programme::ProgrammePage};

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_language().0;
    let tr = move |k| t(lang.get(), k);
    let switch = move |_| lang.update(|l| *l = if *l == Lang::Lv { Lang::En } else { Lang::Lv });
    view! {
        <Router>
            <a class="skip" href="#main">{move || tr(Key::SkipToContent)}</a>
            <header class="top">
                <A href="/" attr:class="brand">{move || tr(Key::AppName)}</A>
                <nav aria-label="main">
                    <A href="/">{move || tr(Key::Programmes)}</A>
                    <a href="/docs/" rel="external">{move || tr(Key::ApiDocs)}</a>
                </nav>
                <button class="lang" on:click=switch>{move || tr(Key::SwitchLanguage)}</button>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Catalogue/>
                    <Route path=path!("/programmes/:key") view=ProgrammePage/>
                </Routes>
            </main>
        </Router>
    }
}
