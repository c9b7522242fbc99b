//! Who is signed in. ("Session" in this app means a mentoring session only.) The access
//! token lives in memory only; the refresh token is kept in
//! the browser's storage so that a reload keeps the sign-in, and is renewed before the
//! access token runs out.

use std::time::Duration;

use eil_shared::auth::{Me, TokenPair};
use eil_shared::client::Client;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

const REFRESH_KEY: &str = "eil-hub.refresh";

#[derive(Clone, Copy)]
pub struct Auth {
    pub token: RwSignal<Option<String>>,
    pub me: RwSignal<Option<Me>>,
    /// True until a stored sign-in has been tried.
    pub restoring: RwSignal<bool>,
}

impl Auth {
    /// The API client, signed in when someone is.
    pub fn client(&self) -> Client {
        let c = api::client();
        match self.token.get_untracked() {
            Some(t) => c.with_token(t),
            None => c,
        }
    }

    /// Keeps a new token pair and loads the person behind it.
    pub async fn start(&self, pair: TokenPair) -> Result<(), String> {
        store(Some(&pair.refresh_token));
        self.token.set(Some(pair.access_token));
        let me = self.client().me().await.map_err(|e| api::describe(&e))?;
        self.me.set(Some(me));
        Ok(())
    }

    pub fn sign_out(&self) {
        if let Some(refresh) = stored() {
            let c = api::client();
            spawn_local(async move {
                let _ = c.logout(&refresh).await;
            });
        }
        store(None);
        self.token.set(None);
        self.me.set(None);
    }
}

pub fn provide_auth() -> Auth {
    let s = Auth {
        token: RwSignal::new(None),
        me: RwSignal::new(None),
        restoring: RwSignal::new(true),
    };
    provide_context(s);
    spawn_local(async move {
        renew(s).await;
        s.restoring.set(false);
    });
    // Access tokens last 15 minutes: renew every 12.
    let _ = leptos::leptos_dom::helpers::set_interval_with_handle(
        move || {
            if s.token.get_untracked().is_some() {
                spawn_local(renew(s));
            }
        },
        Duration::from_secs(12 * 60),
    );
    s
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

async fn renew(s: Auth) {
    let Some(refresh) = stored() else { return };
    match api::client().refresh(&refresh).await {
        Ok(pair) => {
            if s.start(pair).await.is_err() {
                s.sign_out();
            }
        }
        Err(_) => {
            store(None);
            s.token.set(None);
            s.me.set(None);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn stored() -> Option<String> {
    storage().and_then(|s| s.get_item(REFRESH_KEY).ok().flatten())
}

fn store(token: Option<&str>) {
    if let Some(s) = storage() {
        let _ = match token {
            Some(t) => s.set_item(REFRESH_KEY, t),
            None => s.remove_item(REFRESH_KEY),
        };
    }
}
