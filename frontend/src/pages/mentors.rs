use chrono::Utc;
use eil_shared::availability::AvailabilityQuery;
use eil_shared::mentor::MentorQuery;
use eil_shared::project::{Project, ProjectQuery};
use eil_shared::session::{
    CreateSession, MentoringSession, SessionMode, SessionQuery, SessionStatus, UpdateSession,
};
use eil_shared::{MentorId, ProjectId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api;
use crate::components::{Failed, FormError, Loading};
use crate::i18n::{Key, date_time, translator, use_language};
use crate::session::use_session;

/// The MIT J-WEL mentors, filtered by expertise (kept in the address).
#[component]
pub fn Mentors() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let query = use_query_map();
    crate::components::page_title(move || tr(Key::Mentors).to_string());
    let expertise = RwSignal::new(query.with_untracked(|q| q.get("expertise").unwrap_or_default()));
    let list = LocalResource::new(move || {
        let tag = query.with(|q| q.get("expertise")).filter(|t| !t.is_empty());
        async move {
            let q = MentorQuery {
                expertise: tag,
                limit: Some(100),
                ..Default::default()
            };
            api::client()
                .list_mentors(&q)
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let tag = expertise.get_untracked();
        let url = if tag.trim().is_empty() {
            "/mentors".to_string()
        } else {
            format!(
                "/mentors?expertise={}",
                js_sys::encode_uri_component(tag.trim())
            )
        };
        navigate(&url, Default::default());
    };
    view! {
        <h1>{move || tr(Key::Mentors)}</h1>
        <form class="filters" role="search" on:submit=apply>
            <label for="f-expertise">{move || tr(Key::Expertise)}</label>
            <input id="f-expertise" type="search" prop:value=move || expertise.get() on:input=move |ev| expertise.set(event_target_value(&ev))/>
            <button type="submit">{move || tr(Key::ApplyFilters)}</button>
            <a href="/mentors">{move || tr(Key::ClearFilters)}</a>
        </form>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Failed message=e/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoMentors)}</p> }.into_any(),
                    Ok(p) => view! {
                        <ul class="cards" aria-label=move || tr(Key::Mentors)>
                            {p.items.into_iter().map(|m| {
                                let bio = m.bio.clone();
                                view! {
                                    <li class="card">
                                        <h2><a href=format!("/mentors/{}", m.id)>{m.full_name.clone()}</a></h2>
                                        <p class="muted">{m.title.clone()}</p>
                                        {bio.map(|b| view! { <p>{move || b.get(lang.get()).to_string()}</p> })}
                                        <p class="tags">{m.expertise.iter().map(|t| view! {
                                            <a class="tag" href=format!("/mentors?expertise={}", js_sys::encode_uri_component(t))>{t.clone()}</a>
                                        }).collect_view()}</p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the mentor page shows: the profile, free slots, and the viewer's bookable projects
/// and their sessions with this mentor.
#[derive(Clone)]
struct MentorView {
    mentor: eil_shared::mentor::Mentor,
    free: Vec<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)>,
    bookable: Vec<Project>,
    sessions: Vec<MentoringSession>,
}

/// A mentor's profile and free slots. A participant whose project the mentor supports
/// books a slot here and cancels a booking.
#[component]
pub fn MentorPage() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let params = use_params_map();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        session.token.track();
        let id = params.read().get("id").unwrap_or_default();
        let me = session.me.get();
        let c = session.client();
        async move {
            let describe = |e: eil_shared::client::ClientError| api::describe(&e);
            let mentor = c.get_mentor(&id).await.map_err(describe)?;
            let now = Utc::now();
            let slots = c
                .list_availability(
                    mentor.id,
                    &AvailabilityQuery {
                        from: Some(now),
                        limit: Some(50),
                        ..Default::default()
                    },
                )
                .await
                .map_err(describe)?;
            let booked = c
                .list_sessions(&SessionQuery {
                    mentor_id: Some(mentor.id),
                    from: Some(now),
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(describe)?
                .items;
            let live: Vec<&MentoringSession> = booked
                .iter()
                .filter(|s| s.status == SessionStatus::Scheduled)
                .collect();
            let free = slots
                .items
                .iter()
                .filter(|s| {
                    !live
                        .iter()
                        .any(|b| b.starts_at < s.ends_at && s.starts_at < b.ends_at)
                })
                .map(|s| (s.starts_at, s.ends_at))
                .collect();
            let bookable = match &me {
                Some(me) => {
                    c.list_projects(&ProjectQuery {
                        member_id: Some(me.person.id),
                        mentor_id: Some(mentor.id),
                        limit: Some(50),
                        ..Default::default()
                    })
                    .await
                    .map_err(describe)?
                    .items
                }
                None => vec![],
            };
            let sessions = booked
                .into_iter()
                .filter(|s| bookable.iter().any(|p| p.id == s.project_id))
                .collect();
            Ok::<_, String>(MentorView {
                mentor,
                free,
                bookable,
                sessions,
            })
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <Failed message=e/> }.into_any(),
                    Ok(v) => {
                        let bio = v.mentor.bio.clone();
                        let mentor_id = v.mentor.id;
                        let chosen = RwSignal::new(v.bookable.first().map(|p| p.id));
                        let errors = RwSignal::new(FormError::default());
                        let can_book = !v.bookable.is_empty();
                        view! {
                            <article>
                                <h1>{v.mentor.full_name.clone()}</h1>
                                <p class="muted">{v.mentor.title.clone()}</p>
                                {bio.map(|b| view! { <p>{move || b.get(lang.get()).to_string()}</p> })}
                                <p class="tags">{v.mentor.expertise.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                                <h2>{move || tr(Key::FreeSlots)}</h2>
                                <p class="muted">{move || tr(Key::TimesShownIn)}</p>
                                {can_book.then(|| view! {
                                    <label for="book-project">{move || tr(Key::BookFor)}</label>
                                    <select id="book-project" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                                        {v.bookable.iter().map(|p| {
                                            let t = p.title.clone();
                                            view! { <option value=p.id.to_string()>{move || t.get(lang.get()).to_string()}</option> }
                                        }).collect_view()}
                                    </select>
                                })}
                                {if v.free.is_empty() {
                                    view! { <p class="empty">{move || tr(Key::NoFreeSlots)}</p> }.into_any()
                                } else {
                                    view! { <ul class="list slots">{v.free.into_iter().map(|(s, e)| view! {
                                        <li>
                                            {move || date_time(lang.get(), s)} " – " {move || date_time(lang.get(), e)}
                                            {can_book.then(|| view! {
                                                " " <button type="button" on:click=move |_| book(session.client(), chosen.get_untracked(), mentor_id, s, e, errors, reload)>{move || tr(Key::Book)}</button>
                                            })}
                                        </li>
                                    }).collect_view()}</ul> }.into_any()
                                }}
                                <p class="error" role="alert">{move || errors.with(|e| e.message.clone())}</p>
                                {can_book.then(|| view! {
                                    <h2>{move || tr(Key::Sessions)}</h2>
                                    {if v.sessions.is_empty() {
                                        view! { <p class="empty">{move || tr(Key::NoSessions)}</p> }.into_any()
                                    } else {
                                        view! { <ul class="list">{v.sessions.into_iter().map(|s| {
                                            let live = s.status == SessionStatus::Scheduled;
                                            view! {
                                                <li>
                                                    {move || date_time(lang.get(), s.starts_at)}
                                                    {if live {
                                                        view! { " " <button type="button" class="danger" on:click=move |_| cancel(session.client(), lang.get_untracked(), s.clone(), errors, reload)>{move || tr(Key::Cancel)}</button> }.into_any()
                                                    } else {
                                                        view! { " · " {move || tr(Key::Cancelled)} }.into_any()
                                                    }}
                                                </li>
                                            }
                                        }).collect_view()}</ul> }.into_any()
                                    }}
                                })}
                            </article>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn book(
    c: eil_shared::client::Client,
    project: Option<ProjectId>,
    mentor: MentorId,
    starts_at: chrono::DateTime<Utc>,
    ends_at: chrono::DateTime<Utc>,
    errors: RwSignal<FormError>,
    reload: RwSignal<u32>,
) {
    let Some(project_id) = project else { return };
    let req = CreateSession {
        project_id,
        mentor_id: mentor,
        starts_at,
        ends_at,
        mode: SessionMode::Online,
        location: None,
        agenda: None,
    };
    spawn_local(async move {
        match c.create_session(&req).await {
            Ok(_) => {
                errors.set(FormError::default());
                reload.update(|n| *n += 1);
            }
            Err(e) => errors.set(FormError::from(&e)),
        }
    });
}

/// Cancels after the viewer confirms: the session stays on record as cancelled.
fn cancel(
    c: eil_shared::client::Client,
    lang: eil_shared::Lang,
    s: MentoringSession,
    errors: RwSignal<FormError>,
    reload: RwSignal<u32>,
) {
    let sure = crate::components::confirm(lang, Key::ConfirmCancel);
    if !sure {
        return;
    }
    let req = UpdateSession {
        status: Some(SessionStatus::Cancelled),
        ..Default::default()
    };
    spawn_local(async move {
        match c.update_session(s.id, &req, Some(s.version)).await {
            Ok(_) => reload.update(|n| *n += 1),
            Err(e) => errors.set(FormError::from(&e)),
        }
    });
}
