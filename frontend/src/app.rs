use eil_shared::Lang;
use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, LazyRoute, lazy_route, path};

use crate::auth::provide_auth;
use crate::i18n::{Key, provide_language, t};
use crate::pages::dashboard::{AdminPage, Dashboard};
use crate::pages::events::Events;
use crate::pages::home::{Erdf, Home};
use crate::pages::invitation::AcceptInvitation;
use crate::pages::mentor::MentorPage;
use crate::pages::mentors::Mentors;
use crate::pages::not_found::NotFound;
use crate::pages::password_reset::{ForgotPassword, ResetPassword};
use crate::pages::programme::ProgrammePage;
use crate::pages::project::ProjectPage;
use crate::pages::projects::Projects;
use crate::pages::sign_in::SignIn;
use crate::pages::static_pages::AccessibilityPage;

#[component]
pub fn App() -> impl IntoView {
    let lang = provide_language().0;
    let auth = provide_auth();
    let tr = move |k| t(lang.get(), k);
    let switch = move |_| lang.update(|l| *l = if *l == Lang::Lv { Lang::En } else { Lang::Lv });
    view! {
        <Router>
            <a class="skip" href="#main" on:click=skip_to_content>{move || tr(Key::SkipToContent)}</a>
            <header class="top">
                <A href="/" attr:class="brand">{move || tr(Key::AppName)}</A>
                <nav aria-label=move || tr(Key::Menu)>
                    <A href="/projects">{move || tr(Key::Projects)}</A>
                    <A href="/mentors">{move || tr(Key::Mentors)}</A>
                    <A href="/events">{move || tr(Key::Events)}</A>
                    <Show when=move || auth.me.with(Option::is_some)
                        fallback=move || view! { <A href="/sign-in">{move || tr(Key::SignIn)}</A> }>
                        <A href="/dashboard">{move || tr(Key::Dashboard)}</A>
                        <button class="link" type="button" on:click=move |_| auth.sign_out()>{move || tr(Key::SignOut)}</button>
                    </Show>
                </nav>
                <button class="lang" type="button" on:click=switch>{move || tr(Key::SwitchLanguage)}</button>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/programmes/:key") view={Lazy::<ProgrammeRoute>::new()}/>
                    <Route path=path!("/projects") view={Lazy::<ProjectsRoute>::new()}/>
                    <Route path=path!("/projects/:key") view={Lazy::<ProjectRoute>::new()}/>
                    <Route path=path!("/mentors") view={Lazy::<MentorsRoute>::new()}/>
                    <Route path=path!("/mentors/:id") view={Lazy::<MentorRoute>::new()}/>
                    <Route path=path!("/events") view={Lazy::<EventsRoute>::new()}/>
                    <Route path=path!("/accessibility") view={Lazy::<AccessibilityRoute>::new()}/>
                    <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()}/>
                    <Route path=path!("/invitation") view={Lazy::<InvitationRoute>::new()}/>
                    <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()}/>
                    <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()}/>
                    <Route path=path!("/dashboard") view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("/dashboard/outbox") view={Lazy::<AdminRoute>::new()}/>
                    <Route path=path!("/dashboard/webhooks") view={Lazy::<AdminRoute>::new()}/>
                    <Route path=path!("/dashboard/webhooks/:id") view={Lazy::<AdminRoute>::new()}/>
                </Routes>
            </main>
            <footer class="bottom">
                <Erdf/>
                <p>
                    <a href="/accessibility">{move || tr(Key::Accessibility)}</a> " · "
                    <a href="/docs/" rel="external">{move || tr(Key::ApiDocs)}</a>
                </p>
            </footer>
        </Router>
    }
}

/// Moves focus to the page's content (the router would otherwise treat `#main` as a
/// navigation and leave focus where it was).
fn skip_to_content(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
    }
}

// Every page but the home page is loaded when first visited: the build splits its code
// out of the first download (see xtask).

struct ProgrammeRoute;

#[lazy_route]
impl LazyRoute for ProgrammeRoute {
    fn data() -> Self {
        ProgrammeRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProgrammePage/> }.into_any()
    }
}

struct ProjectsRoute;

#[lazy_route]
impl LazyRoute for ProjectsRoute {
    fn data() -> Self {
        ProjectsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Projects/> }.into_any()
    }
}

struct ProjectRoute;

#[lazy_route]
impl LazyRoute for ProjectRoute {
    fn data() -> Self {
        ProjectRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ProjectPage/> }.into_any()
    }
}

struct MentorsRoute;

#[lazy_route]
impl LazyRoute for MentorsRoute {
    fn data() -> Self {
        MentorsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Mentors/> }.into_any()
    }
}

struct MentorRoute;

#[lazy_route]
impl LazyRoute for MentorRoute {
    fn data() -> Self {
        MentorRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <MentorPage/> }.into_any()
    }
}

struct EventsRoute;

#[lazy_route]
impl LazyRoute for EventsRoute {
    fn data() -> Self {
        EventsRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Events/> }.into_any()
    }
}

struct AccessibilityRoute;

#[lazy_route]
impl LazyRoute for AccessibilityRoute {
    fn data() -> Self {
        AccessibilityRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AccessibilityPage/> }.into_any()
    }
}

struct SignInRoute;

#[lazy_route]
impl LazyRoute for SignInRoute {
    fn data() -> Self {
        SignInRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <SignIn/> }.into_any()
    }
}

struct ForgotPasswordRoute;

#[lazy_route]
impl LazyRoute for ForgotPasswordRoute {
    fn data() -> Self {
        ForgotPasswordRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ForgotPassword/> }.into_any()
    }
}

struct ResetPasswordRoute;

#[lazy_route]
impl LazyRoute for ResetPasswordRoute {
    fn data() -> Self {
        ResetPasswordRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <ResetPassword/> }.into_any()
    }
}

struct InvitationRoute;

#[lazy_route]
impl LazyRoute for InvitationRoute {
    fn data() -> Self {
        InvitationRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AcceptInvitation/> }.into_any()
    }
}

struct DashboardRoute;

#[lazy_route]
impl LazyRoute for DashboardRoute {
    fn data() -> Self {
        DashboardRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <Dashboard/> }.into_any()
    }
}

// The outbox and webhook pages share one chunk: split apart, the code they share made
// dozens of small chunks, and the loader's list of them grew the first download.
struct AdminRoute;

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AdminPage/> }.into_any()
    }
}
