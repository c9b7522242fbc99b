use leptos::prelude::*;

use crate::i18n::{Key, translator};

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Accessibility).to_string());
    view! {
        <h1>{move || tr(Key::Accessibility)}</h1>
        <p>{move || tr(Key::AccessibilityText)}</p>
    }
}
