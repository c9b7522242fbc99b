//! Renaming and deleting the coordinators' named records: programmes, tracks, cohorts,
//! events. A record that others still refer to is not deleted, and the API's reason is shown.

use eil_shared::client::{Client, ClientError};
use eil_shared::event::{EventQuery, UpdateEvent};
use eil_shared::pagination::Page;
use eil_shared::programme::{ProgrammeQuery, UpdateProgramme};
use eil_shared::track::{TrackQuery, UpdateTrack};
use eil_shared::{Uuid, cohort::CohortQuery, cohort::UpdateCohort};

use super::*;
use crate::api::Loaded;

/// The records a coordinator keeps by name.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Programme,
    Track,
    Cohort,
    Event,
}

/// One loaded record: its id, name and version.
#[derive(Clone)]
struct Named {
    id: Uuid,
    name: I18nText,
    version: i32,
}

/// The first `wanted` pages of one kind of record.
async fn load(c: Client, kind: Kind, wanted: usize) -> Loaded<Page<Named>> {
    let named = |id: Uuid, name: I18nText, version: i32| Named { id, name, version };
    first_pages(wanted, |cursor| {
        let c = c.clone();
        async move {
            Ok(match kind {
                Kind::Programme => {
                    let q = ProgrammeQuery {
                        limit: PAGE,
                        cursor,
                        ..Default::default()
                    };
                    c.list_programmes(&q)
                        .await?
                        .map(|x| named(x.id.as_uuid(), x.name, x.version))
                }
                Kind::Track => {
                    let q = TrackQuery {
                        limit: PAGE,
                        cursor,
                        ..Default::default()
                    };
                    c.list_tracks(&q)
                        .await?
                        .map(|x| named(x.id.as_uuid(), x.name, x.version))
                }
                Kind::Cohort => {
                    let q = CohortQuery {
                        limit: PAGE,
                        cursor,
                        ..Default::default()
                    };
                    c.list_cohorts(&q)
                        .await?
                        .map(|x| named(x.id.as_uuid(), x.name, x.version))
                }
                Kind::Event => {
                    let q = EventQuery {
                        limit: PAGE,
                        cursor,
                        ..Default::default()
                    };
                    c.list_events(&q)
                        .await?
                        .map(|x| named(x.id.as_uuid(), x.title, x.version))
                }
            })
        }
    })
    .await
}

async fn rename(
    c: Client,
    kind: Kind,
    id: Uuid,
    name: I18nText,
    version: i32,
) -> Result<(), ClientError> {
    let v = Some(version);
    let name = Some(name);
    match kind {
        Kind::Programme => {
            let body = UpdateProgramme {
                name,
                ..Default::default()
            };
            c.update_programme(id.into(), &body, v).await.map(drop)
        }
        Kind::Track => {
            let body = UpdateTrack {
                name,
                ..Default::default()
            };
            c.update_track(id.into(), &body, v).await.map(drop)
        }
        Kind::Cohort => {
            let body = UpdateCohort {
                name,
                ..Default::default()
            };
            c.update_cohort(id.into(), &body, v).await.map(drop)
        }
        Kind::Event => {
            let body = UpdateEvent {
                title: name,
                ..Default::default()
            };
            c.update_event(id.into(), &body, v).await.map(drop)
        }
    }
}

async fn remove(c: Client, kind: Kind, id: Uuid) -> Result<(), ClientError> {
    match kind {
        Kind::Programme => c.delete_programme(id.into()).await,
        Kind::Track => c.delete_track(id.into()).await,
        Kind::Cohort => c.delete_cohort(id.into()).await,
        Kind::Event => c.delete_event(id.into()).await,
    }
}

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
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || load(auth.client(), kind, pages.get()));
    let reload = Callback::new(move |()| list.refetch());
    view! {
        <details class="records">
            <summary>{move || tr(title)}</summary>
            {loaded(list, move |page| {
                if page.items.is_empty() {
                    return view! { <p class="empty">{move || tr(Key::NothingYet)}</p> }.into_any();
                }
                let more = page.next_cursor.is_some();
                view! {
                    // A renamed record has a new version: its row is made again with it.
                    <ul class="list"><For each=move || page.items.clone() key=|r| (r.id, r.version) let:r>
                        <RecordRow kind=kind record=r reload=reload/>
                    </For></ul>
                    <More more=more pages=pages/>
                }.into_any()
            })}
        </details>
    }
}

#[component]
fn RecordRow(kind: Kind, record: Named, reload: Callback<()>) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let (lv, en) = (
        RwSignal::new(record.name.lv.clone()),
        RwSignal::new(record.name.en.clone()),
    );
    let (id, version) = (record.id, record.version);
    let save = form(
        Some(Key::Saved),
        move |name: I18nText| rename(auth.client(), kind, id, name, version),
        move |()| reload.run(()),
    );
    let delete = form(
        None,
        move |()| remove(auth.client(), kind, id),
        move |()| reload.run(()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(I18nText::new(lv.get_untracked(), en.get_untracked()));
    };
    let ask_delete = move |_| {
        if crate::components::confirm(lang.get_untracked(), Key::ConfirmDelete) {
            delete.submit(());
        }
    };
    let base = format!("rec-{id}");
    let (lv_id, en_id) = (format!("{base}-lv"), format!("{base}-en"));
    let shown = record.name.clone();
    view! {
        <li class="record">
            <form class="roles" on:submit=submit aria-label=move || shown.get(lang.get()).to_string()>
                <label class="visually-hidden" for=lv_id.clone()>{move || tr(Key::NameLv)}</label>
                <input id=lv_id.clone() type="text" prop:value=move || lv.get() on:input=move |ev| lv.set(event_target_value(&ev))/>
                <label class="visually-hidden" for=en_id.clone()>{move || tr(Key::NameEn)}</label>
                <input id=en_id.clone() type="text" prop:value=move || en.get() on:input=move |ev| en.set(event_target_value(&ev))/>
                <SubmitButton pending=save.pending() label=Key::Save class="small"/>
                <button type="button" class="danger" disabled=move || delete.pending().get() on:click=ask_delete>{move || tr(Key::Delete)}</button>
                <FormMessage errors=save.errors done=save.done/>
                <span class="error" role="alert">{move || delete.errors.with(|e| e.message.clone())}</span>
            </form>
        </li>
    }
}
