//! EIL Hub web app: a Leptos single-page app, rendered in the browser.

mod api;
mod app;
mod auth;
mod components;
mod i18n;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
