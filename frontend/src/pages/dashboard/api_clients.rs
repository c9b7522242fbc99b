//! The admin's partner API clients: made, given a new secret, revoked. A secret is shown
//! once, when it is made.

use eil_shared::api_client::{ApiClient, ApiClientCredentials, CreateApiClient, Scope};
use eil_shared::organisation::Organisation;
use eil_shared::pagination::PageQuery;
use eil_shared::{ApiClientId, OrganisationId};

use super::*;
use crate::components::all_organisations;

#[component]
pub fn ClientsPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let data = LocalResource::new(move || {
        let (c, wanted) = (auth.client(), pages.get());
        async move {
            let clients = first_pages(wanted, |cursor| {
                let c = c.clone();
                async move {
                    c.list_api_clients(&PageQuery {
                        limit: PAGE,
                        cursor,
                    })
                    .await
                }
            })
            .await?;
            let orgs = all_organisations(&c).await?;
            Ok((clients, orgs))
        }
    });
    // Outside the list, so that it stays while the list reloads.
    let secret = RwSignal::new(None::<(String, String)>);
    let show_secret = move |made: ApiClientCredentials| {
        secret.set(Some((made.client.id.to_string(), made.client_secret)));
        data.refetch();
    };
    let create = form(
        None,
        move |req: CreateApiClient| {
            let c = auth.client();
            async move { c.create_api_client(&req).await }
        },
        show_secret,
    );
    let rotate = form(
        None,
        move |id: ApiClientId| {
            let c = auth.client();
            async move { c.rotate_api_client_secret(id).await }
        },
        show_secret,
    );
    let revoke = form(
        None,
        move |id: ApiClientId| {
            let c = auth.client();
            async move { c.revoke_api_client(id).await }
        },
        move |()| data.refetch(),
    );
    let row = move |orgs: Vec<Organisation>| {
        move |c: ApiClient| {
            let org = orgs
                .iter()
                .find(|o| o.id == c.organisation_id)
                .map(|o| o.name.clone());
            let id = c.id;
            let ask_revoke = move |_| {
                if crate::components::confirm(lang.get_untracked(), Key::ConfirmRevoke) {
                    revoke.submit(id);
                }
            };
            view! {
                <li>
                    <strong>{c.name.clone()}</strong> " · " {move || org.as_ref().map(|n| n.get(lang.get()).to_string())} " · " <code>{c.id.to_string()}</code> " · "
                    {Scope::join(&c.scopes)}
                    {match c.revoked_at {
                        Some(_) => view! { " · " {move || tr(Key::Revoked)} }.into_any(),
                        None => view! {
                            " " <button type="button" class="small" disabled=move || rotate.pending().get() on:click=move |_| rotate.submit(id)>{move || tr(Key::Rotate)}</button>
                            " " <button type="button" class="danger" disabled=move || revoke.pending().get() on:click=ask_revoke>{move || tr(Key::Revoke)}</button>
                        }.into_any(),
                    }}
                </li>
            }
        }
    };
    let problem = move || {
        [rotate.errors, revoke.errors]
            .iter()
            .find_map(|e| e.with(|e| e.message.clone()))
    };
    view! {
        <section>
            <h2>{move || tr(Key::ApiClients)}</h2>
            {loaded(data, move |(clients, orgs)| {
                let more = clients.next_cursor.is_some();
                view! {
                    <ul class="list"><For each=move || clients.items.clone() key=|c| (c.id, c.revoked_at.is_some()) children=row(orgs.clone())/></ul>
                    <p class="error" role="alert">{problem}</p>
                    <More more=more pages=pages/>
                    <h3>{move || tr(Key::NewClient)}</h3>
                    <NewClient create=create orgs=orgs/>
                }
            })}
            {move || secret.get().map(|(id, s)| view! {
                <div class="secret" role="status">
                    <p><strong>{move || tr(Key::SecretOnce)}</strong></p>
                    <p>"client_id: " <code>{id}</code></p>
                    <p>"client_secret: " <code>{s}</code></p>
                </div>
            })}
        </section>
    }
}

#[component]
fn NewClient(create: Form<CreateApiClient>, orgs: Vec<Organisation>) -> impl IntoView {
    let tr = translator();
    let (org, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let scopes = RwSignal::new(vec![Scope::CatalogueRead]);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = org.get_untracked().parse::<OrganisationId>() else {
            return;
        };
        create.submit(CreateApiClient {
            organisation_id,
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
        });
    };
    let errors = create.errors;
    view! {
        <form class="form" on:submit=submit>
            <label for="client-org">{move || tr(Key::Organisation)}</label>
            {choose("client-org", org, orgs.into_iter().map(|o| (o.id.to_string(), o.name)).collect())}
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
            <SubmitButton pending=create.pending() label=Key::Create/>
            <FormMessage errors=errors done=create.done/>
        </form>
    }
}
