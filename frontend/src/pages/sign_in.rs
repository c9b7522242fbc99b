use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::auth::use_auth;
use crate::components::{FieldError, FormError, FormMessage, SubmitButton, form};
use crate::i18n::{Key, ResetKey, reset_translator, translator};

#[component]
pub fn SignIn() -> impl IntoView {
    let tr = translator();
    let rt = reset_translator();
    crate::components::page_title(move || tr(Key::SignIn).to_string());
    let auth = use_auth();
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let navigate = use_navigate();
    let sign_in = form(
        None,
        move |(email, password): (String, String)| async move {
            let pair = api::client().login(&email, &password).await?;
            auth.start(pair).await.map_err(FormError::from)
        },
        move |()| navigate("/dashboard", Default::default()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sign_in.submit((email.get_untracked(), password.get_untracked()));
    };
    let errors = sign_in.errors;
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
            <SubmitButton pending=sign_in.pending() label=Key::SignIn busy=Key::SigningIn/>
            <FormMessage errors=errors done=sign_in.done/>
        </form>
        <p><A href="/forgot-password">{move || rt(ResetKey::ForgotPassword)}</A></p>
    }
}
