//! Enrolments: a person into a cohort; their status, and removal.

use eil_shared::enrolment::{
    CreateEnrolment, Enrolment, EnrolmentQuery, EnrolmentStatus, UpdateEnrolment,
};

use super::*;
use crate::components::{all_cohorts, all_people};

#[component]
pub fn EnrolPerson() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let options = LocalResource::new(move || {
        let c = auth.client();
        async move { Ok((all_people(&c).await?, all_cohorts(&c).await?)) }
    });
    let (person, cohort) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let enrol = form(
        Some(Key::Saved),
        move |req: CreateEnrolment| {
            let c = auth.client();
            async move { c.create_enrolment(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Ok(person_id), Ok(cohort_id)) = (
            person.get_untracked().parse(),
            cohort.get_untracked().parse(),
        ) {
            enrol.submit(CreateEnrolment {
                person_id,
                cohort_id,
                track_id: None,
                role: None,
                status: None,
            });
        }
    };
    view! {
        <section>
            <h2>{move || tr(Key::EnrolPerson)}</h2>
            {loaded(options, move |(people, cohorts)| view! {
                <form class="form" on:submit=submit>
                    <label for="enrol-person">{move || tr(Key::Person)}</label>
                    {choose("enrol-person", person, people.into_iter().map(|p| (p.id.to_string(), I18nText::new(p.full_name.clone(), p.full_name))).collect())}
                    <FieldError errors=enrol.errors name="person_id" id="enrol-person-error"/>
                    <label for="enrol-cohort">{move || tr(Key::Cohort)}</label>
                    {choose("enrol-cohort", cohort, cohorts.into_iter().map(|c| (c.id.to_string(), c.name)).collect())}
                    <SubmitButton pending=enrol.pending() label=Key::Enrol/>
                    <FormMessage errors=enrol.errors done=enrol.done/>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn ManageEnrolments() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let data = LocalResource::new(move || {
        let (c, wanted) = (auth.client(), pages.get());
        async move {
            let enrolments = first_pages(wanted, |cursor| {
                let q = EnrolmentQuery {
                    limit: PAGE,
                    cursor,
                    ..Default::default()
                };
                let c = c.clone();
                async move { c.list_enrolments(&q).await }
            })
            .await?;
            // Names for the rows: one list each rather than a request per enrolment.
            Ok((enrolments, all_people(&c).await?, all_cohorts(&c).await?))
        }
    });
    let reload = Callback::new(move |()| data.refetch());
    view! {
        <section>
            <details class="records">
                <summary>{move || tr(Key::Enrolments)}</summary>
                {loaded(data, move |(page, people, cohorts)| {
                    if page.items.is_empty() {
                        return view! { <p class="empty">{move || tr(Key::NothingYet)}</p> }.into_any();
                    }
                    let more = page.next_cursor.is_some();
                    let row = move |e: Enrolment| {
                        let who = people.iter().find(|p| p.id == e.person_id).map(|p| p.full_name.clone());
                        let cohort = cohorts.iter().find(|c| c.id == e.cohort_id).map(|c| c.name.clone());
                        view! { <EnrolmentRow enrolment=e who=who cohort=cohort reload=reload/> }
                    };
                    view! {
                        <ul class="list"><For each=move || page.items.clone() key=|e| (e.id, e.version) children=row/></ul>
                        <More more=more pages=pages/>
                    }.into_any()
                })}
            </details>
        </section>
    }
}

#[component]
fn EnrolmentRow(
    enrolment: Enrolment,
    who: Option<String>,
    cohort: Option<I18nText>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let (id, version, current) = (enrolment.id, enrolment.version, enrolment.status);
    let change = form(
        None,
        move |body: UpdateEnrolment| {
            let c = auth.client();
            async move { c.update_enrolment(id, &body, Some(version)).await }
        },
        move |_| reload.run(()),
    );
    let delete = form(
        None,
        move |()| {
            let c = auth.client();
            async move { c.delete_enrolment(id).await }
        },
        move |()| reload.run(()),
    );
    let on_change = move |ev: leptos::ev::Event| {
        if let Ok(status) = event_target_value(&ev).parse::<EnrolmentStatus>() {
            change.submit(UpdateEnrolment {
                status: Some(status),
                ..Default::default()
            });
        }
    };
    let ask_delete = move |_| {
        if crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete) {
            delete.submit(());
        }
    };
    let who = who.unwrap_or_else(|| tr(Key::Unknown).to_string());
    let select_id = format!("enrolment-status-{id}");
    let label = format!("{who}: {}", current.as_str());
    let problem = move || {
        change
            .errors
            .with(|e| e.message.clone())
            .or_else(|| delete.errors.with(|e| e.message.clone()))
    };
    view! {
        <li class="record">
            {who} " · " {move || cohort.as_ref().map(|c| c.get(lang.get()).to_string())} " "
            <label class="visually-hidden" for=select_id.clone()>{label}</label>
            <select id=select_id.clone() on:change=on_change disabled=move || change.pending().get()>
                {EnrolmentStatus::ALL.iter().map(|s| view! {
                    <option value=s.as_str() selected=*s == current>{move || crate::components::label(lang.get(), s.as_str())}</option>
                }).collect_view()}
            </select>
            " " <button type="button" class="danger" disabled=move || delete.pending().get() on:click=ask_delete>{move || tr(Key::Delete)}</button>
            <span class="error" role="alert">{problem}</span>
        </li>
    }
}
