use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::auth::use_auth;
use crate::components::{FieldError, FormError, FormMessage, SubmitButton, form};
use crate::i18n::{Key, translator};

/// The page an invitation link opens: the token is in the fragment, which never reaches a
/// server log.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Invitation).to_string());
    let auth = use_auth();
    let token = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| h.strip_prefix("#token=").map(str::to_owned))
        .unwrap_or_default();
    let password = RwSignal::new(String::new());
    let navigate = use_navigate();
    let accept = form(
        None,
        move |(token, password): (String, String)| async move {
            let pair = api::client().accept_invitation(&token, &password).await?;
            auth.start(pair).await.map_err(FormError::from)
        },
        move |()| navigate("/dashboard", Default::default()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        accept.submit((token.clone(), password.get_untracked()));
    };
    view! {
        <h1>{move || tr(Key::Invitation)}</h1>
        <form class="form narrow" on:submit=submit>
            <label for="new-password">{move || tr(Key::SetPassword)}</label>
            <input id="new-password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="new-password-hint new-password-error"
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            <span class="muted" id="new-password-hint">{move || tr(Key::PasswordHint)}</span>
            <FieldError errors=accept.errors name="password" id="new-password-error"/>
            <SubmitButton pending=accept.pending() label=Key::SetPassword/>
            <FormMessage errors=accept.errors done=accept.done/>
        </form>
    }
}
