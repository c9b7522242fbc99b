use leptos::prelude::*;

use crate::i18n::{Key, t, use_language};

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_language().0;
    view! {
        <h1>{move || t(lang.get(), Key::NotFound)}</h1>
        <p><a href="/">{move || t(lang.get(), Key::BackToCatalogue)}</a></p>
    }
}
