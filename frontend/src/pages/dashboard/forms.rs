//! Form pieces the dashboard sections share.

use super::*;

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

/// Runs a create call and reports it in the form.
pub fn create<T: 'static>(
    call: impl std::future::Future<Output = Result<T, eil_shared::client::ClientError>> + 'static,
    errors: RwSignal<FormError>,
    done: RwSignal<Option<&'static str>>,
    message: &'static str,
) {
    spawn_local(async move {
        match call.await {
            Ok(_) => {
                errors.set(FormError::default());
                done.set(Some(message));
            }
            Err(e) => {
                done.set(None);
                errors.set(FormError::from(&e));
            }
        }
    });
}

/// A select over loaded options (value, bilingual label), defaulting `value` to the first.
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
            {options.into_iter().map(|(v, label)| view! {
                <option value=v.clone() selected=value.get_untracked() == v>{move || label.get(lang.get()).to_string()}</option>
            }).collect_view()}
        </select>
    }
}

/// The programmes, to choose one.
#[component]
pub fn ProgrammeSelect(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let programmes = LocalResource::new(|| async {
        api::client()
            .list_programmes(&ProgrammeQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let options = programmes.await.into_iter().map(|p| (p.id.to_string(), p.name)).collect();
                choose(id, value, options)
            })}
        </Suspense>
    }
}
