//! The admin's accounts: everyone who can sign in, and their roles.

use eil_shared::auth::{Account, AccountQuery};

use super::*;

#[component]
pub fn AccountsPanel() -> impl IntoView {
    let tr = translator();
    let auth = use_auth();
    let pages = RwSignal::new(1);
    let list = LocalResource::new(move || {
        let c = auth.client();
        first_pages(pages.get(), move |cursor| {
            let q = AccountQuery {
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            let c = c.clone();
            async move { c.list_accounts(&q).await }
        })
    });
    view! {
        <section>
            <h2>{move || tr(Key::Accounts)}</h2>
            {loaded(list, move |page| {
                let more = page.next_cursor.is_some();
                view! {
                    <table>
                        <thead><tr><th scope="col">{move || tr(Key::Name)}</th><th scope="col">{move || tr(Key::Email)}</th><th scope="col">{move || tr(Key::Roles)}</th></tr></thead>
                        <tbody><For each=move || page.items.clone() key=|a| a.person_id let:a>
                            <AccountRow account=a/>
                        </For></tbody>
                    </table>
                    <More more=more pages=pages/>
                }
            })}
        </section>
    }
}

#[component]
fn AccountRow(account: Account) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let roles = RwSignal::new(account.roles.clone());
    let person = account.person_id;
    let save = form(
        Some(Key::Saved),
        move |wanted: Vec<Role>| {
            let c = auth.client();
            async move { c.set_roles(person, &wanted).await }
        },
        // The server's answer is what was stored.
        move |a: Account| roles.set(a.roles),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(roles.get_untracked());
    };
    let toggle = move |r: Role| {
        roles.update(|v| match v.iter().position(|x| *x == r) {
            Some(i) => {
                v.remove(i);
            }
            None => v.push(r),
        })
    };
    view! {
        <tr>
            <td>{account.full_name.clone()}</td>
            <td>{account.email.clone()}</td>
            <td>
                <form class="roles" on:submit=submit aria-label=format!("{} {}", tr(Key::Roles), account.full_name)>
                    {Role::ALL.iter().map(|r| {
                        let r = *r;
                        let id = format!("role-{}-{}", person, r.as_str());
                        view! {
                            <label class="check-inline" for=id.clone()>
                                <input id=id.clone() type="checkbox" prop:checked=move || roles.with(|v| v.contains(&r)) on:change=move |_| toggle(r)/>
                                {move || t(lang.get(), role_key(r))}
                            </label>
                        }
                    }).collect_view()}
                    <SubmitButton pending=save.pending() label=Key::Save class="small"/>
                    <FormMessage errors=save.errors done=save.done/>
                </form>
            </td>
        </tr>
    }
}
