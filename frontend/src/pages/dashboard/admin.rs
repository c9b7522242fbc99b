//! The admin's part: accounts and roles, partner API clients.

use super::*;

#[component]
pub fn AccountsPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let list = LocalResource::new(move || {
        let c = session.client();
        async move {
            c.list_accounts(&AccountQuery {
                limit: Some(100),
                ..Default::default()
            })
            .await
            .map_err(|e| api::describe(&e))
        }
    });
    view! {
        <section>
            <h2>{move || tr(Key::Accounts)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok(p) => view! {
                            <table>
                                <thead><tr><th scope="col">{move || tr(Key::Name)}</th><th scope="col">{move || tr(Key::Email)}</th><th scope="col">{move || tr(Key::Roles)}</th></tr></thead>
                                <tbody>{p.items.into_iter().map(|a| {
                                    let roles = RwSignal::new(a.roles.clone());
                                    let errors = RwSignal::new(FormError::default());
                                    let done = RwSignal::new(None);
                                    let person = a.person_id;
                                    let save = move |ev: leptos::ev::SubmitEvent| {
                                        ev.prevent_default();
                                        let c = session.client();
                                        spawn_local(async move {
                                            match c.set_roles(person, &roles.get_untracked()).await {
                                                Ok(a) => {
                                                    errors.set(FormError::default());
                                                    roles.set(a.roles);
                                                    done.set(Some(tr(Key::Saved)));
                                                }
                                                Err(e) => {
                                                    done.set(None);
                                                    errors.set(FormError::from(&e));
                                                }
                                            }
                                        });
                                    };
                                    let name = a.full_name.clone();
                                    view! { <tr>
                                        <td>{a.full_name.clone()}</td>
                                        <td>{a.email.clone()}</td>
                                        <td>
                                            <form class="roles" on:submit=save aria-label=format!("{} {}", tr(Key::Roles), name)>
                                                {Role::ALL.iter().map(|r| {
                                                    let r = *r;
                                                    let id = format!("role-{}-{}", person, r.as_str());
                                                    view! {
                                                        <label class="check-inline" for=id.clone()>
                                                            <input id=id.clone() type="checkbox" prop:checked=move || roles.with(|v| v.contains(&r))
                                                                on:change=move |_| roles.update(|v| if let Some(i) = v.iter().position(|x| *x == r) { v.remove(i); } else { v.push(r); })/>
                                                            {move || t(lang.get(), role_key(r))}
                                                        </label>
                                                    }
                                                }).collect_view()}
                                                <button type="submit" class="small">{move || tr(Key::Save)}</button>
                                                <FormMessage errors=errors done=done/>
                                            </form>
                                        </td>
                                    </tr> }
                                }).collect_view()}</tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ClientsPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let session = use_session();
    let reload = RwSignal::new(0u32);
    let data = LocalResource::new(move || {
        reload.track();
        let c = session.client();
        async move {
            let clients = c
                .list_api_clients(&PageQuery {
                    limit: Some(100),
                    cursor: None,
                })
                .await
                .map_err(|e| api::describe(&e))?;
            let orgs = c
                .list_organisations(&OrganisationQuery {
                    limit: Some(100),
                    ..Default::default()
                })
                .await
                .map_err(|e| api::describe(&e))?;
            Ok::<_, String>((clients.items, orgs.items))
        }
    });
    let (org, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let scopes = RwSignal::new(vec![Scope::CatalogueRead]);
    let secret = RwSignal::new(None::<(String, String)>);
    let errors = RwSignal::new(FormError::default());
    let done = RwSignal::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(organisation_id) = org.get_untracked().parse() else {
            return;
        };
        let req = CreateApiClient {
            organisation_id,
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
        };
        let c = session.client();
        spawn_local(async move {
            match c.create_api_client(&req).await {
                Ok(made) => {
                    errors.set(FormError::default());
                    secret.set(Some((made.client.id.to_string(), made.client_secret)));
                    reload.update(|n| *n += 1);
                }
                Err(e) => errors.set(FormError::from(&e)),
            }
        });
    };
    view! {
        <section>
            <h2>{move || tr(Key::ApiClients)}</h2>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(e) => view! { <Failed message=e/> }.into_any(),
                        Ok((clients, orgs)) => {
                            let org_name = {
                                let orgs = orgs.clone();
                                move |id: eil_shared::OrganisationId| orgs.iter().find(|o| o.id == id).map(|o| o.name.get(lang.get_untracked()).to_string()).unwrap_or_default()
                            };
                            view! {
                                <ul class="list">{clients.into_iter().map(|c| view! {
                                    <li>
                                        <strong>{c.name.clone()}</strong> " · " {org_name(c.organisation_id)} " · " <code>{c.id.to_string()}</code> " · "
                                        {Scope::join(&c.scopes)}
                                        {match c.revoked_at {
                                            Some(_) => view! { " · " {move || tr(Key::Revoked)} }.into_any(),
                                            None => {
                                                let id = c.id;
                                                let rotate = move |_| {
                                                    let client = session.client();
                                                    spawn_local(async move {
                                                        match client.rotate_api_client_secret(id).await {
                                                            Ok(made) => secret.set(Some((made.client.id.to_string(), made.client_secret))),
                                                            Err(e) => errors.set(FormError::from(&e)),
                                                        }
                                                    });
                                                };
                                                let revoke = move |_| {
                                                    let sure = crate::components::confirm(lang.get_untracked(), Key::ConfirmRevoke);
                                                    if !sure {
                                                        return;
                                                    }
                                                    let client = session.client();
                                                    spawn_local(async move {
                                                        match client.revoke_api_client(id).await {
                                                            Ok(()) => reload.update(|n| *n += 1),
                                                            Err(e) => errors.set(FormError::from(&e)),
                                                        }
                                                    });
                                                };
                                                view! {
                                                    " " <button type="button" class="small" on:click=rotate>{move || tr(Key::Rotate)}</button>
                                                    " " <button type="button" class="danger" on:click=revoke>{move || tr(Key::Revoke)}</button>
                                                }.into_any()
                                            }
                                        }}
                                    </li>
                                }).collect_view()}</ul>
                                <h3>{move || tr(Key::NewClient)}</h3>
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
                                    <button type="submit">{move || tr(Key::Create)}</button>
                                    <FormMessage errors=errors done=done/>
                                </form>
                                {move || secret.get().map(|(id, s)| view! {
                                    <div class="secret" role="status">
                                        <p><strong>{move || tr(Key::SecretOnce)}</strong></p>
                                        <p>"client_id: " <code>{id}</code></p>
                                        <p>"client_secret: " <code>{s}</code></p>
                                    </div>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
