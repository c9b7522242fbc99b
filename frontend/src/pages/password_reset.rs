//! Forgotten passwords: ask for a link by e-mail (`/forgot-password`), then choose a new
//! password with it (`/reset-password#token=...`).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::{FieldError, FormError, FormMessage, form};
use crate::i18n::{Key, ResetKey, reset_translator, translator};

/// The submit button of these pages (their labels are [`ResetKey`]s).
#[component]
fn Submit(pending: Signal<bool>, label: ResetKey, busy: ResetKey) -> impl IntoView {
    let rt = reset_translator();
    view! {
        <button type="submit" disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            {move || rt(if pending.get() { busy } else { label })}
        </button>
    }
}

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let rt = reset_translator();
    let tr = translator();
    crate::components::page_title(move || rt(ResetKey::ForgotPassword).to_string());
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let ask = form(
        None,
        move |email: String| async move {
            api::client().request_password_reset(&email).await?;
            Ok::<_, FormError>(())
        },
        move |()| sent.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(false);
        ask.submit(email.get_untracked());
    };
    view! {
        <h1>{move || rt(ResetKey::ForgotPassword)}</h1>
        <p>{move || rt(ResetKey::ForgotIntro)}</p>
        <form class="form narrow" on:submit=submit>
            <label for="email">{move || tr(Key::Email)}</label>
            <input id="email" type="email" autocomplete="username" required aria-describedby="email-error"
                prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
            <FieldError errors=ask.errors name="email" id="email-error"/>
            <Submit pending=ask.pending() label=ResetKey::SendLink busy=ResetKey::SendingLink/>
            <FormMessage errors=ask.errors done=ask.done/>
            <p class="ok" role="status">{move || sent.get().then(|| rt(ResetKey::LinkSent))}</p>
        </form>
        <p><A href="/sign-in">{move || tr(Key::SignIn)}</A></p>
    }
}

/// The token of the link: in the fragment (which never reaches a server log), or in the
/// query of a link a mail program rewrote.
fn token_of_link() -> String {
    let location = web_sys::window().map(|w| w.location());
    let from = |part: Option<String>, prefix: char| {
        part.and_then(|p| {
            p.trim_start_matches(prefix)
                .split('&')
                .find_map(|kv| kv.strip_prefix("token=").map(str::to_owned))
        })
    };
    let hash = location.as_ref().and_then(|l| l.hash().ok());
    let query = location.as_ref().and_then(|l| l.search().ok());
    from(hash, '#')
        .or_else(|| from(query, '?'))
        .unwrap_or_default()
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let rt = reset_translator();
    let tr = translator();
    crate::components::page_title(move || rt(ResetKey::ResetPassword).to_string());
    let token = token_of_link();
    let has_token = !token.is_empty();
    let (password, again) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let changed = RwSignal::new(false);
    let reset = form(
        None,
        move |(token, password): (String, String)| async move {
            api::client()
                .confirm_password_reset(&token, &password)
                .await
        },
        move |_| changed.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (p, a) = (password.get_untracked(), again.get_untracked());
        if p != a {
            reset.reject(FormError::field_only(
                "password_again",
                rt(ResetKey::PasswordsDiffer),
            ));
            return;
        }
        reset.submit((token.clone(), p));
    };
    view! {
        <h1>{move || rt(ResetKey::ResetPassword)}</h1>
        <div hidden=move || !changed.get()>
            <p class="ok" role="status">{move || changed.get().then(|| rt(ResetKey::PasswordChanged))}</p>
            <p><A href="/sign-in">{move || tr(Key::SignIn)}</A></p>
        </div>
        <div hidden=move || changed.get()>
            {(!has_token).then(|| view! {
                <p class="error" role="alert">{move || rt(ResetKey::NoToken)} " "
                    <A href="/forgot-password">{move || rt(ResetKey::ForgotPassword)}</A></p>
            })}
            <form class="form narrow" on:submit=submit>
                <label for="new-password">{move || rt(ResetKey::NewPassword)}</label>
                <input id="new-password" type="password" autocomplete="new-password" required minlength="12" aria-describedby="new-password-hint new-password-error"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <span class="muted" id="new-password-hint">{move || tr(Key::PasswordHint)}</span>
                <FieldError errors=reset.errors name="password" id="new-password-error"/>
                <label for="new-password-again">{move || rt(ResetKey::NewPasswordAgain)}</label>
                <input id="new-password-again" type="password" autocomplete="new-password" required minlength="12" aria-describedby="new-password-again-error"
                    prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev))/>
                <FieldError errors=reset.errors name="password_again" id="new-password-again-error"/>
                <Submit pending=reset.pending() label=ResetKey::SavePassword busy=ResetKey::SavePassword/>
                <FormMessage errors=reset.errors done=reset.done/>
            </form>
        </div>
    }
}
