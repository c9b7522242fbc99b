//! Interface strings in Latvian (the default) and English; the choice is remembered.

use eil_shared::Lang;
use leptos::prelude::*;

const STORAGE_KEY: &str = "eil-hub.lang";

/// The chosen language, shared through context.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn provide_language() -> Language {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = match stored.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Lv,
    };
    let language = Language(RwSignal::new(lang));
    provide_context(language);
    Effect::new(move |_| {
        let lang = language.0.get();
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, lang.as_str());
        }
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", lang.as_str());
        }
    });
    language
}

pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or_else(|| Language(RwSignal::new(Lang::Lv)))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Every interface string, in both languages.
#[derive(Clone, Copy)]
pub enum Key {
    AppName,
    Tagline,
    Programmes,
    Loading,
    NoProgrammes,
    LoadFailed,
    Tracks,
    Cohorts,
    NoTracks,
    NoCohorts,
    Places,
    StartsOn,
    NotFound,
    BackToCatalogue,
    SwitchLanguage,
    SkipToContent,
    ApiDocs,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (lang, key) {
        (Lang::Lv, AppName) => "EIL Hub",
        (Lang::En, AppName) => "EIL Hub",
        (Lang::Lv, Tagline) => "Izglītības inovāciju laboratorijas programmas, projekti un mentori",
        (Lang::En, Tagline) => "Programmes, projects and mentors of the Education Innovation Lab",
        (Lang::Lv, Programmes) => "Programmas",
        (Lang::En, Programmes) => "Programmes",
        (Lang::Lv, Loading) => "Ielādē…",
        (Lang::En, Loading) => "Loading…",
        (Lang::Lv, NoProgrammes) => "Vēl nav nevienas programmas.",
        (Lang::En, NoProgrammes) => "There are no programmes yet.",
        (Lang::Lv, LoadFailed) => "Neizdevās ielādēt",
        (Lang::En, LoadFailed) => "Could not load",
        (Lang::Lv, Tracks) => "Apakšprogrammas",
        (Lang::En, Tracks) => "Tracks",
        (Lang::Lv, Cohorts) => "Uzņemšanas",
        (Lang::En, Cohorts) => "Cohorts",
        (Lang::Lv, NoTracks) => "Šai programmai nav apakšprogrammu.",
        (Lang::En, NoTracks) => "This programme has no tracks.",
        (Lang::Lv, NoCohorts) => "Šai programmai vēl nav uzņemšanu.",
        (Lang::En, NoCohorts) => "This programme has no cohorts yet.",
        (Lang::Lv, Places) => "vietas",
        (Lang::En, Places) => "places",
        (Lang::Lv, StartsOn) => "sākums",
        (Lang::En, StartsOn) => "starts",
        (Lang::Lv, NotFound) => "Šī lapa nav atrodama.",
        (Lang::En, NotFound) => "This page does not exist.",
        (Lang::Lv, BackToCatalogue) => "Uz programmu sarakstu",
        (Lang::En, BackToCatalogue) => "Back to the programmes",
        (Lang::Lv, SwitchLanguage) => "English",
        (Lang::En, SwitchLanguage) => "Latviski",
        (Lang::Lv, SkipToContent) => "Pāriet uz saturu",
        (Lang::En, SkipToContent) => "Skip to content",
        (Lang::Lv, ApiDocs) => "API dokumentācija",
        (Lang::En, ApiDocs) => "API documentation",
    }
}

/// A date as the language writes it: `19.05.2023.` or `19 May 2023`.
pub fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Lv => d.format("%d.%m.%Y.").to_string(),
        Lang::En => d.format("%-d %B %Y").to_string(),
    }
}
