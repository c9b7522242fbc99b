//! The mentor's part of the dashboard: free hours and session notes.

use eil_shared::availability::{AvailabilityQuery, CreateAvailabilitySlot};
use eil_shared::session::{MentoringSession, SessionQuery, UpdateSession};
use eil_shared::{AvailabilitySlotId, MentorId};

use super::*;

#[component]
pub fn AddAvailability(mentor: MentorId) -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let add = form(
        Some(Key::Saved),
        move |req: CreateAvailabilitySlot| {
            let c = auth.client();
            async move { c.create_availability_slot(mentor, &req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Some(starts_at), Some(ends_at)) = (
            local_to_utc(&from.get_untracked()),
            local_to_utc(&to.get_untracked()),
        ) {
            add.submit(CreateAvailabilitySlot { starts_at, ends_at });
        }
    };
    let errors = add.errors;
    view! {
        <section>
            <h2>{move || tr(Key::Availability)}</h2>
            <p><a href=format!("/mentors/{mentor}")>{move || tr(Key::FreeSlots)}</a> " · " {move || tr(Key::TimesShownIn)}</p>
            <form class="form" on:submit=submit>
                <label for="slot-from">{move || tr(Key::From)}</label>
                <input id="slot-from" type="datetime-local" required aria-describedby="slot-from-error" on:input=move |ev| from.set(event_target_value(&ev))/>
                <FieldError errors=errors name="starts_at" id="slot-from-error"/>
                <label for="slot-to">{move || tr(Key::To)}</label>
                <input id="slot-to" type="datetime-local" required aria-describedby="slot-to-error" on:input=move |ev| to.set(event_target_value(&ev))/>
                <FieldError errors=errors name="ends_at" id="slot-to-error"/>
                <SubmitButton pending=add.pending() label=Key::AddSlot/>
                <FormMessage errors=errors done=add.done/>
            </form>
        </section>
    }
}

/// The mentor's sessions, newest first, with their notes (only the mentor and staff write them).
#[component]
pub fn MentorSessions(mentor: MentorId) -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let c = auth.client();
        first_pages(pages.get(), move |cursor| {
            let q = SessionQuery {
                mentor_id: Some(mentor),
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            let c = c.clone();
            async move { c.list_sessions(&q).await }
        })
    });
    view! {
        <section>
            <h2>{move || tr(Key::MySessions)}</h2>
            {loaded(list, move |page| {
                if page.items.is_empty() {
                    return view! { <p class="empty">{move || tr(Key::NoSessions)}</p> }.into_any();
                }
                let more = page.next_cursor.is_some();
                view! {
                    <ul class="updates"><For each=move || page.items.clone() key=|s| (s.id, s.version) let:s>
                        <SessionNotes session=s/>
                    </For></ul>
                    <More more=more pages=pages/>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn SessionNotes(session: MentoringSession) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let notes = RwSignal::new(session.notes.clone().unwrap_or_default());
    let (sid, version) = (session.id, session.version);
    let save = form(
        Some(Key::Saved),
        move |req: UpdateSession| {
            let c = auth.client();
            async move { c.update_session(sid, &req, Some(version)).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateSession {
            notes: Some(Some(notes.get_untracked())),
            ..Default::default()
        });
    };
    let id = format!("notes-{sid}");
    view! {
        <li class="update">
            <p><strong>{move || crate::i18n::date_time(lang.get(), session.starts_at)}</strong> " · " {move || crate::components::label(lang.get(), session.status.as_str())}</p>
            <form class="form inline" on:submit=submit>
                <label for=id.clone()>{move || tr(Key::Notes)}</label>
                <textarea id=id.clone() rows="2" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                <SubmitButton pending=save.pending() label=Key::Save/>
                <FormMessage errors=save.errors done=save.done/>
            </form>
        </li>
    }
}

/// The mentor's upcoming free hours, each removable.
#[component]
pub fn MySlots(mentor: MentorId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let c = auth.client();
        first_pages(pages.get(), move |cursor| {
            let q = AvailabilityQuery {
                from: Some(chrono::Utc::now()),
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            let c = c.clone();
            async move { c.list_availability(mentor, &q).await }
        })
    });
    let remove = form(
        None,
        move |id: AvailabilitySlotId| {
            let c = auth.client();
            async move { c.delete_availability_slot(mentor, id).await }
        },
        move |()| list.refetch(),
    );
    view! {
        <h3>{move || tr(Key::UpcomingSlots)}</h3>
        {loaded(list, move |page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{move || tr(Key::NoFreeSlots)}</p> }.into_any();
            }
            let more = page.next_cursor.is_some();
            view! {
                <ul class="list slots"><For each=move || page.items.clone() key=|s| s.id let:s>
                    <li>
                        {move || crate::i18n::date_time(lang.get(), s.starts_at)} " – " {move || crate::i18n::date_time(lang.get(), s.ends_at)}
                        " " <button type="button" class="danger" disabled=move || remove.pending().get()
                            on:click=move |_| if crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete) { remove.submit(s.id) }>
                            {move || tr(Key::Delete)}</button>
                    </li>
                </For></ul>
                <p class="error" role="alert">{move || remove.errors.with(|e| e.message.clone())}</p>
                <More more=more pages=pages/>
            }.into_any()
        })}
    }
}
