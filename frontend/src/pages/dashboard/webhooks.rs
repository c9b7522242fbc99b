//! The admin's webhook subscriptions: the list and a new one. A subscription's signing
//! secret is shown once, when it is made (and when it is rotated, on its own page).

use eil_shared::pagination::PageQuery;
use eil_shared::webhook::{CreateWebhook, EVENT_TYPES, Webhook, WebhookStatus, WebhookWithSecret};

use super::notices::StaffOnly;
use super::*;
use crate::i18n::{OutboxKey, outbox_translator};

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let to = outbox_translator();
    crate::components::page_title(move || to(OutboxKey::Webhooks).to_string());
    view! {
        <h1>{move || to(OutboxKey::Webhooks)}</h1>
        <StaffOnly admin=true><Webhooks/></StaffOnly>
    }
}

#[component]
fn Webhooks() -> impl IntoView {
    let tr = translator();
    let to = outbox_translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let c = auth.client();
        first_pages(pages.get(), move |cursor| {
            let q = PageQuery {
                limit: PAGE,
                cursor,
            };
            let c = c.clone();
            async move { c.list_webhooks(&q).await }
        })
    });
    // Outside the list, so that it stays while the list reloads.
    let made = RwSignal::new(None::<WebhookWithSecret>);
    let create = form(
        None,
        move |req: CreateWebhook| {
            let c = auth.client();
            async move { c.create_webhook(&req).await }
        },
        move |w: WebhookWithSecret| {
            made.set(Some(w));
            list.refetch();
        },
    );
    view! {
        <p><a href="/dashboard">{move || to(OutboxKey::BackToDashboard)}</a></p>
        <p class="muted">{move || to(OutboxKey::WebhooksIntro)}</p>
        {loaded(list, move |page| {
            if page.items.is_empty() {
                return view! { <p class="empty">{move || to(OutboxKey::NoWebhooks)}</p> }.into_any();
            }
            let more = page.next_cursor.is_some();
            view! {
                <ul class="list webhooks">
                    <For each=move || page.items.clone() key=|w| (w.id, w.version) let:w>
                        <WebhookItem webhook=w/>
                    </For>
                </ul>
                <More more=more pages=pages/>
            }.into_any()
        })}
        {move || made.get().map(|m| view! { <SecretOnce made=m/> })}
        <h2>{move || to(OutboxKey::NewWebhook)}</h2>
        <NewWebhook create=create/>
        <p class="muted"><a href="/docs/" rel="external">{move || tr(Key::ApiDocs)}</a></p>
    }
}

#[component]
fn WebhookItem(webhook: Webhook) -> impl IntoView {
    let to = outbox_translator();
    let w = webhook;
    let status = status_word(w.status);
    view! {
        <li>
            <a href=format!("/dashboard/webhooks/{}", w.id)><code>{w.url.clone()}</code></a>
            " · " <span class="badge">{move || status()}</span>
            " · " {w.event_types.join(", ")}
            {(!w.description.is_empty()).then(|| view! { " · " {w.description.clone()} })}
            {w.failing_since.is_some().then(|| view! { " · " <span class="error">{move || to(OutboxKey::FailingSince)}</span> })}
        </li>
    }
}

/// The words for a subscription's status.
pub fn status_word(s: WebhookStatus) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let tr = translator();
    let to = outbox_translator();
    move || match s {
        WebhookStatus::Active => tr(Key::ActiveStatus),
        WebhookStatus::Disabled => to(OutboxKey::Disabled),
    }
}

/// A signing secret just made: shown this once, with the subscription it signs for.
#[component]
pub fn SecretOnce(made: WebhookWithSecret) -> impl IntoView {
    let to = outbox_translator();
    view! {
        <div class="secret" role="status">
            <p><strong>{move || to(OutboxKey::SigningSecret)} ": " {move || to(OutboxKey::SecretNotShownAgain)}</strong></p>
            <p><code>{made.secret}</code></p>
            <p><a href=format!("/dashboard/webhooks/{}", made.webhook.id)><code>{made.webhook.url}</code></a></p>
        </div>
    }
}

/// The event types by resource (`project`: `project.created`, ...), in the documented order.
fn groups() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
    for t in EVENT_TYPES {
        let resource = t.split_once('.').map_or(*t, |(r, _)| r);
        match out.last_mut() {
            Some((r, types)) if *r == resource => types.push(t),
            _ => out.push((resource, vec![t])),
        }
    }
    out
}

#[component]
fn NewWebhook(create: Form<CreateWebhook>) -> impl IntoView {
    let to = outbox_translator();
    let (url, description) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let types = RwSignal::new(Vec::<String>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.submit(CreateWebhook {
            url: url.get_untracked().trim().to_string(),
            event_types: types.get_untracked(),
            description: description.get_untracked(),
        });
    };
    let errors = create.errors;
    let check = move |value: String, words: Box<dyn Fn() -> String + Send + Sync>| {
        let id = format!("type-{}", value.replace(['.', '*'], "-"));
        let v = value.clone();
        view! {
            <label class="check-inline" for=id.clone()>
                <input id=id.clone() type="checkbox" prop:checked=move || types.with(|t| t.contains(&v))
                    on:change=move |_| types.update(|t| match t.iter().position(|x| *x == value) {
                        Some(i) => { t.remove(i); }
                        None => t.push(value.clone()),
                    })/>
                {words}
            </label>
        }
    };
    view! {
        <form class="form" on:submit=submit>
            <label for="webhook-url">{move || to(OutboxKey::Url)}</label>
            <input id="webhook-url" type="url" required placeholder="https://" aria-describedby="webhook-url-error"
                prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
            <FieldError errors=errors name="url" id="webhook-url-error"/>
            <fieldset aria-describedby="webhook-types-error">
                <legend>{move || to(OutboxKey::EventTypes)}</legend>
                {groups().into_iter().map(|(resource, list)| view! {
                    <fieldset>
                        <legend><code>{resource}</code></legend>
                        {check(format!("{resource}.*"), Box::new(move || format!("{} ({resource}.*)", to(OutboxKey::AllOfResource))))}
                        {list.into_iter().map(|t| check(t.to_string(), Box::new(move || t.to_string()))).collect_view()}
                    </fieldset>
                }).collect_view()}
            </fieldset>
            <FieldError errors=errors name="event_types" id="webhook-types-error"/>
            <label for="webhook-description">{move || to(OutboxKey::Description)}</label>
            <input id="webhook-description" type="text" aria-describedby="webhook-description-error"
                prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))/>
            <FieldError errors=errors name="description" id="webhook-description-error"/>
            <SubmitButton pending=create.pending() label=Key::Create/>
            <FormMessage errors=errors done=create.done/>
        </form>
    }
}
