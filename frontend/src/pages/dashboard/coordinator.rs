//! The coordinator's forms: people, programmes, tracks, cohorts, projects, events.

use super::*;

#[component]
pub fn NewCohort() -> impl IntoView {
    let tr = translator();
    let session = use_session();
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
                <ProgrammeSelect id="cohort-programme" value=programme/>
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
pub fn EnrolPerson() -> impl IntoView {
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
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="enrol-person">{move || tr(Key::Person)}</label>
                            {choose("enrol-person", person, people.into_iter().map(|p| (p.id.to_string(), I18nText::new(p.full_name.clone(), p.full_name))).collect())}
                            <FieldError errors=errors name="person_id" id="enrol-person-error"/>
                            <label for="enrol-cohort">{move || tr(Key::Cohort)}</label>
                            {choose("enrol-cohort", cohort, cohorts.into_iter().map(|c| (c.id.to_string(), c.name)).collect())}
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
pub fn AssignMentor() -> impl IntoView {
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
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="assign-project">{move || tr(Key::Projects)}</label>
                            {choose("assign-project", project, projects.into_iter().map(|p| (p.id.to_string(), p.title)).collect())}
                            <label for="assign-mentor">{move || tr(Key::Mentor)}</label>
                            {choose("assign-mentor", mentor, mentors.into_iter().map(|m| (m.id.to_string(), I18nText::new(m.full_name.clone(), m.full_name))).collect())}
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
pub fn NewEvent() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
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
                <ProgrammeSelect id="event-programme" value=programme/>
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

/// Invites a person; the one-time link is shown once, to hand over.
#[component]
pub fn InvitePerson(admin: bool) -> impl IntoView {
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

#[component]
pub fn NewProgramme() -> impl IntoView {
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
pub fn NewTrack() -> impl IntoView {
    let tr = translator();
    let session = use_session();
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
                <ProgrammeSelect id="track-programme" value=programme/>
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
pub fn NewProject() -> impl IntoView {
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
                    view! {
                        <form class="form" on:submit=submit>
                            <label for="project-cohort">{move || tr(Key::Cohort)}</label>
                            {choose("project-cohort", cohort, cohorts.into_iter().map(|c| (c.id.to_string(), c.name)).collect())}
                            <label for="project-host">{move || tr(Key::Host)}</label>
                            {choose("project-host", host, hosts.into_iter().map(|h| (h.id.to_string(), h.name)).collect())}
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

/// The records a coordinator keeps by name: programmes, tracks, cohorts, events.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Programme,
    Track,
    Cohort,
    Event,
}

/// One loaded record: its id, name and version.
#[derive(Clone)]
pub struct Named {
    id: eil_shared::Uuid,
    name: I18nText,
    version: i32,
}

async fn load(c: eil_shared::client::Client, kind: Kind) -> Result<Vec<Named>, String> {
    let named = |id: eil_shared::Uuid, name: I18nText, version: i32| Named { id, name, version };
    let describe = |e: eil_shared::client::ClientError| api::describe(&e);
    Ok(match kind {
        Kind::Programme => c
            .list_programmes(&ProgrammeQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(describe)?
            .items
            .into_iter()
            .map(|x| named(x.id.as_uuid(), x.name, x.version))
            .collect(),
        Kind::Track => c
            .list_tracks(&eil_shared::track::TrackQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(describe)?
            .items
            .into_iter()
            .map(|x| named(x.id.as_uuid(), x.name, x.version))
            .collect(),
        Kind::Cohort => c
            .list_cohorts(&CohortQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(describe)?
            .items
            .into_iter()
            .map(|x| named(x.id.as_uuid(), x.name, x.version))
            .collect(),
        Kind::Event => c
            .list_events(&eil_shared::event::EventQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(describe)?
            .items
            .into_iter()
            .map(|x| named(x.id.as_uuid(), x.title, x.version))
            .collect(),
    })
}

async fn rename(
    c: eil_shared::client::Client,
    kind: Kind,
    id: eil_shared::Uuid,
    name: I18nText,
    version: i32,
) -> Result<(), eil_shared::client::ClientError> {
    let v = Some(version);
    match kind {
        Kind::Programme => {
            let body = eil_shared::programme::UpdateProgramme {
                name: Some(name),
                ..Default::default()
            };
            c.update_programme(id.into(), &body, v).await.map(drop)
        }
        Kind::Track => {
            let body = eil_shared::track::UpdateTrack {
                name: Some(name),
                ..Default::default()
            };
            c.update_track(id.into(), &body, v).await.map(drop)
        }
        Kind::Cohort => {
            let body = eil_shared::cohort::UpdateCohort {
                name: Some(name),
                ..Default::default()
            };
            c.update_cohort(id.into(), &body, v).await.map(drop)
        }
        Kind::Event => {
            let body = eil_shared::event::UpdateEvent {
                title: Some(name),
                ..Default::default()
            };
            c.update_event(id.into(), &body, v).await.map(drop)
        }
    }
}

async fn remove(
    c: eil_shared::client::Client,
    kind: Kind,
    id: eil_shared::Uuid,
) -> Result<(), eil_shared::client::ClientError> {
    match kind {
        Kind::Programme => c.delete_programme(id.into()).await,
        Kind::Track => c.delete_track(id.into()).await,
        Kind::Cohort => c.delete_cohort(id.into()).await,
        Kind::Event => c.delete_event(id.into()).await,
    }
}

/// Renaming and deleting the coordinators' named records; a record that others still refer
/// to is not deleted, and the API's reason is shown.
#[component]
pub fn ManageRecords() -> impl IntoView {
    let tr = translator();
    view! {
        <section>
            <h2>{move || tr(Key::ManageRecords)}</h2>
            <RecordList kind=Kind::Programme title=Key::Programmes/>
            <RecordList kind=Kind::Track title=Key::Tracks/>
            <RecordList kind=Kind::Cohort title=Key::Cohorts/>
            <RecordList kind=Kind::Event title=Key::Events/>
        </section>
    }
}

#[component]
fn RecordList(kind: Kind, title: Key) -> impl IntoView {
    let tr = translator();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reload.track();
        load(session.client(), kind)
    });
    view! {
        <details class="records">
            <summary>{move || tr(title)}</summary>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(items) if items.is_empty() => view! { <p class="empty">{move || tr(Key::NothingYet)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="list">{items.into_iter().map(|r| view! { <RecordRow kind=kind record=r reload=reload/> }).collect_view()}</ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </details>
    }
}

#[component]
fn RecordRow(kind: Kind, record: Named, reload: RwSignal<u32>) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let (lv, en) = (
        RwSignal::new(record.name.lv.clone()),
        RwSignal::new(record.name.en.clone()),
    );
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let (id, version) = (record.id, record.version);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = I18nText::new(lv.get_untracked(), en.get_untracked());
        let c = session.client();
        spawn_local(async move {
            match rename(c, kind, id, name, version).await {
                Ok(()) => {
                    errors.set(FormError::default());
                    done.set(Some(tr(Key::Saved)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    let delete = move |_| {
        let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete);
        if !sure {
            return;
        }
        let c = session.client();
        spawn_local(async move {
            match remove(c, kind, id).await {
                Ok(()) => reload.update(|n| *n += 1),
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    let base = format!("rec-{}", record.id);
    let (lv_id, en_id) = (format!("{base}-lv"), format!("{base}-en"));
    let shown = record.name.clone();
    view! {
        <li class="record">
            <form class="roles" on:submit=save aria-label=move || shown.get(lang.get()).to_string()>
                <label class="visually-hidden" for=lv_id.clone()>{move || tr(Key::NameLv)}</label>
                <input id=lv_id.clone() type="text" prop:value=move || lv.get() on:input=move |ev| lv.set(event_target_value(&ev))/>
                <label class="visually-hidden" for=en_id.clone()>{move || tr(Key::NameEn)}</label>
                <input id=en_id.clone() type="text" prop:value=move || en.get() on:input=move |ev| en.set(event_target_value(&ev))/>
                <button type="submit" class="small">{move || tr(Key::Save)}</button>
                <button type="button" class="danger" on:click=delete>{move || tr(Key::Delete)}</button>
                <FormMessage errors=errors done=done/>
            </form>
        </li>
    }
}

/// Enrolments: their status, and removal.
#[component]
pub fn ManageEnrolments() -> impl IntoView {
    use eil_shared::enrolment::{EnrolmentQuery, EnrolmentStatus, UpdateEnrolment};
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let c = session.client();
        async move {
            let e = c
                .list_enrolments(&EnrolmentQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            let people = c
                .list_people(&PersonQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            let cohorts = c
                .list_cohorts(&CohortQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            Ok::<_, String>((e.items, people.items, cohorts.items))
        }
    });
    view! {
        <section>
            <details class="records">
                <summary>{move || tr(Key::Enrolments)}</summary>
                <Suspense fallback=|| view! { <Loading/> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Err(e) => view! { <Failed message=e/> }.into_any(),
                            Ok((items, ..)) if items.is_empty() => view! { <p class="empty">{move || tr(Key::NothingYet)}</p> }.into_any(),
                            Ok((items, people, cohorts)) => view! { <ul class="list">{items.into_iter().map(|e| {
                                let who = people.iter().find(|p| p.id == e.person_id).map(|p| p.full_name.clone()).unwrap_or_default();
                                let cohort = cohorts.iter().find(|c| c.id == e.cohort_id).map(|c| c.name.clone()).unwrap_or_default();
                                let errors = RwSignal::new(FormError::default());
                                let select_id = format!("enrolment-status-{}", e.id);
                                let label = format!("{who}: {}", e.status.as_str());
                                let (id, version, current) = (e.id, e.version, e.status);
                                let change = move |ev: leptos::ev::Event| {
                                    let Ok(status) = event_target_value(&ev).parse::<EnrolmentStatus>() else { return };
                                    let c = session.client();
                                    spawn_local(async move {
                                        let body = UpdateEnrolment { status: Some(status), ..Default::default() };
                                        match c.update_enrolment(id, &body, Some(version)).await {
                                            Ok(_) => reload.update(|n| *n += 1),
                                            Err(e) => errors.set(FormError::from(&e)),
                                        }
                                    });
                                };
                                let delete = move |_| {
                                    let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete);
                                    if !sure { return; }
                                    let c = session.client();
                                    spawn_local(async move {
                                        match c.delete_enrolment(id).await {
                                            Ok(()) => reload.update(|n| *n += 1),
                                            Err(e) => errors.set(FormError::from(&e)),
                                        }
                                    });
                                };
                                view! {
                                    <li class="record">
                                        {who.clone()} " · " {move || cohort.get(lang.get()).to_string()} " "
                                        <label class="visually-hidden" for=select_id.clone()>{label}</label>
                                        <select id=select_id.clone() on:change=change>
                                            {EnrolmentStatus::ALL.iter().map(|s| view! {
                                                <option value=s.as_str() selected=*s == current>{move || crate::components::label(lang.get(), s.as_str())}</option>
                                            }).collect_view()}
                                        </select>
                                        " " <button type="button" class="danger" on:click=delete>{move || tr(Key::Delete)}</button>
                                        <span class="error" role="alert">{move || errors.with(|e| e.message.clone())}</span>
                                    </li>
                                }
                            }).collect_view()}</ul> }.into_any(),
                        }
                    })}
                </Suspense>
            </details>
        </section>
    }
}
