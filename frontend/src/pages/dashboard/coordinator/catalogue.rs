//! New programmes, tracks and cohorts.

use eil_shared::cohort::CreateCohort;
use eil_shared::programme::CreateProgramme;
use eil_shared::track::{CreateTrack, TrackKind};

use super::*;

#[component]
pub fn NewProgramme() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let create = form(
        Some(Key::Created),
        move |req: CreateProgramme| {
            let c = auth.client();
            async move { c.create_programme(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.submit(CreateProgramme {
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
        });
    };
    let errors = create.errors;
    view! {
        <section>
            <h2>{move || tr(Key::NewProgramme)}</h2>
            <form class="form" on:submit=submit>
                {text_input(errors, "programme-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "programme-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "programme-slug", Key::Slug, "text", slug, "slug", true)}
                <SubmitButton pending=create.pending() label=Key::Create/>
                <FormMessage errors=errors done=create.done/>
            </form>
        </section>
    }
}

#[component]
pub fn NewTrack() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let programme = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("project"));
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let create = form(
        Some(Key::Created),
        move |req: CreateTrack| {
            let c = auth.client();
            async move { c.create_track(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(programme_id) = programme.get_untracked().parse() else {
            create.reject(FormError::field_only("programme_id", tr(Key::Programme)));
            return;
        };
        create.submit(CreateTrack {
            programme_id,
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            kind: kind.get_untracked().parse().unwrap_or(TrackKind::Project),
            summary: None,
        });
    };
    let errors = create.errors;
    view! {
        <section>
            <h2>{move || tr(Key::NewTrack)}</h2>
            <form class="form" on:submit=submit>
                <label for="track-programme">{move || tr(Key::Programme)}</label>
                <ProgrammeSelect id="track-programme" value=programme/>
                <FieldError errors=errors name="programme_id" id="track-programme-error"/>
                <label for="track-kind">{move || tr(Key::Kind)}</label>
                <select id="track-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="project">{move || tr(Key::TrackProject)}</option>
                    <option value="strategy">{move || tr(Key::TrackStrategy)}</option>
                </select>
                {text_input(errors, "track-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "track-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "track-slug", Key::Slug, "text", slug, "slug", true)}
                <SubmitButton pending=create.pending() label=Key::Create/>
                <FormMessage errors=errors done=create.done/>
            </form>
        </section>
    }
}

#[component]
pub fn NewCohort() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let programme = RwSignal::new(String::new());
    let (slug, lv, en, starts, capacity) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::from("30")),
    );
    let create = form(
        Some(Key::Created),
        move |req: CreateCohort| {
            let c = auth.client();
            async move { c.create_cohort(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(programme_id) = programme.get_untracked().parse() else {
            create.reject(FormError::field_only("programme_id", tr(Key::Programme)));
            return;
        };
        let Ok(starts_on) = starts.get_untracked().parse() else {
            create.reject(FormError::field_only("starts_on", "YYYY-MM-DD"));
            return;
        };
        create.submit(CreateCohort {
            programme_id,
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            starts_on,
            ends_on: None,
            // Not a number: let the server's range check name the field.
            capacity: capacity.get_untracked().parse().unwrap_or(-1),
            venue: None,
            status: None,
        });
    };
    let errors = create.errors;
    view! {
        <section>
            <h2>{move || tr(Key::ManageCohorts)}</h2>
            <form class="form" on:submit=submit>
                <label for="cohort-programme">{move || tr(Key::Programme)}</label>
                <ProgrammeSelect id="cohort-programme" value=programme/>
                <FieldError errors=errors name="programme_id" id="cohort-programme-error"/>
                {text_input(errors, "cohort-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "cohort-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "cohort-slug", Key::Slug, "text", slug, "slug", true)}
                {text_input(errors, "cohort-starts", Key::StartsOn, "date", starts, "starts_on", true)}
                {text_input(errors, "cohort-capacity", Key::Capacity, "number", capacity, "capacity", true)}
                <SubmitButton pending=create.pending() label=Key::Create/>
                <FormMessage errors=errors done=create.done/>
            </form>
        </section>
    }
}
