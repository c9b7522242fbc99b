use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::{FieldError, FormError, FormMessage};
use crate::i18n::{Key, translator};
use crate::session::use_session;

#[component]
pub fn SignIn() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::SignIn).to_string());
    let session = use_session();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::client()
                .login(&email.get_untracked(), &password.get_untracked())
                .await
            {
                Ok(pair) => match session.start(pair).await {
                    Ok(()) => navigate("/dashboard", Default::default()),
                    Err(m) => errors.set(FormError {
                        message: Some(m),
                        fields: vec![],
                    }),
                },
                Err(e) => errors.set(FormError::from(&e)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{move || tr(Key::SignIn)}</h1>
        <form class="form narrow" on:submit=submit>
            <label for="email">{move || tr(Key::Email)}</label>
            <input id="email" type="email" autocomplete="username" required aria-describedby="email-error"
                prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            <FieldError errors=errors name="email" id="email-error"/>
            <label for="password">{move || tr(Key::Password)}</label>
            <input id="password" type="password" autocomplete="current-password" required aria-describedby="password-error"
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            <FieldError errors=errors name="password" id="password-error"/>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { tr(Key::SigningIn) } else { tr(Key::SignIn) }}
            </button>
            <FormMessage errors=errors done=done/>
        </form>
    }
}

/// The page an invitation link opens: the token is in the fragment, which never reaches a
/// server log.
#[component]
pub fn AcceptInvitation() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Invitation).to_string());
    let session = use_session();
    let token = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .and_then(|h| h.strip_prefix("#token=").map(str::to_owned))
        .unwrap_or_default();
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (navigate, token) = (navigate.clone(), token.clone());
        spawn_local(async move {
            match api::client()
                .accept_invitation(&token, &password.get_untracked())
                .await
            {
                Ok(pair) => {
                    if session.start(pair).await.is_ok() {
                        navigate("/dashboard", Default::default());
                    }
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    view! {
        <h1>{move || tr(Key::Invitation)}</h1>
        <form class="form narrow" on:submit=submit>
            <label for="new-password">{move || tr(Key::SetPassword)}</label>
            <input id="new-password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="new-password-hint new-password-error"
                prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
            <span class="muted" id="new-password-hint">{move || tr(Key::PasswordHint)}</span>
            <FieldError errors=errors name="password" id="new-password-error"/>
            <button type="submit">{move || tr(Key::SetPassword)}</button>
            <FormMessage errors=errors done=done/>
        </form>
    }
}
