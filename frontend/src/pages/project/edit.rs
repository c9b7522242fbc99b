use eil_shared::I18nText;
use eil_shared::project::{Project, UpdateProject};
use leptos::prelude::*;

use crate::auth::use_auth;
use crate::components::{FieldError, FormMessage, SubmitButton, form};
use crate::i18n::{Key, translator};

/// The team's (and staff's) edit of the project's title and summary, based on the version
/// read: a change made meanwhile by someone else is reported, not overwritten.
#[component]
pub fn EditProject(project: Project, reload: Callback<()>) -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let summary = project.summary.clone().unwrap_or_default();
    let (lv, en, sum_lv, sum_en) = (
        RwSignal::new(project.title.lv.clone()),
        RwSignal::new(project.title.en.clone()),
        RwSignal::new(summary.lv.clone()),
        RwSignal::new(summary.en.clone()),
    );
    let (id, version) = (project.id, project.version);
    let save = form(
        Some(Key::Saved),
        move |req: UpdateProject| {
            let c = auth.client();
            async move { c.update_project(id, &req, Some(version)).await }
        },
        move |_| reload.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateProject {
            title: Some(I18nText::new(lv.get_untracked(), en.get_untracked())),
            summary: Some(Some(I18nText::new(
                sum_lv.get_untracked(),
                sum_en.get_untracked(),
            ))),
            ..Default::default()
        });
    };
    let errors = save.errors;
    let field = move |id: &'static str,
                      label: Key,
                      value: RwSignal<String>,
                      name: &'static str,
                      err: &'static str,
                      long: bool| {
        view! {
            <label for=id>{move || tr(label)}</label>
            {if long {
                view! { <textarea id=id rows="3" aria-describedby=err prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea> }.into_any()
            } else {
                view! { <input id=id type="text" aria-describedby=err prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/> }.into_any()
            }}
            <FieldError errors=errors name=name id=err/>
        }
    };
    view! {
        <details class="edit">
            <summary>{move || tr(Key::EditProject)}</summary>
            <form class="form" on:submit=submit>
                {field("title-lv", Key::NameLv, lv, "title.lv", "title-lv-error", false)}
                {field("title-en", Key::NameEn, en, "title.en", "title-en-error", false)}
                {field("summary-lv", Key::SummaryLv, sum_lv, "summary.lv", "summary-lv-error", true)}
                {field("summary-en", Key::SummaryEn, sum_en, "summary.en", "summary-en-error", true)}
                <SubmitButton pending=save.pending() label=Key::Save/>
                <FormMessage errors=errors done=save.done/>
            </form>
        </details>
    }
}
