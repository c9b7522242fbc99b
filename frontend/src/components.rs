//! Small pieces every page uses: loading and error states, labels of closed sets; forms
//! (`form.rs`) and loaded lists (`load.rs`).

use eil_shared::Lang;
use eil_shared::project::ProjectStatus;
use leptos::prelude::*;

use crate::i18n::{Key, t, translator};

mod form;
mod load;

pub use form::{
    FieldError, Form, FormError, FormMessage, SubmitButton, choose, form, local_to_utc, text_input,
};
pub use load::{
    More, PAGE, all_cohorts, all_mentors, all_organisations, all_pages, all_people, all_programmes,
    all_projects, first_pages, loaded, loaded_or_back,
};

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
