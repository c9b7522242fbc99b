//! The e-mails EIL Hub sends, in Latvian and English: each in the reader's language, with
//! times in the reader's time zone, as plain text plus a simple HTML alternative in which
//! every value is escaped.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use eil_shared::Lang;
use eil_shared::session::SessionMode;

use super::Email;

/// Where times are shown for people who have not chosen a zone: the Lab is in Riga.
pub const DEFAULT_ZONE: Tz = chrono_tz::Europe::Riga;

/// Whether `tz` names a zone of the IANA database this server carries.
pub fn is_known_zone(tz: &str) -> bool {
    tz.parse::<Tz>().is_ok()
}

/// A person's zone, or Riga when they have none (or one this server no longer knows).
pub fn zone(tz: Option<&str>) -> Tz {
    tz.and_then(|t| t.parse().ok()).unwrap_or(DEFAULT_ZONE)
}

/// Who reads an e-mail.
#[derive(Debug, Clone)]
pub struct Reader {
    pub email: String,
    pub name: String,
    pub lang: Lang,
    pub zone: Tz,
}

/// What happened to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChange {
    Booked,
    Changed,
    Cancelled,
}

impl SessionChange {
    fn kind(self) -> &'static str {
        match self {
            SessionChange::Booked => "email.session_booked",
            SessionChange::Changed => "email.session_changed",
            SessionChange::Cancelled => "email.session_cancelled",
        }
    }
}

/// A session as its e-mail tells it.
#[derive(Debug, Clone)]
pub struct SessionFacts {
    pub project: String,
    pub mentor: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub mode: SessionMode,
    pub location: Option<String>,
    pub agenda: Option<String>,
}

/// The invitation with its link.
pub fn invitation(to: &Reader, link: &str, expires_at: DateTime<Utc>) -> Email {
    let until = when(expires_at, to.zone);
    let (subject, lines) = match to.lang {
        Lang::Lv => (
            "Ielūgums uz EIL Hub".to_string(),
            vec![
                format!("Labdien, {}!", to.name),
                "Jūs esat ielūgts uz EIL Hub, RBS Izglītības inovāciju laboratorijas sistēmu."
                    .to_string(),
                "Atveriet šo saiti, lai izvēlētos paroli un pieslēgtos:".to_string(),
            ],
        ),
        Lang::En => (
            "Your invitation to EIL Hub".to_string(),
            vec![
                format!("Hello {},", to.name),
                "You are invited to EIL Hub, the system of the RBS Education Innovation Lab."
                    .to_string(),
                "Open this link to choose a password and sign in:".to_string(),
            ],
        ),
    };
    let after = match to.lang {
        Lang::Lv => format!("Saite darbojas vienu reizi, līdz {until}."),
        Lang::En => format!("The link works once, until {until}."),
    };
    compose(
        "email.invitation",
        to,
        subject,
        &lines,
        Some(link),
        &[after],
    )
}

/// The one-time link to choose a new password.
pub fn password_reset(to: &Reader, link: &str, expires_at: DateTime<Utc>) -> Email {
    let until = when(expires_at, to.zone);
    let (subject, lines, after) = match to.lang {
        Lang::Lv => (
            "EIL Hub paroles maiņa".to_string(),
            vec![
                format!("Labdien, {}!", to.name),
                "Kāds (cerams, jūs) lūdza mainīt jūsu EIL Hub paroli. Atveriet šo saiti, lai izvēlētos jaunu:"
                    .to_string(),
            ],
            vec![
                format!("Saite darbojas vienu reizi, līdz {until} (vienu stundu)."),
                "Ja to nelūdzāt jūs, šo vēstuli varat neņemt vērā: parole paliek tā pati."
                    .to_string(),
            ],
        ),
        Lang::En => (
            "Reset your EIL Hub password".to_string(),
            vec![
                format!("Hello {},", to.name),
                "Someone (we hope you) asked to reset your EIL Hub password. Open this link to choose a new one:"
                    .to_string(),
            ],
            vec![
                format!("The link works once, until {until} (one hour)."),
                "If you did not ask for this, ignore this e-mail: your password stays as it is."
                    .to_string(),
            ],
        ),
    };
    compose(
        "email.password_reset",
        to,
        subject,
        &lines,
        Some(link),
        &after,
    )
}

/// A session booked, changed or cancelled.
pub fn session(to: &Reader, change: SessionChange, s: &SessionFacts) -> Email {
    let time = span(s.starts_at, s.ends_at, to.zone);
    let lv = to.lang == Lang::Lv;
    let subject = match (change, lv) {
        (SessionChange::Booked, true) => format!("Mentoringa sesija pieteikta: {}", s.project),
        (SessionChange::Changed, true) => format!("Mentoringa sesija mainīta: {}", s.project),
        (SessionChange::Cancelled, true) => format!("Mentoringa sesija atcelta: {}", s.project),
        (SessionChange::Booked, false) => format!("Mentoring session booked: {}", s.project),
        (SessionChange::Changed, false) => format!("Mentoring session changed: {}", s.project),
        (SessionChange::Cancelled, false) => format!("Mentoring session cancelled: {}", s.project),
    };
    let opening = match (change, lv) {
        (SessionChange::Booked, true) => "Ir pieteikta mentoringa sesija.",
        (SessionChange::Changed, true) => "Mentoringa sesija ir mainīta; tagad tā ir šāda.",
        (SessionChange::Cancelled, true) => "Šī mentoringa sesija ir atcelta.",
        (SessionChange::Booked, false) => "A mentoring session has been booked.",
        (SessionChange::Changed, false) => "A mentoring session has changed; this is it now.",
        (SessionChange::Cancelled, false) => "This mentoring session has been cancelled.",
    };
    let place = match (s.mode, lv) {
        (SessionMode::Online, true) => "tiešsaistē".to_string(),
        (SessionMode::Online, false) => "online".to_string(),
        (SessionMode::InPerson, true) => "klātienē".to_string(),
        (SessionMode::InPerson, false) => "in person".to_string(),
    };
    let place = match s.location.as_deref().filter(|l| !l.trim().is_empty()) {
        Some(l) => format!("{place}, {l}"),
        None => place,
    };
    let labels = if lv {
        ["Projekts", "Mentors", "Laiks", "Kur"]
    } else {
        ["Project", "Mentor", "Time", "Where"]
    };
    let mut lines = vec![
        if lv {
            format!("Labdien, {}!", to.name)
        } else {
            format!("Hello {},", to.name)
        },
        opening.to_string(),
        format!("{}: {}", labels[0], s.project),
        format!("{}: {}", labels[1], s.mentor),
        format!("{}: {time}", labels[2]),
        format!("{}: {place}", labels[3]),
    ];
    if let Some(agenda) = s.agenda.as_deref().filter(|a| !a.trim().is_empty()) {
        lines.push(format!(
            "{}: {agenda}",
            if lv { "Darba kārtība" } else { "Agenda" }
        ));
    }
    let after = [if lv {
        "Savas sesijas redzat EIL Hub darba virsmā.".to_string()
    } else {
        "Your sessions are on your EIL Hub dashboard.".to_string()
    }];
    compose(change.kind(), to, subject, &lines, None, &after)
}

/// Greeting and paragraphs, the link on a line of its own, closing paragraphs, signature.
fn compose(
    kind: &str,
    to: &Reader,
    subject: String,
    before: &[String],
    link: Option<&str>,
    after: &[String],
) -> Email {
    let signature = match to.lang {
        Lang::Lv => "EIL Hub, RBS Izglītības inovāciju laboratorija",
        Lang::En => "EIL Hub, RBS Education Innovation Lab",
    };
    let mut text = String::new();
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n",
        to.lang.as_str(),
        esc(&subject)
    );
    for p in before {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    if let Some(link) = link {
        text.push_str(link);
        text.push_str("\n\n");
        html.push_str(&format!("<p><a href=\"{0}\">{0}</a></p>\n", esc(link)));
    }
    for p in after {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", esc(p)));
    }
    text.push_str("-- \n");
    text.push_str(signature);
    text.push('\n');
    html.push_str(&format!("<p>— {}</p>\n</body></html>\n", esc(signature)));
    Email {
        kind: kind.into(),
        to: to.email.clone(),
        subject,
        text,
        html,
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `2026-03-12 17:00 (Europe/Riga)`.
fn when(at: DateTime<Utc>, zone: Tz) -> String {
    format!(
        "{} ({})",
        at.with_timezone(&zone).format("%Y-%m-%d %H:%M"),
        zone.name()
    )
}

/// `2026-03-12 17:00–18:00 (Europe/Riga)`, with the end's date too when it is another day.
fn span(from: DateTime<Utc>, to: DateTime<Utc>, zone: Tz) -> String {
    let (a, b) = (from.with_timezone(&zone), to.with_timezone(&zone));
    let end = if a.date_naive() == b.date_naive() {
        b.format("%H:%M").to_string()
    } else {
        b.format("%Y-%m-%d %H:%M").to_string()
    };
    format!("{}–{end} ({})", a.format("%Y-%m-%d %H:%M"), zone.name())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(lang: Lang, zone: Tz) -> Reader {
        Reader {
            email: "a@example.lv".into(),
            name: "Anna <Bērziņa>".into(),
            lang,
            zone,
        }
    }

    fn facts() -> SessionFacts {
        SessionFacts {
            project: "Crisis & care".into(),
            mentor: "Hanna Adeyema".into(),
            starts_at: "2026-03-12T15:00:00Z".parse().expect("time"),
            ends_at: "2026-03-12T16:00:00Z".parse().expect("time"),
            mode: SessionMode::Online,
            location: None,
            agenda: Some("<script>x</script>".into()),
        }
    }

    #[test]
    fn session_times_are_in_the_readers_zone_and_language() {
        let lv = session(
            &reader(Lang::Lv, DEFAULT_ZONE),
            SessionChange::Booked,
            &facts(),
        );
        assert!(lv.subject.starts_with("Mentoringa sesija pieteikta"));
        assert!(
            lv.text.contains("2026-03-12 17:00–18:00 (Europe/Riga)"),
            "{}",
            lv.text
        );
        let ny = zone(Some("America/New_York"));
        let en = session(&reader(Lang::En, ny), SessionChange::Cancelled, &facts());
        assert!(en.subject.starts_with("Mentoring session cancelled"));
        assert!(
            en.text
                .contains("2026-03-12 11:00–12:00 (America/New_York)"),
            "{}",
            en.text
        );
    }

    #[test]
    fn every_value_is_escaped_in_the_html() {
        let e = session(
            &reader(Lang::En, DEFAULT_ZONE),
            SessionChange::Changed,
            &facts(),
        );
        assert!(!e.html.contains("<script>"));
        assert!(e.html.contains("&lt;script&gt;"));
        assert!(e.html.contains("Anna &lt;Bērziņa&gt;"));
        assert!(e.html.contains("Crisis &amp; care"));
        assert!(
            e.text.contains("Anna <Bērziņa>"),
            "plain text stays as written"
        );
    }

    #[test]
    fn unknown_zones_fall_back_to_riga() {
        assert_eq!(zone(Some("Mars/Olympus")), DEFAULT_ZONE);
        assert_eq!(zone(None), DEFAULT_ZONE);
        assert!(is_known_zone("America/New_York"));
        assert!(!is_known_zone("Mars/Olympus"));
    }
}
