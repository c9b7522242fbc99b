//! What the outbox and webhook pages share: the page for each of their addresses, the
//! notice table (the outbox, a subscription's delivery log), the words for the notices' closed sets, the role gate of those pages, and
//! following a queued notice until it has been tried.

use std::time::Duration;

use eil_shared::NoticeId;
use eil_shared::notice::{Attempt, AttemptOutcome, Channel, Notice, NoticeStatus};
use eil_shared::pagination::Page;

use super::*;
use crate::api::Loaded;
use crate::i18n::{OutboxKey, date_time, outbox_translator};

pub fn status_key(s: NoticeStatus) -> OutboxKey {
    match s {
        NoticeStatus::Pending => OutboxKey::Pending,
        NoticeStatus::Sent => OutboxKey::Sent,
        NoticeStatus::Failed => OutboxKey::Failed,
    }
}

pub fn channel_key(c: Channel) -> OutboxKey {
    match c {
        Channel::Webhook => OutboxKey::ChannelWebhook,
        Channel::Email => OutboxKey::ChannelEmail,
    }
}

/// The outbox and webhook pages, by address (one lazy route, so one chunk, holds them).
#[component]
pub fn AdminPage() -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname;
    move || match path.get().trim_end_matches('/') {
        "/dashboard/outbox" => view! { <super::outbox::OutboxPage/> }.into_any(),
        "/dashboard/webhooks" => view! { <super::webhooks::WebhooksPage/> }.into_any(),
        _ => view! { <super::webhook::WebhookPage/> }.into_any(),
    }
}

/// The page for signed-in staff (`admin`: admins only); who is not gets told so.
#[component]
pub fn StaffOnly(admin: bool, children: ChildrenFn) -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    let auth = use_auth();
    move || {
        if auth.restoring.get() {
            return view! { <Loading/> }.into_any();
        }
        let me = auth.me.get();
        let allowed = me.as_ref().is_some_and(|m| {
            if admin {
                m.roles.contains(&Role::Admin)
            } else {
                is_staff(&m.roles)
            }
        });
        if allowed {
            children().into_any()
        } else if me.is_none() {
            view! { <p><a href="/sign-in">{move || tr(Key::SignIn)}</a></p> }.into_any()
        } else {
            let words = if admin {
                OutboxKey::AdminsOnly
            } else {
                OutboxKey::StaffOnly
            };
            view! {
                <p class="error" role="alert">{move || to(words)}</p>
                <p><a href="/dashboard">{move || to(OutboxKey::BackToDashboard)}</a></p>
            }
            .into_any()
        }
    }
}

/// The links to the outbox (staff) and the webhooks (admins), on the dashboard.
#[component]
pub fn AdminNav(admin: bool) -> impl IntoView {
    let to = outbox_translator();
    view! {
        <nav class="admin-nav" aria-label=move || to(OutboxKey::Administration)>
            <a href="/dashboard/outbox">{move || to(OutboxKey::Outbox)}</a>
            {admin.then(|| view! { " · " <a href="/dashboard/webhooks">{move || to(OutboxKey::Webhooks)}</a> })}
        </nav>
    }
}

/// Asks the viewer to confirm a destructive action.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// A notice just queued (a retry, a ping, a redelivery), followed until it has been tried:
/// its list is read again each second while the notice is still `pending` or not in the
/// list yet, half a minute at most. (Checked on a timer, not on each load: the load before
/// the queueing still shows the notice as it was.)
#[derive(Clone, Copy)]
pub struct Follow {
    /// The notice's status as last loaded, if it is in the list.
    status: Callback<NoticeId, Option<NoticeStatus>>,
    reload: Callback<()>,
    /// The following now under way; a newer one ends the older.
    run: RwSignal<u32>,
}

impl Follow {
    /// Follows the notices that `list` loads.
    pub fn new<T: Clone + 'static>(
        list: LocalResource<Loaded<T>>,
        notices: impl Fn(&T) -> &Page<Notice> + Send + Sync + 'static,
    ) -> Follow {
        Follow {
            status: Callback::new(move |id: NoticeId| {
                list.get_untracked().and_then(Result::ok).and_then(|t| {
                    notices(&t)
                        .items
                        .iter()
                        .find(|n| n.id == id)
                        .map(|n| n.status)
                })
            }),
            reload: Callback::new(move |()| list.refetch()),
            run: RwSignal::new(0),
        }
    }

    pub fn start(&self, id: NoticeId) {
        let run = self.run.get_untracked() + 1;
        self.run.set(run);
        self.tick(id, run, 30);
    }

    fn tick(self, id: NoticeId, run: u32, left: u32) {
        set_timeout(
            move || {
                // Gone with its page, or overtaken by a newer one.
                if self.run.try_get_untracked() != Some(run) {
                    return;
                }
                let tried = matches!(self.status.run(id), Some(s) if s != NoticeStatus::Pending);
                if tried || left == 0 {
                    return;
                }
                self.reload.run(());
                self.tick(id, run, left - 1);
            },
            Duration::from_secs(1),
        );
    }
}

/// The action a notice table offers on a row: its words, which notices get it, what it
/// does with the notice's id, and whether it is under way.
#[derive(Clone, Copy)]
pub struct RowAction {
    pub label: OutboxKey,
    pub offered: fn(&Notice) -> bool,
    pub run: Callback<NoticeId>,
    pub pending: Signal<bool>,
}

/// Notices, newest first, each with its attempt log behind a disclosure; times in the
/// reader's own time zone.
#[component]
pub fn NoticeTable(
    notices: Vec<Notice>,
    action: RowAction,
    /// What the table says when there is no notice.
    empty: OutboxKey,
) -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    if notices.is_empty() {
        return view! { <p class="empty">{move || to(empty)}</p> }.into_any();
    }
    let th = move |k: OutboxKey| view! { <th scope="col">{move || to(k)}</th> };
    view! {
        <div class="scroll">
            <table class="notices">
                <thead><tr>
                    {th(OutboxKey::Type)} {th(OutboxKey::Channel)} {th(OutboxKey::Recipient)}
                    <th scope="col">{move || tr(Key::Status)}</th>
                    {th(OutboxKey::Attempts)} {th(OutboxKey::LastError)} {th(OutboxKey::Created)} {th(OutboxKey::SentAt)}
                    <th scope="col"><span class="visually-hidden">{move || to(action.label)}</span></th>
                </tr></thead>
                <tbody>
                    <For each=move || notices.clone() key=|n| (n.id, n.attempts, n.status) let:n>
                        <NoticeRow notice=n action=action/>
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NoticeRow(notice: Notice, action: RowAction) -> impl IntoView {
    let lang = use_language().0;
    let to = outbox_translator();
    let n = notice;
    let id = n.id;
    let when = move |at: Option<chrono::DateTime<chrono::Utc>>| {
        move || at.map(|at| date_time(lang.get(), at)).unwrap_or_default()
    };
    let next = (n.status == NoticeStatus::Pending)
        .then_some(n.next_attempt_at)
        .flatten();
    let attempts = n.attempts;
    let log = n.attempt_log.clone();
    let offered = (action.offered)(&n);
    let pending = action.pending;
    view! {
        <tr class=format!("notice {}", n.status.as_str())>
            <td><code>{n.event_type.clone()}</code></td>
            <td>{move || to(channel_key(n.channel))}</td>
            <td class="recipient">{n.recipient.clone()}</td>
            <td>
                <span class="badge">{move || to(status_key(n.status))}</span>
                {next.map(|at| view! { <br/><small>{move || to(OutboxKey::NextAttempt)} ": " {when(Some(at))}</small> })}
            </td>
            <td>
                {if log.is_empty() {
                    view! { {attempts} }.into_any()
                } else {
                    view! {
                        <details class="attempts">
                            <summary>{attempts} " · " {move || to(OutboxKey::AttemptLog)}</summary>
                            <ol>{log.into_iter().map(|a| view! { <AttemptItem attempt=a/> }).collect_view()}</ol>
                        </details>
                    }.into_any()
                }}
            </td>
            <td>{n.last_error.clone()}</td>
            <td>{when(Some(n.created_at))}</td>
            <td>{when(n.sent_at)}</td>
            <td>
                {offered.then(|| view! {
                    <button type="button" class="small" disabled=move || pending.get() on:click=move |_| action.run.run(id)>
                        {move || to(action.label)}
                    </button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn AttemptItem(attempt: Attempt) -> impl IntoView {
    let lang = use_language().0;
    let to = outbox_translator();
    let a = attempt;
    let outcome = match a.outcome {
        AttemptOutcome::Sent => OutboxKey::Sent,
        AttemptOutcome::Failed => OutboxKey::Failed,
    };
    view! {
        <li class=a.outcome.as_str()>
            {move || date_time(lang.get(), a.at)} " · " {move || to(outcome)}
            {a.status_code.map(|c| view! { " · " {move || to(OutboxKey::Code)} " " {c} })}
            {a.error.map(|e| view! { " · " {e} })}
            " · " {a.latency_ms} " ms"
        </li>
    }
}
