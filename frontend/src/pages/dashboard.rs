//! The signed-in person's page: one section per role they hold.

use eil_shared::I18nText;
use eil_shared::auth::{AccountQuery, Role};
use eil_shared::cohort::{CohortQuery, CreateCohort};
use eil_shared::enrolment::CreateEnrolment;
use eil_shared::kpi::{Count, Kpis};
use eil_shared::mentor::CreateAvailabilitySlot;
use eil_shared::organisation::OrganisationQuery;
use eil_shared::partner::{CreateApiClient, Scope};
use eil_shared::person::PersonQuery;
use eil_shared::programme::ProgrammeQuery;
use eil_shared::project::{PageQuery, ProjectQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::{Failed, FieldError, FormError, FormMessage, Loading, status_label};
use crate::i18n::{Key, number, t, translator, use_language};
use crate::session::use_session;

#[component]
pub fn Dashboard() -> impl IntoView {
    let tr = translator();
    crate::components::page_title(move || tr(Key::Dashboard).to_string());
    let session = use_session();
    view! {
        <Show when=move || !session.restoring.get() fallback=|| view! { <Loading/> }>
            {move || match session.me.get() {
                None => view! {
                    <h1>{move || tr(Key::Dashboard)}</h1>
                    <p><a href="/sign-in">{move || tr(Key::SignIn)}</a></p>
                }.into_any(),
                Some(me) => {
                    let roles = me.roles.clone();
                    let has = move |r: Role| roles.contains(&r);
                    let lang = use_language().0;
                    let role_names = me.roles.iter().map(|r| role_key(*r)).collect::<Vec<_>>();
                    view! {
                        <h1>{move || tr(Key::Welcome)} ", " {me.person.full_name.clone()}</h1>
                        <p class="muted">{move || role_names.iter().map(|k| t(lang.get(), *k)).collect::<Vec<_>>().join(", ")}</p>
                        {has(Role::Participant).then(|| view! { <MyCohorts person=me.person.id/> })}
                        {has(Role::Participant).then(|| view! { <ProjectList title=Key::MyProjects query=ProjectQuery { member_id: Some(me.person.id), ..Default::default() }/> })}
                        {me.mentor_id.map(|m| view! {
                            <ProjectList title=Key::AssignedProjects query=ProjectQuery { mentor_id: Some(m), ..Default::default() }/>
                            <AddAvailability mentor=m/>
                            <MentorSessions mentor=m/>
                        })}
                        {(has(Role::Funder) || has(Role::Coordinator) || has(Role::Admin)).then(|| view! { <KpiPanel/> })}
                        {(has(Role::Coordinator) || has(Role::Admin)).then(|| view! { <InvitePerson admin=has(Role::Admin)/> <NewProgramme/> <NewTrack/> <NewProject/> <NewCohort/> <EnrolPerson/> <AssignMentor/> <NewEvent/> })}
                        {has(Role::Admin).then(|| view! { <AccountsPanel/> <ClientsPanel/> })}
                    }.into_any()
                }
            }}
        </Show>
    }
}

fn role_key(r: Role) -> Key {
    match r {
        Role::Participant => Key::RoleParticipant,
        Role::Mentor => Key::RoleMentor,
        Role::Coordinator => Key::RoleCoordinator,
        Role::Funder => Key::RoleFunder,
        Role::Admin => Key::RoleAdmin,
    }
}

#[component]
fn ProjectList(title: Key, query: ProjectQuery) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let (c, q) = (session.client(), query.clone());
        async move { c.list_projects(&q).await.map_err(|e| api::describe(&e)) }
    });
    view! {
        <section>
            <h2>{move || tr(title)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(p) if p.items.is_empty() => view! { <p class="empty">{move || tr(Key::NoOwnProjects)}</p> }.into_any(),
                        Ok(p) => view! { <ul class="list">{p.items.into_iter().map(|p| {
                            let title = p.title.clone();
                            view! { <li><a href=format!("/projects/{}", p.slug)>{move || title.get(lang.get()).to_string()}</a> " · " {move || status_label(lang.get(), p.status)}</li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `datetime-local` input values are in the viewer's zone; the browser converts them.
fn local_to_utc(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let ms = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
    if ms.is_nan() {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(ms as i64)
}

#[component]
fn AddAvailability(mentor: eil_shared::MentorId) -> impl IntoView {
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

/// A horizontal bar chart drawn as SVG, with the numbers also written out.
fn bars(
    lang: eil_shared::Lang,
    label: &'static str,
    rows: &[Count],
    name: impl Fn(&str) -> String,
) -> impl IntoView {
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let height = rows.len() * 28 + 4;
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 400 {height}") width="100%" role="img" aria-label=label>
                {rows.iter().enumerate().map(|(i, r)| {
                    let y = i * 28 + 2;
                    let w = 10 + (r.count * 220 / max);
                    view! {
                        <text x="0" y=y + 17 font-size="13" fill="#1b1f24">{name(&r.key)}</text>
                        <rect x="150" y=y width=w height="20" fill="#0b5cad"></rect>
                        <text x=150 + w + 6 y=y + 15 font-size="13" fill="#1b1f24">{number(lang, r.count)}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

fn csv(k: &Kpis) -> String {
    let mut out = String::from("figure,category,count\n");
    for r in &k.participants_by_sector {
        out.push_str(&format!("participants_by_sector,{},{}\n", r.key, r.count));
    }
    for r in &k.projects_by_status {
        out.push_str(&format!("projects_by_status,{},{}\n", r.key, r.count));
    }
    for (name, n) in [
        ("sessions_held", k.sessions_held),
        ("sessions_scheduled", k.sessions_scheduled),
        ("events_held", k.events_held),
        ("events_upcoming", k.events_upcoming),
        ("cohort_places", k.cohort_places),
        ("active_enrolments", k.active_enrolments),
        ("mentors", k.mentors),
        ("mentors_assigned", k.mentors_assigned),
    ] {
        out.push_str(&format!("{name},,{n}\n"));
    }
    out
}

#[component]
fn KpiPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let figures = LocalResource::new(move || {
        let c = session.client();
        async move { c.kpis().await.map_err(|e| api::describe(&e)) }
    });
    view! {
        <section>
            <h2>{move || tr(Key::Kpis)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match figures.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(k) => {
                            let href = format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(&csv(&k)));
                            let l = lang.get();
                            let status_name = move |s: &str| s.parse().map(|s| status_label(l, s).to_string()).unwrap_or_else(|_| s.to_string());
                            let sector_name = move |s: &str| crate::components::label(l, s);
                            view! {
                                <dl class="figures">
                                    <div><dt>{tr(Key::ActiveEnrolments)}</dt><dd>{number(l, k.active_enrolments)}</dd></div>
                                    <div><dt>{tr(Key::SessionsHeld)}</dt><dd>{number(l, k.sessions_held)}</dd></div>
                                    <div><dt>{tr(Key::SessionsScheduled)}</dt><dd>{number(l, k.sessions_scheduled)}</dd></div>
                                    <div><dt>{tr(Key::EventsHeld)}</dt><dd>{number(l, k.events_held)}</dd></div>
                                    <div><dt>{tr(Key::EventsUpcoming)}</dt><dd>{number(l, k.events_upcoming)}</dd></div>
                                </dl>
                                <h3>{tr(Key::ParticipantsBySector)}</h3>
                                {bars(l, t(l, Key::ParticipantsBySector), &k.participants_by_sector, sector_name)}
                                <h3>{tr(Key::ProjectsByStatus)}</h3>
                                {bars(l, t(l, Key::ProjectsByStatus), &k.projects_by_status, status_name)}
                                <p><a href=href download="eil-hub-kpis.csv">{tr(Key::DownloadCsv)}</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NewCohort() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let programmes = LocalResource::new(|| async {
        api::client()
            .list_programmes(&ProgrammeQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let programme = RwSignal::new(String::new());
    let (slug, lv, en, starts, capacity) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::from("30")),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(programme_id) = programme.get_untracked().parse() else {
            errors.set(FormError {
                message: None,
                fields: vec![("programme_id".into(), tr(Key::Programme).into())],
            });
            return;
        };
        let Ok(starts_on) = starts.get_untracked().parse() else {
            errors.set(FormError {
                message: None,
                fields: vec![("starts_on".into(), "YYYY-MM-DD".into())],
            });
            return;
        };
        let req = CreateCohort {
            programme_id,
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            starts_on,
            ends_on: None,
            capacity: capacity.get_untracked().parse().unwrap_or(-1),
            venue: None,
            status: None,
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_cohort(&req).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Created)));
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::ManageCohorts)}</h2>
            <form class="form" on:submit=submit>
                <label for="cohort-programme">{move || tr(Key::Programme)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let items = programmes.await;
                        if let Some(first) = items.first() && programme.get_untracked().is_empty() {
                            programme.set(first.id.to_string());
                        }
                        view! {
                            <select id="cohort-programme" aria-describedby="cohort-programme-error" on:change=move |ev| programme.set(event_target_value(&ev))>
                                {items.into_iter().map(|p| {
                                    let n = p.name.clone();
                                    view! { <option value=p.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <FieldError errors=errors name="programme_id" id="cohort-programme-error"/>
                {text_input(errors, "cohort-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "cohort-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "cohort-slug", Key::Slug, "text", slug, "slug", true)}
                {text_input(errors, "cohort-starts", Key::StartsOn, "date", starts, "starts_on", true)}
                {text_input(errors, "cohort-capacity", Key::Capacity, "number", capacity, "capacity", true)}
                <button type="submit">{move || tr(Key::Create)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </section>
    }
}

#[component]
fn EnrolPerson() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let options = LocalResource::new(move || {
        let c = session.client();
        async move {
            let people = c
                .list_people(&PersonQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map(|p| p.items)
                .unwrap_or_default();
            let cohorts = c
                .list_cohorts(&CohortQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map(|p| p.items)
                .unwrap_or_default();
            (people, cohorts)
        }
    });
    let (person, cohort) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(person_id), Ok(cohort_id)) = (
            person.get_untracked().parse(),
            cohort.get_untracked().parse(),
        ) else {
            return;
        };
        let c = session.client();
        spawn_local(async move {
            let req = CreateEnrolment {
                person_id,
                cohort_id,
                track_id: None,
                role: None,
                status: None,
            };
            match c.create_enrolment(&req).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Saved)));
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::EnrolPerson)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (people, cohorts) = options.await;
                    if let Some(p) = people.first() && person.get_untracked().is_empty() { person.set(p.id.to_string()); }
                    if let Some(c) = cohorts.first() && cohort.get_untracked().is_empty() { cohort.set(c.id.to_string()); }
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="enrol-person">{move || tr(Key::Person)}</label>
                            <select id="enrol-person" aria-describedby="enrol-person-error" on:change=move |ev| person.set(event_target_value(&ev))>
                                {people.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.full_name.clone()}</option> }).collect_view()}
                            </select>
                            <FieldError errors=errors name="person_id" id="enrol-person-error"/>
                            <label for="enrol-cohort">{move || tr(Key::Cohort)}</label>
                            <select id="enrol-cohort" on:change=move |ev| cohort.set(event_target_value(&ev))>
                                {cohorts.into_iter().map(|c| {
                                    let n = c.name.clone();
                                    view! { <option value=c.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                            <button type="submit">{move || tr(Key::Enrol)}</button>
                            <FormMessage errors=errors done=done/>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountsPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let c = session.client();
        async move {
            c.list_accounts(&AccountQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::Accounts)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(p) => view! {
                            <table>
                                <thead><tr><th scope="col">{move || tr(Key::Name)}</th><th scope="col">{move || tr(Key::Email)}</th><th scope="col">{move || tr(Key::Roles)}</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|a| {
                                    let roles = RwSignal::new(a.roles.clone());
                                    let errors = RwSignal::new(FormError::default());
                                    let done = RwSignal::new(None);
                                    let person = a.person_id;
                                    let save = move |ev: leptos::ev::SubmitEvent| {
                                        ev.prevent_default();
                                        let c = session.client();
                                        spawn_local(async move {
                                            match c.set_roles(person, &roles.get_untracked()).await {
                                                Ok(a) => {
                                                    errors.set(FormError::default());
                                                    roles.set(a.roles);
                                                    done.set(Some(tr(Key::Saved)));
                                                }
                                                Err(e) => {
                                                    done.set(None);
                                                    errors.set(FormError::from(&e));
                                                }
                                            }
                                        });
                                    };
                                    let name = a.full_name.clone();
                                    view! { <tr>
                                        <td>{a.full_name.clone()}</td>
                                        <td>{a.email.clone()}</td>
                                        <td>
                                            <form class="roles" on:submit=save aria-label=format!("{} {}", tr(Key::Roles), name)>
                                                {Role::ALL.iter().map(|r| {
                                                    let r = *r;
                                                    let id = format!("role-{}-{}", person, r.as_str());
                                                    view! {
                                                        <label class="check-inline" for=id.clone()>
                                                            <input id=id.clone() type="checkbox" prop:checked=move || roles.with(|v| v.contains(&r))
                                                                on:change=move |_| roles.update(|v| if let Some(i) = v.iter().position(|x| *x == r) { v.remove(i); } else { v.push(r); })/>
                                                            {move || t(lang.get(), role_key(r))}
                                                        </label>
                                                    }
                                                }).collect_view()}
                                                <button type="submit" class="small">{move || tr(Key::Save)}</button>
                                                <FormMessage errors=errors done=done/>
                                            </form>
                                        </td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ClientsPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let c = session.client();
        async move {
            let clients = c
                .list_api_clients(&PageQuery {
                    limit: Some(100),
                    cursor: None,
                })
                .await
                .map_err(|e| api::describe(&e))?;
            let orgs = c
                .list_organisations(&OrganisationQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            Ok::<_, String>((clients.items, orgs.items))
        }
    });
    let (org, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let scopes = RwSignal::new(vec![Scope::CatalogueRead]);
    let secret = RwSignal::new(None::<(String, String)>);
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = org.get_untracked().parse() else {
            return;
        };
        let req = CreateApiClient {
            organisation_id,
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_api_client(&req).await {
                Ok(made) => {
                    errors.set(FormError::default());
                    secret.set(Some((made.client.id.to_string(), made.client_secret)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::ApiClients)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok((clients, orgs)) => {
                            if let Some(o) = orgs.first() && org.get_untracked().is_empty() { org.set(o.id.to_string()); }
                            let org_name = {
                                let orgs = orgs.clone();
                                move |id: eil_shared::OrganisationId| orgs.iter().find(|o| o.id == id).map(|o| o.name.get(lang.get_untracked()).to_string()).unwrap_or_default()
                            };
                            view! {
                                <ul class="list">{clients.into_iter().map(|c| view! {
                                    <li>
                                        <strong>{c.name.clone()}</strong> " · " {org_name(c.organisation_id)} " · " <code>{c.id.to_string()}</code> " · "
                                        {Scope::join(&c.scopes)}
                                        {match c.revoked_at {
                                            Some(_) => view! { " · " {move || tr(Key::Revoked)} }.into_any(),
                                            None => {
                                                let id = c.id;
                                                let rotate = move |_| {
                                                    let client = session.client();
                                                    spawn_local(async move {
                                                        match client.rotate_api_client_secret(id).await {
                                                            Ok(made) => secret.set(Some((made.client.id.to_string(), made.client_secret))),
                                                            Err(e) => errors.set(FormError::from(&e)),
                                                        }
                                                    });
                                                };
                                                let revoke = move |_| {
                                                    let sure = web_sys::window()
                                                        .and_then(|w| w.confirm_with_message(t(lang.get_untracked(), Key::ConfirmRevoke)).ok())
                                                        .unwrap_or(false);
                                                    if !sure {
                                                        return;
                                                    }
                                                    let client = session.client();
                                                    spawn_local(async move {
                                                        match client.revoke_api_client(id).await {
                                                            Ok(()) => reload.update(|n| *n += 1),
                                                            Err(e) => errors.set(FormError::from(&e)),
                                                        }
                                                    });
                                                };
                                                view! {
                                                    " " <button type="button" class="small" on:click=rotate>{move || tr(Key::Rotate)}</button>
                                                    " " <button type="button" class="danger" on:click=revoke>{move || tr(Key::Revoke)}</button>
                                                }.into_any()
                                            }
                                        }}
                                    </li>
                                }).collect_view()}</ul>
                                <h3>{move || tr(Key::NewClient)}</h3>
                                <form class="form" on:submit=submit>
                                    <label for="client-org">{move || tr(Key::Organisation)}</label>
                                    <select id="client-org" on:change=move |ev| org.set(event_target_value(&ev))>
                                        {orgs.into_iter().map(|o| {
                                            let n = o.name.clone();
                                            view! { <option value=o.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                        }).collect_view()}
                                    </select>
                                    <label for="client-name">{move || tr(Key::Name)}</label>
                                    <input id="client-name" type="text" required aria-describedby="client-name-error" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                                    <FieldError errors=errors name="name" id="client-name-error"/>
                                    <fieldset>
                                        <legend>{move || tr(Key::Scopes)}</legend>
                                        {Scope::ALL.iter().map(|s| {
                                            let s = *s;
                                            let id = format!("scope-{}", s.as_str().replace(':', "-"));
                                            view! {
                                                <label class="check" for=id.clone()>
                                                    <input id=id.clone() type="checkbox" prop:checked=move || scopes.with(|v| v.contains(&s))
                                                        on:change=move |_| scopes.update(|v| if let Some(i) = v.iter().position(|x| *x == s) { v.remove(i); } else { v.push(s); })/>
                                                    {s.as_str()}
                                                </label>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                    <FieldError errors=errors name="scopes" id="client-scopes-error"/>
                                    <button type="submit">{move || tr(Key::Create)}</button>
                                    <FormMessage errors=errors done=done/>
                                </form>
                                {move || secret.get().map(|(id, s)| view! {
                                    <div class="secret" role="status">
                                        <p><strong>{move || tr(Key::SecretOnce)}</strong></p>
                                        <p>"client_id: " <code>{id}</code></p>
                                        <p>"client_secret: " <code>{s}</code></p>
                                    </div>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The mentor's sessions, newest first, with their notes (only the mentor and staff write them).
#[component]
fn MentorSessions(mentor: eil_shared::MentorId) -> impl IntoView {
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

#[component]
fn AssignMentor() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let options = LocalResource::new(move || {
        let c = session.client();
        async move {
            let projects = c
                .list_projects(&ProjectQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map(|p| p.items)
                .unwrap_or_default();
            let mentors = c
                .list_mentors(&eil_shared::mentor::MentorQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map(|p| p.items)
                .unwrap_or_default();
            (projects, mentors)
        }
    });
    let (project, mentor) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(p), Ok(m)) = (
            project.get_untracked().parse(),
            mentor.get_untracked().parse(),
        ) else {
            return;
        };
        let c = session.client();
        spawn_local(async move {
            match c.assign_mentor(p, m).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Saved)));
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::AssignMentor)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (projects, mentors) = options.await;
                    if let Some(p) = projects.first() && project.get_untracked().is_empty() { project.set(p.id.to_string()); }
                    if let Some(m) = mentors.first() && mentor.get_untracked().is_empty() { mentor.set(m.id.to_string()); }
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="assign-project">{move || tr(Key::Projects)}</label>
                            <select id="assign-project" on:change=move |ev| project.set(event_target_value(&ev))>
                                {projects.into_iter().map(|p| {
                                    let t = p.title.clone();
                                    view! { <option value=p.id.to_string()>{move || t.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                            <label for="assign-mentor">{move || tr(Key::Mentor)}</label>
                            <select id="assign-mentor" aria-describedby="assign-mentor-error" on:change=move |ev| mentor.set(event_target_value(&ev))>
                                {mentors.into_iter().map(|m| view! { <option value=m.id.to_string()>{m.full_name.clone()}</option> }).collect_view()}
                            </select>
                            <FieldError errors=errors name="mentor_id" id="assign-mentor-error"/>
                            <button type="submit">{move || tr(Key::Assign)}</button>
                            <FormMessage errors=errors done=done/>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NewEvent() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let programmes = LocalResource::new(|| async {
        api::client()
            .list_programmes(&ProgrammeQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let programme = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("workshop"));
    let (slug, lv, en, starts, ends) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(starts_at), Some(ends_at)) = (
            local_to_utc(&starts.get_untracked()),
            local_to_utc(&ends.get_untracked()),
        ) else {
            errors.set(FormError {
                message: None,
                fields: vec![("starts_at".into(), tr(Key::From).into())],
            });
            return;
        };
        let req = eil_shared::event::CreateEvent {
            slug: slug.get_untracked(),
            kind: kind
                .get_untracked()
                .parse()
                .unwrap_or(eil_shared::event::EventKind::Workshop),
            programme_id: programme.get_untracked().parse().ok(),
            cohort_id: None,
            title: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
            venue: None,
            starts_at,
            ends_at,
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_event(&req).await {
                Ok(_) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Created)));
                }
                Err(e) => {
                    done.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::NewEvent)}</h2>
            <form class="form" on:submit=submit>
                <label for="event-programme">{move || tr(Key::Programme)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let items = programmes.await;
                        if let Some(first) = items.first() && programme.get_untracked().is_empty() {
                            programme.set(first.id.to_string());
                        }
                        view! {
                            <select id="event-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                                {items.into_iter().map(|p| {
                                    let n = p.name.clone();
                                    view! { <option value=p.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <label for="event-kind">{move || tr(Key::Kind)}</label>
                <select id="event-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {eil_shared::event::EventKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=*k == eil_shared::event::EventKind::Workshop>{move || crate::components::label(lang.get(), k.as_str())}</option> }).collect_view()}
                </select>
                {text_input(errors, "event-title-lv", Key::NameLv, "text", lv, "title.lv", true)}
                {text_input(errors, "event-title-en", Key::NameEn, "text", en, "title.en", true)}
                {text_input(errors, "event-slug", Key::Slug, "text", slug, "slug", true)}
                {text_input(errors, "event-starts", Key::From, "datetime-local", starts, "starts_at", true)}
                {text_input(errors, "event-ends", Key::To, "datetime-local", ends, "ends_at", true)}
                <button type="submit">{move || tr(Key::Create)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </section>
    }
}

/// The cohorts the participant is enrolled in.
#[component]
fn MyCohorts(person: eil_shared::PersonId) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let c = session.client();
        async move {
            let enrolments = c
                .list_enrolments(&eil_shared::enrolment::EnrolmentQuery {
                    person_id: Some(person),
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            let mut cohorts = Vec::new();
            for e in enrolments.items {
                cohorts.push(
                    c.get_cohort(&e.cohort_id.to_string())
                        .await
                        .map_err(|e| api::describe(&e))?,
                );
            }
            Ok::<_, String>(cohorts)
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::MyCohorts)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(c) if c.is_empty() => view! { <p class="empty">{move || tr(Key::NoCohortsOwn)}</p> }.into_any(),
                        Ok(c) => view! { <ul class="list">{c.into_iter().map(|c| {
                            let n = c.name.clone();
                            view! { <li>{move || n.get(lang.get()).to_string()} " · " {move || tr(Key::StartsOn)} " " {move || crate::i18n::date(lang.get(), c.starts_on)}</li> }
                        }).collect_view()}</ul> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Invites a person; the one-time link is shown once, to hand over.
#[component]
fn InvitePerson(admin: bool) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let (email, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let roles = RwSignal::new(vec![Role::Participant]);
    let link = RwSignal::new(None::<String>);
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let grantable: Vec<Role> = if admin {
        Role::ALL.to_vec()
    } else {
        vec![Role::Participant, Role::Mentor, Role::Funder]
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = eil_shared::invitation::CreateInvitation {
            email: email.get_untracked(),
            full_name: name.get_untracked(),
            organisation_id: None,
            roles: roles.get_untracked(),
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_invitation(&req).await {
                Ok(made) => {
                    errors.set(FormError::default());
                    link.set(Some(made.link));
                }
                Err(e) => {
                    link.set(None);
                    errors.set(FormError::from(&e));
                }
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::InvitePerson)}</h2>
            <form class="form" on:submit=submit>
                <label for="invite-email">{move || tr(Key::Email)}</label>
                <input id="invite-email" type="email" required aria-describedby="invite-email-error" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                <FieldError errors=errors name="email" id="invite-email-error"/>
                <label for="invite-name">{move || tr(Key::FullName)}</label>
                <input id="invite-name" type="text" required aria-describedby="invite-name-error" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError errors=errors name="full_name" id="invite-name-error"/>
                <fieldset>
                    <legend>{move || tr(Key::Roles)}</legend>
                    {grantable.into_iter().map(|r| {
                        let id = format!("invite-role-{}", r.as_str());
                        view! {
                            <label class="check" for=id.clone()>
                                <input id=id.clone() type="checkbox" prop:checked=move || roles.with(|v| v.contains(&r))
                                    on:change=move |_| roles.update(|v| if let Some(i) = v.iter().position(|x| *x == r) { v.remove(i); } else { v.push(r); })/>
                                {move || t(lang.get(), role_key(r))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <FieldError errors=errors name="roles" id="invite-roles-error"/>
                <button type="submit">{move || tr(Key::Invite)}</button>
                <FormMessage errors=errors done=done/>
            </form>
            {move || link.get().map(|l| view! {
                <div class="secret" role="status">
                    <p><strong>{move || tr(Key::InvitationLinkOnce)}</strong></p>
                    <p><code class="invitation-link">{l}</code></p>
                </div>
            })}
        </section>
    }
}

/// A labelled text input bound to a signal, with its field error under it.
fn text_input(
    errors: RwSignal<FormError>,
    id: &'static str,
    label: Key,
    kind: &'static str,
    value: RwSignal<String>,
    field: &'static str,
    required: bool,
) -> impl IntoView {
    let tr = translator();
    let err = format!("{id}-error");
    view! {
        <label for=id>{move || tr(label)}</label>
        <input id=id type=kind required=required aria-describedby=err.clone() prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        <span class="field-error" id=err role="alert">{move || errors.with(|e| e.field(field)).unwrap_or_default()}</span>
    }
}

/// Runs a create call and reports it in the form.
fn create<T: 'static>(
    call: impl std::future::Future<Output = Result<T, eil_shared::client::ClientError>> + 'static,
    errors: RwSignal<FormError>,
    done: RwSignal<Option<&'static str>>,
    message: &'static str,
) {
    spawn_local(async move {
        match call.await {
            Ok(_) => {
                errors.set(FormError::default());
                done.set(Some(message));
            }
            Err(e) => {
                done.set(None);
                errors.set(FormError::from(&e));
            }
        }
    });
}

#[component]
fn NewProgramme() -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = eil_shared::programme::CreateProgramme {
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
        };
        let c = session.client();
        create(
            async move { c.create_programme(&req).await },
            errors,
            done,
            tr(Key::Created),
        );
    };
    view! {
        <section>
            <h2>{move || tr(Key::NewProgramme)}</h2>
            <form class="form" on:submit=submit>
                {text_input(errors, "programme-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "programme-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "programme-slug", Key::Slug, "text", slug, "slug", true)}
                <button type="submit">{move || tr(Key::Create)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </section>
    }
}

#[component]
fn NewTrack() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let programmes = LocalResource::new(|| async {
        api::client()
            .list_programmes(&ProgrammeQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default()
    });
    let programme = RwSignal::new(String::new());
    let kind = RwSignal::new(String::from("project"));
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(programme_id) = programme.get_untracked().parse() else {
            return;
        };
        let req = eil_shared::track::CreateTrack {
            programme_id,
            slug: slug.get_untracked(),
            name: I18nText::new(lv.get_untracked(), en.get_untracked()),
            kind: kind
                .get_untracked()
                .parse()
                .unwrap_or(eil_shared::track::TrackKind::Project),
            summary: None,
        };
        let c = session.client();
        create(
            async move { c.create_track(&req).await },
            errors,
            done,
            tr(Key::Created),
        );
    };
    view! {
        <section>
            <h2>{move || tr(Key::NewTrack)}</h2>
            <form class="form" on:submit=submit>
                <label for="track-programme">{move || tr(Key::Programme)}</label>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let items = programmes.await;
                        if let Some(first) = items.first() && programme.get_untracked().is_empty() {
                            programme.set(first.id.to_string());
                        }
                        view! {
                            <select id="track-programme" on:change=move |ev| programme.set(event_target_value(&ev))>
                                {items.into_iter().map(|p| {
                                    let n = p.name.clone();
                                    view! { <option value=p.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
                <label for="track-kind">{move || tr(Key::Kind)}</label>
                <select id="track-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="project">{move || tr(Key::TrackProject)}</option>
                    <option value="strategy">{move || tr(Key::TrackStrategy)}</option>
                </select>
                {text_input(errors, "track-name-lv", Key::NameLv, "text", lv, "name.lv", true)}
                {text_input(errors, "track-name-en", Key::NameEn, "text", en, "name.en", true)}
                {text_input(errors, "track-slug", Key::Slug, "text", slug, "slug", true)}
                <button type="submit">{move || tr(Key::Create)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </section>
    }
}

#[component]
fn NewProject() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let options = LocalResource::new(|| async {
        let c = api::client();
        let cohorts = c
            .list_cohorts(&CohortQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default();
        let hosts = c
            .list_organisations(&OrganisationQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map(|p| p.items)
            .unwrap_or_default();
        (cohorts, hosts)
    });
    let (cohort, host) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(cohort_id), Ok(host_id)) =
            (cohort.get_untracked().parse(), host.get_untracked().parse())
        else {
            return;
        };
        let req = eil_shared::project::CreateProject {
            cohort_id,
            track_id: None,
            slug: slug.get_untracked(),
            title: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
            status: None,
            host_ids: vec![host_id],
            team: vec![],
        };
        let c = session.client();
        create(
            async move { c.create_project(&req).await },
            errors,
            done,
            tr(Key::Created),
        );
    };
    view! {
        <section>
            <h2>{move || tr(Key::NewProject)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    let (cohorts, hosts) = options.await;
                    if let Some(c) = cohorts.first() && cohort.get_untracked().is_empty() { cohort.set(c.id.to_string()); }
                    if let Some(h) = hosts.first() && host.get_untracked().is_empty() { host.set(h.id.to_string()); }
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="project-cohort">{move || tr(Key::Cohort)}</label>
                            <select id="project-cohort" on:change=move |ev| cohort.set(event_target_value(&ev))>
                                {cohorts.into_iter().map(|c| {
                                    let n = c.name.clone();
                                    view! { <option value=c.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                            <label for="project-host">{move || tr(Key::Host)}</label>
                            <select id="project-host" on:change=move |ev| host.set(event_target_value(&ev))>
                                {hosts.into_iter().map(|h| {
                                    let n = h.name.clone();
                                    view! { <option value=h.id.to_string()>{move || n.get(lang.get()).to_string()}</option> }
                                }).collect_view()}
                            </select>
                            {text_input(errors, "project-title-lv", Key::NameLv, "text", lv, "title.lv", true)}
                            {text_input(errors, "project-title-en", Key::NameEn, "text", en, "title.en", true)}
                            {text_input(errors, "project-slug", Key::Slug, "text", slug, "slug", true)}
                            <button type="submit">{move || tr(Key::Create)}</button>
                            <FormMessage errors=errors done=done/>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}
