//! Forms: every submission runs through one Leptos `Action` (`form`), so every form shows
//! its pending state, the problem's field errors next to their fields and its outcome the
//! same way.

use std::future::Future;
use std::rc::Rc;

use eil_shared::I18nText;
use eil_shared::client::ClientError;
use leptos::prelude::*;

use crate::i18n::{Key, translator, use_language};

/// What a failed form submission says: the problem's detail, and its errors by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormError {
    pub message: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl FormError {
    /// A check the web app makes before sending, shown next to `field`.
    pub fn field_only(field: &str, message: impl Into<String>) -> Self {
        FormError {
            message: None,
            fields: vec![(field.into(), message.into())],
        }
    }

    /// The message for one field (or one of its sub-fields, `name.en` for `name`).
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields
            .iter()
            .filter(|(f, _)| f == name || f.starts_with(&format!("{name}.")))
            .map(|(f, m)| {
                if f == name {
                    m.clone()
                } else {
                    format!("{f}: {m}")
                }
            })
            .reduce(|a, b| format!("{a}; {b}"))
    }
}

impl From<ClientError> for FormError {
    fn from(e: ClientError) -> Self {
        match e.problem() {
            Some(p) => FormError {
                message: Some(p.detail.clone().unwrap_or_else(|| p.title.clone())),
                fields: p
                    .errors
                    .iter()
                    .map(|f| (f.field.clone(), f.message.clone()))
                    .collect(),
            },
            None => FormError::from(e.to_string()),
        }
    }
}

impl From<String> for FormError {
    fn from(message: String) -> Self {
        FormError {
            message: Some(message),
            fields: vec![],
        }
    }
}

/// A form's submission: the action that sends it and what the form shows about it.
pub struct Form<I: 'static> {
    action: Action<I, ()>,
    pub errors: RwSignal<FormError>,
    pub done: RwSignal<Option<Key>>,
}

// Derived `Clone`/`Copy` would ask the same of `I`; the handles are copyable whatever `I` is.
impl<I: 'static> Clone for Form<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Form<I> {}

impl<I: 'static> Form<I> {
    /// Sends the form with `input` (the request, built and checked by the caller).
    pub fn submit(&self, input: I) {
        self.action.dispatch_local(input);
    }

    /// True while a submission is on its way.
    pub fn pending(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// Shows a check that failed before anything was sent.
    pub fn reject(&self, error: FormError) {
        self.done.set(None);
        self.errors.set(error);
    }
}

/// Makes a form's submission. `call` sends the request; on success the form's errors are
/// cleared, `message` (if any) is shown and `then` gets the answer (to reload a list, show a
/// one-time secret, move on); on failure the problem is shown, its field errors by field.
pub fn form<I, T, E, Fu>(
    message: Option<Key>,
    call: impl Fn(I) -> Fu + 'static,
    then: impl Fn(T) + 'static,
) -> Form<I>
where
    I: Clone + 'static,
    T: 'static,
    FormError: From<E>,
    Fu: Future<Output = Result<T, E>> + 'static,
{
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    // Each submission's future needs its own handle on `then`; web code is single-threaded.
    let then = Rc::new(then);
    let action = Action::new_local(move |input: &I| {
        let answer = call(input.clone());
        let then = Rc::clone(&then);
        async move {
            match answer.await {
                Ok(value) => {
                    errors.set(FormError::default());
                    done.set(message);
                    then(value);
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(e));
                }
            }
        }
    });
    Form {
        action,
        errors,
        done,
    }
}

/// The submit button: disabled, marked busy and showing a spinner while the form is sent.
#[component]
pub fn SubmitButton(
    pending: Signal<bool>,
    label: Key,
    /// Shown instead of `label` while pending.
    #[prop(optional)]
    busy: Option<Key>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let tr = translator();
    view! {
        <button type="submit" class=class disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
            {move || pending.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
            {move || tr(if pending.get() { busy.unwrap_or(label) } else { label })}
        </button>
    }
}

/// The error next to a field, announced to screen readers; `id` is what the input's
/// `aria-describedby` names.
#[component]
pub fn FieldError(
    errors: RwSignal<FormError>,
    name: &'static str,
    id: &'static str,
) -> impl IntoView {
    view! {
        <span class="field-error" id=id role="alert">
            {move || errors.with(|e| e.field(name)).unwrap_or_default()}
        </span>
    }
}

/// The form's general message (success or failure).
#[component]
pub fn FormMessage(errors: RwSignal<FormError>, done: RwSignal<Option<Key>>) -> impl IntoView {
    let tr = translator();
    view! {
        <p class="form-message" role="status">
            {move || errors.with(|e| e.message.clone()).map(|m| view! { <span class="error">{m}</span> })}
            {move || done.get().map(|m| view! { <span class="ok">{tr(m)}</span> })}
        </p>
    }
}

/// `datetime-local` input values are in the viewer's zone; the browser converts them.
pub fn local_to_utc(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    if ms.is_nan() {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(ms as i64)
}

/// A labelled text input bound to a signal, with its field error under it.
pub fn text_input(
    errors: RwSignal<FormError>,
    id: &'static str,
    label: Key,
    kind: &'static str,
    value: RwSignal<String>,
    field: &'static str,
    required: bool,
) -> impl IntoView {
    let tr = translator();
    let err = format!("{id}-error");
    view! {
        <label for=id>{move || tr(label)}</label>
        <input id=id type=kind required=required aria-describedby=err.clone() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        <span class="field-error" id=err role="alert">{move || errors.with(|e| e.field(field)).unwrap_or_default()}</span>
    }
}

/// A select over loaded records (id, bilingual label), defaulting `value` to the first.
pub fn choose(
    id: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, I18nText)>,
) -> impl IntoView {
    let lang = use_language().0;
    if let Some((first, _)) = options.first()
        && value.get_untracked().is_empty()
    {
        value.set(first.clone());
    }
    view! {
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            <For each=move || options.clone() key=|(v, _)| v.clone() let:((v, label))>
                <option value=v.clone() selected=value.get_untracked() == v>{move || label.get(lang.get()).to_string()}</option>
            </For>
        </select>
    }
}
