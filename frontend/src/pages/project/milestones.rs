//! Milestones: the team (and staff) add them, move their status and remove them.

use eil_shared::milestone::{CreateMilestone, Milestone, MilestoneStatus, UpdateMilestone};
use eil_shared::{I18nText, ProjectId};
use leptos::prelude::*;

use crate::auth::use_auth;
use crate::components::{FieldError, FormError, FormMessage, SubmitButton, form, label};
use crate::i18n::{Key, date, translator, use_language};

#[component]
pub fn MilestoneItem(milestone: Milestone, editable: bool, reload: Callback<()>) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let (project, id, version, status) = (
        milestone.project_id,
        milestone.id,
        milestone.version,
        milestone.status,
    );
    let change = form(
        None,
        move |req: UpdateMilestone| {
            let c = auth.client();
            async move { c.update_milestone(project, id, &req, Some(version)).await }
        },
        move |_| reload.run(()),
    );
    let remove = form(
        None,
        move |()| {
            let c = auth.client();
            async move { c.delete_milestone(project, id).await }
        },
        move |()| reload.run(()),
    );
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(status) = event_target_value(&ev).parse::<MilestoneStatus>() {
            change.submit(UpdateMilestone {
                status: Some(status),
                ..Default::default()
            });
        }
    };
    let on_delete = move |_| {
        if crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete) {
            remove.submit(());
        }
    };
    let (title, label_title) = (milestone.title.clone(), milestone.title.clone());
    let select_id = format!("milestone-status-{id}");
    let problem = move || {
        change
            .errors
            .with(|e| e.message.clone())
            .or_else(|| remove.errors.with(|e| e.message.clone()))
    };
    view! {
        <li>
            <strong>{move || title.get(lang.get()).to_string()}</strong> " · " {move || date(lang.get(), milestone.due_on)} " · "
            {if editable {
                view! {
                    <label class="visually-hidden" for=select_id.clone()>{move || format!("{}: {}", tr(Key::Status), label_title.get(lang.get()))}</label>
                    <select id=select_id.clone() on:change=on_change disabled=move || change.pending().get()>
                        {MilestoneStatus::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=*s == status>{move || label(lang.get(), s.as_str())}</option>
                        }).collect_view()}
                    </select>
                    " " <button type="button" class="danger" disabled=move || remove.pending().get() on:click=on_delete>{move || tr(Key::Delete)}</button>
                }.into_any()
            } else {
                view! { {move || label(lang.get(), status.as_str())} }.into_any()
            }}
            <span class="error" role="alert">{problem}</span>
        </li>
    }
}

#[component]
pub fn AddMilestone(project: ProjectId, reload: Callback<()>) -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let (lv, en, due) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let add = form(
        Some(Key::Saved),
        move |req: CreateMilestone| {
            let c = auth.client();
            async move { c.create_milestone(project, &req).await }
        },
        move |_| {
            lv.set(String::new());
            en.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(due_on) = due.get_untracked().parse() else {
            add.reject(FormError::field_only("due_on", "YYYY-MM-DD"));
            return;
        };
        add.submit(CreateMilestone {
            title: I18nText::new(lv.get_untracked(), en.get_untracked()),
            due_on,
            status: None,
        });
    };
    let errors = add.errors;
    let field = move |id: &'static str,
                      label: Key,
                      kind: &'static str,
                      value: RwSignal<String>,
                      name: &'static str,
                      err: &'static str| {
        view! {
            <label for=id>{move || tr(label)}</label>
            <input id=id type=kind required aria-describedby=err prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            <FieldError errors=errors name=name id=err/>
        }
    };
    view! {
        <details class="edit">
            <summary>{move || tr(Key::AddMilestone)}</summary>
            <form class="form" on:submit=submit>
                {field("milestone-lv", Key::NameLv, "text", lv, "title.lv", "milestone-lv-error")}
                {field("milestone-en", Key::NameEn, "text", en, "title.en", "milestone-en-error")}
                {field("milestone-due", Key::DueOn, "date", due, "due_on", "milestone-due-error")}
                <SubmitButton pending=add.pending() label=Key::Create/>
                <FormMessage errors=errors done=add.done/>
            </form>
        </details>
    }
}
