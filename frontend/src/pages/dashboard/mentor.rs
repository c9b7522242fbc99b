//! The mentor's part of the dashboard: free hours and session notes.

use super::*;

#[component]
pub fn AddAvailability(mentor: eil_shared::MentorId) -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            local_to_utc(&from.get_untracked()),
            local_to_utc(&to.get_untracked()),
        ) else {
            return;
        };
        let c = session.client();
        spawn_local(async move {
            match c
                .create_availability_slot(mentor, &CreateAvailabilitySlot { starts_at, ends_at })
                .await
            {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Saved)));
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
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
                <button type="submit">{move || tr(Key::AddSlot)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </section>
    }
}

/// The mentor's sessions, newest first, with their notes (only the mentor and staff write them).
#[component]
pub fn MentorSessions(mentor: eil_shared::MentorId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let c = session.client();
        async move {
            c.list_sessions(&eil_shared::session::SessionQuery {
                mentor_id: Some(mentor),
                limit: Some(50),
                ..Default::default()
            })
            .await
            .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::MySessions)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoSessions)}</p> }.into_any(),
                        Ok(p) => view! { <ul class="updates">{p.items.into_iter().map(|s| {
                            let notes = RwSignal::new(s.notes.clone().unwrap_or_default());
                            let errors = RwSignal::new(FormError::default());
                            let done = RwSignal::new(None);
                            let id = format!("notes-{}", s.id);
                            let (sid, version) = (s.id, s.version);
                            let submit = move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                let req = eil_shared::session::UpdateSession { notes: Some(Some(notes.get_untracked())), ..Default::default() };
                                let c = session.client();
                                spawn_local(async move {
                                    match c.update_session(sid, &req, Some(version)).await {
                                        Ok(_) => done.set(Some(tr(Key::Saved))),
                                        Err(e) => errors.set(FormError::from(&e)),
                                    }
                                });
                            };
                            view! {
                                <li class="update">
                                    <p><strong>{move || crate::i18n::date_time(lang.get(), s.starts_at)}</strong> " · " {move || crate::components::label(lang.get(), s.status.as_str())}</p>
                                    <form class="form inline" on:submit=submit>
                                        <label for=id.clone()>{move || tr(Key::Notes)}</label>
                                        <textarea id=id.clone() rows="2" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
                                        <button type="submit">{move || tr(Key::Save)}</button>
                                        <FormMessage errors=errors done=done/>
                                    </form>
                                </li>
                            }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The mentor's upcoming free hours, each removable.
#[component]
pub fn MySlots(mentor: eil_shared::MentorId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        let c = session.client();
        async move {
            let q = eil_shared::availability::AvailabilityQuery {
                from: Some(chrono::Utc::now()),
                limit: Some(50),
                ..Default::default()
            };
            c.list_availability(mentor, &q)
                .await
                .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <h3>{move || tr(Key::UpcomingSlots)}</h3>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <Failed message=e/> }.into_any(),
                    Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoFreeSlots)}</p> }.into_any(),
                    Ok(p) => view! { <ul class="list slots">{p.items.into_iter().map(|s| {
                        let id = s.id;
                        let delete = move |_| {
                            let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete);
                            if !sure { return; }
                            let c = session.client();
                            spawn_local(async move {
                                if c.delete_availability_slot(mentor, id).await.is_ok() {
                                    reload.update(|n| *n += 1);
                                }
                            });
                        };
                        view! {
                            <li>
                                {move || crate::i18n::date_time(lang.get(), s.starts_at)} " – " {move || crate::i18n::date_time(lang.get(), s.ends_at)}
                                " " <button type="button" class="danger" on:click=delete>{move || tr(Key::Delete)}</button>
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any(),
                }
            })}
        </Suspense>
    }
}
