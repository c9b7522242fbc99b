use leptos::prelude::*;

use crate::i18n::{Key, translator};

/// The accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let tr = translator();
    view! {
        <h1>{move || tr(Key::Accessibility)}</h1>
        <p>{move || tr(Key::AccessibilityText)}</p>
    }
}
