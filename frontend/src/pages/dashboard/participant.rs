//! The participant's part (and the mentor's project list): their projects and cohorts.

use eil_shared::enrolment::EnrolmentQuery;

use super::*;
use crate::components::all_cohorts;

#[component]
pub fn ProjectList(title: Key, query: ProjectQuery) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let (c, query) = (auth.client(), query.clone());
        first_pages(pages.get(), move |cursor| {
            let q = ProjectQuery {
                limit: PAGE,
                cursor,
                ..query.clone()
            };
            let c = c.clone();
            async move { c.list_projects(&q).await }
        })
    });
    view! {
        <section>
            <h2>{move || tr(title)}</h2>
            {loaded(list, move |page| {
                if page.items.is_empty() {
                    return view! { <p class="empty">{move || tr(Key::NoOwnProjects)}</p> }.into_any();
                }
                let more = page.next_cursor.is_some();
                view! {
                    <ul class="list"><For each=move || page.items.clone() key=|p| p.id let:p>
                        <li><a href=format!("/projects/{}", p.slug)>{move || p.title.get(lang.get()).to_string()}</a> " · " {move || status_label(lang.get(), p.status)}</li>
                    </For></ul>
                    <More more=more pages=pages/>
                }.into_any()
            })}
        </section>
    }
}

/// The cohorts the participant is enrolled in.
#[component]
pub fn MyCohorts(person: eil_shared::PersonId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let list = LocalResource::new(move || {
        let c = auth.client();
        async move {
            let enrolments = all_pages(|cursor| {
                let q = EnrolmentQuery {
                    person_id: Some(person),
                    limit: PAGE,
                    cursor,
                    ..Default::default()
                };
                let c = c.clone();
                async move { c.list_enrolments(&q).await }
            })
            .await?;
            // One list of cohorts rather than a request per enrolment.
            let cohorts = all_cohorts(&c).await?;
            Ok(cohorts
                .into_iter()
                .filter(|c| enrolments.iter().any(|e| e.cohort_id == c.id))
                .collect::<Vec<_>>())
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::MyCohorts)}</h2>
            {loaded(list, move |cohorts| {
                if cohorts.is_empty() {
                    return view! { <p class="empty">{move || tr(Key::NoCohortsOwn)}</p> }.into_any();
                }
                view! {
                    <ul class="list"><For each=move || cohorts.clone() key=|c| c.id let:c>
                        <li>{move || c.name.get(lang.get()).to_string()} " · " {move || tr(Key::StartsOn)} " " {move || crate::i18n::date(lang.get(), c.starts_on)}</li>
                    </For></ul>
                }.into_any()
            })}
        </section>
    }
}
