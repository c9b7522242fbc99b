//! Selects over loaded records that several dashboard forms share.

use eil_shared::programme::ProgrammeQuery;

use super::*;

/// The programmes, to choose one.
#[component]
pub fn ProgrammeSelect(id: &'static str, value: RwSignal<String>) -> impl IntoView {
    let programmes = LocalResource::new(|| {
        all_pages(|cursor| async move {
            let q = ProgrammeQuery {
                limit: PAGE,
                cursor,
                ..Default::default()
            };
            api::client().list_programmes(&q).await
        })
    });
    loaded(programmes, move |items| {
        let options = items
            .into_iter()
            .map(|p| (p.id.to_string(), p.name))
            .collect();
        choose(id, value, options)
    })
}
