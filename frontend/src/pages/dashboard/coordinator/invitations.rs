use eil_shared::invitation::CreateInvitation;

use super::*;

/// Invites a person; the one-time link is shown once, to hand over.
#[component]
pub fn InvitePerson(admin: bool) -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let (email, name) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let roles = RwSignal::new(vec![Role::Participant]);
    let link = RwSignal::new(None::<String>);
    // Coordinators give only these; the server refuses the others.
    let grantable: Vec<Role> = if admin {
        Role::ALL.to_vec()
    } else {
        vec![Role::Participant, Role::Mentor, Role::Funder]
    };
    let invite = form(
        None,
        move |req: CreateInvitation| {
            let c = auth.client();
            link.set(None);
            async move { c.create_invitation(&req).await }
        },
        move |made| link.set(Some(made.link)),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.submit(CreateInvitation {
            email: email.get_untracked(),
            full_name: name.get_untracked(),
            organisation_id: None,
            roles: roles.get_untracked(),
        });
    };
    let errors = invite.errors;
    view! {
        <section>
            <h2>{move || tr(Key::InvitePerson)}</h2>
            <form class="form" on:submit=submit>
                <label for="invite-email">{move || tr(Key::Email)}</label>
                <input id="invite-email" type="email" required aria-describedby="invite-email-error" prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev))/>
                <FieldError errors=errors name="email" id="invite-email-error"/>
                <label for="invite-name">{move || tr(Key::FullName)}</label>
                <input id="invite-name" type="text" required aria-describedby="invite-name-error" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <FieldError errors=errors name="full_name" id="invite-name-error"/>
                <fieldset>
                    <legend>{move || tr(Key::Roles)}</legend>
                    {grantable.into_iter().map(|r| {
                        let id = format!("invite-role-{}", r.as_str());
                        view! {
                            <label class="check" for=id.clone()>
                                <input id=id.clone() type="checkbox" prop:checked=move || roles.with(|v| v.contains(&r))
                                    on:change=move |_| roles.update(|v| if let Some(i) = v.iter().position(|x| *x == r) { v.remove(i); } else { v.push(r); })/>
                                {move || t(lang.get(), role_key(r))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <FieldError errors=errors name="roles" id="invite-roles-error"/>
                <SubmitButton pending=invite.pending() label=Key::Invite/>
                <FormMessage errors=errors done=invite.done/>
            </form>
            {move || link.get().map(|l| view! {
                <div class="secret" role="status">
                    <p><strong>{move || tr(Key::InvitationLinkOnce)}</strong></p>
                    <p><code class="invitation-link">{l}</code></p>
                </div>
            })}
        </section>
    }
}
