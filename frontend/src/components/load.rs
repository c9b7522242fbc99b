//! Loaded data: one loading state and one error view for every loader, and the list
//! cursor followed for pickers ("all") and for lists shown a page at a time ("More").

use std::future::Future;

use eil_shared::client::{Client, ClientError};
use eil_shared::pagination::Page;
use leptos::prelude::*;

use super::{Failed, Loading};
use crate::api::{LoadError, Loaded};
use crate::i18n::{Key, translator};

/// Items a list asks for per request (the API's largest page).
pub const PAGE: Option<u32> = Some(eil_shared::pagination::MAX_LIMIT);

/// Shows what `resource` loads with `show`; the loading state while it loads and the one
/// error view if it fails. A reload keeps the old content on screen until the new arrives.
pub fn loaded<T, V>(
    resource: LocalResource<Loaded<T>>,
    show: impl Fn(T) -> V + Clone + Send + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    loaded_or_back(resource, None, show)
}

/// As `loaded`, with a way back (address, words) offered when loading fails.
pub fn loaded_or_back<T, V>(
    resource: LocalResource<Loaded<T>>,
    back: Option<(&'static str, Key)>,
    show: impl Fn(T) -> V + Clone + Send + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let tr = translator();
    let fallback = move |errors: ArcRwSignal<Errors>| {
        let message = errors
            .read()
            .iter()
            .map(|(_, e)| e.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        view! {
            <Failed message=message/>
            {back.map(|(href, words)| view! { <p><a href=href>{move || tr(words)}</a></p> })}
        }
    };
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=fallback>
                {move || {
                    let show = show.clone();
                    Suspend::new(async move { resource.await.map(show) })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// Every item of a list, following `next_cursor` to the end: for pickers and lookups that
/// need the whole set. `fetch` reads the page at a cursor.
pub async fn all_pages<T, Fu>(fetch: impl Fn(Option<String>) -> Fu) -> Result<Vec<T>, LoadError>
where
    Fu: Future<Output = Result<Page<T>, ClientError>>,
{
    let mut items = Vec::new();
    let mut cursor = None;
    loop {
        let page = fetch(cursor).await?;
        items.extend(page.items);
        match page.next_cursor {
            None => return Ok(items),
            next => cursor = next,
        }
    }
}

/// `all_<records>(&client)`: every record of an unfiltered list, page after page (the
/// choices of pickers and filters).
macro_rules! every {
    ($($name:ident: $query:ty => $item:ty, $call:ident;)+) => {$(
        pub async fn $name(c: &Client) -> Result<Vec<$item>, LoadError> {
            type Query = $query;
            all_pages(|cursor| {
                let q = Query {
                    limit: PAGE,
                    cursor,
                    ..Default::default()
                };
                let c = c.clone();
                async move { c.$call(&q).await }
            })
            .await
        }
    )+};
}

every! {
    all_cohorts: eil_shared::cohort::CohortQuery => eil_shared::cohort::Cohort, list_cohorts;
    all_organisations: eil_shared::organisation::OrganisationQuery => eil_shared::organisation::Organisation, list_organisations;
    all_mentors: eil_shared::mentor::MentorQuery => eil_shared::mentor::Mentor, list_mentors;
    all_people: eil_shared::person::PersonQuery => eil_shared::person::Person, list_people;
    all_programmes: eil_shared::programme::ProgrammeQuery => eil_shared::programme::Programme, list_programmes;
    all_projects: eil_shared::project::ProjectQuery => eil_shared::project::Project, list_projects;
}

/// The first `wanted` pages of a list as one page (its `next_cursor` that of the last read).
/// A list shown with `More` reads this way, so a reload after a change shows as many
/// pages as before.
pub async fn first_pages<T, Fu>(
    wanted: usize,
    fetch: impl Fn(Option<String>) -> Fu,
) -> Result<Page<T>, LoadError>
where
    Fu: Future<Output = Result<Page<T>, ClientError>>,
{
    let mut items = Vec::new();
    let mut cursor = None;
    for _ in 0..wanted.max(1) {
        let page = fetch(cursor).await?;
        items.extend(page.items);
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    Ok(Page {
        items,
        next_cursor: cursor,
    })
}

/// "Show more" under a list that has more pages: asks for one page more.
#[component]
pub fn More(more: bool, pages: RwSignal<usize>) -> impl IntoView {
    let tr = translator();
    more.then(|| {
        view! {
            <p><button type="button" class="more" on:click=move |_| pages.update(|n| *n += 1)>{move || tr(Key::MoreResults)}</button></p>
        }
    })
}
