use eil_shared::event::{CreateEvent, EventKind};

use super::*;

#[component]
pub fn NewEvent() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let programme = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("workshop"));
    let (slug, lv, en, starts, ends) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let create = form(
        Some(Key::Created),
        move |req: CreateEvent| {
            let c = auth.client();
            async move { c.create_event(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            local_to_utc(&starts.get_untracked()),
            local_to_utc(&ends.get_untracked()),
        ) else {
            create.reject(FormError::field_only("starts_at", tr(Key::From)));
            return;
        };
        create.submit(CreateEvent {
            slug: slug.get_untracked(),
            kind: kind.get_untracked().parse().unwrap_or(EventKind::Workshop),
            programme_id: programme.get_untracked().parse().ok(),
            cohort_id: None,
            title: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
            venue: None,
            starts_at,
            ends_at,
        });
    };
    let errors = create.errors;
    view! {
        <section>
            <h2>{move || tr(Key::NewEvent)}</h2>
            <form class="form" on:submit=submit>
                <label for="event-programme">{move || tr(Key::Programme)}</label>
                <ProgrammeSelect id="event-programme" value=programme/>
                <label for="event-kind">{move || tr(Key::Kind)}</label>
                <select id="event-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {EventKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == EventKind::Workshop>{move || crate::components::label(lang.get(), k.as_str())}</option> }).collect_view()}
                </select>
                {text_input(errors, "event-title-lv", Key::NameLv, "text", lv, "title.lv", true)}
                {text_input(errors, "event-title-en", Key::NameEn, "text", en, "title.en", true)}
                {text_input(errors, "event-slug", Key::Slug, "text", slug, "slug", true)}
                {text_input(errors, "event-starts", Key::From, "datetime-local", starts, "starts_at", true)}
                {text_input(errors, "event-ends", Key::To, "datetime-local", ends, "ends_at", true)}
                <SubmitButton pending=create.pending() label=Key::Create/>
                <FormMessage errors=errors done=create.done/>
            </form>
        </section>
    }
}
