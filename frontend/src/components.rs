//! Small pieces every page uses: loading and error states, labels of closed sets, the
//! field errors of an API problem.

use eil_shared::Lang;
use eil_shared::client::ClientError;
use eil_shared::project::ProjectStatus;
use leptos::prelude::*;

use crate::i18n::{Key, t, translator};

#[component]
pub fn Loading() -> impl IntoView {
    let tr = translator();
    view! { <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>{move || tr(Key::Loading)}</p> }
}

#[component]
pub fn Failed(message: String) -> impl IntoView {
    let tr = translator();
    view! { <p class="error" role="alert">{move || tr(Key::LoadFailed)} ": " {message}</p> }
}

pub fn status_label(lang: Lang, s: ProjectStatus) -> &'static str {
    t(
        lang,
        match s {
            ProjectStatus::Proposed => Key::StatusProposed,
            ProjectStatus::Approved => Key::StatusApproved,
            ProjectStatus::Active => Key::StatusActive,
            ProjectStatus::Completed => Key::StatusCompleted,
            ProjectStatus::Cancelled => Key::StatusCancelled,
        },
    )
}

/// The interface's words for the wire values of closed sets (`planned`, `workshop`, ...),
/// and the value itself for one it does not know.
pub fn label(lang: Lang, value: &str) -> String {
    let key = match value {
        "planned" => Key::MilestonePlanned,
        "in_progress" => Key::MilestoneInProgress,
        "done" => Key::MilestoneDone,
        "missed" => Key::MilestoneMissed,
        "scheduled" => Key::SessionScheduled,
        "completed" => Key::StatusCompleted,
        "active" => Key::ActiveStatus,
        "withdrawn" => Key::WithdrawnStatus,
        "cancelled" => Key::Cancelled,
        "launch" => Key::EventLaunch,
        "workshop" => Key::EventWorkshop,
        "bootcamp" => Key::EventBootcamp,
        "webinar" => Key::EventWebinar,
        "conference" => Key::EventConference,
        "university" => Key::OrgUniversity,
        "hospital" => Key::OrgHospital,
        "ministry" => Key::OrgMinistry,
        "business_school" => Key::OrgBusinessSchool,
        "partner_lab" => Key::OrgPartnerLab,
        "company" => Key::OrgCompany,
        "unknown" => Key::Unknown,
        other => return other.replace('_', " "),
    };
    t(lang, key).to_string()
}

/// What a failed form submission says: the problem's detail, and its errors by field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FormError {
    pub message: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl FormError {
    pub fn from(e: &ClientError) -> Self {
        match e.problem() {
            Some(p) => FormError {
                message: Some(p.detail.clone().unwrap_or_else(|| p.title.clone())),
                fields: p
                    .errors
                    .iter()
                    .map(|f| (f.field.clone(), f.message.clone()))
                    .collect(),
            },
            None => FormError {
                message: Some(e.to_string()),
                fields: vec![],
            },
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
pub fn FormMessage(
    errors: RwSignal<FormError>,
    done: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    view! {
        <p class="form-message" role="status">
            {move || errors.with(|e| e.message.clone()).map(|m| view! { <span class="error">{m}</span> })}
            {move || done.get().map(|m| view! { <span class="ok">{m}</span> })}
        </p>
    }
}

/// Keeps the tab's title on the page's subject, in the chosen language.
pub fn page_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let text = format!("{} · EIL Hub", title());
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(&text);
        }
    });
}

/// Asks the viewer to confirm a destructive action, in the chosen language.
pub fn confirm(lang: Lang, question: Key) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(t(lang, question)).ok())
        .unwrap_or(false)
}
