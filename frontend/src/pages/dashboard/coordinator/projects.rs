//! New projects, and mentors assigned to projects.

use eil_shared::project::CreateProject;
use eil_shared::{MentorId, ProjectId};

use super::*;
use crate::components::{all_cohorts, all_mentors, all_organisations, all_projects};

#[component]
pub fn NewProject() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let options = LocalResource::new(|| async {
        let c = api::client();
        let cohorts = all_cohorts(&c).await?;
        let hosts = all_organisations(&c).await?;
        Ok((cohorts, hosts))
    });
    let (cohort, host) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (slug, lv, en) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let create = form(
        Some(Key::Created),
        move |req: CreateProject| {
            let c = auth.client();
            async move { c.create_project(&req).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(cohort_id), Ok(host_id)) =
            (cohort.get_untracked().parse(), host.get_untracked().parse())
        else {
            return;
        };
        create.submit(CreateProject {
            cohort_id,
            track_id: None,
            slug: slug.get_untracked(),
            title: I18nText::new(lv.get_untracked(), en.get_untracked()),
            summary: None,
            status: None,
            host_ids: vec![host_id],
            team: vec![],
        });
    };
    let errors = create.errors;
    view! {
        <section>
            <h2>{move || tr(Key::NewProject)}</h2>
            {loaded(options, move |(cohorts, hosts)| view! {
                <form class="form" on:submit=submit>
                    <label for="project-cohort">{move || tr(Key::Cohort)}</label>
                    {choose("project-cohort", cohort, cohorts.into_iter().map(|c| (c.id.to_string(), c.name)).collect())}
                    <label for="project-host">{move || tr(Key::Host)}</label>
                    {choose("project-host", host, hosts.into_iter().map(|h| (h.id.to_string(), h.name)).collect())}
                    {text_input(errors, "project-title-lv", Key::NameLv, "text", lv, "title.lv", true)}
                    {text_input(errors, "project-title-en", Key::NameEn, "text", en, "title.en", true)}
                    {text_input(errors, "project-slug", Key::Slug, "text", slug, "slug", true)}
                    <SubmitButton pending=create.pending() label=Key::Create/>
                    <FormMessage errors=errors done=create.done/>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn AssignMentor() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let options = LocalResource::new(move || {
        let c = auth.client();
        async move {
            let projects = all_projects(&c).await?;
            let mentors = all_mentors(&c).await?;
            Ok((projects, mentors))
        }
    });
    let (project, mentor) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let assign = form(
        Some(Key::Saved),
        move |(p, m): (ProjectId, MentorId)| {
            let c = auth.client();
            async move { c.assign_mentor(p, m).await }
        },
        |_| (),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let (Ok(p), Ok(m)) = (
            project.get_untracked().parse(),
            mentor.get_untracked().parse(),
        ) {
            assign.submit((p, m));
        }
    };
    view! {
        <section>
            <h2>{move || tr(Key::AssignMentor)}</h2>
            {loaded(options, move |(projects, mentors)| view! {
                <form class="form" on:submit=submit>
                    <label for="assign-project">{move || tr(Key::Projects)}</label>
                    {choose("assign-project", project, projects.into_iter().map(|p| (p.id.to_string(), p.title)).collect())}
                    <label for="assign-mentor">{move || tr(Key::Mentor)}</label>
                    {choose("assign-mentor", mentor, mentors.into_iter().map(|m| (m.id.to_string(), I18nText::new(m.full_name.clone(), m.full_name))).collect())}
                    <FieldError errors=assign.errors name="mentor_id" id="assign-mentor-error"/>
                    <SubmitButton pending=assign.pending() label=Key::Assign/>
                    <FormMessage errors=assign.errors done=assign.done/>
                </form>
            })}
        </section>
    }
}
