//! Selects over loaded records that several dashboard forms share.

use super::*;
use crate::components::all_programmes;

/// The programmes, to choose one.
#[component]
pub fn ProgrammeSelect(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let programmes = LocalResource::new(|| async { all_programmes(&api::client()).await });
    loaded(programmes, move |items| {
        let options = items
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect();
        choose(id, value, options)
    })
}
