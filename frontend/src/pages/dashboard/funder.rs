//! Key figures for the funder (and staff): counts, charts, a CSV download.

use eil_shared::kpi::{Count, Kpis};

use super::*;

/// A horizontal bar chart drawn as SVG, with the numbers also written out.
pub fn bars(
    lang: eil_shared::Lang,
    label: &'static str,
    rows: &[Count],
    name: impl Fn(&str) -> String,
) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(lang, Key::NoFiguresYet)}</p> }.into_any();
    }
    let max = rows.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    let height = rows.len() * 28 + 4;
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 400 {height}") width="100%" role="img" aria-label=label>
                {rows.iter().enumerate().map(|(i, r)| {
                    let y = i * 28 + 2;
                    let w = 10 + (r.count * 220 / max);
                    view! {
                        <text x="0" y=y + 17 font-size="13" fill="#1b1f24">{name(&r.key)}</text>
                        <rect x="150" y=y width=w height="20" fill="#0b5cad"></rect>
                        <text x=150 + w + 6 y=y + 15 font-size="13" fill="#1b1f24">{number(lang, r.count)}</text>
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
    .into_any()
}

pub fn csv(k: &Kpis) -> String {
    let mut out = String::from("figure,category,count\n");
    for r in &k.participants_by_sector {
        out.push_str(&format!("participants_by_sector,{},{}\n", r.key, r.count));
    }
    for r in &k.projects_by_status {
        out.push_str(&format!("projects_by_status,{},{}\n", r.key, r.count));
    }
    for (name, n) in [
        ("sessions_held", k.sessions_held),
        ("sessions_scheduled", k.sessions_scheduled),
        ("events_held", k.events_held),
        ("events_upcoming", k.events_upcoming),
        ("cohort_places", k.cohort_places),
        ("active_enrolments", k.active_enrolments),
        ("mentors", k.mentors),
        ("mentors_assigned", k.mentors_assigned),
    ] {
        out.push_str(&format!("{name},,{n}\n"));
    }
    out
}

#[component]
pub fn KpiPanel() -> impl IntoView {
    let lang = use_language().0;
    let tr = translator();
    let auth = use_auth();
    let figures = LocalResource::new(move || {
        let c = auth.client();
        async move { Ok(c.kpis().await?) }
    });
    view! {
        <section>
            <h2>{move || tr(Key::Kpis)}</h2>
            {loaded(figures, move |k| {
                let href = format!("data:text/csv;charset=utf-8,{}", js_sys::encode_uri_component(&csv(&k)));
                let l = lang.get();
                let status_name = move |s: &str| s.parse().map(|s| status_label(l, s).to_string()).unwrap_or_else(|_| s.to_string());
                let sector_name = move |s: &str| crate::components::label(l, s);
                view! {
                    <dl class="figures">
                        <div><dt>{tr(Key::ActiveEnrolments)}</dt><dd>{number(l, k.active_enrolments)}</dd></div>
                        <div><dt>{tr(Key::SessionsHeld)}</dt><dd>{number(l, k.sessions_held)}</dd></div>
                        <div><dt>{tr(Key::SessionsScheduled)}</dt><dd>{number(l, k.sessions_scheduled)}</dd></div>
                        <div><dt>{tr(Key::EventsHeld)}</dt><dd>{number(l, k.events_held)}</dd></div>
                        <div><dt>{tr(Key::EventsUpcoming)}</dt><dd>{number(l, k.events_upcoming)}</dd></div>
                    </dl>
                    <h3>{tr(Key::ParticipantsBySector)}</h3>
                    {bars(l, t(l, Key::ParticipantsBySector), &k.participants_by_sector, sector_name)}
                    <h3>{tr(Key::ProjectsByStatus)}</h3>
                    {bars(l, t(l, Key::ProjectsByStatus), &k.projects_by_status, status_name)}
                    <p><a href=href download="eil-hub-kpis.csv">{tr(Key::DownloadCsv)}</a></p>
                }
            })}
        </section>
    }
}
