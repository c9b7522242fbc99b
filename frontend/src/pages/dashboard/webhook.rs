//! One webhook subscription (admins): its status and why it was disabled, enabling and
//! pausing it, a new signing secret, a test ping, deleting it, and its delivery log.

use eil_shared::WebhookId;
use eil_shared::notice::{Notice, NoticeQuery, NoticeStatus};
use eil_shared::webhook::{Queued, UpdateWebhook, Webhook, WebhookStatus, WebhookWithSecret};
use leptos_router::hooks::{use_navigate, use_params_map};

use super::notices::{Follow, NoticeTable, RowAction, StaffOnly, confirm};
use super::webhooks::{SecretOnce, status_word};
use super::*;
use crate::api::LoadError;
use crate::i18n::{OutboxKey, date_time, outbox_translator};

#[component]
pub fn WebhookPage() -> impl IntoView {
    let to = outbox_translator();
    crate::components::page_title(move || to(OutboxKey::Subscription).to_string());
    view! {
        <h1>{move || to(OutboxKey::Subscription)}</h1>
        <StaffOnly admin=true><Subscription/></StaffOnly>
    }
}

#[component]
fn Subscription() -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    let auth = use_auth();
    let params = use_params_map();
    let pages = RwSignal::new(1);
    let data = LocalResource::new(move || {
        let (key, wanted) = (params.read().get("id").unwrap_or_default(), pages.get());
        let c = auth.client();
        async move {
            let id: WebhookId = key
                .parse()
                .map_err(|_| LoadError(format!("{key}: not a webhook id")))?;
            let w = c.get_webhook(id).await?;
            let deliveries = first_pages(wanted, |cursor| {
                let c = c.clone();
                async move {
                    let q = NoticeQuery {
                        limit: PAGE,
                        cursor,
                        ..Default::default()
                    };
                    c.list_webhook_deliveries(id, &q).await
                }
            })
            .await?;
            Ok((w, deliveries))
        }
    });
    let follow = Follow::new(data, |(_, deliveries)| deliveries);
    let queued = move |q: Queued| {
        follow.start(q.notice_id);
        data.refetch();
    };
    // Outside the loaded part, so that they stay while it reloads.
    let secret = RwSignal::new(None::<WebhookWithSecret>);
    let said = RwSignal::new(None::<OutboxKey>);
    let toggle = form(
        None,
        move |(id, status): (WebhookId, WebhookStatus)| {
            let c = auth.client();
            let body = UpdateWebhook {
                status: Some(status),
                ..Default::default()
            };
            async move { c.update_webhook(id, &body, None).await }
        },
        move |_: Webhook| data.refetch(),
    );
    let rotate = form(
        None,
        move |id: WebhookId| {
            let c = auth.client();
            async move { c.rotate_webhook_secret(id).await }
        },
        move |w: WebhookWithSecret| secret.set(Some(w)),
    );
    let ping = form(
        None,
        move |id: WebhookId| {
            let c = auth.client();
            async move { c.ping_webhook(id).await }
        },
        move |q: Queued| {
            said.set(Some(OutboxKey::PingQueued));
            queued(q);
        },
    );
    let navigate = use_navigate();
    let delete = form(
        None,
        move |id: WebhookId| {
            let c = auth.client();
            async move { c.delete_webhook(id).await }
        },
        move |()| navigate("/dashboard/webhooks", Default::default()),
    );
    let redeliver = form(
        None,
        move |(id, notice)| {
            let c = auth.client();
            async move { c.redeliver_webhook_delivery(id, notice).await }
        },
        move |q: Queued| {
            said.set(Some(OutboxKey::Queued));
            queued(q);
        },
    );
    let problem = move || {
        [
            toggle.errors,
            rotate.errors,
            ping.errors,
            delete.errors,
            redeliver.errors,
        ]
        .iter()
        .find_map(|e| e.with(|e| e.message.clone()))
    };
    view! {
        <p><a href="/dashboard/webhooks">{move || to(OutboxKey::BackToWebhooks)}</a></p>
        {crate::components::loaded_or_back(data, Some(("/dashboard", Key::Dashboard)), move |(w, deliveries)| {
            let more = deliveries.next_cursor.is_some();
            let id = w.id;
            let active = w.status == WebhookStatus::Active;
            // Redelivery is offered for every delivery that is not on its way already.
            let offered: fn(&Notice) -> bool = if active { |n| n.status != NoticeStatus::Pending } else { |_| false };
                        let action = RowAction {
                label: OutboxKey::Redeliver,
                offered,
                run: Callback::new(move |notice| redeliver.submit((id, notice))),
                pending: redeliver.pending(),
            };
            view! {
                <Details webhook=w/>
                <p class="actions">
                    <button type="button" disabled=move || toggle.pending().get()
                        on:click=move |_| toggle.submit((id, if active { WebhookStatus::Disabled } else { WebhookStatus::Active }))>
                        {move || to(if active { OutboxKey::Disable } else { OutboxKey::Enable })}
                    </button>
                    " " <button type="button" disabled=move || rotate.pending().get() on:click=move |_| rotate.submit(id)>{move || tr(Key::Rotate)}</button>
                    " " <button type="button" disabled=move || !active || ping.pending().get() on:click=move |_| ping.submit(id)>{move || to(OutboxKey::SendPing)}</button>
                    " " <button type="button" class="danger" disabled=move || delete.pending().get()
                        on:click=move |_| if confirm(to(OutboxKey::ConfirmDeleteWebhook)) { delete.submit(id) }>
                        {move || tr(Key::Delete)}
                    </button>
                </p>
                <h2>{move || to(OutboxKey::DeliveryLog)}</h2>
                <p><button type="button" class="small" on:click=move |_| data.refetch()>{move || to(OutboxKey::Refresh)}</button></p>
                <NoticeTable notices=deliveries.items action=action empty=OutboxKey::NoDeliveries/>
                <More more=more pages=pages/>
            }
        })}
        <p class="form-message" role="status">
            {move || problem().map(|m| view! { <span class="error">{m}</span> })}
            {move || problem().is_none().then(|| said.get()).flatten().map(|k| view! { <span class="ok">{move || to(k)}</span> })}
        </p>
        {move || secret.get().map(|m| view! { <SecretOnce made=m/> })}
    }
}

#[component]
fn Details(webhook: Webhook) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let to = outbox_translator();
    let w = webhook;
    let status = status_word(w.status);
    let owner = match w.client_id {
        None => view! { {move || to(OutboxKey::OwnerAdmin)} }.into_any(),
        Some(c) => view! { {move || to(OutboxKey::OwnerClient)} " " <code>{c.to_string()}</code> }
            .into_any(),
    };
    view! {
        <dl class="webhook">
            <dt>{move || to(OutboxKey::Url)}</dt><dd><code>{w.url.clone()}</code></dd>
            <dt>{move || tr(Key::Status)}</dt><dd><span class="badge">{move || status()}</span></dd>
            {w.disabled_reason.clone().map(|r| view! { <dt>{move || to(OutboxKey::DisabledReason)}</dt><dd>{r}</dd> })}
            {w.failing_since.map(|at| view! {
                <dt>{move || to(OutboxKey::FailingSince)}</dt><dd class="error">{move || date_time(lang.get(), at)}</dd>
            })}
            <dt>{move || to(OutboxKey::EventTypes)}</dt><dd>{w.event_types.iter().map(|t| view! { <code>{t.clone()}</code> " " }).collect_view()}</dd>
            {(!w.description.is_empty()).then(|| view! { <dt>{move || to(OutboxKey::Description)}</dt><dd>{w.description.clone()}</dd> })}
            <dt>{move || to(OutboxKey::Owner)}</dt><dd>{owner}</dd>
            <dt>{move || to(OutboxKey::Created)}</dt><dd>{move || date_time(lang.get(), w.created_at)}</dd>
        </dl>
    }
}
