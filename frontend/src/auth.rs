//! Who is signed in. ("Session" in this app means a mentoring session only.) The token pair
//! is kept in the browser's storage, shared by the tabs of the site: a reload keeps the
//! sign-in, one tab renews the pair for all (the others take it from storage), and signing
//! out in one tab signs out all. (The refresh token, the stronger of the two, was there
//! already; keeping the access token beside it exposes nothing more.)

use std::time::Duration;

use eil_shared::auth::{Me, TokenPair};
use eil_shared::client::Client;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::api;

/// The stored pair, in one entry: `<refresh token> <when renewed, ms since 1970> <access
/// token>`. One entry, because tabs see each other's writes with a delay, entry by entry: a
/// tab must never see half of another's renewal. (Earlier versions kept only the refresh
/// token here, which reads as an old pair.)
const PAIR_KEY: &str = "eil-hub.refresh";
/// A stored pair younger than this is used as it is. Access tokens last 15 minutes and
/// every tab looks each minute, so one is renewed at about 10 minutes of age.
const RENEW_AFTER_MS: u64 = 10 * 60_000;

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks.request` (Web Locks): runs `callback` when no other tab of the site
    /// holds the lock `name`, and holds it until the promise `callback` returns settles.
    /// Throws where the API is missing (pages served over plain HTTP from another host).
    #[wasm_bindgen(catch, js_namespace = ["navigator", "locks"], js_name = request)]
    fn lock_request(name: &str, callback: &js_sys::Function) -> Result<js_sys::Promise, JsValue>;
}

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
        keep(Some(&pair));
        self.adopt(pair.access_token).await
    }

    /// Uses `access_token` and loads the person behind it.
    async fn adopt(&self, access_token: String) -> Result<(), String> {
        self.token.set(Some(access_token));
        let me = self.client().me().await.map_err(|e| api::describe(&e))?;
        self.me.set(Some(me));
        Ok(())
    }

    pub fn sign_out(&self) {
        if let Some((refresh, _, _)) = stored() {
            let c = api::client();
            spawn_local(async move {
                let _ = c.logout(&refresh).await;
            });
        }
        keep(None);
        self.forget();
    }

    fn forget(&self) {
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
    let _ = leptos::leptos_dom::helpers::set_interval_with_handle(
        move || {
            if s.token.get_untracked().is_some() {
                spawn_local(renew(s));
            }
        },
        Duration::from_secs(60),
    );
    // Another tab renewed, signed in or signed out.
    let _ = window_event_listener_untyped("storage", move |_| {
        let access = stored().and_then(|(_, _, access)| access);
        if access != s.token.get_untracked() {
            match access {
                Some(t) => spawn_local(async move {
                    let _ = s.adopt(t).await;
                }),
                None => s.forget(),
            }
        }
    });
    s
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

async fn renew(s: Auth) {
    let access = current_access().await;
    if access == s.token.get_untracked() {
        return;
    }
    match access {
        Some(t) => {
            if s.adopt(t).await.is_err() {
                s.sign_out();
            }
        }
        None => s.forget(),
    }
}

/// The access token of the stored pair, renewed first if it is old; one tab at a time, so
/// that the tabs renew once, not each on its own (the server tolerates parallel renewals
/// within a few seconds, which covers browsers without Web Locks).
async fn current_access() -> Option<String> {
    let locked = Closure::once_into_js(|_lock: JsValue| {
        future_to_promise(async { Ok(renew_if_old().await.map_or(JsValue::NULL, JsValue::from)) })
    });
    match lock_request(PAIR_KEY, locked.unchecked_ref()) {
        Ok(done) => JsFuture::from(done).await.ok().and_then(|v| v.as_string()),
        Err(_) => renew_if_old().await,
    }
}

async fn renew_if_old() -> Option<String> {
    let (refresh, renewed, access) = stored()?;
    if let Some(access) = access
        && now_ms().saturating_sub(renewed) < RENEW_AFTER_MS
    {
        return Some(access);
    }
    let pair = api::client().refresh(&refresh).await;
    keep(pair.as_ref().ok());
    pair.ok().map(|p| p.access_token)
}

/// Whole milliseconds: integers, since float parsing would add kilobytes to the download.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The stored refresh token, when it was renewed (0: unknown) and the access token.
fn stored() -> Option<(String, u64, Option<String>)> {
    let entry = storage()?.get_item(PAIR_KEY).ok().flatten()?;
    let mut parts = entry.split(' ');
    let refresh = parts.next().filter(|r| !r.is_empty())?.to_string();
    let renewed = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    Some((refresh, renewed, parts.next().map(str::to_string)))
}

/// Stores the pair for every tab, or removes it.
fn keep(pair: Option<&TokenPair>) {
    let Some(s) = storage() else { return };
    let _ = match pair {
        Some(p) => s.set_item(
            PAIR_KEY,
            &format!("{} {} {}", p.refresh_token, now_ms(), p.access_token),
        ),
        None => s.remove_item(PAIR_KEY),
    };
}
