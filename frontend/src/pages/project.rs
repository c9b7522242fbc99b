use eil_shared::pagination::PageQuery;
use eil_shared::progress_update::{CreateProgressUpdate, ProgressUpdate, UpdateProgressUpdate};
use eil_shared::{ProgressUpdateId, ProjectId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::{Failed, FieldError, FormError, FormMessage, Loading, status_label};
use crate::i18n::{Key, date, date_time, translator, use_language};
use crate::session::use_session;

/// A project: hosts, team, milestones, mentors and progress updates. Its team posts
/// updates here; its mentors answer them.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        session.token.track();
        let key = params.read().get("key").unwrap_or_default();
        let c = session.client();
        async move {
            let d = c.get_project(&key).await.map_err(|e| api::describe(&e))?;
            let updates = c
                .list_progress_updates(
                    d.project.id,
                    &PageQuery {
                        limit: Some(50),
                        cursor: None,
                    },
                )
                .await
                .map_err(|e| api::describe(&e))?;
            Ok::<_, String>((d, updates.items))
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Failed message=e/> <p><a href="/projects">{move || tr(Key::Projects)}</a></p> }.into_any(),
                    Ok((d, updates)) => {
                        let me = session.me.get_untracked();
                        let is_member = me.as_ref().is_some_and(|m| d.team.iter().any(|t| t.person_id == m.person.id));
                        let is_staff = me.as_ref().is_some_and(|m| m.roles.iter().any(|r| matches!(r, eil_shared::auth::Role::Coordinator | eil_shared::auth::Role::Admin)));
                        let page_name = d.project.title.clone();
                        crate::components::page_title(move || page_name.get(lang.get()).to_string());
                        let my_mentor = me.as_ref().and_then(|m| m.mentor_id).filter(|id| d.mentors.iter().any(|x| x.id == *id));
                        let author = me.as_ref().map(|m| m.person.id);
                        let p = d.project.clone();
                        let (title, summary, hosts) = (p.title.clone(), p.summary.clone(), p.hosts.clone());
                        let names: Vec<(eil_shared::PersonId, String)> = d.team.iter().map(|t| (t.person_id, t.full_name.clone())).collect();
                        view! {
                            <article>
                                <h1>{move || title.get(lang.get()).to_string()}</h1>
                                <p class="badge">{move || status_label(lang.get(), p.status)}</p>
                                {summary.map(|s| view! { <p class="summary">{move || s.get(lang.get()).to_string()}</p> })}
                                {(is_member || is_staff).then(|| view! { <EditProject project=p.clone() reload=reload/> })}
                                <h2>{move || tr(Key::Hosts)}</h2>
                                <ul class="list">{hosts.into_iter().map(|h| view! { <li>{move || h.name.get(lang.get()).to_string()}</li> }).collect_view()}</ul>
                                <h2>{move || tr(Key::Team)}</h2>
                                <ul class="list">{d.team.iter().map(|t| view! { <li>{t.full_name.clone()}</li> }).collect_view()}</ul>
                                <h2>{move || tr(Key::Mentors)}</h2>
                                {if d.mentors.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoMentors)}</p> }.into_any()
                                } else {
                                    view! { <ul class="list">{d.mentors.iter().map(|m| {
                                        let (pid, mid) = (p.id, m.id);
                                        let unassign = move |_| {
                                            let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete);
                                            if !sure { return; }
                                            let c = session.client();
                                            spawn_local(async move {
                                                if c.unassign_mentor(pid, mid).await.is_ok() {
                                                    reload.update(|n| *n += 1);
                                                }
                                            });
                                        };
                                        view! {
                                            <li>
                                                <a href=format!("/mentors/{}", m.id)>{m.full_name.clone()}</a> ", " {m.title.clone()}
                                                {is_staff.then(|| view! { " " <button type="button" class="danger" on:click=unassign>{move || tr(Key::Unassign)}</button> })}
                                            </li>
                                        }
                                    }).collect_view()}</ul> }.into_any()
                                }}
                                <h2>{move || tr(Key::Milestones)}</h2>
                                {if d.milestones.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoMilestones)}</p> }.into_any()
                                } else {
                                    let editable = is_member || is_staff;
                                    view! { <ul class="list milestones">{d.milestones.into_iter().map(|m| view! {
                                        <MilestoneItem milestone=m editable=editable reload=reload/>
                                    }).collect_view()}</ul> }.into_any()
                                }}
                                {(is_member || is_staff).then(|| view! { <AddMilestone project=p.id reload=reload/> })}
                                <h2>{move || tr(Key::Updates)}</h2>
                                {match (is_member, author) {
                                    (true, Some(a)) => Some(view! { <PostUpdate project=p.id author=a reload=reload/> }),
                                    _ => None,
                                }}
                                {if updates.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoUpdates)}</p> }.into_any()
                                } else {
                                    view! { <ul class="updates">{updates.into_iter().map(|u| {
                                        let who = names.iter().find(|(id, _)| *id == u.author_id).map(|(_, n)| n.clone()).unwrap_or_default();
                                        view! { <UpdateItem update=u author=who mentor=my_mentor reload=reload/> }
                                    }).collect_view()}</ul> }.into_any()
                                }}
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PostUpdate(
    project: ProjectId,
    author: eil_shared::PersonId,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let body = RwSignal::new(String::new());
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        done.set(None);
        let c = session.client();
        let req = CreateProgressUpdate {
            author_id: author,
            body: body.get_untracked(),
        };
        spawn_local(async move {
            match c.create_progress_update(project, &req).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    body.set(String::new());
                    done.set(Some(tr(Key::Saved)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form" on:submit=submit aria-labelledby="post-update-title">
            <h3 id="post-update-title">{move || tr(Key::PostUpdate)}</h3>
            <label for="update-body">{move || tr(Key::UpdateText)}</label>
            <textarea id="update-body" rows="4" required aria-describedby="update-body-error"
                prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
            <FieldError errors=errors name="body" id="update-body-error"/>
            <button type="submit" disabled=move || busy.get()>
                {move || if busy.get() { tr(Key::Saving) } else { tr(Key::Publish) }}
            </button>
            <FormMessage errors=errors done=done/>
        </form>
    }
}

#[component]
fn UpdateItem(
    update: ProgressUpdate,
    author: String,
    mentor: Option<eil_shared::MentorId>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let (project, id, version): (ProjectId, ProgressUpdateId, i32) =
        (update.project_id, update.id, update.version);
    let feedback = RwSignal::new(update.feedback.clone().unwrap_or_default());
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let field_id = format!("feedback-{id}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = session.client();
        let req = UpdateProgressUpdate {
            feedback: Some(Some(feedback.get_untracked())),
            feedback_by: Some(mentor),
            ..Default::default()
        };
        spawn_local(async move {
            match c
                .update_progress_update(project, id, &req, Some(version))
                .await
            {
                Ok(_) => {
                    done.set(Some(tr(Key::Saved)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
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
                    <button type="submit">{move || tr(Key::Publish)}</button>
                    <FormMessage errors=errors done=done/>
                </form>
            })}
        </li>
    }
}

/// The team's (and staff's) edit of the project's title and summary, based on the version
/// read: a change made meanwhile by someone else is reported, not overwritten.
#[component]
fn EditProject(project: eil_shared::project::Project, reload: RwSignal<u32>) -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let summary = project.summary.clone().unwrap_or_default();
    let (lv, en, sum_lv, sum_en) = (
        RwSignal::new(project.title.lv.clone()),
        RwSignal::new(project.title.en.clone()),
        RwSignal::new(summary.lv.clone()),
        RwSignal::new(summary.en.clone()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let (id, version) = (project.id, project.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = eil_shared::project::UpdateProject {
            title: Some(eil_shared::I18nText::new(
                lv.get_untracked(),
                en.get_untracked(),
            )),
            summary: Some(Some(eil_shared::I18nText::new(
                sum_lv.get_untracked(),
                sum_en.get_untracked(),
            ))),
            ..Default::default()
        };
        let c = session.client();
        spawn_local(async move {
            match c.update_project(id, &req, Some(version)).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Saved)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
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
                <button type="submit">{move || tr(Key::Save)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </details>
    }
}

/// A milestone; the team (and staff) move its status and remove it.
#[component]
fn MilestoneItem(
    milestone: eil_shared::milestone::Milestone,
    editable: bool,
    reload: RwSignal<u32>,
) -> impl IntoView {
    use eil_shared::milestone::{MilestoneStatus, UpdateMilestone};
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let errors = RwSignal::new(FormError::default());
    let m = milestone.clone();
    let title = m.title.clone();
    let select_id = format!("milestone-status-{}", m.id);
    let change = move |ev: leptos::ev::Event| {
        let Ok(status) = event_target_value(&ev).parse::<MilestoneStatus>() else {
            return;
        };
        let req = UpdateMilestone {
            status: Some(status),
            ..Default::default()
        };
        let (c, pid, id, v) = (session.client(), m.project_id, m.id, m.version);
        spawn_local(async move {
            match c.update_milestone(pid, id, &req, Some(v)).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    let remove = move |_| {
        let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete);
        if !sure {
            return;
        }
        let (c, pid, id) = (session.client(), milestone.project_id, milestone.id);
        spawn_local(async move {
            match c.delete_milestone(pid, id).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    let status = milestone.status;
    let label_title = title.clone();
    view! {
        <li>
            <strong>{move || title.get(lang.get()).to_string()}</strong> " · " {move || date(lang.get(), milestone.due_on)} " · "
            {if editable {
                view! {
                    <label class="visually-hidden" for=select_id.clone()>{move || format!("{}: {}", tr(Key::Status), label_title.get(lang.get()))}</label>
                    <select id=select_id.clone() on:change=change>
                        {MilestoneStatus::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=*s == status>{move || crate::components::label(lang.get(), s.as_str())}</option>
                        }).collect_view()}
                    </select>
                    " " <button type="button" class="danger" on:click=remove>{move || tr(Key::Delete)}</button>
                }.into_any()
            } else {
                view! { {move || crate::components::label(lang.get(), status.as_str())} }.into_any()
            }}
            <span class="error" role="alert">{move || errors.with(|e| e.message.clone())}</span>
        </li>
    }
}

#[component]
fn AddMilestone(project: ProjectId, reload: RwSignal<u32>) -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let (lv, en, due) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(due_on) = due.get_untracked().parse() else {
            errors.set(FormError {
                message: None,
                fields: vec![("due_on".into(), "YYYY-MM-DD".into())],
            });
            return;
        };
        let req = eil_shared::milestone::CreateMilestone {
            title: eil_shared::I18nText::new(lv.get_untracked(), en.get_untracked()),
            due_on,
            status: None,
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_milestone(project, &req).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    lv.set(String::new());
                    en.set(String::new());
                    done.set(Some(tr(Key::Saved)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
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
                <button type="submit">{move || tr(Key::Create)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </details>
    }
}
