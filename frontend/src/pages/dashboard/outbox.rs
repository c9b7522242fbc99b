//! The outbox (coordinators and admins): every notice EIL Hub sends, is about to send or
//! gave up on, filtered by status and channel in the address; a failed one can be retried.

use eil_shared::notice::{Channel, Notice, NoticeQuery, NoticeStatus};
use eil_shared::webhook::Queued;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::notices::{Follow, NoticeTable, RowAction, StaffOnly, channel_key, status_key};
use super::*;
use crate::i18n::{OutboxKey, outbox_translator};

#[component]
pub fn OutboxPage() -> impl IntoView {
    let to = outbox_translator();
    crate::components::page_title(move || to(OutboxKey::Outbox).to_string());
    view! {
        <h1>{move || to(OutboxKey::Outbox)}</h1>
        <StaffOnly admin=false><Outbox/></StaffOnly>
    }
}

/// `/dashboard/outbox?...` from the filter values; empty ones are left out.
fn outbox_url(status: &str, channel: &str) -> String {
    let q: Vec<String> = [("status", status), ("channel", channel)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if q.is_empty() {
        "/dashboard/outbox".into()
    } else {
        format!("/dashboard/outbox?{}", q.join("&"))
    }
}

#[component]
fn Outbox() -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    let auth = use_auth();
    let query = use_query_map();
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let (status, channel) = (RwSignal::new(get("status")), RwSignal::new(get("channel")));
    let pages = RwSignal::new(1);
    // Back and forward change the address: follow it, from the first page.
    Effect::new(move |_| {
        status.set(get("status"));
        channel.set(get("channel"));
        pages.set(1);
    });
    let list = LocalResource::new(move || {
        let c = auth.client();
        let (s, ch) = (get("status").parse().ok(), get("channel").parse().ok());
        first_pages(pages.get(), move |cursor| {
            let q = NoticeQuery {
                limit: PAGE,
                cursor,
                status: s,
                channel: ch,
            };
            let c = c.clone();
            async move { c.list_outbox(&q).await }
        })
    });
    let follow = Follow::new(list, |page| page);
    let queued = RwSignal::new(false);
    let retry = form(
        None,
        move |id| {
            let c = auth.client();
            async move { c.retry_outbox_notice(id).await }
        },
        move |q: Queued| {
            queued.set(true);
            follow.start(q.notice_id);
            list.refetch();
        },
    );
    let action = RowAction {
        label: OutboxKey::Retry,
        offered: |n: &Notice| n.status == NoticeStatus::Failed,
        run: Callback::new(move |id| retry.submit(id)),
        pending: retry.pending(),
    };
    let navigate = use_navigate();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        navigate(
            &outbox_url(&status.get_untracked(), &channel.get_untracked()),
            Default::default(),
        );
    };
    let statuses = NoticeStatus::ALL
        .iter()
        .map(|s| (s.as_str(), status_key(*s)))
        .collect();
    let channels = Channel::ALL
        .iter()
        .map(|c| (c.as_str(), channel_key(*c)))
        .collect();
    let problem = move || retry.errors.with(|e| e.message.clone());
    view! {
        <p><a href="/dashboard">{move || to(OutboxKey::BackToDashboard)}</a></p>
        <p class="muted">{move || to(OutboxKey::OutboxIntro)}</p>
        <form class="filters" role="search" on:submit=apply>
            {filter(move || tr(Key::Status), "f-notice-status", status, statuses)}
            {filter(move || to(OutboxKey::Channel), "f-notice-channel", channel, channels)}
            <button type="submit">{move || tr(Key::ApplyFilters)}</button>
            <a href="/dashboard/outbox">{move || tr(Key::ClearFilters)}</a>
            <button type="button" on:click=move |_| list.refetch()>{move || to(OutboxKey::Refresh)}</button>
        </form>
        <p class="form-message" role="status">
            {move || problem().map(|m| view! { <span class="error">{m}</span> })}
            {move || (queued.get() && problem().is_none()).then(|| view! { <span class="ok">{move || to(OutboxKey::Queued)}</span> })}
        </p>
        {loaded(list, move |page| {
            let more = page.next_cursor.is_some();
            view! {
                <NoticeTable notices=page.items action=action empty=OutboxKey::NoNotices/>
                <More more=more pages=pages/>
            }
        })}
    }
}

/// A filter's select: "any", then the set's values in the chosen language.
fn filter(
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    id: &'static str,
    value: RwSignal<String>,
    items: Vec<(&'static str, OutboxKey)>,
) -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    view! {
        <label for=id>{label}</label>
        <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">{move || tr(Key::Any)}</option>
            {items.into_iter().map(|(v, k)| view! {
                <option value=v selected=value.get_untracked() == v>{move || to(k)}</option>
            }).collect_view()}
        </select>
    }
}
