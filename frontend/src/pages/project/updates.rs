//! Progress updates: the team posts them, the project's mentors answer them.

use eil_shared::progress_update::{CreateProgressUpdate, ProgressUpdate, UpdateProgressUpdate};
use eil_shared::{MentorId, PersonId, ProjectId};
use leptos::prelude::*;

use crate::auth::use_auth;
use crate::components::{FieldError, FormMessage, SubmitButton, form};
use crate::i18n::{Key, date_time, translator, use_language};

#[component]
pub fn PostUpdate(project: ProjectId, author: PersonId, reload: Callback<()>) -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let body = RwSignal::new(String::new());
    let post = form(
        Some(Key::Saved),
        move |req: CreateProgressUpdate| {
            let c = auth.client();
            async move { c.create_progress_update(project, &req).await }
        },
        move |_| {
            body.set(String::new());
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        post.submit(CreateProgressUpdate {
            author_id: author,
            body: body.get_untracked(),
        });
    };
    view! {
        <form class="form" on:submit=submit aria-labelledby="post-update-title">
            <h3 id="post-update-title">{move || tr(Key::PostUpdate)}</h3>
            <label for="update-body">{move || tr(Key::UpdateText)}</label>
            <textarea id="update-body" rows="4" required aria-describedby="update-body-error"
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <FieldError errors=post.errors name="body" id="update-body-error"/>
            <SubmitButton pending=post.pending() label=Key::Publish busy=Key::Saving/>
            <FormMessage errors=post.errors done=post.done/>
        </form>
    }
}

#[component]
pub fn UpdateItem(
    update: ProgressUpdate,
    author: String,
    mentor: Option<MentorId>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let (project, id, version) = (update.project_id, update.id, update.version);
    let feedback = RwSignal::new(update.feedback.clone().unwrap_or_default());
    let answer = form(
        Some(Key::Saved),
        move |req: UpdateProgressUpdate| {
            let c = auth.client();
            async move {
                c.update_progress_update(project, id, &req, Some(version))
                    .await
            }
        },
        move |_| reload.run(()),
    );
    let field_id = format!("feedback-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        answer.submit(UpdateProgressUpdate {
            feedback: Some(Some(feedback.get_untracked())),
            feedback_by: Some(mentor),
            ..Default::default()
        });
    };
    view! {
        <li class="update">
            <p class="muted">{author} " · " {move || date_time(lang.get(), update.created_at)}</p>
            <p>{update.body.clone()}</p>
            {update.feedback.clone().map(|f| view! { <blockquote><strong>{move || tr(Key::Feedback)} ": "</strong>{f}</blockquote> })}
            {mentor.is_some().then(|| view! {
                <form class="form inline" on:submit=submit>
                    <label for=field_id.clone()>{move || tr(Key::GiveFeedback)}</label>
                    <textarea id=field_id.clone() rows="2" prop:value=move || feedback.get() on:input=move |ev| feedback.set(event_target_value(&ev))></textarea>
                    <SubmitButton pending=answer.pending() label=Key::Publish/>
                    <FormMessage errors=answer.errors done=answer.done/>
                </form>
            })}
        </li>
    }
}
