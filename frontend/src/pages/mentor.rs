use chrono::{DateTime, Utc};
use eil_shared::availability::AvailabilityQuery;
use eil_shared::project::{Project, ProjectQuery};
use eil_shared::session::{
    CreateSession, MentoringSession, SessionMode, SessionQuery, SessionStatus, UpdateSession,
};
use eil_shared::{MentorId, SessionId};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::Loaded;
use crate::auth::{Auth, use_auth};
use crate::components::{PAGE, all_pages, form, loaded};
use crate::i18n::{Key, date_time, translator, use_language};

/// What the mentor page shows: the profile, free slots, and the viewer's bookable projects
/// and their sessions with this mentor.
#[derive(Clone)]
struct MentorView {
    mentor: eil_shared::mentor::Mentor,
    free: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    bookable: Vec<Project>,
    sessions: Vec<MentoringSession>,
}

async fn load(auth: Auth, id: String) -> Loaded<MentorView> {
    let c = auth.client();
    let me = auth.me.get_untracked();
    let mentor = c.get_mentor(&id).await?;
    let now = Utc::now();
    let slots = all_pages(|cursor| {
        let q = AvailabilityQuery {
            from: Some(now),
            limit: PAGE,
            cursor,
            ..Default::default()
        };
        let c = c.clone();
        async move { c.list_availability(mentor.id, &q).await }
    })
    .await?;
    // Every booking from now on: a slot is free only if none of them overlaps it.
    let booked = all_pages(|cursor| {
        let q = SessionQuery {
            mentor_id: Some(mentor.id),
            from: Some(now),
            limit: PAGE,
            cursor,
            ..Default::default()
        };
        let c = c.clone();
        async move { c.list_sessions(&q).await }
    })
    .await?;
    let live: Vec<&MentoringSession> = booked
        .iter()
        .filter(|s| s.status == SessionStatus::Scheduled)
        .collect();
    let free = slots
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
            all_pages(|cursor| {
                let q = ProjectQuery {
                    member_id: Some(me.person.id),
                    mentor_id: Some(mentor.id),
                    limit: PAGE,
                    cursor,
                    ..Default::default()
                };
                let c = c.clone();
                async move { c.list_projects(&q).await }
            })
            .await?
        }
        None => vec![],
    };
    let sessions = booked
        .into_iter()
        .filter(|s| bookable.iter().any(|p| p.id == s.project_id))
        .collect();
    Ok(MentorView {
        mentor,
        free,
        bookable,
        sessions,
    })
}

/// A mentor's profile and free slots. A participant whose project the mentor supports
/// books a slot here and cancels a booking.
#[component]
pub fn MentorPage() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let params = use_params_map();
    let data = LocalResource::new(move || {
        auth.token.track();
        auth.me.track();
        load(auth, params.read().get("id").unwrap_or_default())
    });
    let book = form(
        None,
        move |req: CreateSession| {
            let c = auth.client();
            async move { c.create_session(&req).await }
        },
        move |_| data.refetch(),
    );
    // The session stays on record as cancelled.
    let cancel = form(
        None,
        move |(id, version): (SessionId, i32)| {
            let c = auth.client();
            let req = UpdateSession {
                status: Some(SessionStatus::Cancelled),
                ..Default::default()
            };
            async move { c.update_session(id, &req, Some(version)).await }
        },
        move |_| data.refetch(),
    );
    let problem = move || {
        book.errors
            .with(|e| e.message.clone())
            .or_else(|| cancel.errors.with(|e| e.message.clone()))
    };
    loaded(data, move |v| {
        let mentor_id: MentorId = v.mentor.id;
        let chosen = RwSignal::new(v.bookable.first().map(|p| p.id));
        let can_book = !v.bookable.is_empty();
        let bookable = v.bookable.clone();
        let slot = move |(s, e): (DateTime<Utc>, DateTime<Utc>)| {
            let send = move |_| {
                let Some(project_id) = chosen.get_untracked() else {
                    return;
                };
                book.submit(CreateSession {
                    project_id,
                    mentor_id,
                    starts_at: s,
                    ends_at: e,
                    mode: SessionMode::Online,
                    location: None,
                    agenda: None,
                });
            };
            view! {
                <li>
                    {move || date_time(lang.get(), s)} " – " {move || date_time(lang.get(), e)}
                    {can_book.then(|| view! {
                        " " <button type="button" disabled=move || book.pending().get() on:click=send>{move || tr(Key::Book)}</button>
                    })}
                </li>
            }
        };
        let booking = move |s: MentoringSession| {
            let live = s.status == SessionStatus::Scheduled;
            let ask = move |_| {
                if crate::components::confirm(lang.get_untracked(), Key::ConfirmCancel) {
                    cancel.submit((s.id, s.version));
                }
            };
            view! {
                <li>
                    {move || date_time(lang.get(), s.starts_at)}
                    {if live {
                        view! { " " <button type="button" class="danger" disabled=move || cancel.pending().get() on:click=ask>{move || tr(Key::Cancel)}</button> }.into_any()
                    } else {
                        view! { " · " {move || tr(Key::Cancelled)} }.into_any()
                    }}
                </li>
            }
        };
        let (free, sessions) = (v.free.clone(), v.sessions.clone());
        view! {
            <article>
                <h1>{v.mentor.full_name.clone()}</h1>
                <p class="muted">{v.mentor.title.clone()}</p>
                {v.mentor.bio.clone().map(|b| view! { <p>{move || b.get(lang.get()).to_string()}</p> })}
                <p class="tags">{v.mentor.expertise.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</p>
                <h2>{move || tr(Key::FreeSlots)}</h2>
                <p class="muted">{move || tr(Key::TimesShownIn)}</p>
                {can_book.then(|| view! {
                    <label for="book-project">{move || tr(Key::BookFor)}</label>
                    <select id="book-project" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        <For each=move || bookable.clone() key=|p| p.id let:p>
                            <option value=p.id.to_string()>{move || p.title.get(lang.get()).to_string()}</option>
                        </For>
                    </select>
                })}
                {if free.is_empty() {
                    view! { <p class="empty">{move || tr(Key::NoFreeSlots)}</p> }.into_any()
                } else {
                    view! { <ul class="list slots"><For each=move || free.clone() key=|s| *s children=slot/></ul> }.into_any()
                }}
                <p class="error" role="alert">{problem}</p>
                {can_book.then(|| view! {
                    <h2>{move || tr(Key::Sessions)}</h2>
                    {if sessions.is_empty() {
                        view! { <p class="empty">{move || tr(Key::NoSessions)}</p> }.into_any()
                    } else {
                        view! { <ul class="list"><For each=move || sessions.clone() key=|s| (s.id, s.version) children=booking/></ul> }.into_any()
                    }}
                })}
            </article>
        }
    })
}
